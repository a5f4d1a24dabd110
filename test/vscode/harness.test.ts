// Smoke test of the plumbing: the extension loads in a real VS Code, its language server reports
// on an example. The behaviour suites sit next to it.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';

const EXTENSION_ID = 'after-action-reports.after-action-reports';

async function waitFor<T>(what: string, probe: () => T | undefined, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

describe('VS Code harness', () => {
  before(() => {
    console.log(`VS Code ${vscode.version}`);
  });

  it('activates the extension and returns its language client', async () => {
    const extension = vscode.extensions.getExtension<{ client?: unknown }>(EXTENSION_ID);
    assert.ok(extension, `${EXTENSION_ID} is not loaded`);
    const api = await extension.activate();
    assert.ok(api?.client, 'activate() returned no client');
  });

  it('opens the example workspace with a fixed date for overdue checks', () => {
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder, 'no workspace folder is open');
    assert.match(String(vscode.workspace.getConfiguration('afterActionReports', folder.uri).get('today')), /^\d{4}-\d{2}-\d{2}$/);
  });

  it('shows diagnostics from the language server for an example report', async () => {
    const folder = vscode.workspace.workspaceFolders![0];
    const uri = vscode.Uri.joinPath(folder.uri, 'after-action-reports', '2026-11-02-search-outage.md');
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
    const findings = await waitFor('diagnostics with source "aar"', () => {
      const ours = vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'aar');
      return ours.length ? ours : undefined;
    });
    console.log(`${findings.length} findings, e.g. ${findings[0].message}`);
  });
});
