package dev.nnc.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nnc.graph.LayerGraph;
import dev.nnc.graph.Node;
import dev.nnc.graph.Shape;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every example in models/ compiles without a diagnostic, and its parameter counts equal a count done by
 * hand from the layer sizes (weights D*units + units biases; batchnorm: gamma and beta trainable, running
 * mean and variance not).
 */
class ExampleModelsTest {

    private static final Path MODELS = Path.of("models");

    private static LayerGraph compile(String file, CompileOptions options) {
        CompileResult r = Nnc.compile(MODELS.resolve(file), options);
        assertEquals("", r.render(), file + " should compile cleanly");
        assertTrue(r.ok());
        return r.model().orElseThrow().graph();
    }

    private static LayerGraph compile(String file) {
        return compile(file, CompileOptions.defaults());
    }

    @Test
    void everyModelFileIsCoveredHere() throws IOException {
        try (Stream<Path> files = Files.list(MODELS)) {
            List<String> names = files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".nn")).sorted()
                    .toList();
            assertEquals(List.of("cats_vs_dogs.nn", "fashion_cnn.nn", "fashion_mlp.nn", "fashion_resnet.nn",
                    "residual_mlp.nn", "simple_convnet.nn", "sweep_mlp.nn"), names, "add a test for each new example");
        }
    }

    /**
     * The Keras AlexNet-like cats-and-dogs model, counted as Keras' model.summary() does (input 224x224x3):
     * <pre>
     *   Conv2D(6, 11x11, strides 4, valid)   6·(11·11·3) + 6       =      2,184   out 54x54x6   ((224-11)/4+1)
     *   BatchNormalization                   4·6                   =         24   (12 trainable)
     *   MaxPooling2D(3x3, strides 2)                                               out 26x26x6   ((54-3)/2+1)
     *   Conv2D(256, 5x5, same)               256·(5·5·6) + 256     =     38,656   out 26x26x256
     *   BatchNormalization                   4·256                 =      1,024   (512 trainable)
     *   MaxPooling2D(3x3, strides 2)                                               out 12x12x256
     *   Conv2D(384, 3x3, same)               384·(3·3·256) + 384   =    885,120
     *   Conv2D(384, 3x3, same)               384·(3·3·384) + 384   =  1,327,488
     *   Conv2D(256, 3x3, same)               256·(3·3·384) + 256   =    884,992
     *   BatchNormalization                   4·256                 =      1,024   (512 trainable)
     *   MaxPooling2D(3x3, strides 2)                                               out 5x5x256 = 6,400
     *   Dense(4096)                          6400·4096 + 4096      = 26,218,496
     *   Dense(4096)                          4096·4096 + 4096      = 16,781,312
     *   Dense(1000)                          4096·1000 + 1000      =  4,097,000
     *   Dense(2)                             1000·2 + 2            =      2,002
     *   Total params 50,239,322; non-trainable (moving mean and variance) 12 + 512 + 512 = 1,036;
     *   trainable 50,238,286.
     * </pre>
     */
    @Test
    void catsVsDogs() {
        LayerGraph g = compile("cats_vs_dogs.nn");
        assertEquals(50_239_322L, g.trainableParameterCount() + g.nonTrainableParameterCount());
        assertEquals(50_238_286L, g.trainableParameterCount());
        assertEquals(1_036L, g.nonTrainableParameterCount());
        assertEquals(Shape.of(6, 54, 54), g.nodes().get(1).shape());
        assertEquals(Shape.of(256, 5, 5), g.nodes().get(16).shape());
        assertEquals(Shape.of(2), g.output().shape());
        var t = g.train();
        assertEquals("images", t.data().orElseThrow().kind());
        assertEquals(List.of(224, 224), t.data().orElseThrow().args().get("size"));
        assertEquals("rotate(degrees = 20) - widthShift(fraction = 0.2) - heightShift(fraction = 0.2) - "
                + "shear(degrees = 0.2) - zoom(range = 0.5) - flip(p = 0.5)", t.augment().describe());
        assertEquals("sgd", t.optimizer().name());
        assertEquals(100, t.batchSize());
    }

    /** The CS231n search: a two-layer net, and a grid of 3 learning rates x 2 weight scales, all compiling. */
    @Test
    void sweepMlp() {
        LayerGraph g = compile("sweep_mlp.nn");
        assertEquals(784 * 100 + 100 + 100 * 10 + 10, g.trainableParameterCount());
        Sweep.Plan plan = Sweep.plan(MODELS.resolve("sweep_mlp.nn"), CompileOptions.defaults(),
                java.util.OptionalLong.empty());
        assertTrue(plan.ok(), plan.render());
        assertEquals(6, plan.trials().size());
        assertEquals(7, plan.studySeed(), "the block's seed");
        assertEquals(java.util.Map.of("lr", "1e-1", "weightScale", "1e-2"), plan.trials().get(5).trial().config());
        assertEquals(new dev.nnc.sweep.Asha.Config(1, 3), plan.spec().get().prune().get().asha(), "ranked at epochs 1, 3");
        assertEquals("", plan.render(), "no warning: 5 epochs leave two rungs");
    }

    @Test
    void fashionMlp() {
        LayerGraph g = compile("fashion_mlp.nn");
        long hidden1 = 784 * 100 + 100;
        long hidden = 100 * 100 + 100;
        long bnTrainable = 2 * 100;   // gamma, beta
        long bnState = 2 * 100;       // running mean, running variance
        assertEquals(hidden1 + bnTrainable + 2 * (hidden + bnTrainable) + (100 * 10 + 10),
                g.trainableParameterCount());
        assertEquals(3 * bnState, g.nonTrainableParameterCount());
        assertEquals(List.of("input", "affine", "batchnorm", "relu", "dropout", "affine", "batchnorm", "relu",
                "dropout", "affine", "batchnorm", "relu", "dropout", "affine", "softmax"), ops(g));
        assertEquals(0.1, g.nodes().get(4).args().getDouble("p"));
        assertEquals(Shape.of(10), g.output().shape());

        var t = g.train();
        assertEquals("fashionMnist", t.data().orElseThrow().kind());
        assertEquals(5000, t.data().orElseThrow().args().get("validation"));
        assertEquals("adam", t.optimizer().name());
        assertEquals(2e-3, t.optimizer().lr());
        assertEquals(25, t.epochs());
        assertEquals(100, t.batchSize());
        assertEquals(0.9, t.lrDecay());
        assertEquals(1e-4, t.l2());
        assertEquals(42, t.seed().orElseThrow());
    }

    @Test
    void fashionCnn() {
        LayerGraph g = compile("fashion_cnn.nn");
        long conv1 = 32 * 1 * 3 * 3 + 32;
        long conv2 = 64 * 32 * 3 * 3 + 64;
        long fc1 = 64 * 7 * 7 * 256 + 256;
        long fc2 = 256 * 10 + 10;
        assertEquals(conv1 + 2 * 32 + conv2 + 2 * 64 + fc1 + 2 * 256 + fc2, g.trainableParameterCount());
        assertEquals(2 * 32 + 2 * 64 + 2 * 256, g.nonTrainableParameterCount());
        assertEquals(Shape.of(32, 28, 28), g.nodes().get(1).shape());
        assertEquals(Shape.of(32, 14, 14), g.nodes().get(4).shape());
        assertEquals(Shape.of(64, 7, 7), g.nodes().get(8).shape());
        assertEquals("adam", g.train().optimizer().name());
        assertTrue(g.train().seed().isPresent());
    }

    /**
     * The small ResNet: stem conv 3x3 (24) - bn - relu - maxpool, a basic block of two 3x3 convs (24) with bn,
     * a strided conv 3x3 (48) - bn - relu, a basic block (48), global average pooling, affine(10).
     */
    @Test
    void fashionResNet() {
        LayerGraph g = compile("fashion_resnet.nn");
        long stem = 24 * 1 * 3 * 3 + 24 + 2 * 24;
        long block1 = 2 * (24 * 24 * 3 * 3 + 24 + 2 * 24);
        long down = 48 * 24 * 3 * 3 + 48 + 2 * 48;
        long block2 = 2 * (48 * 48 * 3 * 3 + 48 + 2 * 48);
        long head = 48 * 10 + 10;
        assertEquals(stem + block1 + down + block2 + head, g.trainableParameterCount());
        assertEquals(2 * (3 * 24 + 3 * 48), g.nonTrainableParameterCount()); // running mean and variance
        assertEquals(2, g.nodes().stream().filter(n -> n.op().equals("add")).count());
        for (Node add : g.nodes()) {
            if (add.op().equals("add")) {
                Node branch = g.nodes().get(add.inputs().get(0));
                assertEquals("branch", branch.op());
                assertEquals(branch.shape(), add.shape());
                assertEquals(3, add.shape().rank(), "the blocks add (C, H, W) maps");
            }
        }
        List<Shape> adds = g.nodes().stream().filter(n -> n.op().equals("add")).map(Node::shape).toList();
        assertEquals(List.of(Shape.of(24, 14, 14), Shape.of(48, 7, 7)), adds);
        Node pool = g.nodes().stream().filter(n -> n.op().equals("avgpool")).findFirst().orElseThrow();
        assertEquals(Shape.of(48, 1, 1), pool.shape());
        assertEquals("adamw", g.train().optimizer().name());
        assertEquals("crop(pad = 2) - flip(p = 0.5)", g.train().augment().describe());
        assertTrue(g.train().seed().isPresent());
        LayerGraph wide = compile("fashion_resnet.nn", CompileOptions.defaults().with("width", "8"));
        assertEquals(Shape.of(16, 7, 7), wide.nodes().stream().filter(n -> n.op().equals("add")).reduce((a, b) -> b)
                .orElseThrow().shape());
    }

    /**
     * The ResNet's backward (residual adds over (C, H, W), strided conv, batchnorm, global average pooling) against
     * finite differences in float64, at width 2 so the check is quick. relu and maxpool have kinks, but at this
     * seed no sampled entry sits on one: the error is ~1e-8, two orders below the tolerance.
     */
    @Test
    void fashionResNetPassesTheGradientCheckAtATinyWidth() {
        LayerGraph g = compile("fashion_resnet.nn", CompileOptions.defaults().with("width", "2"));
        GradientChecks.Report r = GradientChecks.run(g, 4, 20, 1);
        assertTrue(r.maxRelativeError() < 1e-6, () -> "max relative error " + r.maxRelativeError());
        assertTrue(r.tensors().stream().anyMatch(t -> t.name().equals("conv_6.W")), "the second block is checked");
    }

    @Test
    void simpleConvNetIsTheOneFromDeepLearningFromScratch() {
        LayerGraph g = compile("simple_convnet.nn");
        // relu - maxpool is lowered as maxpool - relu (same function, see ReluPoolOrderTest)
        assertEquals(List.of("input", "conv", "maxpool", "relu", "affine", "relu", "affine", "softmax"), ops(g));
        assertEquals(Shape.of(30, 24, 24), g.nodes().get(1).shape());   // (28 - 5) / 1 + 1
        assertEquals(Shape.of(30, 12, 12), g.nodes().get(3).shape());
        long conv = 30 * 1 * 5 * 5 + 30;
        long fc1 = 30 * 12 * 12 * 100 + 100;
        long fc2 = 100 * 10 + 10;
        assertEquals(conv + fc1 + fc2, g.trainableParameterCount());
        assertEquals(0, g.nonTrainableParameterCount());
    }

    @Test
    void residualMlp() {
        LayerGraph g = compile("residual_mlp.nn");
        long stem = 784 * 128 + 128;
        long block = 2 * 128 + (128 * 128 + 128) + 2 * 128 + (128 * 128 + 128);   // bn, affine, bn, affine
        long head = 2 * 128 + (128 * 10 + 10);                                    // bn, affine
        assertEquals(stem + 3 * block + head, g.trainableParameterCount());
        assertEquals((3 * 2 + 1) * 2 * 128, g.nonTrainableParameterCount());
        assertEquals(3, g.nodes().stream().filter(n -> n.op().equals("add")).count());
        for (Node add : g.nodes()) {
            if (add.op().equals("add")) {
                Node branch = g.nodes().get(add.inputs().get(0));
                assertEquals("branch", branch.op());
                assertEquals(branch.shape(), add.shape());
            }
        }
    }

    @Test
    void residualMlpDepthCanBeSetFromTheCommandLine() {
        LayerGraph g = compile("residual_mlp.nn", CompileOptions.defaults().with("depth", "5"));
        assertEquals(5, g.nodes().stream().filter(n -> n.op().equals("add")).count());
    }

    private static List<String> ops(LayerGraph g) {
        return g.nodes().stream().map(Node::op).toList();
    }
}
