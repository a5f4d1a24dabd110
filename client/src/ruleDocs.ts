// A diagnostic's rule link (its `code`, e.g. action-missing-owner) opens the rule's page rendered,
// beside the report. The language server links each diagnostic to the rule's Markdown page in the
// extension folder (`codeDescription.href`, a file URI), which VS Code would open as an editable
// source file; here the link becomes a command that opens VS Code's Markdown preview of it.
import * as vscode from 'vscode';
import type { Middleware } from 'vscode-languageclient';

export const SHOW_RULE_DOCS_COMMAND = 'aar.showRuleDocs';

/** The rule's page in the extension folder: docs/rules/<id>.md. */
function ruleDocsUri(context: vscode.ExtensionContext, ruleId: string): vscode.Uri {
  return vscode.Uri.joinPath(context.extensionUri, 'docs', 'rules', `${ruleId}.md`);
}

/** Opens the rule's page as a Markdown preview beside the active editor. */
export async function showRuleDocs(context: vscode.ExtensionContext, ruleId?: unknown): Promise<boolean> {
  if (typeof ruleId !== 'string' || !/^[a-z][a-z0-9-]*$/.test(ruleId)) return false;
  const uri = ruleDocsUri(context, ruleId);
  try {
    await vscode.workspace.fs.stat(uri);
  } catch {
    return false;
  }
  await vscode.commands.executeCommand('markdown.showPreviewToSide', uri);
  return true;
}

/**
 * The client's `handleDiagnostics`: each diagnostic whose link points at a rule page in the
 * extension folder gets a `command:` link instead. One target per rule, shared by its diagnostics.
 */
export function ruleDocsLinks(context: vscode.ExtensionContext): NonNullable<Middleware['handleDiagnostics']> {
  const rulesFolder = `${vscode.Uri.joinPath(context.extensionUri, 'docs', 'rules').toString()}/`;
  const targets = new Map<string, vscode.Uri>();
  const targetFor = (ruleId: string) => {
    let target = targets.get(ruleId);
    if (!target) targets.set(ruleId, (target = vscode.Uri.parse(`command:${SHOW_RULE_DOCS_COMMAND}?${encodeURIComponent(JSON.stringify([ruleId]))}`)));
    return target;
  };
  return (uri, diagnostics, next) => {
    for (const diagnostic of diagnostics) {
      const code = diagnostic.code;
      if (typeof code !== 'object' || !code.target.toString().startsWith(rulesFolder)) continue;
      diagnostic.code = { value: code.value, target: targetFor(String(code.value)) };
    }
    next(uri, diagnostics);
  };
}
