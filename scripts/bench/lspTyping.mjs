// Typing into the one-list register (scripts/bench/shapes.mjs, 620 KB) in the language server
// (dist/server.js over stdio, as VS Code drives it), for issue 13:
//
// - latency while typing: a new action line is typed keystroke by keystroke (incremental
//   didChange, one character each, PACE_MS apart), at the end and in the middle of the list;
//   after each keystroke that ends in `@` or a letter of the owner's handle, a completion (then,
//   in passes of their own, a hover and a code action request) is sent at once and timed;
// - 500 pipelined edits: 500 didChange notifications sent without waiting, with a completion, a
//   hover and a code action request after every 10 edits, also without waiting; measured: when
//   the last answer arrives after the last edit was sent, whether every request got an answer,
//   and the server's peak memory (VmHWM, and VmRSS polled).
//
//   node scripts/bench/lspTyping.mjs [--quick] [--json out.json]     (builds dist/ first)
//
// --quick types one line per pass instead of two.
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { clearInterval, setInterval } from 'node:timers';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { TEAM_CONFIG, TODAY } from './corpus.mjs';
import { BenchClient } from './lsp.mjs';
import { oneListRegister } from './shapes.mjs';
import { log, percentile, sleep } from './stats.mjs';

const self = fileURLToPath(import.meta.url);
const root = resolve(dirname(self), '..', '..');
const server = join(root, 'dist', 'server.js');
const folder = join(root, '.bench', 'register');
const file = join(folder, 'postmortems', 'actions-register.md');

/** Issue 13's targets. */
export const LSP_TARGETS = { completionP95Ms: 50, pipelinedLastAnswerMs: 2000, pipelinedPeakRss: 400 * 1024 * 1024 };
/** Milliseconds between two keystrokes: a quick typist, about 10 characters a second. */
const PACE_MS = 100;
const PIPELINED_EDITS = 500;
const REQUESTS_EVERY = 10;
/**
 * What is typed in each pass, at the end and in the middle of the list: other words each time, since
 * the engine keeps parses by their text and would meet an earlier pass' text again.
 */
const LINES = {
  completion: ['- [ ] Add a retry budget to the checkout client @priya, due 2026-04-01', '- [ ] Move the refund job off the shared queue @nora, due 2026-04-01'],
  hover: ['- [ ] Page the payments on-call when refunds fail @omar, due 2026-04-08', '- [ ] Rotate the staging database credentials @mateo, due 2026-04-08'],
  codeAction: ['- [ ] Write the failover checklist for the ledger @kofi, due 2026-04-15', '- [ ] Alert on queue depth for the export job @lena, due 2026-04-15'],
};
const PIPELINED_LINE = '- [ ] Rehearse the regional failover with support @chen, due 2026-05-01';
/** How long the pipelined requests may take to be answered before the measure gives up. */
const PIPELINED_TIMEOUT_MS = 900_000;

function positionAt(text, offset) {
  let line = 0;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, character: offset - lineStart };
}

function lineEnd(text, line) {
  let offset = 0;
  for (let i = 0; i < line; i++) offset = text.indexOf('\n', offset) + 1;
  const end = text.indexOf('\n', offset);
  return end < 0 ? text.length : end;
}

/** The open document as the client sees it: its text, version, and the changes that it sends. */
class Editor {
  constructor(client, uri, text) {
    this.client = client;
    this.uri = uri;
    this.text = text;
    this.version = 1;
  }

  open() {
    const published = this.client.nextDiagnostics(this.uri, (p) => p.version === 1);
    this.client.notify('textDocument/didOpen', { textDocument: { uri: this.uri, languageId: 'markdown', version: 1, text: this.text } });
    return published;
  }

  /** Replaces [start, end) with `insert`, as one incremental didChange; resolves once it is written. */
  change(start, end, insert) {
    const range = { start: positionAt(this.text, start), end: positionAt(this.text, end) };
    this.text = this.text.slice(0, start) + insert + this.text.slice(end);
    this.version++;
    return this.client.notify('textDocument/didChange', { textDocument: { uri: this.uri, version: this.version }, contentChanges: [{ range, text: insert }] });
  }

