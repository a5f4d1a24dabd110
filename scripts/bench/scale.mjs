// The scale curve of issue 14: workspaces of 1,000, 5,000 and 20,000 reports in the corpus' shapes
// (scripts/bench/corpus.mjs, into .bench/scale-N/). For each size:
//
// - `aar lint` cold, and with `--cache` filling then warm: wall time and peak memory of the process
//   (GNU time's maximum resident set size, which counts the worker threads);
// - the language server (dist/server.js over stdio): from `initialized` to the first
//   `aar/openActions` answer, cold and from its persisted index; memory once settled and at peak;
// - requests once indexed: hover on an owner, `@` completion and code actions in an open report;
//   `aar/actionGroups` (what the sidebar asks first), the largest group's first page and the
//   whole `aar/openActions` list: median and p95 of repeated requests.
//
//   node scripts/bench/scale.mjs [--quick] [--sizes 1000,5000] [--json out.json]   (build first)
//
// --quick repeats each request 10 times instead of 30.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { ensureScaleCorpus, TODAY } from './corpus.mjs';
import { BenchClient } from './lsp.mjs';
import { log, percentile, sleep } from './stats.mjs';

const self = fileURLToPath(import.meta.url);
const root = resolve(dirname(self), '..', '..');
const benchDir = join(root, '.bench');
const cli = join(root, 'dist', 'cli.js');
const server = join(root, 'dist', 'server.js');
export const SCALE_SIZES = [1000, 5000, 20000];
const GNU_TIME = '/usr/bin/time';
/** Groups the sidebar asks for at a time (GROUPS_PAGE in client/src/views/actionsView.ts). */
const GROUPS_PAGE = 200;
/** Issue 14's targets, at the largest size. */
export const SCALE_TARGETS = {
  lintPeak: 250 * 1024 * 1024,
  lintWarmPeak: 150 * 1024 * 1024,
  serverRss: 250 * 1024 * 1024,
  requestMs: 100,
  /** Hover, completion and code actions at the largest size ÷ at the smallest: "the same". */
  flatRatio: 1.5,
};

/** Wall time and peak RSS (bytes) of one CLI run; exit codes 0 and 1 (findings) are fine. */
function runCli(label, args, cwd) {
  if (!existsSync(GNU_TIME)) throw new Error(`The scale curve measures peak memory with GNU time, which is not at ${GNU_TIME} (Debian and Ubuntu: apt install time).`);
  const started = performance.now();
  const run = spawnSync(GNU_TIME, ['-f', 'peak-kb %M', process.execPath, cli, ...args], {
    cwd,
    stdio: ['ignore', 'pipe', 'pipe'],
    maxBuffer: 1024 * 1024 * 1024,
  });
  const ms = performance.now() - started;
  const stderr = run.stderr.toString();
  const peak = /peak-kb (\d+)/.exec(stderr);
  if (run.error || ![0, 1].includes(run.status) || !peak) {
    throw new Error(`${label} failed (exit ${run.status}): ${run.error?.message ?? stderr.slice(0, 2000)}`);
  }
  return { ms, peak: Number(peak[1]) * 1024, outputBytes: run.stdout.length };
}

function measureLint(dir) {
  const args = ['lint', '.', '--today', TODAY, '--format', 'json'];
  const cacheDir = join(dir, '..', `${dir.split('/').pop()}-lint-cache`);
  rmSync(cacheDir, { recursive: true, force: true });
  log('  aar lint, cold…');
  const cold = runCli('aar lint', args, dir);
  log('  aar lint --cache, filling…');
  const fill = runCli('aar lint --cache (fill)', [...args, `--cache=${cacheDir}`], dir);
  log('  aar lint --cache, warm…');
  const warm = runCli('aar lint --cache (warm)', [...args, `--cache=${cacheDir}`], dir);
  if (warm.outputBytes !== cold.outputBytes) throw new Error(`The warm lint wrote ${warm.outputBytes} bytes, the cold one ${cold.outputBytes}.`);
  rmSync(cacheDir, { recursive: true, force: true });
  return { cold, fill, warm };
}

/**
 * Reports of the workspace with an owned action: the first is opened (hover, completion and code
 * actions go there), the second changed on disk (an open document's disk changes are ignored).
 */
function pickReports(dir) {
  const folder = join(dir, 'after-action-reports');
  const found = [];
  for (const year of readdirSync(folder).sort()) {
    for (const name of readdirSync(join(folder, year)).sort()) {
      const file = join(folder, year, name);
      const text = readFileSync(file, 'utf8');
      const lines = text.split('\n');
      const line = lines.findIndex((l) => /^- \[ \] .*@\w/.test(l));
      if (line >= 0) found.push({ file, text, line, at: lines[line].indexOf('@') });
      if (found.length === 2) return found;
    }
  }
  throw new Error(`No two reports with an owned open action under ${folder}.`);
}

