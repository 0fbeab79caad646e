package dev.nnc.lsp;

import dev.nnc.diag.Diagnostic;
import dev.nnc.diag.SourceSpan;
import dev.nnc.syntax.ast.Call;
import dev.nnc.syntax.ast.Expr;
import dev.nnc.syntax.ast.ImportDecl;
import dev.nnc.syntax.ast.ModelDecl;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.eclipse.lsp4j.DiagnosticRelatedInformation;
import org.eclipse.lsp4j.DiagnosticSeverity;
import org.eclipse.lsp4j.Location;
import org.eclipse.lsp4j.Range;

/**
 * The compiler's diagnostics as LSP diagnostics of one document: message and hint as {@code nnc compile}
 * prints them, the stable code, and related locations: for a shape error, the layer that produced the
 * shape and the model's {@code input(...)}; for an error in an imported file, that file's position (the
 * diagnostic itself goes on the import).
 */
final class Diagnostics {

    private static final List<String> SHAPE_CODES = List.of("shape", "residual-shape", "loss-not-last",
            "dropout-before-loss");

    private Diagnostics() {
    }

    static List<org.eclipse.lsp4j.Diagnostic> of(Analysis a, String uri) {
        List<org.eclipse.lsp4j.Diagnostic> out = new ArrayList<>();
        for (Diagnostic d : a.compiled.diagnostics()) {
            String message = d.message() + d.hint().map(h -> "\nhint: " + h).orElse("");
            org.eclipse.lsp4j.Diagnostic lsp = new org.eclipse.lsp4j.Diagnostic();
            lsp.setSource("nnc");
            lsp.setCode(d.code());
            lsp.setSeverity(switch (d.severity()) {
                case ERROR -> DiagnosticSeverity.Error;
                case WARNING -> DiagnosticSeverity.Warning;
                case NOTE -> DiagnosticSeverity.Information;
            });
            List<DiagnosticRelatedInformation> related = new ArrayList<>();
            if (d.span().file().equals(a.file())) {
                lsp.setRange(Ranges.of(d.span()));
                lsp.setMessage(message);
                if (SHAPE_CODES.contains(d.code())) {
                    shapeContext(a, uri, d.span(), related);
                }
            } else {
                // An error in another file of the program: shown on the import that brings that file in.
                Range at = a.ast.flatMap(f -> f.decls().stream().filter(x -> x instanceof ImportDecl)
                        .map(x -> Ranges.of(x.span())).findFirst()).orElse(Ranges.of(SourceSpan.ofFile(a.file())));
                lsp.setRange(at);
                lsp.setMessage(d.span() + ": " + message);
                related.add(new DiagnosticRelatedInformation(new Location(uriOf(d.span().file()), Ranges.of(d.span())),
                        d.message()));
            }
            if (!related.isEmpty()) {
                lsp.setRelatedInformation(related);
            }
            out.add(lsp);
        }
        return out;
    }

    static String uriOf(String display) {
        return Path.of(display).toAbsolutePath().normalize().toUri().toString();
    }

    /** The element before the failing one (the producer of its input) and the model's input(...). */
    private static void shapeContext(Analysis a, String uri, SourceSpan at,
                                     List<DiagnosticRelatedInformation> related) {
        Optional<ModelDecl> model = a.modelAt(at.line(), at.column());
        if (model.isEmpty()) {
            return;
        }
        List<Expr> elements = new ArrayList<>();
        model.get().lines().forEach(l -> elements.addAll(Ast.chain(l)));
        Expr producer = null;
        for (Expr e : elements) {
            SourceSpan s = e.span();
            boolean before = s.endLine() < at.line() || (s.endLine() == at.line() && s.endColumn() <= at.column());
            if (before) {
                producer = e;
            }
        }
        if (producer != null) {
            related.add(new DiagnosticRelatedInformation(new Location(uri, Ranges.of(producer.span())),
                    "the input of this layer comes from here"));
        }
        elements.stream().filter(e -> e instanceof Call c && c.name().equals("input")).findFirst()
                .ifPresent(in -> related.add(new DiagnosticRelatedInformation(new Location(uri, Ranges.of(in.span())),
                        "the model's input shape is set here")));
    }
}