  /** Diagnostics for the version the editor holds now (to register before the change that causes them). */
  diagnosticsFor(version) {
    return this.client.nextDiagnostics(this.uri, (p) => p.version === version, 600_000);
  }

  request(kind, offset) {
    const textDocument = { uri: this.uri };
    const position = positionAt(this.text, offset);
    if (kind === 'completion') {
      const trigger = this.text[offset - 1] === '@' ? { triggerKind: 2, triggerCharacter: '@' } : { triggerKind: 1 };
      return this.client.request('textDocument/completion', { textDocument, position, context: trigger });
    }
    if (kind === 'hover') {
      // On the handle being typed, as the mouse would rest on it.
      return this.client.request('textDocument/hover', { textDocument, position: { line: position.line, character: Math.max(0, position.character - 1) } });
    }
    return this.client.request('textDocument/codeAction', { textDocument, range: { start: position, end: position }, context: { diagnostics: [], triggerKind: 2 } });
  }
}

async function startServer(text) {
  rmSync(folder, { recursive: true, force: true });
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(join(folder, '.aar.yml'), TEAM_CONFIG);
  writeFileSync(file, text);
  const client = new BenchClient(server);
  await client.initialize(folder, { settings: { today: TODAY } });
  const indexed = client.nextIndexChange();
  await client.initialized();
  await indexed;
  const editor = new Editor(client, pathToFileURL(file).href, text);
  const started = performance.now();
  const published = editor.open();
  // A completion asked for as the document opens waits for its first analysis: how long, measured.
  const firstCompletion = editor.request('completion', text.length).then(() => performance.now() - started);
  const opened = await published;
  return { client, editor, openMs: performance.now() - started, firstCompletionMs: await firstCompletion, diagnostics: opened.diagnostics.length };
}

/**
 * Types `action` on a new line after `line`, one keystroke every PACE_MS; after each keystroke of
 * the handle (`@`, then its letters) sends a `kind` request at the cursor and times its answer.
 * Then undoes the line in one edit and waits for that version's diagnostics, so that the next
 * line starts from a server that has caught up.
 */
async function typeLine(editor, line, kind, action) {
  const samples = [];
  const start = lineEnd(editor.text, line);
  const typed = `\n${action}`;
  const handleFrom = typed.indexOf('@');
  const handleTo = handleFrom + /^@\w+/.exec(typed.slice(handleFrom))[0].length;
  let items;
  for (let i = 0; i < typed.length; i++) {
    const sent = performance.now();
    await editor.change(start + i, start + i, typed[i]);
    if (i >= handleFrom && i < handleTo) {
      const t0 = performance.now();
      const answer = await editor.request(kind, start + i + 1);
      samples.push(performance.now() - t0);
      if (kind === 'completion' && typed[i] === '@') items = Array.isArray(answer) ? answer.length : (answer?.items?.length ?? 0);
    }
    const wait = PACE_MS - (performance.now() - sent);
    if (wait > 0) await sleep(wait);
  }
  const settled = editor.diagnosticsFor(editor.version + 1);
  await editor.change(start, start + typed.length, '');
  await settled;
  return { samples, items };
}

async function latencyWhileTyping(editor, points, quick) {
  const lines = quick ? [points.listEnd] : [points.listEnd, points.mid50];
  const out = {};
  for (const kind of ['completion', 'hover', 'codeAction']) {
    const samples = [];
    let items;
    for (const [n, line] of lines.entries()) {
      const typed = await typeLine(editor, line, kind, LINES[kind][n]);
      samples.push(...typed.samples);
      items ??= typed.items;
    }
    out[kind] = { samples, p50: percentile(samples, 50), p95: percentile(samples, 95), max: Math.max(...samples), items };
    log(`  ${kind}: ${samples.length} requests while typing, p50 ${out[kind].p50.toFixed(0)} ms, p95 ${out[kind].p95.toFixed(0)} ms, max ${out[kind].max.toFixed(0)} ms`);
  }
  return out;
}

