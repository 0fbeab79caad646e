package dev.nnc.lsp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.Gson;
import com.google.gson.JsonObject;
import dev.nnc.api.CompileOptions;
import dev.nnc.api.CompileResult;
import dev.nnc.api.Nnc;
import dev.nnc.format.Formatter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.eclipse.lsp4j.CodeAction;
import org.eclipse.lsp4j.CodeActionContext;
import org.eclipse.lsp4j.CodeActionParams;
import org.eclipse.lsp4j.CodeLens;
import org.eclipse.lsp4j.CodeLensParams;
import org.eclipse.lsp4j.CompletionItem;
import org.eclipse.lsp4j.CompletionParams;
import org.eclipse.lsp4j.DefinitionParams;
import org.eclipse.lsp4j.Diagnostic;
import org.eclipse.lsp4j.DiagnosticSeverity;
import org.eclipse.lsp4j.DocumentFormattingParams;
import org.eclipse.lsp4j.DocumentSymbol;
import org.eclipse.lsp4j.DocumentSymbolParams;
import org.eclipse.lsp4j.FoldingRange;
import org.eclipse.lsp4j.FoldingRangeRequestParams;
import org.eclipse.lsp4j.FormattingOptions;
import org.eclipse.lsp4j.Hover;
import org.eclipse.lsp4j.HoverParams;
import org.eclipse.lsp4j.InlayHint;
import org.eclipse.lsp4j.InlayHintParams;
import org.eclipse.lsp4j.Location;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.PublishDiagnosticsParams;
import org.eclipse.lsp4j.Range;
import org.eclipse.lsp4j.ReferenceContext;
import org.eclipse.lsp4j.ReferenceParams;
import org.eclipse.lsp4j.RenameParams;
import org.eclipse.lsp4j.SignatureHelp;
import org.eclipse.lsp4j.SignatureHelpParams;
import org.eclipse.lsp4j.TextEdit;
import org.eclipse.lsp4j.WorkspaceEdit;
import org.eclipse.lsp4j.jsonrpc.json.MessageJsonHandler;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The language server driven in-process through the real JSON-RPC protocol (LSP4J client over pipes), on the
 * repository's models. Inlay hints are compared with golden JSON files; everything else with values the
 * compiler computes itself (diagnostic messages, counts), so the server cannot drift from {@code nnc compile}.
 */
class NncLanguageServerTest {

    private static final Path CNN = Path.of("models/fashion_cnn.nn");
    private static final Path RESIDUAL = Path.of("models/residual_mlp.nn");
    private static final Path BLOCKS = Path.of("models/lib/blocks.nn");
    private static final Path TYPO = Path.of("docs/examples/typo.nn");
    private static final Path GOLDEN = Path.of("nnc-lsp/src/test/resources/golden");
    private static final Range ALL = new Range(new Position(0, 0), new Position(10_000, 0));
    private static final Gson GSON = new MessageJsonHandler(Map.of()).getDefaultGsonBuilder().setPrettyPrinting()
            .create();

    private static TestClient client;

    @TempDir
    Path tmp;

    @BeforeAll
    static void start() throws Exception {
        client = new TestClient(null);
        client.open(CNN, null);
        client.open(RESIDUAL, null);
    }

    @AfterAll
    static void stop() throws Exception {
        client.close();
    }

    private static <T> T get(java.util.concurrent.CompletableFuture<T> f) throws Exception {
        return f.get(30, TimeUnit.SECONDS);
    }

    private static List<InlayHint> hints(Path p) throws Exception {
        return get(client.server.getTextDocumentService().inlayHint(new InlayHintParams(TestClient.doc(p), ALL)));
    }

