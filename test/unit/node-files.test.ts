// The Node host helpers on real temporary folders: walking, reading, relative paths, `.aar.yml`.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, openSync, closeSync, ftruncateSync, rmSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { findConfigRoot, loadWorkspaceConfig } from '../../server/src/node/config';
import { readTextFile, walkMarkdownFiles } from '../../server/src/node/files';
import { fileUri, toPosixRelative } from '../../server/src/node/paths';
import fc from 'fast-check';
import { URI } from 'vscode-uri';

let base: string;

function write(relative: string, content: string | Buffer = '# x\n'): string {
  const file = join(base, relative);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, content);
  return file;
}

async function collect(roots: string[]): Promise<string[]> {
  const files: string[] = [];
  for await (const file of walkMarkdownFiles(roots)) files.push(file);
  return files;
}

const relativeAll = (files: string[]) => files.map((f) => toPosixRelative(f, base));

beforeEach(() => {
  base = mkdtempSync(join(tmpdir(), 'aar-files-'));
});

afterEach(() => {
  rmSync(base, { recursive: true, force: true });
});

describe('walkMarkdownFiles', () => {
  it('yields absolute paths of Markdown files, sorted by name within each folder', async () => {
    write('b.md');
    write('a.markdown');
    write('notes.txt');
    write('reviews/z.md');
    write('reviews/c.MD');
    write('c.md');
    const files = await collect([base]);
    assert.ok(files.every((f) => f.startsWith(base)));
    assert.deepEqual(relativeAll(files), ['a.markdown', 'b.md', 'c.md', 'reviews/c.MD', 'reviews/z.md']);
  });

  it('skips node_modules and dot folders', async () => {
    write('reviews/kept.md');
    write('node_modules/pkg/README.md');
    write('.git/info.md');
    write('.obsidian/reviews/hidden.md');
    write('docs/node_modules/deep.md');
    assert.deepEqual(relativeAll(await collect([base])), ['reviews/kept.md']);
  });

  it('yields a root that is a file, whatever its extension, and each file once across roots', async () => {
    write('reviews/a.md');
    const named = write('notes.txt', 'text');
    const files = await collect([named, join(base, 'reviews'), base]);
    assert.deepEqual(relativeAll(files), ['notes.txt', 'reviews/a.md']);
  });

  it('passes over a root that does not exist', async () => {
    write('a.md');
    assert.deepEqual(relativeAll(await collect([join(base, 'missing'), base])), ['a.md']);
  });

  it('follows a folder symlink but ends on a symlink loop, yielding each file once', async () => {
    write('reviews/a.md');
    write('elsewhere/b.md');
    symlinkSync(base, join(base, 'reviews', 'loop'), 'dir');
    symlinkSync(join(base, 'elsewhere'), join(base, 'linked'), 'dir');
    const files = await collect([base]);
    assert.deepEqual(relativeAll(files), ['elsewhere/b.md', 'reviews/a.md']);
  });

  it('passes over a dangling symlink', async () => {
    write('a.md');
    symlinkSync(join(base, 'gone.md'), join(base, 'dangling.md'));
    assert.deepEqual(relativeAll(await collect([base])), ['a.md']);
  });

  it('carries on when files and folders are deleted during the walk', async () => {
    write('a.md');
    write('b/inner.md');
    write('c.md');
    const seen: string[] = [];
    for await (const file of walkMarkdownFiles([base])) {
      seen.push(toPosixRelative(file, base));
      if (seen.length === 1) {
        rmSync(join(base, 'b'), { recursive: true });
        unlinkSync(join(base, 'c.md'));
      }
    }
    assert.deepEqual(seen, ['a.md']);
  });
});

