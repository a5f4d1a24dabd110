// The pre-commit hook (.pre-commit-hooks.yaml) as pre-commit reads and runs it: the manifest
// holds to pre-commit's schema, `npm pack` of the repository (what pre-commit installs for
// `language: node`) prints only the tarball's name and holds the bin the entry names, and the
// entry, run on the files `files` picks from a commit, checks the reports and nothing else.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { root } from './helpers/cliWorkspace';

const TODAY = '2026-11-25';

/** The keys of a hook in pre-commit's manifest schema (pre_commit/clientlib.py, MANIFEST_HOOK_DICT), with the type of each. */
const HOOK_KEYS: Record<string, 'string' | 'regex' | 'boolean' | 'string[]'> = {
  id: 'string',
  name: 'string',
  entry: 'string',
  language: 'string',
  alias: 'string',
  files: 'regex',
  exclude: 'regex',
  types: 'string[]',
  types_or: 'string[]',
  exclude_types: 'string[]',
  additional_dependencies: 'string[]',
  args: 'string[]',
  always_run: 'boolean',
  fail_fast: 'boolean',
  pass_filenames: 'boolean',
  description: 'string',
  language_version: 'string',
  log_file: 'string',
  require_serial: 'boolean',
  stages: 'string[]',
  verbose: 'boolean',
  minimum_pre_commit_version: 'string',
};
const REQUIRED = ['id', 'name', 'entry', 'language'];

interface Hook {
  id: string;
  entry: string;
  language: string;
  files: string;
  args?: string[];
}

const hooks = parse(readFileSync(join(root, '.pre-commit-hooks.yaml'), 'utf8')) as Record<string, unknown>[];

describe('the pre-commit hook (.pre-commit-hooks.yaml)', function () {
  this.timeout(120_000);

  it("holds to pre-commit's manifest schema", () => {
    assert.ok(Array.isArray(hooks), 'a list of hooks');
    for (const hook of hooks) {
      for (const key of REQUIRED) assert.ok(key in hook, `${String(hook.id)} has ${key}`);
      for (const [key, value] of Object.entries(hook)) {
        const type = HOOK_KEYS[key];
        assert.ok(type, `${String(hook.id)}: ${key} is a key pre-commit knows`);
        if (type === 'string[]') assert.ok(Array.isArray(value) && value.every((v) => typeof v === 'string'), `${key} is a list of strings`);
        else if (type === 'regex') assert.doesNotThrow(() => new RegExp(value as string), `${key} is a regular expression`);
        else assert.equal(typeof value, type, `${key} is a ${type}`);
      }
    }
    assert.deepEqual(
      hooks.map((h) => [h.id, h.language]),
      [['aar-lint', 'node']],
    );
  });

  it('is installed by npm pack of the repository: the tarball name alone on stdout, the bin of its entry inside', () => {
    const hook = hooks[0] as unknown as Hook;
    const bin = hook.entry.split(' ')[0];
    const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { bin: Record<string, string> };
    assert.equal(manifest.bin[bin], 'dist/cli.js');
    const out = mkdtempSync(join(tmpdir(), 'aar-pre-commit-pack-'));
    try {
      // pre-commit takes all of stdout as the tarball's name (languages/node.py).
      const stdout = execFileSync('npm', ['pack', '--pack-destination', out], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
      assert.equal(stdout.trim(), `after-action-reports-${(manifest as unknown as { version: string }).version}.tgz`);
      const files = execFileSync('tar', ['tzf', join(out, stdout.trim())], { encoding: 'utf8' }).trim().split('\n');
      for (const target of Object.values(manifest.bin)) assert.ok(files.includes(`package/${target}`), `the tarball holds ${target}`);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });

  describe('its entry on the files of a commit', () => {
    let repo = '';
    before(() => {
      repo = mkdtempSync(join(tmpdir(), 'aar-pre-commit-'));
      cpSync(join(root, 'examples'), repo, { recursive: true });
      mkdirSync(join(repo, 'docs', 'notes'), { recursive: true });
      // Markdown that is not a report: it would have findings if it were checked.
      writeFileSync(join(repo, 'docs', 'notes', 'meeting.md'), '# Meeting\n\n## Action items\n\n- [ ] Book the room\n');
      writeFileSync(join(repo, 'docs', 'q3-wash-up.aar.md'), readFileSync(join(root, 'examples', 'after-action-reports', '2026-10-14-release-2.4.md')));
    });
    after(() => {
      if (repo) rmSync(repo, { recursive: true, force: true });
    });

    /** What pre-commit runs: the entry, its args, then the staged files `files` matches (re.search). */
    function runHook(staged: string[]) {
      const hook = hooks[0] as unknown as Hook;
      const files = staged.filter((f) => new RegExp(hook.files).test(f));
      const [, ...entryArgs] = hook.entry.split(' ');
      const run = spawnSync(process.execPath, [join(root, 'dist', 'cli.js'), ...entryArgs, ...(hook.args ?? []), '--today', TODAY, ...files], { cwd: repo, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
      return { files, status: run.status, stdout: run.stdout };
    }

    it('passes the reports only, in report folders or named *.aar.md, and fails the commit on an error', () => {
      execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: root });
      const staged = [
        'README.md',
        'docs/notes/meeting.md',
        'docs/q3-wash-up.aar.md',
        'after-action-reports/2026-11-02-search-outage.md',
        'after-action-reports/2026-10-14-release-2.4.md',
        '.aar.yml',
      ];
      const failing = runHook(staged);
      assert.deepEqual(failing.files, ['docs/q3-wash-up.aar.md', 'after-action-reports/2026-11-02-search-outage.md', 'after-action-reports/2026-10-14-release-2.4.md']);
      assert.equal(failing.status, 1);
      assert.match(failing.stdout, /^after-action-reports\/2026-11-02-search-outage\.md\n/);
      assert.doesNotMatch(failing.stdout, /meeting|README/);

      const passing = runHook(['README.md', 'docs/q3-wash-up.aar.md', 'after-action-reports/2026-10-14-release-2.4.md']);
      assert.equal(passing.status, 0, passing.stdout);
      assert.equal(passing.stdout, '✔ 2 reports checked: no problems.\n');
    });

    it('matches the default report folders at any depth', () => {
      const hook = hooks[0] as unknown as Hook;
      const picks = (file: string) => new RegExp(hook.files).test(file);
      for (const folder of ['after-action-reports', 'after-action-reviews', 'aar', 'reviews', 'postmortems', 'post-mortems', 'retrospectives', 'retros']) {
        assert.ok(picks(`${folder}/x.md`) && picks(`docs/${folder}/2026/x.md`), folder);
      }
      for (const file of ['docs/reviewsx/x.md', 'myaar/x.md', 'reviews/x.txt', 'notes.md']) assert.ok(!picks(file), file);
    });
  });
});
