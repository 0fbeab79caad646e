// Starts `nnc lsp` (the nnc.path setting) for .nn files; settings under "nnc" reach the server as
// initialization options and on every change (the inlay hint switches).
const vscode = require('vscode');
const { LanguageClient } = require('vscode-languageclient/node');

let client;

exports.activate = function activate() {
  const config = vscode.workspace.getConfiguration('nnc');
  client = new LanguageClient('nnc', 'nnc', { command: config.get('path', 'nnc'), args: ['lsp'] }, {
    documentSelector: [{ scheme: 'file', language: 'nn' }],
    initializationOptions: { inlayHints: config.get('inlayHints') },
    synchronize: { configurationSection: 'nnc' },
  });
  return client.start();
};

exports.deactivate = function deactivate() {
  return client ? client.stop() : undefined;
};
