package dev.nnc.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link ReadLimits}: the count is of the bytes actually read, the limit itself is allowed, one more is not. */
class ReadLimitsTest {

    @TempDir
    Path dir;

    @Test
    void aStreamMayHoldExactlyTheLimit() throws IOException {
        InputStream in = ReadLimits.bounded(new ByteArrayInputStream(new byte[100]), 100, "a test file");
        assertEquals(100, in.readAllBytes().length);
    }

    @Test
    void oneByteMoreFailsWhicheverWayItIsRead() {
        ReadLimits.FileTooLargeException bulk = assertThrows(ReadLimits.FileTooLargeException.class,
                () -> ReadLimits.bounded(new ByteArrayInputStream(new byte[101]), 100, "a test file").readAllBytes());
        assertEquals("larger than 100 bytes, the limit for a test file", bulk.getMessage());
        InputStream single = ReadLimits.boundedDecompressed(new ByteArrayInputStream(new byte[101]), 100, "a test file");
        ReadLimits.FileTooLargeException oneByOne = assertThrows(ReadLimits.FileTooLargeException.class, () -> {
            while (single.read() >= 0) {
                continue;
            }
        });
        assertEquals("decompresses to more than 100 bytes, the limit for a test file", oneByOne.getMessage());
        InputStream skipping = ReadLimits.bounded(new ByteArrayInputStream(new byte[101]), 100, "a test file");
        assertThrows(ReadLimits.FileTooLargeException.class, () -> skipping.skip(1000));
    }

    @Test
    void readAllReadsSmallFilesAndRefusesLargerOnes() throws IOException {
        Path small = Files.write(dir.resolve("small"), new byte[] {1, 2, 3});
        assertArrayEquals(new byte[] {1, 2, 3}, ReadLimits.readAll(small, 3, "a test file"));
        ReadLimits.FileTooLargeException e = assertThrows(ReadLimits.FileTooLargeException.class,
                () -> ReadLimits.readAll(small, 2, "a test file"));
        assertEquals("larger than 2 bytes, the limit for a test file", e.getMessage());
    }

    @Test
    void readAllRefusesWhatIsNotARegularFile() throws Exception {
        Path fifo = dir.resolve("fifo");
        assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor());
        // opening a FIFO for reading would block until a writer came
        IOException e = assertThrows(IOException.class, () -> ReadLimits.readAll(fifo, 10, "a test file"));
        assertEquals("not a regular file", e.getMessage());
        assertEquals("not a regular file", assertThrows(IOException.class,
                () -> ReadLimits.readAll(dir, 10, "a test file")).getMessage());
    }

    @Test
    void limitsAreDescribedInBytesAndBinaryUnits() {
        assertEquals("268,435,456 bytes (256 MiB)", ReadLimits.describe(ReadLimits.MAX_DATA_BYTES));
        assertEquals("2,147,483,647 bytes", ReadLimits.describe(ReadLimits.MAX_CHECKPOINT_DATA_BYTES));
        assertEquals("1,073,741,824 bytes (1 GiB)", ReadLimits.describe(1L << 30));
    }
}