    private static void golden(String name, Object value) throws Exception {
        String actual = GSON.toJson(value) + "\n";
        Path file = GOLDEN.resolve(name);
        if (Boolean.getBoolean("golden.update")) {
            Files.createDirectories(GOLDEN);
            Files.writeString(file, actual, StandardCharsets.UTF_8);
        }
        assertTrue(Files.exists(file), "no " + file + "; run with -Dgolden.update=true and review it");
        assertEquals(Files.readString(file, StandardCharsets.UTF_8), actual, name);
    }

    @Test
    void inlayHintsShowEveryLayersShapeAndCosts() throws Exception {
        List<InlayHint> hints = hints(CNN);
        golden("fashion_cnn.hints.json", hints);
        List<String> labels = hints.stream().map(h -> h.getPosition().getLine() + ":" + h.getLabel().getLeft())
                .toList();
        assertTrue(labels.contains("8:\u25B8 (32, 14, 14)"), labels.toString()); // convBlock(32)
        assertTrue(labels.contains("10:\u25B8 (256)"), labels.toString()); // affine(256)
        assertTrue(labels.contains("10:804,096 params \u00B7 1.6 MFLOPs"), labels.toString());
        golden("residual_mlp.hints.json", hints(RESIDUAL));
        assertTrue(hints(RESIDUAL).stream().anyMatch(h -> h.getLabel().getLeft().equals("\u25B8 block (128)")));
    }

    @Test
    void eachHintKindCanBeSwitchedOff() throws Exception {
        JsonObject opts = new Gson().fromJson("{\"inlayHints\": {\"costs\": false, \"blocks\": false}}",
                JsonObject.class);
        try (TestClient c = new TestClient(opts)) {
            c.open(CNN, null);
            List<InlayHint> hs = get(c.server.getTextDocumentService().inlayHint(
                    new InlayHintParams(TestClient.doc(CNN), ALL)));
            assertFalse(hs.isEmpty());
            assertTrue(hs.stream().allMatch(h -> h.getLabel().getLeft().startsWith("\u25B8 (")), hs.toString());
            // convBlock(32) is a fun call: a block hint, now off; its layers inside the fun keep theirs.
            assertTrue(hs.stream().noneMatch(h -> h.getPosition().getLine() == 8), hs.toString());
        }
    }

    @Test
    void diagnosticsAreTheCompilersWithHintsAndAQuickFixRechecks() throws Exception {
        String text = Files.readString(TYPO, StandardCharsets.UTF_8);
        PublishDiagnosticsParams p = client.open(TYPO, text);
        CompileResult compiled = Nnc.compile(TYPO, CompileOptions.defaults());
        assertEquals(compiled.diagnostics().size(), p.getDiagnostics().size());
        for (int i = 0; i < p.getDiagnostics().size(); i++) {
            dev.nnc.diag.Diagnostic want = compiled.diagnostics().get(i);
            Diagnostic got = p.getDiagnostics().get(i);
            assertEquals(want.message() + want.hint().map(h -> "\nhint: " + h).orElse(""), got.getMessage().getLeft());
            assertEquals(want.code(), got.getCode().getLeft());
            assertEquals(want.span().line() - 1, got.getRange().getStart().getLine());
            assertEquals(want.span().column() - 1, got.getRange().getStart().getCharacter());
        }
        Diagnostic typo = p.getDiagnostics().get(0);
        List<CodeAction> fixes = get(client.server.getTextDocumentService().codeAction(new CodeActionParams(
                TestClient.doc(TYPO), typo.getRange(), new CodeActionContext(List.of(typo))))).stream()
                .map(e -> e.getRight()).toList();
        assertEquals(1, fixes.size());
        assertEquals("Change to 'batchnorm'", fixes.get(0).getTitle());
        String fixed = apply(text, fixes.get(0).getEdit().getChanges().get(TestClient.uri(TYPO)));
        client.change(TYPO, fixed);
        PublishDiagnosticsParams after = client.awaitDiagnostics(TestClient.uri(TYPO));
        assertEquals(p.getDiagnostics().size() - 1, after.getDiagnostics().size(), after.toString());
        assertTrue(after.getDiagnostics().stream().noneMatch(d -> d.getMessage().getLeft().contains("batchnrom")));
    }

