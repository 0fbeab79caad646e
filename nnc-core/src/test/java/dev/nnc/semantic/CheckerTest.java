package dev.nnc.semantic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nnc.api.CompileOptions;
import dev.nnc.api.CompileResult;
import dev.nnc.api.Nnc;
import dev.nnc.diag.Diagnostic;
import dev.nnc.graph.DataSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How the checker treats the models it was not asked for, and where override paths resolve. */
class CheckerTest {

    private static final String TWO_MODELS = """
            model Broken {
                input(10)
                conv(3, 3) - softmax
            }
            model Fine {
                input(4)
                affine(2) - softmax
            }
            """;

    @Test
    void shapeErrorsOfAModelNotSelectedAreStillReported() {
        CompileResult r = Nnc.compileString("two.nn", TWO_MODELS, CompileOptions.defaults().withModel("Fine"));
        assertFalse(r.ok());
        assertEquals(1, r.errors().size(), r.render());
        Diagnostic d = r.errors().get(0);
        assertEquals("shape", d.code());
        assertEquals(3, d.span().line());
    }

    @Test
    void diagnosticsComeInSourceOrder() {
        CompileResult r = Nnc.compileString("order.nn", """
                model M {
                    input(4)
                    affine(0.5) - relu - dropout(2.0) - softmax
                    train { epoch = 1 }
                }
                model A { input(4) - afine(2) - softmax }
                """, CompileOptions.defaults().withModel("M"));
        assertEquals(4, r.errors().size(), r.render());
        for (int i = 1; i < r.errors().size(); i++) {
            Diagnostic a = r.errors().get(i - 1);
            Diagnostic b = r.errors().get(i);
            assertTrue(a.span().line() < b.span().line()
                    || a.span().line() == b.span().line() && a.span().column() <= b.span().column(), r.render());
        }
    }

    @Test
    void dataPathsInTheFileAreRelativeToItAndInOverridesToTheWorkingDirectory(@TempDir Path dir)
            throws IOException {
        Path file = dir.resolve("m.nn");
        Files.writeString(file, """
                model M {
                    input(4)
                    affine(2) - softmax
                    train { data = csv("points.csv") }
                }
                """);
        DataSpec fromFile = Nnc.compile(file, CompileOptions.defaults()).orThrow().graph().train().data().get();
        assertEquals(dir.toAbsolutePath(), fromFile.baseDir().toAbsolutePath());
        DataSpec fromFlag = Nnc.compile(file, CompileOptions.defaults().with("data", "csv(\"points.csv\")"))
                .orThrow().graph().train().data().get();
        assertEquals(Path.of("").toAbsolutePath(), fromFlag.baseDir());
    }
}
