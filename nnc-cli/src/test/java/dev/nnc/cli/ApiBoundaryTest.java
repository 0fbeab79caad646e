package dev.nnc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The CLI goes through the API: its commands and reports name only {@code dev.nnc.api}, the value types
 * docs/api.md lists as API, and the CLI's own packages. {@code dev.nnc.bench} is exempt: it measures the
 * kernels and the interpreter themselves (docs/performance.md).
 */
class ApiBoundaryTest {

    private static final Path CLI = Path.of("nnc-cli/src/main/java/dev/nnc");
    // lsp, onnx: front ends of their own (modules nnc-lsp, nnc-onnx) that `nnc lsp`, `nnc export` and `nnc import` start.
    // spark: module nnc-spark's driver class, which `nnc sweep --engine spark` names to spark-submit (never loaded).
    private static final Set<String> OWN = Set.of("api", "cli", "report", "bench", "lsp", "onnx", "spark");
    private static final Pattern REFERENCE = Pattern.compile("\\bdev\\.nnc\\.([a-z][a-z0-9.]*?)\\.([A-Z]\\w*)");

    @Test
    void theCommandsAndReportsUseOnlyTheApi() throws IOException {
        Set<String> exported = exportedTypes();
        List<String> wrong = new ArrayList<>();
        for (String pkg : List.of("cli", "report")) {
            try (Stream<Path> files = Files.list(CLI.resolve(pkg))) {
                for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                    Matcher m = REFERENCE.matcher(Files.readString(f));
                    while (m.find()) {
                        String type = m.group(1) + "." + m.group(2);
                        if (!OWN.contains(m.group(1)) && !exported.contains(type)) {
                            wrong.add(f.getFileName() + ": dev.nnc." + type);
                        }
                    }
                }
            }
        }
        assertEquals(List.of(), wrong, "internal types the CLI uses instead of the API (docs/api.md)");
    }

    @Test
    void theListedTypesExist() throws IOException {
        Set<String> exported = exportedTypes();
        assertTrue(exported.contains("graph.LayerGraph") && exported.size() > 10, exported.toString());
        for (String type : exported) {
            try {
                Class.forName("dev.nnc." + type);
            } catch (ClassNotFoundException e) {
                throw new AssertionError("docs/api.md lists dev.nnc." + type + ", which does not exist", e);
            }
        }
    }

    /** {@code package.Type} for each type in docs/api.md's table of API value types. */
    static Set<String> exportedTypes() throws IOException {
        Set<String> out = new TreeSet<>();
        Pattern row = Pattern.compile("(?m)^\\| `dev\\.nnc\\.([a-z.]+)` \\| (.*) \\|$");
        Matcher m = row.matcher(Files.readString(Path.of("docs/api.md")));
        while (m.find()) {
            Matcher type = Pattern.compile("`([A-Z]\\w*)`").matcher(m.group(2));
            while (type.find()) {
                out.add(m.group(1) + "." + type.group(1));
            }
        }
        return out;
    }
}
