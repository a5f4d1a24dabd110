// Git tags read from the repository's own files, never by running `git`: the extension and the CLI
// spawn no processes. Reads loose and packed refs, worktrees and submodules (`.git` as a file),
// and the tagged objects' dates from loose objects and packfiles (deltas included). Anything
// missing or corrupt gives fewer tags or an unknown date, never an exception.
import { promises as fs } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import * as path from 'node:path';
import { inflateSync } from 'node:zlib';
import type { GitTag, ReadGitTagsOptions } from '../host';

export interface GitRepository {
  /** The working tree's top folder (the one holding `.git`). */
  root: string;
  /** This worktree's git directory (`.git`, or `.git/worktrees/<name>` for a linked worktree). */
  gitDir: string;
  /** Where refs and objects shared by all worktrees live (`commondir`), usually `gitDir` itself. */
  commonDir: string;
}

const HEX = /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/;

async function readText(file: string): Promise<string | undefined> {
  try {
    return await fs.readFile(file, 'utf8');
  } catch {
    return undefined;
  }
}

async function isDirectory(p: string): Promise<boolean | undefined> {
  try {
    return (await fs.stat(p)).isDirectory();
  } catch {
    return undefined;
  }
}

/** The repository holding `start` (a folder or a file), looking up to the file system's root. */
export async function findGitRepository(start: string): Promise<GitRepository | undefined> {
  let folder = path.resolve(start);
  if ((await isDirectory(folder)) === false) folder = path.dirname(folder);
  for (;;) {
    const dotGit = path.join(folder, '.git');
    const kind = await isDirectory(dotGit);
    if (kind === true) return withCommonDir(folder, dotGit);
    if (kind === false) {
      // A worktree or a submodule: `.git` is a file saying `gitdir: <path>`, relative to its folder.
      const target = /^gitdir:\s*(.+?)\s*$/m.exec((await readText(dotGit)) ?? '')?.[1];
      if (target && (await isDirectory(path.resolve(folder, target)))) return withCommonDir(folder, path.resolve(folder, target));
      return undefined; // as git does: a broken `.git` file is not a repository, and it hides any above
    }
    const parent = path.dirname(folder);
    if (parent === folder) return undefined;
    folder = parent;
  }
}

async function withCommonDir(root: string, gitDir: string): Promise<GitRepository> {
  const common = (await readText(path.join(gitDir, 'commondir')))?.trim();
  const commonDir = common ? path.resolve(gitDir, common) : gitDir;
  return { root, gitDir, commonDir: common && (await isDirectory(commonDir)) ? commonDir : gitDir };
}

/** The repository's tags, sorted by name like `git for-each-ref refs/tags`; `[]` outside a repository. */
export async function readGitTags(start: string, options: ReadGitTagsOptions = {}): Promise<GitTag[]> {
  const repo = await findGitRepository(start);
  if (!repo) return [];
  const refs = await readTagRefs(repo.commonDir);
  const tags: GitTag[] = [...refs].map(([name, object]) => ({ name, object })).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const wanted = options.dates ?? true;
  if (wanted === false) return tags;
  const store = new ObjectStore(await objectDirectories(path.join(repo.commonDir, 'objects')));
  try {
    for (const tag of tags) {
      if (wanted !== true && !wanted(tag.name)) continue;
      const date = await creatorDate(store, tag.object);
      if (date) tag.date = date;
    }
  } finally {
    await store.close();
  }
  return tags;
}

