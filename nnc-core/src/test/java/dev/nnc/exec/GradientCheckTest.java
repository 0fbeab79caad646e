package dev.nnc.exec;
import dev.nnc.tensor.F64Tensor;
import dev.nnc.tensor.Rng;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nnc.graph.Init;
import dev.nnc.graph.LayerGraph;
import dev.nnc.tensor.Precision;
import dev.nnc.graph.Shape;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class GradientCheckTest {

    @Test
    void aKinkWithinTheStepIsMeasuredAgainWithSmallerSteps() {
        // f(x) = relu(x) at x = 3e-6: the centred difference with h = 1e-5 straddles the kink (0.65, not 1)
        F64Tensor x = new F64Tensor(1);
        x.set(0, 3e-6);
        java.util.function.DoubleSupplier relu = () -> Math.max(0.0, x.get(0));
        assertTrue(NumericGradient.relativeError(1.0, NumericGradient.partial(relu, x, 0, NumericGradient.H)) > 0.1);
        assertTrue(GradientCheck.entryError(1.0, relu, x, 0, 0.0) < 1e-9);
        // a wrong derivative stays wrong at every step
        assertTrue(GradientCheck.entryError(2.0, relu, x, 0, 0.0) > 0.3);
        assertEquals(3e-6, x.get(0));
    }

    @Test
    void derivativesWithinRoundingNoiseOfZeroDoNotCount() {
        F64Tensor x = new F64Tensor(1);
        x.set(0, 0.7);
        double noise = NumericGradient.roundingNoise(1.0, NumericGradient.H) / 4;
        // a loss whose true slope is 0 but whose evaluations carry rounding-sized wobble
        java.util.function.DoubleSupplier flat = () -> 1.0 + (x.get(0) > 0.7 ? noise * 1e-5 : 0.0);
        assertEquals(0.0, GradientCheck.entryError(0.0, flat, x, 0, 1.0));
        // the same wobble judged by CS231n's rel_error alone would fail any tolerance
        assertTrue(NumericGradient.relativeError(0.0, NumericGradient.partial(flat, x, 0, NumericGradient.H)) > 1e-3);
    }

    /** input(3) → scale(W, b) → branch → {square, scale} → add → dropout → running → mse. */
    private static LayerGraph residual(String squareOp) {
        TestGraph g = new TestGraph("Check", 3);
        int s = g.scale(0, new Init.Normal(0.7), true);
        int b = g.unary("branch", s);
        int sum = g.addNode(g.unary(squareOp, b), g.scale(b, new Init.Normal(0.7), false));
        g.unary("mse", g.running(g.unary("dropout", sum)));
        return g.build();
    }

    @Test
    void aCorrectNetworkHasATinyErrorEverywhere() {
        LayerGraph graph = residual("square");
        Network net = new Network(graph, Precision.FLOAT64, 5, new FakeOps());
        GradientCheck.Batch batch = GradientCheck.randomBatch(graph, Precision.FLOAT64, 4, 11);
        long rngState = net.rng().state();
        double[] running = net.parameter("running_7.running_mean").value().toDoubleArray();

        GradientCheck.Report report = GradientCheck.run(net, batch.input(), batch.targets(), 2, 3);

        assertEquals(List.of("scale_1.W", "scale_1.b", "scale_4.W", GradientCheck.INPUT),
                report.tensors().stream().map(GradientCheck.TensorResult::name).toList());
        for (GradientCheck.TensorResult r : report.tensors()) {
            assertTrue(r.maxRelativeError() < 1e-7, r.toString());
            assertEquals(2, r.entriesChecked(), r.name());
        }
        assertEquals(List.of(4, 3), report.tensors().get(3).shape());
        assertEquals(List.of(3), report.tensors().get(0).shape());
        assertTrue(report.maxRelativeError() < 1e-7 && report.passes(1e-7), report.toString());
        assertTrue(report.loss() > 0);
        // the check leaves the network as it found it
        assertEquals(rngState, net.rng().state());
        assertArrayEquals(running, net.parameter("running_7.running_mean").value().toDoubleArray(), 0.0);
        assertFalse(net.inputGradientNeeded());
    }

    @Test
    void aWrongBackwardShowsAsALargeError() {
        LayerGraph graph = residual("badSquare");
        Network net = new Network(graph, Precision.FLOAT64, 5, new FakeOps());
        GradientCheck.Batch batch = GradientCheck.randomBatch(graph, Precision.FLOAT64, 4, 11);

        GradientCheck.Report report = GradientCheck.run(net, batch.input(), batch.targets(), 100, 3);

        assertTrue(report.maxRelativeError() > 1e-2, report.toString());
        assertFalse(report.passes(1e-7));
        // everything after the broken square is still right; what flows back through it is not
        GradientCheck.TensorResult after = report.tensors().get(2);
        assertEquals("scale_4.W", after.name());
        assertTrue(after.maxRelativeError() < 1e-7, after.toString());
        GradientCheck.TensorResult before = report.tensors().get(0);
        assertEquals("scale_1.W", before.name());
        assertTrue(before.maxRelativeError() > 1e-2, before.toString());
        assertEquals(12, report.tensors().get(3).entriesChecked(), "all 4·3 input entries when samples ≥ size");
    }

    @Test
    void theSampleIsDistinctSeededAndWholeWhenSmall() {
        int[] a = GradientCheck.sample(50, 10, new Rng(1));
        int[] b = GradientCheck.sample(50, 10, new Rng(1));
        int[] c = GradientCheck.sample(50, 10, new Rng(2));
        assertArrayEquals(a, b);
        assertFalse(Arrays.equals(a, c));
        assertEquals(10, Arrays.stream(a).distinct().count());
        assertTrue(Arrays.stream(a).allMatch(i -> i >= 0 && i < 50));
        assertArrayEquals(new int[] {0, 1, 2, 3}, GradientCheck.sample(4, 4, new Rng(1)));
        assertArrayEquals(new int[] {0, 1, 2}, GradientCheck.sample(3, 10, new Rng(1)));
    }

    @Test
    void aFloat32NetworkIsRefused() {
        LayerGraph graph = residual("square");
        Network net = new Network(graph, Precision.FLOAT32, 5, new FakeOps());
        GradientCheck.Batch batch = GradientCheck.randomBatch(graph, Precision.FLOAT32, 2, 1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> GradientCheck.run(net, batch.input(), batch.targets(), 5, 1));
        assertTrue(e.getMessage().startsWith("a gradient check needs a float64 network"), e.getMessage());
    }

    @Test
    void aRandomBatchForAClassifierHasLabelsInRange() {
        TestGraph g = new TestGraph("Classes", 2, 3);
        g.add("softmax", Shape.of(7), List.of(), 0);
        LayerGraph graph = g.build();
        GradientCheck.Batch a = GradientCheck.randomBatch(graph, Precision.FLOAT64, 200, 4);
        GradientCheck.Batch b = GradientCheck.randomBatch(graph, Precision.FLOAT64, 200, 4);
        assertArrayEquals(new int[] {200, 2, 3}, a.input().shape());
        assertTrue(a.targets().hasLabels());
        assertEquals(200, a.targets().count());
        int[] labels = Arrays.copyOf(a.targets().labelArray(), 200);
        assertTrue(Arrays.stream(labels).allMatch(l -> l >= 0 && l < 7));
        assertEquals(7, Arrays.stream(labels).distinct().count(), "200 draws hit every one of 7 classes");
        assertArrayEquals(labels, b.targets().labelArray());
        assertArrayEquals(a.input().toDoubleArray(), b.input().toDoubleArray(), 0.0);
    }

    @Test
    void aRandomBatchForRegressionHasGaussianTargetsOfTheOutputShape() {
        TestGraph g = new TestGraph("Regress", 4);
        g.unary("mse", g.scale(0, Init.HE, false));
        GradientCheck.Batch batch = GradientCheck.randomBatch(g.build(), Precision.FLOAT32, 500, 9);
        assertFalse(batch.targets().hasLabels());
        assertArrayEquals(new int[] {500, 4}, batch.targets().values().shape());
        assertEquals(Precision.FLOAT32, batch.input().precision());
        double[] v = batch.targets().values().toDoubleArray();
        double mean = Arrays.stream(v).average().orElseThrow();
        double var = Arrays.stream(v).map(x -> (x - mean) * (x - mean)).average().orElseThrow();
        assertEquals(0, mean, 5 / Math.sqrt(v.length));
        assertEquals(1, var, 5 * Math.sqrt(2.0 / v.length));
    }

    @Test
    void noRandomBatchWithoutALossLayer() {
        TestGraph g = new TestGraph("NoLoss", 4);
        g.scale(0, Init.HE, false);
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> GradientCheck.randomBatch(g.build(), Precision.FLOAT64, 2, 1));
        assertEquals("model NoLoss has no loss layer: it can run inference but not train", e.getMessage());
    }
}
