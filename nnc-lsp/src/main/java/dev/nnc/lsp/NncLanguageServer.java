package dev.nnc.lsp;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.nnc.io.ReadLimits;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.lsp4j.CodeAction;
import org.eclipse.lsp4j.CodeActionKind;
import org.eclipse.lsp4j.CodeActionOptions;
import org.eclipse.lsp4j.CodeActionParams;
import org.eclipse.lsp4j.CodeLens;
import org.eclipse.lsp4j.CodeLensOptions;
import org.eclipse.lsp4j.CodeLensParams;
import org.eclipse.lsp4j.Command;
import org.eclipse.lsp4j.CompletionItem;
import org.eclipse.lsp4j.CompletionList;
import org.eclipse.lsp4j.CompletionOptions;
import org.eclipse.lsp4j.CompletionParams;
import org.eclipse.lsp4j.DefinitionParams;
import org.eclipse.lsp4j.DidChangeConfigurationParams;
import org.eclipse.lsp4j.DidChangeTextDocumentParams;
import org.eclipse.lsp4j.DidChangeWatchedFilesParams;
import org.eclipse.lsp4j.DidCloseTextDocumentParams;
import org.eclipse.lsp4j.DidOpenTextDocumentParams;
import org.eclipse.lsp4j.DidSaveTextDocumentParams;
import org.eclipse.lsp4j.DocumentFormattingParams;
import org.eclipse.lsp4j.DocumentSymbol;
import org.eclipse.lsp4j.DocumentSymbolParams;
import org.eclipse.lsp4j.FoldingRange;
import org.eclipse.lsp4j.FoldingRangeRequestParams;
import org.eclipse.lsp4j.Hover;
import org.eclipse.lsp4j.HoverParams;
import org.eclipse.lsp4j.InitializeParams;
import org.eclipse.lsp4j.InitializeResult;
import org.eclipse.lsp4j.InlayHint;
import org.eclipse.lsp4j.InlayHintParams;
import org.eclipse.lsp4j.Location;
import org.eclipse.lsp4j.LocationLink;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.PublishDiagnosticsParams;
import org.eclipse.lsp4j.ReferenceParams;
import org.eclipse.lsp4j.RenameParams;
import org.eclipse.lsp4j.ServerCapabilities;
import org.eclipse.lsp4j.ServerInfo;
import org.eclipse.lsp4j.SignatureHelp;
import org.eclipse.lsp4j.SignatureHelpOptions;
import org.eclipse.lsp4j.SignatureHelpParams;
import org.eclipse.lsp4j.SymbolInformation;
import org.eclipse.lsp4j.TextDocumentContentChangeEvent;
import org.eclipse.lsp4j.TextDocumentSyncKind;
import org.eclipse.lsp4j.TextEdit;
import org.eclipse.lsp4j.WorkspaceEdit;
import org.eclipse.lsp4j.WorkspaceFolder;
import org.eclipse.lsp4j.jsonrpc.Launcher;
import org.eclipse.lsp4j.jsonrpc.ResponseErrorException;
import org.eclipse.lsp4j.jsonrpc.messages.Either;
import org.eclipse.lsp4j.jsonrpc.messages.ResponseError;
import org.eclipse.lsp4j.jsonrpc.messages.ResponseErrorCode;
import org.eclipse.lsp4j.launch.LSPLauncher;
import org.eclipse.lsp4j.services.LanguageClient;
import org.eclipse.lsp4j.services.LanguageClientAware;
import org.eclipse.lsp4j.services.LanguageServer;
import org.eclipse.lsp4j.services.TextDocumentService;
import org.eclipse.lsp4j.services.WorkspaceService;

/**
 * The nnc language server ({@code nnc lsp}). Documents are analysed on one background thread, debounced:
 * a change schedules an analysis {@link #DEBOUNCE_MS} later, cancelling the one pending; diagnostics are
 * pushed when it finishes, and requests wait for the analysis of the latest text. Everything shown comes
 * from nnc-core (see {@link Features}).
 */
