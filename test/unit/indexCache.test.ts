// The language server's persisted workspace index: a start with the cache folder the editor gives
// (`initializationOptions.cacheDir`) answers as a start without one, reusing what did not change.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { URI } from 'vscode-uri';
import type { OpenAction, ReportInfo } from '../../server/src/protocol';
import { LspClient } from './helpers/lspClient';

const root = join(__dirname, '..', '..');
const server = join(root, 'dist', 'server.js');
const TODAY = '2026-11-25';

/** A report whose actions and problems differ with `i`. */
function report(i: number): string {
  const owner = i % 3 === 0 ? '' : ` @${['sam', 'kim', 'lee'][i % 3]}`;
  return `---
type: after-action-report
title: Review ${i}
date: 2026-10-${String(1 + (i % 28)).padStart(2, '0')}
delivery_owner: "@dana"
status: ${i % 2 ? 'draft' : 'in-review'}
---
# Review ${i}

## Summary

Release ${i} went out.

## Outcomes

- It shipped.

## Improvements

- IMP-1: The checklist was out of date.

## Actions

- [ ] Update the release checklist for train ${i}${owner} due:2026-11-${String(10 + (i % 20)).padStart(2, '0')} (IMP-1)
- [x] Fix the migration of train ${i} @lee
`;
}