/** Tag name → object id: `packed-refs`, then loose refs under `refs/tags/`, which win. */
async function readTagRefs(commonDir: string): Promise<Map<string, string>> {
  const refs = new Map<string, string>();
  const symbolic = new Map<string, string>();
  for (const line of ((await readText(path.join(commonDir, 'packed-refs'))) ?? '').split('\n')) {
    // `<id> refs/tags/<name>`; `^<id>` lines give the peeled commit and `#` lines are headers.
    const m = /^([0-9a-f]{40}|[0-9a-f]{64}) refs\/tags\/(.+?)\r?$/.exec(line);
    if (m && validTagName(m[2])) refs.set(m[2], m[1]);
  }
  const walk = async (dir: string, prefix: string): Promise<void> => {
    let entries;
    try {
      entries = await fs.readdir(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      const name = prefix + entry.name;
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) await walk(full, `${name}/`);
      else if (entry.isFile() && validTagName(name)) {
        const content = ((await readText(full)) ?? '').trim();
        if (HEX.test(content)) refs.set(name, content);
        else if (content.startsWith('ref: refs/tags/')) symbolic.set(name, content.slice('ref: refs/tags/'.length).trim());
      }
    }
  };
  await walk(path.join(commonDir, 'refs', 'tags'), '');
  for (const [name, target] of symbolic) {
    let next: string | undefined = target;
    for (let hops = 0; next !== undefined && !refs.has(next) && hops < 5; hops++) next = symbolic.get(next);
    const id = next !== undefined ? refs.get(next) : undefined;
    if (id) refs.set(name, id);
  }
  return refs;
}

