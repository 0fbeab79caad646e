package dev.nnc.maven;

import java.io.File;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/** {@code check} for the test models under {@code src/test/nn}; skipped with {@code -Dmaven.test.skip}. */
@Mojo(name = "test-check", defaultPhase = LifecyclePhase.VALIDATE, threadSafe = true)
public class TestCheckMojo extends AbstractCheckMojo {

    /** Where the test models are. */
    @Parameter(property = "nnc.testSourceDirectory", defaultValue = "${project.basedir}/src/test/nn")
    File testSourceDirectory;

    /** The SARIF 2.1.0 log of the test models' findings. */
    @Parameter(property = "nnc.testSarifFile", defaultValue = "${project.build.directory}/nnc/nnc-test.sarif")
    File testSarifFile;

    @Parameter(property = "maven.test.skip", defaultValue = "false")
    boolean skipTestCompile;

    @Override
    public void execute() throws MojoExecutionException, MojoFailureException {
        if (skipTestCompile) {
            getLog().info("nnc: test models not checked (maven.test.skip)");
            return;
        }
        super.execute();
    }

    @Override
    File sourceDirectory() {
        return testSourceDirectory;
    }

    @Override
    File sarifFile() {
        return testSarifFile;
    }
}
