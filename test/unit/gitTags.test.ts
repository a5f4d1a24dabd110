// Tags and their dates read from a real repository's files agree with what `git for-each-ref`
// says, through loose refs and objects, packed refs, packfiles with both kinds of delta,
// worktrees and `.git` files. The test runs git to build the repository; the product never does.
import assert from 'node:assert/strict';
import { chmodSync, closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, readSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { GitTag } from '../../server/src/host';
import { findGitRepository, readGitTags } from '../../server/src/node/gitTags';
import { git as gitIn } from './helpers/git';

let scratch: string;

/** git in the scratch folder's home (see helpers/git.ts). */
const git = (cwd: string, args: string[], date?: string): string => gitIn(cwd, args, scratch, date);

/** What git itself lists: name, object and creator date (git 2.40+ writes `Z` for UTC, older `+00:00`). */
function gitTags(cwd: string): GitTag[] {
  return git(cwd, ['for-each-ref', '--format=%(refname:strip=2)%00%(objectname)%00%(creatordate:iso-strict)', 'refs/tags'])
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const [name, object, date] = line.split('\0');
      return { name, object, date: date.replace(/Z$/, '+00:00') };
    });
}

/** A repository with commits whose long messages repeat (so that packing stores them as deltas) and tags of every kind. */
function makeRepository(dir: string, objectFormat?: 'sha256'): void {
  mkdirSync(dir, { recursive: true });
  git(dir, ['init', '-q', '-b', 'main', ...(objectFormat ? [`--object-format=${objectFormat}`] : [])]);
  const zones = ['+0130', '-0700', '+0000', '+0545', '-0330'];
  for (let i = 1; i <= 24; i++) {
    writeFileSync(join(dir, 'notes.md'), Array.from({ length: 120 }, (_, j) => `line ${j} of the release notes ${j === 7 ? i : 0}`).join('\n'));
    git(dir, ['add', 'notes.md']);
    const message = `Release work ${i}\n\n${'The same long explanation of the change, repeated. '.repeat(40)}`;
    git(dir, ['commit', '-q', '-m', message], `2026-0${1 + (i % 9)}-${10 + (i % 18)}T${10 + (i % 12)}:15:30 ${zones[i % zones.length]}`);
    if (i === 3) git(dir, ['tag', 'v1.0.0']);
    if (i === 6) git(dir, ['tag', '-a', 'v1.1.0', '-m', `Version 1.1.0\n\n${'Notes for the release. '.repeat(30)}`], '2026-03-01T12:00:00 -0700');
    if (i === 9) git(dir, ['tag', 'release/2026-q1']);
    if (i === 12) git(dir, ['tag', '-a', 'v2.0.0-rc.1', '-m', `Candidate\n\n${'Notes for the release. '.repeat(30)}`], '2026-05-02T08:30:00 +0545');
    if (i === 20) git(dir, ['tag', 'v2.0.0']);
  }
  // A tag of a tag: its date is the outer tag's.
  git(dir, ['tag', '-a', 'signed-off/v1.1.0', 'v1.1.0', '-m', 'Approved'], '2026-04-04T04:04:04 +0000');
}

/** The pack entry type (6 OFS_DELTA, 7 REF_DELTA, 1 commit, 4 tag) of each object in the repository's single pack. */
function packEntryTypes(dir: string): Map<string, number> {
  const packDir = join(dir, '.git', 'objects', 'pack');
  const idx = readdirSync(packDir).filter((n) => n.endsWith('.idx'));
  assert.equal(idx.length, 1, 'one pack');
  const pack = openSync(join(packDir, idx[0].replace(/\.idx$/, '.pack')), 'r');
  const types = new Map<string, number>();
  try {
    for (const line of git(dir, ['verify-pack', '-v', join(packDir, idx[0])]).split('\n')) {
      const m = /^([0-9a-f]{40,64}) +\w+ +\d+ +\d+ +(\d+)/.exec(line);
      if (!m) continue;
      const byte = Buffer.alloc(1);
      readSync(pack, byte, 0, 1, Number(m[2]));
      types.set(m[1], (byte[0] >> 4) & 7);
    }
  } finally {
    closeSync(pack);
  }
  return types;
}

function looseObjectFile(dir: string, id: string): string {
  return join(dir, '.git', 'objects', id.slice(0, 2), id.slice(2));
}