/** 500 keystrokes sent back to back at the end of the list, with requests every 10 that nobody waits for. */
async function pipelined(client, editor, points) {
  let typed = '';
  while (typed.length < PIPELINED_EDITS) typed += `\n${PIPELINED_LINE}`;
  typed = typed.slice(0, PIPELINED_EDITS);
  const start = lineEnd(editor.text, points.listEnd);
  const requests = [];
  let peakPolled = client.rss();
  const poll = setInterval(() => {
    try {
      peakPolled = Math.max(peakPolled, client.rss());
    } catch {
      // the process is gone
    }
  }, 20);
  const finalVersion = editor.version + PIPELINED_EDITS;
  const finalDiagnostics = editor.client.nextDiagnostics(editor.uri, (p) => p.version === finalVersion, PIPELINED_TIMEOUT_MS);
  const began = performance.now();
  for (let i = 0; i < PIPELINED_EDITS; i++) {
    await editor.change(start + i, start + i, typed[i]);
    if ((i + 1) % REQUESTS_EVERY === 0) {
      for (const kind of ['completion', 'hover', 'codeAction']) {
        const sent = performance.now();
        requests.push(
          editor.request(kind, start + i + 1).then(
            () => ({ kind, sent, answered: performance.now() }),
            (e) => ({ kind, sent, answered: performance.now(), error: `${e.code ?? ''} ${e.message}`.trim() }),
          ),
        );
      }
    }
  }
  const lastEdit = performance.now();
  // Guards: once the answers are in, they must not hold `npm run bench` open for 15 minutes.
  const timeout = sleep(PIPELINED_TIMEOUT_MS, { guard: true }).then(() => 'timeout');
  const answers = await Promise.race([Promise.all(requests), timeout]);
  const diagnostics = await Promise.race([finalDiagnostics.then(() => performance.now(), () => NaN), sleep(answers === 'timeout' ? 0 : PIPELINED_TIMEOUT_MS, { guard: true }).then(() => NaN)]);
  clearInterval(poll);
  const peak = Math.max(peakPolled, client.peakRss());
  if (answers === 'timeout') {
    return { edits: PIPELINED_EDITS, requests: requests.length, answered: NaN, lastAnswerMs: NaN, sendMs: lastEdit - began, peakRss: peak, timedOut: true };
  }
  const lastAnswer = Math.max(...answers.map((a) => a.answered));
  const errors = answers.filter((a) => a.error);
  const result = {
    edits: PIPELINED_EDITS,
    requests: requests.length,
    answered: answers.length,
    errors: errors.length,
    errorKinds: [...new Set(errors.map((e) => e.error))],
    sendMs: lastEdit - began,
    lastAnswerMs: lastAnswer - lastEdit,
    finalDiagnosticsMs: diagnostics - lastEdit,
    slowestAnswerMs: Math.max(...answers.map((a) => a.answered - a.sent)),
    peakRss: peak,
    peakPolled,
  };
  log(
    `  ${result.answered}/${result.requests} answered (${result.errors} errors), last answer ${result.lastAnswerMs.toFixed(0)} ms after the last edit,` +
      ` diagnostics of the last version after ${result.finalDiagnosticsMs.toFixed(0)} ms; peak RSS ${Math.round(peak / 1024 ** 2)} MB`,
  );
  return result;
}

