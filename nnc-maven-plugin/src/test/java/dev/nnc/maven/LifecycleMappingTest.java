package dev.nnc.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;

/** m2e's lifecycle mapping covers exactly the plugin's goals (as the generated descriptor lists them). */
class LifecycleMappingTest {

    @Test
    void everyGoalIsMappedToExecuteIncrementally() throws Exception {
        Document mapping = parse("/META-INF/m2e/lifecycle-mapping-metadata.xml");
        Document descriptor = parse("/META-INF/maven/plugin.xml");
        List<String> mojos = texts(descriptor.getElementsByTagName("mojo"), "goal");
        List<String> mapped = texts(mapping.getElementsByTagName("goals"), "goal");
        assertEquals(mojos.stream().sorted().toList(), mapped.stream().sorted().toList());
        assertEquals(List.of("check", "compile", "test-check"), mojos.stream().sorted().toList());
        assertEquals("true", mapping.getElementsByTagName("runOnIncremental").item(0).getTextContent().trim());
    }

    private static List<String> texts(NodeList parents, String child) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < parents.getLength(); i++) {
            NodeList children = parents.item(i).getChildNodes();
            for (int j = 0; j < children.getLength(); j++) {
                if (children.item(j).getNodeName().equals(child)) {
                    out.add(children.item(j).getTextContent().trim());
                }
            }
        }
        return out;
    }

    private static Document parse(String resource) throws Exception {
        try (InputStream in = LifecycleMappingTest.class.getResourceAsStream(resource)) {
            return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(in);
        }
    }
}
