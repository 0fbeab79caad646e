package dev.nnc.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import dev.nnc.data.LoadOptions;
import dev.nnc.diag.Diagnostic;
import dev.nnc.io.RunFileException;
import dev.nnc.sweep.Journal;
import dev.nnc.sweep.TrialResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link Sweep}: every trial compiled first, the local engine, resuming, failed trials. Tiny CSV data. */
class SweepTest {

    @TempDir
    Path dir;

    private Path model(String sweep) throws IOException {
        StringBuilder csv = new StringBuilder("a,b,c,d,label\n");
        for (int i = 0; i < 60; i++) {
            int label = i % 3;
            csv.append(label).append(',').append(i % 5).append(',').append(label * 2).append(",1,").append(label)
                    .append('\n');
        }
        Files.writeString(dir.resolve("train.csv"), csv);
        Path f = dir.resolve("m.nn");
        Files.writeString(f, "model M(width: Int = 6) {\n"
                + "    input(4)\n"
                + "    affine(width) - relu - affine(3) - softmax\n"
                + "    train {\n        data = csv(\"train.csv\", validation = 0.25)\n"
                + "        optimizer = sgd(lr = 1e-2)\n        epochs = 2\n        batchSize = 10\n    }\n"
                + "    sweep {\n" + sweep + "\n    }\n}\n");
        return f;
    }

    private static final String GRID = "        lr = choice(1e-2, 1e-1)\n        width = choice(4, 8)\n        seed = 3";

    private static Sweep.StudyOptions options(Path study, int parallel, boolean resume) {
        return new Sweep.StudyOptions(study, parallel, 1, LoadOptions.all(), resume);
    }

    /** Each trial's finished line without its time: config, seed and metrics, by trial index. */
    private static Map<Integer, String> finished(Path study) {
        Map<Integer, String> out = new TreeMap<>();
        for (JsonObject o : Journal.read(study)) {
            if (o.get("event").getAsString().equals("finished") || o.get("event").getAsString().equals("epoch")) {
                JsonObject c = o.deepCopy();
                c.remove("time");
                c.remove("seconds");
                out.merge(c.get("trial").getAsInt(), c.toString(), (a, b) -> a + "\n" + b);
            }
        }
        return out;
    }

    @Test
    void aBadCombinationIsAnErrorAtTheValueInTheSweepBlock() throws IOException {
        Path f = model("        width = choice(4, 0)\n        lr = choice(1e-2, 1e-1)");
        Sweep.Plan plan = Sweep.plan(f, CompileOptions.defaults(), OptionalLong.of(1));
        assertFalse(plan.ok());
        assertEquals(List.of(true, true, false, false), plan.trials().stream().map(Sweep.PlannedTrial::valid).toList());
        Diagnostic d = plan.trials().get(2).errors().get(0);
        assertEquals(f + ":11:27", d.span().toString(), plan.render()); // the 0 in choice(4, 0)
        assertTrue(d.message().startsWith("trial 2 (width=0, lr=1e-2): "), d.message());
        assertTrue(d.message().endsWith("(at " + f + ":3:12)"), "where the layer it breaks is: " + d.message());
        assertThrows(CompilationException.class, () -> Sweep.runLocal(plan, options(dir.resolve("s"), 1, false),
                Sweep.StudyListener.NONE), "nothing trains when a trial does not compile");
        assertFalse(Files.exists(dir.resolve("s")));
    }

    @Test
    void aSweptKeyCannotAlsoBeSetAndAFileWithoutASweepIsAnError() throws IOException {
        Path f = model(GRID);
        Sweep.Plan plan = Sweep.plan(f, CompileOptions.defaults().with("lr", "0.5"), OptionalLong.empty());
        assertFalse(plan.ok());
        assertTrue(plan.render().contains("'lr' is swept"), plan.render());
        Files.writeString(f, Files.readString(f).replaceAll("(?s)sweep \\{.*?\\}", ""));
        Sweep.Plan none = Sweep.plan(f, CompileOptions.defaults(), OptionalLong.empty());
        assertTrue(none.render().contains("has no sweep block"), none.render());
    }

