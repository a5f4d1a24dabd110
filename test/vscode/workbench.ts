// What the suites inside VS Code share, on Node and in the web worker alike (only `vscode` here):
// the example workspace's files, waiting for what the extension shows, and its diagnostics.
import * as vscode from 'vscode';
import type { AarExtensionApi } from '../../client/src/activation';

export const EXTENSION_ID = 'after-action-reports.after-action-reports';
export const SEARCH_OUTAGE = 'after-action-reports/2026-11-02-search-outage.md';

/** A file of the test workspace (its first folder), by its path relative to it. */
export const fileUri = (relative: string) => vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0].uri, ...relative.split('/'));
export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Activates the extension, then waits until its language server runs and has indexed the test workspace. */
export async function activated(): Promise<{ api: AarExtensionApi; root: vscode.Uri }> {
  const extension = vscode.extensions.getExtension<AarExtensionApi>(EXTENSION_ID);
  if (!extension) throw new Error(`${EXTENSION_ID} is not installed for development`);
  const api = await extension.activate();
  await waitFor('the language server to run', () => api.server.running);
  await waitFor('the workspace index', () => api.server.counts?.reports);
  return { api, root: vscode.workspace.workspaceFolders![0].uri };
}

/** Polls until `check` returns something truthy; fails with `what` and the last value seen. */
export async function waitFor<T>(what: string, check: () => T | Promise<T>, timeoutMs = 20_000): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  for (;;) {
    last = await check();
    if (last) return last as NonNullable<T>;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}; last value: ${JSON.stringify(last)}`);
    await sleep(100);
  }
}

export const codeOf = (d: vscode.Diagnostic) => String(typeof d.code === 'object' ? d.code.value : d.code);
export const aarDiagnostics = (uri: vscode.Uri) => vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'aar');
/** The extension's diagnostics of a document as "line rule", in line order. */
export const findings = (uri: vscode.Uri) =>
  aarDiagnostics(uri)
    .map((d) => `${d.range.start.line + 1} ${codeOf(d)}`)
    .sort((a, b) => parseInt(a) - parseInt(b) || a.localeCompare(b));

/** Opens a file of the test workspace in an editor that stays (not a preview). */
export async function open(relative: string): Promise<vscode.TextEditor> {
  const document = await vscode.workspace.openTextDocument(fileUri(relative));
  return vscode.window.showTextDocument(document, { preview: false });
}

/** The names in a document's outline, nested ones included, as every outline provider gives them. */
export async function outlineNames(uri: vscode.Uri): Promise<string[]> {
  const names: string[] = [];
  const walk = (symbols: (vscode.DocumentSymbol | vscode.SymbolInformation)[]) => {
    for (const symbol of symbols) {
      names.push(symbol.name);
      if ('children' in symbol) walk(symbol.children);
    }
  };
  walk(await waitFor('the outline', async () => await vscode.commands.executeCommand<(vscode.DocumentSymbol | vscode.SymbolInformation)[]>('vscode.executeDocumentSymbolProvider', uri)));
  return names;
}
