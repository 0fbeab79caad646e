package dev.nnc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real editor clients against {@code nnc lsp} (this build's classes, over stdio): Neovim headless running each
 * Lua scenario in editors/tests/nvim, and Node running editors/vscode's tests (the TextMate grammar with
 * VS Code's own engine, inlay hints and other LSP 3.17 requests through vscode-languageserver-protocol).
 * Each is skipped, with the reason, when its tool is missing; .ci/run installs them so CI runs everything.
 */
class EditorClientsTest {

    private static final Path NVIM_TESTS = Path.of("editors/tests/nvim").toAbsolutePath();
    private static final Path VSCODE = Path.of("editors/vscode").toAbsolutePath();
    private static final Pattern SUMMARY = Pattern.compile("(?m)^(\\d+) passed, (\\d+) failed$");

    @TempDir
    static Path tmp;

    /** A script that runs `nnc lsp` from the test class path (the jar is only built after the tests). */
    private static Path serverScript() throws IOException {
        Path script = tmp.resolve("nnc-lsp");
        if (Files.exists(script)) {
            return script;
        }
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Files.writeString(script, "#!/bin/sh\nexec '" + java + "' --add-modules jdk.incubator.vector "
                + "-Xlog:disable -Xshare:auto -XX:TieredStopAtLevel=1 -cp '" + cp + "' dev.nnc.cli.Main lsp\n");
        assertTrue(script.toFile().setExecutable(true));
        return script;
    }

    private static boolean onPath(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
    }

    @TestFactory
    Stream<DynamicTest> neovimScenarios() throws IOException {
        List<Path> scripts;
        try (Stream<Path> s = Files.list(NVIM_TESTS)) {
            scripts = s.filter(p -> p.toString().endsWith(".lua") && !p.getFileName().toString().equals("harness.lua"))
                    .sorted().toList();
        }
        assertTrue(scripts.size() >= 4, "scenarios in " + NVIM_TESTS);
        return scripts.stream().map(s -> DynamicTest.dynamicTest(s.getFileName().toString(), () -> {
            skipUnless(onPath("nvim"), "nvim is not installed (Debian: apt-get install neovim; .ci/run does it): "
                    + "Neovim scenarios skipped");
            Path work = Files.createTempDirectory(tmp, "work");
            Files.createDirectories(work.resolve("lib"));
            for (String f : List.of("fashion_cnn.nn", "residual_mlp.nn", "lib/blocks.nn")) {
                Files.copy(Path.of("models", f), work.resolve(f), StandardCopyOption.REPLACE_EXISTING);
            }
            Files.copy(Path.of("docs/examples/typo.nn"), work.resolve("typo.nn"));
            // A script that errors out still ends Neovim, with a count the check below rejects.
            String lua = "lua local ok, e = pcall(dofile, '" + s + "') if not ok then io.stdout:write('error: ' "
                    + ".. tostring(e) .. '\\n0 passed, 1 failed\\n') vim.cmd('cquit 1') end";
            Run r = run(List.of("nvim", "--headless", "--clean", "-n", "-u", "NONE", "-c", lua), work,
                    Map.of("NNC_LSP", serverScript().toString(), "NNC_WORK", work.toString(),
                            "NNC_TESTS", NVIM_TESTS.toString()));
            summary(s.getFileName().toString(), r);
        }));
    }

    @TestFactory
    Stream<DynamicTest> nodeClients() {
        return Stream.of(DynamicTest.dynamicTest("vscode-tmgrammar-test", () -> {
            assumeNode();
            Run r = run(List.of("node", "node_modules/vscode-tmgrammar-test/dist/unit.js", "-g",
                    "syntaxes/nn.tmLanguage.json", "test/grammar.test.nn"), VSCODE, Map.of());
            assertEquals(0, r.exit, r.out);
        }), DynamicTest.dynamicTest("node --test (LSP 3.17 requests)", () -> {
            assumeNode();
            Run r = run(List.of("node", "--test", "test/"), VSCODE, Map.of("NNC_LSP", serverScript().toString(),
                    "NNC_ROOT", Path.of("").toAbsolutePath().toString()));
            System.out.print(r.out);
            assertEquals(0, r.exit, r.out);
            assertTrue(r.out.contains("# fail 0"), r.out);
        }));
    }

    private static void assumeNode() {
        skipUnless(onPath("node"), "node is not installed: editors/vscode tests skipped");
        skipUnless(Files.isDirectory(VSCODE.resolve("node_modules")), "editors/vscode/node_modules is missing "
                + "(run: cd editors/vscode && npm ci; .ci/run does it): editors/vscode tests skipped");
    }

    /** Skips the test when a tool is missing, saying so on the console too (Maven shows only a count). */
    private static void skipUnless(boolean present, String why) {
        if (!present) {
            System.out.println("EditorClientsTest: " + why);
        }
        assumeTrue(present, why);
    }

    private record Run(int exit, String out) {
    }

    private static Run run(List<String> cmd, Path dir, Map<String, String> env) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true);
        pb.environment().putAll(env);
        Path log = Files.createTempFile(tmp, "out", ".log");
        pb.redirectOutput(log.toFile());
        Process p = pb.start();
        p.getOutputStream().close();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(cmd + " did not finish in 120 s:\n" + Files.readString(log));
        }
        return new Run(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
    }

    private static void summary(String name, Run r) {
        Matcher m = SUMMARY.matcher(r.out);
        List<String> counts = new ArrayList<>();
        while (m.find()) {
            counts.add(m.group(1) + "/" + m.group(2));
        }
        assertEquals(1, counts.size(), name + " printed no 'N passed, N failed' line:\n" + r.out);
        String[] pf = counts.get(0).split("/");
        assertEquals("0", pf[1], name + ":\n" + r.out);
        assertTrue(Integer.parseInt(pf[0]) > 0, name + ":\n" + r.out);
        assertEquals(0, r.exit, name + ":\n" + r.out);
        System.out.println(name + ": " + pf[0] + " passed, 0 failed");
    }
}
