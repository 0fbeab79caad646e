package dev.nnc.bench;

import dev.nnc.tensor.gemm.AllocationGuard;
import dev.nnc.tensor.gemm.Gemm;
import dev.nnc.tensor.simd.Simd;
import dev.nnc.graph.LayerGraph;
import dev.nnc.tensor.Precision;
import dev.nnc.ops.OperatorRegistry;
import dev.nnc.semantic.CompiledModel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

/**
 * Measures one compiled model in the steady state. With a budget of S seconds: warm up (JIT) on training
 * steps for 0.2·S and on inference for 0.1·S, then time training steps for 0.5·S and inference for 0.2·S,
 * each split into {@code windows} windows of whole steps; a window's rate is its examples over its wall time
 * and the median window is reported, so a burst of load from other processes moves one window, not the
 * figure. Allocation is counted over the timed training windows.
 */
public final class ModelBenchmark {

    /** Guarded steps after the warm-up at most, before the bench measures whatever kernel it has. */
    private static final int MAX_GUARDED_STEPS = 100;

    private final BenchSettings settings;
    private final Consumer<String> notes;

    public ModelBenchmark(BenchSettings settings) {
        this(settings, note -> { });
    }

    /** Tells {@code notes} when the allocation guard replaced a kernel (see {@link AllocationGuard}). */
    public ModelBenchmark(BenchSettings settings, Consumer<String> notes) {
        this(settings, notes, false);
    }

    /** With {@code profile}, also times every operator over the timed training steps ({@link #lastProfile}). */
    public ModelBenchmark(BenchSettings settings, Consumer<String> notes, boolean profile) {
        this.settings = settings;
        this.notes = notes;
        this.profile = profile;
    }

    private final boolean profile;
    private String lastProfile = "";

    /** The per-operator breakdown of the last {@link #run} (empty unless profiling, or it could not train). */
    public String lastProfile() {
        return lastProfile;
    }

    public BenchResult run(CompiledModel model, String file) {
        LayerGraph graph = model.graph();
        Precision precision = settings.precision().orElse(graph.train().precision());
        int batch = settings.batch().orElse(graph.train().batchSize());
        MemoryProbe.resetPeaks();
        Gemm gemm = Gemm.withThreads(settings.threads());
        OperatorProfile ops = profile ? new OperatorProfile() : null;
        SyntheticStep step = new SyntheticStep(graph, precision, batch, settings.seed(),
                ops != null ? ops.factory() : OperatorRegistry::create, gemm);
        lastProfile = "";
        double s = settings.seconds();
        double warm = s * BenchSettings.WARMUP_SHARE;
        double timedTrain = s * BenchSettings.TRAIN_SHARE;
        double timedInfer = s - warm - timedTrain;

        double[] trainRates = new double[0];
        long trainSteps = 0;
        double allocPerStep = Double.NaN;
        if (step.canTrain()) {
            repeat(step::train, warm * 2 / 3, batch);
            guard(gemm, step);
            repeat(step::infer, warm / 3, batch);
            long before = MemoryProbe.allocatedBytes();
            trainRates = new double[settings.windows()];
            if (ops != null) {
                ops.start();
            }
            long trainStart = System.nanoTime();
            for (int w = 0; w < trainRates.length; w++) {
                Window win = repeat(step::train, timedTrain / trainRates.length, batch);
                trainRates[w] = win.examplesPerSecond();
                trainSteps += win.steps();
            }
            long trainNanos = System.nanoTime() - trainStart;
            long after = MemoryProbe.allocatedBytes();
            if (ops != null) {
                ops.stop();
                lastProfile = OperatorProfile.render(graph.model() + " (" + gemm.kernel().name() + ", "
                        + gemm.threads() + " thread" + (gemm.threads() == 1 ? "" : "s") + ", batch " + batch + ")",
                        ops.rows(trainSteps), trainNanos / 1e6 / trainSteps);
            }
            if (before >= 0 && after >= 0) {
                allocPerStep = Math.max(0, after - before) / (double) trainSteps;
            }
        } else {
            repeat(step::infer, warm, batch);
            timedInfer += timedTrain;
        }
        double[] inferRates = new double[settings.windows()];
        for (int w = 0; w < inferRates.length; w++) {
            inferRates[w] = repeat(step::infer, timedInfer / inferRates.length, batch).examplesPerSecond();
        }

        TrainingFlops flops = TrainingFlops.of(model);
        double train = median(trainRates);
        double infer = median(inferRates);
        double gflops = train * flops.trainingPerExample() / 1e9;
        double peak = settings.peakGflopsPerCore(precision) * settings.threads();
        gemm.close(); // its workers stop now rather than when the collector finds the session
        return new BenchResult(graph.model(), file, precision.label(), gemm.threads(), gemm.kernel().name(),
                Simd.name(), batch,
                train, infer, gflops, infer * flops.inferencePerExample() / 1e9, peak, gflops / peak,
                flops.trainingPerExample(), flops.inferencePerExample(), allocPerStep, trainSteps,
                MemoryProbe.peakHeapBytes(), MemoryProbe.peakRssBytes().stream().mapToDouble(v -> v).findFirst()
                        .orElse(Double.NaN), boxed(trainRates), boxed(inferRates));
    }

    /**
     * The trainer's guard, on a shorter clock: a kernel that still allocates after the warm-up is named and
     * replaced before anything is timed, so the figures are the fallback's, not a boxed kernel's.
     */
    private void guard(Gemm gemm, SyntheticStep step) {
        AllocationGuard guard = AllocationGuard.standard(gemm, notes, 10, 5);
        for (int i = 0; i < MAX_GUARDED_STEPS && !guard.done(); i++) {
            guard.stepStarted();
            step.train();
            guard.stepDone();
        }
    }

    private record Window(long steps, double examplesPerSecond) {
    }

    /** Runs whole steps until {@code seconds} have passed (at least one step). */
    private static Window repeat(Runnable work, double seconds, int batch) {
        long budget = (long) (seconds * 1e9);
        long start = System.nanoTime();
        long elapsed;
        long steps = 0;
        do {
            work.run();
            steps++;
            elapsed = System.nanoTime() - start;
        } while (elapsed < budget);
        return new Window(steps, steps * (double) batch / (elapsed / 1e9));
    }

    /** The median; the mean of the middle two for an even count; NaN for none. */
    static double median(double[] values) {
        if (values.length == 0) {
            return Double.NaN;
        }
        double[] v = values.clone();
        Arrays.sort(v);
        int mid = v.length / 2;
        return v.length % 2 == 1 ? v[mid] : (v[mid - 1] + v[mid]) / 2;
    }

    private static List<Double> boxed(double[] values) {
        List<Double> out = new ArrayList<>(values.length);
        for (double v : values) {
            out.add(v);
        }
        return out;
    }
}
