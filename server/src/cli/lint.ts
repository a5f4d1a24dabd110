// `aar lint` on disk: walk the paths, find each file's configuration root, read, detect, analyse.
// The walk (`collectReports`) also serves `aar actions` and `aar reviews`, each with its own
// analysis of a report. Files are read in parallel; Markdown that is not a report is recognised
// from its text and path without being parsed; the analyses run in worker threads when there are
// enough of them; results come out in the walk's order whatever finished first, so the output
// never depends on the threads.
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { analyze, detectReport, type AarConfig, type Finding } from '../core';
import { localToday } from '../core/analyze';
import { loadWorkspaceConfig } from '../node/config';
import { CONFIG_FILE_NAMES } from '../workspaceFiles';
import { FileResultCache, hashOf, type FileStamp } from '../node/fileCache';
import { readHead, readTextFileInfoSync, walkMarkdownEntries } from '../node/files';
import { toPosixRelative } from '../node/paths';
import { BatchAnalyser, concurrencyLimit } from '../node/workerPool';
import type { FileFindings } from './format';
import { plural } from '../core/words';

export interface LintOptions {
  /** Files and folders as given on the command line. */
  paths: string[];
  /** Where relative paths start and what shown paths are relative to. */
  cwd: string;
  /** A configuration given with `--config`: used for every file instead of each root's `.aar.yml`. */
  config?: AarConfig;
  /** ISO date, for overdue checks. */
  today?: string;
  /** Bytes past which a file is skipped (`--max-file-size`), over what the configuration says. */
  maxFileSize?: number;
  /** Told about problems in `.aar.yml` files (once per file). */
  onConfigWarning?: (message: string) => void;
  /** Threads that analyse, this one included (1: all in this thread). */
  jobs?: number;
  /** The bundle a worker thread runs; without it, everything runs in this thread. */
  workerScript?: string;
  /** Results kept between runs. */
  cache?: { file: string; engine: string };
  /** Told about problems that do not change the findings (a cache that cannot be written). */
  onWarning?: (message: string) => void;
  /** Told how the work was done (worker threads, cache use), for `AAR_DEBUG`. */
  onDebug?: (message: string) => void;
}

/** One report's findings, with where it is on disk. */
export interface LintedFile extends FileFindings {
  /** Absolute path. */
  path: string;
}

export interface LintResult {
  reportsChecked: number;
  filesLooked: number;
  /** Every Markdown file the walk looked at (absolute paths), reports or not. */
  lookedAt: string[];
}

/** A finding as `aar lint` prints it: no fixes, no data. */
export type LintFinding = Pick<Finding, 'ruleId' | 'severity' | 'message' | 'range'>;

/** What analysing one file gives: nothing when it is not a report, else what the verb wants of it. */
export type FileOutcome<T> = { report: false } | ({ report: true } & T);

/** What linting one file gives: nothing when it is not a report. */
export type LintFileResult = FileOutcome<{ findings: LintFinding[] }>;

/** One analysis, as sent to a worker thread (by every verb that reads the reports). */
export interface LintJob {
  text: string;
  uri: string;
  relativePath: string;
  config: AarConfig;
  today: string;
  force: boolean;
}

/** Runs in a worker thread or here: the engine on one text. */
export function lintJob(job: LintJob): LintFileResult {
  const analysis = analyze(job.text, { uri: job.uri, relativePath: job.relativePath, config: job.config, today: job.today, force: job.force, withoutFixes: true });
  if (!analysis.report && !analysis.skipped) return { report: false };
  return { report: true, findings: analysis.findings.map(({ ruleId, severity, message, range }) => ({ ruleId, severity, message, range })) };
}

const SEVERITIES = new Set(['error', 'warning', 'info', 'hint']);
const isPosition = (p: unknown) => !!p && typeof (p as { line?: unknown }).line === 'number' && typeof (p as { character?: unknown }).character === 'number';

/** Whether a value read back from the cache has the shape of a result. */
export function isLintFileResult(value: unknown): value is LintFileResult {
  if (!value || typeof value !== 'object') return false;
  const result = value as { report?: unknown; findings?: unknown };
  if (result.report === false) return true;
  if (result.report !== true || !Array.isArray(result.findings)) return false;
  return result.findings.every((f: Partial<LintFinding> | null) => {
    return (
      !!f &&
      typeof f.ruleId === 'string' &&
      typeof f.message === 'string' &&
      typeof f.severity === 'string' &&
      SEVERITIES.has(f.severity) &&
      !!f.range &&
      isPosition(f.range.start) &&
      isPosition(f.range.end)
    );
  });
}

