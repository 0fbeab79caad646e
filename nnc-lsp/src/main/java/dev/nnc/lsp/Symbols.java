package dev.nnc.lsp;

import dev.nnc.diag.SourceSpan;
import dev.nnc.diag.SourceText;
import dev.nnc.syntax.ParseResult;
import dev.nnc.syntax.SourceParser;
import dev.nnc.syntax.ast.Call;
import dev.nnc.syntax.ast.Decl;
import dev.nnc.syntax.ast.Expr;
import dev.nnc.syntax.ast.FunDecl;
import dev.nnc.syntax.ast.ImportDecl;
import dev.nnc.syntax.ast.ModelDecl;
import dev.nnc.syntax.ast.NameRef;
import dev.nnc.syntax.ast.NnFile;
import dev.nnc.syntax.ast.Param;
import dev.nnc.syntax.ast.Setting;
import dev.nnc.syntax.ast.TrainBlock;
import dev.nnc.syntax.ast.ValDecl;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Names across files for go to definition, references and rename: the {@code val}s, {@code fun}s and models
 * each file declares, every use of a name that is not a parameter of the enclosing fun or model, and the
 * imports. A use refers to the declaration of that name in its file's import closure, as in the compiler,
 * where names are global across a program.
 */
final class Symbols {

    enum Kind { VAL, FUN, MODEL }

    record Def(String name, Kind kind, Path file, SourceSpan nameSpan, Decl decl) {
    }

    record Ref(String name, Path file, SourceSpan span) {
    }

    /** One file's declarations, name uses and imports (absolute, normalized paths). */
    record FileIndex(Path file, List<Def> defs, List<Ref> refs, List<Path> imports, Optional<NnFile> ast) {
    }

    private final Map<Path, FileIndex> files = new LinkedHashMap<>();
    private final Function<Path, Optional<String>> texts;

    /** {@code texts} gives a file's text: the editor's for open documents, else the disk's. */
    Symbols(Function<Path, Optional<String>> texts) {
        this.texts = texts;
    }

    /** The most directory entries searched under the workspace folders: a huge folder only narrows the search. */
    private static final int MAX_ENTRIES = 20_000;

    /** Indexes {@code roots}, their imports, and the .nn files under {@code folders} (build and hidden directories skipped). */
    static Symbols index(List<Path> roots, List<Path> folders, Function<Path, Optional<String>> texts) {
        Symbols s = new Symbols(texts);
        Deque<Path> todo = new ArrayDeque<>(roots);
        for (Path folder : folders) {
            todo.addAll(nnFiles(folder));
        }
        while (!todo.isEmpty()) {
            Path p = todo.poll().toAbsolutePath().normalize();
            if (!s.files.containsKey(p)) {
                FileIndex f = s.indexFile(p);
                s.files.put(p, f);
                todo.addAll(f.imports());
            }
        }
        return s;
    }

    private static List<Path> nnFiles(Path folder) {
        List<Path> out = new ArrayList<>();
        int[] seen = {0};
        try {
            Files.walkFileTree(folder, java.util.EnumSet.noneOf(java.nio.file.FileVisitOption.class), 12,
                    new java.nio.file.SimpleFileVisitor<>() {
                        @Override
                        public java.nio.file.FileVisitResult preVisitDirectory(Path dir,
                                java.nio.file.attribute.BasicFileAttributes attrs) {
                            String name = dir.getFileName() == null ? "" : dir.getFileName().toString();
                            boolean skip = !dir.equals(folder) && (name.startsWith(".") || name.equals("target")
                                    || name.equals("node_modules") || name.equals("runs"));
                            return skip ? java.nio.file.FileVisitResult.SKIP_SUBTREE : next();
                        }

                        @Override
                        public java.nio.file.FileVisitResult visitFile(Path file,
                                java.nio.file.attribute.BasicFileAttributes attrs) {
                            if (file.toString().endsWith(".nn") && attrs.isRegularFile()) {
                                out.add(file);
                            }
                            return next();
                        }

                        @Override
                        public java.nio.file.FileVisitResult visitFileFailed(Path file, IOException e) {
                            return next();
                        }

                        private java.nio.file.FileVisitResult next() {
                            return ++seen[0] > MAX_ENTRIES ? java.nio.file.FileVisitResult.TERMINATE
                                    : java.nio.file.FileVisitResult.CONTINUE;
                        }
                    });
        } catch (IOException | RuntimeException e) {
            // An unreadable folder only narrows the search.
        }
        return out;
    }

