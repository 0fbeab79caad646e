package dev.nnc.semantic;

import dev.nnc.diag.SourceSpan;
import dev.nnc.diag.SourceText;
import dev.nnc.io.ReadLimits;
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
 *
 * <p>Imports are confined (docs/security.md): the project root is the main file's directory, and an import
 * names a relative {@code .nn} path that stays inside it, also after following symbolic links. Only regular
 * files are read, each at most {@link #MAX_FILE_BYTES}, all together at most {@link #MAX_TOTAL_BYTES}.
 */
public final class ProgramLoader {

    /** Larger files are refused, counted while reading. */
    public static final int MAX_FILE_BYTES = ReadLimits.MAX_MODEL_FILE_BYTES;

    /** The main file and all its imports together. */
    public static final long MAX_TOTAL_BYTES = ReadLimits.MAX_PROGRAM_BYTES;

    /** Files a program may consist of. */
    public static final int MAX_FILES = ReadLimits.MAX_PROGRAM_FILES;

    private long totalBytes;
    private Path root;

    private final Reporter reporter;
    private final Map<String, Decl> globals = new LinkedHashMap<>();
    private final Map<String, ModelDecl> models = new LinkedHashMap<>();
    private final Map<String, SourceText> sources = new LinkedHashMap<>();
    private final Map<String, Path> directories = new HashMap<>();
    private final Deque<String> importStack = new ArrayDeque<>();
    private final List<ModelDecl> mainModels = new ArrayList<>();

    private final Optional<Path> projectRoot;

    /** The files of a checkpoint's embedded source by absolute path; null when reading from disk. */
    private Map<Path, String> embedded;

    public ProgramLoader(Reporter reporter) {
        this(reporter, Optional.empty());
    }

    /**
     * Loads a program from source text alone, as a self-contained checkpoint carries it: {@code files} by the
     * path diagnostics named them (relative to the working directory, or absolute). Imports resolve among
     * these files only, under the same rules as on disk (relative, inside the main file's directory) and the
     * same size limits; nothing is read from disk.
     */
    public Optional<Program> loadEmbedded(String mainFile, Map<String, String> files) {
        embedded = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : files.entrySet()) {
            embedded.put(Path.of(e.getKey()).toAbsolutePath().normalize(), e.getValue());
        }
        return loadFile(Path.of(mainFile));
    }

    /** Imports may reach below {@code projectRoot} when the main file lies in it (docs/security.md). */
    public ProgramLoader(Reporter reporter, Optional<Path> projectRoot) {
        this.reporter = reporter;
        this.projectRoot = projectRoot.map(p -> p.toAbsolutePath().normalize());
    }

    /** Loads a file from disk; {@code display} is how diagnostics name it. */
    public Optional<Program> loadFile(Path file) {
        String display = display(file.toAbsolutePath().normalize());
        Path own = file.toAbsolutePath().normalize().getParent();
        root = projectRoot.filter(own::startsWith).orElse(own);
        Optional<String> text = read(file, display, SourceSpan.ofFile(display));
        return text.map(t -> load(display, t, file.toAbsolutePath().getParent()));
    }

    /** Loads source text that is not on disk; imports resolve against {@code directory}. */
    public Program load(String display, String text, Path directory) {
        if (root == null) {
            root = directory.toAbsolutePath().normalize();
        }
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
        Optional<Path> confined = confine(imp, directory);
        if (confined.isEmpty()) {
            return;
        }
        Path target = confined.get();
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
        if (sources.size() >= MAX_FILES) {
            reporter.error("too-many-files", imp.span(), "a program may consist of at most " + MAX_FILES + " files");
            return;
        }
        read(target, display, imp.span()).ifPresent(t -> loadText(display, t, target.getParent(), false));
    }

    /**
     * The file an import names, if it may be read: a relative path to a {@code .nn} file that stays inside the
     * project root, also once symbolic links are followed. Otherwise reports why and is empty.
     */
    private Optional<Path> confine(ImportDecl imp, Path directory) {
        String name = imp.path();
        if (name.indexOf('\0') >= 0) {
            reporter.error("import-path", imp.span(), "import path contains a NUL character");
            return Optional.empty();
        }
        Path relative;
        try {
            relative = Path.of(name);
        } catch (java.nio.file.InvalidPathException e) {
            reporter.error("import-path", imp.span(), "'" + name + "' is not a valid path: " + e.getReason());
            return Optional.empty();
        }
        if (relative.isAbsolute()) {
            reporter.error("import-path", imp.span(), "import of absolute path '" + name + "': imports are relative "
                    + "to the importing file and stay inside the project directory " + display(root),
                    "copy the file into the project, or compile from a directory that contains both");
            return Optional.empty();
        }
        if (!name.endsWith(".nn")) {
            reporter.error("import-path", imp.span(), "'" + name + "' is not a .nn file: only model files can be "
                    + "imported");
            return Optional.empty();
        }
        Path target = directory.resolve(relative).normalize();
        if (!target.startsWith(root)) {
            reporter.error("import-path", imp.span(), "'" + name + "' leaves the project directory " + display(root)
                    + ": imports stay inside the directory of the file that was compiled",
                    "compile from a file in a directory that contains both");
            return Optional.empty();
        }
        try {
            if (embedded == null && Files.exists(target) && !target.toRealPath().startsWith(root.toRealPath())) {
                reporter.error("import-path", imp.span(), "'" + name + "' is a symbolic link that leads out of the "
                        + "project directory " + display(root));
                return Optional.empty();
            }
        } catch (IOException e) {
            reporter.error("file-unreadable", imp.span(), "cannot read '" + name + "': " + e.getMessage());
            return Optional.empty();
        }
        return Optional.of(target);
    }

    /**
     * How diagnostics name a file: relative to the working directory when inside it, else absolute. The
     * main file is named the same way as an import of it would be, so a cycle back to it is recognized.
     */
    private static String display(Path absolute) {
        Path cwd = Path.of("").toAbsolutePath();
        return absolute.startsWith(cwd) ? cwd.relativize(absolute).toString() : absolute.toString();
    }

    /** A file of the embedded source, under the limits a file on disk has. */
    private Optional<String> readEmbedded(Path file, String display, SourceSpan at) {
        String text = embedded.get(file.toAbsolutePath().normalize());
        if (text == null) {
            reporter.error("file-not-found", at, "cannot read '" + display + "': it is not part of the embedded "
                    + "source (a checkpoint's model reads no file from disk)");
            return Optional.empty();
        }
        long bytes = text.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_FILE_BYTES) {
            reporter.error("file-too-large", at, "'" + display + "' is larger than " + MAX_FILE_BYTES
                    + " bytes (1 MiB), the limit for a model file");
            return Optional.empty();
        }
        totalBytes += bytes;
        if (totalBytes > MAX_TOTAL_BYTES) {
            reporter.error("file-too-large", at, "with '" + display + "' the program is larger than "
                    + MAX_TOTAL_BYTES + " bytes (4 MiB), the limit for a file and its imports together");
            return Optional.empty();
        }
        return Optional.of(text);
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
        if (embedded != null) {
            return readEmbedded(file, display, at);
        }
        if (Files.exists(file) && !Files.isRegularFile(file)) {
            reporter.error("file-unreadable", at, "cannot read '" + display + "': not a regular file");
            return Optional.empty();
        }
        try (java.io.InputStream in = Files.newInputStream(file)) {
            // the limit is counted while reading: a size the file system reports can be wrong (/proc)
            byte[] bytes = in.readNBytes(MAX_FILE_BYTES + 1);
            if (bytes.length > MAX_FILE_BYTES) {
                reporter.error("file-too-large", at, "'" + display + "' is larger than " + MAX_FILE_BYTES
                        + " bytes (1 MiB), the limit for a model file");
                return Optional.empty();
            }
            totalBytes += bytes.length;
            if (totalBytes > MAX_TOTAL_BYTES) {
                reporter.error("file-too-large", at, "with '" + display + "' the program is larger than "
                        + MAX_TOTAL_BYTES + " bytes (4 MiB), the limit for a file and its imports together");
                return Optional.empty();
            }
            // Bad UTF-8 becomes U+FFFD, which the parser then reports with a position.
            String text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPLACE)
                    .onUnmappableCharacter(CodingErrorAction.REPLACE).decode(ByteBuffer.wrap(bytes)).toString();
            // a byte-order mark is no part of the text (editors on Windows write one)
            return Optional.of(text.startsWith("\uFEFF") ? text.substring(1) : text);
        } catch (NoSuchFileException e) {
            reporter.error("file-not-found", at, "cannot read '" + display + "': no such file");
        } catch (IOException e) {
            reporter.error("file-unreadable", at, "cannot read '" + display + "': " + e.getMessage());
        }
        return Optional.empty();
    }
}
