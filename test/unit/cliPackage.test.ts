// The CLI's own npm package as a team gets it: `npm run package:cli` packs it, the tarball is
// installed into an empty folder (no network: it has no dependencies), and `aar` runs there from
// node_modules/.bin on a copy of the example reports, as the CLI of this repository does.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { root } from './helpers/cliWorkspace';
import { git } from './helpers/git';

const TODAY = '2026-11-25';

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

describe('the CLI npm package (npm run package:cli)', function () {
  this.timeout(120_000);
  let base = '';
  let tarball = '';
  let project = '';
  const manifest = JSON.parse(readFileSync(join(root, 'cli-package', 'package.json'), 'utf8')) as { name: string; version: string; bin: Record<string, string>; dependencies?: object };

  /** A command in the team's folder, as CI runs it; fails the test if it hangs. */
  const run = (command: string, args: string[], cwd = project): Run => {
    const result = spawnSync(command, args, { cwd, encoding: 'utf8', timeout: 60_000, env: { ...process.env, NO_COLOR: '1', npm_config_update_notifier: 'false' } });
    assert.equal(result.signal, null, `${command} ${args.join(' ')} hung`);
    return { status: result.status, stdout: result.stdout, stderr: result.stderr };
  };
  const aar = (args: string[]) => run(join(project, 'node_modules', '.bin', 'aar'), args);

  before(() => {
    base = mkdtempSync(join(tmpdir(), 'aar-cli-package-'));
    // dist/cli.js too, to compare with.
    execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: root, stdio: 'inherit' });
    tarball = execFileSync(process.execPath, ['scripts/package-cli.mjs', '--out', join(base, 'packed')], { cwd: root, encoding: 'utf8' }).trim();
    project = join(base, 'team');
    mkdirSync(project);
    writeFileSync(join(project, 'package.json'), '{ "name": "team", "private": true }\n');
    const install = run('npm', ['install', '--offline', '--no-audit', '--no-fund', tarball]);
    assert.equal(install.status, 0, install.stderr);
    cpSync(join(root, 'examples'), project, { recursive: true });
  });

  after(() => {
    if (base) rmSync(base, { recursive: true, force: true });
  });

  it('holds the bundled CLI, its README, LICENSE and problem matcher, and depends on nothing', () => {
    assert.equal(tarball, join(base, 'packed', `${manifest.name}-${manifest.version}.tgz`));
    const files = execFileSync('tar', ['tzf', tarball], { encoding: 'utf8' }).trim().split('\n').sort();
    assert.deepEqual(files, ['package/LICENSE', 'package/README.md', 'package/cli.js', 'package/github-problem-matcher.json', 'package/package.json']);
    assert.deepEqual(manifest.bin, { aar: 'cli.js' });
    assert.equal(manifest.dependencies, undefined);
    assert.deepEqual(readdirSync(join(project, 'node_modules')).filter((name) => !name.startsWith('.')), [manifest.name], 'nothing installed beside it');
    const version = aar(['--version']);
    assert.equal(version.stdout, `${manifest.version}\n`, 'aar says the version of its package');
  });

  it('aar lint finds the problems of the reports, exits 1 on an error, as the CLI of this repository does', () => {
    const lint = run('npx', ['--offline', 'aar', 'lint', '--today', TODAY]);
    assert.equal(lint.status, 1, lint.stderr);
    assert.match(lint.stdout, /^after-action-reports\/2026-11-02-search-outage\.md\n( {2}.*\n)* {2}\d+:\d+ +error +Action "Refuse the alias swap .* has no owner: .* +action-missing-owner\n/m);
    assert.match(lint.stdout, /\n✖ \d+ problems \(\d+ errors, \d+ warnings, \d+ infos\)\n$/);
    const here = run(process.execPath, [join(root, 'dist', 'cli.js'), 'lint', '--today', TODAY]);
    assert.equal(lint.stdout, here.stdout);

    // A report with nothing wrong: exit 0.
    const clean = aar(['lint', 'after-action-reports/2026-10-14-release-2.4.md', '--today', TODAY]);
    assert.equal(clean.status, 0, clean.stdout);
    assert.equal(clean.stdout, '✔ 1 report checked: no problems.\n');
  });

  it('aar actions lists each action with its owner, due date and status', () => {
    const table = aar(['actions', '--today', TODAY]);
    assert.equal(table.status, 0, table.stderr);
    assert.match(table.stdout, /^WHERE +OWNER +DUE +STATUS +ACTION\n/);
    assert.match(table.stdout, /\nafter-action-reports\/2026-11-02-search-outage\.md:56 +\(nobody\) +.*open +Refuse the alias swap/);
    assert.match(table.stdout, /\n\d+ actions: \d+ open, 1 overdue, \d+ done or cancelled\.\n$/);
    const overdue = JSON.parse(aar(['actions', '--overdue', '--format', 'json', '--today', TODAY]).stdout) as { file: string; owner: string | null; due: string }[];
    assert.deepEqual(
      overdue.map((a) => [a.file, a.owner, a.due]),
      [['after-action-reports/2026-11-02-search-outage.md', '@jonas', '2026-11-13']],
    );
  });

  it('aar reviews --due lists the release tags that no report covers, and --exit-code fails on them', () => {
    const home = join(base, 'home');
    mkdirSync(home, { recursive: true });
    git(project, ['init', '-q', '-b', 'main'], home);
    git(project, ['add', 'after-action-reports', '.aar.yml'], home);
    git(project, ['commit', '-q', '-m', 'Reports'], home, '2026-10-14T12:00:00 +0000');
    // The release 2.4 review names v2.4.0 as its milestone; nothing covers v2.5.0.
    git(project, ['tag', 'v2.4.0'], home);
    git(project, ['tag', '-a', 'v2.5.0', '-m', 'Version 2.5.0'], home, '2026-11-20T09:00:00 +0000');

    const due = aar(['reviews', '--due']);
    assert.equal(due.status, 0, due.stderr);
    assert.match(due.stdout, /^TAG +DATE +TRIGGER\nv2\.5\.0 +2026-11-20 +release\n\n1 release matching v\* awaits a review\./);
    assert.doesNotMatch(due.stdout, /v2\.4\.0/);
    const gate = aar(['reviews', '--due', '--exit-code']);
    assert.equal(gate.status, 1);
  });
});
