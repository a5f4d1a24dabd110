// The language client on Node: starts the bundled server (dist/server.js) over IPC and keeps it alive.
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import serverNodeOptions from '../../server/nodeOptions.json';
import { CLIENT_ID, CLIENT_NAME, commonClientOptions } from './clientOptions';

export function createLanguageClient(context: vscode.ExtensionContext, output: vscode.OutputChannel): LanguageClient {
  const serverModule = context.asAbsolutePath('dist/server.js');
  // The Node options the server is started with (docs/architecture.md, "How the server process is
  // started"): --expose-gc, to collect once after indexing a large workspace; --v8-pool-size=0, so
  // that V8's background threads leave a core to the thread that answers the editor.
  const { execArgv } = serverNodeOptions;
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc, options: { execArgv } },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6019', ...execArgv] } },
  };

  const clientOptions: LanguageClientOptions = {
    ...commonClientOptions(context, output, () => client),
    documentSelector: [
      { scheme: 'file', language: 'markdown' },
      { scheme: 'untitled', language: 'markdown' },
      // Not for features: so that the server's edits to `.aar.yml` are made to what the editor shows, and count before saving.
      { scheme: 'file', pattern: '**/.aar.{yml,yaml}' },
    ],
    // The server keeps its workspace index here between sessions (created by the server).
    initializationOptions: { cacheDir: context.storageUri?.fsPath ?? context.globalStorageUri.fsPath },
  };

  // The id makes the library read `afterActionReports.trace.server` for protocol tracing.
  const client = new LanguageClient(CLIENT_ID, CLIENT_NAME, serverOptions, clientOptions);
  return client;
}