describe('readTextFile', () => {
  it('decodes UTF-8 and keeps a byte order mark as a character', async () => {
    const file = write('bom.md', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('# Café ☕\n', 'utf8')]));
    const read = await readTextFile(file, 1024);
    assert.deepEqual(read, { text: '\uFEFF# Café ☕\n' });
  });

  it('reads a file of exactly the limit', async () => {
    const file = write('exact.md', 'x'.repeat(100));
    assert.deepEqual(await readTextFile(file, 100), { text: 'x'.repeat(100) });
  });

  it('skips a file over the limit, saying so', async () => {
    const file = write('big.md', 'x'.repeat(3 * 1024 * 1024));
    const read = await readTextFile(file, 2 * 1024 * 1024);
    assert.ok('skipped' in read);
    assert.match(read.skipped, /3 MB, over the 2 MB limit/);
  });

  it('skips a huge file by its size alone, without reading it', async () => {
    // A sparse 8 GB file: reading it whole would fail long before any decoding.
    const file = join(base, 'huge.md');
    const fd = openSync(file, 'w');
    ftruncateSync(fd, 8 * 1024 * 1024 * 1024);
    closeSync(fd);
    const read = await readTextFile(file, 2 * 1024 * 1024);
    assert.ok('skipped' in read);
    assert.match(read.skipped, /8 GB, over the 2 MB limit/);
  });

  it('skips a file with NUL bytes as binary', async () => {
    const file = write('image.md', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x00, 0x1a]));
    const read = await readTextFile(file, 1024);
    assert.ok('skipped' in read);
    assert.match(read.skipped, /binary/);
  });

  it('skips a file that is not valid UTF-8', async () => {
    const file = write('latin1.md', Buffer.from('# Caf\xe9 in Latin-1\n', 'latin1'));
    const read = await readTextFile(file, 1024);
    assert.ok('skipped' in read);
    assert.match(read.skipped, /not valid UTF-8/);
  });

  it('explains a file that cannot be read', async () => {
    const missing = await readTextFile(join(base, 'missing.md'), 1024);
    assert.ok('skipped' in missing);
    assert.match(missing.skipped, /no longer exists/);
    mkdirSync(join(base, 'folder.md'));
    const folder = await readTextFile(join(base, 'folder.md'), 1024);
    assert.ok('skipped' in folder);
    assert.match(folder.skipped, /folder|not a regular file/);
  });
});

describe('toPosixRelative', () => {
  it('gives /-separated paths relative to the root', () => {
    assert.equal(toPosixRelative(join(base, 'reviews', 'q3', 'wash-up.md'), base), 'reviews/q3/wash-up.md');
    assert.equal(toPosixRelative(join(base, 'a.md'), join(base, 'sub')), '../a.md');
    assert.equal(toPosixRelative(base, base), '.');
  });

  it('answers as path.relative does for paths that are not plain joins below the root', () => {
    const cases: [string, string][] = [
      [`${base}${sep}reviews${sep}..${sep}a.md`, base],
      [`${base}${sep}.${sep}a.md`, base],
      [`${base}${sep}${sep}a.md`, base],
      [`${base}${sep}reviews${sep}`, base],
      [`${base}${sep}reviews`, `${base}${sep}`],
      [`${base}-other${sep}a.md`, base],
      [`${base}${sep}..hidden${sep}a.md`, base],
    ];
    for (const [file, root] of cases) {
      assert.equal(toPosixRelative(file, root), relative(resolve(root), resolve(file)).split(sep).join('/'), `${file} from ${root}`);
    }
  });
});

