// Reading Markdown from disk for the hosts (CLI, language server's workspace index). The engine
// never touches the file system; this is the one place that does.
import { createHash } from 'node:crypto';
import { close, closeSync, fstat, fstatSync, open, openSync, promises as fs, read as readInto, readSync, statSync, type Dirent, type Stats } from 'node:fs';
import { promisify } from 'node:util';
import * as path from 'node:path';
import { SIZE_LIMIT_SETTINGS, sizeText } from '../core/analyze';
import type { SetupFile } from '../core/setup';
import type { ReadResult } from '../host';
import { MARKDOWN } from '../workspaceFiles';
import { toPosixRelative } from './paths';


/** Folders never worth walking: dependencies and dot folders (`.git`, `.vscode`, ...). */
function skipFolder(name: string): boolean {
  return name === 'node_modules' || name.startsWith('.');
}

/** Whether a walk of `root` reaches `folder`: it lies inside, and no folder on the way is skipped. */
export function walkReaches(root: string, folder: string): boolean {
  const relative = path.relative(root, folder);
  if (relative.startsWith('..') || path.isAbsolute(relative)) return false;
  return !relative || !relative.split(path.sep).some(skipFolder);
}

async function isPlainFolder(p: string): Promise<boolean> {
  try {
    return (await fs.lstat(p)).isDirectory();
  } catch {
    return false;
  }
}

async function realPathOf(p: string): Promise<string | undefined> {
  try {
    return await fs.realpath(p);
  } catch {
    return undefined;
  }
}

/** A Markdown file found by the walk, with what a cache needs to know whether it changed. */
export interface MarkdownEntry {
  /** Absolute path, as reached from the root (not resolved through links). */
  file: string;
  size: number;
  mtimeMs: number;
}

export interface WalkOptions {
  /**
   * Told of a folder that exists but cannot be listed (permissions, too many open files), whose
   * files are therefore not checked. Entries deleted during the walk are not news: they are gone.
   */
  onUnreadableFolder?: (folder: string, error: NodeJS.ErrnoException) => void;
}

/**
 * Absolute paths of the Markdown files under each root, in a stable order (by name within each
 * folder). A root that is a file is yielded as it is, whatever its extension: it was named on purpose.
 * Symlinks are followed, but every folder and file is visited once by its real path, so a link
 * loop ends. Folders that cannot be read and entries deleted during the walk are passed over.
 */
export async function* walkMarkdownFiles(roots: string[], options: WalkOptions = {}): AsyncGenerator<string> {
  for await (const entry of walkMarkdownEntries(roots, options)) yield entry.file;
}

const GONE = new Set(['ENOENT', 'ENOTDIR']);

/** A folder being walked: its real path, its entries by name, and how far the walk has got. */
interface OpenFolder {
  folder: string;
  real: string;
  dirents: Dirent[];
  next: number;
}

/**
 * `walkMarkdownFiles` with each file's size and modification time. The walk keeps its own stack of
 * open folders rather than recursing, so that a tree thousands of folders deep does not exhaust
 * the call stack.
 */
