package dev.nnc.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * m2e's lifecycle mapping covers exactly the plugin's goals (as the generated descriptor lists them): the
 * checking and compiling goals run in IDE builds, export (ONNX Runtime) is ignored there.
 */
class LifecycleMappingTest {

    @Test
    void everyGoalIsMappedToExecuteIncrementally() throws Exception {
        Document mapping = parse("/META-INF/m2e/lifecycle-mapping-metadata.xml");
        Document descriptor = parse("/META-INF/maven/plugin.xml");
        List<String> mojos = texts(descriptor.getElementsByTagName("mojo"), "goal");
        List<String> mapped = texts(mapping.getElementsByTagName("goals"), "goal");
        assertEquals(mojos.stream().sorted().toList(), mapped.stream().sorted().toList());
        assertEquals(List.of("check", "compile", "export", "test-check"), mojos.stream().sorted().toList());
        NodeList executions = mapping.getElementsByTagName("pluginExecution");
        assertEquals(2, executions.getLength());
        Element run = (Element) executions.item(0);
        assertEquals(List.of("check", "test-check", "compile"), texts(run.getElementsByTagName("goals"), "goal"));
        assertEquals("true", run.getElementsByTagName("runOnIncremental").item(0).getTextContent().trim());
        Element ignored = (Element) executions.item(1);
        assertEquals(List.of("export"), texts(ignored.getElementsByTagName("goals"), "goal"));
        assertEquals(1, ignored.getElementsByTagName("ignore").getLength());
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
