// The language client in a browser (vscode.dev, github.dev): the server runs in a web worker of
// its own (dist/browser/server.js) and reads the workspace through this client.
import * as vscode from 'vscode';
import { LanguageClient, type LanguageClientOptions } from 'vscode-languageclient/browser';
import type { BrowserServerOptions } from '../../../server/src/browser/main';
import { CLIENT_ID, CLIENT_NAME, commonClientOptions } from '../clientOptions';
import { answerFileRequests } from './workspaceFiles';

/** A web worker, as much of it as this file uses (the DOM's types are not in this project's compilation). */
interface WebWorker {
  postMessage(message: unknown): void;
  terminate(): void;
}
declare const Worker: new (url: string) => WebWorker;

export async function createBrowserLanguageClient(context: vscode.ExtensionContext, output: vscode.OutputChannel): Promise<LanguageClient> {
  const worker = await startWorker(vscode.Uri.joinPath(context.extensionUri, 'dist', 'browser', 'server.js'));
  const options: BrowserServerOptions = { docsBase: `${vscode.Uri.joinPath(context.extensionUri, 'docs', 'rules').toString()}/` };
  // The worker's first message: LSP follows.
  worker.postMessage(options);

  // The workspace's own schemes (github.dev's `vscode-vfs`, a remote's `vscode-remote`), not `file` only.
  const schemes = [...new Set((vscode.workspace.workspaceFolders ?? []).map((folder) => folder.uri.scheme))];
  const clientOptions: LanguageClientOptions = {
    ...commonClientOptions(context, output, () => client),
    documentSelector: [
      ...schemes.map((scheme) => ({ scheme, language: 'markdown' })),
      { scheme: 'untitled', language: 'markdown' },
      ...schemes.map((scheme) => ({ scheme, pattern: '**/.aar.{yml,yaml}' })),
    ],
  };
  const client = new LanguageClient(CLIENT_ID, CLIENT_NAME, clientOptions, worker as ConstructorParameters<typeof LanguageClient>[3]);
  context.subscriptions.push(...answerFileRequests(client), { dispose: () => worker.terminate() });
  return client;
}

/**
 * A worker running the server bundle. vscode.dev starts one from the extension's URL; a remote's
 * web worker host (code-server) refuses ("Creating workers from remote extensions is currently not
 * supported"), and there the bundle's bytes, read through the workspace file system, start it.
 */
async function startWorker(script: vscode.Uri): Promise<WebWorker> {
  try {
    return new Worker(script.toString(true));
  } catch {
    const bytes = await vscode.workspace.fs.readFile(script);
    return new Worker(URL.createObjectURL(new Blob([bytes], { type: 'text/javascript' })));
  }
}
