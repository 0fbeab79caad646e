package dev.nnc.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nnc.graph.DataSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A model file's data paths stay inside its directory (docs/security.md): no absolute paths, no {@code ..}
 * escapes, no symbolic links out, no NUL bytes; --allow-path and --data (an unconfined spec) let the user widen it.
 * Refusals never show the content of the file they refuse.
 */
class DataConfinementTest {

    @TempDir
    Path root;

    Path project;
    Path outside;

    @BeforeEach
    void files() throws IOException {
        project = Files.createDirectories(root.resolve("project"));
        outside = Files.createDirectories(root.resolve("elsewhere"));
        String csv = "a,b,label\n1,2,0\n3,4,1\n5,6,0\n7,8,1\n";
        TestFiles.write(project.resolve("in.csv"), csv);
        TestFiles.write(outside.resolve("secret.csv"), csv.replace("a,b", "SECRET,b"));
    }

    private DataSpec csv(String path, boolean confined) {
        return new DataSpec("csv", Map.of("path", path, "validation", 0), project, confined);
    }

    private String refused(DataSpec spec, LoadOptions options) {
        DataException e = assertThrows(DataException.class, () -> DataLoader.load(spec, options));
        assertFalse(e.getMessage().contains("SECRET"), e.getMessage());
        return e.getMessage();
    }

    @Test
    void aPathInsideTheModelsDirectoryLoads() {
        assertEquals(4, DataLoader.load(csv("in.csv", true), LoadOptions.all()).train().count());
        assertEquals(4, DataLoader.load(csv("./sub/../in.csv", true), LoadOptions.all()).train().count());
    }

    @Test
    void absolutePathsDotDotEscapesAndProcFilesAreRefused() {
        for (String p : List.of(outside.resolve("secret.csv").toString(), "../elsewhere/secret.csv",
                "/proc/self/environ", "/etc/passwd")) {
            String m = refused(csv(p, true), LoadOptions.all());
            assertTrue(m.contains("is outside the model file's directory") && m.contains("--allow-path"), m);
        }
    }

    @Test
    void aSymbolicLinkLeadingOutIsRefused() throws IOException {
        Files.createSymbolicLink(project.resolve("link.csv"), outside.resolve("secret.csv"));
        Files.createSymbolicLink(project.resolve("linkdir"), outside);
        assertTrue(refused(csv("link.csv", true), LoadOptions.all()).contains("outside"));
        assertTrue(refused(csv("linkdir/secret.csv", true), LoadOptions.all()).contains("outside"));
    }

    @Test
    void allowPathAndTheCommandLineWidenIt() throws IOException {
        Path secret = outside.resolve("secret.csv");
        assertEquals(4, DataLoader.load(csv(secret.toString(), true), LoadOptions.all().allowing(List.of(outside)))
                .train().count());
        assertEquals(4, DataLoader.load(csv("../elsewhere/secret.csv", false), LoadOptions.all()).train().count());
        Files.createSymbolicLink(project.resolve("link.csv"), secret);
        assertEquals(4, DataLoader.load(csv("link.csv", true), LoadOptions.all().allowing(List.of(outside)))
                .train().count());
    }

    @Test
    void aNulByteIsAClearError() {
        assertTrue(refused(csv("in\0.csv", true), LoadOptions.all()).contains("NUL"));
        assertTrue(refused(csv("in\0.csv", false), LoadOptions.all()).contains("NUL"));
    }

    @Test
    void aFifoOrADeviceIsNotRead() {
        String m = refused(csv("/dev/zero", false), LoadOptions.all());
        assertTrue(m.contains("not a regular file"), m);
    }
}
