package dev.nnc.semantic;

import dev.nnc.diag.SourceText;
import dev.nnc.syntax.ast.Decl;
import dev.nnc.syntax.ast.ModelDecl;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A main file and everything it imports, parsed: the global scope of {@code val}s and {@code fun}s, the
 * models of every file, and the source texts (for carets in diagnostics).
 *
 * @param globals     val and fun declarations by name, across all files
 * @param models      model declarations by name, across all files
 * @param mainModels  the models declared in the main file, in source order
 * @param mainFile    display path of the main file
 * @param directories directory of each file by display path (relative data paths resolve against it)
 */
public record Program(Map<String, Decl> globals, Map<String, ModelDecl> models, List<ModelDecl> mainModels,
                      String mainFile, Map<String, SourceText> sources, Map<String, Path> directories) {

    public Program {
        globals = Map.copyOf(globals);
        models = Map.copyOf(models);
        mainModels = List.copyOf(mainModels);
        sources = Map.copyOf(sources);
        directories = Map.copyOf(directories);
    }
}