export async function* walkMarkdownEntries(roots: string[], options: WalkOptions = {}): AsyncGenerator<MarkdownEntry> {
  const seenFolders = new Set<string>();
  const seenFiles = new Set<string>();

  /**
   * The folder opened for walking, or undefined when it was walked already or cannot be listed.
   * `known` is its real path if it is still no link: its parent's real path and its name.
   */
  async function open(folder: string, known?: string): Promise<OpenFolder | undefined> {
    // Resolving every folder would cost a system call per level of the path: only links need it.
    // It is looked at again here: the folder listed a moment ago may have been swapped for a link.
    const real = known !== undefined && (await isPlainFolder(folder)) ? known : await realPathOf(folder);
    if (!real || seenFolders.has(real)) return undefined;
    seenFolders.add(real);
    let dirents: Dirent[];
    try {
      dirents = await fs.readdir(folder, { withFileTypes: true });
    } catch (e) {
      const error = e as NodeJS.ErrnoException;
      if (!GONE.has(error.code ?? '')) options.onUnreadableFolder?.(folder, error);
      return undefined;
    }
    dirents.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    return { folder, real, dirents, next: 0 };
  }

  async function* walkFolder(root: string): AsyncGenerator<MarkdownEntry> {
    const first = await open(root);
    const stack = first ? [first] : [];
    while (stack.length) {
      const top = stack[stack.length - 1];
      const dirent = top.dirents[top.next++];
      if (!dirent) {
        stack.pop();
        continue;
      }
      // Only what may be yielded or walked needs a stat: Markdown files, folders and links.
      if (dirent.isDirectory() ? skipFolder(dirent.name) : dirent.isFile() && !MARKDOWN.test(dirent.name)) continue;
      const full = path.join(top.folder, dirent.name);
      if (dirent.isDirectory()) {
        const inner = await open(full, path.join(top.real, dirent.name));
        if (inner) stack.push(inner);
        continue;
      }
      let stat;
      try {
        // stat, not lstat: a link to a folder is walked (once, by its real path). Taken one at a
        // time, when the walk gets there, so that what was deleted meanwhile is not yielded; and
        // synchronously: a stat takes microseconds, its promise round trip four times as long
        // (2,000 files: 27 ms against 116 ms, most of a warm start of the index).
        stat = statSync(full);
      } catch {
        continue; // deleted meanwhile, or a dangling link
      }
      if (stat.isDirectory()) {
        const inner = skipFolder(dirent.name) ? undefined : await open(full);
        if (inner) stack.push(inner);
      } else if (stat.isFile() && MARKDOWN.test(dirent.name)) {
        // A plain file's real path is its real folder's plus its name; only links need resolving.
        const realFile = dirent.isFile() ? path.join(top.real, dirent.name) : await realPathOf(full);
        if (!realFile || seenFiles.has(realFile)) continue;
        seenFiles.add(realFile);
        yield { file: full, size: stat.size, mtimeMs: stat.mtimeMs };
      }
    }
  }

  for (const root of roots) {
    const absolute = path.resolve(root);
    let stat;
    try {
      stat = await fs.stat(absolute);
    } catch {
      continue;
    }
    if (stat.isDirectory()) {
      yield* walkFolder(absolute);
    } else if (stat.isFile()) {
      const realFile = await realPathOf(absolute);
      if (!realFile || seenFiles.has(realFile)) continue;
      seenFiles.add(realFile);
      yield { file: absolute, size: stat.size, mtimeMs: stat.mtimeMs };
    }
  }
}


function unreadableMessage(error: NodeJS.ErrnoException): string {
  switch (error.code) {
    case 'ENOENT':
      return 'Not analysed: the file no longer exists.';
    case 'EACCES':
    case 'EPERM':
      return 'Not analysed: permission denied reading the file.';
    case 'EISDIR':
      return 'Not analysed: this is a folder, not a file.';
    case 'EMFILE':
    case 'ENFILE':
      return 'Not analysed: too many files open at once.';
    default:
      return `Not analysed: the file cannot be read (${error.code ?? error.message}).`;
  }
}

/** What was read, with the size and modification time of the very bytes read and their hash. */
export type ReadInfo = ReadResult & {
  size: number;
  mtimeMs: number;
  /** SHA-1 of the bytes, hex; empty when they were not read (too large, unreadable) or not asked for. */
  hash: string;
};

/**
 * The file's text, decoded as UTF-8 with a leading BOM kept as a character (so that positions
 * match what an editor shows), or why it was not read: too large (only the size is looked at),
 * binary, not UTF-8, or unreadable.
 */
export async function readTextFile(file: string, maxBytes: number): Promise<ReadResult> {
  const { size: _size, mtimeMs: _mtimeMs, hash: _hash, ...read } = await readTextFileInfo(file, maxBytes, { hash: false });
  return read;
}

/**
 * The file system calls a read makes, as steps: the same steps run with promises (the language
 * server, which must keep answering) or blocking (the CLI, which has nothing else to do: reading
 * 2,000 small reports takes 30 ms blocking, against 190 ms through promises).
 */
type ReadStep = { op: 'open' } | { op: 'stat'; fd: number } | { op: 'read'; fd: number; buffer: Buffer; offset: number } | { op: 'close'; fd: number };

function* readSteps(maxBytes: number, hash: boolean): Generator<ReadStep, ReadInfo, unknown> {
  let fd: number | undefined;
  let size = -1;
  let mtimeMs = -1;
  try {
    fd = (yield { op: 'open' }) as number;
    const stat = (yield { op: 'stat', fd }) as Stats;
    size = stat.size;
    mtimeMs = stat.mtimeMs;
    const unread = (skipped: string): ReadInfo => ({ skipped, size, mtimeMs, hash: '' });
    if (!stat.isFile()) return unread('Not analysed: this is not a regular file.');
    if (stat.size > maxBytes) {
      return unread(`Not analysed: the file is ${sizeText(stat.size)}, over the ${sizeText(maxBytes)} limit (${SIZE_LIMIT_SETTINGS}).`);
    }
    // Read at most one byte past the limit: the file may have grown since the stat.
    const buffer = Buffer.alloc(Math.min(stat.size, maxBytes) + 1);
    let length = 0;
    while (length < buffer.length) {
      const bytesRead = (yield { op: 'read', fd, buffer, offset: length }) as number;
      if (bytesRead === 0) break;
      length += bytesRead;
    }
    if (length > maxBytes) return unread(`Not analysed: the file is over the ${sizeText(maxBytes)} limit (${SIZE_LIMIT_SETTINGS}).`);
    const bytes = buffer.subarray(0, length);
    const read = (result: ReadResult): ReadInfo => ({ ...result, size: length, mtimeMs, hash: hash ? createHash('sha1').update(bytes).digest('hex') : '' });
    if (bytes.includes(0)) {
      return read({ skipped: 'Not analysed: the file holds NUL bytes, so it looks binary (or UTF-16) rather than UTF-8 Markdown.' });
    }
    try {
      return read({ text: new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes) });
    } catch {
      return read({ skipped: 'Not analysed: the file is not valid UTF-8 text.' });
    }
  } catch (e) {
    return { skipped: unreadableMessage(e as NodeJS.ErrnoException), size, mtimeMs, hash: '' };
  } finally {
    if (fd !== undefined) {
      try {
        yield { op: 'close', fd };
      } catch {
        // Closing a file only read from: nothing was lost.
      }
    }
  }
}

