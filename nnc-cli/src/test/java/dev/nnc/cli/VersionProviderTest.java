package dev.nnc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class VersionProviderTest {

    /** Maven writes pom.properties under the module's own coordinates: renaming the module must move the path. */
    @Test
    void thePomPropertiesPathNamesThisModule() throws IOException {
        String pom = Files.readString(Path.of("nnc-cli/pom.xml"));
        // the module's own artifactId: the first one after its <parent> block (comments may come between)
        Matcher m = Pattern.compile("</parent>(?:\\s|<!--.*?-->)*<artifactId>([^<]+)</artifactId>", Pattern.DOTALL)
                .matcher(pom);
        assertTrue(m.find(), "nnc-cli/pom.xml has no artifactId after its parent");
        assertEquals("/META-INF/maven/dev.nnc/" + m.group(1) + "/pom.properties", VersionProvider.POM_PROPERTIES);
    }
}
