// `aar init` as a user runs it: the bundled dist/cli.js in throwaway repositories holding reports
// written the way a team writes them, without front matter and with headings of its own.
import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { applyPatch } from 'diff';
import type { JsonFinding } from '../../server/src/cli/format';
import { useCliWorkspace } from './helpers/cliWorkspace';
import { git } from './helpers/git';

const TODAY = '2026-11-26';

/** A wash-up as this team writes them: no front matter, its own "Bumps" heading for what went wrong. */
function washUp(title: string, owner: string): string {
  return `# ${title}

**Delivery Owner:** @dana

## Summary

The release went out a day late.

## What went well

- The canary caught a broken migration.

## Bumps

- Nobody owned the release notes.
- The staging data was a month old.

## Action items

- [ ] Refresh staging data every week @${owner} due:2027-01-15
- [ ] Name an owner for the release notes @dana due:2027-01-10
`;
}

const NOTES = `# Release notes drafts

Ideas for the next notes; nothing reviewed here.

## Ideas

- A shorter intro
`;

describe('aar init', () => {
  let workspace = '';
  const { write, aar } = useCliWorkspace('aar-init-', (folder) => (workspace = folder));
  const read = (relative: string) => readFileSync(join(workspace, relative), 'utf8');
  const lintCount = () => {
    const run = aar(['lint', '--format', 'json', '--today', TODAY]);
    return (JSON.parse(run.stdout) as JsonFinding[]).length;
  };

  /** Three wash-ups in docs/retros/ (a report folder by default) with the team's notes beside them, and a README at the top. */
  function writeReports(): void {
    write('docs/retros/2026-09-02-release-4-1.md', washUp('Release 4.1 wash-up', 'sam'));
    write('docs/retros/2026-10-07-release-4-2.md', washUp('Release 4.2 wash-up', 'kim'));
    write('docs/retros/2026-11-04-release-4-3.md', washUp('Release 4.3 wash-up', 'sam'));
    write('docs/retros/notes.md', NOTES);
    write('README.md', '# Shop\n\nThe shop.\n');
  }

  it('prints the reports found, what was left out, the proposal and the problems, and writes nothing', () => {
    writeReports();
    const before = readdirSync(workspace).sort();
    const run = aar(['init', '--today', TODAY]);
    assert.equal(run.status, 0, run.stderr);
    assert.equal(run.stderr, '');
    const out = run.stdout;
    assert.match(out, /^Looked at 5 Markdown files in the current folder\./m);
    assert.match(out, /^Reports found: 3$/m);
    assert.match(out, /^ {2}docs\/retros\/ \(3\)$/m);
    assert.match(out, /^ {4}2026-09-02-release-4-1\.md +its headings: summary, outcomes, actions$/m);
    assert.match(out, /^ {2}docs\/retros\/notes\.md +only a heading for improvements, with a report folder: not enough for a report$/m);
    assert.match(out, /^ {2}README\.md +a folder's README: never a report$/m);
    assert.match(out, /^ {2}"Bumps" read as improvements: it stands for them in 3 of the 3 reports without them\.$/m);
    assert.match(out, /^Proposed \.aar\.yml:$/m);
    assert.match(out, /^ {2}# 3 reports in docs\/retros\/ named 20\*\.md, found by their headings$/m);
    assert.match(out, /^ {2}- "docs\/retros\/20\*\.md"$/m);
    assert.match(out, /^ {2}improvements:\n {4}# "Bumps" stands where the improvements go/m);
    assert.match(out, /^ {2}- "@dana" {2}# 3 reports$/m);
    assert.match(out, /^delivery_owner: "@dana"$/m);
    assert.match(out, /^Problems: \d+ before → \d+ with this configuration/m);
    assert.match(out, /^ {2}missing-section +3 → 0$/m);
    assert.match(out, /^Nothing was written\. Run "aar init --write" to write \.aar\.yml\.$/m);
    assert.deepEqual(readdirSync(workspace).sort(), before, 'nothing written');
  });

  it('--write writes .aar.yml, and aar lint then finds fewer problems', () => {
    writeReports();
    const problemsBefore = lintCount();
    const run = aar(['init', '--write', '--today', TODAY]);
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /^Wrote \.aar\.yml\.$/m);
    const written = read('.aar.yml');
    assert.ok(run.stdout.includes(written), 'the file written is the one shown');
    assert.match(written, /^reports:\n.*\n {2}- "docs\/retros\/20\*\.md"$/m);
    assert.deepEqual(readdirSync(workspace).filter((f) => f.endsWith('.tmp')), [], 'no temporary file left');
    const problemsAfter = lintCount();
    assert.ok(problemsAfter < problemsBefore, `${problemsBefore} problems before, ${problemsAfter} after`);
    // The notes beside the reports are no longer taken for one.
    const lint = aar(['lint', '--format', 'json', '--today', TODAY]);
    assert.ok(!(JSON.parse(lint.stdout) as JsonFinding[]).some((f) => f.file.endsWith('notes.md')));
  });

  it('never overwrites an existing .aar.yml: it prints a diff that applies, and --write refuses', () => {
    writeReports();
    const existing = '# Ask Dana before changing this file.\nrules:\n  vague-action: off  # we word actions our way\n';
    write('.aar.yml', existing);
    const shown = aar(['init', '--today', TODAY]);
    assert.equal(shown.status, 0, shown.stderr);
    assert.match(shown.stdout, /^\.aar\.yml exists, so it is left as it is\. The proposal adds this to it:$/m);
    assert.match(shown.stdout, /^--- a\/\.aar\.yml$/m);
    assert.match(shown.stdout, /^\+\+\+ b\/\.aar\.yml$/m);
    assert.match(shown.stdout, /^\+ {4}- Bumps$/m);
    assert.match(shown.stdout, /^To apply it: aar init --diff \| git apply/m);
    assert.equal(read('.aar.yml'), existing);

    const refused = aar(['init', '--write', '--today', TODAY]);
    assert.equal(refused.status, 1);
    assert.match(refused.stdout, /^Not written: --write never changes an existing \.aar\.yml\.$/m);
    assert.equal(read('.aar.yml'), existing, 'byte for byte');

    const diff = aar(['init', '--diff', '--today', TODAY]);
    assert.equal(diff.status, 0, diff.stderr);
    assert.match(diff.stdout, /^--- a\/\.aar\.yml\n\+\+\+ b\/\.aar\.yml\n@@ /);
    const applied = applyPatch(existing, diff.stdout);
    assert.ok(typeof applied === 'string', 'the diff applies to the file');
    assert.ok(applied.startsWith(existing), 'what was there stays, what is added follows');
    assert.match(applied, /^ {4}- Bumps$/m);
    assert.equal(read('.aar.yml'), existing);

    // Once the file holds the proposal, there is nothing to add, and --write has nothing to refuse.
    write('.aar.yml', applied);
    const done = aar(['init', '--write', '--today', TODAY]);
    assert.equal(done.status, 0, done.stderr);
    assert.match(done.stdout, /^\.aar\.yml already holds everything proposed: nothing to change\.$/m);
    assert.equal(aar(['init', '--diff', '--today', TODAY]).stdout, '');
    assert.equal(read('.aar.yml'), applied);
  });

  it('leaves an .aar.yml that is not valid YAML as it is, and says why', () => {
    writeReports();
    write('.aar.yml', 'team: [@dana\n');
    const run = aar(['init', '--today', TODAY]);
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /^\.aar\.yml is left as it is: it cannot be read as YAML \(.+\): fix that first\.$/m);
    const refused = aar(['init', '--write', '--today', TODAY]);
    assert.equal(refused.status, 1);
    assert.equal(read('.aar.yml'), 'team: [@dana\n');
  });

  it('runs on a folder given, and proposes tag triggers from the git tags', () => {
    mkdirSync(join(workspace, 'shop'));
    write('shop/docs/retros/2026-09-02-release-4-1.md', washUp('Release 4.1 wash-up', 'sam'));
    write('shop/docs/retros/2026-10-07-release-4-2.md', washUp('Release 4.2 wash-up', 'kim'));
    const home = `${workspace}-home`;
    mkdirSync(home);
    git(workspace, ['init', '-q', '-b', 'main'], home);
    git(workspace, ['add', '.'], home);
    git(workspace, ['commit', '-q', '-m', 'Wash-ups'], home, '2026-11-01T10:00:00 +0000');
    git(workspace, ['tag', 'v1.0.0'], home);
    git(workspace, ['tag', 'v1.1.0'], home);
    const run = aar(['init', 'shop', '--today', TODAY]);
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /^Looked at 2 Markdown files in shop\.$/m);
    assert.match(run.stdout, /^ {2}shop\/docs\/retros\/ \(2\)$/m);
    assert.match(run.stdout, /^Proposed shop\/\.aar\.yml:$/m);
    assert.match(run.stdout, /^ {2}# 2 tags, such as v1\.1\.0, v1\.0\.0\n {2}- name: release\n {4}tag: "v\*"$/m);
    assert.match(run.stdout, /^Nothing was written\. Run "aar init shop --write" to write shop\/\.aar\.yml\.$/m);
    assert.equal(existsSync(join(workspace, 'shop', '.aar.yml')), false);
  });

  it('says so when there is no report, and writes nothing even with --write', () => {
    write('README.md', '# Shop\n');
    write('docs/guide.md', '# Guide\n\n## Summary\n\nHow to run the shop.\n');
    const run = aar(['init', '--write', '--today', TODAY]);
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /^No reports found\.$/m);
    assert.match(run.stdout, /^Nothing to propose: no report was found\./m);
    assert.equal(existsSync(join(workspace, '.aar.yml')), false);
  });

  for (const [args, message] of [
    [['--bogus'], /Unknown option "--bogus"/],
    [['a', 'b'], /Give one folder, not 2/],
    [['--today', '2026-13-01'], /--today must be a real date/],
    [['no-such-folder'], /No such file or folder: no-such-folder/],
    [['--write', '--diff'], /Give --write or --diff, not both/],
    [['README.md'], /README\.md is a file: aar init takes the folder/],
  ] as const) {
    it(`exits 2 with a message on stderr for a usage mistake: aar init ${args.join(' ')}`, () => {
      write('README.md', '# Shop\n');
      const run = aar(['init', ...args]);
      assert.equal(run.status, 2);
      assert.equal(run.stdout, '');
      assert.match(run.stderr, message);
      assert.match(run.stderr, /Run "aar init --help" or "aar --help" for usage\./);
      assert.equal(existsSync(join(workspace, '.aar.yml')), false);
    });
  }

  it('--help says what it does, its options and its exit codes', () => {
    const run = aar(['init', '--help']);
    assert.equal(run.status, 0);
    assert.match(run.stdout, /^Usage: aar init \[folder\] \[options\]$/m);
    for (const option of ['--write', '--diff', '--today YYYY-MM-DD']) assert.ok(run.stdout.includes(`  ${option}`), option);
    assert.match(run.stdout, /never overwritten/);
    assert.match(run.stdout, /^Exit status: 0 /m);
    assert.match(aar(['--help']).stdout, /^ {2}aar init \[folder\] \[options\] +propose a \.aar\.yml/m);
  });
});
