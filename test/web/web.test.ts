// The extension as a web extension: in VS Code's web worker extension host (no Node, no file
// system of its own), on a copy of examples/ with today pinned to 2026-11-26. What a user of
// vscode.dev or github.dev sees: diagnostics, quick fixes, completion, hover, outline, the views,
// a new review, the stakeholder summary, setting up a repository; and Reviews Due saying why it
// cannot list tags.
import * as assert from './assert';
import * as vscode from 'vscode';
import { aarDiagnostics, activated, codeOf, fileUri, findings, open, outlineNames, SEARCH_OUTAGE, waitFor } from '../vscode/workbench';
import type { AarExtensionApi } from '../../client/src/activation';

let api: AarExtensionApi;
let root: vscode.Uri;

describe('After Action Reports as a web extension', function () {
  this.timeout(60_000);

  before(async () => {
    ({ api, root } = await activated());
    console.log(`VS Code ${vscode.version} (${vscode.env.appHost}); workspace ${root.toString()}`);
  });

  afterEach(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('runs in a web worker, without Node', () => {
    assert.equal(typeof (globalThis as { process?: unknown }).process, 'undefined');
  });

  it('opening a report shows its findings on the right lines', async () => {
    const editor = await open(SEARCH_OUTAGE);
    const expected = ['50 improvement-without-action', '55 overdue-action', '56 action-missing-owner', '57 action-missing-owner', '58 unknown-owner'];
    await waitFor('the diagnostics of the search outage', () => findings(editor.document.uri).length === expected.length);
    assert.deepEqual(findings(editor.document.uri), expected);
  });

  it('offers the quick fix that assigns an owner from the roster', async () => {
    const editor = await open(SEARCH_OUTAGE);
    const uri = editor.document.uri;
    const diagnostic = await waitFor('the unowned-action error', () => aarDiagnostics(uri).find((d) => d.range.start.line === 55 && codeOf(d) === 'action-missing-owner'));
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, diagnostic.range);
    assert.equal(actions[0]?.title, 'Assign to @tom (Tom Lindqvist)', actions.map((a) => a.title).join(' | '));
  });

  it('completes owners after @ and shows an owner\'s actions on hover', async () => {
    const editor = await open(SEARCH_OUTAGE);
    const uri = editor.document.uri;
    await waitFor('the search outage analysed', () => findings(uri).length > 0);
    const line = editor.document.lineAt(55);
    const end = line.range.end;
    await editor.edit((edit) => edit.insert(end, ' @'));
    const completions = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', uri, end.translate(0, 2), '@');
    const labels = completions.items.map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
    assert.ok(labels.some((l) => l.includes('tom')), labels.join(' | '));
    await vscode.commands.executeCommand('undo');

    const owner = editor.document.getText().indexOf('@jonas');
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, editor.document.positionAt(owner + 2));
    const text = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
    assert.match(text, /Add a lock/);
  });

  it('restarts its language server in a new web worker when asked, and the findings come back', async () => {
    const editor = await open(SEARCH_OUTAGE);
    const uri = editor.document.uri;
    await waitFor('the search outage analysed', () => findings(uri).length > 0);
    const before = findings(uri);
    // The client's states as it goes: stopped, then running again (State.Stopped 1, State.Running 2).
    const states: number[] = [];
    const listening = api.client.onDidChangeState((event) => states.push(event.newState));
    try {
      await vscode.commands.executeCommand('aar.restartServer');
      await waitFor('the language server to run again', () => api.server.running && states.at(-1) === 2);
    } finally {
      listening.dispose();
    }
    assert.ok(states.includes(1), `the server was stopped and started again: states ${states.join(', ')}`);
    // The restarted server analyses the open report again: an owner typed in makes its error go.
    const line = editor.document.lineAt(55);
    await editor.edit((edit) => edit.insert(line.range.end, ' @tom'));
    await waitFor('the unowned action owned', () => !findings(uri).includes('56 action-missing-owner'));
    await vscode.commands.executeCommand('undo');
    await waitFor('the findings as before the edit', () => JSON.stringify(findings(uri)) === JSON.stringify(before));
  });

  it('adds the actions to the outline', async () => {
    const editor = await open(SEARCH_OUTAGE);
    const names = await outlineNames(editor.document.uri);
    assert.ok(names.includes('Add a lock so only one re-index job runs at a time'), names.join(' | '));
  });

  it('the Open Actions and Reviews views list the reports read through VS Code', async () => {
    await vscode.commands.executeCommand('aar.actions.groupByOwner');
    const snapshot = await api.actions.snapshot();
    const rows = snapshot.groups.flatMap((g) => g.actions.map((a) => ({ group: g.label, ...a })));
    const lock = rows.find((r) => r.label.startsWith('Add a lock'));
    assert.deepEqual({ group: lock?.group, description: lock?.description }, { group: '@jonas (Jonas Weber)', description: '13 days overdue · Product search returned no results' });
    const reports = (await api.reviews.snapshot()).reports.map((r) => vscode.workspace.asRelativePath(vscode.Uri.parse(r.uri)));
    assert.ok(reports.includes(SEARCH_OUTAGE), reports.join(', '));
    assert.ok(!reports.includes('README.md'), 'a Markdown file that is not a report is not listed');
  });

  it('aar.newReview creates a report from the template, which the views then list', async () => {
    const created = await vscode.commands.executeCommand<vscode.Uri>('aar.newReview', { title: 'Web review', trigger: 'incident' });
    assert.equal(vscode.workspace.asRelativePath(created), 'after-action-reports/2026-11-26-web-review.md');
    const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(created));
    assert.match(text, /^title: "?Web review"?(\s+#.*)?$/m);
    await waitFor('the new report in Reviews', async () => (await api.reviews.snapshot()).reports.some((r) => r.uri === created.toString()));
    await vscode.workspace.fs.delete(created);
    await waitFor('the deleted report to leave Reviews', async () => !(await api.reviews.snapshot()).reports.some((r) => r.uri === created.toString()));
  });

  it('makes the stakeholder summary of a report', async () => {
    const summary = await api.server.stakeholderSummary(fileUri(SEARCH_OUTAGE));
    assert.match(summary.markdown, /Product search returned no results/);
    assert.match(summary.chartSvg, /^<svg/);
  });

  it('names the team configuration by its path in the workspace, not the server\'s internal path', async () => {
    const document = await vscode.commands.executeCommand<vscode.TextDocument>('aar.showEffectiveConfig', fileUri(SEARCH_OUTAGE));
    const line = document.getText().split('\n').find((l) => l.startsWith('- Team configuration:'));
    assert.equal(line, '- Team configuration: .aar.yml');
  });

  it('Set Up This Repository finds the reports through VS Code and writes the configuration it proposes', async () => {
    // What a github.dev user does first: the reports of another folder, read without a file system of the server's own.
    const teamUri = fileUri('.aar.yml');
    const original = new TextDecoder().decode(await vscode.workspace.fs.readFile(teamUri));
    const incident = fileUri('docs/incidents/2026-09-14-dns-timeouts.md');
    const text = ['# DNS timeouts', '', '## Issue Summary', '', 'Lookups timed out for 20 minutes.', '', '## Customer impact', '', '- Slow checkouts.', '', '## What could have gone better?', '', '- Nobody was paged.', '', '## Action Items (short term):', '', '- [ ] Page on resolver errors @tom due:2026-12-15', ''].join('\n');
    try {
      await vscode.workspace.fs.delete(teamUri);
      await vscode.workspace.fs.writeFile(incident, new TextEncoder().encode(text));
      let answer!: (a: 'write' | 'cancel') => void;
      const confirm = new Promise<'write' | 'cancel'>((resolve) => (answer = resolve));
      const running = vscode.commands.executeCommand<{ outcome: string; written?: string }>('aar.setUpRepository', { confirm });
      const diff = await waitFor('the proposal as a diff', () => vscode.window.tabGroups.all.flatMap((g) => g.tabs).find((t) => t.input instanceof vscode.TabInputTextDiff));
      assert.match(diff.label, /\.aar\.yml \(new, proposed/);
      const proposal = (await vscode.workspace.openTextDocument((diff.input as vscode.TabInputTextDiff).modified)).getText();
      assert.match(proposal, /docs\/incidents\/\*\*\/\*\.md/);
      answer('write');
      const result = await running;
      assert.equal(result.outcome, 'written');
      assert.equal(new TextDecoder().decode(await vscode.workspace.fs.readFile(teamUri)), result.written);
      await waitFor('the incident to count as a report', async () => (await api.server.reports()).some((r) => r.uri === incident.toString()));
    } finally {
      await vscode.workspace.fs.writeFile(teamUri, new TextEncoder().encode(original));
      await vscode.workspace.fs.delete(fileUri('docs'), { recursive: true });
    }
  });

  it('Reviews Due says that no git tags can be read here, rather than showing nothing', async () => {
    const folders = await api.server.gitFolders();
    assert.deepEqual(folders.map((f) => f.repository), [false]);
    assert.deepEqual((await api.releasesDue.snapshot()).releases, []);
  });
});
