// What the language server needs from where it runs, apart from the LSP connection: files, the
// Markdown of the workspace folders, a cache folder, worker threads and git. Node's is node/host.ts;
// a browser web worker's is browser/host.ts, which asks the client for files.
import type { SetupFile } from './core/setup';
import type { DayWindow, ResultCodec } from './node/fileCache';
import type { LoadedConfig } from './workspaceFiles';

export interface ServerHost {
  /**
   * The path the host gives a document or folder URI, which the features key folders and team
   * configurations by and hand back to the host: a file system path on Node (file URIs only); a
   * `/`-separated path naming the URI's scheme and authority in a browser. Undefined: not a
   * workspace file (an untitled document, another scheme).
   */
  fileOf(uri: string): string | undefined;
  /** The URI of a path made by `fileOf`, as the client writes it. */
  uriOf(file: string): string;
  /** Path operations on the host's paths. */
  readonly paths: HostPaths;
  /** A file's text, or why it was not read: over `maxBytes`, binary, not UTF-8, or unreadable. */
  readTextFile(file: string, maxBytes: number): Promise<ReadResult>;
  /** A workspace folder's team configuration (`.aar.yml`) as saved, over the defaults. */
  loadTeamConfig(folder: string): Promise<LoadedConfig>;
  /** A team configuration file's text as saved: undefined when there is none; throws when it cannot be read. */
  readTeamConfigText(file: string): Promise<string | undefined>;
  /** The Markdown files under a folder with their text, for a set-up proposal; told of folders it cannot list. */
  readSetupFiles(folder: string, maxFileSize: number, onUnreadableFolder: (folder: string, error: { code?: string; message: string }) => void): Promise<SetupFile[]>;
  /** Where the workspace index persists between starts, given what the editor asked for (`initializationOptions.cacheDir`); undefined: nowhere. */
  indexCacheDir(given: unknown): string | undefined;
  /** Whether the workspace index may analyse in worker threads. */
  readonly workerThreads: boolean;
  /** What the workspace index reads and keeps, and where its analyses run. */
  readonly index: IndexHost;
  /** Whether a folder lies in a git repository. */
  inGitRepository(folder: string): Promise<boolean>;
  /** The git tags of the repository holding a folder, with their dates as the options ask. */
  readGitTags(folder: string, options?: ReadGitTagsOptions): Promise<GitTag[]>;
  /** Where the rule pages are, as a URI ending in `/`, when the server's options do not say. */
  readonly ruleDocsBase: string;
  /**
   * Collects young garbage when there is enough of it, called when the server has nothing to do
   * (diagnostics out, no change waiting): a keystroke then rarely waits for a collection. Absent
   * where the host cannot (a browser).
   */
  collectIdleGarbage?(): void;
}

/**
 * A host's path as a message shows it to a user: relative to the workspace folder that holds it
 * (`after-action-reports/x.md`; with the folder's name first when there are several, as VS Code
 * names files; a folder itself by its name), else a file system path as it is and any other
 * (a browser's `/<scheme>/<authority>/…`) as its URI. The host's own paths are for the host.
 */
export function shownPath(host: Pick<ServerHost, 'paths' | 'uriOf'>, folders: readonly string[], file: string): string {
  const folder = folders.filter((f) => host.paths.contains(f, file)).sort((a, b) => b.length - a.length)[0];
  if (folder !== undefined) {
    const name = host.paths.basename(folder) || folder;
    const relative = host.paths.relative(folder, file);
    if (relative === '.') return name;
    return folders.length > 1 ? `${name}/${relative}` : relative;
  }
  const uri = host.uriOf(file);
  return uri.startsWith('file:') ? file : uri;
}

/** The few path operations the features make, on the host's own kind of path. */
export interface HostPaths {
  /** A folder's child: `join(folder, '.aar.yml')`. */
  join(folder: string, name: string): string;
  dirname(file: string): string;
  basename(file: string): string;
  /** `file` relative to `root` with `/` separators, as the report globs expect (`.` for the root itself). */
  relative(root: string, file: string): string;
  /** Whether `file` is `folder` or lies inside it. */
  contains(folder: string, file: string): boolean;
}