    @Test
    void oneTrialAtATimeOrTwoGiveTheSameJournalBitForBit() throws IOException {
        Path f = model(GRID);
        Sweep.Plan plan = Sweep.plan(f, CompileOptions.defaults(), OptionalLong.empty());
        assertTrue(plan.ok(), plan.render());
        Sweep.Study one = Sweep.runLocal(plan, options(dir.resolve("p1"), 1, false), Sweep.StudyListener.NONE);
        Sweep.Study two = Sweep.runLocal(plan, options(dir.resolve("p2"), 2, false), Sweep.StudyListener.NONE);
        assertEquals(4, one.ran());
        assertEquals(4, finished(dir.resolve("p1")).size());
        assertEquals(finished(dir.resolve("p1")), finished(dir.resolve("p2")));
        assertEquals(one.ranked().stream().map(r -> r.trial().index()).toList(),
                two.ranked().stream().map(r -> r.trial().index()).toList());
        // and a trial run on its own, as a distributed engine would, gives the same numbers again
        TrialResult alone = Sweep.runTrial(f, CompileOptions.defaults(), 3, 2, dir.resolve("alone"),
                LoadOptions.all(), java.util.OptionalInt.of(1), dev.nnc.train.TrainingListener.NONE);
        TrialResult inStudy = TrialResult.outcomes(Journal.read(dir.resolve("p1"))).get(2);
        assertEquals(inStudy.trial(), alone.trial());
        assertEquals(inStudy.valLoss(), alone.valLoss());
        assertEquals(inStudy.valAcc(), alone.valAcc());

        Path p1 = dir.resolve("p1");
        for (String file : List.of(Sweep.STUDY_FILE, "leaderboard.csv", "leaderboard.md", "best/best.safetensors",
                "best/command.txt", "trials/trial-000/history.csv", "trials/trial-003/last.safetensors")) {
            assertTrue(Files.isRegularFile(p1.resolve(file)), file);
        }
        assertEquals(3, Sweep.studySeed(p1).getAsLong());
        TrialResult best = one.ranked().get(0);
        String command = Files.readString(p1.resolve("best/command.txt")).strip();
        assertEquals("nnc train " + f + " --set lr=" + best.trial().config().get("lr") + " --set width="
                + best.trial().config().get("width") + " --set seed=" + best.trial().seed(), command);
        List<String> csv = Files.readAllLines(p1.resolve("leaderboard.csv"));
        assertEquals("rank,trial,status,lr,width,seed,valAcc,valLoss,epochs,seconds", csv.get(0));
        assertTrue(csv.get(1).startsWith("1," + best.trial().index() + ",finished,"), csv.toString());
    }

    @Test
    void resumeSkipsFinishedTrialsAndRerunsAnInterruptedOne() throws IOException {
        Path f = model(GRID);
        Sweep.Plan plan = Sweep.plan(f, CompileOptions.defaults(), OptionalLong.empty());
        Path study = dir.resolve("study");
        Sweep.runLocal(plan, options(study, 1, false), Sweep.StudyListener.NONE);
        Map<Integer, String> before = finished(study);
        // As if killed while trial 3 ran: its finished line never made it, and the last line is torn.
        List<String> lines = Files.readAllLines(study.resolve(Journal.FILE));
        int cut = lines.size() - 1;
        while (!lines.get(cut).contains("\"event\":\"started\"")) {
            cut--;
        }
        Files.writeString(study.resolve(Journal.FILE), String.join("\n", lines.subList(0, cut + 1))
                + "\n{\"event\":\"epoch\",\"tri");
        assertThrows(RunFileException.class, () -> Sweep.runLocal(plan, options(study, 1, false),
                Sweep.StudyListener.NONE), "an existing study is resumed explicitly, never overwritten");

        List<Integer> started = new java.util.ArrayList<>();
        Sweep.Study resumed = Sweep.runLocal(plan, options(study, 1, true), new Sweep.StudyListener() {
            @Override
            public void trialStarted(dev.nnc.sweep.Trial t) {
                started.add(t.index());
            }
        });
        assertEquals(List.of(3), started);
        assertEquals(3, resumed.skipped());
        assertEquals(before, finished(study), "the rerun trial gets the same result");
        long finishedLines = Journal.read(study).stream().filter(o -> o.get("event").getAsString().equals("finished"))
                .count();
        assertEquals(4, finishedLines, "no trial finished twice");

        Sweep.Plan other = Sweep.plan(f, CompileOptions.defaults(), OptionalLong.of(4));
        assertThrows(RunFileException.class, () -> Sweep.runLocal(other, options(study, 1, true),
                Sweep.StudyListener.NONE), "another study seed is another study");
    }

