package dev.nnc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code nnc sweep}: the example study on a few hundred examples, dry runs, resuming, bad flags. */
class SweepCommandTest {

    private static final String MODEL = "models/sweep_mlp.nn";

    @TempDir
    Path dir;

    @Test
    void theExampleStudyRunsAndAResumeRunsNothingAgain() throws IOException {
        Path study = dir.resolve("study");
        Cli.Run r = Cli.run("sweep", MODEL, "--limit", "300", "--set", "epochs=1", "--parallel", "1", "--threads", "1",
                "--out", study.toString());
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("sweep of SweepMlp: grid, 6 trials by valAcc, study seed 7"), r.out());
        for (int i = 0; i < 6; i++) {
            assertTrue(r.out().contains("trial " + i + "/6 started: ") && r.out().contains("trial " + i + " finished"),
                    r.out());
        }
        assertTrue(r.out().contains("retrain with: nnc train models/sweep_mlp.nn --set epochs=1 --set lr="), r.out());
        List<String> board = Files.readAllLines(study.resolve("leaderboard.csv"));
        assertEquals(7, board.size(), board.toString());
        assertTrue(Files.isRegularFile(study.resolve("best/best.safetensors")));

        Cli.Run again = Cli.run("sweep", MODEL, "--limit", "300", "--set", "epochs=1", "--threads", "1",
                "--resume", study.toString());
        assertEquals(0, again.exit(), again.err());
        assertFalse(again.out().contains("started"), again.out());
        assertTrue(again.out().contains("6 trials already finished"), again.out());
        assertEquals(board, Files.readAllLines(study.resolve("leaderboard.csv")));
    }

    /**
     * The example's ASHA on 3 epochs (one rung, at epoch 1) and --refit, off a terminal: one plain line per event
     * and no escape codes; the winner is retrained on all 300 examples.
     */
    @Test
    void offATerminalPrunedTrialsGetPlainLinesAndRefitRetrainsTheWinner() throws IOException {
        Path study = dir.resolve("study");
        Cli.Run r = Cli.run("sweep", MODEL, "--limit", "300", "--set", "epochs=3", "--parallel", "1", "--threads", "1",
                "--out", study.toString(), "--refit");
        assertEquals(0, r.exit(), r.err());
        assertFalse(r.out().contains("\033["), "no ANSI codes in a pipe");
        List<String> board = Files.readAllLines(study.resolve("leaderboard.csv"));
        List<String> prunedRows = board.stream().filter(l -> l.contains(",pruned,")).toList();
        assertFalse(prunedRows.isEmpty(), board.toString());
        for (String row : prunedRows) {
            String trial = row.split(",")[1];
            assertTrue(r.out().contains("trial " + trial + " pruned at rung 0 (epoch 1): valAcc "), r.out());
            assertFalse(r.out().contains("trial " + trial + " epoch 2:"), "stopped at the rung: " + r.out());
        }
        assertTrue(board.get(1).contains(",finished,"), "a finished trial wins: " + board);
        String winner = board.get(1).split(",")[1];
        assertTrue(r.out().matches("(?s).*refit of trial " + winner + " on 300 examples for [1-3] epochs?: test "
                + "accuracy 0\\.\\d{4}, test loss .*"), r.out());
        assertTrue(Files.isRegularFile(study.resolve("best/refit/best.safetensors")));
        assertTrue(Files.readString(study.resolve("best/refit.txt")).startsWith("trial " + winner + " "));
    }

    @Test
    void aDryRunListsTheTrialsAndMarksTheInvalidOnes() throws IOException {
        Cli.Run ok = Cli.run("sweep", MODEL, "--dry-run");
        assertEquals(0, ok.exit(), ok.err());
        assertTrue(ok.out().contains("trial   5  ok       lr=1e-1, weightScale=1e-2  seed "), ok.out());
        assertTrue(ok.out().contains("6 of 6 trials compile"), ok.out());

        Path bad = Cli.write(dir, "bad.nn", Files.readString(Path.of(MODEL))
                .replace("weightScale = choice(1e-3, 1e-2)", "weightScale = choice(1e-3, -1.0)"));
        Cli.Run r = Cli.run("sweep", bad.toString(), "--dry-run");
        assertEquals(1, r.exit());
        assertTrue(r.out().contains("INVALID  lr=1e-3, weightScale=-1.0"), r.out());
        assertTrue(r.out().contains("3 of 6 trials compile"), r.out());
        assertTrue(r.err().contains(bad + ":18:36: error: trial 1 (lr=1e-3, weightScale=-1.0): "), r.err());
    }

    @Test
    void moreThreadsThanProcessorsIsAUsageError() {
        int cores = Runtime.getRuntime().availableProcessors();
        Cli.Run r = Cli.run("sweep", MODEL, "--parallel", Integer.toString(cores), "--threads", "2", "--dry-run");
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("processors"), r.err());
    }

    @Test
    void aModelWithoutASweepBlockSaysSo() {
        Cli.Run r = Cli.run("sweep", "models/fashion_mlp.nn", "--dry-run");
        assertEquals(1, r.exit());
        assertTrue(r.err().contains("has no sweep block"), r.err());
    }
}
