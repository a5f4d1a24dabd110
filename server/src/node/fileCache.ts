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
import { promises as fs, readSync } from 'node:fs';
import * as path from 'node:path';

/** Bumped when the file's layout changes. */
const FORMAT_VERSION = 3;
const FORMAT = 'aar-file-cache';
/** Modification times closer than this to the moment the file was read are not trusted alone (coarse file system clocks). */
const RACY_MS = 2000;
/** Bytes read or written at a time. */
const CHUNK_BYTES = 1024 * 1024;
/** Bytes of results read at a time. */
const READ_WINDOW_BYTES = 64 * 1024;
const NEWLINE = 0x0a;
const TAB = 0x09;
const END_LINE_START = '{"end":';

export interface FileStamp {
  size: number;
  mtimeMs: number;
}

interface EntryMeta extends FileStamp {
  /** SHA-1 of the bytes the result was made from, hex; empty when the file was not read (too large, unreadable). */
  hash: string;
  /** What else the result depends on: configuration, date, relative path. */
  inputs: string;
  /** When the file was read (ms since the epoch). */
  checkedAt: number;
  /** The days (ISO dates, both included) the result holds for; always, when absent. */
  days?: DayWindow;
}

/**
 * An entry's result is not held: it is either on disk, in the open cache file (`at`, `length`), or,
 * when made in this run, held encoded until the next save. Results are decoded one at a time when
 * asked for, so memory does not grow with the cache (20,000 reports' findings are tens of megabytes).
 */
interface CacheEntry extends EntryMeta {
  at?: number;
  length?: number;
  encoded?: string;
  /** Decoded at load, when loaded `eager`ly; given out once, then let go. */
  result?: unknown;
}

export interface LoadOptions {
  /**
   * Decode every result while loading (the language server's index, which keeps every result and
   * loads while it walks the folders); otherwise a result is read when it is asked for.
   */
  eager?: boolean;
}

/** The first and last day, as ISO dates, on which a result made on one day is still the same. */
export interface DayWindow {
  from: string;
  until: string;
}

/**
 * An entry with every field there, in one order. Made as `{ ...meta, at, length }`, each of 20,000
 * entries had a hidden class of its own in V8 (6 MB of them for `aar lint --cache` at 20,000
 * reports), and every look-up of an entry's fields went through a megamorphic load.
 */
