package dev.nnc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The examples of README.md and docs/ against the repository: the files they name exist, the README's model is
 * models/fashion_mlp.nn, every {@code nnc compile} and {@code nnc gradcheck} in a code block runs as shown (issue 15:
 * docs/cli.md named models/resnet.nn, models/zoo.nn and tiny.nn, none of which existed).
 */
class DocsExamplesTest {

    private static final Pattern REPO_PATH = Pattern.compile("(?<![\\w/.-])((?:models|docs/examples)/[\\w/.-]+"
            + "\\.(?:nn|csv|py))");
    private static final Pattern COMMAND = Pattern.compile("^(?:\\$ )?(?:\\./)?nnc (compile|gradcheck) (.*)$");

    private static List<Path> docs() throws IOException {
        List<Path> all = new ArrayList<>(List.of(Path.of("README.md")));
        try (Stream<Path> s = Files.list(Path.of("docs"))) {
            s.filter(p -> p.toString().endsWith(".md")).sorted().forEach(all::add);
        }
        return all;
    }

    /** The lines of the fenced code blocks of a Markdown file, each block ended by a "$ " line (as a command). */
    private static List<String> codeLines(Path doc) throws IOException {
        List<String> out = new ArrayList<>();
        boolean in = false;
        for (String line : Files.readAllLines(doc)) {
            if (line.startsWith("```")) {
                if (in) {
                    out.add("$ ");
                }
                in = !in;
            } else if (in) {
                out.add(line);
            }
        }
        return out;
    }

    @Test
    void everyRepositoryFileTheDocsNameExists() throws IOException {
        List<String> missing = new ArrayList<>();
        for (Path doc : docs()) {
            Matcher m = REPO_PATH.matcher(Files.readString(doc));
            while (m.find()) {
                if (!m.group(1).contains("...") && !Files.exists(Path.of(m.group(1)))) {
                    missing.add(doc + ": " + m.group(1));
                }
            }
        }
        assertEquals(List.of(), missing);
    }

    @Test
    void theReadmesModelIsTheShippedFile() throws IOException {
        String model = Files.readString(Path.of("models/fashion_mlp.nn"));
        String shown = model.substring(model.indexOf("val width")); // the file without its comment header
        assertTrue(Files.readString(Path.of("README.md")).contains("```kotlin\n" + shown + "```\n"),
                "README.md shows models/fashion_mlp.nn from 'val width' on, verbatim");
    }

    @Test
    void everyCompileAndGradcheckInACodeBlockRuns() throws IOException {
        int ran = 0;
        for (Path doc : docs()) {
            List<String> lines = codeLines(doc);
            for (int i = 0; i < lines.size(); i++) {
                Matcher m = COMMAND.matcher(lines.get(i).replaceAll("\\s+#.*$", ""));
                if (!m.matches() || m.group(2).contains("|") || m.group(2).contains(">") || m.group(2).contains(" -o ")
                        || m.group(2).contains("[") || !m.group(2).split(" ")[0].contains("/")) {
                    continue; // a pipe, a redirect or an output file: not run here; a bare name is a placeholder
                }
                String[] rest = m.group(2).trim().split("\\s+");
                String[] args = new String[rest.length + 1];
                args[0] = m.group(1);
                System.arraycopy(rest, 0, args, 1, rest.length);
                Cli.Run r = Cli.run(args);
                boolean broken = rest[0].contains("typo") || rest[0].contains("bad");
                assertEquals(broken ? 1 : 0, r.exit(), doc + ": " + lines.get(i) + "\n" + r.err());
                if (lines.get(i).startsWith("$ ")) { // the lines after it, up to the next command, are its output
                    StringBuilder shown = new StringBuilder();
                    for (int j = i + 1; j < lines.size() && !lines.get(j).startsWith("$ "); j++) {
                        shown.append(lines.get(j)).append('\n');
                    }
                    String printed = r.err() + r.out();
                    for (String line : shown.toString().split("\n")) {
                        if (!line.isBlank() && !line.contains("...") && !line.contains("…")) {
                            assertTrue(printed.contains(line.stripTrailing()), doc + ": '" + lines.get(i)
                                    + "' does not print the line shown, '" + line + "':\n" + printed);
                        }
                    }
                }
                ran++;
            }
        }
        assertTrue(ran >= 3, "ran " + ran + " examples");
    }

    @Test
    void noExampleSetsAnUnknownMomentumKey() throws IOException {
        for (Path doc : docs()) {
            assertFalse(Files.readString(doc).contains("--set momentum="), doc + ": the momentum key is mu");
        }
    }
}
