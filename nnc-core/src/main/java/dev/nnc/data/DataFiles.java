package dev.nnc.data;

import dev.nnc.io.ReadLimits;
import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.EOFException;
import java.io.FilterReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Opening data files: existence checks, transparent gzip (by magic bytes, not by name), readable errors, and
 * the size limit {@link ReadLimits#MAX_DATA_BYTES} counted while reading, on disk and after decompression (a
 * gzip bomb stops there).
 */
final class DataFiles {

    static final String LIMIT_NAME = "a data file";

    private static final int GZIP_MAGIC_0 = 0x1f;
    private static final int GZIP_MAGIC_1 = 0x8b;

    private DataFiles() {
    }

    /** @throws DataException if {@code path} is missing or not a regular file */
    static void requireFile(Path path) {
        if (!Files.exists(path)) {
            throw new DataException(path + ": file not found");
        }
        if (!Files.isRegularFile(path)) {
            throw new DataException(path + ": not a regular file");
        }
    }

    /** @throws DataException if {@code dir} is missing or not a directory */
    static void requireDirectory(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new DataException(dir + ": " + (Files.exists(dir) ? "not a directory" : "directory not found"));
        }
    }

    static boolean isGzip(Path path) {
        try (InputStream in = Files.newInputStream(path)) {
            return in.read() == GZIP_MAGIC_0 && in.read() == GZIP_MAGIC_1;
        } catch (IOException e) {
            throw failure(path, e);
        }
    }

    /**
     * A buffered stream of the file's content, gunzipped if the file starts with the gzip magic bytes, that
     * fails once it has read more than {@link ReadLimits#MAX_DATA_BYTES}.
     */
    static InputStream open(Path path) {
        return open(path, ReadLimits.MAX_DATA_BYTES);
    }

    /** {@link #open(Path)} with another limit (tests use a small one). */
    static InputStream open(Path path, long limit) {
        requireFile(path);
        try {
            InputStream raw = ReadLimits.bounded(Files.newInputStream(path), limit, LIMIT_NAME);
            BufferedInputStream in = new BufferedInputStream(raw, 1 << 16);
            in.mark(2);
            boolean gz = in.read() == GZIP_MAGIC_0 && in.read() == GZIP_MAGIC_1;
            in.reset();
            if (!gz) {
                return in;
            }
            InputStream unzipped = ReadLimits.boundedDecompressed(new GZIPInputStream(in, 1 << 16), limit, LIMIT_NAME);
            return new BufferedInputStream(unzipped, 1 << 16);
        } catch (IOException e) {
            throw failure(path, e);
        }
    }

    /**
     * The file's text ({@link #open}), read line by line; a line longer than {@link ReadLimits#MAX_CSV_LINE_CHARS}
     * fails before it is held in memory (a file without line breaks is not a table).
     */
    static BufferedReader lines(Path path) {
        return lines(path, ReadLimits.MAX_DATA_BYTES);
    }

    static BufferedReader lines(Path path, long limit) {
        Reader text = new InputStreamReader(open(path, limit), StandardCharsets.UTF_8);
        return new BufferedReader(new LineLimit(text, path, ReadLimits.MAX_CSV_LINE_CHARS), 1 << 16);
    }

    /** Reads exactly {@code dst.length} bytes or fails naming what was expected. */
    static void readFully(InputStream in, byte[] dst, Path path, String what) {
        try {
            int got = in.readNBytes(dst, 0, dst.length);
            if (got < dst.length) {
                throw new DataException(String.format("%s: truncated: expected %d bytes of %s, found only %d",
                        path, dst.length, what, got));
            }
        } catch (IOException e) {
            throw failure(path, e);
        }
    }

    /**
     * Reads exactly {@code n} bytes like {@link #readFully}, but into an array that grows as the bytes arrive:
     * a 1 KB gzip file whose header claims 500 MB fails as truncated without taking 500 MB first.
     */
    static byte[] readGrowing(InputStream in, int n, Path path, String what) {
        byte[] buf = new byte[Math.min(n, 1 << 24)];
        int got = 0;
        try {
            while (got < n) {
                if (got == buf.length) {
                    buf = java.util.Arrays.copyOf(buf, (int) Math.min(n, 2L * buf.length));
                }
                int r = in.read(buf, got, buf.length - got);
                if (r < 0) {
                    throw new DataException(String.format("%s: truncated: expected %d bytes of %s, found only %d",
                            path, n, what, got));
                }
                got += r;
            }
            return buf;
        } catch (IOException e) {
            throw failure(path, e);
        }
    }

    /** Whether the stream is exhausted. */
    static boolean atEnd(InputStream in, Path path) {
        try {
            return in.read() < 0;
        } catch (IOException e) {
            throw failure(path, e);
        }
    }

    /** Translates an I/O failure into a message about the file (gzip corruption included). */
    static DataException failure(Path path, IOException e) {
        String what;
        if (e instanceof NoSuchFileException) {
            what = "file not found";
        } else if (e instanceof ZipException) {
            what = "corrupt gzip data (" + e.getMessage() + ")";
        } else if (e instanceof ReadLimits.FileTooLargeException) {
            what = e.getMessage();
        } else if (e instanceof EOFException) {
            what = "truncated: the compressed data ends early";
        } else {
            what = "cannot read: " + e.getMessage();
        }
        return new DataException(path + ": " + what, e);
    }

    /** Counts the characters since the last line break as the buffered reader above fills its buffer. */
    private static final class LineLimit extends FilterReader {

        private final Path path;
        private final int max;
        private long run;
        private int line = 1;

        LineLimit(Reader in, Path path, int max) {
            super(in);
            this.path = path;
            this.max = max;
        }

        @Override
        public int read() throws IOException {
            int c = in.read();
            if (c >= 0) {
                count((char) c);
            }
            return c;
        }

        @Override
        public int read(char[] buf, int off, int len) throws IOException {
            int n = in.read(buf, off, len);
            for (int i = off; i < off + n; i++) {
                count(buf[i]);
            }
            return n;
        }

        private void count(char c) {
            if (c == '\n' || c == '\r') {
                line += c == '\n' ? 1 : 0;
                run = 0;
            } else if (++run > max) {
                throw new DataException(String.format("%s:%d: a line longer than %,d characters, the limit for a "
                        + "row of a data file (is it a text file with line breaks?)", path, line, max));
            }
        }
    }
}