public final class NncLanguageServer implements LanguageServer, LanguageClientAware, TextDocumentService,
        WorkspaceService {

    /** Quiet time after a keystroke before analysing: short, since a 200-line model analyses in milliseconds. */
    static final long DEBOUNCE_MS = 30;

    private final ScheduledExecutorService worker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "nnc-lsp-analysis");
        t.setDaemon(true);
        return t;
    });
    private final Map<String, Doc> docs = new ConcurrentHashMap<>();
    private final List<Path> folders = new ArrayList<>();
    private volatile Features.HintSettings hints = Features.HintSettings.ALL;
    private volatile LanguageClient client;
    private final CompletableFuture<Void> exited = new CompletableFuture<>();

    /** One open document: its latest text, and the analysis of it (pending while debouncing). */
    private static final class Doc {
        final String uri;
        final Path path;
        volatile String text;
        volatile int version;
        volatile CompletableFuture<Analysis> analysis = new CompletableFuture<>();
        volatile ScheduledFuture<?> pending;
        volatile List<org.eclipse.lsp4j.Diagnostic> published = List.of();

        Doc(String uri, String text, int version) {
            this.uri = uri;
            this.path = Path.of(URI.create(uri)).toAbsolutePath().normalize();
            this.text = text;
            this.version = version;
        }
    }

    /**
     * Serves LSP on the given streams until the client sends {@code exit} or closes the stream; returns 0 when
     * {@code shutdown} came first, else 1 (as the protocol asks).
     */
    public static int run(InputStream in, OutputStream out) {
        NncLanguageServer server = new NncLanguageServer();
        Launcher<LanguageClient> launcher = LSPLauncher.createServerLauncher(server, in, out);
        server.connect(launcher.getRemoteProxy());
        java.util.concurrent.Future<Void> listening = launcher.startListening();
        try {
            // Ends on `exit`, or when the client closes the stream.
            CompletableFuture.anyOf(server.exited, CompletableFuture.runAsync(() -> {
                try {
                    listening.get();
                } catch (InterruptedException | ExecutionException e) {
                    Thread.currentThread().interrupt();
                }
            })).get();
        } catch (InterruptedException | ExecutionException e) {
            Thread.currentThread().interrupt();
        }
        server.worker.shutdownNow();
        return server.exitCode;
    }

    private volatile int exitCode = 1;

    @Override
    public void connect(LanguageClient client) {
        this.client = client;
    }

    // ---- lifecycle ------------------------------------------------------------------------------------

    @Override
    public CompletableFuture<InitializeResult> initialize(InitializeParams params) {
        if (params.getWorkspaceFolders() != null) {
            for (WorkspaceFolder f : params.getWorkspaceFolders()) {
                folders.add(Path.of(URI.create(f.getUri())));
            }
        } else if (params.getRootUri() != null) {
            folders.add(Path.of(URI.create(params.getRootUri())));
        }
        applySettings(params.getInitializationOptions());
        ServerCapabilities c = new ServerCapabilities();
        c.setTextDocumentSync(TextDocumentSyncKind.Full);
        c.setHoverProvider(true);
        c.setCompletionProvider(new CompletionOptions(false, List.of("(", ",", "=")));
        c.setSignatureHelpProvider(new SignatureHelpOptions(List.of("(", ",")));
        c.setDefinitionProvider(true);
        c.setReferencesProvider(true);
        c.setRenameProvider(true);
        c.setCodeActionProvider(new CodeActionOptions(List.of(CodeActionKind.QuickFix)));
        c.setDocumentSymbolProvider(true);
        c.setFoldingRangeProvider(true);
        c.setDocumentFormattingProvider(true);
        c.setCodeLensProvider(new CodeLensOptions(false));
        c.setInlayHintProvider(true);
        return CompletableFuture.completedFuture(new InitializeResult(c, new ServerInfo("nnc", version())));
    }

    private static String version() {
        String v = NncLanguageServer.class.getPackage().getImplementationVersion();
        return v != null ? v : "dev";
    }

    @Override
    public CompletableFuture<Object> shutdown() {
        exitCode = 0;
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public void exit() {
        worker.shutdownNow();
        exited.complete(null);
    }

    @Override
    public TextDocumentService getTextDocumentService() {
        return this;
    }

    @Override
    public WorkspaceService getWorkspaceService() {
        return this;
    }

    /** {@code {"inlayHints": {"shapes": bool, "blocks": bool, "costs": bool}}}, or the same under "nnc". */
    private void applySettings(Object settings) {
        if (!(settings instanceof JsonElement json) || !json.isJsonObject()) {
            return;
        }
        JsonObject o = json.getAsJsonObject();
        if (o.has("nnc") && o.get("nnc").isJsonObject()) {
            o = o.getAsJsonObject("nnc");
        }
        if (!o.has("inlayHints") || !o.get("inlayHints").isJsonObject()) {
            return;
        }
        JsonObject h = o.getAsJsonObject("inlayHints");
        hints = new Features.HintSettings(flag(h, "shapes", hints.shapes()), flag(h, "blocks", hints.blocks()),
                flag(h, "costs", hints.costs()));
    }

    private static boolean flag(JsonObject o, String key, boolean dflt) {
        return o.has(key) && o.get(key).isJsonPrimitive() ? o.get(key).getAsBoolean() : dflt;
    }

    @Override
    public void didChangeConfiguration(DidChangeConfigurationParams params) {
        applySettings(params.getSettings());
    }

    @Override
    public void didChangeWatchedFiles(DidChangeWatchedFilesParams params) {
        docs.values().forEach(d -> schedule(d, 0));
    }

    // ---- documents ------------------------------------------------------------------------------------

    @Override
    public void didOpen(DidOpenTextDocumentParams params) {
        Doc d = new Doc(params.getTextDocument().getUri(), params.getTextDocument().getText(),
                params.getTextDocument().getVersion());
        docs.put(d.uri, d);
        schedule(d, 0);
    }

    @Override
    public void didChange(DidChangeTextDocumentParams params) {
        Doc d = docs.get(params.getTextDocument().getUri());
        if (d == null) {
            return;
        }
        for (TextDocumentContentChangeEvent e : params.getContentChanges()) {
            if (e.getRange() == null) {
                d.text = e.getText();
            }
        }
        d.version = params.getTextDocument().getVersion();
        schedule(d, DEBOUNCE_MS);
    }

    @Override
    public void didClose(DidCloseTextDocumentParams params) {
        Doc d = docs.remove(params.getTextDocument().getUri());
        if (d != null && client != null) {
            client.publishDiagnostics(new PublishDiagnosticsParams(d.uri, List.of()));
        }
    }

    @Override
    public void didSave(DidSaveTextDocumentParams params) {
        // Files that import the saved one see it from disk: re-check every open document.
        docs.values().forEach(d -> schedule(d, 0));
    }

    private synchronized void schedule(Doc d, long delayMs) {
        if (d.pending != null) {
            d.pending.cancel(false);
        }
        CompletableFuture<Analysis> previous = d.analysis;
        CompletableFuture<Analysis> next = previous.isDone() ? new CompletableFuture<>() : previous;
        d.analysis = next;
        String text = d.text;
        int version = d.version;
        d.pending = worker.schedule(() -> {
            try {
                Analysis a = new Analysis(d.path, text, version);
                List<org.eclipse.lsp4j.Diagnostic> ds = Diagnostics.of(a, d.uri);
                // Under the lock schedule() holds: a change either comes first (this text is stale and `next`, which
                // the change reuses while it is pending, is left to the change's analysis) or sees `next` done.
                // Without it a change landing between the check and complete() got this stale analysis. Publishing
                // stays outside the lock (a client slow to read must not block didChange); one worker thread keeps
                // the publications in order.
                boolean current;
                synchronized (this) {
                    current = d.version == version && d.text == text;
                    if (current) {
                        d.published = ds;
                        next.complete(a);
                    }
                }
                if (current && client != null) {
                    client.publishDiagnostics(new PublishDiagnosticsParams(d.uri, ds, version));
                }
            } catch (RuntimeException e) {
                next.completeExceptionally(e);
            }
        }, delayMs, TimeUnit.MILLISECONDS);
    }

    private CompletableFuture<Analysis> analysis(String uri) {
        Doc d = docs.get(uri);
        if (d == null) {
            return CompletableFuture.failedFuture(new ResponseErrorException(new ResponseError(
                    ResponseErrorCode.InvalidParams, "document not open: " + uri, null)));
        }
        return d.analysis;
    }

    /** 1-based line and column, and the offset into the text, of an LSP position. */
    private static int[] at(Analysis a, Position p) {
        int line = p.getLine() + 1;
        int col = p.getCharacter() + 1;
        int offset = 0;
        for (int i = 1; i < line && offset <= a.text.length(); i++) {
            int nl = a.text.indexOf('\n', offset);
            offset = nl < 0 ? a.text.length() : nl + 1;
        }
        return new int[] {line, col, Math.min(a.text.length(), offset + p.getCharacter())};
    }

    /** Names in the file's import closure: enough for completion and signature help. */
    private Symbols symbols(Path file) {
        return symbols(file, List.of());
    }

    /** Names in the file's import closure and in every .nn file of the workspace folders (references, rename). */
    private Symbols workspaceSymbols(Path file) {
        return symbols(file, folders);
    }

    private Symbols symbols(Path root, List<Path> searched) {
        Map<Path, String> open = new HashMap<>();
        docs.values().forEach(d -> open.put(d.path, d.text));
        return Symbols.index(List.of(root), searched, p -> {
            if (open.containsKey(p)) {
                return Optional.of(open.get(p));
            }
            try {
                // the compiler's own limit and regular files only: a FIFO in the workspace must not hang the server
                return Optional.of(new String(ReadLimits.readAll(p, ReadLimits.MAX_MODEL_FILE_BYTES, "a model file"),
                        StandardCharsets.UTF_8));
            } catch (java.io.IOException | RuntimeException e) {
                return Optional.empty();
            }
        });
    }

    // ---- features -------------------------------------------------------------------------------------

    @Override
    public CompletableFuture<List<InlayHint>> inlayHint(InlayHintParams params) {
        return analysis(params.getTextDocument().getUri()).thenApply(a -> Features.inlayHints(a, params.getRange(),
                hints));
    }

    @Override
    public CompletableFuture<Hover> hover(HoverParams params) {
        return analysis(params.getTextDocument().getUri()).thenApply(a -> {
            int[] p = at(a, params.getPosition());
            return Features.hover(a, p[0], p[1]).orElse(null);
        });
    }

    @Override
    public CompletableFuture<Either<List<CompletionItem>, CompletionList>> completion(CompletionParams params) {
        return analysis(params.getTextDocument().getUri()).thenApply(a -> {
            int[] p = at(a, params.getPosition());
            return Either.forLeft(Features.completion(a, p[2], p[0], p[1], symbols(a.path)));
        });
    }

    @Override
    public CompletableFuture<SignatureHelp> signatureHelp(SignatureHelpParams params) {
        return analysis(params.getTextDocument().getUri()).thenApply(a -> {
            int[] p = at(a, params.getPosition());
            return Features.signatureHelp(a, p[2], symbols(a.path)).orElse(null);
        });
    }

    @Override
    public CompletableFuture<Either<List<? extends Location>, List<? extends LocationLink>>> definition(
            DefinitionParams params) {
        return analysis(params.getTextDocument().getUri()).thenApply(a -> {
            int[] p = at(a, params.getPosition());
            List<Location> out = new ArrayList<>();
            symbols(a.path).definitionAt(a.path, p[0], p[1]).ifPresent(d -> out.add(
                    new Location(d.file().toUri().toString(), Ranges.of(d.nameSpan()))));
            return Either.forLeft(out);
        });
    }

    @Override
    public CompletableFuture<List<? extends Location>> references(ReferenceParams params) {
        return analysis(params.getTextDocument().getUri()).thenApply(a -> {
            int[] p = at(a, params.getPosition());
            Symbols s = workspaceSymbols(a.path);
            List<Location> out = new ArrayList<>();
            s.definitionAt(a.path, p[0], p[1]).ifPresent(d -> {
                if (params.getContext() == null || params.getContext().isIncludeDeclaration()) {
                    out.add(new Location(d.file().toUri().toString(), Ranges.of(d.nameSpan())));
                }
                s.references(d).forEach(r -> out.add(new Location(r.file().toUri().toString(), Ranges.of(r.span()))));
            });
            return out;
        });
    }

    @Override
    public CompletableFuture<WorkspaceEdit> rename(RenameParams params) {
        return analysis(params.getTextDocument().getUri()).thenApply(a -> {
            if (!params.getNewName().matches("[A-Za-z_][A-Za-z_0-9]*")
                    || List.of("import", "val", "fun", "model", "train", "repeat", "residual", "true", "false", "x")
                    .contains(params.getNewName())) {
                throw new ResponseErrorException(new ResponseError(ResponseErrorCode.InvalidParams,
                        "'" + params.getNewName() + "' is not a name (a letter or _, then letters, digits, _)", null));
            }
            int[] p = at(a, params.getPosition());
            Symbols s = workspaceSymbols(a.path);
            Symbols.Def d = s.definitionAt(a.path, p[0], p[1]).orElseThrow(() -> new ResponseErrorException(
                    new ResponseError(ResponseErrorCode.InvalidParams, "no val, fun or model here to rename", null)));
            Map<String, List<TextEdit>> changes = new java.util.LinkedHashMap<>();
            changes.computeIfAbsent(d.file().toUri().toString(), k -> new ArrayList<>())
                    .add(new TextEdit(Ranges.of(d.nameSpan()), params.getNewName()));
            for (Symbols.Ref r : s.references(d)) {
                changes.computeIfAbsent(r.file().toUri().toString(), k -> new ArrayList<>())
                        .add(new TextEdit(Ranges.of(r.span()), params.getNewName()));
            }
            return new WorkspaceEdit(changes);
        });
    }

    @Override
    public CompletableFuture<List<Either<Command, CodeAction>>> codeAction(CodeActionParams params) {
        String uri = params.getTextDocument().getUri();
        Doc d = docs.get(uri);
        return analysis(uri).thenApply(a -> Features.quickFixes(a, uri, params.getRange(),
                d == null ? List.of() : d.published).stream().map(Either::<Command, CodeAction>forRight).toList());
    }

    @Override
    public CompletableFuture<List<Either<SymbolInformation, DocumentSymbol>>> documentSymbol(
            DocumentSymbolParams params) {
        return analysis(params.getTextDocument().getUri()).thenApply(a -> Features.documentSymbols(a).stream()
                .map(Either::<SymbolInformation, DocumentSymbol>forRight).toList());
    }

    @Override
    public CompletableFuture<List<FoldingRange>> foldingRange(FoldingRangeRequestParams params) {
        return analysis(params.getTextDocument().getUri()).thenApply(a -> Features.foldingRanges(a.text));
    }

    @Override
    public CompletableFuture<List<? extends TextEdit>> formatting(DocumentFormattingParams params) {
        return analysis(params.getTextDocument().getUri()).thenApply(a -> Features.formatting(a.text));
    }

    @Override
    public CompletableFuture<List<? extends CodeLens>> codeLens(CodeLensParams params) {
        return analysis(params.getTextDocument().getUri()).thenApply(Features::codeLenses);
    }
}
