package dev.nnc.train;

import static dev.nnc.train.OptimizerTestSupport.spec;
import static dev.nnc.train.OptimizerTestSupport.weight;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.nnc.ops.Parameter;
import dev.nnc.tensor.Tensor;
import dev.nnc.tensor.Precision;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/** Exporting and importing state: a resumed optimizer continues exactly as an uninterrupted one. */
class OptimizerStateTest {

    private static final double[][] GRADS = {{0.5, -1.0, 2.0}, {-0.25, 0.5, 1.0}, {1.0, 0.0, -0.5}, {0.3, 0.2, 0.1}};

    private static void step(Optimizer opt, Parameter w, double[] g) {
        w.grad().setFrom(g);
        opt.step();
    }

    @ParameterizedTest
    @MethodSource("dev.nnc.train.Optimizers#names")
    void roundTripContinuesIdentically(String name) {
        for (Precision precision : Precision.values()) {
            Parameter a = weight("affine_1.W", precision, 1.0, -2.0, 0.5);
            Optimizer uninterrupted = Optimizers.create(spec(name), List.of(a));
            step(uninterrupted, a, GRADS[0]);
            step(uninterrupted, a, GRADS[1]);

            Parameter b = weight("affine_1.W", precision, a.value().toDoubleArray());
            Optimizer resumed = Optimizers.create(spec(name), List.of(b));
            resumed.importState(uninterrupted.exportState());

            step(uninterrupted, a, GRADS[2]);
            step(uninterrupted, a, GRADS[3]);
            step(resumed, b, GRADS[2]);
            step(resumed, b, GRADS[3]);
            assertArrayEquals(a.value().toDoubleArray(), b.value().toDoubleArray(), 0.0, name + " " + precision);
        }
    }

    @Test
    void stateIsACopyAndNamesSlotsPerParameter() {
        Parameter w = weight("affine_1.W", Precision.FLOAT64, 1.0, 2.0);
        Optimizer opt = Optimizers.create(spec("adam"), List.of(w));
        step(opt, w, new double[] {1.0, -1.0});
        OptimizerState state = opt.exportState();
        assertEquals(Map.of("t", 1.0), state.scalars());
        // m = (1 - beta1) g after one step
        assertArrayEquals(new double[] {0.1, -0.1}, state.tensors().get("opt.m/affine_1.W").toDoubleArray(), 1e-15);
        step(opt, w, new double[] {1.0, -1.0});
        assertArrayEquals(new double[] {0.1, -0.1}, state.tensors().get("opt.m/affine_1.W").toDoubleArray(), 1e-15);
        assertEquals(Map.of("t", 2.0), opt.exportState().scalars());
    }

    @Test
    void importConvertsPrecision() {
        Parameter w32 = weight("affine_1.W", Precision.FLOAT32, 1.0, 2.0);
        Optimizer from = Optimizers.create(spec("momentum"), List.of(w32));
        step(from, w32, new double[] {0.5, 0.25});
        Parameter w64 = weight("affine_1.W", Precision.FLOAT64, 1.0, 2.0);
        Optimizer to = Optimizers.create(spec("momentum"), List.of(w64));
        to.importState(from.exportState());
        assertArrayEquals(new double[] {-0.05f, -0.025f},
                to.exportState().tensors().get("opt.v/affine_1.W").toDoubleArray(), 0.0);
    }

    @Test
    void importRejectsMismatchesAndChangesNothing() {
        Parameter w = weight("affine_1.W", Precision.FLOAT64, 1.0, 2.0);
        Optimizer opt = Optimizers.create(spec("adam"), List.of(w));
        step(opt, w, new double[] {1.0, 1.0});
        OptimizerState before = opt.exportState();

        Map<String, Tensor> missing = new LinkedHashMap<>(before.tensors());
        missing.remove("opt.v/affine_1.W");
        assertEquals("adam state has no tensor 'opt.v/affine_1.W'", assertThrows(IllegalArgumentException.class,
                () -> opt.importState(new OptimizerState(missing, before.scalars()))).getMessage());

        Map<String, Tensor> wrongShape = new LinkedHashMap<>(before.tensors());
        wrongShape.put("opt.m/affine_1.W", Tensor.zeros(Precision.FLOAT64, 3));
        assertEquals("adam state tensor 'opt.m/affine_1.W' has shape (3) but the parameter has shape (2)",
                assertThrows(IllegalArgumentException.class,
                        () -> opt.importState(new OptimizerState(wrongShape, before.scalars()))).getMessage());

        Map<String, Tensor> extra = new LinkedHashMap<>(before.tensors());
        extra.put("opt.m/affine_2.W", Tensor.zeros(Precision.FLOAT64, 2));
        assertEquals("adam state has an unexpected tensor 'opt.m/affine_2.W'",
                assertThrows(IllegalArgumentException.class,
                        () -> opt.importState(new OptimizerState(extra, before.scalars()))).getMessage());

        assertEquals("adam state has no valid scalar 't'", assertThrows(IllegalArgumentException.class,
                () -> opt.importState(new OptimizerState(before.tensors(), Map.of()))).getMessage());

        OptimizerState after = opt.exportState();
        assertEquals(before.scalars(), after.scalars());
        for (String key : before.tensors().keySet()) {
            assertArrayEquals(before.tensors().get(key).toDoubleArray(), after.tensors().get(key).toDoubleArray());
        }
    }
}
