package dev.nnc.data;

import dev.nnc.graph.DataSpec;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

/** Writes small data files in the real formats for the loader tests. */
final class TestFiles {

    private TestFiles() {
    }

    /** The bytes of an unsigned-byte IDX file with the given dimensions (dims[0] = items). */
    static byte[] idx(int[] dims, byte[] data) {
        ByteBuffer b = ByteBuffer.allocate(4 + 4 * dims.length + data.length);
        b.put((byte) 0).put((byte) 0).put((byte) 0x08).put((byte) dims.length);
        for (int d : dims) {
            b.putInt(d);
        }
        b.put(data);
        return b.array();
    }

    static byte[] gzip(byte[] raw) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (OutputStream gz = new GZIPOutputStream(out)) {
            gz.write(raw);
        }
        return out.toByteArray();
    }

    static Path write(Path file, byte[] content) throws IOException {
        Files.createDirectories(file.getParent());
        return Files.write(file, content);
    }

    static Path write(Path file, String content) throws IOException {
        return write(file, content.getBytes(StandardCharsets.UTF_8));
    }

    /** Pixel i of image k is (k * 16 + i) mod 256: every value tells which image and pixel it came from. */
    static byte[] pixels(int n, int size) {
        byte[] p = new byte[n * size];
        for (int k = 0; k < n; k++) {
            for (int i = 0; i < size; i++) {
                p[k * size + i] = (byte) ((k * 16 + i) % 256);
            }
        }
        return p;
    }

    static byte[] labels(int n, int classes) {
        byte[] y = new byte[n];
        for (int k = 0; k < n; k++) {
            y[k] = (byte) (k % classes);
        }
        return y;
    }

    /** An MNIST-layout folder: n training and m test images of 1×rows×cols, labels k mod 10. */
    static void mnistDir(Path dir, int n, int m, int rows, int cols, boolean gz, String sep) throws IOException {
        for (String set : new String[] {"train", "t10k"}) {
            int count = set.equals("train") ? n : m;
            byte[] img = idx(new int[] {count, rows, cols}, pixels(count, rows * cols));
            byte[] lab = idx(new int[] {count}, labels(count, 10));
            String suffix = gz ? ".gz" : "";
            write(dir.resolve(set + "-images" + sep + "idx3-ubyte" + suffix), gz ? gzip(img) : img);
            write(dir.resolve(set + "-labels" + sep + "idx1-ubyte" + suffix), gz ? gzip(lab) : lab);
        }
    }

    static DataSpec spec(String kind, Path base, Object... keyValues) {
        Map<String, Object> args = new java.util.LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            args.put((String) keyValues[i], keyValues[i + 1]);
        }
        return new DataSpec(kind, args, base);
    }
}
