// Protocol tests: the bundled server (dist/server.js) spawned over stdio, spoken to as an editor
// would, on a temporary workspace of real report files.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type {
  CodeAction,
  CompletionItem,
  Diagnostic,
  DocumentSymbol,
  Hover,
  MarkupContent,
  PublishDiagnosticsParams,
  TextDocumentEdit,
} from 'vscode-languageserver-protocol';
import { URI } from 'vscode-uri';
import { DiagnosticSeverity, SymbolKind } from 'vscode-languageserver-protocol';
import type { ActionEditResult, ActionGroupsResult, EffectiveConfig, NewReviewTextResult, OpenAction, ReportInfo, SetupProposal } from '../../server/src/protocol';
import type { Person } from '../../server/src/core/types';
import { groupActions } from '../../server/src/actionGroups';
import { applyTextEdits, LspClient } from './helpers/lspClient';

const root = join(__dirname, '..', '..');
const fixtures = join(root, 'test', 'fixtures');
const TODAY = '2026-11-25';
const SETTINGS = { today: TODAY, roster: ['Alex Kim (@alex)'] };

interface IndexCounts {
  reports: number;
  openActions: number;
  overdueActions: number;
}

describe('language server over stdio', function () {
  this.timeout(60_000);
  let workspace: string;
  let client: LspClient;
  const uriOf = (relative: string) => URI.file(join(workspace, relative)).toString();
  const textOf = (relative: string) => readFileSync(join(workspace, relative), 'utf8');
  const versions = new Map<string, number>();

  async function open(relative: string): Promise<{ uri: string; text: string; published: PublishDiagnosticsParams }> {
    const uri = uriOf(relative);
    const text = textOf(relative);
    versions.set(uri, 1);
    await client.open(uri, text, 1);
    return { uri, text, published: await client.diagnostics(uri, (p) => p.version === 1) };
  }

  async function change(uri: string, text: string): Promise<PublishDiagnosticsParams> {
    const version = (versions.get(uri) ?? 1) + 1;
    versions.set(uri, version);
    await client.change(uri, version, text);
    return client.diagnostics(uri, (p) => p.version === version);
  }

  /** A report of one action for @kim, written at `relative` and opened; `listed`: whether the Open Actions list that action. */
  async function openKimsReport(relative: string, title: string, action: string) {
    const text = `---\ntype: after-action-report\n---\n# ${title}\n\n## Summary\n\nSoon deleted.\n\n## Actions\n\n- [ ] ${action} @kim due:2027-01-10\n`;
    const file = join(workspace, relative);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, text);
    const { uri } = await open(relative);
    const listed = async () => (await client.request<OpenAction[]>('aar/openActions', { owner: '@kim' })).some((a) => a.text === action);
    return { file, text, uri, listed };
  }

  const lineOf = (text: string, prefix: string) => {
    const line = text.split('\n').findIndex((l) => l.startsWith(prefix));
    assert.ok(line >= 0, `no line starts with ${prefix}`);
    return line;
  };

  before(() => {
    execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: root, stdio: 'inherit' });
    workspace = mkdtempSync(join(tmpdir(), 'aar-server-'));
    const copy = (from: string, to: string) => {
      mkdirSync(dirname(join(workspace, to)), { recursive: true });
      copyFileSync(join(fixtures, from), join(workspace, to));
    };
    copy('team/.aar.yml', '.aar.yml');
    copy('release-2.4.aar.md', 'release-2.4.aar.md');
    copy('team/reviews/2026-q3-wash-up.md', 'reviews/2026-q3-wash-up.md');
    copy('sprint-31-retro.md', 'retros/sprint-31-retro.md');
    copy('phoenix-sprint-14.aar.md', 'phoenix-sprint-14.aar.md');
    copy('meeting-notes.md', 'notes/meeting-notes.md');
    client = LspClient.start(join(root, 'dist', 'server.js'));
  });

  after(() => {
    client?.kill();
    if (workspace) rmSync(workspace, { recursive: true, force: true });
  });

  it('initializes with the features it serves', async () => {
    const result = await client.initialize({ uri: URI.file(workspace).toString(), name: 'ws' }, { ...SETTINGS });
    const caps = result.capabilities;
    assert.ok(caps.hoverProvider);
    assert.ok(caps.documentSymbolProvider);
    assert.deepEqual(caps.completionProvider?.triggerCharacters?.includes('@'), true);
    assert.ok(
      typeof caps.codeActionProvider === 'object' && caps.codeActionProvider.codeActionKinds?.includes('source.fixAll.aar'),
    );
  });

  it('publishes diagnostics on open: rule ids as codes, source aar, a docs link, exact ranges, the team config applied', async () => {
    const { text, published } = await open('release-2.4.aar.md');
    const diagnostics = published.diagnostics;
    // What the fixture's inline markers expect, less blame-language, which the team's .aar.yml turns off.
    const expected = text
      .split('\n')
      .flatMap((line, i) => [...(/<!-- expect: ([^>]*?) -->/.exec(line)?.[1].split(/\s+/) ?? [])].map((code) => `${i}:${code}`))
      .filter((e) => !e.endsWith(':blame-language'))
      .sort();
    const actual = diagnostics.map((d) => `${d.range.start.line}:${d.code}`).sort();
    assert.deepEqual(actual, expected);
    for (const d of diagnostics) {
      assert.equal(d.source, 'aar');
      const href = d.codeDescription?.href ?? '';
      assert.ok(href.endsWith(`/docs/rules/${d.code}.md`), href);
      assert.ok(existsSync(fileURLToPath(href)), `${href} exists`);
    }
    const line = lineOf(text, '- [ ] Add a pre-release check');
    const unowned = diagnostics.find((d) => d.code === 'action-missing-owner' && d.range.start.line === line)!;
    assert.equal(unowned.severity, 1);
    const lineText = text.split('\n')[line];
    assert.equal(lineText.slice(unowned.range.start.character, unowned.range.end.character).startsWith('Add a pre-release check'), true);
  });

  it('publishes no diagnostics for a Markdown file that is not a report', async () => {
    const { published } = await open('notes/meeting-notes.md');
    assert.deepEqual(published.diagnostics, []);
  });

  it('offers a quick fix that assigns an owner; applied, the diagnostic goes', async () => {
    const { uri, text } = await open('reviews/2026-q3-wash-up.md');
    const wash = await change(uri, text.replace('- [ ] Keep an eye on it @dana', '- [ ] Rotate the on-call rota monthly'));
    const line = lineOf(text, '- [ ] Keep an eye on it');
    const unowned = wash.diagnostics.find((d) => d.code === 'action-missing-owner' && d.range.start.line === line);
    assert.ok(unowned, 'the edited action has no owner');
    const actions = await client.request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri },
      range: unowned.range,
      context: { diagnostics: [unowned], only: ['quickfix'] },
    });
    const assign = actions.find((a) => a.edit && a.diagnostics?.[0]?.code === 'action-missing-owner');
    assert.ok(assign, `a quick fix with an edit among: ${actions.map((a) => a.title).join('; ')}`);
    assert.equal(assign.kind, 'quickfix');
    assert.deepEqual(assign.diagnostics?.[0], unowned);
    const [edit] = assign.edit!.documentChanges as TextDocumentEdit[];
    assert.deepEqual(edit.textDocument, { uri, version: 2 });
    // The prompting fix runs the client's command, told which version it was offered for.
    const prompt = actions.find((a) => a.command?.command === 'aar.assignOwner');
    assert.ok(prompt);
    assert.deepEqual(prompt.diagnostics?.[0], unowned);
    assert.equal((prompt.command!.arguments![0] as { uri: string; version: number; line: number }).version, 2);
    assert.equal((prompt.command!.arguments![0] as { line: number }).line, line);
    // Asked for everything (the light-bulb menu), each choice is listed once.
    const menu = await client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: unowned.range, context: { diagnostics: [unowned] } });
    const titles = menu.map((a) => a.title);
    assert.deepEqual(titles, [...new Set(titles)], `duplicates among: ${titles.join('; ')}`);
    assert.ok(titles.some((t) => /done/i.test(t)), `mark done is offered among: ${titles.join('; ')}`);
    const fixed = applyTextEdits(text.replace('- [ ] Keep an eye on it @dana', '- [ ] Rotate the on-call rota monthly'), edit.edits);
    assert.match(fixed.split('\n')[line], /^- \[ \] Rotate the on-call rota monthly .*@\w+/);
    const after = await change(uri, fixed);
    assert.equal(
      after.diagnostics.some((d) => d.code === 'action-missing-owner' && d.range.start.line === line),
      false,
    );
  });

  it('fixes all it can with one versioned source.fixAll.aar edit', async () => {
    const { uri, text, published } = await open('phoenix-sprint-14.aar.md');
    assert.ok(published.diagnostics.some((d) => d.code === 'missing-section'));
    const fixAll = await client.request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri },
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      context: { diagnostics: [], only: ['source.fixAll.aar'] },
    });
    assert.equal(fixAll.length, 1);
    assert.equal(fixAll[0].kind, 'source.fixAll.aar');
    const [edit] = fixAll[0].edit!.documentChanges as TextDocumentEdit[];
    assert.deepEqual(edit.textDocument, { uri, version: 1 });
    const fixed = applyTextEdits(text, edit.edits);
    assert.notEqual(fixed, text);
    const after = await change(uri, fixed);
    assert.equal(after.diagnostics.some((d) => d.code === 'missing-section'), false);
    const again = await client.request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri },
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      context: { diagnostics: [], only: ['source.fixAll.aar'] },
    });
    assert.deepEqual(again, [], 'nothing is left to fix');
  });

  it('completes owners after @ from the report, the team file and the settings', async () => {
    const uri = uriOf('release-2.4.aar.md');
    const text = textOf('release-2.4.aar.md').replace('- [ ] Be more careful @sam', '- [ ] Write the release notes @\n- [ ] Be more careful @sam');
    await change(uri, text);
    const line = lineOf(text, '- [ ] Write the release notes @');
    const result = await client.request<CompletionItem[]>('textDocument/completion', {
      textDocument: { uri },
      position: { line, character: '- [ ] Write the release notes @'.length },
      context: { triggerKind: 2, triggerCharacter: '@' },
    });
    const labels = [...result].sort((a, b) => (a.sortText ?? '').localeCompare(b.sortText ?? '')).map((i) => i.label);
    assert.equal(labels[0], '@dana', 'the Delivery Owner comes first');
    for (const who of ['@sam', '@lee', '@kim', '@alex']) assert.ok(labels.includes(who), `${who} in ${labels.join(', ')}`);
  });

  it('hovers a section heading with what belongs in it, and an owner with their open actions across the workspace', async () => {
    const uri = uriOf('release-2.4.aar.md');
    const text = textOf('release-2.4.aar.md');
    await change(uri, text);
    const heading = await client.request<Hover>('textDocument/hover', {
      textDocument: { uri },
      position: { line: lineOf(text, '## Actions'), character: 4 },
    });
    assert.match((heading.contents as MarkupContent).value, /Actions section/);
    const line = lineOf(text, '- [ ] Be more careful @sam');
    const owner = await client.request<Hover>('textDocument/hover', {
      textDocument: { uri },
      position: { line, character: text.split('\n')[line].indexOf('@sam') + 1 },
    });
    const value = (owner.contents as MarkupContent).value;
    assert.match(value, /\*\*@sam\*\*/);
    // From a report that was never opened.
    assert.match(value, /Write success criteria for every pilot before it starts — \*Q3 wash-up: data platform\* — due 2026-12-18/);
  });

  it('adds the report\'s actions to the outline, and no heading (the Markdown outline has those)', async () => {
    const uri = uriOf('release-2.4.aar.md');
    const symbols = await client.request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri } });
    assert.equal(symbols.length, 8);
    assert.ok(symbols.every((s) => s.kind === SymbolKind.Event), 'actions only');
    assert.equal(symbols[0].name, 'Rehearse every migration against a production snapshot');
    assert.equal(symbols[0].detail, '@sam · due 2026-12-05 · open');
  });

  it('lists open actions of files that were never opened, sorted by due date', async () => {
    const all = await client.request<OpenAction[]>('aar/openActions', {});
    const fromWashUp = all.find((a) => a.text === 'Write success criteria for every pilot before it starts');
    assert.ok(fromWashUp);
    assert.equal(fromWashUp.uri, uriOf('reviews/2026-q3-wash-up.md'));
    assert.equal(fromWashUp.report, 'Q3 wash-up: data platform');
    assert.equal(fromWashUp.owner, '@sam');
    assert.equal(fromWashUp.due, '2026-12-18');
    assert.equal(fromWashUp.overdue, false);
    const dues = all.map((a) => a.due ?? '9999');
    assert.deepEqual(dues, [...dues].sort());
    assert.equal(all.some((a) => a.uri === uriOf('notes/meeting-notes.md')), false, 'no actions from a file that is not a report');

    const overdue = await client.request<OpenAction[]>('aar/openActions', { overdueOnly: true });
    assert.ok(overdue.length > 0);
    assert.ok(overdue.every((a) => a.overdue && a.due! < TODAY));
    assert.ok(overdue.some((a) => a.text === 'Review pull requests within four hours' && a.owner === '@omar'));

    const sams = await client.request<OpenAction[]>('aar/openActions', { owner: 'sam' });
    assert.ok(sams.length >= 2);
    assert.ok(sams.every((a) => a.owner === '@sam'));
  });

  it('groups the open actions for the sidebar and pages a group’s rows, in the order of the whole list', async () => {
    const all = await client.request<OpenAction[]>('aar/openActions', {});
    assert.ok(all.length > 2, `open actions in the workspace: ${all.length}`);
    for (const groupBy of ['owner', 'report', 'due'] as const) {
      const { groups, total, overdue } = await client.request<ActionGroupsResult>('aar/actionGroups', { groupBy, today: TODAY });
      const expected = groupActions(all, groupBy, TODAY);
      assert.deepEqual(
        groups.map((g) => [g.id, g.label, g.count, g.overdue]),
        expected.map((g) => [g.id, g.label, g.actions.length, g.overdue]),
      );
      assert.equal(total, all.length);
      assert.equal(overdue, all.filter((a) => a.overdue).length);
      for (const group of expected) {
        const rows = await client.request<OpenAction[]>('aar/openActions', { groupBy, today: TODAY, group: group.id });
        assert.deepEqual(rows, group.actions, `${groupBy}: ${group.label}`);
        // Page by page, the same rows.
        const pages: OpenAction[] = [];
        for (let offset = 0; offset < group.actions.length; offset += 2) {
          pages.push(...(await client.request<OpenAction[]>('aar/openActions', { groupBy, today: TODAY, group: group.id, offset, limit: 2 })));
        }
        assert.deepEqual(pages, group.actions);
      }
    }
    // The groups themselves page too (one per report, grouped by report): page by page, the same groups.
    const everyReport = await client.request<ActionGroupsResult>('aar/actionGroups', { groupBy: 'report', today: TODAY });
    assert.equal(everyReport.groupCount, everyReport.groups.length);
    const groupPages: ActionGroupsResult[] = [];
    for (let offset = 0; offset < everyReport.groupCount; offset++) {
      groupPages.push(await client.request<ActionGroupsResult>('aar/actionGroups', { groupBy: 'report', today: TODAY, offset, limit: 1 }));
    }
    assert.ok(groupPages.length > 1, 'more than one page of reports');
    assert.deepEqual(groupPages.flatMap((p) => p.groups), everyReport.groups);
    assert.ok(groupPages.every((p) => p.groupCount === everyReport.groupCount && p.total === everyReport.total && p.overdue === everyReport.overdue), 'every page counts all groups');
    assert.ok((await client.request<ActionGroupsResult>('aar/actionGroups', { groupBy: 'owner', today: TODAY })).groups.length > 2);
    const mine = await client.request<ActionGroupsResult>('aar/actionGroups', { groupBy: 'due', owner: '@sam', overdueOnly: true, today: TODAY });
    assert.equal(mine.total, all.filter((a) => a.owner === '@sam' && a.overdue).length);
    assert.deepEqual(mine.groups.map((g) => g.label), mine.total ? ['Overdue'] : []);
    assert.deepEqual(await client.request<OpenAction[]>('aar/openActions', { groupBy: 'owner', today: TODAY, group: 'owner:nobody-at-all' }), []);
  });

  it('drafts a new review and lists who an action can be assigned to, for a client without the engine', async () => {
    const draft = await client.request<NewReviewTextResult>('aar/newReviewText', { title: 'Release 9: checkout', date: TODAY, trigger: 'release', milestone: 'v9.0.0', deliveryOwner: '@sam' });
    assert.ok(draft.text.startsWith(`---\ntype: after-action-report\ntitle: "Release 9: checkout"\ndate: ${TODAY}\n`), draft.text);
    assert.match(draft.text, /delivery_owner: "?@sam"?/);
    assert.equal(draft.fileStem, `${TODAY}-release-9-checkout`);
    const lines = draft.text.split('\n');
    const headingAbove = lines.slice(0, draft.cursor.line + 1).reverse().find((l) => l.startsWith('#'));
    assert.equal(headingAbove, '## Summary', 'the cursor is in the summary');
    const custom = await client.request<NewReviewTextResult>('aar/newReviewText', { template: '# {{title}}\n\n## Summary\n\n', title: 'Wash-up', date: TODAY, trigger: '', milestone: '', deliveryOwner: '' });
    assert.equal(custom.text, '# Wash-up\n\n## Summary\n\n');

    const people = await client.request<Person[]>('aar/assignablePeople', { uri: uriOf('release-2.4.aar.md') });
    assert.ok(people[0]?.deliveryOwner, 'the report’s Delivery Owner first');
    assert.equal(people[0].source, 'report');
    assert.ok(people.some((p) => p.handle === 'alex' && p.source === 'workspace'), 'then the workspace roster (settings afterActionReports.roster)');
  });

  it('says whether each workspace folder is in a git repository, so that an empty Reviews Due can say why', async () => {
    const folder = URI.file(workspace).toString();
    assert.deepEqual(await client.request('aar/gitFolders', {}), [{ folderUri: folder, repository: false }]);
    execFileSync('git', ['init', '-q', workspace]);
    try {
      assert.deepEqual(await client.request('aar/gitFolders', {}), [{ folderUri: folder, repository: true }]);
    } finally {
      rmSync(join(workspace, '.git'), { recursive: true, force: true });
    }
  });

  it('re-reads its settings on a configuration change and checks open documents again', async () => {
    const uri = uriOf('release-2.4.aar.md');
    const before = await client.diagnostics(uri);
    assert.ok(before.diagnostics.some((d) => d.code === 'action-missing-owner'));
    const asked = client.configurationRequests;
    client.settings = { ...SETTINGS, rules: { 'action-missing-owner': 'off' } };
    await client.notify('workspace/didChangeConfiguration', { settings: null });
    const off = await client.diagnostics(uri, (p) => p.version === before.version && !p.diagnostics.some((d) => d.code === 'action-missing-owner'));
    assert.ok(client.configurationRequests > asked, 'the server asked for the configuration again');
    assert.ok(off.diagnostics.some((d: Diagnostic) => d.code === 'invalid-due-date'), 'other rules still run');

    client.settings = { ...SETTINGS };
    await client.notify('workspace/didChangeConfiguration', { settings: null });
    await client.diagnostics(uri, (p) => p.diagnostics.some((d) => d.code === 'action-missing-owner'));
  });

  it('still reads a setting under its old aar name where the afterActionReports one is not set, and the new name wins', async () => {
    const uri = uriOf('release-2.4.aar.md');
    const before = await client.diagnostics(uri);
    assert.ok(before.diagnostics.some((d) => d.code === 'action-missing-owner'));
    const registration = client.registrations.find((r) => r.method === 'workspace/didChangeConfiguration');
    assert.deepEqual((registration?.registerOptions as { section?: unknown } | undefined)?.section, ['afterActionReports', 'aar'], 'told of changes under either name');
    try {
      // As Neovim answers for a user whose configuration still says `settings = { aar = {…} }`.
      client.legacySettings = { rules: { 'action-missing-owner': 'off' } };
      await client.notify('workspace/didChangeConfiguration', { settings: null });
      await client.diagnostics(uri, (p) => p.version === before.version && !p.diagnostics.some((d) => d.code === 'action-missing-owner'));

      client.settings = { ...SETTINGS, rules: { 'action-missing-owner': 'hint' } };
      await client.notify('workspace/didChangeConfiguration', { settings: null });
      await client.diagnostics(uri, (p) => p.diagnostics.some((d) => d.code === 'action-missing-owner' && d.severity === DiagnosticSeverity.Hint));
    } finally {
      client.legacySettings = null;
      client.settings = { ...SETTINGS };
      await client.notify('workspace/didChangeConfiguration', { settings: null });
    }
    await client.diagnostics(uri, (p) => p.diagnostics.some((d) => d.code === 'action-missing-owner' && d.severity !== DiagnosticSeverity.Hint));
  });

  it('registers file watchers and picks up a report written to disk', async () => {
    const watchers = client.registrations.find((r) => r.method === 'workspace/didChangeWatchedFiles');
    assert.ok(watchers, 'a watcher was registered');
    const globs = (watchers.registerOptions as { watchers: { globPattern: string }[] }).watchers.map((w) => w.globPattern);
    assert.deepEqual(globs.sort(), ['**/*', '**/*.md', '**/*.markdown', '**/.aar.yml', '**/.aar.yaml'].sort());

    const { reports } = await client.notification<IndexCounts>('aar/indexChanged');
    const file = join(workspace, 'reviews', '2026-12-launch.md');
    writeFileSync(
      file,
      '# Launch review\n\n## Summary\n\nThe launch went out.\n\n## Actions\n\n- [ ] Archive the launch dashboards @sam due:2026-12-30\n',
    );
    await client.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: URI.file(file).toString(), type: 1 }] });
    const sams = await client.request<OpenAction[]>('aar/openActions', { owner: '@sam' });
    const launch = sams.find((a) => a.text === 'Archive the launch dashboards');
    assert.ok(launch, 'the new report is indexed');
    assert.equal(launch.report, 'Launch review');
    // The client hears that the reports changed without asking.
    await client.notification<IndexCounts>('aar/indexChanged', (c) => c.reports === reports + 1);

    rmSync(file);
    await client.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: URI.file(file).toString(), type: 3 }] });
    const afterDelete = await client.request<OpenAction[]>('aar/openActions', { owner: '@sam' });
    assert.equal(afterDelete.some((a) => a.text === 'Archive the launch dashboards'), false);
    await client.notification<IndexCounts>('aar/indexChanged', (c) => c.reports === reports, { onlyNew: true });
  });

  it('forgets a report deleted from disk while its document is still open', async () => {
    // VS Code keeps a closed editor's document for minutes: the file is gone, the document not yet.
    const { file, text, uri, listed } = await openKimsReport('reviews/2026-12-gone.md', 'Gone', 'Archive the gone dashboards');
    assert.equal(await listed(), true, 'listed while it exists');
    rmSync(file);
    await client.notify('workspace/didChangeWatchedFiles', { changes: [{ uri, type: 3 }] });
    assert.equal(await listed(), false, 'gone from the open actions once deleted');
    // A settings change checks every open document again: the deleted one's report must not come back.
    client.settings = { ...SETTINGS, rules: { 'missing-section': 'off' } };
    await client.notify('workspace/didChangeConfiguration', { settings: null });
    await client.diagnostics(uri, (p) => !p.diagnostics.some((d) => d.code === 'missing-section'));
    assert.equal(await listed(), false, 'still gone after the documents are checked again');
    client.settings = { ...SETTINGS };
    await client.notify('workspace/didChangeConfiguration', { settings: null });
    await client.diagnostics(uri, (p) => p.diagnostics.some((d) => d.code === 'missing-section'));
    // Typed in, the document is a report being written again.
    await change(uri, text.replace('Soon deleted.', 'Kept after all.'));
    assert.equal(await listed(), true, 'back once edited');
    await client.notify('textDocument/didClose', { textDocument: { uri } });
  });

  it('keeps a report deleted from disk gone when an edit made just before the deletion reaches the index after it', async () => {
    // VS Code's Revert and Close sends the reverted text, then the file is deleted: the index hears
    // of the reverted version once typing pauses, after the deletion, and must not bring it back.
    const { file, text, uri, listed } = await openKimsReport('reviews/2026-12-reverted.md', 'Reverted', 'Retire the reverted runbook');
    assert.equal(await listed(), true, 'listed while it exists');
    await change(uri, text.replace('Soon deleted.', 'Reverted.'));
    rmSync(file);
    await client.notify('workspace/didChangeWatchedFiles', { changes: [{ uri, type: 3 }] });
    assert.equal(await listed(), false, 'gone once deleted, though its last version reached the index after');
    await client.notify('textDocument/didClose', { textDocument: { uri } });
  });

  it('keeps a report gone when its folder is deleted as one event just after an edit of it', async () => {
    const folder = join(workspace, 'drafts-gone');
    const { text, uri, listed } = await openKimsReport('drafts-gone/review.md', 'Folder gone', 'Retire the folder runbook');
    assert.equal(await listed(), true, 'listed while it exists');
    await change(uri, text.replace('Soon deleted.', 'Reverted.'));
    rmSync(folder, { recursive: true });
    await client.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: URI.file(folder).toString(), type: 3 }] });
    assert.equal(await listed(), false, 'gone with its folder, though its last version reached the index after');
    await client.notify('textDocument/didClose', { textDocument: { uri } });
  });

  it('reads a folder of reports announced as one event, and forgets it when it is deleted as one', async () => {
    // VS Code announces a folder moved in, checked out or deleted as one event for the folder.
    const folder = join(workspace, 'archive', '2025');
    mkdirSync(join(folder, 'q4'), { recursive: true });
    for (const name of ['q4/outage', 'launch']) {
      writeFileSync(join(folder, `${name}.md`), `---\ntype: after-action-report\n---\n# Archived ${name}\n\n## Summary\n\nOld news.\n\n## Actions\n\n- [ ] Close the ${name} follow-up @kim due:2027-01-10\n`);
    }
    const archived = async () => (await client.request<OpenAction[]>('aar/openActions', { owner: '@kim' })).filter((a) => a.text.startsWith('Close the ')).map((a) => a.text).sort();
    const folderUri = URI.file(join(workspace, 'archive')).toString();
    await client.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: folderUri, type: 1 }] });
    assert.deepEqual(await archived(), ['Close the launch follow-up', 'Close the q4/outage follow-up']);
    rmSync(join(workspace, 'archive'), { recursive: true });
    await client.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: folderUri, type: 3 }] });
    assert.deepEqual(await archived(), []);
  });

  it('reloads the team configuration when .aar.yml changes and checks open documents again', async () => {
    const uri = uriOf('release-2.4.aar.md');
    const before = await client.diagnostics(uri);
    assert.ok(before.diagnostics.some((d) => d.code === 'vague-action'));
    const teamFile = join(workspace, '.aar.yml');
    const original = readFileSync(teamFile, 'utf8');
    const changed = async (text: string) => {
      writeFileSync(teamFile, text);
      await client.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: URI.file(teamFile).toString(), type: 2 }] });
    };
    await changed(original.replace('rules:\n', 'rules:\n  vague-action: off\n'));
    await client.diagnostics(uri, (p) => p.version === before.version && !p.diagnostics.some((d) => d.code === 'vague-action'));
    await changed(original);
    await client.diagnostics(uri, (p) => p.diagnostics.some((d) => d.code === 'vague-action'));

    // A mistake in .aar.yml shows on the file itself, at its line, and goes once fixed.
    const teamUri = URI.file(teamFile).toString();
    await changed(original.replace('rules:\n', 'rules:\n  vague-action: loud\n'));
    const broken = await client.diagnostics(teamUri, (p) => p.diagnostics.length > 0);
    const badLine = original.replace('rules:\n', 'rules:\n  vague-action: loud\n').split('\n').indexOf('  vague-action: loud');
    assert.deepEqual(broken.diagnostics.map((d) => [d.code, d.range.start.line]), [['team-config', badLine]]);
    assert.match(broken.diagnostics[0].message, /vague-action.*severity must be/);
    await changed(original);
    await client.diagnostics(teamUri, (p) => p.diagnostics.length === 0);
  });

  it('announces with aar/indexChanged the totals that aar/openActions and aar/reports give', async () => {
    const open = await client.request<OpenAction[]>('aar/openActions', {});
    const reports = await client.request<ReportInfo[]>('aar/reports', {});
    assert.equal(reports.length, 4);
    const counts = { reports: reports.length, openActions: open.length, overdueActions: open.filter((a) => a.overdue).length };
    const announced = await client.notification<IndexCounts>(
      'aar/indexChanged',
      (c) => c.reports === counts.reports && c.openActions === counts.openActions && c.overdueActions === counts.overdueActions,
    );
    assert.ok(announced.openActions > 0 && announced.overdueActions > 0);
  });

  it('lists every report newest first, with its metadata, its problems as the user will see them, and its actions', async () => {
    const reports = await client.request<ReportInfo[]>('aar/reports', {});
    // Release 2.4 (2026-11-20), Phoenix (2026-10-30), Sprint 31 (2026-06-30), then the wash-up, which has no date.
    assert.deepEqual(
      reports.map((r) => r.uri),
      ['release-2.4.aar.md', 'phoenix-sprint-14.aar.md', 'retros/sprint-31-retro.md', 'reviews/2026-q3-wash-up.md'].map(uriOf),
    );
    assert.deepEqual(reports.map((r) => r.date), ['2026-11-20', '2026-10-30', '2026-06-30', undefined]);
    const retro = reports.find((r) => r.uri === uriOf('retros/sprint-31-retro.md'))!;
    assert.equal(retro.report, 'Sprint 31 retrospective');
    assert.equal(retro.status, 'in-review');
    assert.equal(retro.trigger, undefined);
    assert.deepEqual(retro.actions, { total: 5, open: 4, overdue: 1, unowned: 1 });
    const release = reports.find((r) => r.uri === uriOf('release-2.4.aar.md'))!;
    assert.equal(release.milestone, 'v2.4.0');
    assert.equal(release.trigger, 'deploy');

    // A file never opened is counted as the rules will find it once opened: same rules, same team file.
    const severities = (d: Diagnostic[]) => ({
      error: d.filter((x) => x.severity === 1).length,
      warning: d.filter((x) => x.severity === 2).length,
      info: d.filter((x) => x.severity === 3).length,
      hint: d.filter((x) => x.severity === 4).length,
    });
    const { uri, published } = await open('retros/sprint-31-retro.md');
    assert.ok(published.diagnostics.length > 3);
    assert.deepEqual(retro.problems, severities(published.diagnostics));
    assert.equal(published.diagnostics.some((d) => d.code === 'blame-language'), false, 'the team file turns blame-language off');
    // An open document's live text wins: edit it and its counts follow.
    const text = textOf('retros/sprint-31-retro.md');
    const edited = await change(uri, text.replace('| Tidy the sprint board <!-- expect: invalid-due-date --> | Ravi | 31/06/2026 | open |\n', ''));
    const live = (await client.request<ReportInfo[]>('aar/reports', {})).find((r) => r.uri === uri)!;
    assert.deepEqual(live.problems, severities(edited.diagnostics));
    assert.equal(live.actions.total, 4);
    await client.close(uri);
    versions.delete(uri);
  });

  it('marks an action of an open report done: the edits apply to the version held, and the action is closed', async () => {
    const uri = uriOf('release-2.4.aar.md');
    const text = textOf('release-2.4.aar.md');
    const before = await change(uri, text);
    const version = versions.get(uri)!;
    const line = lineOf(text, '- [ ] Post release-date changes');
    assert.ok(before.diagnostics.some((d) => d.code === 'overdue-action' && d.range.start.line === line));

    const result = await client.request<ActionEditResult>('aar/actionEdit', { uri, line, version, change: { status: 'done' } });
    assert.equal(result.uri, uri);
    assert.equal(result.version, version);
    assert.equal(result.reason, undefined);
    const done = applyTextEdits(text, result.edits);
    assert.equal(done.split('\n')[line], text.split('\n')[line].replace('- [ ]', '- [x]'));
    const after = await change(uri, done);
    assert.equal(after.diagnostics.some((d) => d.code === 'overdue-action' && d.range.start.line === line), false);
    const open = await client.request<OpenAction[]>('aar/openActions', {});
    assert.equal(open.some((a) => a.uri === uri && a.text.startsWith('Post release-date changes')), false);

    const again = await client.request<ActionEditResult>('aar/actionEdit', { uri, line, version: versions.get(uri), change: { status: 'done' } });
    assert.deepEqual(again.edits, []);
    assert.match(again.reason ?? '', /already done/);
    const reopened = await client.request<ActionEditResult>('aar/actionEdit', { uri, line, version: versions.get(uri), change: { status: 'open' } });
    assert.equal(applyTextEdits(done, reopened.edits), text);
    const nowhere = await client.request<ActionEditResult>('aar/actionEdit', { uri, line: 0, version: versions.get(uri), change: { status: 'done' } });
    assert.deepEqual(nowhere.edits, []);
    assert.match(nowhere.reason ?? '', /no action on line 1/);
  });

  it('assigns an owner in an open report: a handle, or a name as owner:, and the missing-owner error goes', async () => {
    const uri = uriOf('release-2.4.aar.md');
    const text = textOf('release-2.4.aar.md');
    const before = await change(uri, text);
    const unowned = lineOf(text, '- [ ] Add a pre-release check');
    const placeholder = lineOf(text, '- [ ] Write the rollback runbook');
    for (const line of [unowned, placeholder]) {
      assert.ok(before.diagnostics.some((d) => d.code === 'action-missing-owner' && d.range.start.line === line));
    }
    const sam = await client.request<ActionEditResult>('aar/actionEdit', { uri, line: unowned, version: versions.get(uri), change: { owner: 'sam' } });
    const withSam = applyTextEdits(text, sam.edits);
    assert.equal(withSam.split('\n')[unowned], `${text.split('\n')[unowned].replace(' <!--', ' @sam <!--')}`);
    await change(uri, withSam);
    const kim = await client.request<ActionEditResult>('aar/actionEdit', { uri, line: placeholder, version: versions.get(uri), change: { owner: 'Kim Park' } });
    const withKim = applyTextEdits(withSam, kim.edits);
    assert.match(withKim.split('\n')[placeholder], /^- \[ \] Write the rollback runbook owner: Kim Park due 2026-02-30/);
    const after = await change(uri, withKim);
    for (const line of [unowned, placeholder]) {
      assert.equal(after.diagnostics.some((d) => d.code === 'action-missing-owner' && d.range.start.line === line), false);
    }
    assert.ok(after.diagnostics.some((d) => d.code === 'invalid-due-date' && d.range.start.line === placeholder), 'other findings stay');
    assert.equal(after.diagnostics.some((d) => d.code === 'unknown-owner' && [unowned, placeholder].includes(d.range.start.line)), false);
    const kims = await client.request<OpenAction[]>('aar/openActions', { owner: 'Kim Park' });
    assert.ok(kims.some((a) => a.text === 'Write the rollback runbook'));
  });

  it('refuses an edit for a version the server does not hold, and waits for one that is on its way', async () => {
    const uri = uriOf('release-2.4.aar.md');
    const text = textOf('release-2.4.aar.md');
    await change(uri, text);
    const version = versions.get(uri)!;
    const line = lineOf(text, '- [ ] Look into the flaky checkout test');
    const old = await client.request<ActionEditResult>('aar/actionEdit', { uri, line, version: version - 1, change: { status: 'done' } });
    assert.deepEqual(old, { uri, version, edits: [], reason: 'stale' });
    const never = await client.request<ActionEditResult>('aar/actionEdit', { uri, line, version: version + 10, change: { status: 'done' } });
    assert.deepEqual(never.edits, []);
    assert.equal(never.reason, 'stale');
    await assert.rejects(
      client.request('aar/actionEdit', { uri, line, version, change: { status: 'finished' } }),
      (e: { code?: number }) => e.code === -32602,
      'a change the protocol does not have is invalid params',
    );

    // Asked for the next version before the change arrives: answered for that version, against its text.
    const moved = `<!-- a line typed at the top -->\n${text}`;
    const pending = client.request<ActionEditResult>('aar/actionEdit', { uri, line: line + 1, version: version + 1, change: { status: 'done' } });
    await change(uri, moved);
    const result = await pending;
    assert.equal(result.version, version + 1);
    assert.equal(applyTextEdits(moved, result.edits).split('\n')[line + 1], moved.split('\n')[line + 1].replace('- [ ]', '- [x]'));
  });

  it('edits a report that is not open against the file on disk (version null)', async () => {
    const relative = 'retros/sprint-31-retro.md';
    const uri = uriOf(relative);
    const text = textOf(relative);
    const overdueRow = lineOf(text, '| Review pull requests within four hours');
    const unownedRow = lineOf(text, '| Keep an eye on it');
    const done = await client.request<ActionEditResult>('aar/actionEdit', { uri, line: overdueRow, change: { status: 'done' } });
    assert.equal(done.version, null);
    const owned = await client.request<ActionEditResult>('aar/actionEdit', { uri, line: unownedRow, change: { owner: '@wen' } });
    assert.equal(owned.version, null);
    const edited = applyTextEdits(applyTextEdits(text, done.edits), owned.edits);
    const lines = edited.split('\n');
    assert.match(lines[overdueRow], /^\| Review pull requests within four hours <!-- expect: overdue-action --> \| @omar \| June 28 \| Done +\|$/);
    assert.equal(lines[unownedRow], '| Keep an eye on it <!-- expect: action-missing-owner vague-action --> | @wen | 12/31/2026 | open |');
    assert.equal(edited.split('\n').length, text.split('\n').length);

    // Saved, the index reads it again: the action is closed and the other one owned.
    writeFileSync(join(workspace, relative), edited);
    await client.notify('workspace/didChangeWatchedFiles', { changes: [{ uri, type: 2 }] });
    const overdue = await client.request<OpenAction[]>('aar/openActions', { overdueOnly: true });
    assert.equal(overdue.some((a) => a.text === 'Review pull requests within four hours'), false);
    const retro = (await client.request<ReportInfo[]>('aar/reports', {})).find((r) => r.uri === uri)!;
    assert.deepEqual(retro.actions, { total: 5, open: 3, overdue: 0, unowned: 0 });
  });

  it('answers the configuration in effect: .aar.yml merged with the settings, and says where each part came from', async () => {
    const folderUri = URI.file(workspace).toString();
    const initial = await client.request<EffectiveConfig>('aar/effectiveConfig', { uri: folderUri });
    assert.equal(initial.reviewsFolder, 'after-action-reports');
    assert.equal(initial.template, undefined);
    assert.deepEqual(initial.triggers, ['release', 'milestone', 'incident', 'learning']);
    assert.equal(initial.severities['blame-language'], 'off');
    assert.equal(initial.severities['action-missing-owner'], 'error');
    assert.equal(initial.severities['vague-action'], 'hint');
    assert.deepEqual(
      initial.roster.map((p) => p.handle ?? p.name),
      ['dana', 'sam', 'Kim Park', 'alex'],
      'the team file, then the settings',
    );
    // Relative to the workspace folder, as the user knows it: not the server's own path.
    assert.ok(initial.sources.includes('Team configuration: .aar.yml'), initial.sources.join('\n'));
    assert.ok(initial.sources.some((s) => /^roster: .*\.aar\.yml \+ settings afterActionReports\.roster/.test(s)), initial.sources.join('\n'));

    const teamFile = join(workspace, '.aar.yml');
    const original = readFileSync(teamFile, 'utf8');
    try {
      writeFileSync(
        teamFile,
        `${original}reviews:\n  folder: docs/reviews\n  template: docs/review-template.md\ntriggers: [release, incident]\ndelivery_owner: "@sam"\n`,
      );
      await client.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: URI.file(teamFile).toString(), type: 2 }] });
      const changed = await client.request<EffectiveConfig>('aar/effectiveConfig', { uri: folderUri });
      assert.equal(changed.reviewsFolder, 'docs/reviews');
      assert.equal(changed.template, 'docs/review-template.md');
      assert.deepEqual(changed.triggers, ['release', 'incident']);
      assert.deepEqual(changed.roster[0], { handle: 'sam', deliveryOwner: true }, 'the Delivery Owner first');
      assert.ok(changed.sources.includes('reviewsFolder: docs/reviews (.aar.yml)'), changed.sources.join('\n'));
      // For a report, its own Delivery Owner.
      const retro = await client.request<EffectiveConfig>('aar/effectiveConfig', { uri: uriOf('retros/sprint-31-retro.md') });
      assert.deepEqual(retro.roster[0], { handle: 'maria', deliveryOwner: true });
      assert.equal(retro.roster.filter((p) => p.deliveryOwner).length, 1);
    } finally {
      writeFileSync(teamFile, original);
      await client.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: URI.file(teamFile).toString(), type: 2 }] });
    }
    const restored = await client.request<EffectiveConfig>('aar/effectiveConfig', { uri: folderUri });
    assert.equal(restored.reviewsFolder, 'after-action-reports');
  });

  it('shows at most afterActionReports.maxProblemsPerFile problems, errors first, then warnings from the top, and a note with how many more', async () => {
    const unowned = Array.from({ length: 10 }, (_, i) => `- [ ] Write runbook ${i} due:2026-12-20 (IMP-1)`);
    const repeated = Array.from({ length: 31 }, () => '- [ ] Rotate the deploy keys @sam due:2026-12-20 (IMP-1)');
    const text = [
      '---',
      'type: after-action-report',
      'delivery_owner: "@dana"',
      '---',
      '# Many problems',
      '',
      '## Summary',
      '',
      'A long list.',
      '',
      '## Outcomes',
      '',
      '- It went out.',
      '',
      '## Improvements',
      '',
      '- IMP-1: Keys were old.',
      '',
      '## Actions',
      '',
      ...repeated.slice(0, 16),
      ...unowned,
      ...repeated.slice(16),
      '',
    ].join('\n');
    // Open, never saved: the workspace's list of reports stays as the other tests expect.
    const uri = uriOf('reviews/many.md');
    client.settings = { ...SETTINGS, maxProblemsPerFile: 0 };
    await client.notify('workspace/didChangeConfiguration', { settings: null });
    await client.open(uri, text, 1);
    const all = await client.diagnostics(uri, (p) => p.version === 1);
    const codes = (ds: Diagnostic[]) => ds.map((d) => d.code);
    assert.equal(codes(all.diagnostics).filter((c) => c === 'action-missing-owner').length, 10);
    assert.equal(codes(all.diagnostics).filter((c) => c === 'duplicate-action').length, 30);
    assert.ok(!codes(all.diagnostics).includes('problem-limit'), '0: every problem, no note');

    client.settings = { ...SETTINGS, maxProblemsPerFile: 25 };
    await client.notify('workspace/didChangeConfiguration', { settings: null });
    const limited = await client.diagnostics(uri, (p) => p.diagnostics.length === 25);
    const notes = limited.diagnostics.filter((d) => d.code === 'problem-limit');
    assert.equal(notes.length, 1);
    assert.equal(notes[0].severity, DiagnosticSeverity.Information);
    assert.match(notes[0].message, new RegExp(`^${all.diagnostics.length - 24} of this report's ${all.diagnostics.length} problems are not shown`));
    const shown = limited.diagnostics.filter((d) => d.code !== 'problem-limit');
    const errors = all.diagnostics.filter((d) => d.severity === DiagnosticSeverity.Error);
    const warnings = all.diagnostics.filter((d) => d.severity === DiagnosticSeverity.Warning);
    assert.equal(errors.length, 10);
    // Every error, then the first 14 warnings from the top; in document order, as published.
    const expected = all.diagnostics.filter((d) => errors.includes(d) || (warnings.includes(d) && warnings.indexOf(d) < 14));
    assert.deepEqual(shown, expected);

    client.settings = { ...SETTINGS };
    await client.notify('workspace/didChangeConfiguration', { settings: null });
    await client.diagnostics(uri, (p) => p.diagnostics.length === all.diagnostics.length);
    await client.close(uri);
  });

  it("counts a team's own heading as a missing section in .aar.yml: against the file on disk, then against its open, unsaved buffer", async () => {
    const report = 'reviews/ops-wobbles.md';
    const text = '# DNS drill\n\n## Summary\n\nThe drill ran.\n\n## Timeline\n\n- 14:00 started\n\n## Wobbles\n\n- The runbook was stale.\n\n## Actions\n\n- [ ] Update the runbook @sam due:2026-12-10\n';
    mkdirSync(join(workspace, 'reviews'), { recursive: true });
    writeFileSync(join(workspace, report), text);
    const uri = uriOf(report);
    versions.set(uri, 1);
    await client.open(uri, text, 1);
    const first = await client.diagnostics(uri, (p) => p.version === 1);
    const missing = (p: PublishDiagnosticsParams, kind: string) => p.diagnostics.some((d) => d.code === 'missing-section' && d.message.startsWith(`No ${kind} section`));
    assert.ok(missing(first, 'outcomes') && missing(first, 'improvements'));
    const teamFile = join(workspace, '.aar.yml');
    const teamUri = URI.file(teamFile).toString();
    const original = readFileSync(teamFile, 'utf8');
    const fixesFor = async (kind: string) => {
      const diagnostic = first.diagnostics.find((d) => d.code === 'missing-section' && d.message.startsWith(`No ${kind} section`))!;
      const actions = await client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: diagnostic.range, context: { diagnostics: [diagnostic] } });
      return actions.filter((a) => a.diagnostics?.[0]?.message === diagnostic.message);
    };

    // On disk: the likeliest heading first (a timeline usually tells the outcomes), one edit to .aar.yml.
    const outcomeFixes = await fixesFor('outcomes');
    assert.equal(outcomeFixes[0].title, 'Add "Outcomes" section');
    const count = outcomeFixes.find((a) => a.title.startsWith('Count “Timeline” as the outcomes section'));
    assert.ok(count, outcomeFixes.map((a) => a.title).join('\n'));
    assert.equal(outcomeFixes[1], count, 'the timeline is offered first among the headings');
    const [change] = count.edit!.documentChanges as TextDocumentEdit[];
    assert.equal(count.edit!.documentChanges!.length, 1);
    assert.deepEqual(change.textDocument, { uri: teamUri, version: null });
    writeFileSync(teamFile, applyTextEdits(original, change.edits));
    assert.ok(readFileSync(teamFile, 'utf8').startsWith(original.trimEnd()), 'what was there stays');
    await client.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: teamUri, type: 2 }] });
    await client.diagnostics(uri, (p) => p.version === 1 && !missing(p, 'outcomes') && missing(p, 'improvements'));

    // Open and changed without saving: the fix edits that version, and the buffer counts at once.
    const buffer = `${readFileSync(teamFile, 'utf8')}# unsaved note\n`;
    await client.open(teamUri, buffer, 7);
    const wobbles = (await fixesFor('improvements')).find((a) => a.title.startsWith('Count “Wobbles” as the improvements section'));
    assert.ok(wobbles);
    const [bufferChange] = wobbles.edit!.documentChanges as TextDocumentEdit[];
    assert.deepEqual(bufferChange.textDocument, { uri: teamUri, version: 7 });
    const edited = applyTextEdits(buffer, bufferChange.edits);
    assert.ok(edited.includes('# unsaved note'));
    await client.change(teamUri, 8, edited);
    await client.diagnostics(uri, (p) => p.version === 1 && !missing(p, 'outcomes') && !missing(p, 'improvements'));
    assert.ok(!readFileSync(teamFile, 'utf8').includes('Wobbles'), 'nothing was written to disk');

    // Closed unsaved, the file on disk counts again; put back as it was for the other tests.
    await client.close(teamUri);
    await client.diagnostics(uri, (p) => p.version === 1 && missing(p, 'improvements'));
    writeFileSync(teamFile, original);
    await client.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: teamUri, type: 2 }] });
    await client.diagnostics(uri, (p) => p.version === 1 && missing(p, 'outcomes'));
    await client.close(uri);
  });

  it('shuts down and exits cleanly', async () => {
    assert.equal(await client.stop(), 0);
  });
});

