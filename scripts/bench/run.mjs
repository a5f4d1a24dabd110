// `npm run bench`: builds, makes the corpus (scripts/bench/corpus.mjs, into .bench/), then measures
// side by side in one run and prints a table of ratios against the issue's targets. Then types, key
// by key, into the shapes of scripts/bench/shapes.mjs: at the engine level (typing.mjs, ratios of
// a fresh analysis) and in the language server (lspTyping.mjs: completion, hover and code action
// latency, 500 pipelined edits, peak memory). Then the scale curve (scale.mjs: 1,000 to 20,000
// reports). Writes bench/results.md (for CONTRIBUTING.md and the repository) and .bench/results.json
// (every sample).
//
//   npm run bench [-- --quick] [-- --runs N]
//
// --quick measures each row once and runs typing.mjs --quick; the default takes the median of 3
// runs (typing.mjs: 5 fresh analyses per shape, and each keystroke its median over 5 passes).
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { ensureCorpus, TODAY } from './corpus.mjs';
import { BenchClient, SERVER_EXEC_ARGV } from './lsp.mjs';
import { lspTable, runLspTyping } from './lspTyping.mjs';
import { runScale, scaleTable } from './scale.mjs';
import { curveTable, failures, hostNoiseLine, slowestKeystrokesLines, TARGETS, tracesTable } from './typing.mjs';
import { log, median, sleep } from './stats.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const benchDir = join(root, '.bench');
const corpusDir = join(benchDir, 'corpus');
const largeDir = join(benchDir, 'large');
const cli = join(root, 'dist', 'cli.js');
const server = join(root, 'dist', 'server.js');
const markdownlint = join(root, 'node_modules', 'markdownlint-cli2', 'markdownlint-cli2-bin.mjs');
const EDITS = 20;

function parseRuns(argv) {
  if (argv.includes('--quick')) return 1;
  const i = argv.indexOf('--runs');
  const n = i >= 0 ? Number(argv[i + 1]) : 3;
  if (!Number.isInteger(n) || n < 1) throw new Error('--runs needs a whole number of at least 1');
  return n;
}

/** Wall time of a whole process, in ms; fails on exit codes other than the expected ones. */
function timeProcess(label, args, { cwd, okCodes = [0, 1] }) {
  const started = performance.now();
  const run = spawnSync(process.execPath, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 512 * 1024 * 1024 });
  const ms = performance.now() - started;
  if (run.error || !okCodes.includes(run.status)) {
    throw new Error(`${label} failed (exit ${run.status}): ${run.error?.message ?? run.stderr.toString().slice(0, 2000)}`);
  }
  return ms;
}

function measureLint(runs) {
  const lintArgs = [cli, 'lint', '.', '--today', TODAY];
  const cacheDir = join(benchDir, 'lint-cache');
  rmSync(cacheDir, { recursive: true, force: true });
  // An older build (measured for a "before" column) may not have --cache yet.
  const hasCache = spawnSync(process.execPath, [cli, 'lint', '--help']).stdout.toString().includes('--cache');
  const samples = { aar: [], markdownlint: [], aarCacheWarm: [], aarCacheCold: [] };
  // Fills the cache; its time is the price of the first CI run with --cache.
  if (hasCache) samples.aarCacheCold.push(timeProcess('aar lint --cache (cold)', [...lintArgs, `--cache=${cacheDir}`], { cwd: corpusDir }));
  for (let r = 0; r < runs; r++) {
    log(`  lint run ${r + 1}/${runs}`);
    samples.aar.push(timeProcess('aar lint', lintArgs, { cwd: corpusDir }));
    samples.markdownlint.push(timeProcess('markdownlint-cli2', [markdownlint, '**/*.md'], { cwd: corpusDir }));
    if (hasCache) samples.aarCacheWarm.push(timeProcess('aar lint --cache', [...lintArgs, `--cache=${cacheDir}`], { cwd: corpusDir }));
  }
  return samples;
}