/** How many files are read at once. */
const READ_CONCURRENCY = 32;
/** Texts read and waiting for their analysis, at most. */
const MAX_WAITING_ANALYSES = 256;
/** Files walked whose results are not given out yet, at most (results wait for those before them). */
const MAX_WAITING_RESULTS = 1024;
/**
 * Enough of a file to find its front matter `type:` as detection does (it looks at the first 64K
 * characters), when the whole file is not read.
 */
const HEAD_BYTES = 4 * 64 * 1024;

/** Whether `file` lies inside `folder` (not the folder itself), by their paths. */
export function isInside(file: string, folder: string): boolean {
  const relative = path.relative(folder, file);
  return relative !== '' && relative !== '..' && !relative.startsWith(`..${path.sep}`) && !path.isAbsolute(relative);
}

async function isFolder(p: string): Promise<boolean> {
  try {
    return (await fs.stat(p)).isDirectory();
  } catch {
    return false;
  }
}

/** Whether the folder holds what marks a repository or team root (`.aar.yml`, `.aar.yaml`, `.git`), as `findMarkedRoot` asks. */
async function isMarked(folder: string): Promise<boolean> {
  for (const marker of [...CONFIG_FILE_NAMES, '.git']) {
    try {
      await fs.stat(path.join(folder, marker));
      return true;
    } catch {
      // not here
    }
  }
  return false;
}

const START = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

function memo<T>(compute: (key: string) => Promise<T>): (key: string) => Promise<T> {
  const cache = new Map<string, Promise<T>>();
  return (key) => {
    let value = cache.get(key);
    if (!value) cache.set(key, (value = compute(key)));
    return value;
  };
}

/** What a verb analyses in each report: the worker handler's kind and the function it runs. */
export interface CollectOptions<T> extends Omit<LintOptions, 'cache'> {
  /** The worker thread handler that runs `analyse` (server/src/cli/worker.ts). */
  kind: string;
  analyse: (job: LintJob) => FileOutcome<T>;
  /** What a report that could not be read (too large, binary) gives. */
  skipped: (reason: string) => T;
  /** Results kept between runs, with a check of what is read back. */
  cache?: { file: string; engine: string; isResult: (value: unknown) => value is FileOutcome<T> };
}

export interface CollectedReport<T> {
  /** Absolute path. */
  path: string;
  /** As shown: relative to the current folder, `/`-separated. */
  file: string;
  result: { report: true } & T;
}

export interface Collected<T> {
  /** The reports in the walk's order (none when they were given to `onReport` instead). */
  reports: CollectedReport<T>[];
  reportsChecked: number;
  filesLooked: number;
  /** Every Markdown file looked at (absolute paths), in the walk's order. */
  lookedAt: string[];
}

/**
 * Checks the reports and gives each one's findings to `onFile` as soon as it and those before it
 * in the walk's order are done: nothing is held for the end, so memory does not grow with the workspace.
 */
export async function lint(options: LintOptions, onFile: (file: LintedFile) => void | Promise<void>): Promise<LintResult> {
  const { cache, ...rest } = options;
  const collected = await collectReports<{ findings: LintFinding[] }>(
    {
      ...rest,
      kind: 'lint',
      analyse: lintJob,
      skipped: (reason) => ({ findings: [{ ruleId: 'file-skipped', severity: 'info', message: reason, range: START }] }),
      cache: cache && { ...cache, isResult: isLintFileResult },
    },
    (report) => onFile({ path: report.path, file: report.file, findings: report.result.findings.map((f) => ({ ...f, fixes: [] })) }),
  );
  return { reportsChecked: collected.reportsChecked, filesLooked: collected.filesLooked, lookedAt: collected.lookedAt };
}

/**
 * Walks the paths and gives each report's analysis by `options.analyse`, in the walk's order: to
 * `onReport` as soon as it and every file before it are done, else all together at the end.
 */