/** The calls a step needs, blocking or with promises (file descriptors, not `FileHandle`s: a handle's promises cost six times the reading itself). */
interface FileCalls {
  open(file: string): unknown;
  stat(fd: number): unknown;
  read(fd: number, buffer: Buffer, offset: number): unknown;
  close(fd: number): unknown;
}

const blockingCalls: FileCalls = {
  open: (file) => openSync(file, 'r'),
  stat: (fd) => fstatSync(fd),
  read: (fd, buffer, offset) => readSync(fd, buffer, offset, buffer.length - offset, offset),
  close: (fd) => closeSync(fd),
};

const openFile = promisify(open);
const readFromFile = promisify(readInto);
const promisedCalls: FileCalls = {
  open: (file) => openFile(file, 'r'),
  stat: promisify(fstat),
  read: async (fd, buffer, offset) => (await readFromFile(fd, buffer, offset, buffer.length - offset, offset)).bytesRead,
  close: promisify(close),
};

function call(calls: FileCalls, file: string, step: ReadStep): unknown {
  if (step.op === 'open') return calls.open(file);
  if (step.op === 'stat') return calls.stat(step.fd);
  if (step.op === 'read') return calls.read(step.fd, step.buffer, step.offset);
  return calls.close(step.fd);
}

/** `readTextFile`, with the size and time from the open file's own stat and (unless `hash` is false: no cache to check) a hash of its bytes. */
export async function readTextFileInfo(file: string, maxBytes: number, { hash = true } = {}): Promise<ReadInfo> {
  const steps = readSteps(maxBytes, hash);
  let next = steps.next();
  while (!next.done) {
    next = await Promise.resolve(call(promisedCalls, file, next.value)).then(
      (value) => steps.next(value),
      (error: unknown) => steps.throw(error),
    );
  }
  return next.value;
}

/** `readTextFileInfo` blocking: for the CLI. */
export function readTextFileInfoSync(file: string, maxBytes: number, { hash = true } = {}): ReadInfo {
  const steps = readSteps(maxBytes, hash);
  let next = steps.next();
  while (!next.done) {
    let value: unknown;
    try {
      value = call(blockingCalls, file, next.value);
    } catch (error) {
      next = steps.throw(error);
      continue;
    }
    next = steps.next(value);
  }
  return next.value;
}

/**
 * The first bytes of a file decoded leniently: enough to read its front matter `type:` when the
 * whole file was not read (too large, not UTF-8), so detection still works. Empty when unreadable.
 */
export async function readHead(file: string, bytes = 8 * 1024): Promise<string> {
  let handle: fs.FileHandle | undefined;
  try {
    handle = await fs.open(file, 'r');
    const buffer = Buffer.alloc(bytes);
    const { bytesRead } = await handle.read(buffer, 0, bytes, 0);
    return new TextDecoder('utf-8', { ignoreBOM: true }).decode(buffer.subarray(0, bytesRead));
  } catch {
    return '';
  } finally {
    await handle?.close().catch(() => undefined);
  }
}


/**
 * The Markdown under `root` as the set-up proposal (`aar init`, Set Up This Repository) takes it:
 * paths relative to the root, `/`-separated, with the text or why it was not read.
 */
export async function readSetupFiles(root: string, maxFileSize: number, onUnreadableFolder?: WalkOptions['onUnreadableFolder']): Promise<SetupFile[]> {
  const files: SetupFile[] = [];
  for await (const entry of walkMarkdownEntries([root], { onUnreadableFolder })) {
    const read = await readTextFile(entry.file, maxFileSize);
    const p = toPosixRelative(entry.file, root);
    files.push('text' in read ? { path: p, text: read.text } : { path: p, text: '', skipped: read.skipped });
  }
  return files;
}
