// `aar lint` as a CI pipeline runs it: the bundled dist/cli.js in a child process, on real folders.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { JsonFinding } from '../../server/src/cli/format';
import { defaultJobs } from '../../server/src/cli/options';
import { analyze } from '../../server/src/core';
import { version } from '../../package.json';
import { cli, useCliWorkspace } from './helpers/cliWorkspace';

const TODAY = '2026-11-25';


// Detected by its folder (`reviews/`): no front matter, Delivery Owner as an inline label.
const WASH_UP = `# Q3 wash-up

**Delivery Owner:** @dana

## Summary

The Q3 release shipped a week late because the message queue backed up twice.

## Outcomes

- The release reached every customer by 14 October.

## Improvements

- IMP-1: Nobody was alerted when the queue backed up.

## Actions

- [ ] Alert the on-call engineer when queue depth stays over 1000 for 5 minutes @sam due:2026-12-04 (IMP-1)
- [ ] Write the queue recovery runbook due:2026-12-10 (IMP-1)
`;

// Detected by its name; nothing wrong with it on TODAY, overdue from 2026-12-05.
const CLEAN = `---
type: after-action-report
title: Release 3.1 review
date: 2026-11-20
trigger: release
delivery_owner: "@dana"
status: draft
---

# Release 3.1 review

## Summary

Release 3.1 went out on time.

## Outcomes

- Every customer was on 3.1 within a day.

## Improvements

- IMP-1: The release notes reached support late.

## Actions

- [ ] Send release notes to support two days before each release @dana due:2026-12-04 (IMP-1)
`;

// Markdown that is not a report: it would have findings if it were analysed.
const NOTES = `# Team meeting notes

## Action items

- [ ] Book the room
`;

const lineOf = (text: string, needle: string) => text.split('\n').findIndex((l) => l.includes(needle)) + 1;