    /** The one code action on {@code d}, applied and sent as a change; the diagnostics published after it. */
    private List<Diagnostic> applyTheFix(Path f, String text, Diagnostic d, String title) throws Exception {
        List<CodeAction> fixes = get(client.server.getTextDocumentService().codeAction(new CodeActionParams(
                TestClient.doc(f), d.getRange(), new CodeActionContext(List.of(d))))).stream()
                .map(e -> e.getRight()).toList();
        assertEquals(List.of(title), fixes.stream().map(CodeAction::getTitle).toList());
        assertEquals(List.of(d), fixes.get(0).getDiagnostics(), "the action names the diagnostic it fixes");
        String fixed = apply(text, fixes.get(0).getEdit().getChanges().get(TestClient.uri(f)));
        assertEquals(fixed, Formatter.format(fixed).orElseThrow(), "the fixed text is in nnc fmt's layout");
        client.change(f, fixed);
        return client.awaitDiagnostics(TestClient.uri(f)).getDiagnostics();
    }

    @Test
    void aMissingFlattenIsInsertedByAQuickFix() throws Exception {
        Path f = tmp.resolve("head.nn");
        String text = "model Head {\n    input(1, 28, 28)\n    conv(10, 1) - avgpool(28) - softmax\n\n"
                + "    train { data = fashionMnist() }\n}\n";
        Files.writeString(f, text);
        Diagnostic d = client.open(f, text).getDiagnostics().get(0);
        assertEquals("shape", d.getCode().getLeft());
        assertTrue(d.getMessage().getLeft().endsWith("\nhint: insert flatten before softmax, which turns (10, 1, 1) "
                + "into the vector (10)"), d.getMessage().getLeft());
        assertEquals(List.of(), applyTheFix(f, text, d, "Insert 'flatten' before 'softmax'"));
    }

    @Test
    void aFlattenBeforeConvIsRemovedByAQuickFix() throws Exception {
        Path f = tmp.resolve("early.nn");
        String text = "model Early {\n    input(1, 28, 28)\n    conv(8, 3) - flatten - maxpool - affine(10) - softmax\n\n"
                + "    train { data = fashionMnist() }\n}\n";
        Files.writeString(f, text);
        Diagnostic d = client.open(f, text).getDiagnostics().get(0);
        assertEquals("shape", d.getCode().getLeft());
        assertEquals(List.of(), applyTheFix(f, text, d, "Remove 'flatten'"));
    }

    @Test
    void aMissingTrainKeyIsANoteWhoseQuickFixAddsIt() throws Exception {
        Path f = tmp.resolve("nodata.nn");
        String text = "model NoData {\n    input(1, 28, 28)\n    affine(10) - softmax\n\n    train {\n"
                + "        epochs = 2\n    }\n}\n";
        Files.writeString(f, text);
        List<Diagnostic> ds = client.open(f, text).getDiagnostics();
        assertTrue(Nnc.compile(f, CompileOptions.defaults()).diagnostics().isEmpty(), "nnc compile: clean");
        dev.nnc.diag.Diagnostic train = Nnc.compile(f, CompileOptions.defaults().forTraining()).diagnostics().get(0);
        assertEquals(1, ds.size(), ds.toString());
        Diagnostic d = ds.get(0);
        assertEquals(DiagnosticSeverity.Information, d.getSeverity());
        assertEquals("missing-train-key", d.getCode().getLeft());
        assertEquals(train.message() + "\nhint: " + train.hint().orElseThrow(), d.getMessage().getLeft(),
                "the note is nnc train's error");
        assertEquals(new Range(new Position(4, 4), new Position(4, 9)), d.getRange());
        assertEquals(List.of(), applyTheFix(f, text, d, "Add 'data = fashionMnist()' to the train block"));
    }