export async function runLspTyping({ quick = false } = {}) {
  const { text, points, items } = oneListRegister();
  log(`Opening the one-list register (${Math.round(Buffer.byteLength(text) / 1024)} KB, ${items.toLocaleString('en-US')} items) in the language server…`);
  const { client, editor, openMs, firstCompletionMs, diagnostics } = await startServer(text);
  try {
    log(`  open → diagnostics ${openMs.toFixed(0)} ms (${diagnostics} diagnostics); a completion sent with the open answered after ${firstCompletionMs.toFixed(0)} ms`);
    log('Typing with completion, hover and code action requests…');
    const latency = await latencyWhileTyping(editor, points, quick);
    log(`${PIPELINED_EDITS} pipelined edits with requests every ${REQUESTS_EVERY}…`);
    const burst = await pipelined(client, editor, points);
    return { bytes: Buffer.byteLength(text), items, openMs, firstCompletionMs, diagnostics, paceMs: PACE_MS, latency, pipelined: burst, rssAfter: client.rss(), peakRss: client.peakRss(), stderr: client.stderr.join('').slice(-4000) };
  } finally {
    await client.stop();
  }
}

const fmt = (v) => (Number.isNaN(v) || v === undefined ? 'n/a' : v >= 1000 ? `${(v / 1000).toFixed(2)} s` : `${v.toFixed(0)} ms`);
const mb = (v) => `${Math.round(v / 1024 ** 2)} MB`;

/** The language server rows of bench/results.md. */
export function lspTable(r) {
  const rows = [];
  const t = LSP_TARGETS;
  rows.push([`completion sent with the document's opening (answered after its first analysis; diagnostics after ${fmt(r.openMs)})`, fmt(r.firstCompletionMs), '', '', '', '']);
  for (const [kind, label, target] of [['completion', '`@` completion', t.completionP95Ms], ['hover', 'hover', undefined], ['codeAction', 'code action', undefined]]) {
    const l = r.latency[kind];
    rows.push([
      `${label} while typing (${l.samples.length} requests)`,
      fmt(l.p50),
      fmt(l.p95),
      fmt(l.max),
      target ? `p95 ≤ ${target} ms` : '',
      target ? (l.p95 <= target ? 'PASS' : 'MISS') : '',
    ]);
  }
  const p = r.pipelined;
  const answered = p.timedOut ? 'timed out' : `${p.answered}/${p.requests} answered${p.errors ? ` (${p.errors} with an error: ${p.errorKinds.join('; ')})` : ''}`;
  const complete = !p.timedOut && p.answered === p.requests;
  rows.push([
    `${p.edits} pipelined edits, requests every ${REQUESTS_EVERY}: last answer after the last edit (${answered})`,
    fmt(p.lastAnswerMs),
    '',
    '',
    `≤ ${t.pipelinedLastAnswerMs / 1000} s, all answered`,
    complete && p.lastAnswerMs <= t.pipelinedLastAnswerMs ? 'PASS' : 'MISS',
  ]);
  rows.push(['… diagnostics of the last version after the last edit', fmt(p.finalDiagnosticsMs), '', '', '', '']);
  rows.push(['server peak memory (VmHWM) through all of the above', mb(p.peakRss), '', '', `≤ ${mb(t.pipelinedPeakRss)}`, p.peakRss <= t.pipelinedPeakRss ? 'PASS' : 'MISS']);
  const header = ['measure', 'p50 (or value)', 'p95', 'max', 'target', 'result'];
  return [header, header.map(() => '---'), ...rows].map((cells) => `| ${cells.join(' | ')} |`).join('\n');
}

async function main() {
  const argv = process.argv.slice(2);
  const quick = argv.includes('--quick');
  const i = argv.indexOf('--json');
  log('Building…');
  const build = spawnSync(process.execPath, [join(root, 'scripts', 'build.mjs')], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) throw new Error('The build failed.');
  const result = await runLspTyping({ quick });
  if (i >= 0) writeFileSync(resolve(argv[i + 1]), `${JSON.stringify(result, null, 2)}\n`);
  process.stdout.write(`\n${lspTable(result)}\n`);
}

if (process.argv[1] && resolve(process.argv[1]) === self) {
  main().catch((e) => {
    process.stderr.write(`lspTyping: ${e.stack ?? e.message}\n`);
    process.exitCode = 1;
  });
}
