package dev.nnc.maven;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.maven.project.MavenProject;

/** Small model files and mojos set up as Maven would, for the unit tests. */
final class Projects {

    /** The README's example of mistakes: an unknown layer (with a did-you-mean) and an unknown setting. */
    static final String TYPO = """
            // A model with mistakes, for the README: every one is reported in one run.
            model Typo {
                input(1, 28, 28)
                <affine(100) - batchnrom - relu> x 3 - affine(10) - softmax
                train { epoch = 5 }
            }
            """;

    static final String BLOCKS = """
            fun block(width: Int) {
                affine(width) - relu
            }
            """;

    static String mlp(String name, int width) {
        return """
                import "lib/blocks.nn"

                model %s {
                    input(1, 8, 8)
                    block(%d) - affine(10) - softmax
                }
                """.formatted(name, width);
    }

    private Projects() {
    }

    static Path write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        return Files.writeString(file, text);
    }

    static MavenProject project(Path basedir) {
        MavenProject p = new MavenProject();
        p.setFile(basedir.resolve("pom.xml").toFile());
        return p;
    }

    static CheckMojo check(Path basedir, RecordingBuildContext context) {
        CheckMojo m = new CheckMojo();
        m.project = project(basedir);
        m.buildContext = context;
        m.sourceDirectory = basedir.resolve("src/main/nn").toFile();
        m.sarifFile = basedir.resolve("target/nnc/nnc.sarif").toFile();
        m.repositoryRoot = basedir.toFile();
        return m;
    }

    static CompileMojo compile(Path basedir, RecordingBuildContext context) {
        CompileMojo m = new CompileMojo();
        m.project = project(basedir);
        m.buildContext = context;
        m.sourceDirectory = basedir.resolve("src/main/nn").toFile();
        m.outputDirectory = basedir.resolve("target/generated-resources/nnc").toFile();
        m.stateFile = basedir.resolve("target/nnc/compile-state.json").toFile();
        return m;
    }
}