export async function collectReports<T>(options: CollectOptions<T>, onReport?: (report: CollectedReport<T>) => void | Promise<void>): Promise<Collected<T>> {
  type Result = FileOutcome<T>;
  const cwd = path.resolve(options.cwd);
  const roots = options.paths.map((p) => path.resolve(cwd, p));
  const today = options.today ?? localToday();
  // `findMarkedRoot` for each folder, with each folder looked at once: a folder's answer is its own
  // marker, else its parent's. Climbing from every folder would cost depth² lookups in a deep tree.
  const markedRootOf: (folder: string) => Promise<string | undefined> = memo(async (folder) => {
    if (await isMarked(folder)) return folder;
    const parent = path.dirname(folder);
    return parent === folder ? undefined : markedRootOf(parent);
  });
  // Without a `.git` or `.aar.yml` above a file, globs are matched from the highest of the current
  // folder and the folders named, so `aar lint ..` from inside `reviews/` still sees `reviews/`.
  const folderRoots: string[] = [];
  for (const root of roots) if (await isFolder(root)) folderRoots.push(root);
  const unmarkedRootOf = (file: string) =>
    [cwd, ...folderRoots].filter((r) => isInside(file, r)).sort((a, b) => a.length - b.length)[0] ?? path.dirname(file);
  const configOfRoot = memo(async (root) => {
    let config = options.config;
    if (!config) {
      const loaded = await loadWorkspaceConfig(root);
      for (const e of loaded.errors) {
        options.onConfigWarning?.(`${path.relative(cwd, loaded.file ?? root) || loaded.file}:${e.line + 1}: ${e.message}`);
      }
      config = loaded.config;
    }
    if (options.maxFileSize !== undefined) config = { ...config, maxFileSize: options.maxFileSize };
    return { config, hash: hashOf(config) };
  });
  // Files named on the command line are analysed even when nothing marks them as reports.
  const named = new Set(roots);

  const cache = options.cache
    ? (await FileResultCache.load(options.cache.file, options.kind, options.cache.engine, options.cache.isResult)).cache
    : undefined;
  let fromCache = 0;
  let analysed = 0;
  const analyser = new BatchAnalyser<LintJob, Result>({
    kind: options.kind,
    threads: options.jobs ?? 1,
    workerScript: options.workerScript,
    analyse: options.analyse,
    weight: (job) => job.text.length,
    analyseHereToo: true,
    onWorkerError: (e) => options.onDebug?.(`a worker thread failed, analysing here instead: ${e.message}`),
  });

  type Prepared = { result: Result } | { job: LintJob; store(result: Result): Result };

  /** Reads and detects one file: its result when known without the engine, else the analysis to run. */
  async function prepare(file: string, stamp: FileStamp): Promise<Prepared> {
    const root = (await markedRootOf(path.dirname(file))) ?? unmarkedRootOf(file);
    const { config, hash: configHash } = await configOfRoot(root);
    const relativePath = toPosixRelative(file, root);
    const force = named.has(file);
    const inputs = `${configHash}|${today}|${force ? 'named' : ''}|${relativePath}`;
    const known = cache?.unchanged(file, stamp, inputs);
    if (known) {
      fromCache++;
      return { result: known };
    }
    const checkedAt = Date.now();
    // Blocking: the CLI has nothing else to do meanwhile, and a blocking read costs a sixth of one through promises.
    const read = readTextFileInfoSync(file, config.maxFileSize, { hash: !!cache });
    const sameContent = cache?.sameContent(file, read, read.hash, inputs, checkedAt);
    if (sameContent) {
      fromCache++;
      return { result: sameContent };
    }
    // A file that could not be opened has no stamp to check next time.
    const store = (result: Result): Result => {
      if (read.size >= 0) cache?.set(file, read, read.hash, inputs, checkedAt, result);
      return result;
    };
    if ('skipped' in read) {
      // Only a file that would be a report is worth a note; other Markdown stays silent.
      const isReport = force || detectReport(await readHead(file, HEAD_BYTES), relativePath, config).isReport;
      return { result: store(isReport ? { report: true, ...options.skipped(read.skipped) } : { report: false }) };
    }
    // Detection reads the front matter and the path only: Markdown that is not a report is never parsed.
    if (!force && !detectReport(read.text, relativePath, config).isReport) return { result: store({ report: false }) };
    // Texts read ahead of the analyses are held in memory: reading waits when too many are.
    await analyser.whenFewerThan(MAX_WAITING_ANALYSES);
    analysed++;
    return { job: { text: read.text, uri: pathToFileURL(file).href, relativePath, config, today, force }, store };
  }

  const limit = concurrencyLimit(READ_CONCURRENCY);
  // Counted, not kept: a prepared job holds its file's text until it is analysed, and no longer.
  let preparing = 0;
  let allPrepared: (() => void) | undefined;
  let prepareFailed: unknown;
  /** Each file's result in the walk's order, let go of once given out. */
  const results: (Promise<Result> | undefined)[] = [];
  const files: string[] = [];
  const out: Collected<T> = { reports: [], reportsChecked: 0, filesLooked: 0, lookedAt: files };
  const give = onReport ?? ((report: CollectedReport<T>) => void out.reports.push(report));
  let walked = false;
  let wake: (() => void) | undefined;
  /** How many results have been given out; the walk waits (`caughtUp`) while too many wait behind them. */
  let given = 0;
  let caughtUp: (() => void) | undefined;
  // Gives out the results in order while the walk goes on; what finished early waits for those before it.
  const givingOut = (async () => {
    for (let i = 0; ; i++) {
      while (i >= results.length) {
        if (walked) return;
        await new Promise<void>((resolve) => (wake = resolve));
      }
      const result = await results[i]!;
      results[i] = undefined;
      given = i + 1;
      if (caughtUp && results.length - given < MAX_WAITING_RESULTS / 2) {
        caughtUp();
        caughtUp = undefined;
      }
      if (!result.report) continue;
      out.reportsChecked++;
      await give({ path: files[i], file: toPosixRelative(files[i], cwd), result });
    }
  })();
  // Its failure is awaited below; until then it must not count as unhandled.
  givingOut.catch(() => undefined);
  const more = () => {
    const resolve = wake;
    wake = undefined;
    resolve?.();
  };
  try {
    const onUnreadableFolder = (folder: string, e: NodeJS.ErrnoException) =>
      options.onWarning?.(`cannot read the folder ${toPosixRelative(folder, cwd)} (${e.code ?? e.message}): the reports in it are not checked`);
    for await (const entry of walkMarkdownEntries(roots, { onUnreadableFolder })) {
      files.push(entry.file);
      const ready = limit(() => prepare(entry.file, entry));
      preparing++;
      ready.then(
        () => --preparing || allPrepared?.(),
        (e: unknown) => {
          prepareFailed ??= e;
          if (!--preparing) allPrepared?.();
        },
      );
      const result = ready.then((p) => {
        if ('result' in p) return p.result;
        const analysed = analyser.submit(p.job).then(p.store);
        // While the walk waits for the results to be given out, none may wait for a batch to fill.
        if (caughtUp) analyser.flush();
        return analysed;
      });
      result.catch(() => undefined);
      results.push(result);
      more();
      // Results from the cache come faster than they can be printed: they must not pile up.
      if (results.length - given >= MAX_WAITING_RESULTS) {
        const resumed = new Promise<void>((resolve) => (caughtUp = resolve));
        analyser.flush();
        await resumed;
      }
    }
    walked = true;
    more();
    // Every file has been read and its analysis submitted: what waits for company may run now.
    if (preparing) await new Promise<void>((resolve) => (allPrepared = resolve));
    if (prepareFailed) throw prepareFailed;
    analyser.flush();
    await givingOut;
  } catch (e) {
    analyser.cancel();
    await cache?.close();
    throw e;
  } finally {
    // Worker threads keep the process alive: they stop even when something failed.
    await analyser.close().catch(() => undefined);
  }

  if (cache) {
    // Entries of files that were under the paths linted and are gone are forgotten; others stay.
    const seen = new Set(files);
    cache.retain((file) => seen.has(file) || !roots.some((root) => file === root || isInside(file, root)));
    try {
      await cache.save();
    } catch (e) {
      options.onWarning?.(`the cache could not be written to ${cache.file}: ${(e as Error).message}`);
    } finally {
      await cache.close();
    }
  }
  options.onDebug?.(
    `${plural(files.length, 'Markdown file')}; ${fromCache} from the cache; ${analysed} analysed in this thread${analyser.workersStarted ? ` and ${plural(analyser.workersStarted, 'worker thread')}` : ''}`,
  );
  out.filesLooked = files.length;
  return out;
}
