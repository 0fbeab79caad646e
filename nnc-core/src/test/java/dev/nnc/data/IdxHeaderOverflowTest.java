package dev.nnc.data;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** IDX headers whose sizes overflow a long are corrupt files, not a NegativeArraySizeException or a pass. */
class IdxHeaderOverflowTest {

    @TempDir
    Path dir;

    private void assertCorrupt(int... dims) throws IOException {
        Path f = TestFiles.write(dir.resolve("bad.idx"), TestFiles.idx(dims, new byte[0]));
        DataException e = assertThrows(DataException.class, () -> IdxFile.readImages(f, Integer.MAX_VALUE));
        assertTrue(e.getMessage().startsWith(f + ": invalid IDX header"), e.getMessage());
        Path gz = TestFiles.write(dir.resolve("bad.idx.gz"), TestFiles.gzip(TestFiles.idx(dims, new byte[0])));
        DataException z = assertThrows(DataException.class, () -> IdxFile.readImages(gz, 10));
        assertTrue(z.getMessage().startsWith(gz + ": invalid IDX header"), z.getMessage());
    }

    @Test
    void fourDimensionsOfTwoToTheThirtyOne() throws IOException {
        assertCorrupt(Integer.MAX_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE);
    }

    @Test
    void aProductThatWrapsToExactlyZero() throws IOException {
        // 2^16 · 2^16 · 2^16 · 2^16 = 2^64, which a long multiplication turns into 0 = the data size
        assertCorrupt(1 << 16, 1 << 16, 1 << 16, 1 << 16);
    }
}
