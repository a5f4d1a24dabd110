// The persisted per-file results (server/src/node/fileCache.ts) and the batches of analyses
// (server/src/node/workerPool.ts), on real temporary folders and real worker threads.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { analyze } from '../../server/src/core/analyze';
import { defaultConfig, mergeConfig, parsePeople } from '../../server/src/core/config';
import { engineFingerprint, FileResultCache } from '../../server/src/node/fileCache';
import { indexCodec, type IndexedReport, summarise } from '../../server/src/workspaceIndex';
import { BatchAnalyser, WorkerPool } from '../../server/src/node/workerPool';

type Result = { findings: number };
const isResult = (v: unknown): v is Result => !!v && typeof (v as Result).findings === 'number';

/** A file last modified an hour before it was read: its stamp alone is trusted. */
const READ_AT = Date.parse('2026-11-25T12:00:00Z');
const OLD = { size: 120, mtimeMs: READ_AT - 3600_000 };
const TODAY_FOR_INDEX = '2026-11-25';

describe('FileResultCache', () => {
  let dir: string;
  let file: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'aar-cache-'));
    file = join(dir, 'nested', 'lint.json');
  });

  /** Every cache a test loaded: closed after it, as the CLI and the server close theirs (an open file each). */
  const opened: { close(): Promise<void> }[] = [];
  async function track<R extends { cache: { close(): Promise<void> } }>(loading: Promise<R>): Promise<R> {
    const loaded = await loading;
    opened.push(loaded.cache);
    return loaded;
  }

  afterEach(async () => {
    await Promise.all(opened.splice(0).map((cache) => cache.close()));
    rmSync(dir, { recursive: true, force: true });
  });

  const load = (engine = 'engine-1', kind = 'lint') => track(FileResultCache.load(file, kind, engine, isResult));

  async function saved(entries: [string, typeof OLD, string, string, Result][]): Promise<void> {
    const { cache } = await load();
    for (const [key, stamp, hash, inputs, result] of entries) cache.set(key, stamp, hash, inputs, READ_AT, result);
    assert.equal(await cache.save(), true);
  }

  it('starts empty without a file, then gives back what was saved for an unchanged file', async () => {
    const first = await load();
    assert.equal(first.status, 'missing');
    assert.equal(first.cache.size, 0);
    await saved([['/r/a.md', OLD, 'hash-a', 'config-1|2026-11-25', { findings: 3 }]]);
    const { cache, status } = await load();
    assert.equal(status, 'loaded');
    assert.deepEqual(cache.unchanged('/r/a.md', OLD, 'config-1|2026-11-25'), { findings: 3 });
  });

  it('gives nothing when the size, the time or the inputs (configuration, date) differ', async () => {
    await saved([['/r/a.md', OLD, 'hash-a', 'config-1|2026-11-25', { findings: 3 }]]);
    const { cache } = await load();
    assert.equal(cache.unchanged('/r/a.md', { ...OLD, size: 121 }, 'config-1|2026-11-25'), undefined);
    assert.equal(cache.unchanged('/r/a.md', { ...OLD, mtimeMs: OLD.mtimeMs + 1 }, 'config-1|2026-11-25'), undefined);
    assert.equal(cache.unchanged('/r/a.md', OLD, 'config-2|2026-11-25'), undefined);
    assert.equal(cache.unchanged('/r/a.md', OLD, 'config-1|2026-11-26'), undefined);
    assert.equal(cache.unchanged('/r/b.md', OLD, 'config-1|2026-11-25'), undefined);
  });

  it('lets the content hash decide when only the time moved, and then trusts the new time', async () => {
    await saved([['/r/a.md', OLD, 'hash-a', 'inputs', { findings: 3 }]]);
    const { cache } = await load();
    const touched = { ...OLD, mtimeMs: OLD.mtimeMs + 60_000 };
    assert.equal(cache.sameContent('/r/a.md', touched, 'hash-other', 'inputs', READ_AT), undefined);
    assert.deepEqual(cache.sameContent('/r/a.md', touched, 'hash-a', 'inputs', READ_AT), { findings: 3 });
    assert.deepEqual(cache.unchanged('/r/a.md', touched, 'inputs'), { findings: 3 });
    // An unread file (too large) has no hash: it never matches by content.
    assert.equal(cache.sameContent('/r/a.md', touched, '', 'inputs', READ_AT), undefined);
  });

  it('does not trust the time of a file modified around the moment it was read', async () => {
    const racy = { size: 120, mtimeMs: READ_AT - 500 };
    await saved([['/r/a.md', racy, 'hash-a', 'inputs', { findings: 3 }]]);
    const { cache } = await load();
    assert.equal(cache.unchanged('/r/a.md', racy, 'inputs'), undefined);
    assert.deepEqual(cache.sameContent('/r/a.md', racy, 'hash-a', 'inputs', READ_AT + 10_000), { findings: 3 });
    assert.deepEqual(cache.unchanged('/r/a.md', racy, 'inputs'), { findings: 3 });
  });

  it('ignores a file that is not JSON, or not a cache, or made by another engine or for another purpose', async () => {
    await saved([['/r/a.md', OLD, 'hash-a', 'inputs', { findings: 3 }]]);
    const valid = readFileSync(file, 'utf8');
    assert.equal((await load('engine-2')).status, 'ignored');
    assert.equal((await load('engine-2')).cache.size, 0);
    assert.equal((await load('engine-1', 'index')).status, 'ignored');
    const [header, ...rest] = valid.split('\n');
    const otherVersion = [JSON.stringify({ ...JSON.parse(header), version: 99 }), ...rest].join('\n');
    const cutShort = valid.slice(0, valid.lastIndexOf('{"end"'));
    for (const foreign of ['{"format":"aar-file-cache",', '\u0000\u0001binary', '[]', 'null', otherVersion, cutShort, `${valid}${rest[0]}\n`, valid.replace(/\n[^\n]*\t[^\n]*\n/, '\n')]) {
      writeFileSync(file, foreign);
      const { cache, status } = await load();
      assert.equal(status, 'ignored', foreign);
      assert.equal(cache.size, 0);
    }
  });

  it('drops entries of the wrong shape and keeps the others', async () => {
    await saved([
      ['/r/a.md', OLD, 'hash-a', 'inputs', { findings: 3 }],
      ['/r/b.md', OLD, 'hash-b', 'inputs', { findings: 1 }],
      ['/r/c.md', OLD, 'hash-c', 'inputs', { findings: 2 }],
    ]);
    const lines = readFileSync(file, 'utf8').split('\n');
    const at = (key: string) => lines.findIndex((l) => l.startsWith(`["${key}"`));
    lines[at('/r/b.md')] = lines[at('/r/b.md')].replace('{"findings":1}', '{"findings":"none"}');
    lines[at('/r/c.md')] = lines[at('/r/c.md')].replace(/^\["\/r\/c\.md",120,/, '["/r/c.md","120",');
    lines.splice(2, 0, 'junk', '["/r/d.md"]\t{"findings":1}');
    // The last line counts the entry lines, this malformed one too.
    writeFileSync(file, lines.join('\n').replace('{"end":3}', '{"end":4}'));
    const { cache, status } = await load();
    assert.equal(status, 'loaded');
    assert.deepEqual(cache.unchanged('/r/a.md', OLD, 'inputs'), { findings: 3 });
    assert.equal(cache.unchanged('/r/b.md', OLD, 'inputs'), undefined, 'a result of the wrong shape');
    assert.equal(cache.unchanged('/r/c.md', OLD, 'inputs'), undefined, 'a stamp of the wrong shape');
    assert.equal(cache.unchanged('/r/d.md', OLD, 'inputs'), undefined);
    assert.equal(cache.size, 1, 'what was found wrong is forgotten');
    await cache.close();
    // Decoded as it loads (the server's index), the same entries survive.
    const eager = (await track(FileResultCache.load(file, 'lint', 'engine-1', isResult, { eager: true }))).cache;
    assert.equal(eager.size, 1);
    assert.deepEqual(eager.unchanged('/r/a.md', OLD, 'inputs'), { findings: 3 });
    assert.deepEqual(eager.unchanged('/r/a.md', OLD, 'inputs'), { findings: 3 }, 'asked again: read from the file');
    await eager.close();
  });

  it('reads a result only when it is asked for, from the file as loaded even when another run replaces it meanwhile', async () => {
    await saved([['/r/a.md', OLD, 'hash-a', 'inputs', { findings: 3 }]]);
    const { cache } = await load();
    // Another run saves its own cache over this one's file.
    const other = (await load()).cache;
    other.set('/r/a.md', OLD, 'hash-a', 'inputs', READ_AT, { findings: 9 });
    await other.save();
    await other.close();
    assert.deepEqual(cache.unchanged('/r/a.md', OLD, 'inputs'), { findings: 3 });
    await cache.close();
    assert.deepEqual((await load()).cache.unchanged('/r/a.md', OLD, 'inputs'), { findings: 9 });
  });

  it('keeps unchanged results and their shared values when it saves new ones beside them, and stays usable after', async () => {
    const person = (handle: string) => ({ handle, source: 'workspace' });
    type People = { people: { handle: string }[] };
    const codec = {
      encode: (r: People, share: (v: unknown) => number) => ({ people: r.people.map(share) }),
      decode: (stored: unknown, shared: readonly unknown[]) => ({ people: (stored as { people: number[] }).people.map((i) => shared[i]) }) as People,
    };
    const first = FileResultCache.empty<People>(file, 'lint', 'engine-1', codec);
    first.set('/r/a.md', OLD, 'h-a', 'inputs', READ_AT, { people: [person('sam'), person('kim')] });
    await first.save();
    await first.close();
    const { cache } = await track(FileResultCache.load(file, 'lint', 'engine-1', codec));
    cache.set('/r/b.md', OLD, 'h-b', 'inputs', READ_AT, { people: [person('lee'), person('sam')] });
    await cache.save();
    // After its save, results (old and new) come from the file it wrote.
    assert.deepEqual(cache.unchanged('/r/b.md', OLD, 'inputs'), { people: [person('lee'), person('sam')] });
    await cache.close();
    const back = (await track(FileResultCache.load(file, 'lint', 'engine-1', codec))).cache;
    assert.deepEqual(back.unchanged('/r/a.md', OLD, 'inputs'), { people: [person('sam'), person('kim')] });
    assert.deepEqual(back.unchanged('/r/b.md', OLD, 'inputs'), { people: [person('lee'), person('sam')] });
    await back.close();
    assert.equal(readFileSync(file, 'utf8').split('"sam"').length - 1, 1, 'a shared value is written once');
  });

  it('gives back index summaries exactly as they were made, writing people shared by reports once', async () => {
    const config = mergeConfig(defaultConfig(), {
      roster: parsePeople(['@sam', { handle: 'kim', name: 'Kim Park', email: 'kim@example.com' }, { name: 'Lee Wong' }], 'workspace'),
    });
    const reportText = (i: number) => `---
type: after-action-report
title: Review ${i}
date: 2026-10-0${i}
delivery_owner: "@dana"
participants: ["@ola${i}"]
---
# Review ${i}

## Actions

- [ ] AI-${i}: Update the checklist @kim due:2026-11-2${i}
- [ ] Rotate the keys owner: Lee Wong, with @sam due:2026-12-0${i}
- [ ] Nobody owns this one yet
- [x] Done already @sam
`;
    const summaries = [1, 2, 3].map((i) => summarise(analyze(reportText(i), { uri: `file:///r/${i}.md`, config, today: TODAY_FOR_INDEX }).report!, TODAY_FOR_INDEX));
    assert.ok(summaries.every((s) => s.openActions.some((a) => a.ownerPerson) && s.openActions.some((a) => a.id) && s.openActions.some((a) => a.collaborators.length)));
    const index = FileResultCache.empty<IndexedReport | null>(file, 'index', 'engine-1', indexCodec);
    opened.push(index);
    summaries.forEach((summary, i) => index.set(`file:///r/${i + 1}.md`, OLD, `h${i}`, 'inputs', READ_AT, summary));
    index.set('file:///r/notes.md', OLD, 'h-notes', 'inputs', READ_AT, null);
    await index.save();

    const { cache } = await track(FileResultCache.load(file, 'index', 'engine-1', indexCodec));
    summaries.forEach((summary, i) => {
      const back = cache.unchanged(`file:///r/${i + 1}.md`, OLD, 'inputs');
      // As JSON keeps it (no undefined fields), and with the keys in the same order: the views get the same.
      assert.equal(JSON.stringify(back), JSON.stringify(summary));
      assert.deepEqual(back, JSON.parse(JSON.stringify(summary)));
    });
    assert.equal(cache.unchanged('file:///r/notes.md', OLD, 'inputs'), null);
    const written = readFileSync(file, 'utf8');
    // Once in the roster's form and once as an owner, for all three reports.
    assert.equal(written.split('"Kim Park"').length - 1, 2, 'a person is written once for all reports');
    assert.equal(written.split('file:///r/1.md').length - 1, 3, 'the report’s uri: its key, its summary and its info, not once per action');
  });

  it('writes through a temporary file and a rename: two writers leave one whole file, no temporaries', async () => {
    const one = (await load()).cache;
    const two = (await load()).cache;
    for (let i = 0; i < 200; i++) {
      one.set(`/r/${i}.md`, OLD, `h${i}`, 'inputs', READ_AT, { findings: 1 });
      two.set(`/r/${i}.md`, OLD, `h${i}`, 'inputs', READ_AT, { findings: 2 });
    }
    await Promise.all([one.save(), two.save()]);
    const { cache } = await load();
    assert.equal(cache.size, 200);
    const findings = new Set(Array.from({ length: 200 }, (_, i) => cache.unchanged(`/r/${i}.md`, OLD, 'inputs')?.findings));
    assert.equal(findings.size, 1, 'the file is one writer’s, not a mix');
    assert.deepEqual(readdirSync(join(dir, 'nested')), ['lint.json']);
  });

  it('removes the temporary files of runs killed while writing, and keeps those that may still be written', async () => {
    await saved([['/r/a.md', OLD, 'hash-a', 'inputs', { findings: 3 }]]);
    const folder = join(dir, 'nested');
    // A process that has ended: its pid names no running writer.
    const gone = spawnSync(process.execPath, ['-e', '']).pid!;
    const leftover = (name: string, minutesOld: number) => {
      const path = join(folder, name);
      writeFileSync(path, 'x'.repeat(1024));
      const when = new Date(Date.now() - minutesOld * 60_000);
      utimesSync(path, when, when);
    };
    leftover(`lint.json.${gone}.0a1b2c3d4e5f.tmp`, 2); // killed two minutes ago: removed
    leftover(`lint.json.${gone}.00112233aabb.tmp`, 0.1); // just written, maybe from another machine: kept
    leftover(`lint.json.${process.pid}.ffeeddccbbaa.tmp`, 5); // this process is writing it: kept
    leftover(`lint.json.1.abcdefabcdef.tmp`, 11); // far older than any write takes: removed, whoever wrote it
    leftover(`index.json.${gone}.0a1b2c3d4e5f.tmp`, 30); // another cache's: left to it
    const { cache } = await load();
    assert.deepEqual(cache.unchanged('/r/a.md', OLD, 'inputs'), { findings: 3 });
    assert.deepEqual(readdirSync(folder).sort(), [
      `index.json.${gone}.0a1b2c3d4e5f.tmp`,
      'lint.json',
      `lint.json.${gone}.00112233aabb.tmp`,
      `lint.json.${process.pid}.ffeeddccbbaa.tmp`,
    ].sort());
  });

  it('writes nothing when nothing changed, and forgets what it is told to', async () => {
    await saved([
      ['/r/a.md', OLD, 'hash-a', 'inputs', { findings: 3 }],
      ['/r/b.md', OLD, 'hash-b', 'inputs', { findings: 1 }],
    ]);
    const { cache } = await load();
    assert.equal(await cache.save(), false);
    cache.retain((key) => key !== '/r/b.md');
    assert.equal(await cache.save(), true);
    assert.equal((await load()).cache.size, 1);
  });

  it('fingerprints the engine by the bytes of its bundles and the version', async () => {
    const bundle = join(dir, 'bundle.js');
    writeFileSync(bundle, 'engine();');
    const before = await engineFingerprint('1.0.0', [bundle]);
    assert.equal(await engineFingerprint('1.0.0', [bundle]), before);
    assert.notEqual(await engineFingerprint('1.0.1', [bundle]), before);
    const rebuilt = join(dir, 'rebuilt.js');
    writeFileSync(rebuilt, 'engine(); // changed');
    assert.notEqual(await engineFingerprint('1.0.0', [rebuilt]), before);
  });
});

