package dev.nnc.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugin.logging.SystemStreamLog;
import org.apache.maven.project.MavenProject;
import org.apache.maven.project.MavenProjectHelper;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The export goal on the integration test's trained model (src/it/export-onnx): export, verification, the
 * attached artifact, the up-to-date check, and every way it refuses, each with its message.
 */
class ExportMojoTest {

    private static final Path IT = Path.of("nnc-maven-plugin/src/it/export-onnx");
    private static final FileTime OLD = FileTime.fromMillis(946_684_800_000L); // 2000-01-01

    @TempDir
    Path dir;

    private final List<String> log = new ArrayList<>();
    private final List<String> attached = new ArrayList<>();

    @BeforeEach
    void project() throws IOException {
        for (String f : List.of("src/main/nn/points.nn", "src/main/nn/points.csv", "src/main/nn/points-test.csv",
                "checkpoints/points.safetensors")) {
            Files.createDirectories(dir.resolve(f).getParent());
            Files.copy(IT.resolve(f), dir.resolve(f));
        }
    }

    private ExportMojo mojo() {
        ExportMojo m = new ExportMojo();
        MavenProject p = Projects.project(dir);
        p.getBuild().setDirectory(dir.resolve("target").toString());
        m.project = p;
        m.buildContext = new RecordingBuildContext();
        m.sourceDirectory = dir.resolve("src/main/nn").toFile();
        m.checkpoint = dir.resolve("checkpoints/points.safetensors").toFile();
        m.format = "onnx";
        m.verify = true;
        m.attach = true;
        m.stateFile = dir.resolve("target/nnc/export-state.json").toFile();
        m.projectHelper = new AttachRecorder();
        m.setLog(new SystemStreamLog() {
            @Override
            public void info(CharSequence content) {
                log.add(content.toString());
            }
        });
        return m;
    }

    private Path onnx() {
        return dir.resolve("target/onnx/points.onnx");
    }

    @Test
    void exportsVerifiesAndAttachesTheOneModel() throws Exception {
        mojo().execute();
        assertTrue(Files.size(onnx()) > 500, "a file with weights and metadata");
        assertTrue(log.stream().anyMatch(l -> l.startsWith("nnc: verified in ONNX Runtime: 64 seeded + 12 test")
                && l.endsWith(": ok")), log.toString());
        assertTrue(log.contains("nnc: wrote " + onnx() + " (" + Files.size(onnx()) + " bytes, ONNX opset 17, IR 8)"),
                log.toString());
        assertEquals(List.of("onnx:points:" + onnx()), attached);
    }

    @Test
    void unchangedInputsAreNotExportedAgainAndAChangedModelIs() throws Exception {
        mojo().execute();
        Files.setLastModifiedTime(onnx(), OLD);
        log.clear();
        mojo().execute();
        assertEquals(List.of("nnc: " + onnx() + " is up to date"), log);
        assertEquals(OLD, Files.getLastModifiedTime(onnx()));

        Path model = dir.resolve("src/main/nn/points.nn");
        Files.writeString(model, Files.readString(model) + "// edited\n");
        log.clear();
        mojo().execute();
        assertTrue(log.stream().anyMatch(l -> l.startsWith("nnc: wrote ")), log.toString());
        assertFalse(Files.getLastModifiedTime(onnx()).equals(OLD));
    }

    @Test
    void withoutACheckpointItFailsSayingWhatToSet() {
        ExportMojo m = mojo();
        m.checkpoint = null;
        MojoFailureException e = assertThrows(MojoFailureException.class, m::execute);
        assertEquals("nnc: export needs the weights to export, but no <checkpoint> is configured; set <checkpoint> "
                + "(or -Dnnc.checkpoint=FILE) to a .safetensors written by nnc train, or "
                + "<skipWithoutCheckpoint>true</skipWithoutCheckpoint> to skip the export without one", e.getMessage());
        assertFalse(Files.exists(onnx()));
    }

    @Test
    void aCheckpointThatIsNotThereIsNamed() {
        ExportMojo m = mojo();
        m.checkpoint = dir.resolve("runs/best.safetensors").toFile();
        MojoFailureException e = assertThrows(MojoFailureException.class, m::execute);
        assertTrue(e.getMessage().contains("but the checkpoint " + m.checkpoint + " does not exist; set <checkpoint>"),
                e.getMessage());
    }

    @Test
    void skipWithoutCheckpointSkipsWithAMessage() throws Exception {
        ExportMojo m = mojo();
        m.checkpoint = null;
        m.skipWithoutCheckpoint = true;
        m.execute();
        assertEquals(List.of("nnc: export skipped: no <checkpoint> is configured (skipWithoutCheckpoint)"), log);
        assertFalse(Files.exists(onnx()));
        assertEquals(List.of(), attached);
    }

    @Test
    void aCheckpointOfAnotherModelIsRefusedAndNothingIsWritten() throws Exception {
        Path model = dir.resolve("src/main/nn/points.nn");
        Files.writeString(model, Files.readString(model).replace("affine(3)", "affine(5) - relu - affine(3)"));
        MojoFailureException e = assertThrows(MojoFailureException.class, mojo()::execute);
        assertTrue(e.getMessage().startsWith("nnc: " + dir.resolve("checkpoints/points.safetensors")),
                e.getMessage());
        assertFalse(Files.exists(onnx()));
    }

    @Test
    void severalModelFilesNeedFile() throws Exception {
        Projects.write(dir.resolve("src/main/nn/other.nn"), "model Other {\n input(2)\n affine(2) - softmax\n}\n");
        MojoFailureException e = assertThrows(MojoFailureException.class, mojo()::execute);
        assertEquals("nnc: export needs <file>, the model to export: " + dir.resolve("src/main/nn")
                + " has 2: [other.nn, points.nn]", e.getMessage());

        ExportMojo chosen = mojo();
        chosen.file = "points.nn";
        chosen.verify = false;
        chosen.execute();
        assertTrue(Files.isRegularFile(onnx()));
        assertTrue(log.stream().noneMatch(l -> l.contains("verified")), log.toString());
    }

    @Test
    void aModelWithErrorsIsReportedAndNotExported() throws Exception {
        Files.writeString(dir.resolve("src/main/nn/points.nn"), "model Points {\n input(4)\n afine(3) - softmax\n}\n");
        MojoFailureException e = assertThrows(MojoFailureException.class, mojo()::execute);
        assertEquals("nnc: " + dir.resolve("src/main/nn/points.nn") + " has errors; nothing exported", e.getMessage());
        assertFalse(Files.exists(onnx()));
    }

    @Test
    void onlyOnnxIsAFormat() {
        ExportMojo m = mojo();
        m.format = "tflite";
        MojoFailureException e = assertThrows(MojoFailureException.class, m::execute);
        assertEquals("nnc: <format> must be onnx, not 'tflite'", e.getMessage());
    }

    /** Records {@code attachArtifact(project, type, classifier, file)} as {@code type:classifier:file}. */
    private final class AttachRecorder implements MavenProjectHelper {

        @Override
        public void attachArtifact(MavenProject project, String type, String classifier, File file) {
            attached.add(type + ":" + classifier + ":" + file);
        }

        @Override
        public void attachArtifact(MavenProject project, File file, String classifier) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void attachArtifact(MavenProject project, String type, File file) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void addResource(MavenProject project, String dir, List<String> includes, List<String> excludes) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void addTestResource(MavenProject project, String dir, List<String> includes, List<String> excludes) {
            throw new UnsupportedOperationException();
        }
    }
}
