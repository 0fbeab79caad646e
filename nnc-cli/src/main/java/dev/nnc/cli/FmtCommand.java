package dev.nnc.cli;

import dev.nnc.api.SourceLayout;
import dev.nnc.io.AtomicFiles;
import dev.nnc.io.ReadLimits;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code nnc fmt [--check] FILE|DIR...}: rewrite .nn files in the canonical layout (dev.nnc.format). */
@Command(name = "fmt", mixinStandardHelpOptions = true,
        description = {"Format .nn files in the one canonical layout (indentation, spacing, blank lines, aligned "
                + "trailing comments), in place. Line breaks and comments are kept; the compiled graph never "
                + "changes. Directories are searched for .nn files recursively.",
                "With --check nothing is written: the files that would change are listed."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:every file is formatted (or was formatted now)",
                "1:--check found files to format, or a file cannot be read, lexed or written",
                "2:usage error", "70:internal error in nnc"})
final class FmtCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--check", description = "Write nothing; list the files that are not formatted and exit 1 "
            + "if there are any (for CI).")
    boolean check;

    @Parameters(arity = "1..*", paramLabel = "FILE|DIR", description = ".nn files, or directories to search.")
    List<Path> paths;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        boolean failed = false;
        List<Path> unformatted = new ArrayList<>();
        for (Path root : paths) {
            List<Path> files;
            try {
                files = SourceLayout.nnFiles(root);
            } catch (IOException e) {
                err.println("nnc: cannot read " + root + ": " + e.getMessage());
                failed = true;
                continue;
            }
            for (Path file : files) {
                Optional<String> text = read(file, err);
                if (text.isEmpty()) {
                    failed = true;
                    continue;
                }
                Optional<String> formatted = SourceLayout.format(text.get());
                if (formatted.isEmpty()) {
                    err.println(file + ": not formatted: the file has a lexical error (run 'nnc compile "
                            + file + "' to see it)");
                    failed = true;
                    continue;
                }
                if (formatted.get().equals(text.get())) {
                    continue;
                }
                unformatted.add(file);
                if (!check) {
                    try {
                        AtomicFiles.writeString(file, formatted.get());
                    } catch (IOException e) {
                        err.println("nnc: cannot write " + file + ": " + e.getMessage());
                        failed = true;
                    }
                }
            }
        }
        for (Path p : unformatted) {
            out.println(check ? p : "formatted " + p);
        }
        if (check && !unformatted.isEmpty()) {
            err.println("nnc: " + unformatted.size() + " file(s) not formatted; run 'nnc fmt' on them");
            return ExitCodes.FAILED;
        }
        return failed ? ExitCodes.FAILED : ExitCodes.OK;
    }

    private static Optional<String> read(Path file, PrintWriter err) {
        try {
            // the limits of the compiler: a FIFO is refused, not waited on, and /dev/zero does not fill the heap
            byte[] bytes = ReadLimits.readAll(file, ReadLimits.MAX_MODEL_FILE_BYTES, "a model file");
            return Optional.of(StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString());
        } catch (NoSuchFileException e) {
            err.println("nnc: cannot read " + file + ": no such file");
        } catch (CharacterCodingException e) {
            err.println("nnc: cannot format " + file + ": not UTF-8 text");
        } catch (IOException e) {
            err.println("nnc: cannot read " + file + ": " + e.getMessage());
        }
        return Optional.empty();
    }
}