    @Test
    void aTrialThatFailsIsJournaledAsFailedAndTheStudyGoesOn() throws IOException {
        Path f = model("        lr = choice(1e-2, 1e30)\n        seed = 1");
        Sweep.Plan plan = Sweep.plan(f, CompileOptions.defaults(), OptionalLong.empty());
        assertTrue(plan.ok(), plan.render());
        Sweep.Study s = Sweep.runLocal(plan, options(dir.resolve("f"), 1, false), Sweep.StudyListener.NONE);
        Map<String, List<Integer>> byEvent = Journal.read(dir.resolve("f")).stream()
                .filter(o -> !o.get("event").getAsString().equals("epoch"))
                .collect(Collectors.groupingBy(o -> o.get("event").getAsString(), TreeMap::new,
                        Collectors.mapping(o -> o.get("trial").getAsInt(), Collectors.toList())));
        assertEquals(Map.of("started", List.of(0, 1), "finished", List.of(0), "failed", List.of(1)), byEvent);
        TrialResult failed = s.ranked().get(1);
        assertFalse(failed.finished());
        assertTrue(failed.error().get().contains("diverged"), failed.error().get());
        assertTrue(Files.readString(dir.resolve("f/leaderboard.csv")).contains(",1,failed,"));
    }

    /** Every event of each trial but its times, by trial index: what P and the engine must not change. */
    private static Map<Integer, String> events(Path study) {
        Map<Integer, String> out = new TreeMap<>();
        for (JsonObject o : Journal.read(study)) {
            JsonObject c = o.deepCopy();
            c.remove("time");
            c.remove("seconds");
            out.merge(c.get("trial").getAsInt(), c.toString(), (a, b) -> a + "\n" + b);
        }
        return out;
    }

    private static final String ASHA = "        lr = choice(1e-3, 1e-2, 1e-1)\n        width = choice(4, 8)\n"
            + "        seed = 3\n        prune = asha(grace = 1, factor = 2)";