/** Lines of the large report that hold an action, spread evenly: where the edits go. */
function editPositions(text) {
  const lines = text.split('\n');
  const actionLines = [];
  lines.forEach((line, i) => {
    const m = /^(- \[[ x]\] A-\d+: |\| A-\d+ \| )/.exec(line);
    if (m) actionLines.push({ line: i, character: m[1].length });
  });
  return Array.from({ length: EDITS }, (_, k) => actionLines[Math.floor(((k + 0.5) * actionLines.length) / EDITS)]);
}

/**
 * `settings`: what the server is told (`maxProblemsPerFile: 0` sends every problem, where the
 * default sends VS Code's 1,000). Also counts the diagnostics published for the first version.
 */
async function measureEdits(runs, largeFile, settings = {}) {
  const text = readFileSync(largeFile, 'utf8');
  const uri = pathToFileURL(largeFile).href;
  const positions = editPositions(text);
  const samples = { full: [], edit: [], editsPerRun: [], diagnostics: 0 };
  for (let r = 0; r < runs; r++) {
    log(`  edit run ${r + 1}/${runs}`);
    const client = new BenchClient(server);
    try {
      await client.initialize(largeDir, { settings: { today: TODAY, ...settings } });
      // The open is measured once the index has read the workspace: the denominator is the
      // analysis of the document alone, not that plus the index reading the same file meanwhile.
      const indexed = client.nextIndexChange();
      await client.initialized();
      await indexed;
      let version = 1;
      const opened = client.nextDiagnostics(uri);
      const started = performance.now();
      await client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'markdown', version, text } });
      samples.diagnostics = (await opened).diagnostics.length;
      samples.full.push(performance.now() - started);
      const edits = [];
      for (const position of positions) {
        version++;
        const wanted = version;
        const published = client.nextDiagnostics(uri, (p) => p.version === wanted);
        const t0 = performance.now();
        await client.notify('textDocument/didChange', {
          textDocument: { uri, version },
          contentChanges: [{ range: { start: position, end: position }, text: 's' }],
        });
        await published;
        edits.push(performance.now() - t0);
      }
      samples.editsPerRun.push(edits);
      samples.edit.push(median(edits));
    } finally {
      await client.stop();
    }
  }
  return samples;
}

/**
 * One server start on the corpus: ms from `initialized` to the sidebar's first answer (a page of
 * its groups, `aar/actionGroups`, which waits for the index), then memory. Servers from before the
 * sidebar paged (issue 14) are timed to their first `aar/openActions` answer, which sent every action.
 */
async function startOnCorpus(cacheDir) {
  const client = new BenchClient(server);
  try {
    await client.initialize(corpusDir, { settings: { today: TODAY }, initializationOptions: { cacheDir } });
    const started = performance.now();
    await client.initialized();
    let sidebarAnswered = NaN;
    const paged = await client.request('aar/actionGroups', { groupBy: 'owner', today: TODAY, offset: 0, limit: 200 }).then(
      () => ((sidebarAnswered = performance.now()), true),
      () => false,
    );
    let actions = await client.request('aar/openActions', {});
    // An older server answered before its index was built: then the first notification that the
    // index changed is when it was ready.
    const answeredEarly = actions.length === 0;
    if (answeredEarly) {
      await client.nextIndexChange();
      actions = await client.request('aar/openActions', {});
    }
    // Every open action is asked for above to count them; a paging server is timed without that answer.
    const ms = (paged ? sidebarAnswered : performance.now()) - started;
    // Memory once the build has settled (workers, if any, gone), and the peak on the way.
    await sleep(1000);
    const rss = client.rss();
    const peak = Number(/^VmHWM:\s+(\d+)\s+kB/m.exec(readFileSync(`/proc/${client.pid}/status`, 'utf8'))?.[1] ?? NaN) * 1024;
    return { ms, rss, peak, openActions: actions.length, answeredEarly };
  } finally {
    await client.stop();
  }
}

