package dev.nnc.hostile;

import dev.nnc.api.CompileOptions;
import dev.nnc.api.CompileResult;
import dev.nnc.api.Nnc;
import dev.nnc.data.DataException;
import dev.nnc.data.DataLoader;
import dev.nnc.data.ImageInput;
import dev.nnc.data.InputFiles;
import dev.nnc.data.LoadOptions;
import dev.nnc.diag.Diagnostic;
import dev.nnc.graph.DataSpec;
import dev.nnc.graph.Shape;
import dev.nnc.train.CheckpointException;
import dev.nnc.train.SafeTensors;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPOutputStream;

/**
 * The hostile inputs of issue 13, each built in a scratch directory and run through the compiler (or the image
 * reader): the outcome is the distinct error codes, "ok", or the exception's message. {@link HostileInputTest}
 * runs them all in a forked JVM with a small heap; {@link #main} is that JVM's entry point.
 */
public final class HostileCases {

    static final String VALID = "\nmodel M { input(4) - affine(2) - softmax }\n";

    /** Case name → what it does in a scratch directory, returning its outcome. */
    static final Map<String, Function<Path, String>> CASES = new LinkedHashMap<>();

    static {
        model("nested-comments-1000", "/*".repeat(1000) + "*/".repeat(1000) + VALID);
        model("nested-comments-20000", "/*".repeat(20_000) + "*/".repeat(20_000) + VALID);
        model("nested-comments-200", "/*".repeat(200) + " x ".repeat(10) + "*/".repeat(200) + VALID);
        model("unclosed-comments-100000", "/*".repeat(100_000));
        model("blank-lines-1000000", "\n".repeat(1_000_000) + VALID);
        model("semicolons-and-newlines-400000", ";\n".repeat(400_000) + VALID);
        model("long-names-30000", "val " + "a".repeat(30_000) + " = 1\nval " + "b".repeat(30_000) + " = 2" + VALID);
        String near = "a".repeat(255);
        model("near-names-256", "val " + near + "b = 1\nmodel M { input(" + near + "c) - affine(2) - softmax }\n");
        model("relu-chain-10MB", "model M { input(4) - " + "relu - ".repeat(1_500_000) + "softmax }\n");
        model("relu-chain-1MB", "model M { input(4) - " + "relu - ".repeat(140_000) + "softmax }\n");
        model("unused-vals-10MB", vals(700_000) + VALID);
        model("unused-vals-1MB", vals(50_000) + VALID);
        model("bom", "\uFEFF" + VALID);
        model("overflow-division", "val a = (-9223372036854775807 - 1) / -1" + VALID);
        model("overflow-negation", "val a = -(-9223372036854775807 - 1)" + VALID);
        model("input-overflow-flatten", "model M { input(16777216, 16777216, 16777216) - flatten - affine(2) - softmax }");
        model("import-dev-zero", "import \"/dev/zero\"" + VALID);
        model("import-passwd", "import \"../../../../../../../../etc/passwd\"" + VALID);
        CASES.put("import-nul-byte", dir -> compile(dir, "import \"a\u0000b.nn\"" + VALID));
        CASES.put("import-fifo", dir -> {
            mkfifo(dir.resolve("pipe.nn"));
            return compile(dir, "import \"pipe.nn\"" + VALID);
        });
        CASES.put("import-symlink-out", dir -> {
            symlink(dir.resolve("passwd.nn"), Path.of("/etc/passwd"));
            return compile(dir, "import \"passwd.nn\"" + VALID);
        });
        CASES.put("import-inside", dir -> {
            write(dir.resolve("lib/layers.nn"), "val width = 2\n");
            return compile(dir, "import \"lib/layers.nn\"\nmodel M { input(4) - affine(width) - softmax }\n");
        });
        CASES.put("png-bomb", dir -> {
            Path png = dir.resolve("bomb.png");
            write(png, pngBomb(40_000, 40_000));
            try {
                ImageInput.read(png, Shape.of(1, 28, 28));
                return "ok";
            } catch (DataException e) {
                return e.getMessage();
            }
        });
    }

    /** A gigabyte after decompression: four times the data-file limit, about 1 MB gzipped. */
    static final long BOMB_BYTES = 1L << 30;

