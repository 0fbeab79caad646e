package dev.nnc.hostile;

import dev.nnc.api.CompileOptions;
import dev.nnc.api.CompileResult;
import dev.nnc.api.Nnc;
import dev.nnc.data.DataException;
import dev.nnc.data.ImageInput;
import dev.nnc.diag.Diagnostic;
import dev.nnc.graph.Shape;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
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

    private HostileCases() {
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
