package dev.nnc.data;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.nnc.graph.Shape;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Cifar10LoaderTest {

    @TempDir
    Path dir;

    /** Record r of batch file b: label (b + r) mod 10; pixel i = (b * 7 + r * 3 + i) mod 256. */
    static void writeCifar(Path dir, int perBatch, int test) throws IOException {
        for (int b = 1; b <= 6; b++) {
            int n = b == 6 ? test : perBatch;
            byte[] out = new byte[n * 3073];
            for (int r = 0; r < n; r++) {
                out[r * 3073] = (byte) ((b + r) % 10);
                for (int i = 0; i < 3072; i++) {
                    out[r * 3073 + 1 + i] = (byte) ((b * 7 + r * 3 + i) % 256);
                }
            }
            TestFiles.write(dir.resolve(b == 6 ? "test_batch.bin" : "data_batch_" + b + ".bin"), out);
        }
    }

    @Test
    void readsTheFiveBatchesInOrderAndTheTestBatch() throws IOException {
        writeCifar(dir.resolve("cifar-10-batches-bin"), 3, 2);
        // the folder that holds the tarball's cifar-10-batches-bin works too
        DataSplits s = DataLoader.load(TestFiles.spec("cifar10", dir, "dir", ".", "validation", 5,
                "normalize", "none"), LoadOptions.all());
        assertEquals(Shape.of(3, 32, 32), s.train().exampleShape());
        assertEquals(10, s.train().count());
        assertEquals(5, s.validation().count());
        assertEquals(2, s.test().orElseThrow().count());
        // example 4 is batch 2, record 1; channel-major: value 1024 is the first green pixel
        assertEquals((2 + 1) % 10, s.train().label(4));
        assertEquals((2 * 7 + 3 + 1024) % 256, s.train().raw(4, 1024), 0.0);
        assertEquals(((2 * 7 + 3 + 1024) % 256) / 255f, s.train().example(4)[1024], 1e-7f);
        // validation = the last five: batches 4 and 5
        assertEquals((5 + 2) % 10, s.validation().label(4));
        assertEquals((6 + 1) % 10, s.test().get().label(1));
    }

    @Test
    void limitStopsReadingEarly() throws IOException {
        writeCifar(dir, 4, 1);
        DataSplits s = DataLoader.load(TestFiles.spec("cifar10", dir, "dir", ".", "validation", 0.5),
                LoadOptions.limit(6));
        assertEquals(3, s.train().count());
        assertEquals(3, s.validation().count());
        assertEquals((2 + 1) % 10, s.validation().label(2), "example 5 = batch 2, record 1");
    }
}