    private static final byte[] ZEROS = {0};
    private static final byte[] BLANK_LINE = (" ".repeat(1023) + "\n").getBytes(StandardCharsets.US_ASCII);

    static {
        // Gzip bombs, as the training data or the input of `nnc predict`: each stops at a limit, early.
        CASES.put("gzip-bomb-idx-more-than-declared", dir -> input(gzipBomb(dir.resolve("bomb-idx.gz"),
                idxHeader(1000, 28, 28), BOMB_BYTES, ZEROS)));
        CASES.put("gzip-bomb-idx-declares-784MB", dir -> input(gzipBomb(dir.resolve("bomb-idx.gz"),
                idxHeader(1_000_000, 28, 28), BOMB_BYTES, ZEROS)));
        // claims 235 MB (under the limit) and holds 1 MB: memory follows the data, not the claim
        CASES.put("gzip-idx-claims-235MB", dir -> input(gzipBomb(dir.resolve("claims.gz"),
                idxHeader(300_000, 28, 28), 1 << 20, ZEROS)));
        CASES.put("gzip-bomb-csv-one-line", dir -> csv(dir, gzipBomb(dir.resolve("bomb.csv.gz"),
                "x,label\n".getBytes(StandardCharsets.US_ASCII), BOMB_BYTES, ZEROS)));
        CASES.put("gzip-bomb-csv-blank-lines", dir -> csv(dir, gzipBomb(dir.resolve("bomb.csv.gz"),
                "x,label\n".getBytes(StandardCharsets.US_ASCII), BOMB_BYTES, BLANK_LINE)));
        CASES.put("checkpoint-gzip-bomb", dir -> checkpoint(gzipBomb(dir.resolve("bomb.safetensors"), new byte[0],
                BOMB_BYTES, ZEROS)));
        CASES.put("checkpoint-header-150MB", dir -> checkpoint(sparseCheckpoint(dir.resolve("big.safetensors"),
                150_000_000, 200_000_000)));
        CASES.put("import-300-files", dir -> {
            StringBuilder main = new StringBuilder();
            for (int i = 0; i < 300; i++) {
                write(dir.resolve("lib/f" + i + ".nn"), "val v" + i + " = " + i + "\n");
                main.append("import \"lib/f").append(i).append(".nn\"\n");
            }
            return compile(dir, main + VALID);
        });
    }

    private HostileCases() {
    }

    /** The outcome of reading {@code file} as the input of {@code nnc predict} for a (1, 28, 28) model. */
    private static String input(Path file) {
        try {
            InputFiles.read(file, Shape.of(1, 28, 28));
            return "ok";
        } catch (DataException e) {
            return e.getMessage();
        }
    }

    /** The outcome of loading {@code file} as {@code csv(...)} training data. */
    private static String csv(Path dir, Path file) {
        try {
            DataLoader.load(new DataSpec("csv", Map.of("path", file.getFileName().toString()), dir), LoadOptions.all());
            return "ok";
        } catch (DataException e) {
            return e.getMessage();
        }
    }

    private static String checkpoint(Path file) {
        try {
            SafeTensors.read(file);
            return "ok";
        } catch (CheckpointException e) {
            return e.getMessage();
        }
    }

    /** An unsigned-byte IDX header with the given dimensions. */
    static byte[] idxHeader(int... dims) {
        ByteBuffer b = ByteBuffer.allocate(4 + 4 * dims.length);
        b.put((byte) 0).put((byte) 0).put((byte) 0x08).put((byte) dims.length);
        for (int d : dims) {
            b.putInt(d);
        }
        return b.array();
    }

