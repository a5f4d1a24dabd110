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
import type { OpenAction } from '../../server/src/protocol';
import { applyTextEdits, LspClient } from './helpers/lspClient';

const root = join(__dirname, '..', '..');
const fixtures = join(root, 'test', 'fixtures');
const TODAY = '2026-11-25';
const SETTINGS = { today: TODAY, roster: ['Alex Kim (@alex)'] };

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

  it('outlines the report: headings with their section kind, actions under the actions section', async () => {
    const uri = uriOf('release-2.4.aar.md');
    const symbols = await client.request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri } });
    assert.equal(symbols.length, 1);
    assert.equal(symbols[0].name, 'Release 2.4 review');
    const actions = symbols[0].children!.find((s) => s.detail === 'actions section')!;
    assert.equal(actions.name, 'Actions');
    assert.equal(actions.children!.length, 8);
    assert.equal(actions.children![0].name, 'Rehearse every migration against a production snapshot');
    assert.equal(actions.children![0].detail, '@sam · due 2026-12-05 · open');
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

  it('registers file watchers and picks up a report written to disk', async () => {
    const watchers = client.registrations.find((r) => r.method === 'workspace/didChangeWatchedFiles');
    assert.ok(watchers, 'a watcher was registered');
    const globs = (watchers.registerOptions as { watchers: { globPattern: string }[] }).watchers.map((w) => w.globPattern);
    assert.deepEqual(globs.sort(), ['**/*.md', '**/.aar.yml', '**/.aar.yaml'].sort());

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

    rmSync(file);
    await client.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: URI.file(file).toString(), type: 3 }] });
    const afterDelete = await client.request<OpenAction[]>('aar/openActions', { owner: '@sam' });
    assert.equal(afterDelete.some((a) => a.text === 'Archive the launch dashboards'), false);
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
  });

  it('shuts down and exits cleanly', async () => {
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
    await client.notify('workspace/didChangeConfiguration', { settings: { aar: { rules: { 'blame-language': 'off' } } } });
    await client.diagnostics(uri, (p) => p.version === 1 && !p.diagnostics.some((d) => d.code === 'blame-language'));
    assert.equal(client.configurationRequests, 0);
    assert.equal(await client.stop(), 0);
  });
});
