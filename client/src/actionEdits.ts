// Commands on one action — mark done, assign an owner, go to it — wherever they are run from: a
// row of the Actions view, a quick fix, a keybinding (the action at the cursor) or a test with
// arguments. The server computes the edit for the exact document version; it is applied only if
// the document is still at that version, so a user's typing is never overwritten.
import * as vscode from 'vscode';
import type { ActionChange, OpenAction } from '../../server/src/protocol';
import type { AarServer } from './aarServer';
import type { ActionNode } from './views/actionsView';

/** Which action: a report and a line inside the action. */
export interface ActionTarget {
  uri: vscode.Uri;
  line: number;
  /** The version the caller saw (quick fixes carry it); a newer document refuses the edit. */
  version?: number;
}

/** The argument shapes commands on an action accept. */
export type ActionArg =
  | ActionNode
  | OpenAction
  | { uri: string | vscode.Uri; line: number; version?: number; owner?: string }
  | undefined;

export function actionTarget(arg: unknown): ActionTarget | undefined {
  if (arg && typeof arg === 'object') {
    const record = arg as Record<string, unknown>;
    if (record.type === 'action' && record.action) return actionTarget(record.action);
    const uri = typeof record.uri === 'string' ? vscode.Uri.parse(record.uri) : record.uri instanceof vscode.Uri ? record.uri : undefined;
    const range = record.range as OpenAction['range'] | undefined;
    const line = typeof record.line === 'number' ? record.line : range?.start.line;
    if (uri && typeof line === 'number') return { uri, line, ...(typeof record.version === 'number' ? { version: record.version } : {}) };
    return undefined;
  }
  // A keybinding or the palette: the action under the cursor.
  const editor = vscode.window.activeTextEditor;
  if (!editor || editor.document.languageId !== 'markdown') return undefined;
  return { uri: editor.document.uri, line: editor.selection.active.line };
}

export type EditOutcome = 'applied' | 'stale' | 'nothing' | 'failed';

function stale(): EditOutcome {
  void vscode.window.showWarningMessage('The report changed meanwhile, so nothing was written. Try again.');
  return 'stale';
}

/**
 * Asks the server for the edit that makes `change` on the action and applies it. `beforeEdit`
 * runs after the document is known and before the server is asked (prompts go there): if the
 * document changes while it runs, the edit is refused.
 */
export async function changeAction(
  server: AarServer,
  target: ActionTarget,
  change: ActionChange | ((document: vscode.TextDocument) => Promise<ActionChange | undefined>),
): Promise<EditOutcome> {
  // Opening the document hands its text to the server, so the edit is made against what VS Code holds.
  const document = await vscode.workspace.openTextDocument(target.uri);
  const versionSeen = target.version ?? document.version;
  if (document.version !== versionSeen) return stale();
  const wanted = typeof change === 'function' ? await change(document) : change;
  if (!wanted) return 'nothing';
  if (document.version !== versionSeen) return stale();
  const result = await server.actionEdit({ uri: document.uri.toString(), line: target.line, version: document.version, change: wanted });
  if (result.reason === 'stale' || result.version !== document.version) return stale();
  if (!result.edits.length) {
    void vscode.window.showInformationMessage(result.reason ?? 'Nothing to change on that action.');
    return 'nothing';
  }
  const edit = new vscode.WorkspaceEdit();
  for (const e of result.edits) {
    edit.replace(document.uri, new vscode.Range(e.range.start.line, e.range.start.character, e.range.end.line, e.range.end.character), e.newText);
  }
  // Checked in the same tick as the apply: nothing can slip in between.
  if (document.version !== versionSeen) return stale();
  return (await vscode.workspace.applyEdit(edit)) ? 'applied' : 'failed';
}

/** Opens the report at the action's first line (a click on a row of the Actions view). */
export async function revealAction(arg: unknown): Promise<vscode.TextEditor | undefined> {
  const target = actionTarget(arg);
  if (!target) return undefined;
  const document = await vscode.workspace.openTextDocument(target.uri);
  const line = document.lineAt(Math.min(target.line, document.lineCount - 1));
  const start = new vscode.Position(line.lineNumber, line.firstNonWhitespaceCharacterIndex);
  return vscode.window.showTextDocument(document, {
    selection: new vscode.Range(start, start),
    preserveFocus: false,
  });
}

/** After a change made from the sidebar, the report is shown at the action so the user sees (and can undo or save) it. */
export async function showChange(target: ActionTarget): Promise<void> {
  const document = await vscode.workspace.openTextDocument(target.uri);
  const position = new vscode.Position(Math.min(target.line, document.lineCount - 1), 0);
  await vscode.window.showTextDocument(document, { selection: new vscode.Range(position, position), preview: true, preserveFocus: true });
}
