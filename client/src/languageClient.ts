// The language client: starts the bundled server (dist/server.js) over IPC and keeps it alive.
import * as vscode from 'vscode';
import { ruleDocsLinks } from './ruleDocs';
import {
  CloseAction,
  LanguageClient,
  TransportKind,
  type CloseHandlerResult,
  type ErrorHandler,
  type LanguageClientOptions,
  type ServerOptions,
} from 'vscode-languageclient/node';

export const CLIENT_ID = 'aar';
export const CLIENT_NAME = 'After Action Reports';

export function createLanguageClient(context: vscode.ExtensionContext, output: vscode.OutputChannel): LanguageClient {
  const serverModule = context.asAbsolutePath('dist/server.js');
  const serverOptions: ServerOptions = {
    // --expose-gc: the server collects once after indexing a large workspace (see releaseBuildGarbage).
    run: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: ['--expose-gc'] } },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6019', '--expose-gc'] } },
  };

  // Created before the client exists and bound to it below: the library's own handler (restart up
  // to 4 times in 3 minutes, then give up and say so), with a line in the output for each decision.
  let delegate: ErrorHandler | undefined;
  const defaults = () => (delegate ??= client.createDefaultErrorHandler());
  const errorHandler: ErrorHandler = {
    error(error, message, count) {
      output.appendLine(`[client] connection error (${count ?? 1}): ${error.message}`);
      return defaults().error(error, message, count);
    },
    async closed(): Promise<CloseHandlerResult> {
      const result = await defaults().closed();
      output.appendLine(
        result.action === CloseAction.Restart
          ? '[client] the language server stopped unexpectedly; restarting it.'
          : '[client] the language server stopped unexpectedly too often; not restarting. Run "After Action Reports: Restart Language Server" to try again.',
      );
      return result;
    },
  };

  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: 'file', language: 'markdown' },
      { scheme: 'untitled', language: 'markdown' },
      // Not for features: so that the server's edits to `.aar.yml` are made to what the editor shows, and count before saving.
      { scheme: 'file', pattern: '**/.aar.{yml,yaml}' },
    ],
    // File events: the server registers the watchers it needs (reports and `.aar.yml`) itself,
    // so every change reaches it once, whichever editor runs it.
    synchronize: { configurationSection: CLIENT_ID },
    // The server keeps its workspace index here between sessions (created by the server).
    initializationOptions: { cacheDir: context.storageUri?.fsPath ?? context.globalStorageUri.fsPath },
    outputChannel: output,
    errorHandler,
    // Rule links open the rule's page rendered, not its Markdown source (see ruleDocs.ts).
    middleware: { handleDiagnostics: ruleDocsLinks(context) },
  };

  // The id makes the library read `aar.trace.server` for protocol tracing.
  const client = new LanguageClient(CLIENT_ID, CLIENT_NAME, serverOptions, clientOptions);
  return client;
}