describe('aar lint (dist/cli.js)', function () {
  this.timeout(60_000);
  let workspace = '';
  const { write, aar } = useCliWorkspace('aar-cli-', (folder) => (workspace = folder));

  function lintJson(args: string[], cwd = workspace): { status: number | null; findings: JsonFinding[]; stderr: string } {
    const run = aar(['lint', '--format', 'json', '--today', TODAY, ...args], cwd);
    return { status: run.status, findings: JSON.parse(run.stdout) as JsonFinding[], stderr: run.stderr };
  }

  const filesOf = (findings: JsonFinding[]) => [...new Set(findings.map((f) => f.file))].sort();

  describe('stylish output', () => {
    it('groups findings by file with line:col, severity, message and rule, then a summary, and exits 1 on errors', () => {
      const file = write('reviews/q3-wash-up.md', WASH_UP);
      write('release-3.1.aar.md', CLEAN);
      const run = aar(['lint', '--today', TODAY]);
      assert.equal(run.status, 1, run.stderr);
      const [finding] = analyze(WASH_UP, { uri: pathToFileURL(file).href, relativePath: 'reviews/q3-wash-up.md', today: TODAY }).findings;
      const line = lineOf(WASH_UP, 'Write the queue recovery runbook');
      assert.equal(finding.range.start.line + 1, line);
      const column = finding.range.start.character + 1;
      assert.match(finding.message, /^Action "Write the queue recovery runbook" has no owner/);
      assert.equal(
        run.stdout,
        [
          'reviews/q3-wash-up.md',
          `  ${line}:${column}  error  ${finding.message}  action-missing-owner`,
          '',
          '✖ 1 problem (1 error, 0 warnings, 0 infos)',
          '',
        ].join('\n'),
      );
      assert.equal(run.stderr, '');
    });

    it('aligns the columns of a file and counts every severity', () => {
      write(
        'release-3.1.aar.md',
        CLEAN.replace('Release 3.1 went out on time.', 'Release 3.1 went out on time, despite human error.').replace(
          '- IMP-1: The release notes reached support late.',
          '- IMP-1: The release notes reached support late.\n- IMP-2: The changelog was written by hand.',
        ),
      );
      const run = aar(['lint', '--today', '2027-01-20']);
      assert.equal(run.status, 0, run.stderr);
      const rows = run.stdout.split('\n').filter((l) => l.startsWith('  '));
      assert.equal(rows.length, 3, run.stdout);
      // Severities of different lengths: the messages still start at the same column on every row.
      const messageStart = (row: string) => row.search(/(?<=^\s+\S+\s+\S+\s+)\S/);
      assert.equal(new Set(rows.map(messageStart)).size, 1, run.stdout);
      assert.match(run.stdout, /^ {2}\d+:\d+ +info +"human error" .* blame-language$/m);
      assert.match(run.stdout, /^ {2}\d+:\d+ +info +No action follows up the improvement "IMP-2: .* improvement-without-action$/m);
      assert.match(run.stdout, /^ {2}\d+:\d+ +warning +"Send release notes .* overdue-action$/m);
      assert.match(run.stdout, /^✖ 3 problems \(0 errors, 1 warning, 2 infos\)$/m);
    });

    it('says so when the reports are clean, and exits 0', () => {
      write('release-3.1.aar.md', CLEAN);
      const run = aar(['lint', '--today', TODAY]);
      assert.equal(run.status, 0, run.stderr);
      assert.equal(run.stdout, '✔ 1 report checked: no problems.\n');
    });

    it('says so when no file is a report', () => {
      write('docs/meeting-notes.md', NOTES);
      write('README.md', '# Project\n');
      const run = aar(['lint']);
      assert.equal(run.status, 0, run.stderr);
      assert.equal(run.stdout, 'No After Action Reports found (2 Markdown files looked at).\n');
    });
  });

  describe('json output', () => {
    it('lists findings with 1-based positions, the rule and the file relative to the current folder', () => {
      const file = write('reviews/q3-wash-up.md', WASH_UP);
      const { status, findings } = lintJson([]);
      assert.equal(status, 1);
      // The same findings the engine gives, shifted to 1-based lines and columns.
      const engine = analyze(WASH_UP, { uri: pathToFileURL(file).href, relativePath: 'reviews/q3-wash-up.md', today: TODAY });
      assert.deepEqual(
        findings,
        engine.findings.map((f) => ({
          file: 'reviews/q3-wash-up.md',
          line: f.range.start.line + 1,
          column: f.range.start.character + 1,
          endLine: f.range.end.line + 1,
          endColumn: f.range.end.character + 1,
          rule: f.ruleId,
          severity: f.severity,
          message: f.message,
        })),
      );
      assert.deepEqual(
        findings.map((f) => [f.rule, f.severity, f.line]),
        [['action-missing-owner', 'error', lineOf(WASH_UP, 'Write the queue recovery runbook')]],
      );
    });

    it('prints an empty array when nothing is found', () => {
      write('release-3.1.aar.md', CLEAN);
      const { status, findings } = lintJson([]);
      assert.equal(status, 0);
      assert.deepEqual(findings, []);
    });

    it('shows paths relative to the folder aar runs in, still detecting reports from the repository root', () => {
      write('docs/reviews/q3-wash-up.md', WASH_UP);
      const { status, findings } = lintJson(['.'], join(workspace, 'docs', 'reviews'));
      assert.equal(status, 1);
      assert.deepEqual(filesOf(findings), ['q3-wash-up.md']);
    });
  });

  describe('which files are checked', () => {
    it('finds reports by folder glob, front matter and .aar.md name; skips other Markdown, node_modules and dot folders', () => {
      write('reviews/q3-wash-up.md', WASH_UP);
      write('postmortems/2026/outage.md', WASH_UP);
      write('notes/by-type.md', `---\ntype: postmortem\n---\n${WASH_UP}`);
      write('notes/named.aar.md', WASH_UP);
      write('notes/meeting.md', NOTES);
      write('README.md', NOTES);
      write('node_modules/some-package/reviews/q1.md', WASH_UP);
      write('.github/reviews/q2.md', WASH_UP);
      write('reviews/notes.txt', WASH_UP);
      const { status, findings } = lintJson([]);
      assert.equal(status, 1);
      assert.deepEqual(filesOf(findings), ['notes/by-type.md', 'notes/named.aar.md', 'postmortems/2026/outage.md', 'reviews/q3-wash-up.md']);
    });

    it('checks only the paths given, and checks a named file even when nothing marks it as a report', () => {
      write('reviews/q3-wash-up.md', WASH_UP);
      write('retros/sprint-9.md', WASH_UP);
      write('notes/meeting.md', NOTES);
      const { status, findings } = lintJson(['retros', 'notes/meeting.md']);
      assert.equal(status, 1);
      assert.deepEqual(filesOf(findings), ['notes/meeting.md', 'retros/sprint-9.md']);
      assert.ok(findings.some((f) => f.file === 'notes/meeting.md' && f.rule === 'action-missing-owner' && f.line === lineOf(NOTES, 'Book the room')));
    });

    it('ends on a symlink loop and checks each report once', () => {
      write('reviews/q3-wash-up.md', WASH_UP);
      symlinkSync(workspace, join(workspace, 'reviews', 'loop'), 'dir');
      symlinkSync(join(workspace, 'reviews'), join(workspace, 'reviews', 'again'), 'dir');
      const { status, findings } = lintJson([]);
      assert.equal(status, 1);
      assert.deepEqual(filesOf(findings), ['reviews/q3-wash-up.md']);
      assert.equal(findings.filter((f) => f.rule === 'action-missing-owner').length, 1);
    });

    it('reports a binary file and a huge file as info findings and carries on', () => {
      write('reviews/diagram.md', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d]));
      write('reviews/export.md', `# Export\n\n${'All the rows of a giant table. '.repeat(100_000)}\n`);
      write('reviews/not-utf8.md', Buffer.from('# Caf\xe9 review\n', 'latin1'));
      write('docs/huge-changelog.md', 'x'.repeat(3 * 1024 * 1024));
      write('release-3.1.aar.md', CLEAN);
      const { status, findings } = lintJson([]);
      assert.equal(status, 0);
      assert.deepEqual(
        findings.map((f) => [f.file, f.rule, f.severity, f.line, f.column]),
        [
          ['reviews/diagram.md', 'file-skipped', 'info', 1, 1],
          ['reviews/export.md', 'file-skipped', 'info', 1, 1],
          ['reviews/not-utf8.md', 'file-skipped', 'info', 1, 1],
        ],
      );
      assert.match(findings[0].message, /binary/);
      assert.match(findings[1].message, /over the 2 MB limit/);
      assert.match(findings[2].message, /not valid UTF-8/);
    });
  });

  describe('configuration', () => {
    it('reads .aar.yml at the repository root: report globs and rule severities', () => {
      write('.aar.yml', 'reports:\n  - "minutes/**/*.md"\nrules:\n  action-missing-owner: warning\n');
      write('minutes/q3.md', WASH_UP);
      write('reviews/q3-wash-up.md', WASH_UP);
      const { status, findings } = lintJson([]);
      assert.equal(status, 0);
      assert.deepEqual(filesOf(findings), ['minutes/q3.md']);
      assert.deepEqual(
        findings.map((f) => [f.rule, f.severity]),
        [['action-missing-owner', 'warning']],
      );
    });

    it('prints problems in .aar.yml as warnings on stderr and still checks', () => {
      write('.aar.yml', 'rules:\n  action-missing-owner: loud\n');
      write('reviews/q3-wash-up.md', WASH_UP);
      const { status, findings, stderr } = lintJson([]);
      assert.equal(status, 1);
      assert.match(stderr, /^aar: warning: \.aar\.yml:\d+: Rule "action-missing-owner": severity must be/m);
      assert.deepEqual(
        findings.map((f) => f.rule),
        ['action-missing-owner'],
      );
    });

    it('uses --config instead of .aar.yml', () => {
      write('.aar.yml', 'rules:\n  action-missing-owner: error\n');
      write('ci/aar-strict.yml', 'rules:\n  action-missing-owner: off\n');
      write('reviews/q3-wash-up.md', WASH_UP);
      const { status, findings } = lintJson(['--config', 'ci/aar-strict.yml']);
      assert.equal(status, 0);
      assert.deepEqual(findings, []);
    });

    it('measures overdue actions against --today', () => {
      write('release-3.1.aar.md', CLEAN);
      assert.deepEqual(lintJson(['--today', '2026-12-04']).findings, []);
      const late = lintJson(['--today', '2026-12-05']);
      assert.equal(late.status, 0);
      assert.deepEqual(
        late.findings.map((f) => [f.rule, f.severity, f.line]),
        [['overdue-action', 'warning', lineOf(CLEAN, 'Send release notes')]],
      );
    });
  });

  describe('usage', () => {
    const usageErrors: [string, string[], RegExp][] = [
      ['an unknown option', ['lint', '--fix-everything'], /Unknown option "--fix-everything"/],
      ['an unknown format', ['lint', '--format', 'xml'], /Unknown format "xml": use stylish, json, sarif or github/],
      ['an unknown command', ['check'], /Unknown command "check"/],
      ['no command', [], /No command given/],
      ['a path that does not exist', ['lint', 'no-such-folder'], /No such file or folder: no-such-folder/],
      ['a missing --config file', ['lint', '--config', 'missing.yml'], /Configuration file not found: missing.yml/],
      ['an impossible --today', ['lint', '--today', '2026-02-30'], /--today must be a real date/],
    ];
    for (const [what, args, message] of usageErrors) {
      it(`exits 2 with a message for ${what}`, () => {
        const run = aar(args);
        assert.equal(run.status, 2);
        assert.match(run.stderr, message);
        assert.match(run.stderr, /aar --help/);
        assert.equal(run.stdout, '');
      });
    }

    it('exits 2 for a --config file that is not valid YAML, naming the line', () => {
      write('bad.yml', 'rules:\n  vague-action: off\n bad: [unclosed\n');
      const run = aar(['lint', '--config', 'bad.yml']);
      assert.equal(run.status, 2);
      assert.match(run.stderr, /Invalid configuration file bad\.yml:\n {2}line \d+: /);
    });

    it('prints help and the version', () => {
      const help = aar(['--help']);
      assert.equal(help.status, 0);
      assert.match(help.stdout, /aar lint \[paths\.\.\.\]/);
      const lintHelp = aar(['lint', '--help']);
      assert.equal(lintHelp.status, 0);
      assert.match(lintHelp.stdout, /^Usage: aar lint \[paths\.\.\.\]/);
      assert.match(lintHelp.stdout, /--format stylish\|json\|sarif/);
      const v = aar(['--version']);
      assert.equal(v.status, 0);
      assert.equal(v.stdout, `${version}\n`);
    });

    it('is executable with a node shebang, as npm links it', () => {
      assert.match(readFileSync(cli, 'utf8'), /^#!\/usr\/bin\/env node\n/);
    });
  });

  describe('worker threads', () => {
    /** Reports that differ from each other, so that a mix-up of results would show. */
    function writeManyReports(count: number): void {
      for (let i = 0; i < count; i++) {
        const unowned = i % 3 === 0 ? `- [ ] Check the backups of shard ${i}\n` : '';
        const overdue = i % 4 === 0 ? `- [ ] Rotate the keys of shard ${i} @sam due:2026-0${1 + (i % 9)}-1${i % 10}\n` : '';
        write(`reviews/${String(i).padStart(3, '0')}-shard.md`, `${WASH_UP}${unowned}${overdue}`);
        if (i % 5 === 0) write(`notes/meeting-${i}.md`, NOTES);
      }
      write('reviews/diagram.md', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x00]));
      write(`release-${count}.aar.md`, CLEAN.replace('Release 3.1', 'Release 9.9'));
    }

    function lintWith(args: string[]) {
      const run = spawnSync(process.execPath, [cli, 'lint', '--today', TODAY, ...args], {
        cwd: workspace,
        encoding: 'utf8',
        timeout: 30_000,
        env: { ...process.env, NO_COLOR: '1', AAR_DEBUG: 'workers' },
      });
      return { status: run.status, stdout: run.stdout, stderr: run.stderr };
    }

    it('prints exactly what one thread prints, in the same order, when worker threads analyse the reports', () => {
      writeManyReports(60);
      for (const format of ['stylish', 'json']) {
        const single = lintWith(['--format', format, '--jobs', '1']);
        const parallel = lintWith(['--format', format, '--jobs', '3']);
        // The 12 meeting notes are recognised as no report without the engine; the binary file is not read as text.
        assert.match(single.stderr, /74 Markdown files; 0 from the cache; 61 analysed in this thread/);
        assert.match(parallel.stderr, /74 Markdown files; 0 from the cache; 61 analysed in this thread and 2 worker threads/);
        assert.equal(parallel.status, 1);
        assert.equal(parallel.status, single.status);
        assert.equal(parallel.stdout, single.stdout);
      }
      const files = filesOf(JSON.parse(lintWith(['--format', 'json', '--jobs', '2']).stdout) as JsonFinding[]);
      assert.equal(files.length, 61, 'the 60 reviews and the binary file; the clean release has no findings');
      assert.ok(!files.some((f) => f.startsWith('notes/')), 'Markdown that is not a report stays silent');
    });

    it('analyses a handful of files without starting threads', () => {
      write('reviews/q3-wash-up.md', WASH_UP);
      write('release-3.1.aar.md', CLEAN);
      const run = lintWith(['--jobs', '4']);
      assert.equal(run.status, 1);
      assert.match(run.stderr, /2 analysed in this thread/);
    });

    it('leaves one core to V8 by default: one thread on two cores, three on four, never more than eight', () => {
      assert.deepEqual([1, 2, 4, 9, 64].map((cores) => defaultJobs(cores)), [1, 1, 3, 8, 8]);
    });

    it('exits 2 for a --jobs that is not a whole number from 1', () => {
      for (const jobs of ['0', 'many', '1.5']) {
        const run = aar(['lint', '--jobs', jobs]);
        assert.equal(run.status, 2);
        assert.match(run.stderr, /--jobs must be a whole number from 1 to 256/);
      }
    });
  });

  describe('--cache', () => {
    function lintCached(args: string[] = [], cwd = workspace) {
      const run = spawnSync(process.execPath, [cli, 'lint', '--format', 'json', ...args], {
        cwd,
        encoding: 'utf8',
        timeout: 30_000,
        env: { ...process.env, AAR_DEBUG: 'cache' },
      });
      const fromCache = Number(/; (\d+) from the cache;/.exec(run.stderr)?.[1] ?? NaN);
      return { status: run.status, findings: JSON.parse(run.stdout) as JsonFinding[], fromCache, stderr: run.stderr };
    }
    const rulesOf = (findings: JsonFinding[]) => findings.map((f) => `${f.file}:${f.line}:${f.rule}`);

    it('keeps results in .aar-cache/ at the repository root and gives the same findings from it', () => {
      write('reviews/q3-wash-up.md', WASH_UP);
      write('release-3.1.aar.md', CLEAN);
      write('notes/meeting.md', NOTES);
      mkdirSync(join(workspace, 'reviews', 'deep'), { recursive: true });
      const uncached = lintJson([]);
      const first = lintCached(['--today', TODAY, '--cache', '../..'], join(workspace, 'reviews', 'deep'));
      assert.ok(existsSync(join(workspace, '.aar-cache', 'lint.json')), 'the cache is at the repository root');
      const second = lintCached(['--today', TODAY, '--cache']);
      const third = lintCached(['--today', TODAY, '--cache']);
      assert.equal(first.fromCache, 0);
      assert.equal(second.fromCache, 3);
      assert.equal(third.fromCache, 3);
      for (const run of [second, third]) {
        assert.equal(run.status, uncached.status);
        assert.deepEqual(run.findings, uncached.findings);
      }
    });

    it('checks again a file that changed, and only that one', () => {
      write('reviews/q3-wash-up.md', WASH_UP);
      write('release-3.1.aar.md', CLEAN);
      lintCached(['--today', TODAY, '--cache']);
      write('release-3.1.aar.md', `${CLEAN}- [ ] Tell support about the next release\n`);
      const run = lintCached(['--today', TODAY, '--cache']);
      assert.equal(run.fromCache, 1);
      assert.deepEqual(run.findings, lintJson([]).findings);
      assert.ok(rulesOf(run.findings).includes(`release-3.1.aar.md:${lineOf(CLEAN, 'Send release notes') + 1}:action-missing-owner`));
    });

    it('does not reuse results across a change of configuration or of the date', () => {
      write('reviews/q3-wash-up.md', WASH_UP);
      const before = lintCached(['--today', TODAY, '--cache']);
      assert.ok(rulesOf(before.findings).some((r) => r.endsWith(':action-missing-owner')));
      write('.aar.yml', 'rules:\n  action-missing-owner: off\n');
      const configured = lintCached(['--today', TODAY, '--cache']);
      assert.equal(configured.fromCache, 0);
      assert.ok(!rulesOf(configured.findings).some((r) => r.endsWith(':action-missing-owner')));
      const later = lintCached(['--today', '2026-12-05', '--cache']);
      assert.equal(later.fromCache, 0);
      assert.ok(rulesOf(later.findings).some((r) => r.endsWith(':overdue-action')));
      assert.ok(!rulesOf(configured.findings).some((r) => r.endsWith(':overdue-action')));
    });

    it('prints every report in order when a few changed ones are analysed among many more from the cache than wait to be printed', () => {
      // Results from the cache outrun the printing, so the walk pauses; the changed files' analyses must not wait for it.
      const name = (i: number) => `reviews/${String(i).padStart(4, '0')}-shard.md`;
      for (let i = 0; i < 1300; i++) write(name(i), `${WASH_UP}${i % 3 ? '' : `- [ ] Check the backups of shard ${i}\n`}`);
      lintCached(['--today', TODAY, '--cache', '--jobs', '2']);
      for (const i of [3, 1250]) write(name(i), `${WASH_UP}- [ ] Page the owner of shard ${i}\n`);
      const run = lintCached(['--today', TODAY, '--cache', '--jobs', '2']);
      assert.equal(run.fromCache, 1298);
      assert.equal(run.status, 1);
      assert.deepEqual(run.findings, lintJson([]).findings);
      assert.ok(run.findings.some((f) => f.file === name(1250) && f.line === WASH_UP.split('\n').length));
    });

    it('ignores a corrupt cache and one made by another build, and replaces them', () => {
      write('reviews/q3-wash-up.md', WASH_UP);
      const expected = lintJson([]);
      const cacheFile = join(workspace, '.aar-cache', 'lint.json');
      mkdirSync(dirname(cacheFile), { recursive: true });
      writeFileSync(cacheFile, '{"format": "aar-file-cache", "entries": [[');
      const afterCorrupt = lintCached(['--today', TODAY, '--cache']);
      assert.deepEqual(afterCorrupt.findings, expected.findings);
      assert.equal(afterCorrupt.status, 1);
      // Another build claims the report is clean: not trusted.
      // The cache's first line says who made it; then one line per file: its stamp, a tab, its result.
      const [header, ...entries] = readFileSync(cacheFile, 'utf8').split('\n');
      const forged = [
        JSON.stringify({ ...JSON.parse(header), engine: 'another-build' }),
        ...entries.map((line) => (line.includes('\t') ? `${line.slice(0, line.indexOf('\t'))}\t{"report":false}` : line)),
      ];
      writeFileSync(cacheFile, forged.join('\n'));
      const afterForged = lintCached(['--today', TODAY, '--cache']);
      assert.equal(afterForged.fromCache, 0);
      assert.deepEqual(afterForged.findings, expected.findings);
      assert.notEqual(JSON.parse(readFileSync(cacheFile, 'utf8').split('\n')[0]).engine, 'another-build');
    });

    it('puts the cache where --cache=DIR says, and leaves no temporary files', () => {
      write('reviews/q3-wash-up.md', WASH_UP);
      lintCached(['--today', TODAY, '--cache=build/aar']);
      assert.deepEqual(readdirSync(join(workspace, 'build', 'aar')), ['lint.json']);
      assert.ok(!existsSync(join(workspace, '.aar-cache')));
      assert.equal(lintCached(['--today', TODAY, '--cache=build/aar']).fromCache, 1);
      assert.match(aar(['lint', '--cache=']).stderr, /--cache= needs a folder/);
    });

    it('still checks, with a warning, when the cache cannot be written', () => {
      write('reviews/q3-wash-up.md', WASH_UP);
      write('not-a-folder', 'a file');
      const run = lintCached(['--today', TODAY, '--cache=not-a-folder/aar']);
      assert.equal(run.status, 1);
      assert.deepEqual(run.findings, lintJson([]).findings);
      assert.match(run.stderr, /^aar: warning: the cache could not be written to .*not-a-folder.*lint\.json/m);
    });
  });

  describe('output that cannot be written', () => {
    /** `aar` with its stdout on a device that is always full: every write fails with ENOSPC. */
    function intoFullDisk(args: string[]) {
      const full = openSync('/dev/full', 'w');
      try {
        return spawnSync(process.execPath, [cli, ...args], { cwd: workspace, stdio: ['ignore', full, 'pipe'], encoding: 'utf8', timeout: 30_000 });
      } finally {
        closeSync(full);
      }
    }

    for (const args of [
      ['lint', '--format', 'json'],
      ['lint', '--format', 'sarif'],
      ['actions', '--format', 'csv'],
    ]) {
      it(`aar ${args.join(' ')} on a full disk fails with status 2 and says why, not as a run that found errors`, function () {
        if (!existsSync('/dev/full')) this.skip(); // Linux's always-full device: the fault to inject
        write('reviews/q3-wash-up.md', WASH_UP);
        const run = intoFullDisk([...args, '--today', TODAY]);
        assert.equal(run.status, 2);
        assert.equal(run.stderr, 'aar: cannot write the output: no space left on the device (ENOSPC). What was written is incomplete.\n');
      });
    }

    it('stops quietly when the reader goes away (aar lint | head -1), with the status of a closed pipe', async () => {
      write('reviews/q3-wash-up.md', WASH_UP);
      const child = spawn(process.execPath, [cli, 'lint', '--today', TODAY], { cwd: workspace, stdio: ['ignore', 'pipe', 'pipe'] });
      let stderr = '';
      child.stderr.on('data', (chunk) => (stderr += chunk));
      // The reader has had what it wanted and closed its end before aar writes its findings.
      child.stdout.destroy();
      const status = await new Promise((resolve) => child.on('exit', (code) => resolve(code)));
      assert.equal(stderr, '');
      assert.equal(status, 141);
    });
  });
});
