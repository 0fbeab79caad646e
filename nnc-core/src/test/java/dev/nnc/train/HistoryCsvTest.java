package dev.nnc.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nnc.io.RunFileException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HistoryCsvTest {

    @TempDir
    Path dir;

    private static final List<EpochStats> HISTORY = List.of(
            new EpochStats(1, 0.6931, 0.75, 0.61, 0.7, 1e-3, 12.3456),
            new EpochStats(2, 0.25, 0.875, Double.NaN, Double.NaN, 1e-4, 0.5));

    @Test
    void formatsOneRowPerEpoch() {
        assertEquals("""
                epoch,loss,train_acc,val_loss,val_acc,lr,seconds
                1,0.6931,0.75,0.61,0.7,0.001,12.346
                2,0.25,0.875,,,1.0E-4,0.500
                """, HistoryCsv.format(HISTORY));
        assertEquals("epoch,loss,train_acc,val_loss,val_acc,lr,seconds\n", HistoryCsv.format(List.of()));
    }

    @Test
    void readsTheOlderHistoryWithoutValLoss() throws IOException {
        Path file = dir.resolve("history.csv");
        Files.writeString(file, """
                epoch,loss,train_acc,val_acc,lr,seconds
                1,0.6931,0.75,0.7,0.001,12.346
                2,0.25,0.875,,1.0E-4,0.500
                """);
        assertEquals(List.of(new EpochStats(1, 0.6931, 0.75, Double.NaN, 0.7, 1e-3, 12.346),
                new EpochStats(2, 0.25, 0.875, Double.NaN, Double.NaN, 1e-4, 0.5)), HistoryCsv.read(file));
        Files.writeString(file, HistoryCsv.HEADER_V1 + "\n1,0.5,0.5,0.5,0.5,0.5,1.0\n");
        assertEquals(file + ": line 2: bad history row '1,0.5,0.5,0.5,0.5,0.5,1.0': expected 6 fields, found 7",
                assertThrows(RunFileException.class, () -> HistoryCsv.read(file)).getMessage());
    }

    @Test
    void metricsJsonlHasOneObjectPerEpochWithNullForWhatWasNotMeasured() {
        assertEquals("""
                {"epoch":1,"loss":0.6931,"train_acc":0.75,"val_loss":0.61,"val_acc":0.7,"lr":0.001,"seconds":12.346}
                {"epoch":2,"loss":0.25,"train_acc":0.875,"val_loss":null,"val_acc":null,"lr":1.0E-4,"seconds":0.5}
                """, MetricsJsonl.format(HISTORY));
        assertEquals("", MetricsJsonl.format(List.of()));
    }

    @Test
    void writesAtomicallyAndReadsBack() throws IOException {
        Path file = dir.resolve("run/history.csv");
        HistoryCsv.write(file, HISTORY.subList(0, 1));
        HistoryCsv.write(file, HISTORY);
        assertEquals(HistoryCsv.format(HISTORY), Files.readString(file, StandardCharsets.UTF_8));
        try (Stream<Path> files = Files.list(file.getParent())) {
            assertEquals(List.of(file), files.toList());
        }
        List<EpochStats> read = HistoryCsv.read(file);
        assertEquals(HISTORY.get(1), read.get(1));
        assertEquals(new EpochStats(1, 0.6931, 0.75, 0.61, 0.7, 1e-3, 12.346), read.get(0), "seconds keep 3 decimals");
    }

    @Test
    void readRejectsAForeignFile() throws IOException {
        Path file = dir.resolve("history.csv");
        Files.writeString(file, "epoch,loss\n1,2\n");
        assertEquals(file + ": not a training history: the first line is not "
                        + "epoch,loss,train_acc,val_loss,val_acc,lr,seconds",
                assertThrows(RunFileException.class, () -> HistoryCsv.read(file)).getMessage());
        Files.writeString(file, HistoryCsv.HEADER + "\n1,0.5,x,,,0.1,1.0\n");
        assertEquals(file + ": line 2: bad history row '1,0.5,x,,,0.1,1.0': For input string: \"x\"",
                assertThrows(RunFileException.class, () -> HistoryCsv.read(file)).getMessage());
    }

    @Test
    void aWriteFailureNamesTheFile() throws IOException {
        Path blocker = Files.writeString(dir.resolve("afile"), "");
        Path file = blocker.resolve("history.csv");
        RunFileException e = assertThrows(RunFileException.class, () -> HistoryCsv.write(file, HISTORY));
        assertTrue(e.getMessage().startsWith(file + ": cannot write: "), e.getMessage());
    }
}
