package dev.nnc.cli;

import static dev.nnc.cli.TrainFixtures.QUICK;
import static dev.nnc.cli.TrainFixtures.args;
import static dev.nnc.cli.TrainFixtures.assertCleanFailure;
import static dev.nnc.cli.TrainFixtures.concat;
import static dev.nnc.cli.TrainFixtures.find;
import static dev.nnc.cli.TrainFixtures.quick;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.nnc.train.Checkpoint;
import dev.nnc.train.SafeTensor;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code nnc train}: one real two-epoch run checked from every side, then the ways a run can fail. */
class TrainCommandTest {

    private static final Pattern EPOCH_LINE = Pattern.compile(
            "(?m)^epoch +(\\d+)  loss (\\S+)  train_acc (\\S+)  val_loss (\\S+)  val_acc (\\S+)  lr (\\S+)  \\S+s( {2}\\*)?$");

    @TempDir
    static Path dir;

    static Path mlp;
    static Path run;
    static Cli.Run trained;

    @BeforeAll
    static void trainOnce() throws IOException {
        mlp = Cli.write(dir, "mlp.nn", TrainFixtures.MLP);
        run = dir.resolve("run");
        trained = Cli.run(concat(args("train", mlp.toString(), QUICK), "--out", run.toString()));
    }

