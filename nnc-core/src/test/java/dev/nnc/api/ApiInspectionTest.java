package dev.nnc.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nnc.diag.Diagnostic;
import dev.nnc.graph.Node;
import dev.nnc.semantic.CompiledModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs docs/api.md's "Inspecting a compiled model" (the path moved into a temporary directory). */
class ApiInspectionTest {

    @TempDir
    Path dir;

    @Test
    void theDocumentedInspectionRuns() throws IOException {
        Path mlpFile = dir.resolve("mlp.nn");
        Files.writeString(mlpFile, ApiExampleTest.MLP);
        long sum = 0;

        // ---- docs/api.md, inspecting, with Path.of("mlp.nn") → mlpFile ----
        CompiledModel compiled = Nnc.compile(mlpFile, CompileOptions.defaults()).orThrow();
        for (Node n : compiled.graph().nodes()) {
            long flops = compiled.flops().get(n.id());             // forward, per example
            System.out.printf("%s %s %s params=%d flops=%d%n", n.name(), n.op(), n.shape(), n.trainableParameterCount(), flops);
            sum += flops;
        }
        long params = compiled.graph().trainableParameterCount();
        CompileResult bad = Nnc.compileString("bad.nn", "model M { input(4)\n affine(3) - softmx }", CompileOptions.defaults());
        Diagnostic first = bad.errors().get(0);                     // bad.nn:2:14: unknown layer 'softmx'
        // ---- end ----

        assertEquals(784 * 32 + 32 + 32 * 10 + 10, params);
        assertEquals(compiled.totalFlops(), sum);
        assertTrue(sum > 2L * 784 * 32, "the affine layers' multiply-adds: " + sum);
        assertEquals("bad.nn", first.span().file());
        assertEquals(2, first.span().line());
        assertEquals(14, first.span().column());
        assertEquals("unknown layer 'softmx'", first.message());
    }

    @Test
    void theDocumentationHoldsTheSameCode() throws IOException {
        String doc = Files.readString(Path.of("docs/api.md"));
        Matcher m = Pattern.compile("(?s)## Inspecting.*?```java\\n(.*?)```").matcher(doc);
        assertTrue(m.find(), "docs/api.md has the inspection example");
        String test = Files.readString(Path.of("nnc-core/src/test/java/dev/nnc/api/ApiInspectionTest.java"));
        String body = test.substring(test.indexOf("// ---- docs/api.md, inspecting"), test.indexOf("// ---- end ----"))
                .replaceAll("\\s+", " ");
        for (String line : m.group(1).replace("Path.of(\"mlp.nn\")", "mlpFile").lines().toList()) {
            String code = line.strip().replaceAll("\\s+", " ");
            assertTrue(body.contains(code), "the test lacks the documented line: " + line);
        }
    }
}
