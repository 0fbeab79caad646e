package dev.nnc.cli;

import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import dev.nnc.api.CompileResult;
import dev.nnc.diag.Diagnostic;
import dev.nnc.diag.Fix;
import java.io.PrintWriter;
import java.util.Locale;

/** How compiler diagnostics reach stderr: rendered for people, or one JSON object per line for tools. */
public enum DiagnosticsFormat {
    /** {@code file:line:col: error: message}, the source line, a caret and the hint. */
    TEXT,
    /** One object per line: file, line, column, endLine, endColumn, severity, code, message, hint, fixes. */
    JSON;

    private static final Gson GSON = new GsonBuilder().disableHtmlEscaping().serializeNulls().create();

    public void print(CompileResult result, PrintWriter err) {
        if (this == TEXT) {
            err.print(result.render());
        } else {
            result.diagnostics().forEach(d -> err.println(GSON.toJson(toJson(d))));
        }
        err.flush();
    }

    static JsonObject toJson(Diagnostic d) {
        JsonObject o = new JsonObject();
        o.addProperty("file", d.span().file());
        o.addProperty("line", d.span().line());
        o.addProperty("column", d.span().column());
        o.addProperty("endLine", d.span().endLine());
        o.addProperty("endColumn", d.span().endColumn());
        o.addProperty("severity", d.severity().label());
        o.addProperty("code", d.code());
        o.addProperty("message", d.message());
        o.add("hint", d.hint().<com.google.gson.JsonElement>map(JsonPrimitive::new).orElse(JsonNull.INSTANCE));
        JsonArray fixes = new JsonArray();
        for (Fix fix : d.fixes()) {
            JsonObject f = new JsonObject();
            f.addProperty("title", fix.title());
            JsonArray edits = new JsonArray();
            for (Fix.Edit e : fix.edits()) {
                JsonObject edit = new JsonObject();
                edit.addProperty("file", e.span().file());
                edit.addProperty("line", e.span().line());
                edit.addProperty("column", e.span().column());
                edit.addProperty("endLine", e.span().endLine());
                edit.addProperty("endColumn", e.span().endColumn());
                edit.addProperty("text", e.text());
                edits.add(edit);
            }
            f.add("edits", edits);
            fixes.add(f);
        }
        o.add("fixes", fixes);
        return o;
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
