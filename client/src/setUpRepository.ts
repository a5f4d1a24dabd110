// "After Action Reports: Set Up This Repository": the server's proposal for `.aar.yml` (what
// `aar init` proposes) opened as an editable diff against the file as it is; on confirmation the
// edited proposal is written, in one undoable edit, and never over a file that changed meanwhile.
import * as vscode from 'vscode';
import type { AarServer } from './aarServer';

export interface SetUpArgs {
  /** The folder to set up; asks when the workspace has several. */
  folder?: vscode.Uri;
  /** Answers the question without asking (for tests and keybindings), at once or when the promise settles. */
  confirm?: 'write' | 'cancel' | Thenable<'write' | 'cancel'>;
}

export type SetUpOutcome = 'written' | 'cancelled' | 'unchanged' | 'stale' | 'nothing';

export interface SetUpResult {
  outcome: SetUpOutcome;
  /** The team configuration file. */
  file?: string;
  /** The text written, when it was. */
  written?: string;
}

/** The empty left side of the diff when the folder has no `.aar.yml` yet. */
export const EMPTY_SCHEME = 'aar-empty';

export function registerEmptyDocuments(context: vscode.ExtensionContext): void {
  context.subscriptions.push(vscode.workspace.registerTextDocumentContentProvider(EMPTY_SCHEME, { provideTextDocumentContent: () => '' }));
}

const WRITE = 'Write .aar.yml';

async function folderToSetUp(args: SetUpArgs | undefined): Promise<vscode.Uri | undefined> {
  if (args?.folder) return args.folder;
  const folders = vscode.workspace.workspaceFolders ?? [];
  if (folders.length <= 1) return folders[0]?.uri;
  return (await vscode.window.showWorkspaceFolderPick({ placeHolder: 'Which folder holds the reports?' }))?.uri;
}

export async function setUpRepository(server: AarServer, args?: SetUpArgs): Promise<SetUpResult> {
  const folder = await folderToSetUp(args);
  if (!folder) {
    void vscode.window.showInformationMessage('Open the folder of your repository first: the set-up looks for the reports in it.');
    return { outcome: 'nothing' };
  }
  const proposal = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: 'Looking for the reports already in this repository…' },
    () => server.setupProposal(folder),
  );
  const configUri = vscode.Uri.parse(proposal.configFile);
  const name = vscode.workspace.asRelativePath(configUri);
  if (proposal.existing === proposal.proposed) {
    const why = proposal.notes.length ? ` ${proposal.notes.join(' ')}` : '';
    void vscode.window.showInformationMessage(`${name}: nothing to add for the ${proposal.reports} reports found.${why}`);
    return { outcome: 'unchanged', file: configUri.toString() };
  }

  const left = proposal.existing === undefined ? configUri.with({ scheme: EMPTY_SCHEME }) : configUri;
  const right = await vscode.workspace.openTextDocument({ language: 'yaml', content: proposal.proposed });
  const title = proposal.existing === undefined ? `${name} (new, proposed: edit it before writing)` : `${name} ↔ proposed (edit the right side before writing)`;
  await vscode.commands.executeCommand('vscode.diff', left, right.uri, title, { preview: false });

  const found = `${proposal.reports} report${proposal.reports === 1 ? '' : 's'} found in ${proposal.markdownFiles} Markdown file${proposal.markdownFiles === 1 ? '' : 's'}`;
  const problems = `problems: ${proposal.problemsBefore} now, ${proposal.problemsAfter} with this configuration`;
  const answer = args?.confirm
    ? (await args.confirm) === 'write'
      ? WRITE
      : undefined
    : await vscode.window.showInformationMessage(`${found}; ${problems}. Write ${name}?`, WRITE, 'Cancel');
  const text = right.getText();
  await closeProposal(right);
  if (answer !== WRITE) return { outcome: 'cancelled', file: configUri.toString() };
  return writeConfig(configUri, proposal.existing, text);
}

/** Closes the proposal's diff without asking to save it: it was only ever a proposal. */
async function closeProposal(proposal: vscode.TextDocument): Promise<void> {
  for (const group of vscode.window.tabGroups.all) {
    for (const tab of group.tabs) {
      const input = tab.input;
      if (input instanceof vscode.TabInputTextDiff && input.modified.toString() === proposal.uri.toString()) {
        await vscode.window.showTextDocument(proposal, { viewColumn: group.viewColumn, preview: false });
        await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
      }
    }
  }
}

/** Writes the configuration in one undoable edit; refuses when the file is no longer what the proposal was made against. */
async function writeConfig(configUri: vscode.Uri, expected: string | undefined, text: string): Promise<SetUpResult> {
  const file = configUri.toString();
  let current: string | undefined;
  try {
    current = (await vscode.workspace.openTextDocument(configUri)).getText();
  } catch {
    current = undefined;
  }
  if (current !== expected) {
    void vscode.window.showWarningMessage(`${vscode.workspace.asRelativePath(configUri)} changed since the proposal was made; nothing was written. Run Set Up This Repository again.`);
    return { outcome: 'stale', file };
  }
  const edit = new vscode.WorkspaceEdit();
  if (current === undefined) {
    edit.createFile(configUri, { overwrite: false, ignoreIfExists: false, contents: new TextEncoder().encode(text) });
  } else {
    const document = await vscode.workspace.openTextDocument(configUri);
    edit.replace(configUri, new vscode.Range(document.positionAt(0), document.positionAt(document.getText().length)), text);
  }
  if (!(await vscode.workspace.applyEdit(edit))) {
    void vscode.window.showErrorMessage(`${vscode.workspace.asRelativePath(configUri)} could not be written.`);
    return { outcome: 'stale', file };
  }
  const document = await vscode.workspace.openTextDocument(configUri);
  if (document.isDirty) await document.save();
  await vscode.window.showTextDocument(document, { preview: false });
  return { outcome: 'written', file, written: text };
}
