package dev.nnc.semantic;

import dev.nnc.diag.SourceSpan;
import dev.nnc.diag.SourceText;
import dev.nnc.syntax.ParseResult;
import dev.nnc.syntax.SourceParser;
import dev.nnc.syntax.ast.Decl;
import dev.nnc.syntax.ast.FunDecl;
import dev.nnc.syntax.ast.ImportDecl;
import dev.nnc.syntax.ast.ModelDecl;
import dev.nnc.syntax.ast.NnFile;
import dev.nnc.syntax.ast.ValDecl;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads, parses and links a main file and its imports (depth first, each file once, cycles reported with
 * the whole chain). Never throws: unreadable, oversized or malformed files become diagnostics.
 */
public final class ProgramLoader {

    /** Larger files are refused before parsing: no model is anywhere near this. */
    public static final long MAX_FILE_BYTES = 16L << 20;

    private final Reporter reporter;
    private final Map<String, Decl> globals = new LinkedHashMap<>();
    private final Map<String, ModelDecl> models = new LinkedHashMap<>();
    private final Map<String, SourceText> sources = new LinkedHashMap<>();
    private final Map<String, Path> directories = new HashMap<>();
    private final Deque<String> importStack = new ArrayDeque<>();
    private final List<ModelDecl> mainModels = new ArrayList<>();

    public ProgramLoader(Reporter reporter) {
        this.reporter = reporter;
    }

    /** Loads a file from disk; {@code display} is how diagnostics name it. */
    public Optional<Program> loadFile(Path file) {
        String display = display(file.toAbsolutePath().normalize());
        Optional<String> text = read(file, display, SourceSpan.ofFile(display));
        return text.map(t -> load(display, t, file.toAbsolutePath().getParent()));
    }

    /** Loads source text that is not on disk; imports resolve against {@code directory}. */
    public Program load(String display, String text, Path directory) {
        loadText(display, text, directory, true);
        return new Program(globals, models, mainModels, display, sources, directories);
    }

    private void loadText(String display, String text, Path directory, boolean main) {
        SourceText source = new SourceText(display, text);
        sources.put(display, source);
        directories.put(display, directory);
        ParseResult parsed = SourceParser.parse(source);
        reporter.addAll(parsed.diagnostics());
        if (parsed.file().isEmpty()) {
            return;
        }
        NnFile file = parsed.file().get();
        importStack.push(display);
        for (Decl d : file.decls()) {
            if (d instanceof ImportDecl imp) {
                importFile(imp, directory);
            }
        }
        importStack.pop();
        for (Decl d : file.decls()) {
            declare(d, main);
        }
    }

    private void importFile(ImportDecl imp, Path directory) {
        Path target = directory.resolve(imp.path()).normalize();
        String display = display(target);
        if (importStack.contains(display)) {
            List<String> chain = new ArrayList<>(importStack);
            java.util.Collections.reverse(chain);
            chain = chain.subList(chain.indexOf(display), chain.size());
            reporter.error("import-cycle", imp.span(), "import cycle: " + String.join(" -> ", chain) + " -> " + display,
                    "move what both files need into a third file that neither imports");
            return;
        }
        if (sources.containsKey(display)) {
            return;
        }
        read(target, display, imp.span()).ifPresent(t -> loadText(display, t, target.getParent(), false));
    }

    /**
     * How diagnostics name a file: relative to the working directory when inside it, else absolute. The
     * main file is named the same way as an import of it would be, so a cycle back to it is recognized.
     */
    private static String display(Path absolute) {
        Path cwd = Path.of("").toAbsolutePath();
        return absolute.startsWith(cwd) ? cwd.relativize(absolute).toString() : absolute.toString();
    }

    private void declare(Decl d, boolean main) {
        if (d instanceof ModelDecl m) {
            ModelDecl prev = models.putIfAbsent(m.name(), m);
            if (prev != null && prev != m) {
                duplicate(m.name(), m.nameSpan(), prev.nameSpan(), "model");
            } else if (main) {
                mainModels.add(m);
            }
            return;
        }
        String name;
        SourceSpan at;
        if (d instanceof ValDecl v) {
            name = v.name();
            at = v.nameSpan();
        } else if (d instanceof FunDecl f) {
            name = f.name();
            at = f.nameSpan();
        } else {
            return;
        }
        Decl prev = globals.putIfAbsent(name, d);
        if (prev != null && prev != d) {
            duplicate(name, at, nameSpan(prev), "name");
        }
    }

    private void duplicate(String name, SourceSpan at, SourceSpan first, String what) {
        reporter.error("duplicate-declaration", at, what + " '" + name + "' is already declared at " + first,
                "rename one of them");
    }

    static SourceSpan nameSpan(Decl d) {
        if (d instanceof ValDecl v) {
            return v.nameSpan();
        } else if (d instanceof FunDecl f) {
            return f.nameSpan();
        } else if (d instanceof ModelDecl m) {
            return m.nameSpan();
        }
        return d.span();
    }

    private Optional<String> read(Path file, String display, SourceSpan at) {
        try {
            long size = Files.size(file);
            if (size > MAX_FILE_BYTES) {
                reporter.error("file-too-large", at, "'" + display + "' is " + size + " bytes; the limit is "
                        + MAX_FILE_BYTES + " (16 MiB)");
                return Optional.empty();
            }
            byte[] bytes = Files.readAllBytes(file);
            // Bad UTF-8 becomes U+FFFD, which the parser then reports with a position.
            return Optional.of(StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPLACE)
                    .onUnmappableCharacter(CodingErrorAction.REPLACE).decode(ByteBuffer.wrap(bytes)).toString());
        } catch (NoSuchFileException e) {
            reporter.error("file-not-found", at, "cannot read '" + display + "': no such file");
        } catch (IOException e) {
            reporter.error("file-unreadable", at, "cannot read '" + display + "': " + e.getMessage());
        }
        return Optional.empty();
    }
}