async function timeRequests(count, send) {
  const samples = [];
  let answer;
  for (let i = 0; i < count; i++) {
    const t0 = performance.now();
    answer = await send();
    samples.push(performance.now() - t0);
  }
  return { p50: percentile(samples, 50), p95: percentile(samples, 95), max: Math.max(...samples), answer };
}

/**
 * Resident memory once the idle server has given back what indexing used: V8's memory reducer
 * shrinks the heap some seconds after a full collection (which the server makes after a large
 * build). Polled each second until it has dropped and held for 5 seconds, or for 45 seconds.
 */
async function idleRss(client) {
  const first = client.rss();
  let last = first;
  let steady = 0;
  for (let s = 0; s < 45; s++) {
    await sleep(1000);
    const now = client.rss();
    steady = now === last ? steady + 1 : 0;
    last = now;
    if (now < first * 0.8 && steady >= 5) break;
  }
  return last;
}

async function startServer(dir, cacheDir) {
  const client = new BenchClient(server);
  await client.initialize(dir, { settings: { today: TODAY }, initializationOptions: { cacheDir } });
  const started = performance.now();
  await client.initialized();
  // One page: the answer waits for the index, without sending every action.
  await client.request('aar/openActions', { limit: 1 });
  const ms = performance.now() - started;
  const beforeGroups = performance.now();
  const { total } = await client.request('aar/actionGroups', { groupBy: 'owner', today: TODAY, offset: 0, limit: GROUPS_PAGE });
  return { client, ms, groupsMs: performance.now() - beforeGroups, openActions: total };
}

/** The sidebar's requests grouped by `groupBy`: its first page of groups and the largest group's first rows. */
async function measureGrouping(client, groupBy, other, repeats) {
  const groupsParams = { groupBy, today: TODAY, offset: 0, limit: GROUPS_PAGE };
  const out = {};
  let started = performance.now();
  const { groups, groupCount, total } = await client.request('aar/actionGroups', groupsParams);
  out.firstMs = performance.now() - started;
  out.groupCount = groupCount;
  // A report saved with one more action: the index merges it in, and the sidebar asks again.
  // The request waits for the read of the changed file: timed from the news of the change.
  const lines = other.text.split('\n');
  lines.splice(other.line + 1, 0, `- [ ] Check the scale bench change by ${groupBy} @dana due:2026-12-01`);
  writeFileSync(other.file, lines.join('\n'));
  started = performance.now();
  await client.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: pathToFileURL(other.file).href, type: 2 }] });
  const regrouped = await client.request('aar/actionGroups', groupsParams);
  out.firstAfterChangeMs = performance.now() - started;
  writeFileSync(other.file, other.text);
  await client.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: pathToFileURL(other.file).href, type: 2 }] });
  if (regrouped.total !== total + 1) throw new Error(`The change was not seen: ${regrouped.total} open actions, ${total} before.`);
  if (groups.length !== Math.min(GROUPS_PAGE, groupCount)) throw new Error(`${groups.length} groups of ${groupCount} in a page of ${GROUPS_PAGE}.`);
  out.again = await timeRequests(repeats, () => client.request('aar/actionGroups', groupsParams));
  const largest = [...groups].sort((a, b) => b.count - a.count)[0];
  out.largestGroup = largest.count;
  out.groupPage = await timeRequests(repeats, () => client.request('aar/openActions', { ...groupsParams, group: largest.id, offset: 0, limit: 200 }));
  for (const kind of ['again', 'groupPage']) delete out[kind].answer;
  return out;
}

