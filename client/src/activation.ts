// The thin VS Code client, the same on Node and in a browser: it starts the language server, which
// does all the analysis, and adds what needs the editor: the Actions and Reviews views, the status
// bar, commands with prompts. Each entry (extension.ts, browser/extension.ts) says how the server starts.
import * as vscode from 'vscode';
import type { BaseLanguageClient } from 'vscode-languageclient';
import { AarServer } from './aarServer';
import { CLIENT_NAME } from './clientOptions';
import { registerCommands } from './commands';
import { withCleanExits } from './outputLines';
import { registerEffectiveConfigDocuments } from './reviewCommands';
import { registerEmptyDocuments } from './setUpRepository';
import { SHOW_RULE_DOCS_COMMAND, showRuleDocs } from './ruleDocs';
import { followLegacyTrace } from './settings';
import { ActionsStatusBar } from './statusBar';
import { ActionsView } from './views/actionsView';
import { ReleasesDueView } from './views/releasesDueView';
import { ReviewsView } from './views/reviewsView';

/** What `activate` returns, for the tests that run inside VS Code and for other extensions. */
export interface AarExtensionApi {
  client: BaseLanguageClient;
  server: AarServer;
  actions: ActionsView;
  reviews: ReviewsView;
  releasesDue: ReleasesDueView;
  statusBar: ActionsStatusBar;
}

let client: BaseLanguageClient | undefined;

export async function activateWith(
  context: vscode.ExtensionContext,
  createClient: (context: vscode.ExtensionContext, output: vscode.OutputChannel) => BaseLanguageClient | Promise<BaseLanguageClient>,
): Promise<AarExtensionApi> {
  const output = withCleanExits(vscode.window.createOutputChannel(CLIENT_NAME));
  context.subscriptions.push(output);
  client = await createClient(context, output);
  const server = new AarServer(client);
  const actions = new ActionsView(server, context.workspaceState);
  const reviews = new ReviewsView(server);
  const releasesDue = new ReleasesDueView(server);
  const statusBar = new ActionsStatusBar(server);
  context.subscriptions.push(server, actions, reviews, releasesDue, statusBar);
  registerCommands(context, { client, server, output, actions, reviews, releasesDue });
  registerEmptyDocuments(context);
  context.subscriptions.push(vscode.commands.registerCommand(SHOW_RULE_DOCS_COMMAND, (ruleId?: unknown) => showRuleDocs(context, ruleId)));
  registerEffectiveConfigDocuments(context, server);
  context.subscriptions.push(followLegacyTrace(client));
  try {
    await client.start();
  } catch (error) {
    // The commands stay available, so "Restart Language Server" can try again.
    output.appendLine(`[client] the language server did not start: ${(error as Error).message}`);
    void vscode.window.showErrorMessage('After Action Reports: the language server did not start.', 'Show Output').then((choice) => {
      if (choice) output.show(true);
    });
  }
  return { client, server, actions, reviews, releasesDue, statusBar };
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
