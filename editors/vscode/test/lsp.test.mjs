// LSP 3.17 requests that Neovim 0.7 cannot show (inlay hints, code lenses), and the settings that switch hints,
// sent to `nnc lsp` through vscode-languageserver-protocol, the protocol library VS Code's client is built on.
// Run by EditorClientsTest with NNC_LSP (the server command) and NNC_ROOT (the repository) set.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import protocol from 'vscode-languageserver-protocol/node.js';

const {
  createProtocolConnection, StreamMessageReader, StreamMessageWriter, InitializeRequest, InitializedNotification,
  DidOpenTextDocumentNotification, DidChangeConfigurationNotification, PublishDiagnosticsNotification,
  InlayHintRequest, CodeLensRequest, FoldingRangeRequest, DocumentSymbolRequest, HoverRequest, ShutdownRequest,
  ExitNotification, InlayHintKind,
} = protocol;

const root = process.env.NNC_ROOT ?? path.resolve('../..');
const server = process.env.NNC_LSP;
const uri = (file) => pathToFileURL(path.resolve(root, file)).href;
const all = { start: { line: 0, character: 0 }, end: { line: 1000, character: 0 } };

let proc;
let connection;
const diagnostics = new Map();
const waiters = [];

function open(file, text) {
  const content = text ?? fs.readFileSync(path.resolve(root, file), 'utf8');
  connection.sendNotification(DidOpenTextDocumentNotification.type, {
    textDocument: { uri: uri(file), languageId: 'nn', version: 1, text: content },
  });
}

function diagnosticsOf(file) {
  const u = uri(file);
  if (diagnostics.has(u)) return Promise.resolve(diagnostics.get(u));
  return new Promise((resolve) => waiters.push({ u, resolve }));
}

before(async () => {
  assert.ok(server, 'NNC_LSP names the server command');
  proc = spawn(server, [], { stdio: ['pipe', 'pipe', 'inherit'] });
  connection = createProtocolConnection(new StreamMessageReader(proc.stdout), new StreamMessageWriter(proc.stdin));
  connection.onNotification(PublishDiagnosticsNotification.type, (p) => {
    diagnostics.set(p.uri, p.diagnostics);
    for (const w of waiters.filter((x) => x.u === p.uri)) w.resolve(p.diagnostics);
  });
  connection.listen();
  const init = await connection.sendRequest(InitializeRequest.type, {
    processId: process.pid, rootUri: pathToFileURL(path.join(root, 'models')).href, capabilities: {},
    workspaceFolders: null,
  });
  assert.equal(init.capabilities.inlayHintProvider, true);
  assert.ok(init.capabilities.codeLensProvider);
  assert.equal(init.serverInfo.name, 'nnc');
  await connection.sendNotification(InitializedNotification.type, {});
  open('models/fashion_cnn.nn');
  await diagnosticsOf('models/fashion_cnn.nn');
});

after(async () => {
  await connection.sendRequest(ShutdownRequest.type);
  const exited = new Promise((resolve) => proc.on('exit', resolve));
  await connection.sendNotification(ExitNotification.type);
  assert.equal(await exited, 0, 'exit after shutdown ends the server with status 0');
  connection.dispose();
});

const hints = () => connection.sendRequest(InlayHintRequest.type, {
  textDocument: { uri: uri('models/fashion_cnn.nn') }, range: all,
});

test('inlay hints: shape after each layer, per block, and per-line costs', async () => {
  const hs = await hints();
  const at = (line) => hs.filter((h) => h.position.line === line).map((h) => h.label);
  assert.deepEqual(at(8), ['\u25B8 (32, 14, 14)', '448 params \u00B7 583.3 kFLOPs']); // convBlock(32)
  assert.deepEqual(at(10), ['\u25B8 (256)', '\u25B8 (256)', '\u25B8 (256)', '\u25B8 (256)', '804,096 params \u00B7 1.6 MFLOPs']);
  // Inside the fun: one shape per call of it.
  assert.ok(at(3).includes('\u25B8 (32, 14, 14) | (64, 7, 7)'), JSON.stringify(at(3)));
  const affine = hs.find((h) => h.position.line === 10);
  assert.equal(affine.position.character, 15); // right after `affine(256)`
  assert.equal(affine.kind, InlayHintKind.Type);
  assert.equal(affine.paddingLeft, true);
});

test('code lens: params, FLOPs and weight bytes of each model', async () => {
  const lenses = await connection.sendRequest(CodeLensRequest.type, { textDocument: { uri: uri('models/fashion_cnn.nn') } });
  assert.equal(lenses.length, 1);
  assert.equal(lenses[0].command.title, '825,866 params \u00B7 9.5 MFLOPs \u00B7 3.2 MiB weights');
  assert.deepEqual(lenses[0].range.start, { line: 5, character: 6 });
});

test('document symbols and folding ranges', async () => {
  const symbols = await connection.sendRequest(DocumentSymbolRequest.type, { textDocument: { uri: uri('models/fashion_cnn.nn') } });
  assert.deepEqual(symbols.map((s) => s.name), ['convBlock', 'FashionCnn']);
  const folds = await connection.sendRequest(FoldingRangeRequest.type, { textDocument: { uri: uri('models/fashion_cnn.nn') } });
  assert.ok(folds.some((f) => f.startLine === 5 && f.endLine === 22), JSON.stringify(folds));
  assert.ok(folds.some((f) => f.kind === 'comment' && f.startLine === 0 && f.endLine === 1), JSON.stringify(folds));
});

test('hover on a model: totals', async () => {
  const h = await connection.sendRequest(HoverRequest.type, {
    textDocument: { uri: uri('models/fashion_cnn.nn') }, position: { line: 5, character: 8 },
  });
  assert.match(h.contents.value, /params 825,866 \(825,162 trainable\)/);
  assert.match(h.contents.value, /\(1, 28, 28\) \u2192 \(10\)/);
});

test('a shape error has relatedInformation: the producing layer and the input', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nnc-lsp-'));
  const file = path.join(dir, 'bad.nn');
  const text = 'model Bad {\n    input(1, 28, 28)\n    affine(10)\n    conv(8, 3) - softmax\n}\n';
  fs.writeFileSync(file, text);
  open(file, text);
  const [d] = await diagnosticsOf(file);
  assert.equal(d.code, 'shape');
  assert.equal(d.range.start.line, 3);
  assert.deepEqual(d.relatedInformation.map((r) => r.location.range.start.line), [2, 1]);
});

test('settings switch each kind of hint off and on', async () => {
  await connection.sendNotification(DidChangeConfigurationNotification.type, {
    settings: { nnc: { inlayHints: { costs: false, blocks: false } } },
  });
  let hs = await hints();
  assert.ok(hs.length > 0 && hs.every((h) => h.label.startsWith('\u25B8 (')), JSON.stringify(hs));
  await connection.sendNotification(DidChangeConfigurationNotification.type, {
    settings: { nnc: { inlayHints: { costs: true, blocks: true, shapes: false } } },
  });
  hs = await hints();
  assert.ok(hs.every((h) => !h.label.startsWith('\u25B8 (') || h.position.line === 8 || h.position.line === 9),
    JSON.stringify(hs));
  assert.ok(hs.some((h) => h.label.includes('params')));
  await connection.sendNotification(DidChangeConfigurationNotification.type, {
    settings: { nnc: { inlayHints: { shapes: true } } },
  });
});