describe('language server in a folder with no .aar.yml', function () {
  this.timeout(60_000);
  let workspace: string;
  let client: LspClient;

  before(() => {
    if (!existsSync(join(root, 'dist', 'server.js'))) execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: root, stdio: 'inherit' });
    workspace = mkdtempSync(join(tmpdir(), 'aar-server-noteam-'));
    client = LspClient.start(join(root, 'dist', 'server.js'));
  });

  after(() => {
    client?.kill();
    if (workspace) rmSync(workspace, { recursive: true, force: true });
  });

  it('offers to create .aar.yml with the heading, never replacing a file that appears meanwhile', async () => {
    await client.initialize({ uri: URI.file(workspace).toString(), name: 'ws' }, { today: TODAY });
    const text = '# Sprint 9\n\n## Summary\n\nWe shipped.\n\n## Highlights of the sprint\n\n- Search went live.\n\n## What went wrong\n\n- Late QA.\n\n## Actions\n\n- [ ] Start QA earlier @kim due:2026-12-20\n';
    mkdirSync(join(workspace, 'retros'));
    writeFileSync(join(workspace, 'retros', 'sprint-9.md'), text);
    const uri = URI.file(join(workspace, 'retros', 'sprint-9.md')).toString();
    await client.open(uri, text);
    const published = await client.diagnostics(uri, (p) => p.version === 1);
    const diagnostic = published.diagnostics.find((d) => d.code === 'missing-section')!;
    assert.match(diagnostic.message, /No outcomes section/);
    const actions = await client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: diagnostic.range, context: { diagnostics: [diagnostic] } });
    const count = actions.find((a) => a.title.startsWith('Count “Highlights of the sprint” as the outcomes section'));
    assert.ok(count, actions.map((a) => a.title).join('\n'));
    const teamUri = URI.file(join(workspace, '.aar.yml')).toString();
    const [create, edit] = count.edit!.documentChanges as [{ kind: string; uri: string; options: unknown }, TextDocumentEdit];
    assert.deepEqual(create, { kind: 'create', uri: teamUri, options: { overwrite: false, ignoreIfExists: false } });
    const written = applyTextEdits('', edit.edits);
    assert.match(written, /sections:\n {2}outcomes:\n {4}- Highlights of the sprint\n/);
    writeFileSync(join(workspace, '.aar.yml'), written);
    await client.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: teamUri, type: 1 }] });
    await client.diagnostics(uri, (p) => !p.diagnostics.some((d) => d.code === 'missing-section'));
  });

  it('proposes a set-up for the folder as aar init does, against .aar.yml as the editor holds it', async () => {
    const notes = ['# Planning notes', '', 'Nothing to review here.', ''].join('\n');
    mkdirSync(join(workspace, 'docs', 'incidents'), { recursive: true });
    writeFileSync(join(workspace, 'docs', 'notes.md'), notes);
    const incident = (n: number) =>
      ['# Incident ' + n, '', '## Summary', '', 'The queue backed up.', '', '## Impact', '', '- Late e-mails.', '', '## Lessons learned', '', '- No alert.', '', '## Action items', '', `- [ ] Alert on queue depth @kim due:2026-12-0${n}`, ''].join('\n');
    for (const n of [1, 2, 3]) writeFileSync(join(workspace, 'docs', 'incidents', `2026-0${n}-queue.md`), incident(n));
    const teamUri = URI.file(join(workspace, '.aar.yml')).toString();
    const unsaved = `${readFileSync(join(workspace, '.aar.yml'), 'utf8')}# a note not saved yet\n`;
    await client.open(teamUri, unsaved, 3);
    const proposal = await client.request<SetupProposal>('aar/setupProposal', { folder: URI.file(workspace).toString() });
    assert.equal(proposal.configFile, teamUri);
    assert.equal(proposal.existing, unsaved, 'the open buffer, not the file on disk');
    assert.ok(proposal.proposed.startsWith(unsaved.trimEnd()), 'what the team wrote stays');
    assert.match(proposal.proposed, /docs\/incidents\/\*\*\/\*\.md/);
    assert.doesNotMatch(proposal.proposed, /notes\.md/);
    assert.equal(proposal.reports, 4);
    assert.equal(proposal.markdownFiles, 5);
    assert.ok(proposal.problemsAfter <= proposal.problemsBefore);
    await client.close(teamUri);
    assert.equal(await client.stop(), 0);
  });
});