function entryOf(meta: EntryMeta, at: number | undefined, length: number | undefined, encoded: string | undefined, result: unknown): CacheEntry {
  return { size: meta.size, mtimeMs: meta.mtimeMs, hash: meta.hash, inputs: meta.inputs, checkedAt: meta.checkedAt, days: meta.days, at, length, encoded, result };
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const isDayWindow = (v: unknown): v is DayWindow =>
  !!v && typeof v === 'object' && ISO_DATE.test(String((v as DayWindow).from)) && ISO_DATE.test(String((v as DayWindow).until));
const holdsOn = (entry: EntryMeta, today: string | undefined) =>
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

/** An entry's line before its result: `[key, size, mtimeMs, hash, inputs, checkedAt, days?]`. */
function metaOf(line: unknown): { key: string; meta: EntryMeta } | undefined {
  if (!Array.isArray(line) || line.length < 6 || line.length > 7) return undefined;
  const [key, size, mtimeMs, hash, inputs, checkedAt, days] = line as unknown[];
  if (typeof key !== 'string' || !isFiniteNumber(size) || !isFiniteNumber(mtimeMs) || !isFiniteNumber(checkedAt)) return undefined;
  if (typeof hash !== 'string' || typeof inputs !== 'string' || (days !== undefined && !isDayWindow(days))) return undefined;
  return { key, meta: { size, mtimeMs, hash, inputs, checkedAt, ...(days ? { days } : {}) } };
}

const metaLine = (key: string, e: EntryMeta) => JSON.stringify([key, e.size, e.mtimeMs, e.hash, e.inputs, e.checkedAt, ...(e.days ? [e.days] : [])]);

/** Each complete line of an open file as its byte range, read a chunk at a time (a line may span chunks). */
async function* linesOf(handle: fs.FileHandle): AsyncGenerator<{ at: number; bytes: Buffer }> {
  let carried: Buffer = Buffer.alloc(0);
  let carriedAt = 0;
  const chunk = Buffer.allocUnsafe(CHUNK_BYTES);
  for (let position = 0; ; ) {
    const { bytesRead } = await handle.read(chunk, 0, CHUNK_BYTES, position);
    if (!bytesRead) break;
    const data = carried.length ? Buffer.concat([carried, chunk.subarray(0, bytesRead)]) : chunk.subarray(0, bytesRead);
    const dataAt = carried.length ? carriedAt : position;
    position += bytesRead;
    let start = 0;
    for (let end = data.indexOf(NEWLINE, start); end >= 0; end = data.indexOf(NEWLINE, start)) {
      yield { at: dataAt + start, bytes: data.subarray(start, end) };
      start = end + 1;
    }
    // Copied: the chunk is read into again.
    carried = Buffer.from(data.subarray(start));
    carriedAt = dataAt + start;
  }
  if (carried.length) yield { at: carriedAt, bytes: carried };
}

/**
 * Results of analyses per file, keyed by path or URI, kept in one file. The file is a header line
 * (with the values results share), a line per entry (its stamp as JSON, a tab, its result as JSON:
 * JSON never holds a raw tab or newline) and a last line with the number of entries, without which
 * the file was cut short. Loading reads the stamps only, unless asked to decode eagerly; a result
 * is otherwise read from the file when asked for, and saving copies unchanged results byte for byte.
 */
export class FileResultCache<T> {
  private readonly entries = new Map<string, CacheEntry>();
  private changed = false;
  /** The cache file as loaded (or as last saved), for results not yet read. */
  private handle: fs.FileHandle | undefined;
  /** The part of the file read last (see `bytesAt`), in `windowBuffer`. */
  private window: { at: number; bytes: Buffer } | undefined;
  private windowBuffer: Buffer | undefined;
  /** Values shared by results (see ResultCodec): those of the file, then those of new results. */
  private shared: unknown[] = [];
  private places: Map<string, number> | undefined;

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
   * another engine or for another kind of result. Entries whose stamp is malformed are dropped, and
   * so is, when it is read, a result of the wrong shape. Holds the file open until `close` or `save`.
   */
  static async load<T>(
    file: string,
    kind: string,
    engine: string,
    isResult: ((value: unknown) => value is T) | ResultCodec<T>,
    { eager = false }: LoadOptions = {},
  ): Promise<{ cache: FileResultCache<T>; status: CacheLoadStatus }> {
    const cache = FileResultCache.empty<T>(file, kind, engine, isResult);
    await removeStaleTemporaries(file);
    let handle: fs.FileHandle;
    try {
      handle = await fs.open(file, 'r');
    } catch {
      return { cache, status: 'missing' };
    }
    const ignored = async () => {
      await handle.close().catch(() => undefined);
      cache.entries.clear();
      cache.shared = [];
      return { cache, status: 'ignored' as const };
    };
    try {
      let line = 0;
      let entryLines = 0;
      let ended = false;
      // Eagerly, entries are decoded a megabyte at a time: one JSON.parse of many lines costs far
      // less than one per line (a warm start of the index decodes thousands).
      let eagerLines: { at: number; tab: number; bytes: Buffer }[] = [];
      let eagerBytes = 0;
      const decodeEagerLines = () => {
        const lines = eagerLines;
        eagerLines = [];
        eagerBytes = 0;
        for (const [i, parsed] of parseLines(lines).entries()) {
          const { at, tab, bytes } = lines[i];
          const entry = metaOf(parsed?.[0]);
          if (!entry) continue;
          const result = cache.codec.decode(parsed![1], cache.shared);
          if (result === undefined) continue;
          cache.entries.set(entry.key, entryOf(entry.meta, at + tab + 1, bytes.length - tab - 1, undefined, result));
        }
      };
      for await (const { at, bytes } of linesOf(handle)) {
        if (ended) return await ignored(); // something after the last line
        if (line++ === 0) {
          const data = parseJson(bytes.toString('utf8')) as { format?: unknown; version?: unknown; kind?: unknown; engine?: unknown; shared?: unknown } | undefined;
          if (!data || data.format !== FORMAT || data.version !== FORMAT_VERSION || data.kind !== kind || data.engine !== engine || !Array.isArray(data.shared)) {
            return await ignored();
          }
          cache.shared = data.shared;
          continue;
        }
        const tab = bytes.indexOf(TAB);
        if (tab < 0) {
          // The last line says how many entries there were; another line without a tab is skipped.
          const text = bytes.toString('utf8');
          if (!text.startsWith(END_LINE_START)) continue;
          if ((parseJson(text) as { end?: unknown } | undefined)?.end !== entryLines) return await ignored();
          ended = true;
          continue;
        }
        entryLines++;
        if (eager) {
          eagerLines.push({ at, tab, bytes: Buffer.from(bytes) });
          eagerBytes += bytes.length + 3;
          if (eagerBytes >= CHUNK_BYTES) decodeEagerLines();
          continue;
        }
        const entry = metaOf(parseJson(bytes.toString('utf8', 0, tab)));
        if (entry) cache.entries.set(entry.key, entryOf(entry.meta, at + tab + 1, bytes.length - tab - 1, undefined, undefined));
      }
      decodeEagerLines();
      // Without its last line the file was cut short: none of it is trusted.
      if (!ended) return await ignored();
      cache.handle = handle;
      return { cache, status: 'loaded' };
    } catch {
      return await ignored();
    }
  }

  get size(): number {
    return this.entries.size;
  }

  /**
   * `length` bytes of the open file from `at`. Read a window at a time: results are mostly asked for
   * in the order they were written, so one read serves many (a warm start asks for thousands).
   */
  private bytesAt(at: number, length: number): Buffer | undefined {
    const window = this.window;
    if (window && at >= window.at && at + length <= window.at + window.bytes.length) return window.bytes.subarray(at - window.at, at - window.at + length);
    if (!this.handle) return undefined;
    // One buffer, read into again and again (callers decode what they get before they ask again):
    // results asked for out of order must not allocate a window each.
    if (!this.windowBuffer || this.windowBuffer.length < length) this.windowBuffer = Buffer.allocUnsafe(Math.max(length, READ_WINDOW_BYTES));
    // Synchronous: callers decide there and then, and a read of the page cache takes microseconds.
    const read = readSync(this.handle.fd, this.windowBuffer, 0, this.windowBuffer.length, at);
    if (read < length) return undefined;
    this.window = { at, bytes: this.windowBuffer.subarray(0, read) };
    return this.window.bytes.subarray(0, length);
  }

  /** The entry's result, read and decoded now; an unreadable or malformed one is forgotten. */
  private resultOf(key: string, entry: CacheEntry): T | undefined {
    if (entry.result !== undefined) {
      const result = entry.result as T;
      // Given once: the caller keeps it, and a second ask decodes anew (the caller may have changed it).
      entry.result = undefined;
      return result;
    }
    let text = entry.encoded;
    if (text === undefined && entry.at !== undefined && entry.length !== undefined) {
      try {
        text = this.bytesAt(entry.at, entry.length)?.toString('utf8');
      } catch {
        text = undefined;
      }
    }
    const result = text === undefined ? undefined : this.codec.decode(parseJson(text, undefined), this.shared);
    if (result === undefined) {
      this.entries.delete(key);
      this.changed = true;
    }
    return result;
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
    const result = this.resultOf(key, entry);
    if (result !== undefined) this.touch(key, entry);
    return result;
  }

  /**
   * Moves the entry to the end: the file is written in the order entries were last used, which is
   * the order the next run asks for them in, so that its reads go forward through the file.
   */
  private touch(key: string, entry: CacheEntry): void {
    this.entries.delete(key);
    this.entries.set(key, entry);
  }

  /**
   * The result recorded for `key` when the bytes just read (`hash`) are those it was made from and
   * the inputs are the same (and the result holds `today`). The new stamp is recorded, so the next run needs no read.
   */
  sameContent(key: string, stamp: FileStamp, hash: string, inputs: string, checkedAt: number, today?: string): T | undefined {
    const entry = this.entries.get(key);
    if (!entry || !hash || entry.inputs !== inputs || entry.hash !== hash || entry.size !== stamp.size) return undefined;
    if (!holdsOn(entry, today)) return undefined;
    const result = this.resultOf(key, entry);
    if (result === undefined) return undefined;
    if (entry.mtimeMs !== stamp.mtimeMs || entry.checkedAt !== checkedAt) {
      const restamped = entryOf(entry, entry.at, entry.length, entry.encoded, entry.result);
      restamped.mtimeMs = stamp.mtimeMs;
      restamped.checkedAt = checkedAt;
      this.touch(key, restamped);
      this.changed = true;
    } else this.touch(key, entry);
    return result;
  }

  /** Where `value` is in the shared list, adding it when it is new. */
  private share = (value: unknown): number => {
    if (!this.places) {
      this.places = new Map();
      this.shared.forEach((v, i) => this.places!.set(JSON.stringify(v), i));
    }
    const key = JSON.stringify(value);
    let place = this.places.get(key);
    if (place === undefined) this.places.set(key, (place = this.shared.push(value) - 1));
    return place;
  };

  /** Records the result made from the file as read at `checkedAt` (taken before reading), holding on `days` (always, when absent). */
  set(key: string, stamp: FileStamp, hash: string, inputs: string, checkedAt: number, result: T, days?: DayWindow): void {
    // Encoded now: a string of the result's JSON is a fraction of the result's objects.
    const encoded = JSON.stringify(this.codec.encode(result, this.share));
    this.entries.delete(key);
    this.entries.set(key, entryOf({ size: stamp.size, mtimeMs: stamp.mtimeMs, hash, inputs, checkedAt, days }, undefined, undefined, encoded, undefined));
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
   * the old one, so that a reader never sees half a file and two writers never mix theirs. The
   * cache stays usable, reading its results from the file just written.
   */
  async save(): Promise<boolean> {
    if (!this.changed) return false;
    await fs.mkdir(path.dirname(this.file), { recursive: true });
    const temporary = temporaryFor(this.file);
    const written = await fs.open(temporary, 'wx+');
    const places = new Map<string, { at: number; length: number }>();
    try {
      let position = 0;
      let pending: Buffer[] = [];
      let pendingBytes = 0;
      const flush = async () => {
        if (!pendingBytes) return;
        const bytes = pending.length === 1 ? pending[0] : Buffer.concat(pending, pendingBytes);
        pending = [];
        pendingBytes = 0;
        for (let done = 0; done < bytes.length; ) done += (await written.write(bytes, done, bytes.length - done, position + done)).bytesWritten;
        position += bytes.length;
      };
      let offset = 0;
      const put = async (bytes: Buffer) => {
        pending.push(bytes);
        pendingBytes += bytes.length;
        offset += bytes.length;
        if (pendingBytes >= CHUNK_BYTES) await flush();
      };
      // Every result is encoded by now, so the shared values are all known: they go first, for a reader that decodes as it reads.
      await put(Buffer.from(`${JSON.stringify({ format: FORMAT, version: FORMAT_VERSION, kind: this.kind, engine: this.engine, shared: this.shared })}\n`));
      let count = 0;
      for (const [key, entry] of this.entries) {
        let result: Buffer | undefined;
        if (entry.encoded !== undefined) result = Buffer.from(entry.encoded);
        else if (this.handle && entry.at !== undefined && entry.length !== undefined) {
          // Unchanged: copied as it is, its shared values keep their places (the list only grows).
          result = Buffer.allocUnsafe(entry.length);
          if ((await this.handle.read(result, 0, entry.length, entry.at)).bytesRead !== entry.length) result = undefined;
        }
        if (!result) continue;
        count++;
        await put(Buffer.from(`${metaLine(key, entry)}\t`));
        places.set(key, { at: offset, length: result.length });
        await put(result);
        await put(Buffer.from('\n'));
      }
      await put(Buffer.from(`${JSON.stringify({ end: count })}\n`));
      await flush();
      await fs.rename(temporary, this.file);
    } catch (e) {
      await written.close().catch(() => undefined);
      await fs.rm(temporary, { force: true }).catch(() => undefined);
      throw e;
    }
    // From now on results are read from the file just written (open still, whatever replaces it).
    await this.handle?.close().catch(() => undefined);
    this.handle = written;
    this.window = undefined;
    for (const [key, entry] of this.entries) {
      const place = places.get(key);
      if (place) this.entries.set(key, entryOf(entry, place.at, place.length, undefined, undefined));
      else this.entries.delete(key);
    }
    this.changed = false;
    return true;
  }

  /** Lets go of the cache file; what was not saved is lost. */
  async close(): Promise<void> {
    const handle = this.handle;
    this.handle = undefined;
    this.window = undefined;
    await handle?.close().catch(() => undefined);
  }
}

/**
 * Each entry line (`stamp<TAB>result`) parsed as `[stamp, result]`, by one JSON.parse of them all
 * as an array (a raw tab becomes a comma: JSON has none of its own); line by line when that fails,
 * so that one malformed line costs only itself (undefined in its place).
 */
function parseLines(lines: { tab: number; bytes: Buffer }[]): ([unknown, unknown] | undefined)[] {
  if (!lines.length) return [];
  const size = lines.reduce((n, l) => n + l.bytes.length + 3, 1);
  const all = Buffer.allocUnsafe(size);
  let at = 0;
  all[at++] = 0x5b; // [
  for (const [i, { tab, bytes }] of lines.entries()) {
    if (i) all[at++] = 0x2c; // ,
    all[at++] = 0x5b;
    bytes.copy(all, at);
    all[at + tab] = 0x2c;
    at += bytes.length;
    all[at++] = 0x5d; // ]
  }
  all[at++] = 0x5d;
  const parsed = parseJson(all.toString('utf8', 0, at));
  if (Array.isArray(parsed) && parsed.length === lines.length) return parsed as [unknown, unknown][];
  return lines.map(({ tab, bytes }) => {
    const one = parseJson(`[${bytes.toString('utf8', 0, tab)},${bytes.toString('utf8', tab + 1)}]`);
    return Array.isArray(one) && one.length === 2 ? (one as [unknown, unknown]) : undefined;
  });
}

function parseJson(text: string, fallback: unknown = undefined): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return fallback;
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