    @Test
    void shapeErrorPointsAtTheProducingLayerAndTheInput() throws Exception {
        Path f = tmp.resolve("bad.nn");
        String text = "model Bad {\n    input(1, 28, 28)\n    affine(10)\n    conv(8, 3) - softmax\n}\n";
        Files.writeString(f, text);
        Diagnostic d = client.open(f, text).getDiagnostics().get(0);
        assertEquals("shape", d.getCode().getLeft());
        List<String> related = d.getRelatedInformation().stream().map(r -> r.getLocation().getRange().getStart()
                .getLine() + ":" + r.getMessage()).toList();
        assertEquals(List.of("2:the input of this layer comes from here", "1:the model's input shape is set here"),
                related);
    }

    @Test
    void syntaxErrorsAndErrorsInImportedFilesAreShown() throws Exception {
        Path f = tmp.resolve("syntax.nn");
        String text = "model M {\n    input(4)\n    affine(2 - softmax\n}\n";
        Files.writeString(f, text);
        List<Diagnostic> ds = client.open(f, text).getDiagnostics();
        CompileResult compiled = Nnc.compile(f, CompileOptions.defaults());
        assertEquals(compiled.diagnostics().size(), ds.size());
        assertEquals(compiled.diagnostics().get(0).message(), ds.get(0).getMessage().getLeft().split("\n")[0]);

        Files.writeString(tmp.resolve("lib.nn"), "fun block(n: Int) = affine(n) - rleu\n");
        Path main = tmp.resolve("main.nn");
        String mainText = "import \"lib.nn\"\nmodel M {\n    input(4)\n    block(3) - softmax\n}\n";
        Files.writeString(main, mainText);
        Diagnostic d = client.open(main, mainText).getDiagnostics().get(0);
        assertEquals(0, d.getRange().getStart().getLine(), "shown on the import");
        assertTrue(d.getMessage().getLeft().contains("lib.nn:1:33: unknown layer 'rleu'"), d.getMessage().getLeft());
        assertEquals(TestClient.uri(tmp.resolve("lib.nn")), d.getRelatedInformation().get(0).getLocation().getUri());
    }

    @Test
    void hoverGivesShapesCountsAndTheCatalogDoc() throws Exception {
        Hover model = get(client.server.getTextDocumentService().hover(new HoverParams(TestClient.doc(CNN),
                new Position(5, 8))));
        var g = Nnc.compile(CNN, CompileOptions.defaults()).orThrow();
        String m = model.getContents().getRight().getValue();
        assertTrue(m.contains(String.format("params %,d", g.graph().trainableParameterCount()
                + g.graph().nonTrainableParameterCount())), m);
        assertTrue(m.contains(String.format("FLOPs %,d", g.totalFlops())), m);
        Hover affine = get(client.server.getTextDocumentService().hover(new HoverParams(TestClient.doc(CNN),
                new Position(10, 6))));
        String a = affine.getContents().getRight().getValue();
        assertTrue(a.contains("(64, 7, 7) \u2192 (256)"), a);
        assertTrue(a.contains("W (3136, 256), b (256)"), a);
        assertTrue(a.contains("Fully connected layer"), a);
        assertTrue(a.contains("activations 1.0 KiB per example"), a);
    }