describe('git tags read from the repository files', function () {
  this.timeout(60000);
  let repo: string;

  before(() => {
    scratch = mkdtempSync(join(tmpdir(), 'aar-git-'));
    repo = join(scratch, 'repo');
    makeRepository(repo);
  });

  after(() => rmSync(scratch, { recursive: true, force: true }));

  it('reads loose refs and loose objects: lightweight and annotated tags, a tag of a tag, tags in folders', async () => {
    const expected = gitTags(repo);
    assert.deepEqual(
      expected.map((t) => t.name),
      ['release/2026-q1', 'signed-off/v1.1.0', 'v1.0.0', 'v1.1.0', 'v2.0.0', 'v2.0.0-rc.1'],
    );
    for (const tag of expected) assert.ok(existsSync(looseObjectFile(repo, tag.object)), `${tag.name} is a loose object`);
    assert.ok(!existsSync(join(repo, '.git', 'packed-refs')));
    assert.deepEqual(await readGitTags(repo), expected);
    assert.equal((await readGitTags(repo)).find((t) => t.name === 'v1.1.0')?.date, '2026-03-01T12:00:00-07:00');
  });

  it('reads packed refs (with their peeled lines), and a loose ref written later wins over its packed one', async () => {
    git(repo, ['pack-refs', '--all']);
    const packed = readFileSync(join(repo, '.git', 'packed-refs'), 'utf8');
    assert.match(packed, /^\^[0-9a-f]{40}$/m, 'annotated tags have peeled lines');
    assert.deepEqual(readdirSync(join(repo, '.git', 'refs', 'tags')), []);
    assert.deepEqual(await readGitTags(repo), gitTags(repo));

    git(repo, ['tag', '-f', 'v1.0.0', 'HEAD~1']);
    assert.ok(existsSync(join(repo, '.git', 'refs', 'tags', 'v1.0.0')));
    const moved = gitTags(repo);
    assert.deepEqual(await readGitTags(repo), moved);
    assert.notEqual(moved.find((t) => t.name === 'v1.0.0')?.object, packed.match(/^([0-9a-f]{40}) refs\/tags\/v1\.0\.0$/m)?.[1]);
  });

  it('reads dates from a packfile whose commits and tags are stored as offset deltas', async () => {
    git(repo, ['-c', 'repack.useDeltaBaseOffset=true', 'gc', '-q', '--aggressive', '--prune=now']);
    const expected = gitTags(repo);
    for (const tag of expected) assert.ok(!existsSync(looseObjectFile(repo, tag.object)), `${tag.name} is packed`);
    const types = packEntryTypes(repo);
    assert.ok(expected.some((t) => types.get(t.object) === 6), 'some tagged object is an OFS_DELTA');
    assert.deepEqual(await readGitTags(repo), expected);
  });

  it('reads dates from a packfile whose deltas name their base by id', async () => {
    git(repo, ['-c', 'repack.useDeltaBaseOffset=false', 'repack', '-q', '-a', '-d', '-f', '--depth=20']);
    const types = packEntryTypes(repo);
    const expected = gitTags(repo);
    assert.ok(expected.some((t) => types.get(t.object) === 7), 'some tagged object is a REF_DELTA');
    assert.deepEqual(await readGitTags(repo), expected);
  });

  it('reads only the dates asked for', async () => {
    const tags = await readGitTags(repo, { dates: (name) => name.startsWith('v2') });
    assert.deepEqual(
      tags.filter((t) => t.date).map((t) => t.name),
      ['v2.0.0', 'v2.0.0-rc.1'],
    );
    assert.ok((await readGitTags(repo, { dates: false })).every((t) => t.date === undefined));
  });

  it('finds the repository from a folder or a file inside it, and from a linked worktree', async () => {
    mkdirSync(join(repo, 'docs', 'reviews'), { recursive: true });
    writeFileSync(join(repo, 'docs', 'reviews', 'r.md'), '# r\n');
    assert.deepEqual(await readGitTags(join(repo, 'docs', 'reviews', 'r.md')), gitTags(repo));

    const worktree = join(scratch, 'worktree');
    git(repo, ['worktree', 'add', '-q', worktree, 'v2.0.0']);
    assert.ok(statSync(join(worktree, '.git')).isFile());
    const found = await findGitRepository(join(worktree, 'notes.md'));
    assert.deepEqual(found, { root: worktree, gitDir: join(repo, '.git', 'worktrees', 'worktree'), commonDir: join(repo, '.git') });
    assert.deepEqual(await readGitTags(worktree), gitTags(worktree));
    assert.deepEqual(gitTags(worktree), gitTags(repo));
  });

  it('follows a .git file with a relative gitdir, as submodules write it', async () => {
    const store = join(scratch, 'store');
    const module = join(scratch, 'module');
    mkdirSync(store);
    git(scratch, ['init', '-q', '-b', 'main', `--separate-git-dir=${join(store, 'module.git')}`, module]);
    writeFileSync(join(module, 'a.txt'), 'a\n');
    git(module, ['add', 'a.txt']);
    git(module, ['commit', '-q', '-m', 'one'], '2026-02-02T02:02:02 +0200');
    git(module, ['tag', 'v0.1.0']);
    writeFileSync(join(module, '.git'), 'gitdir: ../store/module.git\n');
    assert.deepEqual(await readGitTags(module), gitTags(module));
    assert.equal((await readGitTags(module))[0].date, '2026-02-02T02:02:02+02:00');
  });

  it('reads SHA-256 repositories, loose and packed', async () => {
    const sha256 = join(scratch, 'sha256');
    makeRepository(sha256, 'sha256');
    const loose = gitTags(sha256);
    assert.equal(loose[0].object.length, 64);
    assert.deepEqual(await readGitTags(sha256), loose);
    git(sha256, ['gc', '-q', '--aggressive', '--prune=now']);
    assert.deepEqual(await readGitTags(sha256), gitTags(sha256));
  });

  it('gives fewer tags or unknown dates, never an exception, when files are missing or corrupt', async () => {
    const broken = join(scratch, 'broken');
    makeRepository(broken);
    const tags = gitTags(broken);
    const byName = (name: string) => tags.find((t) => t.name === name)!;
    // A corrupt loose object, a ref holding garbage, a half-written lock file, and junk in packed-refs.
    const tagObject = looseObjectFile(broken, byName('v1.1.0').object);
    const tagObjectBytes = readFileSync(tagObject);
    chmodSync(tagObject, 0o644); // git writes objects read-only
    writeFileSync(tagObject, 'not zlib at all');
    writeFileSync(join(broken, '.git', 'refs', 'tags', 'v1.0.0'), 'garbage\n');
    writeFileSync(join(broken, '.git', 'refs', 'tags', 'v9.lock'), `${byName('v2.0.0').object}\n`);
    writeFileSync(join(broken, '.git', 'packed-refs'), '# pack-refs with: peeled\nnonsense line\n^abc\n');
    const read = await readGitTags(broken);
    assert.deepEqual(
      read.map((t) => [t.name, !!t.date]),
      [
        ['release/2026-q1', true],
        ['signed-off/v1.1.0', true],
        ['v1.1.0', false],
        ['v2.0.0', true],
        ['v2.0.0-rc.1', true],
      ],
    );

    // A truncated pack: the tags are still listed; dates are read where the bytes are still there.
    writeFileSync(tagObject, tagObjectBytes);
    writeFileSync(join(broken, '.git', 'refs', 'tags', 'v1.0.0'), `${byName('v1.0.0').object}\n`);
    rmSync(join(broken, '.git', 'refs', 'tags', 'v9.lock'));
    rmSync(join(broken, '.git', 'packed-refs'));
    git(broken, ['gc', '-q', '--prune=now']);
    assert.deepEqual(await readGitTags(broken), gitTags(broken), 'repaired');
    const packDir = join(broken, '.git', 'objects', 'pack');
    const pack = readdirSync(packDir).find((n) => n.endsWith('.pack'))!;
    chmodSync(join(packDir, pack), 0o644);
    truncateSync(join(packDir, pack), 64);
    const truncated = await readGitTags(broken);
    assert.deepEqual(
      truncated.map((t) => t.name),
      tags.map((t) => t.name),
    );
    assert.ok(truncated.every((t) => t.date === undefined));
    rmSync(join(packDir, pack.replace(/\.pack$/, '.idx')));
    writeFileSync(join(packDir, pack.replace(/\.pack$/, '.idx')), 'short');
    assert.equal((await readGitTags(broken)).length, tags.length);
  });

  it('gives no tags outside a repository, or for a .git file that points nowhere', async () => {
    const plain = join(scratch, 'plain', 'sub');
    mkdirSync(plain, { recursive: true });
    assert.equal(await findGitRepository(plain), undefined);
    assert.deepEqual(await readGitTags(plain), []);
    writeFileSync(join(scratch, 'plain', '.git'), 'gitdir: ../nowhere\n');
    assert.deepEqual(await readGitTags(plain), []);
    assert.deepEqual(await readGitTags(join(scratch, 'does-not-exist', 'x.md')), []);
  });
});
