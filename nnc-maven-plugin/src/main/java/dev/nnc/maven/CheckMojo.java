package dev.nnc.maven;

import java.io.File;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Compiles every model under {@code src/main/nn}, reports each diagnostic as {@code nnc compile} does
 * ({@code file:line:col: error: ...}), marks it in the IDE, writes them all to {@code target/nnc/nnc.sarif},
 * checks the size budget, and fails the build on any error.
 */
@Mojo(name = "check", defaultPhase = LifecyclePhase.VALIDATE, threadSafe = true)
public class CheckMojo extends AbstractCheckMojo {

    /** Where the models are. */
    @Parameter(property = "nnc.sourceDirectory", defaultValue = "${project.basedir}/src/main/nn")
    File sourceDirectory;

    /** The SARIF 2.1.0 log of the findings, for code-scanning tools. */
    @Parameter(property = "nnc.sarifFile", defaultValue = "${project.build.directory}/nnc/nnc.sarif")
    File sarifFile;

    @Override
    File sourceDirectory() {
        return sourceDirectory;
    }

    @Override
    File sarifFile() {
        return sarifFile;
    }
}