    @Test
    void completionOffersLayersWithTheCurrentShapeAndTrainVocabulary() throws Exception {
        List<CompletionItem> layers = get(client.server.getTextDocumentService().completion(new CompletionParams(
                TestClient.doc(CNN), new Position(10, 4)))).getLeft();
        CompletionItem affine = layers.stream().filter(i -> i.getLabel().equals("affine")).findFirst().orElseThrow();
        assertEquals("affine(units, init = he, bias = true, w = none, b = none, trainable = false): (64, 7, 7) \u2192 (units)", affine.getDetail());
        assertTrue(layers.stream().anyMatch(i -> i.getLabel().equals("convBlock")), "the file's funs too");

        Path f = tmp.resolve("train.nn");
        String text = "model T {\n    input(4)\n    affine(2) - softmax\n    train {\n        optimizer = \n"
                + "        \n    }\n}\n";
        Files.writeString(f, text);
        client.open(f, text);
        List<String> optimizers = labels(f, new Position(4, 20));
        assertTrue(optimizers.containsAll(List.of("sgd", "adam", "rmsprop", "adamw")), optimizers.toString());
        List<String> keys = labels(f, new Position(5, 8));
        assertTrue(keys.containsAll(List.of("data", "epochs", "batchSize", "seed", "schedule", "labelSmoothing")),
                keys.toString());

        Path g = tmp.resolve("schedule.nn");
        String sched = "model T {\n    input(4)\n    affine(2) - softmax\n    train {\n        schedule = \n    }\n}\n";
        Files.writeString(g, sched);
        client.open(g, sched);
        List<String> schedules = labels(g, new Position(4, 19));
        assertTrue(schedules.containsAll(List.of("cosine", "oneCycle", "reduceOnPlateau", "step")), schedules.toString());
    }

    private static List<String> labels(Path f, Position at) throws Exception {
        return get(client.server.getTextDocumentService().completion(new CompletionParams(TestClient.doc(f), at)))
                .getLeft().stream().map(CompletionItem::getLabel).toList();
    }

    @Test
    void signatureHelpInsideACall() throws Exception {
        Path f = tmp.resolve("sig.nn");
        String text = "model S {\n    input(4)\n    affine(2, bias = \n";
        Files.writeString(f, text);
        client.open(f, text);
        SignatureHelp h = get(client.server.getTextDocumentService().signatureHelp(new SignatureHelpParams(
                TestClient.doc(f), new Position(2, 21))));
        assertEquals("affine(units, init = he, bias = true, w = none, b = none, trainable = false)", h.getSignatures().get(0).getLabel());
        assertEquals(2, h.getActiveParameter());
    }

    @Test
    void definitionReferencesAndRenameWorkAcrossImports() throws Exception {
        Position use = new Position(10, 6); // residualBlock(width) x depth
        List<? extends Location> def = get(client.server.getTextDocumentService().definition(new DefinitionParams(
                TestClient.doc(RESIDUAL), use))).getLeft();
        assertEquals(1, def.size());
        assertEquals(TestClient.uri(BLOCKS), def.get(0).getUri());
        assertEquals(3, def.get(0).getRange().getStart().getLine());

        List<? extends Location> refs = get(client.server.getTextDocumentService().references(new ReferenceParams(
                TestClient.doc(RESIDUAL), use, new ReferenceContext(true))));
        assertEquals(List.of(TestClient.uri(BLOCKS), TestClient.uri(RESIDUAL)),
                refs.stream().map(Location::getUri).distinct().sorted().toList());

        WorkspaceEdit edit = get(client.server.getTextDocumentService().rename(new RenameParams(
                TestClient.doc(RESIDUAL), use, "preActBlock")));
        Map<String, List<TextEdit>> changes = edit.getChanges();
        assertEquals(2, changes.size(), changes.toString());
        String lib = apply(Files.readString(BLOCKS), changes.get(TestClient.uri(BLOCKS)));
        String main = apply(Files.readString(RESIDUAL), changes.get(TestClient.uri(RESIDUAL)));
        assertTrue(lib.contains("fun preActBlock(") && main.contains("preActBlock(width) x depth"));
        // The renamed program still compiles to the same graph: rename is a pure refactoring.
        Path dir = tmp.resolve("r");
        Files.createDirectories(dir.resolve("lib"));
        Files.writeString(dir.resolve("lib/blocks.nn"), lib);
        Files.writeString(dir.resolve("residual_mlp.nn"), main);
        assertEquals(Nnc.compile(RESIDUAL, CompileOptions.defaults()).orThrow().totalFlops(),
                Nnc.compile(dir.resolve("residual_mlp.nn"), CompileOptions.defaults()).orThrow().totalFlops());
    }