describe('fileUri', () => {
  it('writes every path as vscode-uri writes it, the plain ones without it', () => {
    const examples = ['/work/reviews/2026-11-02-search-outage.md', '/a b/c.md', '/ü/ñ.md', '//server/share/x.md', '/a/./b/../c.md', '/a:b/c.md', '/a%20b/#1?.md', 'relative/x.md', 'C:\\reports\\x.md', '/', '/~user/x_y-z.md'];
    // What each gives, or the error each throws (vscode-uri refuses some paths).
    const outcome = (write: () => string) => {
      try {
        return write();
      } catch (e) {
        return `throws: ${(e as Error).message}`;
      }
    };
    for (const file of examples) assert.equal(outcome(() => fileUri(file)), outcome(() => URI.file(file).toString()), file);
    const segment = fc.array(fc.constantFrom('a', 'Z', '0', '-', '.', '_', '~', ' ', '%', '#', '?', ':', '@', 'é', '\\', '/'), { maxLength: 8 }).map((chars) => chars.join(''));
    fc.assert(
      fc.property(fc.array(segment, { maxLength: 5 }), fc.boolean(), (segments, absolute) => {
        const file = (absolute ? '/' : '') + segments.join('/');
        assert.equal(outcome(() => fileUri(file)), outcome(() => URI.file(file).toString()), file);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('loadWorkspaceConfig', () => {
  it('gives the defaults and no file when the folder has no .aar.yml', async () => {
    const loaded = await loadWorkspaceConfig(base);
    assert.equal(loaded.file, undefined);
    assert.deepEqual(loaded.errors, []);
    assert.ok(loaded.config.reportGlobs.includes('**/reviews/**/*.md'));
    assert.deepEqual(loaded.config.roster, []);
  });

  it('reads .aar.yml over the defaults, and overrides over both', async () => {
    const file = write(
      '.aar.yml',
      ['team:', '  - Sam Lee (@sam)', '  - "@dana"', 'rules:', '  vague-action: off', '  unknown-owner: error', 'reports:', '  - "minutes/**/*.md"', ''].join('\n'),
    );
    const loaded = await loadWorkspaceConfig(base, { severities: { 'unknown-owner': 'info' } });
    assert.equal(loaded.file, file);
    assert.deepEqual(loaded.errors, []);
    assert.deepEqual(
      loaded.config.roster.map((p) => p.handle),
      ['sam', 'dana'],
    );
    assert.deepEqual(loaded.config.severities, { 'vague-action': 'off', 'unknown-owner': 'info' });
    assert.deepEqual(loaded.config.reportGlobs, ['minutes/**/*.md']);
  });

  it('reads .aar.yaml when there is no .aar.yml', async () => {
    const file = write('.aar.yaml', 'rules:\n  blame-language: off\n');
    const loaded = await loadWorkspaceConfig(base);
    assert.equal(loaded.file, file);
    assert.equal(loaded.config.severities['blame-language'], 'off');
  });

  it('reports YAML errors with their line and keeps the defaults', async () => {
    write('.aar.yml', 'rules:\n  vague-action: off\n bad: [unclosed\n');
    const loaded = await loadWorkspaceConfig(base);
    assert.ok(loaded.errors.length > 0);
    assert.ok(loaded.errors.every((e) => typeof e.message === 'string' && e.message.length > 0));
    assert.ok(loaded.errors.some((e) => e.line >= 1), JSON.stringify(loaded.errors));
    assert.ok(loaded.config.reportGlobs.includes('**/reviews/**/*.md'));
  });
});

describe('findConfigRoot', () => {
  it('finds the nearest folder with .aar.yml or .git above the start', async () => {
    mkdirSync(join(base, 'repo', '.git'), { recursive: true });
    mkdirSync(join(base, 'repo', 'docs', 'reviews'), { recursive: true });
    assert.equal(await findConfigRoot(join(base, 'repo', 'docs', 'reviews')), join(base, 'repo'));
    write('repo/docs/.aar.yml', 'team: []\n');
    assert.equal(await findConfigRoot(join(base, 'repo', 'docs', 'reviews')), join(base, 'repo', 'docs'));
  });

  it('starts from the folder of a file', async () => {
    mkdirSync(join(base, 'repo', '.git'), { recursive: true });
    const file = write('repo/reviews/q3.md');
    assert.equal(await findConfigRoot(file), join(base, 'repo'));
  });

  it('gives the start itself when nothing above marks a root', async () => {
    const start = join(base, 'plain', 'folder');
    mkdirSync(start, { recursive: true });
    assert.equal(await findConfigRoot(start), start);
  });
});