async function measureIndex(runs) {
  const samples = { cold: [], warm: [], rss: [], peak: [], openActions: [] };
  for (let r = 0; r < runs; r++) {
    log(`  index run ${r + 1}/${runs}`);
    const cacheDir = join(benchDir, 'server-cache', `run-${r}`);
    rmSync(cacheDir, { recursive: true, force: true });
    const cold = await startOnCorpus(cacheDir);
    const warm = await startOnCorpus(cacheDir);
    if (cold.openActions !== warm.openActions || !cold.openActions) {
      throw new Error(`The warm start listed ${warm.openActions} open actions, the cold one ${cold.openActions}.`);
    }
    samples.cold.push(cold.ms);
    samples.warm.push(warm.ms);
    samples.rss.push(Math.max(cold.rss, warm.rss));
    samples.peak.push(Math.max(cold.peak, warm.peak));
    samples.openActions.push(cold.openActions);
    if (cold.answeredEarly || warm.answeredEarly) samples.answeredEarly = true;
  }
  return samples;
}

const ms = (v) => (Number.isNaN(v) ? 'n/a' : v >= 1000 ? `${(v / 1000).toFixed(2)} s` : `${v.toFixed(v < 10 ? 1 : 0)} ms`);
const mb = (v) => `${Math.round(v / (1024 * 1024))} MB`;

function rows(lint, edits, everyProblem, index) {
  const lintAar = median(lint.aar);
  const lintMdl = median(lint.markdownlint);
  const warmLint = median(lint.aarCacheWarm);
  const full = median(edits.full);
  const edit = median(edits.edit);
  const cold = median(index.cold);
  const warm = median(index.warm);
  const rss = median(index.rss);
  return [
    { measure: '`aar lint` ÷ `markdownlint-cli2`, 2,000 reports', value: ms(lintAar), baseline: ms(lintMdl), ratio: lintAar / lintMdl, target: 0.25 },
    { measure: '`aar lint --cache`, warm ÷ `markdownlint-cli2`', value: ms(warmLint), baseline: ms(lintMdl), ratio: warmLint / lintMdl, target: undefined },
    { measure: `edit → diagnostics ÷ first full analysis, 600 KB report (${edits.diagnostics.toLocaleString('en-US')} problems shown)`, value: ms(edit), baseline: ms(full), ratio: edit / full, target: 0.05 },
    {
      measure: `the same, every problem sent (\`afterActionReports.maxProblemsPerFile: 0\`: ${everyProblem.diagnostics.toLocaleString('en-US')})`,
      value: ms(median(everyProblem.edit)),
      baseline: ms(median(everyProblem.full)),
      ratio: median(everyProblem.edit) / median(everyProblem.full),
      target: undefined,
    },
    { measure: 'workspace index warm ÷ cold start, 2,000 reports (to the sidebar\'s first page of groups)', value: ms(warm), baseline: ms(cold), ratio: warm / cold, target: 0.1 },
    { measure: 'server memory (RSS) with the corpus indexed', value: mb(rss), baseline: '', ratio: undefined, rss, target: 250 * 1024 * 1024 },
  ];
}

function verdict(row) {
  if (row.target === undefined) return '';
  return (row.ratio ?? row.rss) <= row.target ? 'PASS' : 'MISS';
}

function table(list) {
  const header = ['measure', 'ours', 'against', 'ratio', 'target', 'result'];
  const body = list.map((r) => [
    r.measure,
    r.value,
    r.baseline,
    r.ratio === undefined ? '' : Number.isNaN(r.ratio) ? 'n/a' : r.ratio.toFixed(3),
    r.target === undefined ? '' : r.rss !== undefined ? `≤ ${mb(r.target)}` : `≤ ${r.target}`,
    verdict(r),
  ]);
  return [header, header.map(() => '---'), ...body].map((cells) => `| ${cells.join(' | ')} |`).join('\n');
}

