package dev.nnc.exec;
import dev.nnc.tensor.Tensor;
import dev.nnc.tensor.Rng;
import dev.nnc.ops.Parameter;
import dev.nnc.ops.Mode;
import dev.nnc.tensor.Targets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nnc.graph.Init;
import dev.nnc.graph.LayerGraph;
import dev.nnc.graph.ParamRole;
import dev.nnc.graph.ParamSpec;
import dev.nnc.tensor.Precision;
import dev.nnc.graph.Shape;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class NetworkTest {

    private static final double EPS = 1e-12;

    /** input(2) → scale(W, b) → square → mse. */
    private static LayerGraph scaleSquareMse(int d) {
        TestGraph g = new TestGraph("Tiny", d);
        int s = g.scale(0, Init.HE, true);
        int q = g.unary("square", s);
        g.unary("mse", q);
        return g.build();
    }

    private static Network net(LayerGraph graph, FakeOps ops) {
        return new Network(graph, Precision.FLOAT64, 1, ops);
    }

    private static Targets values(double[][] rows) {
        Tensor t = Tensor.zeros(Precision.FLOAT64, rows.length, rows[0].length);
        t.setFrom(Arrays.stream(rows).flatMapToDouble(Arrays::stream).toArray());
        return Targets.values(t);
    }

    private static void fill(Tensor x, double... v) {
        x.setFrom(v);
    }

    @Test
    void forwardAndBackwardMatchHandComputedValues() {
        Network net = net(scaleSquareMse(2), new FakeOps());
        net.parameter("scale_1.W").value().setFrom(new double[] {3, -1});
        net.parameter("scale_1.b").value().setFrom(new double[] {0.5, 0});
        net.setInputGradientNeeded(true);
        fill(net.input(2), 1, 2, 0, 1);

        // z = W⊙x + b = [3.5, -2 | 0.5, -1]; y = z² = [12.25, 4 | 0.25, 1]
        Tensor y = net.forward(Mode.TRAIN);
        assertArrayEquals(new double[] {12.25, 4, 0.25, 1}, y.toDoubleArray(), EPS);
        assertArrayEquals(new int[] {2, 2}, y.shape());
        // mse = (0.25² + 1² + 0.25² + 1²) / 4
        assertEquals(0.53125, net.loss(values(new double[][] {{12, 5}, {0, 0}})), EPS);

        net.backward();
        // dy = 2(y - t)/4 = [0.125, -0.5 | 0.125, 0.5]; dz = 2z⊙dy = [0.875, 2 | 0.125, -1]
        assertArrayEquals(new double[] {0.875, 3}, net.parameter("scale_1.W").grad().toDoubleArray(), EPS);
        assertArrayEquals(new double[] {1, 1}, net.parameter("scale_1.b").grad().toDoubleArray(), EPS);
        assertArrayEquals(new double[] {2.625, -2, 0.375, 1}, net.inputGradient().toDoubleArray(), EPS);
    }

    @ParameterizedTest
    @EnumSource(Precision.class)
    void fanOutGradientsAreSummed(Precision precision) {
        // input(2) → branch → {scale, square} → add → mse: y = W⊙x + x², dx = dy⊙(W + 2x)
        TestGraph g = new TestGraph("Residual", 2);
        int b = g.unary("branch", 0);
        int s = g.scale(b, Init.HE, false);
        int q = g.unary("square", b);
        g.unary("mse", g.addNode(s, q));
        Network net = new Network(g.build(), precision, 1, new FakeOps());
        net.parameter("scale_2.W").value().setFrom(new double[] {2, -1});
        net.setInputGradientNeeded(true);
        fill(net.input(1), 1, 3);

        assertArrayEquals(new double[] {3, 6}, net.forward(Mode.TRAIN).toDoubleArray(), EPS);
        assertEquals(22.5, net.loss(values(new double[][] {{0, 0}})), EPS); // (9 + 36) / 2
        net.backward();
        // dy = 2y/2 = [3, 6]; dx = [3·(2 + 2), 6·(-1 + 6)]; dW = dy⊙x
        assertArrayEquals(new double[] {12, 30}, net.inputGradient().toDoubleArray(), EPS);
        assertArrayEquals(new double[] {3, 18}, net.parameter("scale_2.W").grad().toDoubleArray(), EPS);

        // a second step must not add onto the first one's gradients
        net.forward(Mode.TRAIN);
        net.loss(values(new double[][] {{0, 0}}));
        net.backward();
        assertArrayEquals(new double[] {12, 30}, net.inputGradient().toDoubleArray(), EPS);
    }

    @Test
    void oneNodeFeedingBothOperandsOfAConsumerGetsBothGradients() {
        // y = s + s with s = W⊙x: dx = 2·dy⊙W, dW = 2·dy⊙x
        TestGraph g = new TestGraph("Double", 2);
        int s = g.scale(0, Init.HE, false);
        g.unary("mse", g.addNode(s, s));
        Network net = net(g.build(), new FakeOps());
        net.parameter("scale_1.W").value().setFrom(new double[] {1, 2});
        net.setInputGradientNeeded(true);
        fill(net.input(1), 1, 1);
        net.forward(Mode.TRAIN);
        assertEquals(10, net.loss(values(new double[][] {{0, 0}})), EPS); // y = [2, 4]: (4 + 16) / 2
        net.backward();
        assertArrayEquals(new double[] {4, 16}, net.inputGradient().toDoubleArray(), EPS);
        assertArrayEquals(new double[] {4, 8}, net.parameter("scale_1.W").grad().toDoubleArray(), EPS);
    }

    @Test
    void batchSizeCanChangeBetweenSteps() {
        LayerGraph graph = scaleSquareMse(3);
        Network net = net(graph, new FakeOps());
        net.setInputGradientNeeded(true);
        Rng data = new Rng(99);
        int capacityAfterFour = -1;
        for (int n : new int[] {4, 3, 1, 4}) {
            double[] x = gaussians(data, n * 3);
            double[] t = gaussians(data, n * 3);
            Step got = step(net, x, t, n);
            Step fresh = step(net(graph, new FakeOps()), x, t, n); // same seed: same weights
            assertEquals(fresh.loss, got.loss, EPS, "batch " + n);
            assertArrayEquals(fresh.dW, got.dW, EPS, "batch " + n);
            assertArrayEquals(fresh.dx, got.dx, EPS, "batch " + n);
            assertEquals(n, net.activation(3).dim(0));
            assertEquals(n * 3, net.activation(3).size());
            if (n == 4) {
                capacityAfterFour = capacityAfterFour < 0 ? net.activation(2).capacity() : capacityAfterFour;
            }
            assertEquals(capacityAfterFour, net.activation(2).capacity(), "shrinking keeps the buffer");
        }
    }

    private record Step(double loss, double[] dW, double[] dx) {
    }

    private static Step step(Network net, double[] x, double[] t, int n) {
        net.setInputGradientNeeded(true);
        fill(net.input(n), x);
        net.forward(Mode.TRAIN);
        Tensor tt = Tensor.zeros(Precision.FLOAT64, n, 3);
        tt.setFrom(t);
        double loss = net.loss(Targets.values(tt));
        net.backward();
        return new Step(loss, net.parameter("scale_1.W").grad().toDoubleArray(), net.inputGradient().toDoubleArray());
    }

    private static double[] gaussians(Rng rng, int n) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = rng.nextGaussian();
        }
        return v;
    }

    @Test
    void inputGradientIsComputedOnlyWhenAskedFor() {
        // input → square → scale → mse: square needs no backward unless the input gradient is wanted
        TestGraph g = new TestGraph("Saliency", 2);
        int q = g.unary("square", 0);
        int s = g.scale(q, Init.ONES, false);
        g.unary("mse", s);
        FakeOps ops = new FakeOps();
        Network net = net(g.build(), ops);
        FakeOps.Square square = (FakeOps.Square) ops.created.get("square_1");
        FakeOps.Scale scale = (FakeOps.Scale) ops.created.get("scale_2");
        Targets t = values(new double[][] {{0, 0}});

        fill(net.input(1), 1, 2);
        net.forward(Mode.TRAIN);
        net.loss(t);
        net.backward();
        assertTrue(scale.lastDInputWasNull);
        assertEquals(0, square.backwardCalls);
        assertEquals(1, scale.backwardCalls);
        IllegalStateException e = assertThrows(IllegalStateException.class, net::inputGradient);
        assertTrue(e.getMessage().contains("setInputGradientNeeded(true)"), e.getMessage());

        net.setInputGradientNeeded(true);
        net.forward(Mode.TRAIN);
        net.loss(t);
        net.backward();
        assertFalse(scale.lastDInputWasNull);
        assertEquals(1, square.backwardCalls);
        // y = x² (W = 1): dx = 2x · 2y/2 = 2x·x² = [2, 16]
        assertArrayEquals(new double[] {2, 16}, net.inputGradient().toDoubleArray(), EPS);

        net.setInputGradientNeeded(false);
        net.forward(Mode.TRAIN);
        net.loss(t);
        net.backward();
        assertTrue(scale.lastDInputWasNull);
        assertEquals(1, square.backwardCalls);
    }

    @Test
    void sameSeedGivesIdenticalParametersAndADifferentSeedDifferentOnes() {
        LayerGraph graph = twoScales(Init.HE, Init.XAVIER);
        FakeOps ops = new FakeOps();
        List<Parameter> a = new Network(graph, Precision.FLOAT64, 7, ops).parameters();
        List<Parameter> b = new Network(graph, Precision.FLOAT64, 7, ops).parameters();
        List<Parameter> c = new Network(graph, Precision.FLOAT64, 8, ops).parameters();
        List<Parameter> f32 = new Network(graph, Precision.FLOAT32, 7, ops).parameters();
        assertEquals(a.size(), c.size());
        for (int i = 0; i < a.size(); i++) {
            double[] va = a.get(i).value().toDoubleArray();
            assertArrayEquals(va, b.get(i).value().toDoubleArray(), 0.0); // bit for bit
            assertFalse(Arrays.equals(va, c.get(i).value().toDoubleArray()), a.get(i).name());
            for (int k = 0; k < va.length; k++) {
                assertEquals((float) va[k], f32.get(i).value().get(k), 0.0, "float32 holds the rounded draw");
            }
        }
    }

    private static LayerGraph twoScales(Init first, Init second) {
        TestGraph g = new TestGraph("Two", 50);
        int s1 = g.scale(0, first, false);
        int s2 = g.scale(s1, second, false);
        g.unary("mse", s2);
        return g.build();
    }

    @Test
    void initializersDrawWithTheirStandardDeviationOrFill() {
        int d = 4000;
        TestGraph g = new TestGraph("Init", d);
        List<ParamSpec> specs = List.of(
                new ParamSpec("p_1.he", Shape.of(d), Init.HE, ParamRole.WEIGHT, 50, 10),
                new ParamSpec("p_1.xavier", Shape.of(d), Init.XAVIER, ParamRole.WEIGHT, 50, 150),
                new ParamSpec("p_1.normal", Shape.of(d), new Init.Normal(0.01), ParamRole.WEIGHT, 50, 10),
                new ParamSpec("p_1.const", Shape.of(d), new Init.Constant(0.3), ParamRole.SCALE, 50, 10));
        g.add("scale", g.shape(0), specs, 0);
        Network net = net(g.build(), new FakeOps());
        assertStd(Math.sqrt(2.0 / 50), net.parameter("p_1.he").value());
        assertStd(Math.sqrt(2.0 / 200), net.parameter("p_1.xavier").value());
        assertStd(0.01, net.parameter("p_1.normal").value());
        for (double v : net.parameter("p_1.const").value().toDoubleArray()) {
            assertEquals(0.3, v, 0.0);
        }
    }

    /** Sample mean within 5 standard errors of 0; sample std within 5 standard errors (σ/√(2n)) of σ. */
    private static void assertStd(double std, Tensor t) {
        double[] v = t.toDoubleArray();
        double mean = Arrays.stream(v).average().orElseThrow();
        double var = Arrays.stream(v).map(x -> (x - mean) * (x - mean)).sum() / (v.length - 1);
        assertEquals(0, mean, 5 * std / Math.sqrt(v.length));
        assertEquals(std, Math.sqrt(var), 5 * std / Math.sqrt(2.0 * v.length));
    }

    @Test
    void l2TouchesOnlyWeightParameters() {
        TestGraph g = new TestGraph("L2", 2);
        int s = g.scale(0, Init.HE, true);
        g.unary("mse", g.running(s));
        Network net = net(g.build(), new FakeOps());
        Parameter w = net.parameter("scale_1.W");
        Parameter b = net.parameter("scale_1.b");
        Parameter r = net.parameter("running_2.running_mean");
        w.value().setFrom(new double[] {3, -4});
        b.value().setFrom(new double[] {1, 2});
        assertNull(r.grad(), "STATE parameters have no gradient");

        assertEquals(0.5 * 0.1 * 25, net.l2Penalty(0.1), EPS);
        assertEquals(0.0, net.l2Penalty(0.0));

        fill(net.input(1), 1, 1);
        net.forward(Mode.TRAIN);
        net.loss(values(new double[][] {{0, 0}}));
        net.backward();
        double[] dW = w.grad().toDoubleArray();
        double[] db = b.grad().toDoubleArray();
        double[] running = r.value().toDoubleArray();
        net.addL2Gradient(0.1);
        assertArrayEquals(new double[] {dW[0] + 0.3, dW[1] - 0.4}, w.grad().toDoubleArray(), EPS);
        assertArrayEquals(db, b.grad().toDoubleArray(), 0.0);
        assertArrayEquals(running, r.value().toDoubleArray(), 0.0);
    }

    @Test
    void parametersAreListedInGraphOrderAndFoundByName() {
        TestGraph g = new TestGraph("Order", 3);
        int s1 = g.scale(0, Init.HE, true);
        int r = g.running(s1);
        g.unary("mse", g.scale(r, Init.HE, false));
        Network net = net(g.build(), new FakeOps());
        assertEquals(List.of("scale_1.W", "scale_1.b", "running_2.running_mean", "scale_3.W"),
                net.parameters().stream().map(Parameter::name).toList());
        assertEquals(List.of(3), List.of(net.parameter("scale_3.W").value().dim(0)));
        assertNotSame(net.parameter("scale_1.W").value(), net.parameter("scale_1.W").grad());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> net.parameter("scale_9.W"));
        assertEquals("model Order has no parameter 'scale_9.W'; it has [scale_1.W, scale_1.b, "
                + "running_2.running_mean, scale_3.W]", e.getMessage());
    }

    @Test
    void aModelWithoutLossRunsInferenceButCannotTrain() {
        TestGraph g = new TestGraph("NoLoss", 2);
        g.scale(0, Init.ONES, false);
        Network net = net(g.build(), new FakeOps());
        assertFalse(net.hasLoss());
        fill(net.input(1), 1, 2);
        assertArrayEquals(new double[] {1, 2}, net.forward(Mode.INFER).toDoubleArray(), EPS);
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> net.loss(values(new double[][] {{0, 0}})));
        assertEquals("model NoLoss has no loss layer: it can run inference but not train", e.getMessage());
        assertThrows(IllegalStateException.class, net::backward);
    }

    @Test
    void stepsOutOfOrderFailWithAMessage() {
        Network net = net(scaleSquareMse(2), new FakeOps());
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> net.forward(Mode.TRAIN));
        assertEquals("model Tiny: call input(n) and fill it before forward", e.getMessage());
        net.input(1);
        e = assertThrows(IllegalStateException.class, () -> net.loss(values(new double[][] {{0, 0}})));
        assertEquals("model Tiny: call forward before loss", e.getMessage());
        net.forward(Mode.TRAIN);
        IllegalArgumentException a = assertThrows(IllegalArgumentException.class,
                () -> net.loss(values(new double[][] {{0, 0}, {0, 0}})));
        assertEquals("2 targets for a batch of 1 examples", a.getMessage());
        e = assertThrows(IllegalStateException.class, net::backward);
        assertEquals("model Tiny: call forward and loss before backward", e.getMessage());
    }

    @Test
    void theDefaultLookupUsesTheRegistryAndNamesTheUnknownOperator() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Network(scaleSquareMse(2), Precision.FLOAT64, 1));
        assertTrue(e.getMessage().startsWith("node scale_1: no operator 'scale'"), e.getMessage());
    }

    @Test
    void anOutputNobodyUsesContributesNoGradient() {
        // input(2) → scale → {square (a dead end), mse}: the same gradients as without the square
        TestGraph g = new TestGraph("DeadEnd", 2);
        int s = g.scale(0, Init.ONES, false);
        g.unary("square", s);
        g.unary("mse", s);
        Network net = net(g.build(), new FakeOps());
        net.setInputGradientNeeded(true);
        fill(net.input(1), 1, 2);
        net.forward(Mode.TRAIN);
        assertEquals(2.5, net.loss(values(new double[][] {{0, 0}})), EPS); // (1 + 4) / 2
        net.backward();
        // dy = 2y/2 = [1, 2]; dW = dy⊙x, dx = dy⊙W
        assertArrayEquals(new double[] {1, 4}, net.parameter("scale_1.W").grad().toDoubleArray(), EPS);
        assertArrayEquals(new double[] {1, 2}, net.inputGradient().toDoubleArray(), EPS);
    }

    @Test
    void aStepAllocatesNothingAfterWarmUp() {
        java.lang.management.ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        Assumptions.assumeTrue(bean instanceof com.sun.management.ThreadMXBean);
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) bean;
        Assumptions.assumeTrue(mx.isThreadAllocatedMemorySupported() && mx.isThreadAllocatedMemoryEnabled());

        // input(8) → scale → branch → {square, scale} → add → dropout → running → mse, float32
        TestGraph g = new TestGraph("Busy", 8);
        int s = g.scale(0, Init.HE, true);
        int b = g.unary("branch", s);
        int sum = g.addNode(g.unary("square", b), g.scale(b, Init.HE, false));
        g.unary("mse", g.running(g.unary("dropout", sum)));
        Network net = new Network(g.build(), Precision.FLOAT32, 3, new FakeOps());
        Tensor target = Tensor.zeros(Precision.FLOAT32, 16, 8);
        Targets targets = Targets.values(target);

        for (int i = 0; i < 50; i++) {
            train(net, targets, i);
        }
        long before = mx.getCurrentThreadAllocatedBytes();
        double total = 0;
        for (int i = 0; i < 100; i++) {
            total += train(net, targets, i);
        }
        long allocated = mx.getCurrentThreadAllocatedBytes() - before;
        assertTrue(Double.isFinite(total));
        assertTrue(allocated < 1024, allocated + " bytes allocated in 100 steps");
    }

    /** One step alternating full (16) and last (11) batches. */
    private static double train(Network net, Targets targets, int i) {
        int n = i % 2 == 0 ? 16 : 11;
        Tensor x = net.input(n);
        for (int k = 0; k < x.size(); k++) {
            x.set(k, (k % 7) * 0.1 - 0.3);
        }
        targets.setCount(n);
        net.forward(Mode.TRAIN);
        double loss = net.loss(targets) + net.l2Penalty(1e-3);
        net.backward();
        net.addL2Gradient(1e-3);
        return loss;
    }
}