describe('language server with an editor that cannot answer workspace/configuration', function () {
  this.timeout(60_000);
  let workspace: string;
  let client: LspClient;

  before(() => {
    // The bundle is built by the suite above (mocha runs files in order, and this file's suites in order).
    if (!existsSync(join(root, 'dist', 'server.js'))) execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: root, stdio: 'inherit' });
    workspace = mkdtempSync(join(tmpdir(), 'aar-server-noconfig-'));
    copyFileSync(join(fixtures, 'release-2.4.aar.md'), join(workspace, 'release-2.4.aar.md'));
    client = LspClient.start(join(root, 'dist', 'server.js'));
  });

  after(() => {
    client?.kill();
    if (workspace) rmSync(workspace, { recursive: true, force: true });
  });

  it('checks with default settings, then with the settings pushed by didChangeConfiguration', async () => {
    await client.initialize({ uri: URI.file(workspace).toString(), name: 'ws' }, {}, { configuration: false });
    const uri = URI.file(join(workspace, 'release-2.4.aar.md')).toString();
    await client.open(uri, readFileSync(join(workspace, 'release-2.4.aar.md'), 'utf8'));
    const first = await client.diagnostics(uri, (p) => p.version === 1);
    assert.ok(first.diagnostics.some((d) => d.code === 'action-missing-owner'));
    // No team file here, so blame-language is on by default.
    assert.ok(first.diagnostics.some((d) => d.code === 'blame-language'));
    await client.notify('workspace/didChangeConfiguration', { settings: { afterActionReports: { rules: { 'blame-language': 'off' } } } });
    await client.diagnostics(uri, (p) => p.version === 1 && !p.diagnostics.some((d) => d.code === 'blame-language'));
    // Pushed under the old name, as an editor configured before the rename does.
    await client.notify('workspace/didChangeConfiguration', { settings: { aar: { rules: { 'action-missing-owner': 'off' } } } });
    await client.diagnostics(uri, (p) => p.version === 1 && !p.diagnostics.some((d) => d.code === 'action-missing-owner'));
    assert.equal(client.configurationRequests, 0);
    assert.equal(await client.stop(), 0);
  });
});
