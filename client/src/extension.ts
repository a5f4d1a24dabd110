// The thin VS Code client: it starts the language server, which does all the analysis, and adds
// the commands that need the editor (prompts, output).
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { registerCommands } from './commands';
import { CLIENT_NAME, createLanguageClient } from './languageClient';

/** What `activate` returns, for the tests that run inside VS Code. */
export interface AarExtensionApi {
  client: LanguageClient;
}

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<AarExtensionApi> {
  const output = vscode.window.createOutputChannel(CLIENT_NAME);
  context.subscriptions.push(output);
  client = createLanguageClient(context, output);
  registerCommands(context, { client, output });
  try {
    await client.start();
  } catch (error) {
    // The commands stay available, so "Restart Language Server" can try again.
    output.appendLine(`[client] the language server did not start: ${(error as Error).message}`);
    void vscode.window.showErrorMessage('After Action Reports: the language server did not start.', 'Show Output').then((choice) => {
      if (choice) output.show(true);
    });
  }
  return { client };
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
