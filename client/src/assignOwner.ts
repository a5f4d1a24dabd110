// `aar.assignOwner`: the "Assign owner…" quick fix of an unowned action. It asks who (the roster
// first, anyone else by typing) and writes the owner into the action, unless the document
// changed meanwhile.
import * as vscode from 'vscode';
import { ownerEdit, ownerText, type OwnerEditPosition, type OwnerPlacement } from './ownerEdit';
import { rosterFor } from './roster';
import type { Person } from '../../server/src/core/types';

export interface AssignOwnerArgs {
  /** The report's URI (a string, as it travels in LSP). */
  uri: string;
  actionIndex?: number;
  /** 0-based first line of the action. */
  line: number;
  /** The document version the server saw; when given, an edit to a newer version is refused. */
  version?: number;
  /** Who to assign; when given there is no prompt (tests, keybindings). */
  owner?: string;
  replace?: { start: OwnerEditPosition; end: OwnerEditPosition };
  insertAt?: OwnerEditPosition;
}

function describe(p: Person): vscode.QuickPickItem & { owner: string } {
  const owner = p.handle ? `@${p.handle}` : (p.name ?? p.email ?? '');
  const detail = [p.handle ? p.name : undefined, p.email].filter(Boolean).join(' · ');
  return { label: owner, description: [detail, p.deliveryOwner ? 'delivery owner' : ''].filter(Boolean).join(' — '), owner };
}

async function askForOwner(document: vscode.TextDocument): Promise<string | undefined> {
  const { people, me } = await rosterFor(document);
  const askByName = () =>
    vscode.window.showInputBox({
      title: 'Assign owner',
      prompt: 'Who does or coordinates this action? A handle such as @sam, or a name.',
      placeHolder: '@handle',
      validateInput: (value) => (ownerText(value) ? undefined : 'Type a handle or a name.'),
    });
  if (!people.length && !me) return askByName();
  const items: (vscode.QuickPickItem & { owner?: string })[] = [];
  if (me) items.push({ label: `@${me}`, description: 'me (setting aar.me)', owner: `@${me}` });
  for (const p of people) {
    const item = describe(p);
    if (item.owner && !items.some((i) => i.owner?.toLowerCase() === item.owner.toLowerCase())) items.push(item);
  }
  items.push({ label: 'Someone else…', description: 'type a handle or a name' });
  const picked = await vscode.window.showQuickPick(items, { title: 'Assign owner', placeHolder: 'Who owns this action?' });
  if (!picked) return undefined;
  return picked.owner ?? askByName();
}

/** Returns true when the owner was written. */
export async function assignOwner(args: AssignOwnerArgs | undefined): Promise<boolean> {
  const uri = args?.uri ? vscode.Uri.parse(args.uri) : vscode.window.activeTextEditor?.document.uri;
  if (!uri || !args || typeof args.line !== 'number') {
    void vscode.window.showInformationMessage('Assign owner works on an unowned action: use the quick fix (Ctrl+.) on it.');
    return false;
  }
  const document = await vscode.workspace.openTextDocument(uri);
  const versionSeen = args.version ?? document.version;
  if (document.version !== versionSeen) return refuseStale();
  const owner = args.owner ?? (await askForOwner(document));
  if (!owner?.trim()) return false;
  if (document.version !== versionSeen) return refuseStale();
  const placement: OwnerPlacement = { replace: args.replace, insertAt: args.insertAt };
  const edit = ownerEdit(document.lineAt(args.line).text, args.line, owner, placement);
  if (!edit) {
    void vscode.window.showWarningMessage('No place to write the owner on that line: add it by hand.');
    return false;
  }
  const workspaceEdit = new vscode.WorkspaceEdit();
  workspaceEdit.replace(uri, new vscode.Range(edit.line, edit.start, edit.line, edit.end), edit.newText);
  return vscode.workspace.applyEdit(workspaceEdit);
}

function refuseStale(): boolean {
  void vscode.window.showWarningMessage('The report changed while you were choosing; run the quick fix again.');
  return false;
}
