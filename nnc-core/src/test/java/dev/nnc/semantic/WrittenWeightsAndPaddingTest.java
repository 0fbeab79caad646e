package dev.nnc.semantic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nnc.api.CompileOptions;
import dev.nnc.api.CompileResult;
import dev.nnc.api.Nnc;
import dev.nnc.graph.Init;
import dev.nnc.graph.LayerGraph;
import dev.nnc.graph.Node;
import dev.nnc.graph.ParamRole;
import dev.nnc.graph.Shape;
import dev.nnc.graph.Trainability;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Lists in the language: weights written in the file, the step layer, Keras' same/valid padding. */
class WrittenWeightsAndPaddingTest {

    private static CompileResult compile(String body) {
        return Nnc.compileString("m.nn", "model M {\n" + body + "\n}\n", CompileOptions.defaults());
    }

    private static LayerGraph graph(String body) {
        CompileResult r = compile(body);
        assertTrue(r.ok(), r.render());
        return r.orThrow().graph();
    }

    @Test
    void writtenWeightsBecomeFixedParametersWithTheirValues() {
        LayerGraph g = graph("""
                input(2)
                affine(2, w = [[1, 2],
                               [3, 4.5]], b = [-1, 0.5]) - step
                """);
        Node affine = g.nodes().get(1);
        assertEquals(new Init.Given(List.of(2, 2), List.of(1.0, 2.0, 3.0, 4.5)), affine.params().get(0).init());
        assertEquals(new Init.Given(List.of(2), List.of(-1.0, 0.5)), affine.params().get(1).init());
        assertEquals(ParamRole.FIXED, affine.params().get(0).role());
        assertEquals(0, g.trainableParameterCount());
        assertEquals(6, g.nonTrainableParameterCount());
        assertEquals("[[1.0, 2.0], [3.0, 4.5]]", affine.params().get(0).init().describe());
        assertTrue(Trainability.refusal(g).orElseThrow().contains("step has no gradient"));
    }

    @Test
    void trainableWrittenWeightsAreOrdinaryWeights() {
        LayerGraph g = graph("input(2)\naffine(1, w = [[0.5], [0.5]], b = [-0.7], trainable = true) - mse");
        assertEquals(ParamRole.WEIGHT, g.nodes().get(1).params().get(0).role());
        assertEquals(ParamRole.BIAS, g.nodes().get(1).params().get(1).role());
        assertEquals(3, g.trainableParameterCount());
        assertTrue(Trainability.refusal(g).isEmpty());
    }

    @Test
    void weightsOfTheWrongShapeAreReportedWithTheExpectedShape() {
        CompileResult r = compile("input(3)\naffine(1, w = [[0.5], [0.5]])");
        assertFalse(r.ok());
        assertEquals("shape", r.errors().get(0).code());
        assertTrue(r.render().contains("w is written as (2, 1) but must be (3, 1) for input (3)"), r.render());
    }

    @Test
    void raggedListsAndNonNumbersAreRejected() {
        CompileResult ragged = compile("input(2)\naffine(2, w = [[1, 2], [3]])");
        assertTrue(ragged.render().contains("must be rectangular"), ragged.render());
        CompileResult words = compile("input(2)\naffine(2, w = [true, false])");
        assertEquals("type-mismatch", words.errors().get(0).code(), words.render());
    }

    @Test
    void sameAndValidPaddingGiveKerasShapes() {
        LayerGraph g = graph("""
                input(3, 224, 224)
                conv(6, 11, stride = 4, pad = valid)
                maxpool(3, stride = 2)
                conv(8, 5, pad = same)
                conv(8, 3, stride = 2, pad = same)
                """);
        assertEquals(Shape.of(6, 54, 54), g.nodes().get(1).shape());  // (224 - 11) / 4 + 1
        assertEquals(Shape.of(6, 26, 26), g.nodes().get(2).shape());  // (54 - 3) / 2 + 1
        assertEquals(Shape.of(8, 26, 26), g.nodes().get(3).shape());  // same: H kept at stride 1
        assertEquals(Shape.of(8, 13, 13), g.nodes().get(4).shape());  // same: ceil(26 / 2)
        assertEquals(2, g.nodes().get(3).args().getInt("pad"));
        assertEquals(0, g.nodes().get(1).args().getInt("pad"));
    }

    @Test
    void samePaddingOfAnEvenKernelIsRejected() {
        CompileResult r = compile("input(1, 8, 8)\nconv(2, 4, pad = same)");
        assertTrue(r.render().contains("pad = same needs an odd kernel size, but size is 4"), r.render());
        CompileResult word = compile("input(1, 8, 8)\nconv(2, 3, pad = full)");
        assertFalse(word.ok());
    }

    @Test
    void augmentChainsTransformsAndReportsUnknownOnesWithAGuess() {
        LayerGraph g = graph("input(1, 8, 8)\nflatten - affine(2) - softmax\n"
                + "train { augment = rotate(20) - shift(0.2) - flip - crop(pad = 2) - erase }");
        assertEquals("rotate(degrees = 20) - shift(fraction = 0.2) - flip(p = 0.5) - crop(pad = 2) - "
                + "erase(p = 0.5, area = 0.25)", g.train().augment().describe());
        CompileResult typo = compile("input(1, 8, 8)\nflatten - affine(2) - softmax\ntrain { augment = rotat(20) - flip }");
        assertEquals("unknown-augment", typo.errors().get(0).code(), typo.render());
        assertTrue(typo.render().contains("did you mean 'rotate'?"), typo.render());
        CompileResult range = compile("input(1, 8, 8)\nflatten - affine(2) - softmax\ntrain { augment = shift(1.5) }");
        assertEquals("out-of-range", range.errors().get(0).code(), range.render());
    }
}
