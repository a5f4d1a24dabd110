// What a user sees in a real VS Code, on a copy of examples/ with today pinned to 2026-11-26
// (the harness writes `afterActionReports.today` into the copy's .vscode/settings.json).
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import * as vscode from 'vscode';
import { aarDiagnostics, activated, codeOf, EXTENSION_ID, fileUri, findings, open, outlineNames, SEARCH_OUTAGE, sleep, waitFor } from './workbench';
import type { AarExtensionApi } from '../../client/src/extension';
import type { ActionsViewSnapshot } from '../../client/src/views/actionsView';
import { canTypeInWindow, screenshot, sideBarText, typeInWindow, windowText } from './screenshots';
import serverNodeOptions from '../../server/nodeOptions.json';

const SPRINT_RETRO = 'after-action-reports/2026-11-20-sprint-31-retro.md';
const BETA = 'after-action-reports/2026-11-24-beta-milestone.md';
let api: AarExtensionApi;
let root: vscode.Uri;

/** A screenshot without leftover notifications (from earlier tests) over the picture. */
async function quietScreenshot(name: string, settleMs = 800): Promise<void> {
  await vscode.commands.executeCommand('notifications.clearAll');
  await sleep(settleMs);
  await screenshot(name);
}

/**
 * Skips a test that types into the window or reads what it renders, saying why, where no browser
 * holds the window to do it (under @vscode/test-electron); `npm run test:vscode` has one.
 */
function needsBrowserHarness(test: Mocha.Context, what: string): void {
  if (canTypeInWindow()) return;
  console.log(`      skipped: ${what} needs the browser harness (npm run test:vscode)`);
  test.skip(); // Only under @vscode/test-electron (npm run test:electron): no browser holds its window to type into or read.
}

function allRows(snapshot: ActionsViewSnapshot) {
  return snapshot.groups.flatMap((g) => g.actions.map((a) => ({ group: g.label, ...a })));
}

