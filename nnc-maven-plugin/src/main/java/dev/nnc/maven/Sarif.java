package dev.nnc.maven;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.nnc.diag.Diagnostic;
import dev.nnc.diag.Fix;
import dev.nnc.diag.SourceSpan;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The diagnostics of a check as a SARIF 2.1.0 log (OASIS), for code-scanning tools: one run, a rule per
 * diagnostic code that occurs, a result per diagnostic with its region, files named relative to the
 * repository root (uriBaseId SRCROOT), and the compiler's fixes (did-you-mean, flatten) as SARIF fixes. No timestamps
 * or absolute paths under the root, and a fixed order, so the same findings give the same bytes.
 */
final class Sarif {

    static final String SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json";
    static final String ROOT_ID = "SRCROOT";

    private Sarif() {
    }

    /** The log of {@code findings} (severities after the build's policy), in their order. */
    static String write(List<Diagnostic> findings, Path root, String version) {
        Map<String, Diagnostic> firstByCode = new TreeMap<>();
        findings.forEach(d -> firstByCode.putIfAbsent(d.code(), d));
        List<String> codes = List.copyOf(firstByCode.keySet());

        JsonArray rules = new JsonArray();
        for (String code : codes) {
            JsonObject rule = new JsonObject();
            rule.addProperty("id", code);
            rule.add("shortDescription", text(Rules.description(code)));
            JsonObject config = new JsonObject();
            config.addProperty("level", level(firstByCode.get(code)));
            rule.add("defaultConfiguration", config);
            rules.add(rule);
        }
        JsonObject driver = new JsonObject();
        driver.addProperty("name", "nnc");
        driver.addProperty("version", version);
        driver.addProperty("semanticVersion", version);
        driver.add("rules", rules);
        JsonObject tool = new JsonObject();
        tool.add("driver", driver);

        JsonArray results = new JsonArray();
        for (Diagnostic d : findings) {
            results.add(result(d, codes.indexOf(d.code()), root));
        }
        JsonObject run = new JsonObject();
        run.add("tool", tool);
        run.addProperty("columnKind", "utf16CodeUnits");
        run.add("results", results);
        JsonArray runs = new JsonArray();
        runs.add(run);
        JsonObject log = new JsonObject();
        log.addProperty("$schema", SCHEMA);
        log.addProperty("version", "2.1.0");
        log.add("runs", runs);
        return new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create().toJson(log) + "\n";
    }

    private static JsonObject result(Diagnostic d, int ruleIndex, Path root) {
        JsonObject r = new JsonObject();
        r.addProperty("ruleId", d.code());
        r.addProperty("ruleIndex", ruleIndex);
        r.addProperty("level", level(d));
        // A bad value in the plugin's <overrides> is in no file: the message names the setting instead.
        if (d.span().file().startsWith("--set ")) {
            String key = d.span().file().substring("--set ".length());
            r.add("message", text("<overrides> " + key + ": " + d.message() + d.hint().map(h -> "\n" + h).orElse("")));
            return r;
        }
        // The compiler's own fixes (Diagnostic.fixes(), the quick fixes an editor offers) become SARIF fixes;
        // a hint that is not a fix still helps the reader: it follows the message, as on the terminal.
        boolean fixable = !d.fixes().isEmpty();
        r.add("message", text(d.hint().filter(h -> !fixable).map(h -> d.message() + "\n" + h).orElse(d.message())));
        JsonObject physical = new JsonObject();
        physical.add("artifactLocation", artifact(d.span().file(), root));
        physical.add("region", region(d.span()));
        JsonObject location = new JsonObject();
        location.add("physicalLocation", physical);
        JsonArray locations = new JsonArray();
        locations.add(location);
        r.add("locations", locations);
        if (fixable) {
            JsonArray fixes = new JsonArray();
            for (Fix fix : d.fixes()) {
                fixes.add(fix(fix, d.hint().orElse(fix.title()), root));
            }
            r.add("fixes", fixes);
        }
        return r;
    }

    /** One SARIF fix: its edits grouped by file, an insertion being an empty deleted region. */
    private static JsonObject fix(Fix fix, String description, Path root) {
        Map<String, JsonArray> byFile = new LinkedHashMap<>();
        for (Fix.Edit edit : fix.edits()) {
            JsonObject replacement = new JsonObject();
            replacement.add("deletedRegion", region(edit.span()));
            JsonObject inserted = new JsonObject();
            inserted.addProperty("text", edit.text());
            replacement.add("insertedContent", inserted);
            byFile.computeIfAbsent(edit.span().file(), f -> new JsonArray()).add(replacement);
        }
        JsonArray changes = new JsonArray();
        byFile.forEach((file, replacements) -> {
            JsonObject change = new JsonObject();
            change.add("artifactLocation", artifact(file, root));
            change.add("replacements", replacements);
            changes.add(change);
        });
        JsonObject f = new JsonObject();
        f.add("description", text(description));
        f.add("artifactChanges", changes);
        return f;
    }

    private static JsonObject artifact(String displayName, Path root) {
        Path file = ModelFile.absolute(displayName);
        JsonObject a = new JsonObject();
        if (file.startsWith(root)) {
            String relative = root.relativize(file).toString().replace(java.io.File.separatorChar, '/');
            try {
                a.addProperty("uri", new URI(null, null, relative, null).toASCIIString());
            } catch (URISyntaxException e) {
                throw new IllegalStateException("not a relative path: " + relative, e);
            }
            a.addProperty("uriBaseId", ROOT_ID);
        } else {
            a.addProperty("uri", file.toUri().toASCIIString());
        }
        return a;
    }

    private static JsonObject region(SourceSpan s) {
        JsonObject r = new JsonObject();
        r.addProperty("startLine", s.line());
        r.addProperty("startColumn", s.column());
        r.addProperty("endLine", s.endLine());
        r.addProperty("endColumn", s.endColumn());
        return r;
    }

    private static String level(Diagnostic d) {
        return switch (d.severity()) {
            case ERROR -> "error";
            case WARNING -> "warning";
            case NOTE -> "note";
        };
    }

    private static JsonObject text(String s) {
        JsonObject o = new JsonObject();
        o.addProperty("text", s);
        return o;
    }
}