async function measureServer(dir, repeats) {
  const cacheDir = join(dir, '..', `${dir.split('/').pop()}-server-cache`);
  rmSync(cacheDir, { recursive: true, force: true });
  log('  server, cold start…');
  const cold = await startServer(dir, cacheDir);
  const out = { coldMs: cold.ms, openActions: cold.openActions };
  try {
    const { client } = cold;
    // Just after: workers gone, the persisted index written.
    await sleep(3000);
    out.rssAfter = client.rss();
    out.peak = client.peakRss();
    out.rss = await idleRss(client);
    const [report, other] = pickReports(dir);
    const uri = pathToFileURL(report.file).href;
    const opened = client.nextDiagnostics(uri);
    await client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'markdown', version: 1, text: report.text } });
    await opened;
    const textDocument = { uri };
    const owner = { line: report.line, character: report.at + 2 };
    log('  requests…');
    out.hover = await timeRequests(repeats, () => client.request('textDocument/hover', { textDocument, position: owner }));
    out.completion = await timeRequests(repeats, () =>
      client.request('textDocument/completion', { textDocument, position: { line: report.line, character: report.at + 1 }, context: { triggerKind: 2, triggerCharacter: '@' } }),
    );
    out.codeAction = await timeRequests(repeats, () =>
      client.request('textDocument/codeAction', {
        textDocument,
        range: { start: { line: report.line, character: 0 }, end: { line: report.line, character: 0 } },
        context: { diagnostics: [], triggerKind: 1 },
      }),
    );
    // What the sidebar asks: a page of its groups, then the first page of the largest group, as
    // after a change (the first request after one groups the workspace again) and as repeated.
    // By owner, a few dozen groups; by report, one per report: the hardest shape of the request.
    out.groupsAfterIndexMs = cold.groupsMs;
    out.grouping = {};
    for (const groupBy of ['owner', 'report']) out.grouping[groupBy] = await measureGrouping(client, groupBy, other, repeats);
    out.openActionsAll = await timeRequests(Math.min(repeats, 10), () => client.request('aar/openActions', {}));
    out.openActionsAll.bytes = Buffer.byteLength(JSON.stringify(out.openActionsAll.answer));
    delete out.openActionsAll.answer;
    for (const kind of ['hover', 'completion', 'codeAction']) delete out[kind].answer;
    out.peakAfterRequests = client.peakRss();
  } finally {
    await cold.client.stop();
  }
  log('  server, warm start…');
  const warm = await startServer(dir, cacheDir);
  try {
    await sleep(3000);
    out.warmMs = warm.ms;
    out.warmRss = warm.client.rss();
    if (warm.openActions !== out.openActions) throw new Error(`The warm start listed ${warm.openActions} open actions, the cold one ${out.openActions}.`);
  } finally {
    await warm.client.stop();
  }
  rmSync(cacheDir, { recursive: true, force: true });
  return out;
}

export async function runScale({ quick = false, sizes = SCALE_SIZES } = {}) {
  const repeats = quick ? 10 : 30;
  const results = [];
  for (const size of sizes) {
    const corpus = ensureScaleCorpus(join(benchDir, `scale-${size}`), size, log);
    log(`${size.toLocaleString('en-US')} reports (${Math.round(corpus.bytes / (1024 * 1024))} MB):`);
    const lint = measureLint(corpus.dir);
    const srv = await measureServer(corpus.dir, repeats);
    results.push({ size, bytes: corpus.bytes, lint, server: srv });
  }
  return { repeats, results };
}

const ms = (v) => (Number.isNaN(v) || v === undefined ? 'n/a' : v >= 1000 ? `${(v / 1000).toFixed(2)} s` : `${v.toFixed(v < 10 ? 1 : 0)} ms`);
const mb = (v) => `${Math.round(v / (1024 * 1024))} MB`;

