// A thousand edits as fast as the pipe takes them, with the editor asking for code actions in
// between and now and then accepting one: the server never falls over, every edit it offers is
// pinned to the version it was computed for, and it ends where a fresh analysis of the final text is.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CodeAction, Diagnostic, Range, TextDocumentEdit } from 'vscode-languageserver-protocol';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { URI } from 'vscode-uri';
import { applyTextEdits, LspClient } from './helpers/lspClient';

const root = join(__dirname, '..', '..');
const SETTINGS = { today: '2026-11-25', roster: ['@dana', '@sam', '@lee', '@kim', '@alex'] };
const EDITS = 1000;

/** mulberry32: the same edits on every run. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** What people type into reports, and what breaks Markdown half-way. */
const SNIPPETS = ['a', 'e', ' ', '\n', '@sam', '@', ' @lee', '\n- [ ] ', '\n- [x] ', 'due:2026-12-01', 'due:', '\n## ', '#', '|', '| @kim |', '*', '**', '`', '---', '\n\n', 'TBD', 'owner: ', '\r\n', '['];

const shown = (d: Diagnostic) => `${d.code} ${d.range.start.line}:${d.range.start.character}-${d.range.end.line}:${d.range.end.character} ${d.message}`;

/** The changes an action makes to the report itself. */
function reportEdits(action: CodeAction, uri: string): TextDocumentEdit[] {
  return ((action.edit?.documentChanges ?? []) as (TextDocumentEdit | { kind: string })[]).filter(
    (c): c is TextDocumentEdit => !('kind' in c) && c.textDocument.uri === uri,
  );
}

describe('a thousand rapid edits with code actions in between', function () {
  this.timeout(120_000);
  let workspace: string;
  let client: LspClient;

  before(() => {
    if (!existsSync(join(root, 'dist', 'server.js'))) execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: root, stdio: 'inherit' });
    workspace = mkdtempSync(join(tmpdir(), 'aar-rapid-'));
    client = LspClient.start(join(root, 'dist', 'server.js'));
  });

  after(() => {
    client?.kill();
    if (workspace) rmSync(workspace, { recursive: true, force: true });
  });

  it('ends with the diagnostics of a fresh analysis, and every offered edit names its version', async () => {
    await client.initialize({ uri: URI.file(workspace).toString(), name: 'ws' }, SETTINGS);
    const uri = URI.file(join(workspace, 'release-2.4.aar.md')).toString();
    let doc = TextDocument.create(uri, 'markdown', 1, readFileSync(join(root, 'test', 'fixtures', 'release-2.4.aar.md'), 'utf8'));
    await client.open(uri, doc.getText(), 1);
    const random = prng(0x5eed);
    const pick = <T>(list: T[]) => list[Math.floor(random() * list.length)];
    const offsetIn = () => Math.floor(random() * (doc.getText().length + 1));
    // Short, like keystrokes and selections: the report stays about its size through the run.
    const rangeAround = (longest = 8): Range => {
      const start = offsetIn();
      const end = Math.min(doc.getText().length, start + Math.floor(random() * longest));
      return { start: doc.positionAt(start), end: doc.positionAt(end) };
    };

    const asked: Promise<{ sentAt: number; actions: CodeAction[] | null }>[] = [];
    let accepted = 0;
    let refusedAsStale = 0;

    const send = async (range: Range, text: string) => {
      const version = doc.version + 1;
      doc = TextDocument.update(doc, [{ range, text }], version);
      await client.notify('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ range, text }] });
    };

    for (let i = 0; i < EDITS; i++) {
      const roll = random();
      if (roll < 0.6) {
        const at = doc.positionAt(offsetIn());
        await send({ start: at, end: at }, pick(SNIPPETS));
      } else if (roll < 0.85) {
        await send(rangeAround(), '');
      } else {
        await send(rangeAround(), pick(SNIPPETS));
      }
      if (i % 5 === 0) {
        const sentAt = doc.version;
        const only = i % 50 === 0 ? ['source.fixAll.aar'] : undefined;
        asked.push(
          client
            .request<CodeAction[] | null>('textDocument/codeAction', { textDocument: { uri }, range: rangeAround(80), context: { diagnostics: [], ...(only ? { only } : {}) } })
            .then((actions) => ({ sentAt, actions })),
        );
      }
      if (i % 100 === 99) {
        // The user opens the light bulb and accepts the first edit; the editor applies it only when it was made for the text shown now.
        const actions = await client.request<CodeAction[] | null>('textDocument/codeAction', { textDocument: { uri }, range: rangeAround(200), context: { diagnostics: [] } });
        const edit = actions?.flatMap((a) => reportEdits(a, uri))[0];
        if (edit && edit.textDocument.version === doc.version) {
          const version = doc.version + 1;
          const text = applyTextEdits(doc.getText(), edit.edits);
          doc = TextDocument.create(uri, 'markdown', version, text);
          await client.notify('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ text }] });
          accepted++;
        } else if (edit) {
          refusedAsStale++;
        }
      }
    }

    const final = await client.diagnostics(uri, (p) => p.version === doc.version, 60_000);
    const answers = await Promise.all(asked);
    assert.equal(answers.length, EDITS / 5);
    for (const { sentAt, actions } of answers) {
      for (const action of actions ?? []) {
        // Edits to the team's .aar.yml ("Count “Timeline” as the outcomes section") are made against that file as it is on disk.
        for (const change of (action.edit?.documentChanges ?? []) as (TextDocumentEdit | { kind: string; uri: string })[]) {
          const target = 'kind' in change ? change.uri : change.textDocument.uri;
          if (target !== uri) assert.match(target, /\/\.aar\.yml$/, `"${action.title}" edits ${target}`);
        }
        for (const change of reportEdits(action, uri)) {
          assert.equal(change.textDocument.uri, uri);
          // Computed for the version the request was sent against, or a later one it had seen: never an older one, never unpinned.
          assert.equal(typeof change.textDocument.version, 'number', `"${action.title}" is pinned to a version`);
          assert.ok(change.textDocument.version! >= sentAt && change.textDocument.version! <= doc.version, `"${action.title}" for version ${change.textDocument.version}, asked at ${sentAt}`);
        }
      }
    }
    assert.ok(accepted > 0, 'a quick fix was accepted along the way');
    assert.equal(refusedAsStale, 0, 'a code action asked for and awaited is made for the version shown');

    // The final text opened as a new document beside it: the same findings, line for line.
    const twin = URI.file(join(workspace, 'twin.aar.md')).toString();
    await client.open(twin, doc.getText(), 1);
    const fresh = await client.diagnostics(twin, (p) => p.version === 1);
    assert.deepEqual(final.diagnostics.map(shown), fresh.diagnostics.map(shown));
    assert.equal(await client.stop(), 0, 'the server shuts down cleanly');
  });
});