/** A Markdown file found by a walk, with what a cache needs to know whether it changed (-1: unknown). */
export interface MarkdownEntry {
  file: string;
  size: number;
  mtimeMs: number;
}

/** What was read, with the size and time of the very bytes read and their hash (empty: none). */
export type ReadInfo = ReadResult & { size: number; mtimeMs: number; hash: string };

/** The results the index keeps between starts (node/fileCache.ts on Node). */
export interface IndexResultCache<T> {
  readonly file: string;
  unchanged(key: string, stamp: { size: number; mtimeMs: number }, inputs: string, today?: string): T | undefined;
  sameContent(key: string, stamp: { size: number; mtimeMs: number }, hash: string, inputs: string, checkedAt: number, today?: string): T | undefined;
  set(key: string, stamp: { size: number; mtimeMs: number }, hash: string, inputs: string, checkedAt: number, result: T, days?: DayWindow): void;
  retain(keep: (key: string) => boolean): void;
  save(): Promise<boolean>;
  close(): Promise<void>;
}

/** Analyses handed out one by one, answered each with its result (node/workerPool.ts's BatchAnalyser on Node). */
export interface Analyser<Job, Result> {
  readonly workersStarted: number;
  submit(job: Job): Promise<Result>;
  /** Resolves once fewer than `count` jobs are waiting for their answer. */
  whenFewerThan(count: number): Promise<void>;
  /** No more jobs are coming for now: run what waits. */
  flush(): void;
  /** What has not started is rejected. */
  cancel(): void;
  close(): Promise<void>;
}

export interface AnalyserOptions<Job, Result> {
  kind: string;
  /** Worker threads wanted; the host may run fewer (a browser runs none). */
  threads?: number;
  /** The bundle a worker runs, when the caller names one. */
  workerScript?: string;
  analyse(job: Job): Result;
  weight(job: Job): number;
  heavyJobBytes?: number;
  onWorkerError?(error: Error): void;
}

export interface IndexHost {
  /** The Markdown files under the folders, in a stable order; told of folders it cannot list. */
  walkMarkdown(folders: string[], onUnreadableFolder?: (folder: string, error: { code?: string; message: string }) => void): AsyncIterable<MarkdownEntry>;
  /** Whether a walk of `root` reaches `file`: it lies inside, in no folder the walk skips. */
  walkReaches(root: string, file: string): boolean;
  /** Whether the path is a folder now (false when it is gone). */
  isFolder(file: string): Promise<boolean>;
  /** `readTextFile`, with the stamp of the bytes read and (unless `hash` is false: no cache to check) their hash. */
  readTextFileInfo(file: string, maxBytes: number, options?: { hash?: boolean }): Promise<ReadInfo>;
  /** The results kept for these folders in `cacheDir` by this engine (and `workerScript`), or why there are none. */
  loadCache<T>(folders: string[], cacheDir: string, codec: ResultCodec<T>, workerScript: string | undefined): Promise<{ cache?: IndexResultCache<T>; note?: string }>;
  /** A short stable hash of a JSON-like value, for a cache's inputs. */
  hashOf(value: unknown): string;
  /** The worker bundle the index's analyses may run in, when the host has one. */
  workerScript(): string | undefined;
  analyser<Job, Result>(options: AnalyserOptions<Job, Result>): Analyser<Job, Result>;
}

/** A file's text, or why it was not read. */
export type ReadResult = { text: string } | { skipped: string };

export interface GitTag {
  /** Without `refs/tags/`, e.g. `v2.4.0` or `release/2024-q1`. */
  name: string;
  /** The object the tag points at (a tag object for annotated tags), as hex. */
  object: string;
  /**
   * When the tag was made, as ISO 8601 with the author's UTC offset (`2026-11-20T14:03:00+01:00`):
   * the tagger's date of an annotated tag, the committer's date of the commit a lightweight tag
   * points at (what `git for-each-ref` calls `creatordate`). Undefined when it cannot be read.
   */
  date?: string;
}

export interface ReadGitTagsOptions {
  /** Which tags to read dates for (reading objects costs file reads): all (default), none, or those a test accepts. */
  dates?: boolean | ((tag: string) => boolean);
}
