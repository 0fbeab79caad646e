package dev.nnc.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nnc.graph.Shape;
import dev.nnc.io.ReadLimits;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The data-file limit ({@link ReadLimits#MAX_DATA_BYTES}) is counted while reading: on disk, after gzip
 * decompression, and in ImageIO's reads. Here with small limits; {@code HostileInputTest} runs gigabyte bombs
 * against the real one in a small heap.
 */
class DataSizeLimitsTest {

    private static final int MIB = 1 << 20;

    @TempDir
    Path dir;

    private static byte[] gzip(byte[] raw) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(raw);
        }
        return out.toByteArray();
    }

    /** Reads the whole file as the loaders do, which report a failure through {@link DataFiles#failure}. */
    private static long load(Path f, long limit) {
        try (InputStream in = DataFiles.open(f, limit)) {
            return drain(in);
        } catch (IOException e) {
            throw DataFiles.failure(f, e);
        }
    }

    private static long drain(InputStream in) throws IOException {
        long n = 0;
        byte[] buf = new byte[8192];
        for (int r; (r = in.read(buf)) >= 0; ) {
            n += r;
        }
        return n;
    }

    @Test
    void aGzipBombStopsAtTheLimitAfterDecompression() throws IOException {
        // 64 MiB of zeros in 64 KB of gzip
        Path bomb = Files.write(dir.resolve("bomb.gz"), gzip(new byte[64 * MIB]));
        assertTrue(Files.size(bomb) < MIB);
        DataException e = assertThrows(DataException.class, () -> load(bomb, MIB));
        assertEquals(bomb + ": decompresses to more than 1,048,576 bytes (1 MiB), the limit for a data file",
                e.getMessage());
    }

    @Test
    void aPlainFileStopsAtTheLimitAndDataUpToItIsRead() throws IOException {
        Path big = Files.write(dir.resolve("big.csv"), new byte[MIB + 1]);
        DataException e = assertThrows(DataException.class, () -> load(big, MIB));
        assertEquals(big + ": larger than 1,048,576 bytes (1 MiB), the limit for a data file", e.getMessage());
        Path exact = Files.write(dir.resolve("exact.gz"), gzip(new byte[MIB]));
        assertEquals(MIB, load(exact, MIB));
    }

    @Test
    void csvRowsAreReadThroughTheLimitToo() throws IOException {
        Path csv = Files.write(dir.resolve("rows.csv.gz"), gzip(("x,label\n" + "1,0\n".repeat(300_000)).getBytes()));
        DataException e = assertThrows(DataException.class, () -> {
            try (var lines = DataFiles.lines(csv, MIB)) {
                while (lines.readLine() != null) {
                    continue;
                }
            } catch (IOException x) {
                throw DataFiles.failure(csv, x);
            }
        });
        assertTrue(e.getMessage().startsWith(csv + ": decompresses to more than 1,048,576 bytes"), e.getMessage());
    }

    @Test
    void anIdxHeaderDeclaringMoreThanTheLimitIsRefusedBeforeReading() throws IOException {
        Path f = TestFiles.write(dir.resolve("huge.idx"), TestFiles.idx(new int[] {400_000, 28, 28}, new byte[0]));
        DataException e = assertThrows(DataException.class, () -> IdxFile.read(f, Integer.MAX_VALUE));
        assertEquals(f + ": the IDX header declares [400000×28×28] = 313,600,000 bytes of data; the limit for a "
                + "data file is 268,435,456 bytes (256 MiB)", e.getMessage());
    }

    @Test
    void aGzippedIdxFileLoadsWhenItGrowsPastTheFirstChunk() throws IOException {
        // 20 MiB of pixels: more than the 16 MiB first allocation of a gzip stream of unknown length
        byte[] pixels = TestFiles.pixels(1, 20 * MIB);
        Path f = TestFiles.write(dir.resolve("big.idx.gz"), TestFiles.gzip(TestFiles.idx(new int[] {20 * MIB / 784,
                28, 28}, java.util.Arrays.copyOf(pixels, 20 * MIB / 784 * 784))));
        IdxFile idx = IdxFile.read(f, Integer.MAX_VALUE);
        assertEquals(20 * MIB / 784 * 784, idx.data().length);
        assertEquals(java.util.Arrays.hashCode(java.util.Arrays.copyOf(pixels, idx.data().length)),
                java.util.Arrays.hashCode(idx.data()));
    }

    /**
     * A 28×28 PNG with a 300 MB ancillary chunk before its pixels (a sparse file: no disk is used). The decoder
     * skips the chunk without reading it, and its next read is past the limit.
     */
    @Test
    void anImageLargerThanTheLimitFailsWhileBeingDecoded() throws IOException {
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        ImageIO.write(new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_GRAY), "png", png);
        byte[] bytes = png.toByteArray();
        int ihdrEnd = 8 + 8 + 13 + 4;
        Path f = dir.resolve("huge.png");
        long chunk = 300_000_000L;
        try (RandomAccessFile out = new RandomAccessFile(f.toFile(), "rw")) {
            out.write(bytes, 0, ihdrEnd);
            out.write(ByteBuffer.allocate(8).putInt((int) chunk).put("quIt".getBytes()).array());
            out.seek(ihdrEnd + 8 + chunk + 4);
            out.write(bytes, ihdrEnd, bytes.length - ihdrEnd);
        }
        DataException e = assertThrows(DataException.class, () -> ImageInput.read(f, Shape.of(1, 28, 28)));
        assertTrue(e.getMessage().startsWith(f + ": "), e.getMessage());
        assertTrue(e.getMessage().contains("larger than 268,435,456 bytes (256 MiB), the limit for a data file"),
                e.getMessage());
    }
}
