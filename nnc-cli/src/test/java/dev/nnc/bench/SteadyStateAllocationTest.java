package dev.nnc.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.nnc.api.CompileOptions;
import dev.nnc.api.CompileResult;
import dev.nnc.api.Nnc;
import dev.nnc.graph.LayerGraph;
import dev.nnc.tensor.Precision;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import dev.nnc.tensor.gemm.Gemm;
import dev.nnc.tensor.gemm.GemmKernel;
import dev.nnc.tensor.gemm.GemmKernels;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The interpreter promises that a training step allocates nothing once every buffer exists: over
 * {@value #STEPS} steps after a warm-up, all Java threads together (the caller and the GEMM workers) allocate at
 * most {@value #BOUND_BYTES} bytes: less than one small object per step. The bound leaves room for the JVM's
 * own rare allocations (a late JIT recompilation); one boxed value per step would already exceed it. When it
 * fails, the message says which operator allocated, in which phase.
 */
class SteadyStateAllocationTest {

    private static final int STEPS = 50;
    private static final long BOUND_BYTES = 1024;
    private static final int MEASURED_WINDOWS = 3;

    static final String MLP = """
            model Mlp {
                input(1, 28, 28)
                <affine(100) - batchnorm - relu - dropout(0.1)> x 3 - affine(10) - softmax
                train {
                    optimizer = adam(lr = 1e-3)
                    batchSize = 100
                    l2 = 1e-4
                    seed = 1
                }
            }
            """;

    /** SimpleConvNet with a smaller batch: allocation does not depend on it, and the test stays quick. */
    static final String CNN = """
            model SimpleConvNet {
                input(1, 28, 28)
                conv(30, 5) - relu - maxpool(2) - affine(100) - relu - affine(10) - softmax
                train {
                    optimizer = adam(lr = 1e-3)
                    batchSize = 20
                    l2 = 1e-4
                    seed = 1
                }
            }
            """;

    /**
     * FashionCnn's layers, narrower and on a smaller batch: padded 3x3 convs (on the im2col path) and
     * batchnorm over channels, the first large enough for its channels to be split over the threads.
     */
    static final String FASHION_CNN = """
            model SmallFashionCnn {
                input(1, 28, 28)
                conv(4, 3, pad = 1) - batchnorm - relu - maxpool(2)
                conv(8, 3, pad = 1) - batchnorm - relu - maxpool(2)
                affine(32) - relu - dropout(0.3) - affine(10) - softmax
                train {
                    optimizer = adam(lr = 1e-3)
                    batchSize = 24
                    l2 = 1e-4
                    seed = 1
                }
            }
            """;

    /**
     * Every fast kernel this JVM has: the Vector-API kernel (at the width this JVM's flags allow; the build
     * runs this class under each width) and OpenBLAS where it loads. {@code nnc.test.kernels} (a
     * comma-separated list of name prefixes) narrows it, as the per-width executions do.
     */
    static Stream<GemmKernel> kernels() {
        List<GemmKernel> ks = new ArrayList<>();
        GemmKernels.vector().ifPresent(ks::add);
        GemmKernels.openBlas().ifPresent(ks::add);
        if (ks.isEmpty()) {
            ks.add(GemmKernels.best());
        }
        String only = System.getProperty("nnc.test.kernels", "");
        return ks.stream().filter(k -> only.isBlank()
                || Arrays.stream(only.split(",")).anyMatch(p -> k.name().startsWith(p.trim())));
    }

    @ParameterizedTest
    @MethodSource("kernels")
    void anMlpTrainingStepAllocatesNothingInTheSteadyState(GemmKernel kernel) {
        assertSteadyStateAllocationFree(MLP, 400, kernel);
    }

    @ParameterizedTest
    @MethodSource("kernels")
    void aSimpleConvNetTrainingStepAllocatesNothingInTheSteadyState(GemmKernel kernel) {
        assertSteadyStateAllocationFree(CNN, 150, kernel);
    }

    @ParameterizedTest
    @MethodSource("kernels")
    void aFashionCnnTrainingStepAllocatesNothingInTheSteadyState(GemmKernel kernel) {
        assertSteadyStateAllocationFree(FASHION_CNN, 150, kernel);
    }

    /** Extra warm-up rounds of {@code STEPS} allowed while the JIT settles. */
    private static final int MAX_EXTRA_WARMUP_ROUNDS = 10;

    private static void assertSteadyStateAllocationFree(String source, int warmupSteps, GemmKernel kernel) {
        assumeTrue(MemoryProbe.allocationCounted(), "this JVM does not count allocated bytes per thread");
        LayerGraph graph = compile(source);
        AllocationByOperator byOp = new AllocationByOperator();
        Gemm gemm = Gemm.create(kernel, Gemm.defaultThreads());
        SyntheticStep step = new SyntheticStep(graph, Precision.FLOAT32, graph.train().batchSize(), 7, byOp, gemm);
        double first = step.train();
        for (int i = 1; i < warmupSteps; i++) {
            step.train();
        }
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        // The JIT may still be compiling: Vector-API code that runs before C2 has compiled it allocates its
        // vectors. Warm up further, a round of STEPS at a time, until a round on this thread is clean (at
        // most MAX_EXTRA_WARMUP_ROUNDS); an allocation per step never gets clean and fails below.
        for (int round = 0; round < MAX_EXTRA_WARMUP_ROUNDS; round++) {
            long before = threads.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < STEPS; i++) {
                step.train();
            }
            if (threads.getCurrentThreadAllocatedBytes() - before <= BOUND_BYTES) {
                break;
            }
        }
        // A steady-state allocation shows in every window; a one-off (a class initialised late, the JIT
        // replacing a method mid-window) in one. So a window over the bound is measured again, up to
        // MEASURED_WINDOWS times, and only an allocation in every one of them fails.
        Map<String, Long> byThread = new LinkedHashMap<>();
        long allocated = Long.MAX_VALUE;
        for (int window = 0; window < MEASURED_WINDOWS && allocated > BOUND_BYTES; window++) {
            long[] workers = gemmWorkers(threads);
            long[] workersBefore = threads.getThreadAllocatedBytes(workers);
            long selfBefore = threads.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < STEPS; i++) {
                step.train();
            }
            long self = threads.getCurrentThreadAllocatedBytes() - selfBefore; // read first: the next line allocates
            long[] workersAfter = threads.getThreadAllocatedBytes(workers);
            byThread.clear();
            byThread.put(Thread.currentThread().getName(), self);
            for (int i = 0; i < workers.length; i++) {
                byThread.put("nnc-gemm#" + workers[i], workersAfter[i] - workersBefore[i]);
            }
            allocated = byThread.values().stream().mapToLong(Long::longValue).sum();
        }
        if (allocated > BOUND_BYTES) { // say where: the same steps again, counted per operator
            byOp.startCounting();
            for (int i = 0; i < STEPS; i++) {
                step.train();
            }
        }
        gemm.close();
        long measured = allocated;
        assertTrue(measured <= BOUND_BYTES, () -> kernel.name() + ": " + measured + " bytes allocated over " + STEPS
                + " steps (in each of " + MEASURED_WINDOWS + " windows; the last one's) by thread " + byThread + "; by operator (calling thread) " + byOp.report());
        assertTrue(step.lastLoss() < first, "the steps trained: loss " + first + " -> " + step.lastLoss());
    }

    /** The GEMM pool's worker threads, which run parts of every large product of a step. */
    private static long[] gemmWorkers(com.sun.management.ThreadMXBean threads) {
        return Arrays.stream(threads.getThreadInfo(threads.getAllThreadIds()))
                .filter(info -> info != null && info.getThreadName().startsWith("nnc-gemm-"))
                .mapToLong(ThreadInfo::getThreadId).toArray();
    }

    private static LayerGraph compile(String source) {
        CompileResult r = Nnc.compileString("bench.nn", source, CompileOptions.defaults());
        assertEquals("", r.render());
        return r.model().orElseThrow().graph();
    }

}
