package dev.nnc.cli;

import dev.nnc.lsp.NncLanguageServer;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code nnc lsp}: the language server, on stdin/stdout (docs/editors.md). */
@Command(name = "lsp", mixinStandardHelpOptions = true,
        description = {"Run the nnc language server (Language Server Protocol over stdin and stdout) for editors: "
                + "diagnostics while typing, the shape after every layer, hover, completion, go to definition, "
                + "rename, quick fixes, formatting. Started by the editor, not by hand; see docs/editors.md."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:the client sent shutdown, then exit (or closed the stream)",
                "1:exit or end of input without shutdown", "2:usage error",
                "70:internal error in nnc"})
final class LspCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        // stdout carries the protocol: nothing else may print to it.
        java.io.PrintStream protocol = System.out;
        System.setOut(System.err);
        return NncLanguageServer.run(System.in, protocol);
    }
}
