package dev.nnc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The package arrows of docs/architecture.md, read from the sources: every {@code dev.nnc} type a main source
 * file names (imported or written out) must be in its own package or one it may depend on.
 */
class ArchitectureTest {

    static final Path CORE = Path.of("nnc-core/src/main/java");

    /** Package (without {@code dev.nnc.}) to the packages it may use. {@code api} may use every one. */
    static final Map<String, Set<String>> ALLOWED = Map.ofEntries(
            Map.entry("diag", Set.of()),
            Map.entry("io", Set.of()),
            Map.entry("syntax.ast", Set.of("diag")),
            Map.entry("syntax", Set.of("diag", "syntax.ast", "syntax.antlr")),
            Map.entry("format", Set.of("syntax", "syntax.antlr")),
            // graph names the tensor package's Precision (a model's float width), nothing else of it.
            Map.entry("graph", Set.of("diag", "tensor")),
            Map.entry("semantic", Set.of("diag", "graph", "io", "syntax", "syntax.ast", "tensor", "sweep")),
            // sweep: a checked sweep block, its trials and the study files; it trains nothing (api runs trials).
            Map.entry("sweep", Set.of("diag", "io")),
            Map.entry("emit", Set.of("diag", "graph", "semantic", "tensor")),
            Map.entry("tensor", Set.of()),
            Map.entry("tensor.gemm", Set.of("tensor")),
            Map.entry("tensor.simd", Set.of("tensor")),
            Map.entry("ops", Set.of("graph", "ops.kernels", "tensor", "tensor.gemm", "tensor.simd")),
            Map.entry("ops.kernels", Set.of("tensor", "tensor.gemm", "tensor.simd")),
            Map.entry("exec", Set.of("graph", "ops", "tensor", "tensor.gemm", "tensor.simd")),
            Map.entry("data", Set.of("graph", "io", "tensor", "tensor.gemm", "tensor.simd")),
            Map.entry("data.augment", Set.of("data", "graph", "io", "tensor", "tensor.gemm")),
            Map.entry("train", Set.of("data", "data.augment", "exec", "graph", "io", "ops", "tensor", "tensor.gemm", "tensor.simd")));

    private static final Pattern REFERENCE = Pattern.compile("\\bdev\\.nnc\\.((?:[a-z][a-z0-9]*\\.)*?[a-z][a-z0-9]*)\\.[A-Z]");

    @Test
    void everyPackageDependsOnlyOnThePackagesBelowIt() {
        Map<String, Set<String>> uses = uses(CORE);
        List<String> wrong = new ArrayList<>();
        uses.forEach((pkg, used) -> {
            if (pkg.equals("api")) {
                return;
            }
            Set<String> allowed = ALLOWED.get(pkg);
            assertTrue(allowed != null, "dev.nnc." + pkg + " is not in ArchitectureTest.ALLOWED (docs/architecture.md)");
            for (String u : used) {
                if (!u.equals(pkg) && !allowed.contains(u)) {
                    wrong.add("dev.nnc." + pkg + " -> dev.nnc." + u);
                }
            }
        });
        assertEquals(List.of(), wrong, "arrows docs/architecture.md does not allow");
    }

    @Test
    void theScanSeesTheArrowsThatExist() {
        // guards the scanner itself: a pattern that matched nothing would pass the test above
        Map<String, Set<String>> uses = uses(CORE);
        assertTrue(uses.get("ops").contains("tensor"), uses.toString());
        assertTrue(uses.get("api").contains("train"), uses.toString());
        assertTrue(uses.get("semantic").contains("syntax.ast"), uses.toString());
    }

    @Test
    void everyPackageButTheApiSaysItIsInternal() throws IOException {
        List<String> missing = new ArrayList<>();
        for (String pkg : uses(CORE).keySet()) {
            Path info = CORE.resolve("dev/nnc/" + pkg.replace('.', '/')).resolve("package-info.java");
            boolean internal = Files.isRegularFile(info) && Files.readString(info).replaceAll("\\s*\\n\\s*\\*\\s*", " ").contains("Internal, not API");
            if (pkg.equals("api") == internal) {
                missing.add(pkg);
            }
        }
        assertEquals(List.of(), missing, "package-info.java: 'Internal, not API' in every package but dev.nnc.api");
    }

    /** Package to the dev.nnc packages its main sources name, for every package under {@code root}. */
    static Map<String, Set<String>> uses(Path root) {
        Map<String, Set<String>> out = new TreeMap<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                String pkg = root.resolve("dev/nnc").relativize(f.getParent()).toString().replace('/', '.');
                Set<String> used = out.computeIfAbsent(pkg, k -> new TreeSet<>());
                Matcher m = REFERENCE.matcher(Files.readString(f));
                while (m.find()) {
                    used.add(m.group(1));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }
}
