package dev.nnc.train;

import static dev.nnc.train.OptimizerTestSupport.spec;
import static dev.nnc.train.OptimizerTestSupport.weight;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.nnc.ops.Parameter;
import dev.nnc.tensor.Precision;
import java.lang.management.ManagementFactory;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** {@link Optimizer#step} is on the hot path: it must not allocate (counted bytes, not timing). */
class OptimizerAllocationTest {

    @ParameterizedTest
    @MethodSource("dev.nnc.train.Optimizers#names")
    void stepAllocatesNothing(String name) {
        assumeTrue(ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean);
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        assumeTrue(threads.isThreadAllocatedMemorySupported() && threads.isThreadAllocatedMemoryEnabled());
        Parameter a = weight("affine_1.W", Precision.FLOAT32, 1, 2, 3);
        Parameter b = weight("affine_1.b", Precision.FLOAT64, 1, 2);
        Optimizer opt = Optimizers.create(spec(name), List.of(a, b));
        a.grad().fill(0.1);
        b.grad().fill(-0.1);
        opt.step();
        long id = Thread.currentThread().getId();
        long before = threads.getThreadAllocatedBytes(id);
        for (int i = 0; i < 1000; i++) {
            opt.step();
        }
        long allocated = threads.getThreadAllocatedBytes(id) - before;
        // Any per-step object would cost at least 16 bytes per step, 16000 in all.
        assertTrue(allocated < 1000, name + " allocated " + allocated + " bytes in 1000 steps");
    }
}