describe('After Action Reports in VS Code', function () {
  this.timeout(60_000);

  before(async () => {
    ({ api, root } = await activated());
    console.log(`VS Code ${vscode.version}; workspace ${root.fsPath}`);
  });

  afterEach(async () => {
    // Back to what is on disk before closing: a dirty editor would ask whether to save.
    for (const document of vscode.workspace.textDocuments) {
      if (!document.isDirty || document.uri.scheme !== 'file') continue;
      await vscode.window.showTextDocument(document);
      await vscode.commands.executeCommand('workbench.action.files.revert');
    }
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('opening a report shows its findings on the right lines', async () => {
    const editor = await open(SEARCH_OUTAGE);
    const expected = ['50 improvement-without-action', '55 overdue-action', '56 action-missing-owner', '57 action-missing-owner', '58 unknown-owner'];
    await waitFor('the diagnostics of the search outage', () => findings(editor.document.uri).length === expected.length);
    assert.deepEqual(findings(editor.document.uri), expected);
    const unowned = aarDiagnostics(editor.document.uri).find((d) => d.range.start.line === 55)!;
    assert.equal(unowned.severity, vscode.DiagnosticSeverity.Error);
    assert.match(unowned.message, /Refuse the alias swap.*has no owner/);
  });

  it("a problem's rule link opens the rule's page rendered beside the report, not its source", async () => {
    const editor = await open(SEARCH_OUTAGE);
    const unowned = await waitFor('an action-missing-owner problem', () => aarDiagnostics(editor.document.uri).find((d) => codeOf(d) === 'action-missing-owner'));
    assert.ok(typeof unowned.code === 'object', 'the problem has a rule link');
    const link = unowned.code.target;
    // What VS Code does with a click on the link in the hover or the Problems panel: a command link runs its command.
    assert.equal(link.scheme, 'command', `the rule link is a command, not ${link.toString()}`);
    await vscode.commands.executeCommand(link.path, ...(JSON.parse(link.query) as unknown[]));
    const tabs = () => vscode.window.tabGroups.all.flatMap((group) => group.tabs);
    const preview = await waitFor('a Markdown preview of the rule page', () =>
      tabs().find((tab) => tab.input instanceof vscode.TabInputWebview && tab.input.viewType.includes('markdown.preview') && tab.label.includes('action-missing-owner')),
    );
    assert.notEqual(preview.group.viewColumn, vscode.window.tabGroups.all.find((g) => g.tabs.some((t) => t.input instanceof vscode.TabInputText && t.input.uri.toString() === editor.document.uri.toString()))?.viewColumn, 'beside the report');
    const sources = tabs().filter((tab) => tab.input instanceof vscode.TabInputText && tab.input.uri.path.includes('/docs/rules/'));
    assert.deepEqual(sources.map((tab) => tab.label), [], 'no editor of the rule page source');
    await quietScreenshot('rule-page');
  });

  it('stays silent on Markdown that is not a report', async () => {
    const editor = await open('README.md');
    // The report opened next gets diagnostics; by then the README would have had its own.
    const report = await open(BETA);
    await waitFor('diagnostics of a report opened after it', () => aarDiagnostics(report.document.uri).length);
    assert.deepEqual(aarDiagnostics(editor.document.uri), []);
  });

  it('the Open Actions view lists every open action with its owner and due date in words', async () => {
    await vscode.commands.executeCommand('aar.actions.groupByOwner');
    const snapshot = await api.actions.snapshot();
    assert.equal(snapshot.groups[0].label, 'Unowned');
    assert.deepEqual(
      snapshot.groups[0].actions.map((a) => a.label.slice(0, 30)).sort(),
      ['Add a load test that replays c', 'Alert when more than 10% of se', 'Refuse the alias swap when the', 'Try a daily 30-minute review p'],
    );
    const rows = allRows(snapshot);
    const lock = rows.find((r) => r.label.startsWith('Add a lock'));
    assert.deepEqual(
      { group: lock?.group, description: lock?.description, icon: lock?.icon },
      { group: '@jonas (Jonas Weber)', description: '13 days overdue · Product search returned no results', icon: 'warning' },
    );
    assert.ok(rows.some((r) => r.group === '@maya (Maya Okafor)' && r.description.startsWith('due in 5 days · in progress')), JSON.stringify(rows));
    assert.match(api.statusBar.item.text, /\d+ open .*\d+ overdue/);

    // The picture for the README: the sidebar wide enough to read, next to the report's actions.
    await vscode.commands.executeCommand('aar.revealAction', { uri: lock!.uri, line: lock!.line });
    // Narrows the focused editor, so the sidebar beside it widens; only the picture depends on it.
    for (let i = 0; i < 5; i++) await vscode.commands.executeCommand('workbench.action.decreaseViewWidth').then(undefined, () => undefined);
    await vscode.commands.executeCommand('aar.actions.focus');
    await quietScreenshot('sidebar');
  });

  it('groups by due date and report, filters overdue and mine, and remembers the grouping', async () => {
    await vscode.commands.executeCommand('aar.actions.groupByDue');
    let snapshot = await api.actions.snapshot();
    assert.equal(snapshot.groupBy, 'due');
    assert.equal(snapshot.groups[0].label, 'Overdue');
    assert.ok(snapshot.groups[0].actions.every((a) => / overdue/.test(a.description)));

    await vscode.commands.executeCommand('aar.actions.showOverdue');
    snapshot = await api.actions.snapshot();
    assert.ok(snapshot.overdueOnly);
    assert.deepEqual(snapshot.groups.map((g) => g.label), ['Overdue']);
    await vscode.commands.executeCommand('aar.actions.showAllDue');

    await vscode.workspace.getConfiguration('afterActionReports').update('me', 'jonas', vscode.ConfigurationTarget.Workspace);
    try {
      await vscode.commands.executeCommand('aar.actions.groupByReport');
      await vscode.commands.executeCommand('aar.actions.showMine');
      snapshot = await api.actions.snapshot();
      const rows = allRows(snapshot);
      assert.ok(rows.length >= 2, JSON.stringify(rows));
      assert.ok(rows.every((r) => r.description.startsWith('@jonas')), JSON.stringify(rows));
    } finally {
      await vscode.commands.executeCommand('aar.actions.showEveryone');
      await vscode.workspace.getConfiguration('afterActionReports').update('me', undefined, vscode.ConfigurationTarget.Workspace);
    }
    // Remembered in the workspace state: a new view of the same state groups by report.
    assert.equal(api.actions.groupBy, 'report');
    await vscode.commands.executeCommand('aar.actions.groupByOwner');
  });

  it('an empty Open Actions view says why and offers the way back', async function () {
    needsBrowserHarness(this, 'reading the rendered welcome view');
    await vscode.commands.executeCommand('aar.actions.focus');
    await vscode.workspace.getConfiguration('afterActionReports').update('me', 'nobody-here', vscode.ConfigurationTarget.Workspace);
    try {
      await vscode.commands.executeCommand('aar.actions.showMine');
      assert.deepEqual(allRows(await api.actions.snapshot()), []);
      const text = await waitFor('the welcome text', async () => {
        const shown = await sideBarText();
        return shown?.includes('No open actions match the filters.') ? shown : undefined;
      });
      assert.ok(text.includes('Show All Open Actions'), text);
      // Welcome texts render links and plain words only: no Markdown code marks left showing.
      assert.ok(!text.includes('`'), text);
      assert.ok(!text.includes('No After Action Reports in this workspace yet.'), 'the workspace has reports');
    } finally {
      await vscode.commands.executeCommand('aar.actions.showEveryone');
      await vscode.workspace.getConfiguration('afterActionReports').update('me', undefined, vscode.ConfigurationTarget.Workspace);
    }
    assert.ok(allRows(await api.actions.snapshot()).length > 0, 'every open action is back');
  });

  it('shows a long group a page at a time, and "Show more" shows the rest', async () => {
    const backlog = fileUri('after-action-reports/2026-11-30-platform-backlog.md');
    const lines = Array.from({ length: 230 }, (_, i) => `- [ ] Retire legacy job ${i + 1} @lena due:2027-0${1 + (i % 9)}-15`);
    const text = `---\ntype: after-action-report\ntitle: Platform backlog\ndate: 2026-11-30\n---\n# Platform backlog\n\n## Summary\n\nJobs to retire.\n\n## Actions\n\n${lines.join('\n')}\n`;
    await vscode.workspace.fs.writeFile(backlog, Buffer.from(text));
    try {
      const lena = await waitFor('the backlog in the view', async () => (await api.actions.snapshot()).groups.find((g) => g.label.startsWith('@lena') && g.description.startsWith('230 open')));
      assert.equal(lena.actions.length, 200, 'the first page');
      assert.equal(lena.more, 30);
      await vscode.commands.executeCommand('aar.actions.focus');
      await vscode.commands.executeCommand('aar.actions.showMore', lena.id);
      const all = (await api.actions.snapshot()).groups.find((g) => g.id === lena.id)!;
      const selectedRow = () => api.actions.view.selection.map((n) => (n.type === 'action' ? n.action.text : n.type)).join();
      await waitFor('the first new row to be selected', () => selectedRow() === all.actions[200].label).catch(() =>
        assert.fail(`selected: ${selectedRow()}; expected ${all.actions[200].label}`),
      );
      assert.equal(all.actions.length, 230);
      assert.equal(all.more, 0);
      // By due date, then line, across the pages.
      const expected = Array.from({ length: 230 }, (_, i) => i)
        .sort((a, b) => (a % 9) - (b % 9) || a - b)
        .map((i) => `Retire legacy job ${i + 1}`);
      assert.deepEqual(all.actions.map((a) => a.label), expected);
    } finally {
      await vscode.workspace.fs.delete(backlog);
    }
    await waitFor('the backlog to leave the view', async () => !(await api.actions.snapshot()).groups.some((g) => g.label.startsWith('@lena') && g.description.startsWith('230')));
  });

  it('grouped by report, shows 200 reports at a time, "Show more" the next, and forgets a deleted folder of them', async () => {
    // One group per report: a workspace of thousands of reports sends its groups a page at a time.
    const pile = fileUri('after-action-reports/pile');
    await vscode.commands.executeCommand('aar.actions.groupByReport');
    // Every report, not a page of them while the index still reads the pile.
    const total = (snapshot: ActionsViewSnapshot) => snapshot.groups.length + snapshot.moreGroups;
    const before = total(await api.actions.snapshot());
    for (let i = 1; i <= 210; i++) {
      const n = String(i).padStart(3, '0');
      const text = `---\ntype: after-action-report\ntitle: Pile ${n}\ndate: 2026-10-01\n---\n# Pile ${n}\n\n## Summary\n\nA small release.\n\n## Actions\n\n- [ ] Tidy job ${n} @lena due:2027-01-15\n`;
      await vscode.workspace.fs.writeFile(vscode.Uri.joinPath(pile, `pile-${n}.md`), Buffer.from(text));
    }
    try {
      const first = await waitFor('a page of reports', async () => {
        const snapshot = await api.actions.snapshot();
        return total(snapshot) === before + 210 ? snapshot : undefined;
      });
      assert.equal(first.groups.length, 200);
      // As a person does it: the view focused, Enter on its last row.
      await vscode.commands.executeCommand('aar.actions.focus');
      await vscode.commands.executeCommand('aar.actions.showMore');
      const all = await api.actions.snapshot();
      // The row pressed is gone: the first report of the new page is selected, where the keyboard goes on.
      const selectedReport = () => api.actions.view.selection.map((n) => (n.type === 'group' ? n.group.label : n.type)).join();
      await waitFor('the first new report to be selected', () => selectedReport() === all.groups[200].label).catch(() =>
        assert.fail(`selected: ${selectedReport()}; expected ${all.groups[200].label}`),
      );
      assert.equal(all.moreGroups, 0);
      assert.equal(all.groups.length, 200 + first.moreGroups);
      assert.deepEqual(all.groups.slice(0, 200).map((g) => g.id), first.groups.map((g) => g.id), 'the next page follows the first');
      const piles = all.groups.filter((g) => g.label.startsWith('Pile '));
      assert.equal(piles.length, 210);
      assert.deepEqual(piles.map((g) => g.label), piles.map((g) => g.label).sort(), 'in the order of their names');
      // Deleted as a folder: the file watcher announces the folder, not each report in it.
      await vscode.workspace.fs.delete(pile, { recursive: true });
      let left: string[] = [];
      const after = await waitFor('the deleted reports to leave the view', async () => {
        const snapshot = await api.actions.snapshot();
        left = snapshot.groups.filter((g) => g.label.startsWith('Pile ')).map((g) => g.label);
        return left.length ? undefined : snapshot;
      }).catch((e: Error) => assert.fail(`${e.message}; still in the view: ${left.join(', ')}`));
      assert.equal(after.moreGroups, 0);
    } finally {
      await vscode.workspace.fs.delete(pile, { recursive: true }).then(undefined, () => undefined);
      await vscode.commands.executeCommand('aar.actions.groupByOwner');
    }
  });

  it('finds every command by the extension\'s name in the Command Palette', async function () {
    needsBrowserHarness(this, 'reading the Command Palette');
    // Assign Owner runs in a Markdown editor: the palette offers it there.
    await open(SEARCH_OUTAGE);
    const listed: Record<string, string> = {};
    for (const typed of ['After Action Reports: Assign', 'After Action Reports: Restart', 'After Action Reports: Show Effective']) {
      await vscode.commands.executeCommand('workbench.action.showCommands');
      await typeInWindow(typed, '');
      listed[typed] = await windowText('.quick-input-widget .quick-input-list');
      await typeInWindow('', 'Escape');
    }
    assert.match(listed['After Action Reports: Assign'], /After Action Reports: Assign Owner to Action…/);
    assert.match(listed['After Action Reports: Restart'], /After Action Reports: Restart Language Server/);
    assert.match(listed['After Action Reports: Show Effective'], /After Action Reports: Show Effective Configuration/);
  });

  it('adds the actions to the outline beside the Markdown headings, without repeating a heading', async () => {
    const editor = await open(SEARCH_OUTAGE);
    await waitFor('the search outage analysed', () => findings(editor.document.uri).length > 0);
    const names = await outlineNames(editor.document.uri);
    // VS Code's Markdown outline has the headings; ours adds the actions.
    assert.equal(names.filter((n) => /Product search returned no results/.test(n)).length, 1, names.join(' | '));
    assert.equal(names.filter((n) => /Root Cause/.test(n)).length, 1, names.join(' | '));
    assert.ok(names.includes('Add a lock so only one re-index job runs at a time'), names.join(' | '));
  });

  it('a click on an action opens its report at its line', async () => {
    const rows = allRows(await api.actions.snapshot());
    const lock = rows.find((r) => r.label.startsWith('Add a lock'))!;
    const editor = (await vscode.commands.executeCommand<vscode.TextEditor>('aar.revealAction', { uri: lock.uri, line: lock.line }))!;
    assert.equal(vscode.window.activeTextEditor?.document.uri.toString(), lock.uri);
    assert.equal(editor.selection.active.line, lock.line);
    assert.match(editor.document.lineAt(lock.line).text, /Add a lock/);
  });

  it('"Mark Action Done" on a row ticks the action, and the view drops it by itself', async () => {
    const before = allRows(await api.actions.snapshot());
    const lock = before.find((r) => r.label.startsWith('Add a lock'))!;
    const node = { type: 'action', action: { uri: lock.uri, range: { start: { line: lock.line, character: 0 }, end: { line: lock.line, character: 0 } } } };
    assert.equal(await vscode.commands.executeCommand('aar.markActionDone', node), 'applied');
    const document = await vscode.workspace.openTextDocument(vscode.Uri.parse(lock.uri));
    assert.match(document.lineAt(lock.line).text, /^- \[x\] Add a lock/);
    assert.ok(document.isDirty, 'the change waits for the user to save it');
    await waitFor('the view to drop the done action', async () => !allRows(await api.actions.snapshot()).some((r) => r.label.startsWith('Add a lock')));
    await waitFor('the overdue finding to go', () => !findings(document.uri).includes('55 overdue-action'));
  });

  it('"Assign Owner" on an unowned table row writes the owner into the Who column', async () => {
    const rows = allRows(await api.actions.snapshot());
    const pairing = rows.find((r) => r.label.startsWith('Try a daily 30-minute'))!;
    const outcome = await vscode.commands.executeCommand('aar.assignOwner', { uri: pairing.uri, line: pairing.line, owner: 'maya' });
    assert.equal(outcome, 'applied');
    const document = await vscode.workspace.openTextDocument(vscode.Uri.parse(pairing.uri));
    assert.equal(document.lineAt(pairing.line).text, '| Try a daily 30-minute review pairing slot for one sprint (IMP-2) | @maya | 4 Dec 2026 | to do |');
    await waitFor('the row to move to @maya', async () =>
      allRows(await api.actions.snapshot()).some((r) => r.group === '@maya (Maya Okafor)' && r.label.startsWith('Try a daily')),
    );
  });

  it('refuses an edit computed for an older version of the report', async () => {
    const editor = await open(SEARCH_OUTAGE);
    const version = editor.document.version;
    await editor.edit((b) => b.insert(new vscode.Position(12, 0), 'Typed meanwhile. '));
    const outcome = await vscode.commands.executeCommand('aar.assignOwner', { uri: editor.document.uri.toString(), line: 55, version, owner: '@tom' });
    assert.equal(outcome, 'stale');
    assert.doesNotMatch(editor.document.lineAt(55).text, /@tom/);
    assert.match(editor.document.lineAt(12).text, /^Typed meanwhile\. /);
  });

  it('the quick fix assigns an owner from the roster and the diagnostic goes', async () => {
    const editor = await open(SEARCH_OUTAGE);
    const uri = editor.document.uri;
    const diagnostic = await waitFor('the unowned-action error', () => aarDiagnostics(uri).find((d) => d.range.start.line === 55 && codeOf(d) === 'action-missing-owner'));
    editor.selection = new vscode.Selection(diagnostic.range.start, diagnostic.range.start);
    editor.revealRange(diagnostic.range, vscode.TextEditorRevealType.InCenter);
    await vscode.commands.executeCommand('editor.action.quickFix');
    await quietScreenshot('quick-fix', 1200);
    await vscode.commands.executeCommand('hideCodeActionWidget');

    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, diagnostic.range);
    const titles = actions.map((a) => a.title);
    // The Delivery Owner first, then the rest of the team; "Assign owner…" asks.
    assert.equal(titles[0], 'Assign to @tom (Tom Lindqvist)', titles.join(' | '));
    assert.ok(titles.includes('Assign owner…'), titles.join(' | '));
    assert.equal(titles.filter((t) => t === titles[0]).length, 1, 'each fix is listed once');
    assert.ok(await vscode.workspace.applyEdit(actions[0].edit!));
    assert.match(editor.document.lineAt(55).text, /fewer than 95% of the documents of the old one @tom$/);
    await waitFor('the diagnostic to go', () => !aarDiagnostics(uri).some((d) => d.range.start.line === 55 && codeOf(d) === 'action-missing-owner'));

    // "Assign owner…" runs aar.assignOwner with the version the server saw; given an owner it does not ask.
    const tbd = aarDiagnostics(uri).find((d) => d.range.start.line === 56 && codeOf(d) === 'action-missing-owner')!;
    const ask = (await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, tbd.range)).find(
      (a) => a.title === 'Assign owner…',
    );
    assert.ok(ask?.command, 'an "Assign owner…" quick fix with a command');
    const [args] = ask.command.arguments as [Record<string, unknown>];
    assert.equal(args.version, editor.document.version);
    assert.equal(await vscode.commands.executeCommand(ask.command.command, { ...args, owner: 'priya' }), 'applied');
    assert.equal(editor.document.lineAt(56).text, '- Alert when more than 10% of searches return no results (owner: @priya)');
  });

  it("counts a team's own heading as the missing section: one undoable edit to .aar.yml, and the error goes", async () => {
    const reportUri = fileUri('after-action-reports/2026-12-01-dns-failover-drill.md');
    const teamUri = fileUri('.aar.yml');
    const original = new TextDecoder().decode(await vscode.workspace.fs.readFile(teamUri));
    const report = [
      '# DNS failover drill',
      '',
      '## Summary',
      '',
      'We failed DNS over to the secondary provider in 4 minutes.',
      '',
      '## Timeline',
      '',
      '- 10:00 drill started',
      '- 10:04 traffic on the secondary',
      '',
      '## Improvements',
      '',
      '- The runbook named a retired dashboard.',
      '',
      '## Actions',
      '',
      '- [ ] Point the runbook at the current dashboard @priya due:2026-12-10',
      '',
    ].join('\n');
    await vscode.workspace.fs.writeFile(reportUri, new TextEncoder().encode(report));
    try {
      const editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(reportUri), { preview: false });
      const uri = editor.document.uri;
      const noOutcomes = () => aarDiagnostics(uri).find((d) => codeOf(d) === 'missing-section' && /^No outcomes section/.test(d.message));
      const diagnostic = await waitFor('the missing outcomes', noOutcomes);
      editor.selection = new vscode.Selection(diagnostic.range.start, diagnostic.range.start);
      await vscode.commands.executeCommand('editor.action.quickFix');
      await quietScreenshot('count-heading-as-section', 1200);
      await vscode.commands.executeCommand('hideCodeActionWidget');

      const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, diagnostic.range);
      const titles = actions.map((a) => a.title);
      assert.equal(titles[0], 'Add "Outcomes" section', titles.join(' | '));
      const count = actions.find((a) => a.title === 'Count “Timeline” as the outcomes section, for the whole team (in .aar.yml)');
      assert.ok(count?.edit, titles.join(' | '));
      assert.ok(await vscode.workspace.applyEdit(count.edit));
      const team = await vscode.workspace.openTextDocument(teamUri);
      assert.ok(team.getText().startsWith(original.trimEnd()), 'everything the team wrote stays, comments included');
      assert.match(team.getText().slice(original.trimEnd().length), /^\nsections:\n {2}outcomes:\n {4}- Timeline\n$/);
      await waitFor('the missing outcomes to go, from the buffer before any save', () => !noOutcomes());
      assert.deepEqual(findings(uri), ['1 missing-delivery-owner'], 'nothing else but its Delivery Owner');

      // One edit, undone in one step, and the error is back.
      await vscode.window.showTextDocument(team);
      await vscode.commands.executeCommand('undo');
      assert.equal(team.getText(), original);
      await waitFor('the missing outcomes to come back', noOutcomes);
    } finally {
      for (const document of vscode.workspace.textDocuments.filter((d) => d.isDirty && d.uri.scheme === 'file')) {
        await vscode.window.showTextDocument(document);
        await vscode.commands.executeCommand('workbench.action.files.revert');
      }
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      await vscode.workspace.fs.writeFile(teamUri, new TextEncoder().encode(original));
      await vscode.workspace.fs.delete(reportUri);
    }
  });

  it('shows every problem even where aar-suppressions.json holds them back from CI', async () => {
    const suppressions = fileUri('aar-suppressions.json');
    const recorded = { 'after-action-reports/2026-11-02-search-outage.md': { 'action-missing-owner': { count: 2 }, 'overdue-action': { count: 1 }, 'unknown-owner': { count: 1 } } };
    await vscode.workspace.fs.writeFile(suppressions, new TextEncoder().encode(JSON.stringify(recorded, null, 2) + '\n'));
    try {
      const editor = await open(SEARCH_OUTAGE);
      await vscode.commands.executeCommand('aar.restartServer');
      await waitFor('the language server to run again', () => api.server.running);
      const expected = ['50 improvement-without-action', '55 overdue-action', '56 action-missing-owner', '57 action-missing-owner', '58 unknown-owner'];
      await waitFor('every finding of the search outage', () => findings(editor.document.uri).join() === expected.join());
    } finally {
      await vscode.workspace.fs.delete(suppressions);
    }
  });

  it('Set Up This Repository proposes .aar.yml as an editable diff, writes the edited proposal on confirmation, and never over a changed file', async () => {
    const teamUri = fileUri('.aar.yml');
    const original = new TextDecoder().decode(await vscode.workspace.fs.readFile(teamUri));
    const incidents = ['docs/incidents/2026-06-03-queue-backlog.md', 'docs/incidents/2026-09-14-dns-timeouts.md'];
    const incident = (title: string) =>
      [`# ${title}`, '', '## Issue Summary', '', 'Requests queued for 20 minutes.', '', '## Customer impact', '', '- Late e-mails to 300 customers.', '', '## What could have gone better?', '', '- Nobody was paged.', '', '## Action Items (short term):', '', '- [ ] Page on queue depth @tom due:2026-12-15', ''].join('\n');
    try {
      await vscode.workspace.fs.delete(teamUri);
      for (const file of incidents) await vscode.workspace.fs.writeFile(fileUri(file), new TextEncoder().encode(incident(file.slice(-20, -3))));
      await vscode.workspace.fs.writeFile(fileUri('docs/notes.md'), new TextEncoder().encode('# Planning notes\n\nNot a report.\n'));

      let answer!: (a: 'write' | 'cancel') => void;
      const confirm = new Promise<'write' | 'cancel'>((resolve) => (answer = resolve));
      const running = vscode.commands.executeCommand<{ outcome: string; written?: string }>('aar.setUpRepository', { confirm });
      const diff = await waitFor('the proposal as a diff', () =>
        vscode.window.tabGroups.all.flatMap((g) => g.tabs).find((t) => t.input instanceof vscode.TabInputTextDiff),
      );
      assert.match(diff.label, /\.aar\.yml \(new, proposed/);
      const proposal = await vscode.workspace.openTextDocument((diff.input as vscode.TabInputTextDiff).modified);
      assert.match(proposal.getText(), /after-action-reports\/\*\*\/\*\.md/);
      assert.match(proposal.getText(), /docs\/incidents\/\*\*\/\*\.md/);
      assert.doesNotMatch(proposal.getText(), /notes\.md/);
      await quietScreenshot('set-up-repository', 1000);
      // The proposal is editable before it is written.
      const edit = new vscode.WorkspaceEdit();
      edit.insert(proposal.uri, new vscode.Position(0, 0), '# Reviewed by the team before writing\n');
      assert.ok(await vscode.workspace.applyEdit(edit));
      answer('write');
      const result = await running;
      assert.equal(result.outcome, 'written');
      const written = new TextDecoder().decode(await vscode.workspace.fs.readFile(teamUri));
      assert.ok(written.startsWith('# Reviewed by the team before writing\n'), written);
      assert.equal(written, result.written);
      assert.ok(!vscode.window.tabGroups.all.some((g) => g.tabs.some((t) => t.input instanceof vscode.TabInputTextDiff)), 'the proposal is closed');
      await waitFor('the incidents to count as reports', async () => (await api.server.reports()).some((r) => r.uri.endsWith('2026-09-14-dns-timeouts.md')));

      // Again, with a file of the team's own: a cancelled proposal writes nothing, and a file changed meanwhile is never overwritten.
      const own = '# Ours\nrules:\n  blame-language: off\n';
      // What the editor holds of .aar.yml is what the set-up reads: written on disk, it follows shortly.
      const heldAs = (text: string) => () => {
        const held = vscode.workspace.textDocuments.find((d) => d.uri.toString() === teamUri.toString());
        return !held || held.getText() === text;
      };
      await vscode.workspace.fs.writeFile(teamUri, new TextEncoder().encode(own));
      await waitFor('the editor to hold the team file as written', heldAs(own));
      const cancelled = await vscode.commands.executeCommand<{ outcome: string }>('aar.setUpRepository', { confirm: 'cancel' });
      assert.equal(cancelled.outcome, 'cancelled');
      assert.equal(new TextDecoder().decode(await vscode.workspace.fs.readFile(teamUri)), own);
      let answerLater!: (a: 'write' | 'cancel') => void;
      const later = vscode.commands.executeCommand<{ outcome: string }>('aar.setUpRepository', { confirm: new Promise<'write' | 'cancel'>((resolve) => (answerLater = resolve)) });
      const merged = await waitFor('the proposal merged into the team file', () =>
        vscode.window.tabGroups.all.flatMap((g) => g.tabs).find((t) => t.input instanceof vscode.TabInputTextDiff),
      );
      const mergedText = (await vscode.workspace.openTextDocument((merged.input as vscode.TabInputTextDiff).modified)).getText();
      assert.ok(mergedText.startsWith('# Ours\nrules:\n  blame-language: off\n'), mergedText);
      const meanwhile = `${own}# changed meanwhile\n`;
      await vscode.workspace.fs.writeFile(teamUri, new TextEncoder().encode(meanwhile));
      await waitFor('the editor to hold the change', heldAs(meanwhile));
      answerLater('write');
      assert.equal((await later).outcome, 'stale');
      assert.equal(new TextDecoder().decode(await vscode.workspace.fs.readFile(teamUri)), meanwhile);
    } finally {
      for (const document of vscode.workspace.textDocuments.filter((d) => d.isDirty)) {
        await vscode.window.showTextDocument(document);
        await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
      }
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      await vscode.workspace.fs.writeFile(teamUri, new TextEncoder().encode(original));
      await vscode.workspace.fs.delete(fileUri('docs'), { recursive: true });
    }
  });

  it('offers each snippet once, and an inserted action or action table is no error until it is filled in', async () => {
    const draft = fileUri('after-action-reports/2026-12-02-snippets.md');
    const head = '---\ntype: after-action-report\ntitle: Snippets\ndate: 2026-11-20\n---\n# Snippets\n\n## Summary\n\nTried.\n\n## Actions\n\n';
    await vscode.workspace.fs.writeFile(draft, Buffer.from(`${head}aar\n`));
    try {
      const editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(draft));
      const typed = new vscode.Position(13, 3);
      const items = (await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', draft, typed)).items;
      const snippets = items.filter((i) => i.kind === vscode.CompletionItemKind.Snippet).map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
      assert.deepEqual([...snippets].sort(), ['aar-action', 'aar-action-table', 'aar-improvement', 'aar-outcome', 'aar-report']);

      // The snippets as inserted, tab stops at their defaults: what a person sees before typing over them.
      await editor.edit((edit) => edit.delete(new vscode.Range(13, 0, 13, 3)));
      editor.selection = new vscode.Selection(13, 0, 13, 0);
      await vscode.commands.executeCommand('editor.action.insertSnippet', { langId: 'markdown', name: 'AAR action' });
      await vscode.commands.executeCommand('leaveSnippet');
      await vscode.commands.executeCommand('cursorBottom');
      await vscode.commands.executeCommand('type', { text: '\n\n' });
      await vscode.commands.executeCommand('editor.action.insertSnippet', { langId: 'markdown', name: 'AAR action table' });
      await vscode.commands.executeCommand('leaveSnippet');
      const text = editor.document.getText();
      assert.match(text, /^- \[ \] action @owner due:\d{4}-\d{2}-\d{2}$/m);
      assert.match(text, /^\| action \| @owner \| \d{4}-\d{2}-\d{2} \| open \|$/m);
      const problems = await waitFor('the inserted snippets checked', async () => {
        const found = aarDiagnostics(draft);
        return found.some((d) => codeOf(d) === 'duplicate-action') ? found : undefined;
      });
      // The two actions repeat each other (a warning, which says the analysis ran); nothing on their lines is an error.
      const errors = problems.filter((d) => d.severity === vscode.DiagnosticSeverity.Error && d.range.start.line >= 13);
      assert.deepEqual(errors.map((d) => `${d.range.start.line + 1} ${codeOf(d)}: ${d.message}`), []);
    } finally {
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
      await vscode.workspace.fs.delete(draft);
    }
    // Deleted, the report leaves the views, though VS Code may hold its closed document for a while.
    await waitFor('the deleted report to leave Reviews', async () => !(await api.reviews.snapshot()).reports.some((r) => r.uri === draft.toString()));
    if (canTypeInWindow()) {
      let shown = '';
      await waitFor('the Reviews view on screen without the deleted report', async () => !(shown = await sideBarText()).includes('Snippets')).catch(() =>
        assert.fail(`the sidebar still shows the deleted report: ${shown.slice(0, 400)}`),
      );
    }
  });

  it('fix all fixes what can be fixed without a choice and keeps every word', async () => {
    const editor = await open(BETA);
    const uri = editor.document.uri;
    await waitFor('the missing-section error', () => findings(uri).some((f) => f.endsWith('missing-section')));
    const before = editor.document.getText();
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
      'vscode.executeCodeActionProvider',
      uri,
      new vscode.Range(0, 0, 0, 0),
      'source.fixAll.aar',
    );
    const fixAll = actions.find((a) => a.kind?.value === 'source.fixAll.aar');
    assert.ok(fixAll?.edit, `a fix-all action; got ${actions.map((a) => a.title).join(' | ')}`);
    assert.ok(await vscode.workspace.applyEdit(fixAll.edit));
    await waitFor('the missing-section error to go', () => !findings(uri).some((f) => f.endsWith('missing-section')));
    const after = editor.document.getText();
    for (const word of before.split(/\s+/).filter(Boolean)) assert.ok(after.includes(word), `"${word}" survives`);
    assert.match(after, /^## Actions$/m);
  });

  it('a settings change updates the diagnostics', async () => {
    const editor = await open(SEARCH_OUTAGE);
    const uri = editor.document.uri;
    const config = () => vscode.workspace.getConfiguration('afterActionReports', uri);
    await waitFor('the unknown-owner warning', () => aarDiagnostics(uri).find((d) => codeOf(d) === 'unknown-owner'));
    try {
      await config().update('rules', { 'unknown-owner': 'off' }, vscode.ConfigurationTarget.Workspace);
      await waitFor('unknown-owner to be switched off', () => !aarDiagnostics(uri).some((d) => codeOf(d) === 'unknown-owner'));
      await config().update('rules', { 'unknown-owner': 'error' }, vscode.ConfigurationTarget.Workspace);
      const raised = await waitFor('unknown-owner as an error', () =>
        aarDiagnostics(uri).find((d) => codeOf(d) === 'unknown-owner' && d.severity === vscode.DiagnosticSeverity.Error),
      );
      assert.equal(raised.range.start.line, 57);
    } finally {
      await config().update('rules', undefined, vscode.ConfigurationTarget.Workspace);
    }
  });

  it('a setting still set under its old aar name takes effect, and the afterActionReports name wins over it', async () => {
    const editor = await open(SEARCH_OUTAGE);
    const uri = editor.document.uri;
    const old = () => vscode.workspace.getConfiguration('aar', uri);
    const current = () => vscode.workspace.getConfiguration('afterActionReports', uri);
    await waitFor('the unknown-owner warning', () => aarDiagnostics(uri).find((d) => codeOf(d) === 'unknown-owner'));
    try {
      // As a workspace's settings.json written before the rename has it: read by the server…
      await old().update('rules', { 'unknown-owner': 'off' }, vscode.ConfigurationTarget.Workspace);
      await waitFor('unknown-owner to be switched off by aar.rules', () => !aarDiagnostics(uri).some((d) => codeOf(d) === 'unknown-owner'));
      // …and by the client (Show Only My Actions).
      await old().update('me', 'jonas', vscode.ConfigurationTarget.Workspace);
      await vscode.commands.executeCommand('aar.actions.groupByReport');
      await vscode.commands.executeCommand('aar.actions.showMine');
      const rows = allRows(await api.actions.snapshot());
      assert.ok(rows.length >= 2 && rows.every((r) => r.description.startsWith('@jonas')), JSON.stringify(rows));

      await current().update('rules', { 'unknown-owner': 'error' }, vscode.ConfigurationTarget.Workspace);
      await waitFor('unknown-owner as an error, from afterActionReports.rules', () =>
        aarDiagnostics(uri).find((d) => codeOf(d) === 'unknown-owner' && d.severity === vscode.DiagnosticSeverity.Error),
      );
    } finally {
      await vscode.commands.executeCommand('aar.actions.showEveryone');
      await vscode.commands.executeCommand('aar.actions.groupByOwner');
      await old().update('rules', undefined, vscode.ConfigurationTarget.Workspace);
      await old().update('me', undefined, vscode.ConfigurationTarget.Workspace);
      await current().update('rules', undefined, vscode.ConfigurationTarget.Workspace);
    }
    await waitFor('unknown-owner as a warning again', () =>
      aarDiagnostics(uri).find((d) => codeOf(d) === 'unknown-owner' && d.severity === vscode.DiagnosticSeverity.Warning),
    );
  });

  it('the Settings editor shows the settings as After Action Reports settings, not "Aar: …"', async function () {
    needsBrowserHarness(this, 'reading the Settings editor');
    const shown = async (query: string, expected: string) => {
      await vscode.commands.executeCommand('workbench.action.openSettings', query);
      return waitFor(`"${expected}" in the Settings editor`, async () => {
        const text = await windowText('.settings-editor .settings-body');
        return text.includes(expected) ? text : undefined;
      });
    };
    // The extension's settings, as its gear menu's "Settings" opens them (the first ones, alphabetically, fill the window).
    const own = await shown(`@ext:${EXTENSION_ID}`, 'Max File Size');
    await quietScreenshot('settings-extension');
    for (const label of ['Max File Size', 'Max Problems Per File', 'Me']) assert.match(own, new RegExp(`^After Action Reports: ${label}$`, 'm'), label);
    assert.doesNotMatch(own, /\bAar\b/);
    // A search across every setting.
    const found = await shown('max file size', 'After Action Reports: Max File Size');
    assert.doesNotMatch(found, /\bAar\b/);
  });

  it('shows at most afterActionReports.maxProblemsPerFile problems, errors first, and says how many more there are', async () => {
    const editor = await open(SEARCH_OUTAGE);
    const uri = editor.document.uri;
    const config = () => vscode.workspace.getConfiguration('afterActionReports', uri);
    const all = await waitFor("the report's problems", () => {
      const shown = aarDiagnostics(uri);
      return shown.length >= 4 ? shown : undefined;
    });
    const errors = all.filter((d) => d.severity === vscode.DiagnosticSeverity.Error);
    assert.ok(errors.length >= 2, `two errors to keep (${errors.length})`);
    try {
      await config().update('maxProblemsPerFile', 3, vscode.ConfigurationTarget.Workspace);
      const limited = await waitFor('three problems', () => {
        const shown = aarDiagnostics(uri);
        return shown.length === 3 ? shown : undefined;
      });
      const note = limited.find((d) => codeOf(d) === 'problem-limit');
      assert.ok(note, 'a note in the Problems view');
      assert.equal(note.message.split(' ')[0], String(all.length - 2), note.message);
      assert.deepEqual(
        limited.filter((d) => d !== note).map((d) => d.severity),
        [vscode.DiagnosticSeverity.Error, vscode.DiagnosticSeverity.Error],
        'the errors come first',
      );
    } finally {
      await config().update('maxProblemsPerFile', undefined, vscode.ConfigurationTarget.Workspace);
    }
    await waitFor('every problem again', () => aarDiagnostics(uri).length === all.length);
  });

  it('aar.newReview with arguments creates a report from the template and never overwrites', async () => {
    const args = { title: 'Release 2.5: checkout', trigger: 'release', milestone: 'v2.5.0' };
    const first = await vscode.commands.executeCommand<vscode.Uri>('aar.newReview', args);
    assert.equal(vscode.workspace.asRelativePath(first), 'after-action-reports/2026-11-26-release-2-5-checkout.md');
    const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(first));
    assert.match(text, /^title: "Release 2\.5: checkout"(\s+#.*)?$/m);
    assert.match(text, /^milestone: "?v2\.5\.0"?(\s+#.*)?$/m);
    assert.match(text, /^date: "?2026-11-26"?(\s+#.*)?$/m);
    const editor = vscode.window.activeTextEditor!;
    assert.equal(editor.document.uri.toString(), first.toString());
    const cursorLine = editor.selection.active.line;
    const above = editor.document.getText(new vscode.Range(0, 0, cursorLine, 0));
    assert.match(above.split(/\n#+ /).pop() ?? '', /^Summary/, 'the cursor is in the Summary');
    await waitFor('the new report to be listed in Reviews', async () =>
      (await api.reviews.snapshot()).reports.some((r) => r.uri === first.toString() && r.label === 'Release 2.5: checkout'),
    );
    // A fresh draft is not a wall of warnings: its empty sections are what is still to write.
    await waitFor('the new review to be analysed', () => aarDiagnostics(first).length > 0);
    assert.deepEqual(
      aarDiagnostics(first).filter((d) => d.severity !== vscode.DiagnosticSeverity.Information).map((d) => d.message),
      [],
      'a new review has no warning or error',
    );
    await quietScreenshot('new-review');

    const second = await vscode.commands.executeCommand<vscode.Uri>('aar.newReview', args);
    assert.equal(vscode.workspace.asRelativePath(second), 'after-action-reports/2026-11-26-release-2-5-checkout-2.md');
    assert.equal(new TextDecoder().decode(await vscode.workspace.fs.readFile(first)), text, 'the first file is untouched');

    const hostile = await vscode.commands.executeCommand<vscode.Uri>('aar.newReview', { title: '../../etc/passwd', folder: 'reviews/2026', open: false });
    assert.match(vscode.workspace.asRelativePath(hostile), /^reviews\/2026\/2026-11-26-[a-z0-9-]+\.md$/);
    const outside = await vscode.commands.executeCommand<vscode.Uri | undefined>('aar.newReview', { title: 'Escape', folder: '../outside', open: false });
    assert.equal(outside, undefined, 'a folder outside the workspace is refused');
  });

  it('aar.newReview asks for the trigger, the title and the milestone, as typed, and opens the new review', async function () {
    needsBrowserHarness(this, 'typing into the quick input');
    const created = vscode.commands.executeCommand<vscode.Uri | undefined>('aar.newReview');
    await sleep(800);
    // (1/3) the trigger: typing filters the team's triggers; (2/3) the title; (3/3) no milestone.
    await typeInWindow('incident');
    await typeInWindow('Checkout errors on Friday');
    await typeInWindow('');
    const uri = await created;
    assert.ok(uri, 'a review was created');
    try {
      assert.equal(vscode.workspace.asRelativePath(uri), 'after-action-reports/2026-11-26-checkout-errors-on-friday.md');
      const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
      assert.match(text, /^title: "?Checkout errors on Friday"?(\s+#.*)?$/m);
      assert.match(text, /^trigger: "?incident"?(\s+#.*)?$/m);
      assert.doesNotMatch(text, /^milestone: "?v/m, 'no milestone was given');
      assert.equal(vscode.window.activeTextEditor?.document.uri.toString(), uri.toString(), 'it is open');
    } finally {
      // The other tests count the workspace's reports.
      await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
      await vscode.workspace.fs.delete(uri);
    }
  });

  it('aar.newReview offers the release tags that await a review as milestones, newest first', async function () {
    needsBrowserHarness(this, 'typing into the quick input');
    const created = vscode.commands.executeCommand<vscode.Uri | undefined>('aar.newReview');
    await sleep(800);
    await typeInWindow('release');
    await typeInWindow('Release 2.6 of the checkout');
    // (3/3) the milestone: the tags awaiting a review are offered; Enter takes the first.
    const offered = await windowText('.quick-input-widget .quick-input-list');
    assert.match(offered, /v2\.6\.0/);
    assert.match(offered, /No milestone/);
    await typeInWindow('');
    const uri = await created;
    assert.ok(uri, 'a review was created');
    try {
      const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
      assert.match(text, /^milestone: "?v2\.6\.0"?(\s+#.*)?$/m);
    } finally {
      await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
      await vscode.workspace.fs.delete(uri);
    }
    // The tests below start from v2.6.0 awaiting its review again.
    await waitFor('v2.6.0 awaiting a review again', async () => (await api.server.releasesDue()).some((r) => r.tag === 'v2.6.0'));
  });

  it('Reviews Due lists the release tags no report covers, and Start Review creates one for it', async () => {
    // v2.4.0 is the release report's milestone and v2.5.0 the new review's (test above); nightly-1 matches no trigger.
    const due = await waitFor('v2.6.0 alone awaiting a review', async () => {
      const { releases } = await api.releasesDue.snapshot();
      return releases.length === 1 && releases[0].tag === 'v2.6.0' ? releases : (api.releasesDue.refresh(), undefined);
    });
    assert.equal(due[0].description, 'tagged 3 days ago · no review yet');
    // A count beside the view's name, not a badge: the activity bar's badge counts open actions only.
    assert.equal((await api.releasesDue.snapshot()).viewDescription, '1 awaiting a review');
    // One click: the only question is the title, offered as "Release v2.6.0"; Enter accepts it.
    const started = vscode.commands.executeCommand<vscode.Uri | undefined>('aar.startReviewForRelease', (await api.server.releasesDue())[0]);
    await sleep(800);
    await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
    const created = await started;
    assert.ok(created, 'a review was created');
    assert.equal(vscode.workspace.asRelativePath(created), 'after-action-reports/2026-11-26-release-v2-6-0.md');
    const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(created));
    assert.match(text, /^milestone: "?v2\.6\.0"?(\s+#.*)?$/m);
    assert.match(text, /^trigger: "?release"?(\s+#.*)?$/m);
    const after = await waitFor('no release left awaiting a review', async () => {
      const snapshot = await api.releasesDue.snapshot();
      return snapshot.releases.length === 0 ? snapshot : (api.releasesDue.refresh(), undefined);
    });
    assert.equal(after.viewDescription, undefined);
  });

  it('moves a review along its lifecycle, and refuses with reasons while errors remain', async () => {
    const editor = await open(SEARCH_OUTAGE);
    await waitFor('the search outage analysed', () => findings(editor.document.uri).length > 0);
    const refused = await vscode.commands.executeCommand<{ outcome: string; to?: string; reasons?: string[] }>('aar.moveReviewAlong', editor.document.uri);
    assert.equal(refused.outcome, 'refused');
    assert.equal(refused.to, 'approved');
    assert.ok(refused.reasons!.some((r) => /^line 56: /.test(r)), refused.reasons!.join('\n'));
    assert.equal(editor.document.isDirty, false, 'nothing was written');

    const fresh = await vscode.commands.executeCommand<vscode.Uri>('aar.newReview', { title: 'Lifecycle check', trigger: 'learning' });
    const draft = await vscode.workspace.openTextDocument(fresh);
    await waitFor('the new review analysed', () => api.server.running && vscode.languages.getDiagnostics(fresh).length >= 0);
    const moved = await vscode.commands.executeCommand<{ outcome: string; from?: string; to?: string }>('aar.moveReviewAlong', fresh);
    assert.deepEqual(moved, { outcome: 'applied', from: 'draft', to: 'in-review' });
    assert.match(draft.getText(), /^status: "?in-review"?(\s+#.*)?$/m);
    assert.equal(draft.isDirty, true, 'left for the user to look at and save');
  });

  it('shows the stakeholder summary of a report beside it, with its chart, and saves it without overwriting', async () => {
    const editor = await open(SEARCH_OUTAGE);
    const summary = await vscode.commands.executeCommand<{ title: string; html: string; markdown: string; chartSvg: string }>('aar.showStakeholderSummary', editor.document.uri);
    assert.equal(summary.title, 'Product search returned no results');
    assert.match(summary.html, /<svg[\s\S]*role="img"/);
    assert.doesNotMatch(summary.html, /https?:\/\//);
    assert.match(summary.markdown, /\| Owner \| Action \| Due \| Status \|/);
    await waitFor('the summary tab', () =>
      vscode.window.tabGroups.all.flatMap((g) => g.tabs).find((t) => t.label === 'Summary: Product search returned no results'),
    );
    // The summary alone in the window, as a stakeholder would read it.
    await vscode.commands.executeCommand('workbench.action.closeSidebar');
    await vscode.commands.executeCommand('workbench.action.focusRightGroup');
    await vscode.commands.executeCommand('workbench.action.closeEditorsInOtherGroups');
    await vscode.commands.executeCommand('workbench.action.closePanel');
    try {
      await quietScreenshot('stakeholder-summary', 1500);
    } finally {
      await vscode.commands.executeCommand('workbench.view.extension.aar');
    }

    const target = vscode.Uri.joinPath(root, 'summaries', 'search-outage.md');
    const saved = await vscode.commands.executeCommand<vscode.Uri | undefined>('aar.saveStakeholderSummary', editor.document.uri, target);
    assert.equal(saved?.toString(), target.toString());
    const markdown = new TextDecoder().decode(await vscode.workspace.fs.readFile(target));
    assert.match(markdown, /!\[[^\]]*\]\(search-outage\.svg\)/);
    assert.match(new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(root, 'summaries', 'search-outage.svg'))), /^<svg/);
    const again = await vscode.commands.executeCommand<vscode.Uri | undefined>('aar.saveStakeholderSummary', editor.document.uri, target);
    assert.equal(again, undefined, 'an existing file is not replaced');
  });

  it('shows the effective configuration and where it came from', async () => {
    const document = await vscode.commands.executeCommand<vscode.TextDocument>('aar.showEffectiveConfig', fileUri(SEARCH_OUTAGE));
    const text = document.getText();
    // Relative to the workspace folder, as the Explorer shows it.
    assert.match(text, /^- Team configuration: \.aar\.yml$/m);
    // The report names its own Delivery Owner; the folder's comes from .aar.yml.
    assert.match(text, /^- Delivery Owner: @tom \(the report\)$/m);
    assert.match(text, /^- Tom Lindqvist @tom <tom\.lindqvist@example\.com> — Delivery Owner$/m);
    assert.match(text, /^\| vague-action \| warning \|$/m);
    const folder = (await vscode.commands.executeCommand<vscode.TextDocument>('aar.showEffectiveConfig', root)).getText();
    assert.match(folder, /^- Maya Okafor @maya <maya\.okafor@example\.com> — Delivery Owner$/m);
    // A read-only Markdown document, not an unsaved one that asks to be saved when closed.
    assert.equal(document.languageId, 'markdown');
    assert.equal(document.isUntitled, false);
    assert.equal(document.isDirty, false);
    // Typed into, the editor refuses: closing it then asks nothing.
    const shown = vscode.window.activeTextEditor!;
    assert.equal(shown.document.uri.scheme, 'aar-config');
    // Named after the folder, not its whole path.
    assert.equal(shown.document.uri.path, `/Effective configuration of ${vscode.workspace.workspaceFolders![0].name}.md`);
    const before = shown.document.getText();
    await vscode.commands.executeCommand('type', { text: 'typed over ' });
    assert.equal(shown.document.getText(), before);
    assert.equal(shown.document.isDirty, false);
  });

  it('the Reviews view lists each report with its status and problems', async () => {
    const search = await waitFor('the search outage as on disk', async () =>
      (await api.reviews.snapshot()).reports.find(
        (r) => r.label === 'Product search returned no results' && / · 2 errors, 2 warnings, 1 info · /.test(r.description),
      ),
    );
    assert.match(search.description, /^in-review · 2 errors, 2 warnings, 1 info · 4 open actions \(1 overdue\)$/);
    assert.equal(search.icon, 'error');
    const files = (await api.reviews.snapshot()).reports.map((r) => vscode.workspace.asRelativePath(vscode.Uri.parse(r.uri)));
    for (const example of [SEARCH_OUTAGE, SPRINT_RETRO, BETA, 'after-action-reports/2026-10-14-release-2.4.md']) assert.ok(files.includes(example), files.join(', '));
    assert.ok(!files.includes('README.md'), 'a Markdown file that is not a report is not listed');
  });

  it('survives the language server being killed: it restarts and diagnostics come back', async () => {
    const processOf = () => (api.client as unknown as { _serverProcess?: ChildProcess })._serverProcess;
    const pid = processOf()?.pid;
    assert.ok(pid, 'the server runs in its own process');
    // Started with the Node options that leave a core to the thread answering the editor (docs/architecture.md).
    const started = processOf()?.spawnargs ?? [];
    assert.ok(serverNodeOptions.execArgv.every((option) => started.includes(option)), `the server's Node options are ${serverNodeOptions.execArgv.join(' ')}: ${started.join(' ')}`);
    process.kill(pid, 'SIGKILL');
    const newPid = await waitFor('a new server process', () => api.server.running && processOf()?.pid !== pid && processOf()?.pid, 30_000);
    assert.notEqual(newPid, pid);
    const editor = await open(SEARCH_OUTAGE);
    await waitFor('diagnostics after the restart', () => findings(editor.document.uri).includes('56 action-missing-owner'), 30_000);
    const actions = await api.server.openActions();
    assert.ok(actions.length > 0);
  });
});