describe('BatchAnalyser and WorkerPool', function () {
  this.timeout(20_000);
  let dir: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'aar-pool-'));
  });

  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  /** A worker script speaking the pool's protocol: squares numbers; fails on a negative one. */
  function squareWorker(): string {
    const script = join(dir, 'square-worker.js');
    writeFileSync(
      script,
      `const { parentPort, threadId } = require('node:worker_threads');
parentPort.on('message', ({ id, kind, jobs }) => {
  if (jobs.some((n) => n < 0)) { process.exit(3); }
  parentPort.postMessage({ id, results: jobs.map((n) => ({ value: n * n, kind, thread: threadId })) });
});
`,
    );
    return script;
  }

  type Squared = { value: number; kind?: string; thread?: number };

  function analyser(options: { threads: number; workerScript?: string; onWorkerError?: (e: Error) => void; heavyJobBytes?: number; analyseHereToo?: boolean }) {
    return new BatchAnalyser<number, Squared>({
      kind: 'square',
      analyse: (n) => ({ value: n * n }),
      // A job weighs its number in kilobytes.
      weight: (n) => Math.abs(n) * 1024,
      ...options,
    });
  }

  /** Submits every job, says no more are coming, and waits for every answer and for the workers to stop. */
  async function answersTo(batches: ReturnType<typeof analyser>, jobs: number[]): Promise<Squared[]> {
    const results = jobs.map((n) => batches.submit(n));
    batches.flush();
    const values = await Promise.all(results);
    await batches.close();
    return values;
  }

  it('answers every job with its own result, in workers when there are many, whatever order they finish in', async () => {
    const batches = analyser({ threads: 3, workerScript: squareWorker() });
    const jobs = Array.from({ length: 100 }, (_, i) => i);
    const values = await answersTo(batches, jobs);
    assert.deepEqual(values.map((v) => v.value), jobs.map((n) => n * n));
    assert.equal(batches.workersStarted, 3);
    assert.ok(values.every((v) => v.kind === 'square' && typeof v.thread === 'number'), 'every job ran in a worker');
  });

  it('analyses here too, as one of its threads, when asked to (the CLI): one worker fewer, every job answered', async () => {
    const batches = analyser({ threads: 2, workerScript: squareWorker(), analyseHereToo: true });
    const jobs = Array.from({ length: 200 }, (_, i) => i);
    const values = await answersTo(batches, jobs);
    assert.deepEqual(values.map((v) => v.value), jobs.map((n) => n * n));
    assert.equal(batches.workersStarted, 1);
    assert.ok(values.some((v) => typeof v.thread === 'number'), 'the worker analysed some');
    assert.ok(values.some((v) => v.thread === undefined), 'this thread analysed some');
  });

  it('keeps a few jobs in this thread: no worker is started for them', async () => {
    const batches = analyser({ threads: 3, workerScript: squareWorker() });
    const results = [1, 2, 3].map((n) => batches.submit(n));
    batches.flush();
    assert.deepEqual((await Promise.all(results)).map((v) => v.value), [1, 4, 9]);
    await batches.close();
    assert.equal(batches.workersStarted, 0);
  });

  it('sends one heavy job to a worker when asked to keep this thread free (the server), and keeps it here otherwise (the CLI)', async () => {
    const server = analyser({ threads: 2, workerScript: squareWorker(), heavyJobBytes: 500 * 1024 });
    const light = server.submit(3);
    const heavy = server.submit(600);
    server.flush();
    const [lightResult, heavyResult] = await Promise.all([light, heavy]);
    await server.close();
    assert.equal(heavyResult.value, 360_000);
    assert.equal(typeof heavyResult.thread, 'number', 'the 600 KB job ran in a worker');
    assert.equal(lightResult.value, 9);

    const cli = analyser({ threads: 2, workerScript: squareWorker() });
    const alone = cli.submit(600);
    cli.flush();
    assert.deepEqual(await alone, { value: 360_000 }, 'analysed here, without a worker');
    await cli.close();
    assert.equal(cli.workersStarted, 0);
  });

  it('runs everything in this thread with one thread or without a worker bundle', async () => {
    for (const options of [{ threads: 1, workerScript: squareWorker() }, { threads: 4 }]) {
      const batches = analyser(options);
      const values = await answersTo(batches, Array.from({ length: 50 }, (_, i) => i));
      assert.equal(batches.workersStarted, 0);
      assert.deepEqual(values, Array.from({ length: 50 }, (_, i) => ({ value: i * i })));
    }
  });

  it('analyses here what a failed worker held, and still answers every job', async () => {
    const errors: Error[] = [];
    const batches = analyser({ threads: 2, workerScript: squareWorker(), onWorkerError: (e) => errors.push(e) });
    const jobs = Array.from({ length: 60 }, (_, i) => (i === 30 ? -5 : i));
    const values = await answersTo(batches, jobs);
    assert.deepEqual(values.map((v) => v.value), jobs.map((n) => n * n));
    assert.equal(errors.length, 1);
    assert.match(errors[0].message, /exit code 3/);
  });

  it('rejects tasks once closed', async () => {
    const pool = new WorkerPool(squareWorker(), 1);
    const [squared] = (await pool.run('square', [2])) as Squared[];
    assert.equal(squared.value, 4);
    await pool.close();
    await assert.rejects(pool.run('square', [2]), /closed/);
  });
});
