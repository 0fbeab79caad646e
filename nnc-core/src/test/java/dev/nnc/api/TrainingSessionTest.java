package dev.nnc.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nnc.data.LoadOptions;
import dev.nnc.graph.LayerGraph;
import dev.nnc.train.EpochStats;
import dev.nnc.train.TrainingListener;
import dev.nnc.train.TrainingResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link TrainingSession}: the run directory it writes, and resuming the run that wrote a checkpoint. */
class TrainingSessionTest {

    @TempDir
    Path dir;

    private LayerGraph compile(int epochs) throws IOException {
        StringBuilder csv = new StringBuilder("a,b,c,d,label\n");
        for (int i = 0; i < 40; i++) {
            int label = i % 3;
            csv.append(label).append(',').append(i % 5).append(',').append(label * 2).append(",1,").append(label)
                    .append('\n');
        }
        Files.writeString(dir.resolve("train.csv"), csv);
        Path f = dir.resolve("m.nn");
        Files.writeString(f, "model M {\n input(4)\n affine(6) - relu - affine(3) - softmax\n"
                + " train { data = csv(\"train.csv\", validation = 0.25)\n epochs = " + epochs
                + "\n batchSize = 10\n seed = 3 }\n}\n");
        return Nnc.compile(f, CompileOptions.defaults()).orThrow().graph();
    }

    @Test
    void aRunWritesItsDirectoryAndAResumedRunContinuesIt() throws IOException {
        LayerGraph one = compile(1);
        Path run = dir.resolve("runs/m");
        TrainingSession first = TrainingSession.open(one, one.train(), LoadOptions.all(), run, Optional.empty());
        assertEquals(OptionalInt.empty(), first.resumedAfterEpoch());
        assertEquals(30, first.data().train().count());
        TrainingResult r1 = first.train(TrainingListener.NONE);
        assertEquals(1, r1.history().size());
        for (String file : List.of(RunDirectory.LAST, RunDirectory.BEST, RunDirectory.HISTORY)) {
            assertTrue(Files.isRegularFile(run.resolve(file)), file);
        }

        Path last = run.resolve(RunDirectory.LAST);
        assertEquals(3, TrainingSession.checkpointSeed(last).getAsLong());
        LayerGraph two = compile(2);
        TrainingSession resumed = TrainingSession.open(two, two.train(), LoadOptions.all(), run, Optional.of(last));
        assertEquals(OptionalInt.of(1), resumed.resumedAfterEpoch());
        TrainingResult r2 = resumed.train(TrainingListener.NONE);
        assertEquals(List.of(1, 2), r2.history().stream().map(EpochStats::epoch).toList());
        assertEquals(r1.history().get(0).loss(), r2.history().get(0).loss(), "the first epoch is the first run's");
        assertEquals(3, Files.readAllLines(run.resolve(RunDirectory.HISTORY)).size(), "header and two epochs");
    }

    @Test
    void theKernelsAreNamedAndTheThreadsAreTheSessions() throws IOException {
        LayerGraph one = compile(1);
        TrainingSession s = TrainingSession.open(one, one.train(), LoadOptions.all(), dir.resolve("runs/k"),
                Optional.empty(), OptionalInt.of(3));
        TrainingSession.Kernels k = s.kernels();
        assertTrue(!k.gemm().isBlank() && !k.elementLoops().isBlank(), k.toString());
        assertEquals(3, k.threads());
        TrainingSession other = TrainingSession.open(one, one.train(), LoadOptions.all(), dir.resolve("runs/d"),
                Optional.empty());
        assertEquals(TrainingSession.defaultThreads(), other.kernels().threads(), "not the other session's 3");
    }
}