describe('persisted workspace index (dist/server.js)', function () {
  this.timeout(60_000);
  let base: string;
  let workspace: string;
  let cacheDir: string;
  const clients: LspClient[] = [];

  before(() => {
    execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: root, stdio: 'inherit' });
  });

  beforeEach(() => {
    base = mkdtempSync(join(tmpdir(), 'aar-index-cache-'));
    workspace = join(base, 'workspace');
    // Not there yet: the server makes it, as VS Code's storage folder may not exist.
    cacheDir = join(base, 'storage', 'aar');
  });

  afterEach(async () => {
    for (const client of clients.splice(0)) client.kill();
    rmSync(base, { recursive: true, force: true });
  });

  function write(relative: string, text: string): void {
    const file = join(workspace, relative);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, text);
  }

  /** Starts a server on the workspace, waits for its index, and returns what the views would show. */
  /** `withCache`: the folder the editor gives; undefined: none given (the platform's cache folder); false: no persisted index. */
  async function start(withCache: string | false | undefined, { settingsPushed = false, today = TODAY } = {}) {
    const client = LspClient.start(server);
    clients.push(client);
    client.settings = { today };
    const folder = { uri: URI.file(workspace).toString(), name: 'workspace' };
    await client.request('initialize', {
      processId: process.pid,
      rootUri: folder.uri,
      workspaceFolders: [folder],
      initializationOptions: withCache === undefined ? undefined : { cacheDir: withCache },
      capabilities: { workspace: { configuration: true, workspaceFolders: true }, window: { workDoneProgress: true } },
    });
    await client.notify('initialized', {});
    // VS Code's client says its settings changed right after start: the index is built again.
    if (settingsPushed) await client.notify('workspace/didChangeConfiguration', { settings: null });
    // Asked at once: the answers wait for the index.
    const [openActions, reports] = await Promise.all([
      client.request<OpenAction[]>('aar/openActions', {}),
      client.request<ReportInfo[]>('aar/reports', {}),
    ]);
    const indexed = await logLine(client, /^Indexed /);
    await client.stop();
    return { openActions, reports, indexed };
  }

  async function logLine(client: LspClient, pattern: RegExp): Promise<string> {
    for (let waited = 0; waited < 10_000; waited += 20) {
      const line = client.logs.find((l) => pattern.test(l));
      if (line) return line;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    throw new Error(`No log line matching ${pattern}: ${client.logs.join('\n')}`);
  }

  it('answers a second start from the cache as the first, and re-reads a file changed in between', async () => {
    // Enough reports for the worker threads to analyse them on the first start.
    for (let i = 0; i < 30; i++) write(`after-action-reports/review-${String(i).padStart(2, '0')}.md`, report(i));
    write('docs/notes.md', '# Notes\n\n## Action items\n\n- [ ] Book the room\n');

    const first = await start(cacheDir);
    assert.match(first.indexed, /31 Markdown files, no saved index yet, 30 analysed in \d+ worker threads?/);
    assert.equal(first.reports.length, 30);
    assert.ok(first.openActions.length > 0);
    assert.equal(readdirSync(cacheDir).filter((f) => f.endsWith('.json')).length, 1, 'the index is saved in the folder given');

    const second = await start(cacheDir);
    assert.match(second.indexed, /31 Markdown files, 31 from the saved index, 0 analysed/);
    assert.deepEqual(second.openActions, first.openActions);
    assert.deepEqual(second.reports, first.reports);

    // One report changes between the starts: a new unowned, overdue action and a new title.
    write('after-action-reports/review-07.md', report(7).replace('Review 7', 'Review seven').replace('- [x]', '- [ ] Page the owner of train 7 due:2026-11-01\n- [x]'));
    const third = await start(cacheDir);
    assert.match(third.indexed, /31 Markdown files, 30 from the saved index, 1 analysed/);
    const fresh = await start(false);
    assert.deepEqual(third.openActions, fresh.openActions);
    assert.deepEqual(third.reports, fresh.reports);
    const changed = third.reports.find((r) => r.uri.endsWith('review-07.md'));
    assert.equal(changed?.report, 'Review seven');
    assert.ok(third.openActions.some((a) => a.text.startsWith('Page the owner of train 7') && a.overdue && !a.owner));
  });

  it('on a new day re-reads only the reports with an action that fell due', async () => {
    // Open actions fall due from 2026-11-10 to 2026-11-29; only review-15's is due on 2026-11-25.
    for (let i = 0; i < 30; i++) write(`after-action-reports/review-${String(i).padStart(2, '0')}.md`, report(i));
    write('docs/notes.md', '# Notes\n');
    await start(cacheDir);

    const nextDay = '2026-11-26';
    const tomorrow = await start(cacheDir, { today: nextDay });
    assert.match(tomorrow.indexed, /31 Markdown files, 30 from the saved index, 1 analysed/);
    const fresh = await start(false, { today: nextDay });
    assert.deepEqual(tomorrow.openActions, fresh.openActions);
    assert.deepEqual(tomorrow.reports, fresh.reports);
    const fellDue = tomorrow.openActions.find((a) => a.uri.endsWith('review-15.md'));
    assert.equal(fellDue?.due, '2026-11-25');
    assert.equal(fellDue?.overdue, true);

    // Going back a day (a pinned date in the settings) is the same: only review-15 reads differently.
    const back = await start(cacheDir, { today: TODAY });
    assert.match(back.indexed, /31 Markdown files, 30 from the saved index, 1 analysed/);
    assert.equal(back.openActions.find((a) => a.uri.endsWith('review-15.md'))?.overdue, false);
  });

  it('answers with the whole index when a settings change restarts the build it was waiting for', async () => {
    for (let i = 0; i < 40; i++) write(`after-action-reports/review-${String(i).padStart(2, '0')}.md`, report(i));
    const plain = await start(false);
    for (const cache of [cacheDir, cacheDir]) {
      const restarted = await start(cache, { settingsPushed: true });
      assert.deepEqual(restarted.openActions, plain.openActions);
      assert.deepEqual(restarted.reports, plain.reports);
    }
  });

  it('drops a deleted report and indexes a new one on the next start', async () => {
    for (let i = 0; i < 4; i++) write(`after-action-reports/review-${i}.md`, report(i));
    const first = await start(cacheDir);
    assert.equal(first.reports.length, 4);
    rmSync(join(workspace, 'after-action-reports', 'review-2.md'));
    write('after-action-reports/review-9.md', report(9));
    const second = await start(cacheDir);
    assert.deepEqual(
      second.reports.map((r) => r.report).sort(),
      ['Review 0', 'Review 1', 'Review 3', 'Review 9'],
    );
    assert.match(second.indexed, /4 Markdown files, 3 from the saved index, 1 analysed/);
  });

  it('keeps the index in the platform cache folder when the editor names none ($XDG_CACHE_HOME on Linux)', async function () {
    if (process.platform !== 'linux') this.skip(); // the folder checked is Linux's; macOS and Windows have their own
    const cacheHome = join(base, 'xdg-cache');
    const before = process.env.XDG_CACHE_HOME;
    process.env.XDG_CACHE_HOME = cacheHome; // the servers started here inherit it
    try {
      for (let i = 0; i < 3; i++) write(`after-action-reports/review-${i}.md`, report(i));
      const first = await start(undefined);
      assert.match(first.indexed, /no saved index yet, 3 analysed/);
      assert.equal(readdirSync(join(cacheHome, 'after-action-reports')).filter((f) => /^index-[0-9a-f]+\.json$/.test(f)).length, 1);
      const second = await start(undefined);
      assert.match(second.indexed, /3 from the saved index, 0 analysed/);
      assert.deepEqual(second.openActions, first.openActions);
    } finally {
      if (before === undefined) delete process.env.XDG_CACHE_HOME;
      else process.env.XDG_CACHE_HOME = before;
    }
  });

  it('indexes as before when the cache cannot be used: corrupt, or turned off (cacheDir: false)', async () => {
    for (let i = 0; i < 3; i++) write(`after-action-reports/review-${i}.md`, report(i));
    const first = await start(cacheDir);
    for (const file of readdirSync(cacheDir)) writeFileSync(join(cacheDir, file), '{"format":"aar-file-cache","entries":[[');
    const corrupt = await start(cacheDir);
    assert.match(corrupt.indexed, /the saved index was unreadable or from another version, so it was ignored, 3 analysed/);
    assert.deepEqual(corrupt.reports, first.reports);
    const none = await start(false);
    assert.match(none.indexed, /Markdown files, no folder to save the index in, \d+ analysed/);
    assert.deepEqual(none.openActions, first.openActions);
    assert.ok(existsSync(cacheDir));
  });
});