    /**
     * ASHA with 4 epochs, rungs at epochs 1 and 2. One trial at a time decides every rung at once; three at a
     * time with trial 0 held back until trials 1 and 2 have trained all their epochs leaves their decisions
     * pending to the end. Both give the same journal, line for line per trial, and the same leaderboard.
     */
    @Test
    void ashaPrunesTheSameTrialsAtTheSameRungsOneAtATimeOrThreeWithDecisionsPending() throws Exception {
        Path f = model(ASHA);
        Files.writeString(f, Files.readString(f).replace("epochs = 2", "epochs = 4"));
        Sweep.Plan plan = Sweep.plan(f, CompileOptions.defaults(), OptionalLong.empty());
        assertTrue(plan.ok(), plan.render());
        Sweep.Study one = Sweep.runLocal(plan, options(dir.resolve("p1"), 1, false), Sweep.StudyListener.NONE);

        java.util.concurrent.CountDownLatch laterOnesTrained = new java.util.concurrent.CountDownLatch(2);
        Sweep.TrialRunner holdTrial0 = (p, t, runDir, o, listener) -> {
            if (t.index() == 0) {
                try {
                    laterOnesTrained.await();
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            }
            try {
                return Sweep.IN_PROCESS.run(p, t, runDir, o, listener);
            } finally {
                if (t.index() == 1 || t.index() == 2) {
                    laterOnesTrained.countDown();
                }
            }
        };
        Sweep.Study three = Sweep.runStudy(plan, options(dir.resolve("p3"), 3, false), "local", holdTrial0,
                Sweep.StudyListener.NONE);

        assertEquals(events(dir.resolve("p1")), events(dir.resolve("p3")));
        assertEquals(Files.readAllLines(dir.resolve("p1/leaderboard.csv")).stream().map(SweepTest::withoutSeconds)
                .toList(), Files.readAllLines(dir.resolve("p3/leaderboard.csv")).stream()
                .map(SweepTest::withoutSeconds).toList());
        assertEquals(Files.readString(dir.resolve("p1/best/command.txt")),
                Files.readString(dir.resolve("p3/best/command.txt")));

        List<TrialResult> pruned = one.ranked().stream().filter(TrialResult::pruned).toList();
        assertFalse(pruned.isEmpty(), one.ranked().toString());
        assertTrue(one.ranked().get(0).finished(), "the winner is a finished trial");
        assertEquals(three.ranked().stream().map(TrialResult::status).toList(),
                one.ranked().stream().map(TrialResult::status).toList());
        for (TrialResult r : pruned) {
            int rungEpoch = r.prunedAt().getAsInt() == 0 ? 1 : 2;
            assertEquals(rungEpoch, r.epochs());
            long epochLines = Journal.read(dir.resolve("p3")).stream().filter(o -> o.get("trial").getAsInt()
                    == r.trial().index() && o.get("event").getAsString().equals("epoch")).count();
            assertEquals(rungEpoch, epochLines, "no epoch after the rung is journaled, though it trained on");
        }
        List<String> csv = Files.readAllLines(dir.resolve("p1/leaderboard.csv"));
        int firstPruned = 1 + one.ranked().indexOf(pruned.get(0));
        assertTrue(csv.get(firstPruned).contains(",pruned,"), csv.toString());
        assertTrue(one.ranked().subList(0, firstPruned - 1).stream().allMatch(TrialResult::finished),
                "finished trials rank first");

        // resuming treats pruned trials as done, and ASHA's state comes back from the journal's rung lines
        Sweep.Study resumed = Sweep.runLocal(plan, options(dir.resolve("p1"), 1, true), Sweep.StudyListener.NONE);
        assertEquals(0, resumed.ran());
        assertEquals(one.ranked().stream().map(TrialResult::status).toList(),
                resumed.ranked().stream().map(TrialResult::status).toList());
    }

    /** A rung metric is the score the trial would end with if it stopped there: its best epoch's with keepBest. */
    @Test
    void theRungMetricIsTheBestEpochsWithKeepBestAndTheRungEpochsWithout() throws IOException {
        for (boolean keepBest : List.of(true, false)) {
            Path f = model(ASHA);
            Files.writeString(f, Files.readString(f).replace("epochs = 2", "epochs = 4\n        keepBest = " + keepBest));
            Path study = dir.resolve("kb-" + keepBest);
            Sweep.runLocal(Sweep.plan(f, CompileOptions.defaults(), OptionalLong.empty()), options(study, 1, false),
                    Sweep.StudyListener.NONE);
            Map<Integer, List<Double>> valAcc = new TreeMap<>();
            int rungs = 0;
            for (JsonObject o : Journal.read(study)) {
                int i = o.get("trial").getAsInt();
                switch (o.get("event").getAsString()) {
                    case "epoch" -> valAcc.computeIfAbsent(i, k -> new java.util.ArrayList<>())
                            .add(o.get("valAcc").getAsDouble());
                    case "rung" -> {
                        List<Double> upTo = valAcc.get(i).subList(0, o.get("epoch").getAsInt());
                        double expected = keepBest ? upTo.stream().max(Double::compare).get()
                                : upTo.get(upTo.size() - 1);
                        assertEquals(expected, o.get("metric").getAsDouble(), "keepBest " + keepBest + ": " + o);
                        rungs++;
                    }
                    default -> { }
                }
            }
            assertTrue(rungs >= 6, "every trial reaches rung 0: " + rungs);
        }
    }

    @Test
    void ashaWhoseFirstRungIsNotBeforeTheLastEpochIsAWarning() throws IOException {
        // a warning, not an error: --set epochs=1 for a quick look at a pruned study should still run
        Path f = model("        lr = choice(1e-2, 1e-1)\n        prune = asha(grace = 2)");
        Sweep.Plan plan = Sweep.plan(f, CompileOptions.defaults(), OptionalLong.of(1));
        assertTrue(plan.ok(), plan.render());
        assertTrue(plan.render().contains(f + ":12:17: warning: asha(grace = 2, factor = 3) would never stop a "
                + "trial: its first rung is epoch 2, and no trial trains longer than 2 epochs"), plan.render());
        Sweep.Plan longer = Sweep.plan(f, CompileOptions.defaults().with("epochs", "3"), OptionalLong.of(1));
        assertEquals("", longer.render());
    }

    private static String withoutSeconds(String csvLine) {
        return csvLine.substring(0, csvLine.lastIndexOf(','));
    }

    /** A listener's TrialPruned stops the trainer after the epoch it reports: the run directory holds that epoch. */
    @Test
    void trialPrunedFromAListenerStopsTrainingWithTheRunFilesOfThatEpoch() throws IOException {
        Path f = model(GRID);
        Path run = dir.resolve("run");
        List<Integer> epochs = new java.util.ArrayList<>();
        dev.nnc.sweep.TrialPruned e = assertThrows(dev.nnc.sweep.TrialPruned.class, () -> Sweep.runTrial(f,
                CompileOptions.defaults(), 3, 1, run, LoadOptions.all(), java.util.OptionalInt.of(1),
                new dev.nnc.train.TrainingListener() {
                    @Override
                    public void epochDone(dev.nnc.train.EpochStats s, boolean improved) {
                        epochs.add(s.epoch());
                        throw new dev.nnc.sweep.TrialPruned("stop at " + s.epoch());
                    }
                }));
        assertEquals("stop at 1", e.getMessage());
        assertEquals(List.of(1), epochs, "epoch 2 never ran");
        assertEquals(2, Files.readAllLines(run.resolve("history.csv")).size(), "a header and epoch 1");
        assertEquals(1, dev.nnc.api.TrainingSession.resumePoint(run.resolve("last.safetensors")).epoch());
        try (var files = Files.list(run)) {
            List<String> names = files.map(p -> p.getFileName().toString()).sorted().toList();
            assertTrue(names.containsAll(List.of("best.safetensors", "history.csv", "last.safetensors")), names.toString());
            assertTrue(names.stream().noneMatch(n -> n.startsWith(".") || n.contains("tmp")), names.toString());
        }
    }

    /**
     * --refit: the winner again, on its 45 training and 15 validation examples together, for the epochs up to its
     * best validation accuracy (keepBest), scored on the test split.
     */
    @Test
    void refitRetrainsTheWinnerOnTrainPlusValidationForItsBestEpochs() throws IOException {
        Path f = model(GRID);
        Files.writeString(f, Files.readString(f).replace("validation = 0.25)", "validation = 0.25, test = \"train.csv\")")
                .replace("epochs = 2", "epochs = 3"));
        Sweep.Plan plan = Sweep.plan(f, CompileOptions.defaults(), OptionalLong.empty());
        assertTrue(plan.ok(), plan.render());
        Path study = dir.resolve("study");
        Sweep.Study s = Sweep.runLocal(plan, options(study, 1, false), Sweep.StudyListener.NONE);
        Sweep.Refit refit = Sweep.refit(plan, study, LoadOptions.all(), java.util.OptionalInt.of(1),
                dev.nnc.train.TrainingListener.NONE);
        TrialResult winner = s.ranked().get(0);
        assertEquals(winner.trial(), refit.trial());
        assertEquals(60, refit.examples(), "train and validation together");
        // the first epoch with the winner's highest valAcc, as keepBest picks it
        List<Double> valAcc = Journal.read(study).stream().filter(o -> o.get("trial").getAsInt()
                == winner.trial().index() && o.get("event").getAsString().equals("epoch"))
                .map(o -> o.get("valAcc").getAsDouble()).toList();
        int bestEpoch = 1 + valAcc.indexOf(valAcc.stream().max(Double::compare).get());
        assertEquals(bestEpoch, refit.epochs());
        assertEquals(study.resolve("best/refit"), refit.runDir());
        assertEquals(1 + bestEpoch, Files.readAllLines(refit.runDir().resolve("history.csv")).size());
        assertTrue(refit.testAccuracy() >= 0 && refit.testAccuracy() <= 1, refit.toString());
        assertTrue(Files.readString(study.resolve("best/refit.txt")).startsWith("trial " + winner.trial().index()
                + " ("), "refit.txt names the trial");
        assertTrue(Files.readString(study.resolve("best/refit.txt")).contains("(60 examples)"));
    }
}