    /**
     * A gzip file of {@code head} followed by {@code n} bytes of {@code unit} repeated: one gzip member for the
     * head, then one member of up to 16 MiB compressed once and written as often as it takes (a gzip stream may
     * hold several members, which decompress as one). A gigabyte takes about 1 MB and a second to make.
     */
    static Path gzipBomb(Path file, byte[] head, long n, byte[] unit) {
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file))) {
            out.write(gzip(head, 1));
            int block = (int) Math.min(1 << 24, n);
            byte[] filled = new byte[block];
            for (int i = 0; i < block; i++) {
                filled[i] = unit[i % unit.length];
            }
            byte[] member = gzip(filled, block);
            for (long done = 0; done < n; done += block) {
                out.write(member);
            }
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] gzip(byte[] data, int sizeHint) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(sizeHint / 512 + 64);
        try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
            gz.write(data);
        }
        return bytes.toByteArray();
    }

    /** A sparse file whose safetensors header length field says {@code headerLength}. */
    static Path sparseCheckpoint(Path file, long headerLength, long size) {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(headerLength).array());
            f.setLength(size);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void model(String name, String text) {
        CASES.put(name, dir -> compile(dir, text));
    }

    private static String vals(int n) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            sb.append("val v").append(i).append(" = ").append(i).append('\n');
        }
        return sb.toString();
    }

    static String compile(Path dir, String text) {
        Path file = dir.resolve("main.nn");
        write(file, text);
        CompileResult r = Nnc.compile(file, CompileOptions.defaults());
        if (r == null) {
            return "no result";
        }
        r.render();
        String codes = r.diagnostics().stream().filter(Diagnostic::isError).map(Diagnostic::code).distinct()
                .collect(Collectors.joining(","));
        return codes.isEmpty() ? "ok" : codes;
    }

    static void write(Path file, String text) {
        write(file, text.getBytes(StandardCharsets.UTF_8));
    }

    static void write(Path file, byte[] bytes) {
        try {
            Files.createDirectories(file.getParent());
            Files.write(file, bytes);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void symlink(Path link, Path target) {
        try {
            Files.createSymbolicLink(link, target);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void mkfifo(Path p) {
        try {
            Process proc = new ProcessBuilder("mkfifo", p.toString()).inheritIO().start();
            if (proc.waitFor() != 0) {
                throw new IllegalStateException("mkfifo failed");
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * A greyscale PNG that declares {@code w×h} pixels. Its data holds only the first 100 rows (compressing all
     * 1.6 GB would take the test longer than the check): a decoder allocates the whole raster before it reads any
     * data, so a reader that decodes before checking the size still runs out of the forked JVM's heap.
     */
    static byte[] pngBomb(int w, int h) {
        try {
            ByteArrayOutputStream idat = new ByteArrayOutputStream();
            try (DeflaterOutputStream z = new DeflaterOutputStream(idat, new Deflater(9))) {
                byte[] row = new byte[w + 1]; // filter byte 0, then w zero samples
                for (int y = 0; y < Math.min(h, 100); y++) {
                    z.write(row);
                }
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
            ByteArrayOutputStream ihdr = new ByteArrayOutputStream();
            ihdr.write(int32(w));
            ihdr.write(int32(h));
            ihdr.write(new byte[] {8, 0, 0, 0, 0}); // 8-bit greyscale, deflate, no filter, no interlace
            chunk(out, "IHDR", ihdr.toByteArray());
            chunk(out, "IDAT", idat.toByteArray());
            chunk(out, "IEND", new byte[0]);
            return out.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void chunk(ByteArrayOutputStream out, String type, byte[] data) throws IOException {
        out.write(int32(data.length));
        byte[] t = type.getBytes(StandardCharsets.US_ASCII);
        out.write(t);
        out.write(data);
        CRC32 crc = new CRC32();
        crc.update(t);
        crc.update(data);
        out.write(int32((int) crc.getValue()));
    }

    private static byte[] int32(int v) {
        return new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v};
    }

    /**
     * Runs the named cases (all when none are named), each in a fresh directory under {@code args[0]}, printing
     * {@code name<TAB>milliseconds<TAB>outcome} per case and then the peak resident memory in KiB.
     */
    public static void main(String[] args) throws IOException {
        Path root = Path.of(args[0]);
        for (Map.Entry<String, Function<Path, String>> c : CASES.entrySet()) {
            Path dir = Files.createDirectories(root.resolve(c.getKey()));
            long start = System.nanoTime();
            String outcome = c.getValue().apply(dir).replace('\t', ' ').replace('\n', ' ');
            long ms = (System.nanoTime() - start) / 1_000_000;
            System.out.println(c.getKey() + "\t" + ms + "\t" + outcome);
            System.out.flush();
        }
        String status = Files.readString(Path.of("/proc/self/status"));
        String hwm = status.lines().filter(l -> l.startsWith("VmHWM:")).findFirst().orElse("VmHWM: 0 kB");
        System.out.println("peak-rss-kib\t" + hwm.replaceAll("[^0-9]", ""));
    }
}