    @Test
    void renameFromTheLibraryFindsItsUsersInTheWorkspace() throws Exception {
        client.open(BLOCKS, null);
        WorkspaceEdit edit = get(client.server.getTextDocumentService().rename(new RenameParams(
                TestClient.doc(BLOCKS), new Position(3, 6), "block2")));
        assertEquals(List.of(TestClient.uri(BLOCKS), TestClient.uri(RESIDUAL)),
                edit.getChanges().keySet().stream().sorted().toList());
        assertEquals("block2", edit.getChanges().get(TestClient.uri(RESIDUAL)).get(0).getNewText());
    }

    @Test
    void renameRefusesWhatIsNotAName() {
        var e = org.junit.jupiter.api.Assertions.assertThrows(java.util.concurrent.ExecutionException.class,
                () -> get(client.server.getTextDocumentService().rename(new RenameParams(TestClient.doc(RESIDUAL),
                        new Position(10, 6), "9lives"))));
        assertTrue(e.getCause().getMessage().contains("'9lives' is not a name"), e.getCause().getMessage());
    }

    @Test
    void symbolsFoldingFormattingAndLenses() throws Exception {
        List<DocumentSymbol> symbols = get(client.server.getTextDocumentService().documentSymbol(
                new DocumentSymbolParams(TestClient.doc(CNN)))).stream().map(e -> e.getRight()).toList();
        assertEquals(List.of("convBlock", "FashionCnn"), symbols.stream().map(DocumentSymbol::getName).toList());
        assertEquals("(1, 28, 28) \u2192 (10)", symbols.get(1).getDetail());

        List<FoldingRange> folds = get(client.server.getTextDocumentService().foldingRange(
                new FoldingRangeRequestParams(TestClient.doc(CNN))));
        assertTrue(folds.stream().anyMatch(r -> r.getStartLine() == 5 && r.getEndLine() == 22), folds.toString());
        assertTrue(folds.stream().anyMatch(r -> r.getStartLine() == 13 && r.getEndLine() == 21), folds.toString());

        Path f = tmp.resolve("ugly.nn");
        String ugly = "model U{\ninput(4)\naffine(2)-softmax}\n";
        Files.writeString(f, ugly);
        client.open(f, ugly);
        List<? extends TextEdit> edits = get(client.server.getTextDocumentService().formatting(
                new DocumentFormattingParams(TestClient.doc(f), new FormattingOptions(4, true))));
        assertEquals(Formatter.format(ugly).orElseThrow(), apply(ugly, List.copyOf(edits)));
        assertTrue(get(client.server.getTextDocumentService().formatting(new DocumentFormattingParams(
                TestClient.doc(CNN), new FormattingOptions(4, true)))).isEmpty(), "a formatted file needs no edit");

        List<? extends CodeLens> lenses = get(client.server.getTextDocumentService().codeLens(
                new CodeLensParams(TestClient.doc(CNN))));
        assertEquals(1, lenses.size());
        assertEquals("825,866 params \u00B7 9.5 MFLOPs \u00B7 3.2 MiB weights", lenses.get(0).getCommand().getTitle());
    }

