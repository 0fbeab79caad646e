package dev.nnc.exec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nnc.api.CompileOptions;
import dev.nnc.api.Nnc;
import dev.nnc.graph.LayerGraph;
import dev.nnc.graph.Node;
import dev.nnc.tensor.Precision;
import dev.nnc.ops.Mode;
import dev.nnc.tensor.Targets;
import dev.nnc.ops.Parameter;
import dev.nnc.tensor.Rng;
import dev.nnc.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

/** Lowering puts max pooling before the relu that feeds it; nothing a user can observe may change. */
class ReluPoolOrderTest {

    private static LayerGraph graph(String stack) {
        String src = "model M {\n input(2, 8, 8)\n " + stack + "\n}\n";
        return Nnc.compileString("m.nn", src, CompileOptions.defaults()).orThrow().graph();
    }

    private static List<String> ops(LayerGraph g) {
        return g.nodes().stream().map(Node::op).toList();
    }

    @Test
    void reluRightBeforeMaxPoolingIsLoweredAfterIt() {
        LayerGraph g = graph("conv(3, 3, pad = 1) - relu - maxpool(2) - affine(4) - softmax");
        assertEquals(List.of("input", "conv", "maxpool", "relu", "affine", "softmax"), ops(g));
        Node relu = g.nodes().get(3);
        assertEquals("relu_1", relu.name());
        assertEquals(List.of(2), relu.inputs());
        assertEquals(List.of(3, 4, 4), relu.shape().dims());
        assertEquals(List.of(3), g.nodes().get(4).inputs());
    }

    @Test
    void otherOrdersStayAsWritten() {
        assertEquals(List.of("input", "conv", "relu", "avgpool", "affine", "softmax"),
                ops(graph("conv(3, 3) - relu - avgpool(2) - affine(4) - softmax")));
        assertEquals(List.of("input", "conv", "tanh", "maxpool", "affine", "softmax"),
                ops(graph("conv(3, 3) - tanh - maxpool(2) - affine(4) - softmax")));
        assertEquals(List.of("input", "conv", "relu", "identity", "maxpool", "affine", "softmax"),
                ops(graph("conv(3, 3) - relu - identity - maxpool(2) - affine(4) - softmax")));
    }

    /**
     * The same seed through both orders (an identity keeps the written one): loss, outputs, every gradient
     * and the input's gradient agree bit for bit, with overlapping windows and many all-negative ones.
     */
    @ParameterizedTest
    @EnumSource(Precision.class)
    void bothOrdersGiveTheSameBits(Precision precision) {
        String tail = "maxpool(3, stride = 2) - affine(5) - softmax";
        Network swapped = network(graph("conv(4, 3, pad = 1) - relu - " + tail), precision);
        Network written = network(graph("conv(4, 3, pad = 1) - relu - identity - " + tail), precision);
        int batch = 6;
        Rng rng = new Rng(11);
        int[] labels = new int[batch];
        for (int i = 0; i < batch; i++) {
            labels[i] = rng.nextInt(5);
        }
        Tensor xs = swapped.input(batch);
        Tensor xw = written.input(batch);
        for (int i = 0; i < xs.size(); i++) {
            double v = rng.nextGaussian() - 0.5; // shifted: many windows see only negative conv outputs
            xs.set(i, v);
            xw.set(i, v);
        }
        Tensor outS = swapped.forward(Mode.TRAIN);
        Tensor outW = written.forward(Mode.TRAIN);
        assertArrayEquals(outW.toDoubleArray(), outS.toDoubleArray(), 0.0);
        assertEquals(written.loss(Targets.labels(labels)), swapped.loss(Targets.labels(labels)), 0.0);
        swapped.backward();
        written.backward();
        List<Parameter> ps = swapped.parameters();
        List<Parameter> pw = written.parameters();
        assertEquals(pw.size(), ps.size());
        boolean someZero = false;
        for (int i = 0; i < ps.size(); i++) {
            assertEquals(pw.get(i).name(), ps.get(i).name());
            assertArrayEquals(pw.get(i).value().toDoubleArray(), ps.get(i).value().toDoubleArray(), 0.0);
            assertArrayEquals(pw.get(i).grad().toDoubleArray(), ps.get(i).grad().toDoubleArray(), 0.0,
                    ps.get(i).name());
        }
        double[] dxS = swapped.inputGradient().toDoubleArray();
        assertArrayEquals(written.inputGradient().toDoubleArray(), dxS, 0.0);
        for (double d : dxS) {
            someZero |= d == 0.0;
        }
        assertTrue(someZero, "no input position was cut off by relu: the data did not test the negative case");
    }

    private static Network network(LayerGraph g, Precision precision) {
        Network net = new Network(g, precision, 5);
        net.setInputGradientNeeded(true);
        return net;
    }
}
