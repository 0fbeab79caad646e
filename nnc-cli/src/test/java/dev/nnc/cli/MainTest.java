package dev.nnc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;
import picocli.CommandLine.Command;

class MainTest {

    @TempDir
    Path dir;

    @Test
    void helpListsTheCommandsAndExitCodes() {
        Cli.Run r = Cli.run("--help");
        assertEquals(0, r.exit());
        assertTrue(r.out().contains("compile"), r.out());
        assertTrue(r.out().contains("gradcheck"), r.out());
        assertTrue(r.out().matches("(?s).*\\b70 +internal error.*"), r.out());
        assertTrue(r.out().matches("(?s).*\\b130 +train stopped by Ctrl-C.*"), r.out());
    }

    @Test
    void commandHelpNamesEveryFlag() {
        Cli.Run r = Cli.run("compile", "--help");
        assertEquals(0, r.exit());
        for (String flag : new String[] {"FILE", "--model", "--set", "--emit", "-o", "--diagnostics", "summary, json, dot"}) {
            assertTrue(r.out().contains(flag), flag + " in\n" + r.out());
        }
        Cli.Run g = Cli.run("gradcheck", "--help");
        for (String flag : new String[] {"--batch", "--samples", "--tolerance", "--seed", "Default: 4", "Default: 20",
                "Default: 1e-6", "Default: 0"}) {
            assertTrue(g.out().contains(flag), flag + " in\n" + g.out());
        }
    }

    @Test
    void versionNamesTheProduct() {
        Cli.Run r = Cli.run("--version");
        assertEquals(0, r.exit());
        assertTrue(r.out().startsWith("nnc "), r.out());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "frobnicate", "compile", "compile FILE --bogus", "compile FILE --emit xml",
            "compile FILE --diagnostics xml", "compile FILE --set novalue", "gradcheck FILE --batch 0",
            "gradcheck FILE --samples -1", "gradcheck FILE --tolerance 0", "gradcheck FILE --batch many",
            "compile FILE extra", "compile FILE --set lr=1 --set lr=2", "train FILE --epochs 2 --set epochs=5",
            "predict FILE --weights W --top 0 in.png"})
    void usageErrorsExitTwoWithOneClearMessage(String line) throws IOException {
        Path f = Cli.write(dir, "tiny.nn", Cli.TINY);
        String[] args = line.isEmpty() ? new String[0] : line.replace("FILE", f.toString()).split(" ");
        Cli.Run r = Cli.run(args);
        assertEquals(2, r.exit(), r.err());
        assertEquals("", r.out());
        assertTrue(r.err().startsWith("nnc: "), r.err());
        assertTrue(r.err().contains("--help' for more information."), r.err());
        assertFalse(r.err().contains("\tat "), r.err());
    }

    @Test
    void anUnknownFlagSuggestsTheNearestOne() throws IOException {
        Path f = Cli.write(dir, "tiny.nn", Cli.TINY);
        Cli.Run r = Cli.run("compile", f.toString(), "--emti", "json");
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("--emit"), r.err());
    }

    @Command(name = "boom")
    static final class Boom implements Callable<Integer> {
        @Override
        public Integer call() {
            throw new IllegalStateException("kaboom");
        }
    }

    private static Cli.Run boom(boolean debug, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = Main.commandLine(new PrintWriter(out, true), new PrintWriter(err, true), debug);
        cl.addSubcommand(new Boom());
        int exit = cl.execute(args);
        return new Cli.Run(exit, out.toString(), err.toString());
    }

    @Test
    void anInternalErrorIsOneLineAndExitSeventy() {
        Cli.Run r = boom(false, "boom");
        assertEquals(70, r.exit());
        assertTrue(r.err().startsWith("nnc: internal error: IllegalStateException: kaboom\n"), r.err());
        assertFalse(r.err().contains("\tat "), r.err());
    }

    @Test
    void verboseOrNncDebugShowTheStackTrace() {
        assertTrue(boom(false, "boom", "--verbose").err().contains("\tat "));
        assertTrue(boom(false, "--verbose", "boom").err().contains("\tat "));
        assertTrue(boom(true, "boom").err().contains("\tat "));
    }

    @Test
    void nncDebugIsReadFromTheEnvironment() {
        assertTrue(Main.debug(Map.of("NNC_DEBUG", "1")));
        assertFalse(Main.debug(Map.of("NNC_DEBUG", "0")));
        assertFalse(Main.debug(Map.of()));
    }
}