    /**
     * Latency on a 200-line model: from a change to its diagnostics, and of the inlay hints after it, for ten
     * changes after three to warm up. Measured and printed with the CPU and the load average (docs/editors.md
     * quotes it), not asserted: timings depend on the machine. What is asserted is that each measured answer is
     * the one for the change just made.
     */
    @Test
    void latencyOnA200LineModelIsMeasured() throws Exception {
        StringBuilder sb = new StringBuilder("model Big {\n    input(64)\n");
        for (int i = 0; i < 196; i++) {
            sb.append("    affine(64) - relu\n");
        }
        sb.append("    affine(10) - softmax\n}\n");
        Path f = tmp.resolve("big.nn");
        String text = sb.toString();
        Files.writeString(f, text);
        client.open(f, text);
        int warmUp = 3;
        int measured = 10;
        long[] diag = new long[measured];
        long[] hint = new long[measured];
        for (int i = 0; i < warmUp + measured; i++) {
            int classes = 11 + i;
            long t0 = System.nanoTime();
            client.change(f, text.replace("affine(10)", "affine(" + classes + ")"));
            PublishDiagnosticsParams p = client.awaitDiagnostics(TestClient.uri(f));
            long t1 = System.nanoTime();
            List<InlayHint> hs = hints(f);
            long t2 = System.nanoTime();
            assertTrue(hs.size() > 400, "a shape hint per layer and a cost hint per line");
            assertTrue(hs.stream().anyMatch(h -> h.getLabel().getLeft().equals("\u25B8 (" + classes + ")")),
                    "the hints of this change");
            assertEquals(List.of("missing-train-key"), p.getDiagnostics().stream().map(d -> d.getCode().getLeft())
                    .toList(), "the diagnostics of this change: no data (a note), nothing else");
            if (i >= warmUp) {
                diag[i - warmUp] = (t1 - t0) / 1_000_000;
                hint[i - warmUp] = (t2 - t1) / 1_000_000;
            }
        }
        System.out.println("nnc lsp latency, 200-line model, " + measured + " changes after " + warmUp + " (ms; debounce "
                + NncLanguageServer.DEBOUNCE_MS + " ms included): change->diagnostics " + join(diag) + " (median "
                + median(diag) + "); inlay hints " + join(hint) + " (median " + median(hint) + "); " + machine());
    }

    private static String join(long[] v) {
        return java.util.Arrays.stream(v).mapToObj(Long::toString).collect(Collectors.joining(", "));
    }

    private static long median(long[] v) {
        long[] s = v.clone();
        java.util.Arrays.sort(s);
        return s[s.length / 2];
    }

    /** The CPU (from /proc/cpuinfo where there is one), the cores Java sees, and the load average. */
    private static String machine() throws java.io.IOException {
        Path cpuinfo = Path.of("/proc/cpuinfo");
        String cpu = Files.isReadable(cpuinfo) ? Files.readAllLines(cpuinfo).stream()
                .filter(l -> l.startsWith("model name")).map(l -> l.substring(l.indexOf(':') + 1).strip()).findFirst()
                .orElse("unknown CPU") : System.getProperty("os.arch");
        Path loadavg = Path.of("/proc/loadavg");
        String load = Files.isReadable(loadavg) ? String.join(" ", List.of(Files.readString(loadavg).split(" "))
                .subList(0, 3)) : "unknown";
        return "CPU " + cpu + ", " + Runtime.getRuntime().availableProcessors() + " cores, load average " + load;
    }

    /** Applies LSP edits (non-overlapping) to a text. */
    static String apply(String text, List<TextEdit> edits) {
        List<TextEdit> sorted = new java.util.ArrayList<>(edits);
        sorted.sort((a, b) -> Integer.compare(offset(text, b.getRange().getStart()), offset(text, a.getRange().getStart())));
        StringBuilder sb = new StringBuilder(text);
        for (TextEdit e : sorted) {
            sb.replace(offset(text, e.getRange().getStart()), offset(text, e.getRange().getEnd()), e.getNewText());
        }
        return sb.toString();
    }

    private static int offset(String text, Position p) {
        int off = 0;
        for (int i = 0; i < p.getLine(); i++) {
            int nl = text.indexOf('\n', off);
            if (nl < 0) {
                return text.length();
            }
            off = nl + 1;
        }
        return Math.min(text.length(), off + p.getCharacter());
    }
}
