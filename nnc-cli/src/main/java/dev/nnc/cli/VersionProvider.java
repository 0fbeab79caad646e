package dev.nnc.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/**
 * {@code nnc --version}: the project version Maven records in the jar (META-INF/maven/.../pom.properties),
 * or "development build" when running from classes, and the Java runtime.
 */
final class VersionProvider implements IVersionProvider {

    static final String POM_PROPERTIES = "/META-INF/maven/dev.nnc/nnc-cli/pom.properties";

    @Override
    public String[] getVersion() throws IOException {
        String version = "(development build)";
        try (InputStream in = VersionProvider.class.getResourceAsStream(POM_PROPERTIES)) {
            if (in != null) {
                Properties p = new Properties();
                p.load(in);
                version = p.getProperty("version", version);
            }
        }
        return new String[] {"nnc " + version,
                "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")"};
    }
}
