// `npm run hostile`: writes each hostile case into a temporary folder, runs `aar lint` on it and
// shows it to the language server (opened as a document, or as the workspace for the folder
// cases), and prints a Markdown table of what each said and how long it took. The tests of the
// same cases are test/unit/hostile.test.ts; this is the record of their answers and timings.
//
//   npm run hostile [-- --only <words>]    (build first: npm run build)
//
// Times are wall-clock on this machine: the CLI's include starting Node (about 0.1 s); the
// server's run from sending the document to receiving its diagnostics.
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { TextDecoder } from 'node:util';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { BenchClient } from './bench/lsp.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const cli = join(root, 'dist', 'cli.js');
const serverScript = join(root, 'dist', 'server.js');
const TODAY = '2026-11-26';
/** A run longer than this counts as a hang. */
const HANG_MS = 120_000;

const log = (message) => process.stderr.write(`${message}\n`);

function report({ front = '', summary = 'The release went out a day late.', actions = '- [ ] Add a smoke test to the release pipeline @sam due:2026-12-04 (IMP-1)' } = {}) {
  return `---\ntype: after-action-report\ntitle: Hostile input\ndate: 2026-11-20\ndelivery_owner: "@sam"\n${front}---\n# Hostile input\n\n## Summary\n\n${summary}\n\n## Outcomes\n\n- The release reached every customer.\n\n## Improvements\n\n- IMP-1: Nothing tested the release before it went out.\n\n## Actions\n\n${actions}\n`;
}

const UNOWNED = '- [ ] Write the rollback runbook due:2026-12-10 (IMP-1)';
const BILLION_LAUGHS = [
  'lol: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]',
  ...'bcdefghi'.split('').map((name, i) => `${name}: &${name} [${Array(9).fill(`*${'abcdefghi'[i]}`).join(', ')}]`),
].join('\n');

/**
 * Each case: a name, and either `content` (one report file: a string or bytes) or `folder` (writes
 * a tree into the folder given and returns what to lint, relative to it).
 */
