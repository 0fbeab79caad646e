package dev.nnc.io;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The size limits of the files nnc reads, in one place; docs/security.md lists them with the other limits
 * (nesting, names, layers). Each is counted while reading, so a file whose size the file system misreports
 * ({@code /proc}) or a gzip stream that decompresses without end (a gzip bomb) stops at the limit instead of
 * filling the memory. Only regular files are read: a FIFO would block, a device never end.
 */
public final class ReadLimits {

    /** One {@code .nn} file: no model is anywhere near it. */
    public static final int MAX_MODEL_FILE_BYTES = 1 << 20;

    /** A model file and all its imports together. */
    public static final long MAX_PROGRAM_BYTES = 4L << 20;

    /** Files a program (a model file and its imports) may consist of. */
    public static final int MAX_PROGRAM_FILES = 256;

    /**
     * One data file (IDX, CSV, a CIFAR-10 batch, a picture), on disk and, when gzipped, after decompression:
     * 256 MiB, more than five times Fashion-MNIST's largest file (47 MB of training images, 26 MB gzipped) and
     * twice the 110–133 MB CSV exports of MNIST and Fashion-MNIST. The loaded data must fit in the heap too (a
     * CSV file's values take about twice its size as floats), and reading to the limit takes a second.
     */
    public static final long MAX_DATA_BYTES = 256L << 20;

    /** One row of a CSV file, in characters: some two million values. A longer "row" is not a table. */
    public static final int MAX_CSV_LINE_CHARS = 16 << 20;

    /** A checkpoint's JSON header: the reference safetensors implementation's limit too. */
    public static final long MAX_CHECKPOINT_HEADER_BYTES = 100_000_000;

    /** A checkpoint's tensor data: what one Java buffer holds (2 GiB − 1). */
    public static final long MAX_CHECKPOINT_DATA_BYTES = Integer.MAX_VALUE;

    /** A run directory's text files read back on --resume: history.csv (about 60 bytes an epoch), the manifest. */
    public static final int MAX_RUN_FILE_BYTES = 16 << 20;

    private ReadLimits() {
    }

    /**
     * {@code in}, the raw bytes of a file, failing with {@link FileTooLargeException} once more than
     * {@code limit} bytes have been read from it; {@code what} names the limit ("a data file").
     */
    public static InputStream bounded(InputStream in, long limit, String what) {
        return new Bounded(in, limit, what, false);
    }

    /** {@code in}, the decompressed content of a file, bounded as {@link #bounded} is. */
    public static InputStream boundedDecompressed(InputStream in, long limit, String what) {
        return new Bounded(in, limit, what, true);
    }

    /**
     * The whole of a regular file of at most {@code limit} bytes, counted while reading.
     *
     * @throws FileTooLargeException if it holds more
     * @throws NoSuchFileException   if it does not exist
     * @throws IOException           if it is not a regular file (a FIFO would block, a device never end) or
     *                               cannot be read
     */
    public static byte[] readAll(Path file, int limit, String what) throws IOException {
        if (Files.exists(file) && !Files.isRegularFile(file)) {
            throw new IOException("not a regular file");
        }
        try (InputStream in = Files.newInputStream(file)) {
            byte[] bytes = in.readNBytes(limit + 1);
            if (bytes.length > limit) {
                throw new FileTooLargeException(limit, what, false);
            }
            return bytes;
        }
    }

    /** {@code 536,870,912 bytes (512 MiB)}. */
    public static String describe(long bytes) {
        String unit = bytes >= 1 << 30 && bytes % (1 << 30) == 0 ? bytes / (1 << 30) + " GiB"
                : bytes >= 1 << 20 && bytes % (1 << 20) == 0 ? bytes / (1 << 20) + " MiB" : null;
        return String.format(Locale.ROOT, "%,d bytes", bytes) + (unit == null ? "" : " (" + unit + ")");
    }

    /** A file, or the data it decompresses to, larger than its limit. The message does not name the file. */
    public static final class FileTooLargeException extends IOException {

        private static final long serialVersionUID = 1L;

        /** @param what names the limit ("a data file") */
        public FileTooLargeException(long limit, String what, boolean decompressed) {
            super((decompressed ? "decompresses to more than " : "larger than ") + describe(limit)
                    + ", the limit for " + what);
        }
    }

    private static final class Bounded extends FilterInputStream {

        private final long limit;
        private final String what;
        private final boolean decompressed;
        private long count;

        Bounded(InputStream in, long limit, String what, boolean decompressed) {
            super(in);
            this.limit = limit;
            this.what = what;
            this.decompressed = decompressed;
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) {
                counted(1);
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            // one byte past the limit is enough to know it is exceeded
            int n = in.read(b, off, (int) Math.min(len, Math.max(1, limit - count + 1)));
            if (n > 0) {
                counted(n);
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long skipped = in.skip(Math.min(n, Math.max(1, limit - count + 1)));
            counted(skipped);
            return skipped;
        }

        @Override
        public boolean markSupported() {
            return false;
        }

        private void counted(long n) throws FileTooLargeException {
            count += n;
            if (count > limit) {
                throw new FileTooLargeException(limit, what, decompressed);
            }
        }
    }
}