async function main() {
  const runs = parseRuns(process.argv.slice(2));
  // Other processes on the same cores slow some rows more than others (aar lint's workers more than
  // markdownlint-cli2's one thread): the load as each part starts is written down with the results.
  const loads = [];
  const phase = (name, message) => {
    loads.push(`${name} ${loadavg()[0].toFixed(1)}`);
    log(message);
  };
  log('Building…');
  const build = spawnSync(process.execPath, [join(root, 'scripts', 'build.mjs')], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) throw new Error('The build failed.');
  const corpus = ensureCorpus(corpusDir, largeDir, log);
  log(`Corpus: ${corpus.reports} reports, ${Math.round(corpus.bytes / 1024)} KB; large report ${Math.round(corpus.largeBytes / 1024)} KB. ${runs} run(s).`);

  phase('lint', 'Linting the corpus…');
  const lint = measureLint(runs);
  phase('edits', 'Editing the large report in the language server…');
  const edits = await measureEdits(runs, corpus.largeFile);
  log('… and with every problem sent…');
  const everyProblem = await measureEdits(runs, corpus.largeFile, { maxProblemsPerFile: 0 });
  phase('index', 'Starting the language server on the corpus, cold and warm…');
  const index = await measureIndex(runs);

  phase('typing', 'Typing into the new shapes, keystroke by keystroke (scripts/bench/typing.mjs)…');
  const typingJson = join(benchDir, 'typing.json');
  rmSync(typingJson, { force: true });
  const typingRun = spawnSync(process.execPath, [...SERVER_EXEC_ARGV, join(root, 'scripts', 'bench', 'typing.mjs'), '--json', typingJson, ...(runs === 1 ? ['--quick'] : [])], {
    cwd: root,
    stdio: ['ignore', 2, 2],
  });
  // Exit 1: a trace ended with other findings than a fresh analysis, or crashed the engine (reported).
  if (typingRun.status !== 0 && typingRun.status !== 1) throw new Error(`typing.mjs failed (exit ${typingRun.status}).`);
  const typing = JSON.parse(readFileSync(typingJson, 'utf8'));
  const typingFailures = failures(typing);
  phase('server typing', 'Typing into the one-list register in the language server (scripts/bench/lspTyping.mjs)…');
  const lspTyping = await runLspTyping({ quick: runs === 1 });
  phase('scale', 'Workspaces of 1,000, 5,000 and 20,000 reports (scripts/bench/scale.mjs)…');
  const scale = await runScale({ quick: runs === 1 });

  const list = rows(lint, edits, everyProblem, index);
  loads.push(`end ${loadavg()[0].toFixed(1)}`);
  const load = `load average (1 minute) as each part started: ${loads.join(', ')}`;
  const machine = `${cpus().length} × ${cpus()[0]?.model.trim() ?? 'unknown CPU'} (availableParallelism ${availableParallelism()}), ${mb(totalmem())} memory, Node ${process.version}; ${load}`;
  const text = [
    '# Benchmark results',
    '',
    `Made by \`npm run bench\` (${runs === 1 ? 'one run' : `median of ${runs} runs`}) on ${machine}.`,
    `Corpus: ${corpus.reports.toLocaleString('en-US')} generated reports (${Math.round(corpus.bytes / 1024)} KB) in five shapes, and one report of ${Math.round(corpus.largeBytes / 1024)} KB; today is ${TODAY}.`,
    '',
    table(list),
    '',
    `Also measured: \`aar lint --cache\` filling an empty cache ${ms(median(lint.aarCacheCold))}; peak server memory while indexing ${mb(median(index.peak))}; ${index.openActions[0]} open actions in the index.`,
    ...(index.answeredEarly ? ['', 'This server answered `aar/openActions` before its index was built; the start times run to its first `aar/indexChanged` (sent 300 ms after the build) instead.'] : []),
    '',
    '## Typing, keystroke by keystroke, in the engine',
    '',
    `Made by \`node scripts/bench/typing.mjs${typing.quick ? ' --quick' : ''}\` (called by \`npm run bench\`), ${typing.seconds.toFixed(0)} s. Each edit (one typed character, or one whole-line deletion or paste) is analysed by one incremental analyzer of the bundled engine (\`createDocumentAnalyzer().analyze\`); its cost is a ratio of a fresh \`analyze\` of the document the trace starts from (median of ${typing.runs}, same run, column *fresh*). ${typing.passes > 1 ? `Each shape's traces are typed in ${typing.passes} passes, each on a new analyzer, and an edit's time is its median over them, as the reference's is; *max* is the slowest edit of any pass, and *one pass* gives the first pass's own p50 and p95. ${hostNoiseLine(typing.hostNoise)} An edit such a loss falls in takes two to three times as long, about one in ten of a 10 KB report's, which a single pass's p95 measures. The passes' median measures the engine, and, as the reference does, warm on the shape: the first pass is a shape's first typing.` : `One pass of each trace. ${hostNoiseLine(typing.hostNoise)}`} Targets: p50 ≤ ${TARGETS.p50}, p95 ≤ ${TARGETS.p95}, max ≤ ${TARGETS.max}. *Same as fresh*: the findings after the last edit against a fresh analysis of the final text. *Collections in*: how many of the trace's edits, in all passes, a garbage collection fell in (a gc performance entry that started during the edit), the collections' time in all, and *p95* when the p95 edit had one in half the passes or more. *Between edits*: the minor collections made between the trace's edits in all passes, outside their times, as the language server makes them once an edit's diagnostics are out and no change waits (when the young generation is half full: server/src/node/youngGarbage.ts), and their time in all. Shapes: scripts/bench/shapes.mjs.${typing.quick ? ' Quick mode: shorter texts, and a trace already over 0.03 a keystroke is stopped after 2 edits (the *edits* column says so).' : ''}`,
    '',
    tracesTable(typing),
    '',
    'A new action typed at the end of a list, along the size curve: one list (the register\'s shape; its 600 KB point is the register above) and many lists (the corpus\' large report, typed at the end of its middle list). p50 / p95 / max as ratios of a fresh analysis.',
    '',
    curveTable(typing),
    '',
    ...(slowestKeystrokesLines(typing) ? [slowestKeystrokesLines(typing), ''] : []),
    ...(typingFailures.length
      ? ['**Traces that did not end with the findings of a fresh analysis, or crashed the engine:**', '', ...typingFailures.map((f) => `- ${f.shape} / ${f.trace}: ${f.check}${f.crash ? ` (${f.crash.message ?? f.crash})` : ''}`), '']
      : []),
    '## Typing in the language server',
    '',
    `The one-list register (${Math.round(lspTyping.bytes / 1024)} KB, ${lspTyping.items.toLocaleString('en-US')} items) open in \`dist/server.js\` (first diagnostics after ${ms(lspTyping.openMs)}). A new action line typed a key every ${lspTyping.paceMs} ms as incremental \`didChange\`s, at the end${runs === 1 ? '' : ' and in the middle'} of the list; after each keystroke of the owner's handle (\`@\`, then its letters) a request is sent at once and timed, completion, hover and code action in passes of their own.`,
    '',
    lspTable(lspTyping),
    '',
    '## Large workspaces',
    '',
    `Made by \`node scripts/bench/scale.mjs${scale.repeats === 10 ? ' --quick' : ''}\` (called by \`npm run bench\`): the corpus' shapes at 1,000, 5,000 and 20,000 reports. \`aar lint --format json\` wall time and peak memory (GNU time's maximum resident set size, worker threads included); the language server started as VS Code starts it, its index cold and from its persisted index, its memory 3 s after indexing and once idle (V8 hands back what indexing used some seconds after the collection the server makes after a large build), and requests once indexed (${scale.repeats} of each; hover and completion in an open report; the Open Actions view's requests). Targets are those of issue 14, checked at 20,000 reports.`,
    '',
    scaleTable(scale),
    '',
  ].join('\n');
  mkdirSync(join(root, 'bench'), { recursive: true });
  writeFileSync(join(root, 'bench', 'results.md'), text);
  writeFileSync(
    join(benchDir, 'results.json'),
    `${JSON.stringify({ date: new Date().toISOString(), machine, runs, corpus, lint, edits, everyProblem, index, rows: list.map((r) => ({ ...r, result: verdict(r) })), typing, lspTyping, scale }, null, 2)}\n`,
  );
  process.stdout.write(`\n${table(list)}\n\n${tracesTable(typing)}\n\n${curveTable(typing)}\n\n${slowestKeystrokesLines(typing)}\n\n${lspTable(lspTyping)}\n\n${scaleTable(scale)}\n\nWritten to bench/results.md and .bench/results.json.\n`);
  if (typingFailures.length) {
    process.stdout.write(`\n${typingFailures.length} typing trace(s) did NOT end with the findings of a fresh analysis, or crashed the engine: see bench/results.md.\n`);
    process.exitCode = 1;
  }
}

main().catch((e) => {
  process.stderr.write(`bench: ${e.stack ?? e.message}\n`);
  process.exitCode = 1;
});