const CASES = [
  { name: 'Invalid YAML front matter (an unclosed `[`)', content: () => report({ front: 'milestone: v2.4\nteam: ["@sam", "@kim"\nstatus: draft\n', actions: UNOWNED }) },
  { name: 'Front matter never closed', content: () => report().replace('delivery_owner: "@sam"\n---\n', 'delivery_owner: "@sam"\n\n') },
  { name: 'YAML alias bomb ("billion laughs", 9^9 strings)', content: () => report({ front: `${BILLION_LAUGHS}\nteam: *i\n` }) },
  { name: 'YAML flow lists nested 10,000 deep', content: () => report({ front: `x: ${'['.repeat(10_000)}${']'.repeat(10_000)}\n` }) },
  { name: 'YAML maps nested 1,000 deep (block)', content: () => report({ front: `${Array.from({ length: 1_000 }, (_, i) => `${' '.repeat(i)}k${i}:`).join('\n')} v\n` }) },
  { name: 'Binary file (PNG bytes) named .md', content: () => Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52]) },
  { name: 'NUL bytes in a report', content: () => report({ summary: 'Pasted from a terminal:\u0000\u0000\u0000 end.' }) },
  { name: 'Invalid UTF-8 (a Latin-1 file; the server gets the text as the editor decoded it)', content: () => Buffer.from(report({ summary: 'Caf\xe9 cr\xe8me br\xfbl\xe9e.' }), 'latin1') },
  { name: 'A 3 MB report (limit: 2 MB)', content: () => report({ summary: 'All the rows of a giant export. '.repeat(96 * 1024) }) },
  { name: 'A 50 MB report (limit: 2 MB), then 3 edits', edits: 3, content: () => report({ summary: 'All the rows of a giant export. '.repeat(1600 * 1024) }) },
  { name: '5,000 nested list items on one line', content: () => report({ summary: `${'- '.repeat(5_000)}x` }) },
  { name: '20,000 nested block quotes', content: () => report({ summary: `${'>'.repeat(20_000)} deep` }) },
  { name: '100 nested list items on one line (the most allowed)', content: () => report({ summary: `${'- '.repeat(100)}x` }) },
  { name: 'A list nested 300 levels by indentation (90 KB)', content: () => report({ summary: Array.from({ length: 300 }, (_, i) => `${' '.repeat(i * 2)}- level ${i}`).join('\n') }) },
  { name: '4,000 lines of `- - x` (lists nested on one line)', content: () => report({ summary: '- - x\n'.repeat(4_000) }) },
  { name: '10,000 link reference definitions', content: () => report({ summary: Array.from({ length: 10_000 }, (_, i) => `[ref-${i}]: https://example.com/${i}`).join('\n') }) },
  {
    name: '2,000 actions, each under an `aar-disable-next-line` comment',
    content: () => report({ actions: '<!-- aar-disable-next-line action-missing-owner -->\n- [ ] Rotate the keys\n'.repeat(2_000) }),
  },
  { name: 'A line of 1 MB', content: () => report({ summary: 'word '.repeat(200_000) }) },
  { name: 'A table of 500 columns and 50 rows', content: () => report({ summary: `| ${Array.from({ length: 500 }, (_, i) => `c${i}`).join(' | ')} |\n|${'---|'.repeat(500)}\n${`|${' x |'.repeat(500)}\n`.repeat(50)}` }) },
  { name: 'A code fence never closed (50,000 lines after it)', content: () => report({ actions: `${UNOWNED}\n\n\`\`\`\n${'log line\n'.repeat(50_000)}` }) },
  { name: '10,000 `[`', content: () => report({ summary: '['.repeat(10_000) }) },
  { name: '10,000 `*`', content: () => report({ summary: '*'.repeat(10_000) }) },
  { name: '10,000 unclosed links `[a](b `', content: () => report({ summary: '[a](b '.repeat(10_000) }) },
  { name: 'BOM and CRLF line endings', content: () => `\uFEFF${report({ actions: UNOWNED }).replace(/\n/g, '\r\n')}` },
  {
    name: 'Folder: symlink loops (a link to the root, two links to each other)',
    folder: (dir) => {
      writeFileSync(join(dir, 'reviews', 'q3.md'), report({ actions: UNOWNED }));
      symlinkSync(dir, join(dir, 'reviews', 'back-to-root'), 'dir');
      mkdirSync(join(dir, 'a'));
      symlinkSync(join(dir, 'b'), join(dir, 'a', 'to-b'), 'dir');
      mkdirSync(join(dir, 'b'));
      symlinkSync(join(dir, 'a'), join(dir, 'b', 'to-a'), 'dir');
    },
  },
  {
    name: 'Folder: 1,000 folders nested in each other, a report in each',
    folder: (dir) => {
      let folder = join(dir, 'reviews');
      for (let i = 0; i < 1_000; i++) {
        folder = join(folder, 'a');
        mkdirSync(folder);
        writeFileSync(join(folder, 'r.md'), report());
      }
    },
  },
  {
    name: 'Folder: an unreadable report and an unreadable folder (chmod 000)',
    folder: (dir) => {
      writeFileSync(join(dir, 'reviews', 'open.md'), report({ actions: UNOWNED }));
      writeFileSync(join(dir, 'reviews', 'secret.md'), report({ actions: UNOWNED }));
      mkdirSync(join(dir, 'reviews', 'locked'));
      writeFileSync(join(dir, 'reviews', 'locked', 'inside.md'), report({ actions: UNOWNED }));
      chmodSync(join(dir, 'reviews', 'secret.md'), 0o000);
      chmodSync(join(dir, 'reviews', 'locked'), 0o000);
    },
    cleanup: (dir) => chmodSync(join(dir, 'reviews', 'locked'), 0o755),
    // The server runs as this script's user: as root, the modes stop nothing.
    rootReadsAll: true,
  },
  {
    name: 'Folder: a report deleted after it was listed (a dangling link)',
    folder: (dir) => {
      writeFileSync(join(dir, 'reviews', 'kept.md'), report({ actions: UNOWNED }));
      symlinkSync(join(dir, 'reviews', 'deleted.md'), join(dir, 'reviews', 'gone.md'));
    },
  },
];

