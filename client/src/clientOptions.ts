// What the language client does the same on Node and in a browser: its error handling and the
// settings section it synchronises. Each entry (languageClient.ts, browser/languageClient.ts) adds
// how the server starts and which documents it sees.
import type * as vscode from 'vscode';
import { CloseAction, type BaseLanguageClient, type CloseHandlerResult, type ErrorHandler, type LanguageClientOptions } from 'vscode-languageclient';
import { LEGACY_SETTINGS_SECTION, SETTINGS_SECTION } from '../../server/src/settingNames';
import { ruleDocsLinks } from './ruleDocs';
import { configurationMiddleware } from './settings';

/** The settings section: the library reads `afterActionReports.trace.server` by it (`aar.trace.server`: see followLegacyTrace). */
export const CLIENT_ID = SETTINGS_SECTION;
export const CLIENT_NAME = 'After Action Reports';

export function commonClientOptions(context: vscode.ExtensionContext, output: vscode.OutputChannel, client: () => BaseLanguageClient): LanguageClientOptions {
  // The library's own handler (restart up to 4 times in 3 minutes, then give up and say so), with
  // a line in the output for each decision; made once the client exists.
  let delegate: ErrorHandler | undefined;
  const defaults = () => (delegate ??= client().createDefaultErrorHandler());
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
  return {
    // File events: the server registers the watchers it needs (reports and `.aar.yml`) itself,
    // so every change reaches it once, whichever editor runs it.
    // A change under either name tells the server, which then asks again.
    synchronize: { configurationSection: [SETTINGS_SECTION, LEGACY_SETTINGS_SECTION] },
    outputChannel: output,
    errorHandler,
    // Rule links open the rule's page rendered, not its Markdown source (see ruleDocs.ts).
    // The settings the server asks for: old names count where the new ones are not set (settings.ts).
    middleware: { handleDiagnostics: ruleDocsLinks(context), workspace: { configuration: configurationMiddleware } },
  };
}