    @Test
    void threadsSetsTheRunsThreadCountAndSaysSo() {
        Cli.Run r = Cli.run("train", mlp.toString(), "--limit", "600", "--epochs", "1", "--threads", "1",
                "--out", dir.resolve("one-thread").toString());
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("on 1 thread, element loops "), r.out());
        assertEquals(dev.nnc.tensor.gemm.Gemm.defaultThreads(), dev.nnc.tensor.gemm.Gemm.defaults().threads(),
                "--threads is the run's, not the process's");
        assertEquals(2, Cli.run("train", mlp.toString(), "--threads", "0").exit());
    }

    @Test
    void printsOneLinePerEpochTheTestAccuracyAndTheRunDirectory() {
        assertEquals(0, trained.exit(), trained.err());
        String out = trained.out();
        assertTrue(out.contains("1,500 train / 500 validation / 10,000 test examples"), out);
        // the overrides, not the file's adam(lr = 1e-3), 3 epochs, seed 7
        assertTrue(out.contains("adam(lr = 0.002,"), out);
        assertTrue(out.contains("2 epochs, batch 64, float32, seed 11"), out);
        // one spelling of the optimizer, the summary's, on stdout and in result.json
        String optimizer = find(out, "^(adam\\(.*\\)), 2 epochs");
        assertTrue(optimizer.endsWith("eps = 1.0e-8)"), optimizer);
        Matcher m = EPOCH_LINE.matcher(out);
        int epochs = 0;
        while (m.find()) {
            epochs++;
            assertEquals(epochs, Integer.parseInt(m.group(1)), m.group());
            assertEquals("0.002", m.group(6), m.group());
        }
        assertEquals(2, epochs, out);
        assertTrue(Pattern.compile("(?m)^test accuracy 0\\.\\d{4}$").matcher(out).find(), out);
        assertTrue(out.strip().endsWith("run directory: " + run), out);
    }

    @Test
    void historyHasAHeaderAndOneRowPerEpochMatchingWhatWasPrinted() throws IOException {
        List<String> rows = Files.readAllLines(run.resolve("history.csv"));
        assertEquals("epoch,loss,train_acc,val_loss,val_acc,lr,seconds", rows.get(0));
        assertEquals(3, rows.size(), rows.toString());
        Matcher m = EPOCH_LINE.matcher(trained.out());
        for (int e = 1; e <= 2; e++) {
            assertTrue(m.find());
            String[] cells = rows.get(e).split(",");
            assertEquals(e, Integer.parseInt(cells[0]));
            assertEquals(m.group(2), String.format(java.util.Locale.ROOT, "%.4f", Double.parseDouble(cells[1])));
            assertEquals(m.group(4), String.format(java.util.Locale.ROOT, "%.4f", Double.parseDouble(cells[3])));
            assertEquals(m.group(5), String.format(java.util.Locale.ROOT, "%.4f", Double.parseDouble(cells[4])));
            assertEquals(m.group(6), cells[5], "the lr as history.csv records it");
        }
    }

    @Test
    void metricsJsonlHasOneObjectPerEpochWithTheHistorysNumbers() throws IOException {
        List<String> rows = Files.readAllLines(run.resolve("history.csv"));
        List<String> lines = Files.readAllLines(run.resolve("metrics.jsonl"));
        assertEquals(2, lines.size(), lines.toString());
        for (int e = 1; e <= 2; e++) {
            JsonObject o = JsonParser.parseString(lines.get(e - 1)).getAsJsonObject();
            String[] cells = rows.get(e).split(",");
            assertEquals(List.of("epoch", "loss", "train_acc", "val_loss", "val_acc", "lr", "seconds"),
                    List.copyOf(o.keySet()));
            assertEquals(e, o.get("epoch").getAsInt());
            assertEquals(Double.parseDouble(cells[1]), o.get("loss").getAsDouble(), 0.0);
            assertEquals(Double.parseDouble(cells[3]), o.get("val_loss").getAsDouble(), 0.0);
            assertEquals(Double.parseDouble(cells[4]), o.get("val_acc").getAsDouble(), 0.0);
            assertEquals(Double.parseDouble(cells[5]), o.get("lr").getAsDouble(), 0.0);
        }
    }

    @Test
    void resultJsonRecordsTheCommandLineTheOverridesAndEveryEpoch() throws IOException {
        JsonObject r = result(run);
        List<String> expected = new java.util.ArrayList<>(List.of(concat(args("train", mlp.toString(), QUICK),
                "--out", run.toString())));
        expected.add(0, "nnc");
        List<String> commandLine = new java.util.ArrayList<>();
        r.getAsJsonArray("command_line").forEach(e -> commandLine.add(e.getAsString()));
        assertEquals(expected, commandLine);
        JsonObject overrides = r.getAsJsonObject("overrides");
        assertEquals("2", overrides.get("epochs").getAsString(), r.toString());
        assertEquals("11", overrides.get("seed").getAsString(), r.toString());
        assertEquals("2e-3", overrides.get("lr").getAsString(), r.toString());
        assertEquals(2, r.getAsJsonArray("history").size());
        JsonObject second = r.getAsJsonArray("history").get(1).getAsJsonObject();
        assertEquals(2, second.get("epoch").getAsInt());
        assertTrue(second.get("val_loss").getAsDouble() > 0, second.toString());
        assertEquals("constant", r.get("schedule").getAsString());
        assertEquals(0.0, r.get("label_smoothing").getAsDouble());
        int best = r.get("best_epoch").getAsInt();
        assertEquals(r.getAsJsonArray("history").get(best - 1).getAsJsonObject().get("val_loss").getAsDouble(),
                r.get("best_val_loss").getAsDouble(), 0.0);
    }

    @Test
    void aScheduleSetsTheRateTheEpochLineAndTheHistoryShow() throws IOException {
        Path out = dir.resolve("stepped");
        Cli.Run r = Cli.run("train", mlp.toString(), "--limit", "600", "--epochs", "3", "--seed", "3", "--set",
                "lr=0.003", "--set", "schedule=step(every = 1, factor = 0.6)", "--out", out.toString());
        assertEquals(0, r.exit(), r.err());
        // 0.003 · 0.6^(e - 1): 0.003, 0.0018 (0.0018000000000000002 in doubles), 0.00108
        List<String> lr = new java.util.ArrayList<>();
        Matcher m = EPOCH_LINE.matcher(r.out());
        while (m.find()) {
            lr.add(m.group(6));
        }
        assertEquals(List.of("0.003", "0.0018", "0.00108"), lr, r.out());
        assertEquals(List.of("0.003", "0.0018", "0.00108"), Files.readAllLines(out.resolve("history.csv")).stream()
                .skip(1).map(l -> l.split(",")[5]).toList());
        assertEquals("step(every = 1, factor = 0.6)", result(out).get("schedule").getAsString());
        assertTrue(r.out().contains("eps = 1.0e-8), schedule step(every = 1, factor = 0.6), 3 epochs, batch 64"),
                r.out());
    }

    @Test
    void resultJsonDescribesTheRun() throws IOException {
        JsonObject r = result(run);
        assertEquals("Mlp", r.get("model").getAsString());
        assertTrue(r.get("data").getAsString().startsWith("fashionMnist(validation = 500"), r.toString());
        assertEquals(2, r.get("epochs").getAsInt());
        assertEquals(11, r.get("seed").getAsLong());
        assertEquals(Checkpoint.NNC_VERSION, r.get("nnc_version").getAsString());
        double bestVal = r.get("best_val_acc").getAsDouble();
        double maxHistory = Files.readAllLines(run.resolve("history.csv")).stream().skip(1)
                .mapToDouble(l -> Double.parseDouble(l.split(",")[4])).max().orElseThrow();
        assertEquals(maxHistory, bestVal);
        double test = r.get("test_acc").getAsDouble();
        assertEquals(find(trained.out(), "^test accuracy (\\S+)$"), String.format(java.util.Locale.ROOT, "%.4f", test));
        // ten classes: chance is 0.1; two epochs on 1,500 images reach about 0.7
        assertTrue(test > 0.5 && test <= 1, "test_acc " + test);
        assertTrue(r.get("train_seconds").getAsDouble() > 0, r.toString());
        assertTrue(r.get("examples_per_second").getAsDouble() > 0, r.toString());
    }

    @Test
    void writesCheckpointsAndDecodableCharts() throws IOException {
        for (String f : List.of("last.safetensors", "best.safetensors")) {
            Checkpoint c = Checkpoint.read(run.resolve(f));
            assertEquals("Mlp", c.meta().model());
            assertTrue(c.tensors().containsKey("affine_1.W"), c.tensors().keySet().toString());
        }
        assertEquals(2, Checkpoint.read(run.resolve("last.safetensors")).meta().epoch());
        for (String f : List.of("curves.png", "confusion.png")) {
            BufferedImage img = ImageIO.read(run.resolve(f).toFile());
            assertNotNull(img, f + " is not an image");
            assertTrue(img.getWidth() > 100 && img.getHeight() > 100, f);
        }
    }

    @Test
    void theSameSeedTwiceGivesTheSameResultAndWeightsAndAnotherSeedDoesNot() throws IOException {
        Path again = dir.resolve("again");
        assertEquals(0, Cli.run(concat(args("train", mlp.toString(), QUICK), "--out", again.toString())).exit());
        JsonObject a = result(run);
        JsonObject b = result(again);
        assertEquals(a.get("best_val_acc"), b.get("best_val_acc"));
        assertEquals(a.get("test_acc"), b.get("test_acc"));
        assertEquals(a.get("test_loss"), b.get("test_loss"));
        assertArrayEquals(Files.readAllBytes(run.resolve("best.safetensors")),
                Files.readAllBytes(again.resolve("best.safetensors")));

        Path other = dir.resolve("other-seed");
        assertEquals(0, Cli.run(concat(args("train", mlp.toString(), quick(1, 12)),
                "--out", other.toString())).exit());
        assertFalse(sameTensors(Checkpoint.read(run.resolve("last.safetensors")),
                Checkpoint.read(other.resolve("last.safetensors")), "affine_1.W"));
    }

    @Test
    void resumingTheFirstEpochGivesTheSameWeightsAsTwoStraightEpochs() throws IOException {
        Path split = dir.resolve("split");
        Cli.Run first = Cli.run(concat(args("train", mlp.toString(), quick(1, 11)), "--out", split.toString()));
        assertEquals(0, first.exit(), first.err());
        assertEquals(1, Checkpoint.read(split.resolve("last.safetensors")).meta().epoch());
        Path ckpt = split.resolve("last.safetensors");
        Cli.Run second = Cli.run(concat(args("train", mlp.toString(), QUICK), "--resume", ckpt.toString()));
        assertEquals(0, second.exit(), second.err());
        assertTrue(second.out().contains("resuming " + ckpt + " after epoch 1"), second.out());
        assertTrue(second.out().contains("epoch   2 "), second.out());
        assertFalse(second.out().contains("epoch   1 "), "epoch 1 is not trained again:\n" + second.out());

        Checkpoint resumed = Checkpoint.read(split.resolve("last.safetensors"));
        Checkpoint straight = Checkpoint.read(run.resolve("last.safetensors"));
        assertEquals(2, resumed.meta().epoch());
        assertEquals(straight.tensors().keySet(), resumed.tensors().keySet());
        for (String name : straight.tensors().keySet()) {
            assertTrue(sameTensors(straight, resumed, name), name);
        }
        assertEquals(Files.readAllLines(run.resolve("history.csv")).size(),
                Files.readAllLines(split.resolve("history.csv")).size());
        assertEquals(result(run).get("test_acc"), result(split).get("test_acc"));
    }

    @Test
    void resumingARunThatDrewARandomSeedContinuesWithThatSeed() throws IOException {
        Path f = Cli.write(dir, "unseeded.nn", TrainFixtures.MLP.replace("seed = 7", ""));
        String[] noSeed = {"--limit", "2000", "--set", "lr=2e-3"};
        Path split = dir.resolve("unseeded-split");
        Cli.Run first = Cli.run(concat(args("train", f.toString(), noSeed), "--epochs", "1", "--out", split.toString()));
        assertEquals(0, first.exit(), first.err());
        long seed = Checkpoint.read(split.resolve("last.safetensors")).meta().seed().orElseThrow();
        assertEquals(seed, result(split).get("seed").getAsLong());

        Cli.Run second = Cli.run(concat(args("train", f.toString(), noSeed), "--epochs", "2",
                "--resume", split.resolve("last.safetensors").toString()));
        assertEquals(0, second.exit(), second.err());
        assertTrue(second.out().contains(", seed " + seed + ","), second.out());
        assertEquals(seed, result(split).get("seed").getAsLong());

        Path straight = dir.resolve("unseeded-straight");
        Cli.Run r = Cli.run(concat(args("train", f.toString(), noSeed), "--epochs", "2", "--seed",
                Long.toString(seed), "--out", straight.toString()));
        assertEquals(0, r.exit(), r.err());
        Checkpoint a = Checkpoint.read(split.resolve("last.safetensors"));
        Checkpoint b = Checkpoint.read(straight.resolve("last.safetensors"));
        for (String name : b.tensors().keySet()) {
            assertTrue(sameTensors(a, b, name), name);
        }
    }

    @Test
    void resumingWithAnotherSeedIsAUsageError() {
        Path ckpt = run.resolve("last.safetensors"); // trained with seed 11
        Cli.Run r = Cli.run(concat(args("train", mlp.toString(), quick(3, 12)), "--resume", ckpt.toString(),
                "--out", dir.resolve("never-seed").toString()));
        assertEquals(ExitCodes.USAGE, r.exit(), r.err());
        assertTrue(r.err().contains("--seed 12 differs from the seed 11"), r.err());
    }

    @Test
    void resumingAnotherModelsCheckpointIsRefused() throws IOException {
        // another file: a resume restores the checkpoint's own --set overrides, so width=8 would be this model
        Path other = Cli.write(dir, "narrow.nn", TrainFixtures.MLP.replace("width: Int = 32", "width: Int = 8"));
        Path narrow = dir.resolve("narrow");
        assertEquals(0, Cli.run(concat(args("train", other.toString(), quick(1, 11)),
                "--out", narrow.toString())).exit());
        Path ckpt = narrow.resolve("last.safetensors");
        Cli.Run r = Cli.run(concat(args("train", mlp.toString(), QUICK), "--resume", ckpt.toString(),
                "--out", dir.resolve("never").toString()));
        assertCleanFailure(r, ckpt.toString(), "different model");
    }

    @Test
    void aRunDirectoryThatCannotBeCreatedIsAClearError() throws IOException {
        Path blocker = Files.writeString(dir.resolve("afile"), "");
        Cli.Run r = Cli.run(concat(args("train", mlp.toString(), quick(1, 11)), "--out",
                blocker.resolve("sub").toString()));
        assertCleanFailure(r, blocker.resolve("sub") + ": cannot create the directory");
    }

    @Test
    void resumingWithAGarbageHistoryIsAClearError() throws IOException {
        Path copy = Files.createDirectories(dir.resolve("garbage-history"));
        Files.copy(run.resolve("last.safetensors"), copy.resolve("last.safetensors"));
        Path history = Files.writeString(copy.resolve("history.csv"), "this is not a history\n");
        Cli.Run r = Cli.run(concat(args("train", mlp.toString(), quick(3, 11)), "--resume",
                copy.resolve("last.safetensors").toString()));
        assertCleanFailure(r, history + ": not a training history");
    }

    @Test
    void aLimitBelowTheValidationSplitScalesItAndSaysSo() {
        Cli.Run r = Cli.run("train", mlp.toString(), "--limit", "300", "--epochs", "1", "--out",
                dir.resolve("limit-300").toString());
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("note: validation = 500 does not fit the 300 training examples --limit 300 "
                + "leaves; holding out 30 (a tenth) instead"), r.out());
        assertTrue(r.out().contains(": 270 train / 30 validation /"), r.out());
    }

    @Test
    void resultJsonSpellsTheOptimizerAsTrainPrintedIt() throws IOException {
        assertEquals(find(trained.out(), "^(adam\\(.*\\)), 2 epochs"), result(run).get("optimizer").getAsString());
    }

    @Test
    void oneEpochIsSingular() {
        Cli.Run r = Cli.run(concat(args("train", mlp.toString(), quick(1, 11)), "--out",
                dir.resolve("one-epoch").toString()));
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("), 1 epoch, batch 64"), r.out());
    }

    @Test
    void aSettingGivenTwiceIsAUsageErrorNamingTheKey() {
        Cli.Run twice = Cli.run("train", mlp.toString(), "--set", "width=8", "--set", "width=16");
        assertEquals(ExitCodes.USAGE, twice.exit(), twice.err());
        assertTrue(twice.err().startsWith("nnc: --set width is given twice (width=8 and width=16)"), twice.err());
        Cli.Run both = Cli.run("train", mlp.toString(), "--epochs", "2", "--set", "epochs=5");
        assertEquals(ExitCodes.USAGE, both.exit(), both.err());
        assertTrue(both.err().startsWith("nnc: --epochs 2 and --set epochs=5 both set 'epochs'"), both.err());
        assertEquals("", both.out());
    }

    @Test
    void aModelWithoutALossLayerIsRefused() throws IOException {
        Path f = Cli.write(dir, "noloss.nn", TrainFixtures.NO_LOSS);
        assertCleanFailure(Cli.run("train", f.toString(), "--limit", "2000"), "NoLoss", "no loss layer");
    }

    @Test
    void aModelWithoutDataIsRefusedWithTheFlagToGiveIt() throws IOException {
        Path f = Cli.write(dir, "nodata.nn", TrainFixtures.NO_DATA);
        assertCleanFailure(Cli.run("train", f.toString()), f + ":1:7: error: model NoData names no data to train on\n",
                "add data = fashionMnist() to its train block, or pass --data to nnc train");
        Cli.Run compiled = Cli.run("compile", f.toString());
        assertEquals(0, compiled.exit(), compiled.err());
        assertEquals("", compiled.err(), "a model that only compiles needs no data");
    }

    @Test
    void aDataSpecNamingAMissingDirectoryNamesThePath() {
        Cli.Run r = Cli.run("train", mlp.toString(), "--limit", "2000", "--data", "mnist(\"/nonexistent/mnist\")",
                "--out", dir.resolve("never").toString());
        assertCleanFailure(r, "/nonexistent/mnist");
    }

    @Test
    void aDivergingRunStopsWithTheLowerLearningRateHint() throws IOException {
        Path f = Cli.write(dir, "sgd.nn", TrainFixtures.SGD);
        Path out = dir.resolve("diverged");
        Cli.Run r = Cli.run("train", f.toString(), "--limit", "2000", "--epochs", "1", "--set", "lr=1e30",
                "--out", out.toString());
        assertCleanFailure(r, "training diverged", "Lower the learning rate", "--set lr=1.000e+29");
        assertFalse(Files.exists(out.resolve("result.json")), "a failed run reports no result");
    }

    @Test
    void aLimitBelowOneIsAUsageError() {
        Cli.Run r = Cli.run("train", mlp.toString(), "--limit", "0");
        assertEquals(ExitCodes.USAGE, r.exit(), r.err());
        assertTrue(r.err().contains("--limit must be at least 1, got 0"), r.err());
        assertTrue(r.err().contains("train --help"), "the usage-error pointer every command gives:\n" + r.err());
    }

    static JsonObject result(Path runDir) throws IOException {
        return JsonParser.parseString(Files.readString(runDir.resolve("result.json"))).getAsJsonObject();
    }

    static boolean sameTensors(Checkpoint a, Checkpoint b, String name) {
        Map<String, SafeTensor> ta = a.tensors();
        Map<String, SafeTensor> tb = b.tensors();
        ByteBuffer x = ta.get(name).data().duplicate();
        ByteBuffer y = tb.get(name).data().duplicate();
        return ta.get(name).shape().equals(tb.get(name).shape()) && x.equals(y);
    }
}
