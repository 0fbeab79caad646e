package dev.nnc.hostile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hostile inputs of issue 13 ({@link HostileCases}), run in one forked JVM with a 256 MiB heap: each must
 * end with the expected error code (or compile), and the whole process must finish and stay under 1 GiB of
 * resident memory. The wall-clock cap is generous (a loaded 2-core machine): it tells a hang from an answer,
 * not fast from slow. The per-case times are printed for the record.
 */
class HostileInputTest {

    private static final long CAP_SECONDS = 240;
    private static final long MAX_RSS_KIB = 1L << 20;

    @TempDir
    static Path scratch;

    /**
     * Each case's cap: the slowest take 1–3 s on an idle machine (a cold JIT over 1 MB of model text, a gigabyte
     * of gzip), the cases of issue 13 took 8 s to forever before they were bounded.
     */
    private static final long CASE_CAP_MS = 30_000;

    private static final Map<String, String> OUTCOMES = new LinkedHashMap<>();
    private static final Map<String, Long> TIMES = new LinkedHashMap<>();
    private static long peakRssKib;

    @BeforeAll
    static void runTheCasesInASmallHeap() throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-Xmx256m", "-XX:+UseSerialGC", "-cp",
                System.getProperty("java.class.path"), HostileCases.class.getName(), scratch.toString())
                .redirectErrorStream(true).start();
        boolean done = p.waitFor(CAP_SECONDS, TimeUnit.SECONDS);
        if (!done) {
            p.destroyForcibly().waitFor();
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        System.out.println(out);
        assertTrue(done, "the hostile cases did not finish within " + CAP_SECONDS + " s:\n" + out);
        assertEquals(0, p.exitValue(), out);
        for (String line : out.split("\n")) {
            String[] f = line.split("\t", 3);
            if (f.length == 3) {
                OUTCOMES.put(f[0], f[2]);
                TIMES.put(f[0], Long.parseLong(f[1]));
            } else if (f.length == 2 && f[0].equals("peak-rss-kib")) {
                peakRssKib = Long.parseLong(f[1].trim());
            }
        }
    }

    private static void expect(String name, String outcome) {
        assertEquals(outcome, OUTCOMES.get(name), name);
    }

    @Test
    void everyCaseRanAndMemoryStayedBounded() {
        assertEquals(List.copyOf(HostileCases.CASES.keySet()), List.copyOf(OUTCOMES.keySet()));
        assertTrue(peakRssKib > 0 && peakRssKib < MAX_RSS_KIB, "peak RSS " + peakRssKib + " KiB");
    }

    @Test
    void blockCommentsNestUpToTheBracketLimit() {
        expect("nested-comments-200", "ok");
        expect("nested-comments-1000", "too-deep");
        expect("nested-comments-20000", "too-deep");
        expect("unclosed-comments-100000", "too-deep");
    }

    @Test
    void runsOfSeparatorsAreLinear() {
        expect("blank-lines-1000000", "ok");
        expect("semicolons-and-newlines-400000", "ok");
    }

    @Test
    void namesAreBoundedAndDidYouMeanStillWorksAtTheLimit() {
        expect("long-names-30000", "name-too-long");
        expect("near-names-256", "unknown-name");
    }

    @Test
    void largeFilesAreRefusedAndFilesUnderTheLimitEnd() {
        expect("relu-chain-10MB", "file-too-large");
        expect("unused-vals-10MB", "file-too-large");
        expect("relu-chain-1MB", "too-many-layers");
        expect("unused-vals-1MB", "ok");
    }

    @Test
    void badValuesAreErrorsNotWrapAroundsOrCrashes() {
        expect("bom", "ok");
        expect("overflow-division", "overflow");
        expect("overflow-negation", "overflow");
        expect("input-overflow-flatten", "shape");
    }

    @Test
    void importsStayInsideTheProjectAndReadOnlyRegularModelFiles() {
        expect("import-dev-zero", "import-path");
        expect("import-passwd", "import-path");
        expect("import-nul-byte", "import-path");
        expect("import-fifo", "file-unreadable");
        expect("import-symlink-out", "import-path");
        expect("import-inside", "ok");
    }

    @Test
    void aProgramOfMoreThan256FilesIsRefused() {
        expect("import-300-files", "too-many-files");
    }

    @Test
    void gzipBombsStopAtALimitNamingTheFile() {
        String mib = "268,435,456 bytes (256 MiB)";
        expectEnd("gzip-bomb-idx-more-than-declared", "bomb-idx.gz: size mismatch: more data than the header's "
                + "[1000×28×28] (784000 bytes)");
        expectEnd("gzip-bomb-idx-declares-784MB", "bomb-idx.gz: the IDX header declares [1000000×28×28] = "
                + "784,000,000 bytes of data; the limit for a data file is " + mib);
        expectEnd("gzip-idx-claims-235MB", "claims.gz: truncated: expected 235200000 bytes of data for "
                + "[300000×28×28], found only 1048576");
        expectEnd("gzip-bomb-csv-one-line", "bomb.csv.gz:2: a line longer than 16,777,216 characters, the limit "
                + "for a row of a data file (is it a text file with line breaks?)");
        expectEnd("gzip-bomb-csv-blank-lines", "bomb.csv.gz: decompresses to more than " + mib
                + ", the limit for a data file");
    }

    @Test
    void checkpointsAreBoundedByTheirDeclaredSizes() {
        // the gzip magic read as a little-endian length claims 559,903 bytes of header, which are not UTF-8
        expectEnd("checkpoint-gzip-bomb", "bomb.safetensors: header is not valid UTF-8");
        expectEnd("checkpoint-header-150MB", "big.safetensors: header of 150000000 bytes is larger than "
                + "100,000,000 bytes, the limit for a checkpoint header");
    }

    @Test
    void eachCaseEndsWellWithinItsCap() {
        TIMES.forEach((name, ms) -> assertTrue(ms < CASE_CAP_MS, name + " took " + ms + " ms"));
    }

    private static void expectEnd(String name, String suffix) {
        String outcome = OUTCOMES.get(name);
        assertTrue(outcome != null && outcome.endsWith(suffix), name + ": " + outcome);
    }

    @Test
    void aPngBombIsRefusedFromItsHeader() {
        assertTrue(OUTCOMES.get("png-bomb").endsWith("bomb.png: the image is 40000×40000 pixels; the limit is "
                + "4,194,304 pixels (2048×2048)"), OUTCOMES.get("png-bomb"));
    }
}
