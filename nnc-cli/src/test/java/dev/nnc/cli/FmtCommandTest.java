package dev.nnc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code nnc fmt}: rewrites in place, {@code --check} lists and exits 1, bad files are reported, not touched. */
class FmtCommandTest {

    private static final String UGLY = "model M{\ninput(4)\naffine(2)-softmax  // out\n}\n";
    private static final String PRETTY = "model M {\n    input(4)\n    affine(2) - softmax // out\n}\n";

    @TempDir
    Path dir;

    @Test
    void checkListsUnformattedFilesAndWritesNothing() throws IOException {
        Path ugly = Cli.write(dir, "a.nn", UGLY);
        Cli.write(dir, "b.nn", PRETTY);
        Cli.Run r = Cli.run("fmt", "--check", dir.toString());
        assertEquals(ExitCodes.FAILED, r.exit(), r.err());
        assertEquals(ugly + System.lineSeparator(), r.out());
        assertTrue(r.err().contains("1 file(s) not formatted"), r.err());
        assertEquals(UGLY, Files.readString(ugly));
    }

    @Test
    void formatsInPlaceThenChecksClean() throws IOException {
        Path ugly = Cli.write(dir, "a.nn", UGLY);
        Cli.Run r = Cli.run("fmt", ugly.toString());
        assertEquals(ExitCodes.OK, r.exit(), r.err());
        assertEquals("formatted " + ugly + System.lineSeparator(), r.out());
        assertEquals(PRETTY, Files.readString(ugly));
        Cli.Run again = Cli.run("fmt", "--check", ugly.toString());
        assertEquals(ExitCodes.OK, again.exit(), again.err());
        assertEquals("", again.out());
    }

    @Test
    void fileThatDoesNotLexIsReportedAndLeftAlone() throws IOException {
        Path bad = Cli.write(dir, "bad.nn", "val s = \"open\n");
        Cli.Run r = Cli.run("fmt", bad.toString());
        assertEquals(ExitCodes.FAILED, r.exit());
        assertTrue(r.err().contains("bad.nn: not formatted: the file has a lexical error"), r.err());
        assertEquals("val s = \"open\n", Files.readString(bad));
    }

    @Test
    void aFifoOrAnOversizedFileIsRefusedNotReadWhole() throws Exception {
        Path fifo = dir.resolve("pipe.nn");
        assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor());
        Cli.Run r = Cli.run("fmt", fifo.toString());
        assertEquals(ExitCodes.FAILED, r.exit());
        assertTrue(r.err().contains("cannot read " + fifo + ": not a regular file"), r.err());
        Path big = Cli.write(dir, "big.nn", "\n".repeat((1 << 20) + 1));
        Cli.Run large = Cli.run("fmt", big.toString());
        assertEquals(ExitCodes.FAILED, large.exit());
        assertTrue(large.err().contains("cannot read " + big + ": larger than 1,048,576 bytes (1 MiB), the limit "
                + "for a model file"), large.err());
    }

    @Test
    void missingFileIsAClearError() {
        Cli.Run r = Cli.run("fmt", dir.resolve("nope.nn").toString());
        assertEquals(ExitCodes.FAILED, r.exit());
        assertTrue(r.err().contains("cannot read") && r.err().contains("no such file"), r.err());
    }
}
