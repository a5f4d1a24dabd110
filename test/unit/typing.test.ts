// Typing in a report, as an editor sends it: a burst of small changes. The server analyses the
// document incrementally, and what it publishes goes only forward, to the last version.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Diagnostic, PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import { URI } from 'vscode-uri';
import { LspClient } from './helpers/lspClient';

const root = join(__dirname, '..', '..');
const SETTINGS = { today: '2026-11-25', roster: ['@alex', '@sam'] };

/** A report long enough to be split into many chunks, with one unowned action near its end. */
function report(): string {
  const reviews = Array.from({ length: 40 }, (_, i) =>
    [`### Review ${i + 1}`, '', `- [x] Rotate the keys of service ${i + 1} @sam due:2026-01-${String((i % 28) + 1).padStart(2, '0')}`, ''].join('\n'),
  );
  return [
    '---',
    'type: after-action-report',
    'delivery_owner: "@alex"',
    'team: ["@alex", "@sam"]',
    '---',
    '# Platform reviews',
    '',
    '## Summary',
    '',
    'Monthly reviews of the platform.',
    '',
    '## Outcomes',
    '',
    '- Fewer pages.',
    '',
    '## Improvements',
    '',
    '- IMP-1: Alert on empty search results.',
    '',
    '## Actions',
    '',
    ...reviews,
    '- [ ] Add an alert on empty search results (IMP-1)',
    '',
  ].join('\n');
}

const shown = (d: Diagnostic) => `${d.code} ${d.range.start.line}:${d.range.start.character}-${d.range.end.line}:${d.range.end.character} ${d.message}`;

describe('typing in a report', function () {
  this.timeout(60_000);
  let workspace: string;
  let client: LspClient;

  before(() => {
    if (!existsSync(join(root, 'dist', 'server.js'))) execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: root, stdio: 'inherit' });
    workspace = mkdtempSync(join(tmpdir(), 'aar-typing-'));
    client = LspClient.start(join(root, 'dist', 'server.js'));
  });

  after(() => {
    client?.kill();
    if (workspace) rmSync(workspace, { recursive: true, force: true });
  });

  it('publishes the last version\'s diagnostics after a burst of changes, versions only going forward, as a fresh analysis has them', async () => {
    await client.initialize({ uri: URI.file(workspace).toString(), name: 'ws' }, SETTINGS);
    const uri = URI.file(join(workspace, 'after-action-reports', 'platform.md')).toString();
    let text = report();
    await client.open(uri, text, 1);
    const opened = await client.diagnostics(uri, (p) => p.version === 1);
    assert.deepEqual(opened.diagnostics.map((d) => d.code), ['action-missing-owner']);

    // Type " @alex" after the unowned action, a new line and a new action, one character per change, without waiting.
    const typed = ' @alex\n- [ ] Page the on-call for empty results @sam';
    const at = text.indexOf('(IMP-1)\n') + '(IMP-1)'.length;
    const lineOf = (offset: number) => text.slice(0, offset).split('\n').length - 1;
    const columnOf = (offset: number) => offset - (text.lastIndexOf('\n', offset - 1) + 1);
    const versions: number[] = [];
    const last = typed.length + 1;
    const settled = client.diagnostics(
      uri,
      (p: PublishDiagnosticsParams) => {
        versions.push(p.version ?? -1);
        return p.version === last;
      },
      30_000,
    );
    const sent: Promise<void>[] = [];
    for (let i = 0; i < typed.length; i++) {
      const offset = at + i;
      const position = { line: lineOf(offset), character: columnOf(offset) };
      sent.push(
        client.notify('textDocument/didChange', {
          textDocument: { uri, version: i + 2 },
          contentChanges: [{ range: { start: position, end: position }, text: typed[i] }],
        }),
      );
      text = text.slice(0, offset) + typed[i] + text.slice(offset);
    }
    await Promise.all(sent);
    const final = await settled;

    assert.deepEqual(versions, [...versions].sort((a, b) => a - b), `published versions went back: ${versions.join(', ')}`);
    assert.deepEqual(final.diagnostics, [], 'every action has an owner on the roster');

    // The same text opened afresh: the incremental analysis and a first analysis agree.
    const twin = URI.file(join(workspace, 'after-action-reports', 'twin.md')).toString();
    const broken = text.replace('@alex\n', '@casey\n');
    await client.open(twin, broken, 1);
    const fresh = await client.diagnostics(twin, (p) => p.version === 1);
    const whole = { range: { start: { line: 0, character: 0 }, end: { line: lineOf(text.length) + 1, character: 0 } }, text: broken };
    await client.notify('textDocument/didChange', { textDocument: { uri, version: last + 1 }, contentChanges: [whole] });
    const edited = await client.diagnostics(uri, (p) => p.version === last + 1);
    assert.deepEqual(edited.diagnostics.map(shown), fresh.diagnostics.map(shown));
    assert.deepEqual(edited.diagnostics.map((d) => d.code), ['unknown-owner']);
    assert.equal(await client.stop(), 0);
  });
});
