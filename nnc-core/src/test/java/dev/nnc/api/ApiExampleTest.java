package dev.nnc.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nnc.data.DataSplits;
import dev.nnc.data.LoadOptions;
import dev.nnc.graph.LayerGraph;
import dev.nnc.train.EpochStats;
import dev.nnc.train.Evaluation;
import dev.nnc.train.TrainingListener;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the example of docs/api.md, line for line (only the paths are moved into a temporary directory). */
class ApiExampleTest {

    static final String MLP = """
            model Mlp {
                input(1, 28, 28)
                flatten - affine(32) - relu - affine(10) - softmax
                train {
                    data = fashionMnist(validation = 500)
                    optimizer = adam(lr = 2e-3)
                    epochs = 2
                    batchSize = 64
                    seed = 11
                }
            }
            """;

    @TempDir
    Path dir;

    @Test
    void theDocumentedExampleRuns() throws IOException {
        Files.writeString(dir.resolve("mlp.nn"), MLP);
        Path mlpFile = dir.resolve("mlp.nn");
        Path checkpoint = dir.resolve("mlp.safetensors");

        // ---- docs/api.md, with Path.of("mlp.nn") → mlpFile and Path.of("mlp.safetensors") → checkpoint ----
        LayerGraph graph = Nnc.compile(mlpFile, CompileOptions.defaults()).orThrow().graph();
        Model model = Model.create(graph);                        // weights from the train block's seed
        DataSplits data = Data.load(graph, LoadOptions.limit(2000));
        List<EpochStats> epochs = new ArrayList<>();
        model.train(data, new TrainingListener() {
            @Override public void epochDone(EpochStats s, boolean improved) { epochs.add(s); }
        });
        Evaluation.Score test = model.evaluate(data.test().orElseThrow());
        List<String> names = ClassNames.of(graph.train().data(), 10);
        List<Prediction> top3 = model.predict(data.test().orElseThrow().head(5), 3, names);
        model.save(checkpoint);                                    // weights + preprocessing
        Model loaded = Model.load(graph, graph.train().precision(), checkpoint);
        List<Prediction> again = loaded.predict(data.test().orElseThrow().head(5), 3, names);  // == top3
        // ---- end of the example ----

        assertEquals(List.of(1, 2), epochs.stream().map(EpochStats::epoch).toList());
        assertTrue(test.accuracy() > 0.5, "ten classes, chance 0.1: " + test.accuracy());
        assertEquals(10_000, test.count());
        assertEquals(5, top3.size());
        for (int i = 0; i < 5; i++) {
            assertEquals(i, top3.get(i).index());
            assertEquals(3, top3.get(i).top().size());
        }
        assertEquals(top3, again, "the loaded model predicts exactly as the saved one");
        assertEquals(test.accuracy(), loaded.evaluate(data.test().orElseThrow()).accuracy());
    }

    @Test
    void theReadmeShowsTheSameExample() throws IOException {
        Pattern java = Pattern.compile("(?s)```java\\n(.*?)```");
        Matcher doc = java.matcher(Files.readString(Path.of("docs/api.md")));
        Matcher readme = java.matcher(Files.readString(Path.of("README.md")));
        assertTrue(doc.find() && readme.find(), "both have a java block");
        assertEquals(doc.group(1), readme.group(1));
    }

    @Test
    void theDocumentationHoldsTheSameCode() throws IOException {
        String doc = Files.readString(Path.of("docs/api.md"));
        Matcher m = Pattern.compile("(?s)```java\\n(.*?)```").matcher(doc);
        assertTrue(m.find(), "docs/api.md has a java block");
        String[] parts = m.group(1).split("\n\n", 2);
        String test = Files.readString(Path.of("nnc-core/src/test/java/dev/nnc/api/ApiExampleTest.java"));
        List<String> imports = parts[0].lines().toList();
        assertTrue(imports.stream().allMatch(l -> l.startsWith("import ")), "the block opens with its imports");
        for (String imp : imports) {
            assertTrue(test.contains("\n" + imp + "\n") || imp.startsWith("import dev.nnc.api."),
                    "the test does not import " + imp);
        }
        String snippet = parts[1];
        assertTrue(snippet.lines().count() <= 15, "at most 15 lines:\n" + snippet);
        String body = test.substring(test.indexOf("// ---- docs/api.md"), test.indexOf("// ---- end of the example"))
                .replaceAll("\\s+", " ");
        String expected = snippet.replace("Path.of(\"mlp.nn\")", "mlpFile")
                .replace("Path.of(\"mlp.safetensors\")", "checkpoint");
        for (String line : expected.lines().toList()) {
            String code = line.strip().replaceAll("\\s+", " ");
            assertTrue(body.contains(code), "the test lacks the documented line: " + line);
        }
    }
}