/** Names git itself would accept for a ref (enough to skip lock files and leftovers). */
function validTagName(name: string): boolean {
  return (
    name !== '' &&
    !name.endsWith('.lock') &&
    !name.endsWith('/') &&
    !name.endsWith('.') &&
    !name.includes('..') &&
    !name.includes('@{') &&
    !name.split('/').some((part) => part === '' || part.startsWith('.')) &&
    // eslint-disable-next-line no-control-regex
    !/[\x00-\x20\x7f~^:?*[\\]/.test(name)
  );
}

/** `objects/` and the object folders it borrows from (`objects/info/alternates`), recursively. */
async function objectDirectories(objects: string, seen = new Set<string>()): Promise<string[]> {
  const resolved = path.resolve(objects);
  if (seen.has(resolved) || seen.size > 10) return [];
  seen.add(resolved);
  const out = [resolved];
  for (const line of ((await readText(path.join(resolved, 'info', 'alternates'))) ?? '').split('\n')) {
    const alternate = line.trim();
    if (alternate && !alternate.startsWith('#')) out.push(...(await objectDirectories(path.resolve(resolved, alternate), seen)));
  }
  return out;
}

/** The tagger's date of a tag object, the committer's date of a commit; undefined for anything else. */
async function creatorDate(store: ObjectStore, id: string): Promise<string | undefined> {
  let object: GitObject | undefined;
  try {
    object = await store.read(id);
  } catch {
    return undefined;
  }
  if (!object || (object.type !== 'tag' && object.type !== 'commit')) return undefined;
  const header = object.data.toString('utf8', 0, Math.min(object.data.length, 64 * 1024)).split('\n\n')[0];
  const field = object.type === 'tag' ? 'tagger' : 'committer';
  const line = header.split('\n').find((l) => l.startsWith(`${field} `));
  const m = line && /> (-?\d+) ([+-])(\d{2})(\d{2})$/.exec(line);
  if (!m) return undefined;
  const offsetMinutes = (m[2] === '-' ? -1 : 1) * (Number(m[3]) * 60 + Number(m[4]));
  const local = new Date((Number(m[1]) + offsetMinutes * 60) * 1000);
  if (Number.isNaN(local.getTime())) return undefined;
  return `${local.toISOString().slice(0, 19)}${m[2]}${m[3]}:${m[4]}`;
}

type ObjectType = 'commit' | 'tree' | 'blob' | 'tag';

interface GitObject {
  type: ObjectType;
  data: Buffer;
}

const PACK_TYPES: Record<number, ObjectType> = { 1: 'commit', 2: 'tree', 3: 'blob', 4: 'tag' };
const OFS_DELTA = 6;
const REF_DELTA = 7;
/** Deeper delta chains than git ever writes (its `--depth` is at most 4095) mean a corrupt pack. */
const MAX_DELTA_DEPTH = 5000;

/** Reads objects by id from loose files and packs; one per `readGitTags` call, closed after it. */
class ObjectStore {
  private packs: Promise<Pack[]> | undefined;
  /** Bases of deltas, by pack and offset: tags and commits are often deltas against the same few objects. */
  private readonly cache = new Map<string, GitObject>();

  constructor(private readonly objectDirs: string[]) {}

  async read(id: string, depth = 0): Promise<GitObject | undefined> {
    if (!HEX.test(id) || depth > MAX_DELTA_DEPTH) return undefined;
    for (const dir of this.objectDirs) {
      const loose = await this.readLoose(path.join(dir, id.slice(0, 2), id.slice(2)));
      if (loose) return loose;
    }
    for (const pack of await this.listPacks()) {
      const offset = await pack.offsetOf(id);
      if (offset !== undefined) return this.readPacked(pack, offset, id.length / 2, depth);
    }
    return undefined;
  }

  async close(): Promise<void> {
    for (const pack of await (this.packs ?? Promise.resolve([]))) await pack.close();
  }

  private async readLoose(file: string): Promise<GitObject | undefined> {
    let compressed: Buffer;
    try {
      compressed = await fs.readFile(file);
    } catch {
      return undefined;
    }
    try {
      const raw = inflateSync(compressed);
      const nul = raw.indexOf(0);
      const m = /^(commit|tree|blob|tag) (\d+)$/.exec(raw.toString('latin1', 0, nul));
      if (nul < 0 || !m || Number(m[2]) !== raw.length - nul - 1) return undefined;
      return { type: m[1] as ObjectType, data: raw.subarray(nul + 1) };
    } catch {
      return undefined;
    }
  }

  private listPacks(): Promise<Pack[]> {
    this.packs ??= (async () => {
      const packs: Pack[] = [];
      for (const dir of this.objectDirs) {
        const packDir = path.join(dir, 'pack');
        let names: string[];
        try {
          names = await fs.readdir(packDir);
        } catch {
          continue;
        }
        for (const name of names.filter((n) => n.endsWith('.idx')).sort()) {
          const pack = await Pack.open(path.join(packDir, name), path.join(packDir, `${name.slice(0, -4)}.pack`));
          if (pack) packs.push(pack);
        }
      }
      return packs;
    })();
    return this.packs;
  }

  private async readPacked(pack: Pack, offset: number, hashLength: number, depth: number): Promise<GitObject | undefined> {
    if (depth > MAX_DELTA_DEPTH) return undefined;
    const key = `${pack.file}\0${offset}`;
    const cached = this.cache.get(key);
    if (cached) return cached;
    const entry = await pack.entryAt(offset, hashLength);
    if (!entry) return undefined;
    let object: GitObject | undefined;
    if (entry.type === OFS_DELTA || entry.type === REF_DELTA) {
      const base =
        entry.type === OFS_DELTA
          ? entry.baseOffset !== undefined && entry.baseOffset < offset
            ? await this.readPacked(pack, entry.baseOffset, hashLength, depth + 1)
            : undefined
          : entry.baseId && (await this.read(entry.baseId, depth + 1));
      if (!base) return undefined;
      const data = applyDelta(base.data, entry.data);
      object = data && { type: base.type, data };
    } else {
      const type = PACK_TYPES[entry.type];
      object = type && { type, data: entry.data };
    }
    if (object && object.data.length <= 1024 * 1024) {
      if (this.cache.size >= 256) this.cache.delete(this.cache.keys().next().value as string);
      this.cache.set(key, object);
    }
    return object;
  }
}

interface PackEntry {
  type: number;
  /** Inflated: the object's data, or the delta's instructions. */
  data: Buffer;
  baseOffset?: number;
  baseId?: string;
}

/** One `.idx` + `.pack` pair. The index is read bucket by bucket, so huge repositories stay cheap. */
class Pack {
  private readonly buckets = new Map<number, Buffer>();

  private constructor(
    private readonly idx: FileHandle,
    private readonly pack: FileHandle,
    readonly file: string,
    private readonly packSize: number,
    /** Version 2 (`\xfftOc`) or 1 (no header). */
    private readonly version: 1 | 2,
    private readonly fanout: number[],
  ) {}

  static async open(idxFile: string, packFile: string): Promise<Pack | undefined> {
    let idx: FileHandle | undefined;
    let pack: FileHandle | undefined;
    try {
      idx = await fs.open(idxFile, 'r');
      pack = await fs.open(packFile, 'r');
      const head = await readAt(idx, 0, 8 + 256 * 4);
      const packHead = await readAt(pack, 0, 12);
      if (packHead.length < 12 || packHead.toString('latin1', 0, 4) !== 'PACK') throw new Error('not a pack');
      const version = head.readUInt32BE(0) === 0xff744f63 ? 2 : 1;
      if (version === 2 && head.readUInt32BE(4) !== 2) throw new Error('unknown index version');
      const fanoutStart = version === 2 ? 8 : 0;
      if (head.length < fanoutStart + 1024) throw new Error('short index');
      const fanout = Array.from({ length: 256 }, (_, i) => head.readUInt32BE(fanoutStart + i * 4));
      return new Pack(idx, pack, packFile, (await pack.stat()).size, version, fanout);
    } catch {
      await idx?.close().catch(() => undefined);
      await pack?.close().catch(() => undefined);
      return undefined;
    }
  }

  async close(): Promise<void> {
    await this.idx.close().catch(() => undefined);
    await this.pack.close().catch(() => undefined);
  }

  /** Where the object lies in the pack, or undefined when this pack does not hold it. */
  async offsetOf(id: string): Promise<number | undefined> {
    const hashLength = id.length / 2;
    const wanted = Buffer.from(id, 'hex');
    const first = wanted[0];
    const lo = first === 0 ? 0 : this.fanout[first - 1];
    const hi = this.fanout[first];
    const count = this.fanout[255];
    if (hi <= lo || hi > count) return undefined;
    // Version 1 entries are `<offset:4><id>`; version 2 keeps the ids in one table and the offsets in another.
    const stride = this.version === 2 ? hashLength : 4 + hashLength;
    const idsStart = this.version === 2 ? 8 + 1024 : 1024;
    let bucket = this.buckets.get(first);
    if (!bucket) {
      bucket = await readAt(this.idx, idsStart + lo * stride, (hi - lo) * stride);
      if (bucket.length < (hi - lo) * stride) return undefined;
      this.buckets.set(first, bucket);
    }
    let a = 0;
    let b = hi - lo - 1;
    while (a <= b) {
      const mid = (a + b) >> 1;
      const at = mid * stride + (this.version === 2 ? 0 : 4);
      // Negative when the entry sorts before the id wanted.
      const order = bucket.compare(wanted, 0, hashLength, at, at + hashLength);
      if (order === 0) {
        const index = lo + mid;
        if (this.version === 1) return bucket.readUInt32BE(mid * stride);
        const offsetsStart = idsStart + count * hashLength + count * 4; // after the ids and their CRCs
        const small = (await readAt(this.idx, offsetsStart + index * 4, 4)).readUInt32BE(0);
        if (!(small & 0x80000000)) return small;
        const large = await readAt(this.idx, offsetsStart + count * 4 + (small & 0x7fffffff) * 8, 8);
        const value = Number(large.readBigUInt64BE(0));
        return Number.isSafeInteger(value) ? value : undefined;
      }
      if (order < 0) a = mid + 1;
      else b = mid - 1;
    }
    return undefined;
  }

  /** The entry at `offset`: its type, its inflated data, and the base of a delta (ids are `hashLength` bytes). */
  async entryAt(offset: number, hashLength: number): Promise<PackEntry | undefined> {
    if (offset < 12 || offset >= this.packSize) return undefined;
    const head = await readAt(this.pack, offset, 64);
    let p = 0;
    let byte = head[p++];
    const type = (byte >> 4) & 7;
    let size = byte & 15;
    let shift = 4;
    while (byte & 0x80) {
      if (p >= head.length || shift > 49) return undefined;
      byte = head[p++];
      size += (byte & 0x7f) * 2 ** shift;
      shift += 7;
    }
    const entry: PackEntry = { type, data: Buffer.alloc(0) };
    if (type === OFS_DELTA) {
      // Big-endian base-128 with an extra 1 added per continuation byte (pack-format.txt).
      byte = head[p++];
      let distance = byte & 0x7f;
      while (byte & 0x80) {
        if (p >= head.length || distance > 2 ** 45) return undefined;
        byte = head[p++];
        distance = (distance + 1) * 128 + (byte & 0x7f);
      }
      entry.baseOffset = offset - distance;
    } else if (type === REF_DELTA) {
      if (p + hashLength > head.length) return undefined;
      entry.baseId = head.toString('hex', p, p + hashLength);
      p += hashLength;
    } else if (!PACK_TYPES[type]) {
      return undefined;
    }
    if (size > 64 * 1024 * 1024) return undefined; // no tag or commit is this large: a corrupt header
    const data = await this.inflateAt(offset + p, size);
    if (!data) return undefined;
    entry.data = data;
    return entry;
  }

  /** Inflates the zlib stream at `start`, reading more of the pack until the stream is whole. */
  private async inflateAt(start: number, size: number): Promise<Buffer | undefined> {
    let length = Math.max(512, Math.ceil(size * 1.1) + 64);
    for (;;) {
      const chunk = await readAt(this.pack, start, Math.min(length, this.packSize - start));
      try {
        const data = inflateSync(chunk, { maxOutputLength: size + 1 });
        return data.length === size ? data : undefined;
      } catch {
        if (start + chunk.length >= this.packSize || length > 256 * 1024 * 1024) return undefined;
        length *= 4;
      }
    }
  }
}

async function readAt(handle: FileHandle, position: number, length: number): Promise<Buffer> {
  const buffer = Buffer.alloc(Math.max(0, length));
  const { bytesRead } = await handle.read(buffer, 0, buffer.length, position);
  return buffer.subarray(0, bytesRead);
}

/** Applies git's delta instructions (copy from the base, or insert literal bytes) to `base`. */
function applyDelta(base: Buffer, delta: Buffer): Buffer | undefined {
  let p = 0;
  const varint = (): number => {
    let value = 0;
    let shift = 0;
    let byte;
    do {
      if (p >= delta.length || shift > 49) return -1;
      byte = delta[p++];
      value += (byte & 0x7f) * 2 ** shift;
      shift += 7;
    } while (byte & 0x80);
    return value;
  };
  const sourceSize = varint();
  const targetSize = varint();
  if (sourceSize !== base.length || targetSize < 0 || targetSize > 256 * 1024 * 1024) return undefined;
  const out = Buffer.alloc(targetSize);
  let o = 0;
  while (p < delta.length) {
    const op = delta[p++];
    if (op & 0x80) {
      let offset = 0;
      let size = 0;
      for (let bit = 0; bit < 4; bit++) if (op & (1 << bit)) offset += delta[p++] * 2 ** (8 * bit);
      for (let bit = 0; bit < 3; bit++) if (op & (0x10 << bit)) size += delta[p++] * 2 ** (8 * bit);
      if (size === 0) size = 0x10000;
      if (p > delta.length || offset + size > base.length || o + size > targetSize) return undefined;
      base.copy(out, o, offset, offset + size);
      o += size;
    } else if (op !== 0) {
      if (p + op > delta.length || o + op > targetSize) return undefined;
      delta.copy(out, o, p, p + op);
      p += op;
      o += op;
    } else {
      return undefined; // reserved
    }
  }
  return o === targetSize ? out : undefined;
}
