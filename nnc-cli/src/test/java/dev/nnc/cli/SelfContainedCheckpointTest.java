package dev.nnc.cli;

import static dev.nnc.cli.TrainFixtures.assertCleanFailure;
import static dev.nnc.cli.TrainFixtures.find;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nnc.api.CompileOptions;
import dev.nnc.api.Model;
import dev.nnc.api.Nnc;
import dev.nnc.graph.LayerGraph;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A checkpoint of {@code nnc train} carries its model's source (an import included) and overrides: eval and
 * predict run from it alone, after the .nn files are gone, and give what they give with the file.
 */
class SelfContainedCheckpointTest {

    private static final String BLOCKS = """
            fun hidden(n: Int) = affine(n) - relu
            """;

    private static final String MAIN = """
            import "lib/blocks.nn"

            model Mlp(width: Int = 32) {
                input(1, 28, 28)
                flatten - hidden(width) - affine(10) - softmax
                train {
                    data = fashionMnist(validation = 500)
                    optimizer = adam(lr = 2e-3)
                    epochs = 1
                    batchSize = 64
                    seed = 3
                }
            }
            """;

    @TempDir
    static Path dir;

    static Path model;
    static Path best;
    static Path image;

    @BeforeAll
    static void trainWithAnImportAndAnOverride() throws IOException {
        Files.createDirectories(dir.resolve("src/lib"));
        Cli.write(dir.resolve("src/lib"), "blocks.nn", BLOCKS);
        model = Cli.write(dir.resolve("src"), "mlp.nn", MAIN);
        Path run = dir.resolve("run");
        Cli.Run r = Cli.run("train", model.toString(), "--set", "width=16", "--limit", "1000", "--out", run.toString());
        assertEquals(0, r.exit(), r.err());
        best = run.resolve("best.safetensors");
        BufferedImage img = new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 8; y < 20; y++) {
            for (int x = 10; x < 18; x++) {
                img.getRaster().setSample(x, y, 0, 200);
            }
        }
        image = dir.resolve("shape.png");
        ImageIO.write(img, "png", image.toFile());
    }

    @Test
    void evalWithoutTheFileScoresAsWithIt() {
        Cli.Run with = Cli.run("eval", model.toString(), "--set", "width=16", "--weights", best.toString());
        Cli.Run without = Cli.run("eval", "--weights", best.toString());
        assertEquals(0, with.exit(), with.err());
        assertEquals(0, without.exit(), without.err());
        assertEquals(find(with.out(), "^accuracy (\\S+)$"), find(without.out(), "^accuracy (\\S+)$"));
        assertEquals(find(with.out(), "^loss (\\S+)$"), find(without.out(), "^loss (\\S+)$"));
    }

    @Test
    void predictWithoutTheFileTakesTheFirstArgumentAsAnInput() {
        Cli.Run with = Cli.run("predict", model.toString(), "--set", "width=16", "--weights", best.toString(),
                image.toString());
        Cli.Run without = Cli.run("predict", "--weights", best.toString(), image.toString());
        assertEquals(0, with.exit(), with.err());
        assertEquals(0, without.exit(), without.err());
        assertEquals(with.out(), without.out());
        assertTrue(without.out().startsWith(image + ":"), without.out());
    }

    @Test
    void theSourceTravelsWithTheCheckpointAlone() throws IOException {
        Path elsewhere = Files.createDirectories(dir.resolve("elsewhere"));
        Path copy = Files.copy(best, elsewhere.resolve("model.safetensors"));
        Path hidden = dir.resolve("src-hidden");
        Files.move(dir.resolve("src"), hidden); // neither the main file nor its import can be read now
        try {
            Cli.Run r = Cli.run("eval", "--weights", copy.toString());
            assertEquals(0, r.exit(), r.err());
            assertTrue(r.out().startsWith("Mlp on fashionMnist"), r.out());
        } finally {
            Files.move(hidden, dir.resolve("src"));
        }
    }

    @Test
    void theFileGivenTooTakesTheCheckpointsModelAndOverridesAsDefaults() {
        Cli.Run with = Cli.run("eval", model.toString(), "--weights", best.toString()); // width=16 from the checkpoint
        Cli.Run without = Cli.run("eval", "--weights", best.toString());
        assertEquals(0, with.exit(), with.err());
        assertEquals(find(without.out(), "^accuracy (\\S+)$"), find(with.out(), "^accuracy (\\S+)$"));
        Cli.Run predict = Cli.run("predict", model.toString(), "--weights", best.toString(), image.toString());
        Cli.Run predictWithout = Cli.run("predict", "--weights", best.toString(), image.toString());
        assertEquals(0, predict.exit(), predict.err());
        assertEquals(predictWithout.out(), predict.out());
    }

    @Test
    void anExplicitSetWithTheFileReplacesTheRecordedOneAndTheHashCheckNamesIt() {
        Cli.Run r = Cli.run("eval", model.toString(), "--set", "width=8", "--weights", best.toString());
        assertCleanFailure(r, "graph hash differs", "--set width=8 where the checkpoint has width=16", "--force");
        Cli.Run p = Cli.run("predict", model.toString(), "--set", "width=8", "--weights", best.toString(),
                image.toString());
        assertCleanFailure(p, "graph hash differs", "--set width=8 where the checkpoint has width=16");
    }

    @Test
    void aChangedFileIsCaughtByTheHashCheckWhichQuotesTheFirstChangedLine() throws IOException {
        Path changed = Cli.write(dir.resolve("src"), "changed.nn",
                MAIN.replace("hidden(width) - affine(10)", "hidden(width) - tanh - affine(10)"));
        Cli.Run r = Cli.run("eval", changed.toString(), "--weights", best.toString());
        assertCleanFailure(r, "graph hash differs", changed + " differs from the source the checkpoint carries, "
                + "line 5: `flatten - hidden(width) - tanh - affine(10) - softmax` (the checkpoint's: "
                + "`flatten - hidden(width) - affine(10) - softmax`)");
        Path commented = Cli.write(dir.resolve("src"), "commented.nn", "// a comment changes no graph\n" + MAIN);
        Cli.Run same = Cli.run("eval", commented.toString(), "--weights", best.toString());
        assertEquals(0, same.exit(), same.err());
    }

    @Test
    void aFileThatCannotTakeTheRecordedOverridesSaysWhereTheyCameFrom() throws IOException {
        Path fixed = Cli.write(dir.resolve("src"), "fixed.nn",
                MAIN.replace("model Mlp(width: Int = 32)", "model Mlp").replace("hidden(width)", "hidden(16)"));
        Cli.Run r = Cli.run("eval", fixed.toString(), "--weights", best.toString());
        assertCleanFailure(r, "width", "nnc: note: " + fixed + " was compiled with what " + best
                + " recorded: --model Mlp --set width=16 (--model and --set given here replace them)");
    }

    @Test
    void setOnTheCommandLineReplacesARecordedOverride() {
        Cli.Run r = Cli.run("eval", "--set", "width=8", "--weights", best.toString());
        assertCleanFailure(r, "graph hash differs");
    }

    @Test
    void aCheckpointWithoutSourceNeedsTheFileAndSaysSo() throws IOException {
        LayerGraph graph = Nnc.compile(model, new CompileOptions(Optional.empty(), Map.of("width", "16")))
                .orThrow().graph();
        Path old = dir.resolve("old.safetensors");
        Model.load(graph, graph.train().precision(), best).save(old); // keeps the loaded checkpoint's source
        assertEquals(0, Cli.run("eval", "--weights", old.toString()).exit());
        Path bare = dir.resolve("bare.safetensors");
        Model.create(graph).save(bare); // a model built from a graph alone has no source to embed
        assertCleanFailure(Cli.run("eval", "--weights", bare.toString()), "carries no model source",
                "pass the .nn file");
        Cli.Run withFile = Cli.run("eval", model.toString(), "--set", "width=16", "--weights", bare.toString());
        assertEquals(0, withFile.exit(), withFile.err());
    }

    @Test
    void predictWithNeitherFileNorWeightsIsAUsageError() {
        Cli.Run r = Cli.run("predict", image.toString());
        assertEquals(ExitCodes.USAGE, r.exit(), r.err());
    }
}