/** The curve as a Markdown table, sizes as columns, and the targets checked at the largest size. */
export function scaleTable({ results }) {
  const header = ['measure', ...results.map((r) => `${r.size.toLocaleString('en-US')} reports`), 'target', 'result'];
  const last = results[results.length - 1];
  const first = results[0];
  const flat = (kind) => last.server[kind].p50 / first.server[kind].p50;
  const verdict = (ok) => (ok ? 'PASS' : 'MISS');
  const rows = [
    ['`aar lint`: wall time', ...results.map((r) => ms(r.lint.cold.ms)), '', ''],
    ['`aar lint`: peak memory', ...results.map((r) => mb(r.lint.cold.peak)), `≤ ${mb(SCALE_TARGETS.lintPeak)}`, verdict(last.lint.cold.peak <= SCALE_TARGETS.lintPeak)],
    ['`aar lint --cache`, filling: wall / peak', ...results.map((r) => `${ms(r.lint.fill.ms)} / ${mb(r.lint.fill.peak)}`), '', ''],
    ['`aar lint --cache`, warm: wall time', ...results.map((r) => ms(r.lint.warm.ms)), '', ''],
    ['`aar lint --cache`, warm: peak memory', ...results.map((r) => mb(r.lint.warm.peak)), `≤ ${mb(SCALE_TARGETS.lintWarmPeak)}`, verdict(last.lint.warm.peak <= SCALE_TARGETS.lintWarmPeak)],
    ['server: index, cold (to the first answer of `aar/openActions`)', ...results.map((r) => ms(r.server.coldMs)), '', ''],
    ['server: index, from its persisted index', ...results.map((r) => ms(r.server.warmMs)), '', ''],
    ['server: memory with the workspace indexed (RSS), 3 s after indexing', ...results.map((r) => mb(r.server.rssAfter)), '', ''],
    ['server: memory with the workspace indexed (RSS), idle (≤ 45 s after)', ...results.map((r) => mb(r.server.rss)), `≤ ${mb(SCALE_TARGETS.serverRss)}`, verdict(last.server.rss <= SCALE_TARGETS.serverRss)],
    ['server: peak memory while indexing', ...results.map((r) => mb(r.server.peak)), '', ''],
    ['server: memory from its persisted index (RSS, settled)', ...results.map((r) => mb(r.server.warmRss)), '', ''],
    ...[
      ['hover', 'hover on an owner'],
      ['completion', '`@` completion'],
      ['codeAction', 'code actions'],
    ].map(([kind, label]) => [
      `${label}: p50 / p95`,
      ...results.map((r) => `${ms(r.server[kind].p50)} / ${ms(r.server[kind].p95)}`),
      `${results.length > 1 ? `p50 ${last.size / 1000}k ÷ ${first.size / 1000}k ≤ ${SCALE_TARGETS.flatRatio}` : ''}`,
      results.length > 1 ? `${flat(kind).toFixed(2)} ${verdict(flat(kind) <= SCALE_TARGETS.flatRatio)}` : '',
    ]),
    ...(last.server.grouping
      ? [
          ['`aar/actionGroups` by owner (the sidebar\'s first request), first after indexing', ...results.map((r) => ms(r.server.groupsAfterIndexMs)), `≤ ${SCALE_TARGETS.requestMs} ms`, verdict(last.server.groupsAfterIndexMs <= SCALE_TARGETS.requestMs)],
          ...['owner', 'report'].flatMap((groupBy) => {
            const of = (r) => r.server.grouping[groupBy];
            const lastOf = of(last);
            const by = `by ${groupBy}`;
            return [
              [`\`aar/actionGroups\` ${by}, first ${GROUPS_PAGE} groups: first asked / first after a report changed`, ...results.map((r) => `${ms(of(r).firstMs)} / ${ms(of(r).firstAfterChangeMs)} (of ${of(r).groupCount.toLocaleString('en-US')})`), `≤ ${SCALE_TARGETS.requestMs} ms`, verdict(Math.max(lastOf.firstMs, lastOf.firstAfterChangeMs) <= SCALE_TARGETS.requestMs)],
              [`\`aar/actionGroups\` ${by} again: p50 / p95`, ...results.map((r) => `${ms(of(r).again.p50)} / ${ms(of(r).again.p95)}`), `p95 ≤ ${SCALE_TARGETS.requestMs} ms`, verdict(lastOf.again.p95 <= SCALE_TARGETS.requestMs)],
              [`${by}: the largest group's first 200 rows: p50 / p95`, ...results.map((r) => `${ms(of(r).groupPage.p50)} / ${ms(of(r).groupPage.p95)} (of ${of(r).largestGroup.toLocaleString('en-US')})`), `p95 ≤ ${SCALE_TARGETS.requestMs} ms`, verdict(lastOf.groupPage.p95 <= SCALE_TARGETS.requestMs)],
            ];
          }),
        ]
      : []),
    ['every open action (`aar/openActions`, no page): p50 / size', ...results.map((r) => `${ms(r.server.openActionsAll.p50)} / ${(r.server.openActionsAll.bytes / (1024 * 1024)).toFixed(1)} MB`), '', ''],
  ];
  return [header, header.map(() => '---'), ...rows].map((cells) => `| ${cells.join(' | ')} |`).join('\n');
}

if (process.argv[1] === self) {
  const argv = process.argv.slice(2);
  const sizesAt = argv.indexOf('--sizes');
  const sizes = sizesAt >= 0 ? argv[sizesAt + 1].split(',').map(Number) : SCALE_SIZES;
  const jsonAt = argv.indexOf('--json');
  runScale({ quick: argv.includes('--quick'), sizes })
    .then((scale) => {
      process.stdout.write(`${scaleTable(scale)}\n`);
      if (jsonAt >= 0) writeFileSync(argv[jsonAt + 1], `${JSON.stringify(scale, null, 2)}\n`);
    })
    .catch((e) => {
      process.stderr.write(`scale: ${e.stack ?? e.message}\n`);
      process.exitCode = 1;
    });
}
