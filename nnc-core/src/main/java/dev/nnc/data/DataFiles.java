package dev.nnc.data;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/** Opening data files: existence checks, transparent gzip (by magic bytes, not by name), readable errors. */
final class DataFiles {

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

    /** A buffered stream of the file's content, gunzipped if the file starts with the gzip magic bytes. */
    static InputStream open(Path path) {
        requireFile(path);
        try {
            InputStream raw = Files.newInputStream(path);
            BufferedInputStream in = new BufferedInputStream(raw, 1 << 16);
            in.mark(2);
            boolean gz = in.read() == GZIP_MAGIC_0 && in.read() == GZIP_MAGIC_1;
            in.reset();
            return gz ? new BufferedInputStream(new GZIPInputStream(in, 1 << 16), 1 << 16) : in;
        } catch (IOException e) {
            throw failure(path, e);
        }
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
        } else if (e instanceof EOFException) {
            what = "truncated: the compressed data ends early";
        } else {
            what = "cannot read: " + e.getMessage();
        }
        return new DataException(path + ": " + what, e);
    }
}
