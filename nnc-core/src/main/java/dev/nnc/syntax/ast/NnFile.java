package dev.nnc.syntax.ast;

import java.util.List;

/** One parsed source file: its display path and its declarations in source order. */
public record NnFile(String path, List<Decl> decls) {

    public NnFile {
        decls = List.copyOf(decls);
    }
}
