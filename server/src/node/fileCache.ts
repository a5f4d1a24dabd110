// Results per file kept on disk between runs (`aar lint --cache`, the language server's index), so
// that files which have not changed are not read or analysed again.
//
// An entry is reused when the file's size and modification time are those recorded and the inputs
// (configuration, the path the globs see, and for `aar lint` today's date) are the same; when only
// the time moved, the content hash decides. An entry may instead say for which days it holds (the
// index: a report reads the same until one of its due dates passes), so a new day re-reads nothing. A file modified around the time it was read is checked by hash (its time
// alone cannot prove the content is what was read). The cache file as a whole is used only when it
// was written by the same engine for the same purpose; anything else in it is ignored, never trusted.
import { createHash, randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';

/** Bumped when the file's layout changes. */
const FORMAT_VERSION = 2;
const FORMAT = 'aar-file-cache';
/** Modification times closer than this to the moment the file was read are not trusted alone (coarse file system clocks). */
const RACY_MS = 2000;

export interface FileStamp {
  size: number;
  mtimeMs: number;
}

interface CacheEntry<T> extends FileStamp {
  /** SHA-1 of the bytes the result was made from, hex; empty when the file was not read (too large, unreadable). */
  hash: string;
  /** What else the result depends on: configuration, date, relative path. */
  inputs: string;
  /** When the file was read (ms since the epoch). */
  checkedAt: number;
  /** The days (ISO dates, both included) the result holds for; always, when absent. */
  days?: DayWindow;
  result: T;
}

/** The first and last day, as ISO dates, on which a result made on one day is still the same. */
export interface DayWindow {
  from: string;
  until: string;
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const isDayWindow = (v: unknown): v is DayWindow =>
  !!v && typeof v === 'object' && ISO_DATE.test(String((v as DayWindow).from)) && ISO_DATE.test(String((v as DayWindow).until));
const holdsOn = (entry: CacheEntry<unknown>, today: string | undefined) =>
  !entry.days || (today !== undefined && entry.days.from <= today && today <= entry.days.until);

export type CacheLoadStatus = 'missing' | 'loaded' | 'ignored';

/**
 * How results are written to the file and read back. Values many results share (a team's roster)
 * are written once: `encode` asks `share` for a value's place in the file's shared list, and
 * `decode` finds it there. `decode` also checks the shape: undefined drops the entry.
 */
export interface ResultCodec<T> {
  encode(result: T, share: (value: unknown) => number): unknown;
  decode(stored: unknown, shared: readonly unknown[]): T | undefined;
}

/** Results written as they are, checked by `isResult` when read back. */
function plainCodec<T>(isResult: (value: unknown) => value is T): ResultCodec<T> {
  return { encode: (result) => result, decode: (stored) => (isResult(stored) ? stored : undefined) };
}

const isFiniteNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

export class FileResultCache<T> {
  private readonly entries = new Map<string, CacheEntry<T>>();
  private changed = false;

  private constructor(
    /** The cache file. */
    readonly file: string,
    private readonly kind: string,
    private readonly engine: string,
    private readonly codec: ResultCodec<T>,
  ) {}

  /** An empty cache that will be written to `file`. */
  static empty<T>(file: string, kind: string, engine: string, isResult: ((value: unknown) => value is T) | ResultCodec<T>): FileResultCache<T> {
    return new FileResultCache<T>(file, kind, engine, typeof isResult === 'function' ? plainCodec(isResult) : isResult);
  }

  /**
   * The cache in `file`, or an empty one when there is none, it cannot be parsed, or it was made by
   * another engine or for another kind of result. Entries whose shape is wrong are dropped one by one.
   */
  static async load<T>(
    file: string,
    kind: string,
    engine: string,
    isResult: ((value: unknown) => value is T) | ResultCodec<T>,
  ): Promise<{ cache: FileResultCache<T>; status: CacheLoadStatus }> {
    const cache = FileResultCache.empty<T>(file, kind, engine, isResult);
    await removeStaleTemporaries(file);
    let text: string;
    try {
      text = await fs.readFile(file, 'utf8');
    } catch {
      return { cache, status: 'missing' };
    }
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch {
      return { cache, status: 'ignored' };
    }
    const header = data as { format?: unknown; version?: unknown; kind?: unknown; engine?: unknown; shared?: unknown; entries?: unknown };
    if (
      !data ||
      typeof data !== 'object' ||
      header.format !== FORMAT ||
      header.version !== FORMAT_VERSION ||
      header.kind !== kind ||
      header.engine !== engine ||
      !Array.isArray(header.shared) ||
      !Array.isArray(header.entries)
    ) {
      return { cache, status: 'ignored' };
    }
    const shared = header.shared as unknown[];
    for (const item of header.entries) {
      if (!Array.isArray(item) || item.length !== 2 || typeof item[0] !== 'string') continue;
      const entry = item[1] as Partial<CacheEntry<unknown>> | null;
      if (
        !entry ||
        typeof entry !== 'object' ||
        !isFiniteNumber(entry.size) ||
        !isFiniteNumber(entry.mtimeMs) ||
        !isFiniteNumber(entry.checkedAt) ||
        typeof entry.hash !== 'string' ||
        typeof entry.inputs !== 'string' ||
        (entry.days !== undefined && !isDayWindow(entry.days))
      ) {
        continue;
      }
      const result = cache.codec.decode(entry.result, shared);
      if (result === undefined) continue;
      cache.entries.set(item[0], { ...(entry as CacheEntry<unknown>), result });
    }
    return { cache, status: 'loaded' };
  }

  get size(): number {
    return this.entries.size;
  }

  /**
   * The result recorded for `key` when the file has the recorded size and modification time, that
   * time was well before the file was read, the inputs are the same and the result holds `today`; no read needed.
   */
  unchanged(key: string, stamp: FileStamp, inputs: string, today?: string): T | undefined {
    const entry = this.entries.get(key);
    if (!entry || entry.inputs !== inputs || entry.size !== stamp.size || entry.mtimeMs !== stamp.mtimeMs) return undefined;
    if (!holdsOn(entry, today)) return undefined;
    if (entry.mtimeMs + RACY_MS > entry.checkedAt) return undefined;
    return entry.result;
  }

  /**
   * The result recorded for `key` when the bytes just read (`hash`) are those it was made from and
   * the inputs are the same (and the result holds `today`). The new stamp is recorded, so the next run needs no read.
   */
  sameContent(key: string, stamp: FileStamp, hash: string, inputs: string, checkedAt: number, today?: string): T | undefined {
    const entry = this.entries.get(key);
    if (!entry || !hash || entry.inputs !== inputs || entry.hash !== hash || entry.size !== stamp.size) return undefined;
    if (!holdsOn(entry, today)) return undefined;
    if (entry.mtimeMs !== stamp.mtimeMs || entry.checkedAt !== checkedAt) {
      this.entries.set(key, { ...entry, mtimeMs: stamp.mtimeMs, checkedAt });
      this.changed = true;
    }
    return entry.result;
  }

  /** Records the result made from the file as read at `checkedAt` (taken before reading), holding on `days` (always, when absent). */
  set(key: string, stamp: FileStamp, hash: string, inputs: string, checkedAt: number, result: T, days?: DayWindow): void {
    this.entries.set(key, { size: stamp.size, mtimeMs: stamp.mtimeMs, hash, inputs, checkedAt, ...(days ? { days } : {}), result });
    this.changed = true;
  }

  /** Drops every entry for which `keep` says no. */
  retain(keep: (key: string) => boolean): void {
    for (const key of [...this.entries.keys()]) {
      if (!keep(key)) {
        this.entries.delete(key);
        this.changed = true;
      }
    }
  }

  /**
   * Writes the cache if anything changed: to a temporary file in the same folder, then renamed over
   * the old one, so that a reader never sees half a file and two writers never mix theirs.
   */
  async save(): Promise<boolean> {
    if (!this.changed) return false;
    const shared: unknown[] = [];
    const places = new Map<string, number>();
    const share = (value: unknown) => {
      const key = JSON.stringify(value);
      let place = places.get(key);
      if (place === undefined) places.set(key, (place = shared.push(value) - 1));
      return place;
    };
    const entries = [...this.entries].map(([key, entry]) => [key, { ...entry, result: this.codec.encode(entry.result, share) }]);
    const data = { format: FORMAT, version: FORMAT_VERSION, kind: this.kind, engine: this.engine, shared, entries };
    await writeFileAtomically(this.file, JSON.stringify(data));
    this.changed = false;
    return true;
  }
}

/** A temporary file beside `file`, named for this process (see `removeStaleTemporaries`). */
function temporaryFor(file: string): string {
  return `${file}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
}

/** Writes `text` to `file` through a temporary file and a rename; creates the folder. */
export async function writeFileAtomically(file: string, text: string): Promise<void> {
  await fs.mkdir(path.dirname(file), { recursive: true });
  const temporary = temporaryFor(file);
  try {
    await fs.writeFile(temporary, text);
    await fs.rename(temporary, file);
  } catch (e) {
    await fs.rm(temporary, { force: true }).catch(() => undefined);
    throw e;
  }
}

/**
 * Creates `file` with `text`, never over an existing one and never half written: the text goes to a
 * temporary file in the same folder, which is then linked to the name (a link, unlike a rename,
 * fails when the name is taken, so a file made meanwhile is not replaced). False when the name was
 * taken; a failure to write (a full disk) leaves nothing behind and is thrown.
 */
export async function writeNewFile(file: string, text: string): Promise<boolean> {
  const temporary = temporaryFor(file);
  try {
    await fs.writeFile(temporary, text, { flag: 'wx' });
    try {
      await fs.link(temporary, file);
      return true;
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'EEXIST') return false;
      if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP' && code !== 'ENOSYS') throw e;
      // File systems without hard links: a rename, once more making sure that nothing is there.
      try {
        await fs.lstat(file);
        return false;
      } catch {
        await fs.rename(temporary, file);
        return true;
      }
    }
  } finally {
    await fs.rm(temporary, { force: true });
  }
}

/** A temporary file younger than this may be another run's write in progress (even on another machine sharing the folder). */
const TEMPORARY_IN_USE_MS = 10 * 60_000;

/**
 * Removes what runs killed while writing `file` left behind (`temporaryFor`'s files, tens of
 * megabytes each for a large cache): those whose process is gone, once they are a
 * minute old, and any older than ten minutes. A run still writing keeps its own.
 */
export async function removeStaleTemporaries(file: string, now = Date.now()): Promise<string[]> {
  const folder = path.dirname(file);
  const prefix = `${path.basename(file)}.`;
  let names: string[];
  try {
    names = await fs.readdir(folder);
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const name of names) {
    const match = name.startsWith(prefix) ? /^(\d+)\.[0-9a-f]+\.tmp$/.exec(name.slice(prefix.length)) : null;
    if (!match) continue;
    const temporary = path.join(folder, name);
    try {
      const age = now - (await fs.stat(temporary)).mtimeMs;
      const pid = Number(match[1]);
      const writerGone = pid !== process.pid && !processExists(pid);
      if (age > TEMPORARY_IN_USE_MS || (writerGone && age > 60_000)) {
        await fs.rm(temporary, { force: true });
        removed.push(temporary);
      }
    } catch {
      // Gone already, or not ours to remove: the next run looks again.
    }
  }
  return removed;
}

function processExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: it exists, under another user.
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

const fingerprints = new Map<string, Promise<string>>();

/**
 * What identifies the code that made the results: a hash of the given files (the bundles that run
 * the engine) and the version. A rebuilt engine gets a new fingerprint, so old results are dropped.
 */
export function engineFingerprint(version: string, files: string[]): Promise<string> {
  const key = [version, ...files].join('\n');
  let fingerprint = fingerprints.get(key);
  if (!fingerprint) {
    fingerprint = (async () => {
      const hash = createHash('sha1').update(version);
      for (const file of files) {
        try {
          hash.update(await fs.readFile(file));
        } catch {
          hash.update(`missing:${file}`);
        }
      }
      return hash.digest('hex');
    })();
    fingerprints.set(key, fingerprint);
  }
  return fingerprint;
}

const hashes = new WeakMap<object, string>();

/**
 * A short stable hash of a JSON-like value (configurations), for the inputs of an entry. Objects
 * are hashed once (the hosts never change a configuration once made): a build of the index asks
 * for the same one for each of thousands of files.
 */
export function hashOf(value: unknown): string {
  if (value === null || typeof value !== 'object') return createHash('sha1').update(JSON.stringify(value)).digest('hex').slice(0, 16);
  let hash = hashes.get(value);
  if (!hash) hashes.set(value, (hash = createHash('sha1').update(JSON.stringify(value)).digest('hex').slice(0, 16)));
  return hash;
}