    Optional<FileIndex> file(Path p) {
        return Optional.ofNullable(files.get(p));
    }

    private FileIndex indexFile(Path file) {
        Optional<String> text = texts.apply(file);
        List<Def> defs = new ArrayList<>();
        List<Ref> refs = new ArrayList<>();
        List<Path> imports = new ArrayList<>();
        if (text.isEmpty()) {
            return new FileIndex(file, defs, refs, imports, Optional.empty());
        }
        ParseResult parsed = SourceParser.parse(new SourceText(file.toString(), text.get()));
        if (parsed.file().isEmpty()) {
            return new FileIndex(file, defs, refs, imports, Optional.empty());
        }
        for (Decl d : parsed.file().get().decls()) {
            if (d instanceof ImportDecl imp) {
                imports.add(file.getParent().resolve(imp.path()).normalize());
            } else if (d instanceof ValDecl v) {
                defs.add(new Def(v.name(), Kind.VAL, file, v.nameSpan(), v));
                uses(v.value(), Set.of(), file, refs);
            } else if (d instanceof FunDecl f) {
                defs.add(new Def(f.name(), Kind.FUN, file, f.nameSpan(), f));
                Set<String> locals = names(f.params());
                f.params().forEach(p -> p.defaultValue().ifPresent(e -> uses(e, Set.of(), file, refs)));
                uses(f.body(), locals, file, refs);
            } else if (d instanceof ModelDecl m) {
                defs.add(new Def(m.name(), Kind.MODEL, file, m.nameSpan(), m));
                Set<String> locals = names(m.params());
                m.params().forEach(p -> p.defaultValue().ifPresent(e -> uses(e, Set.of(), file, refs)));
                m.lines().forEach(l -> uses(l, locals, file, refs));
                for (TrainBlock t : m.trainBlocks()) {
                    for (Setting s : t.settings()) {
                        uses(s.value(), locals, file, refs);
                    }
                }
            }
        }
        return new FileIndex(file, defs, refs, imports, parsed.file());
    }

    private static Set<String> names(List<Param> params) {
        Set<String> s = new HashSet<>();
        params.forEach(p -> s.add(p.name()));
        return s;
    }

    private static void uses(Expr e, Set<String> locals, Path file, List<Ref> refs) {
        Ast.walk(e, x -> {
            if (x instanceof NameRef n && !locals.contains(n.name())) {
                refs.add(new Ref(n.name(), file, n.span()));
            } else if (x instanceof Call c && !locals.contains(c.name())) {
                refs.add(new Ref(c.name(), file, c.nameSpan()));
            }
        });
    }

    /** The files {@code file} can see: itself and its imports, transitively. */
    Set<Path> closure(Path file) {
        Set<Path> seen = new java.util.LinkedHashSet<>();
        Deque<Path> todo = new ArrayDeque<>(List.of(file));
        while (!todo.isEmpty()) {
            Path p = todo.poll();
            if (seen.add(p)) {
                file(p).ifPresent(f -> todo.addAll(f.imports()));
            }
        }
        return seen;
    }

    /** The declaration {@code name} refers to when used in {@code file}. */
    Optional<Def> resolve(String name, Path file) {
        for (Path p : closure(file)) {
            Optional<Def> d = file(p).stream().flatMap(f -> f.defs().stream()).filter(x -> x.name().equals(name))
                    .findFirst();
            if (d.isPresent()) {
                return d;
            }
        }
        return Optional.empty();
    }

    /** The name (declaration or use) at a 1-based position of {@code file}, resolved to its declaration. */
    Optional<Def> definitionAt(Path file, int line, int col) {
        Optional<FileIndex> f = file(file);
        if (f.isEmpty()) {
            return Optional.empty();
        }
        for (Def d : f.get().defs()) {
            if (Ast.at(d.nameSpan(), line, col)) {
                return Optional.of(d);
            }
        }
        for (Ref r : f.get().refs()) {
            if (Ast.at(r.span(), line, col)) {
                return resolve(r.name(), file);
            }
        }
        return Optional.empty();
    }

    /** Every use of {@code def}, in every indexed file that sees it. */
    List<Ref> references(Def def) {
        List<Ref> out = new ArrayList<>();
        for (FileIndex f : files.values()) {
            if (f.refs().stream().noneMatch(r -> r.name().equals(def.name()))) {
                continue;
            }
            if (resolve(def.name(), f.file()).filter(d -> d.equals(def)).isEmpty()) {
                continue;
            }
            f.refs().stream().filter(r -> r.name().equals(def.name())).forEach(out::add);
        }
        return out;
    }
}