/** Removes a folder, however deep: Node's own removal recurses and overflows on thousands of levels. */
function removeTree(dir) {
  try {
    rmSync(dir, { recursive: true, force: true });
  } catch {
    spawnSync('rm', ['-rf', dir]);
  }
}

const cell = (text) => String(text).replace(/\|/g, '\\|').replace(/\n/g, ' ');
const seconds = (ms) => (ms >= 10_000 ? `${(ms / 1000).toFixed(0)} s` : ms >= 1000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms)} ms`);
const shorten = (message, max = 100) => (message.length > max ? `${message.slice(0, max - 1)}…` : message);

/** What findings say, briefly: a note's text, or the rules found with their lines. */
function describeFindings(findings) {
  if (!findings.length) return 'no findings';
  const note = findings.find((f) => f.rule === 'file-skipped' || f.code === 'file-skipped');
  if (note && findings.length === 1) return shorten(note.message.replace(/^Not analysed: /, 'skipped: '));
  const byRule = new Map();
  for (const f of findings) {
    const rule = f.rule ?? f.code;
    const line = f.line ?? f.range.start.line + 1;
    byRule.set(rule, [...(byRule.get(rule) ?? []), line]);
  }
  return [...byRule].map(([rule, lines]) => (lines.length > 3 ? `${rule} ×${lines.length}` : `${rule} (line ${lines.join(', ')})`)).join('; ');
}

/** Runs the CLI as a CI job would; as root, as user `nobody`, so that file modes mean something. */
function runCli(dir, target) {
  const asNobody = process.getuid?.() === 0;
  if (asNobody) chmodSync(dir, 0o755);
  const started = performance.now();
  const run = spawnSync(process.execPath, [cli, 'lint', '--format', 'json', '--today', TODAY, target], {
    cwd: dir,
    encoding: 'utf8',
    timeout: HANG_MS,
    maxBuffer: 256 * 1024 * 1024,
    ...(asNobody ? { uid: 65534, gid: 65534 } : {}),
  });
  const ms = performance.now() - started;
  if (run.signal) return { text: `killed after ${seconds(ms)} (${run.signal}): a hang`, ms };
  let said;
  try {
    said = describeFindings(JSON.parse(run.stdout));
  } catch {
    said = shorten(run.stderr.trim() || run.stdout.trim());
  }
  const warnings = run.stderr
    .split('\n')
    .filter((line) => line.startsWith('aar: warning:'))
    .map((line) => shorten(line.replace(/^aar: warning: /, ''), 80));
  return { text: `exit ${run.status}: ${[said, ...warnings.map((w) => `stderr: ${w}`)].join('; ')}`, ms };
}

/** A server for the document cases: one process, the cases' folder as its workspace. */
async function startServer(folder) {
  const client = new BenchClient(serverScript);
  await client.initialize(folder, { settings: { today: TODAY } });
  await client.initialized();
  return client;
}

async function showDocument(client, file, text, edits) {
  const uri = pathToFileURL(file).href;
  let started = performance.now();
  let published = client.nextDiagnostics(uri, (p) => p.version === 1, HANG_MS);
  await client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'markdown', version: 1, text } });
  let diagnostics;
  try {
    ({ diagnostics } = await published);
  } catch {
    return { text: `no diagnostics within ${seconds(HANG_MS)}: a hang`, ms: performance.now() - started };
  }
  const ms = performance.now() - started;
  const said = describeFindings(diagnostics);
  const editTimes = [];
  for (let version = 2; version <= edits + 1; version++) {
    started = performance.now();
    published = client.nextDiagnostics(uri, (p) => p.version === version, HANG_MS);
    const end = text.split('\n').length - 1;
    await client.notify('textDocument/didChange', {
      textDocument: { uri, version },
      contentChanges: [{ range: { start: { line: end, character: 0 }, end: { line: end, character: 0 } }, text: `x${version}` }],
    });
    await published;
    editTimes.push(performance.now() - started);
  }
  await client.notify('textDocument/didClose', { textDocument: { uri } });
  const editNote = editTimes.length ? `; each edit answered in ${editTimes.map(seconds).join(', ')}` : '';
  return { text: `${said}${editNote}`, ms };
}

/** The folder cases: a server whose workspace is the folder, asked for its reports once indexed. */
async function indexFolder(folder) {
  const started = performance.now();
  const client = new BenchClient(serverScript);
  await client.initialize(folder, { settings: { today: TODAY } });
  await client.initialized();
  const reports = await client.request('aar/reports', {});
  const ms = performance.now() - started;
  await client.stop();
  const names = [...new Set(reports.map((r) => r.uri.slice(r.uri.lastIndexOf('/') + 1)))].sort();
  return { text: `index: ${reports.length} report${reports.length === 1 ? '' : 's'} (${names.slice(0, 4).join(', ')}${names.length > 4 ? ', …' : ''})`, ms };
}

async function main() {
  if (!existsSync(cli) || !existsSync(serverScript)) throw new Error('dist/ is missing: run `npm run build` first.');
  const only = process.argv.includes('--only') ? process.argv.slice(process.argv.indexOf('--only') + 1).join(' ').toLowerCase() : '';
  const cases = CASES.filter((c) => !only || c.name.toLowerCase().includes(only));
  const base = mkdtempSync(join(tmpdir(), 'aar-hostile-'));
  chmodSync(base, 0o755);
  const documents = join(base, 'documents');
  mkdirSync(join(documents, 'reviews'), { recursive: true });
  const rows = [];
  let server;
  try {
    server = await startServer(documents);
    for (const [i, c] of cases.entries()) {
      log(`${i + 1}/${cases.length} ${c.name}`);
      if (c.folder) {
        const dir = join(base, `folder-${i + 1}`);
        mkdirSync(join(dir, 'reviews'), { recursive: true });
        c.folder(dir);
        const lint = runCli(dir, '.');
        const index = await indexFolder(dir);
        if (c.rootReadsAll && process.getuid?.() === 0) index.text += ' (as root, which reads whatever the modes say; the CLI ran as nobody)';
        c.cleanup?.(dir);
        rows.push([c.name, lint.text, index.text, seconds(lint.ms), seconds(index.ms)]);
        continue;
      }
      const file = join(documents, 'reviews', `case-${String(i + 1).padStart(2, '0')}.md`);
      const content = c.content();
      writeFileSync(file, content);
      const lint = runCli(documents, `reviews/${file.slice(file.lastIndexOf('/') + 1)}`);
      // The editor holds text: bytes that are not UTF-8 reach the server as the editor decoded them.
      const text = typeof content === 'string' ? content : new TextDecoder().decode(content);
      const shown = await showDocument(server, file, text, c.edits ?? 0);
      rmSync(file);
      rows.push([c.name, lint.text, shown.text, seconds(lint.ms), seconds(shown.ms)]);
    }
  } finally {
    await server?.stop();
    removeTree(base);
  }
  const header = ['case', '`aar lint`: exit code and what it said', 'language server: diagnostics', 'CLI', 'server'];
  const lines = [
    `| ${header.join(' | ')} |`,
    `|${header.map((_, i) => (i >= 3 ? '---:' : '---')).join('|')}|`,
    ...rows.map((row) => `| ${row.map(cell).join(' | ')} |`),
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

main().catch((e) => {
  log(e.stack ?? String(e));
  process.exitCode = 1;
});
