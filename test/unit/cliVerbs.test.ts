// The whole CLI surface as a user or a CI job runs it: the bundled dist/cli.js in a child process,
// on copies of examples/ and on reports written here. `aar lint --format sarif` and the VS Code
// problem matcher are checked against `--format json`; `aar reviews --due` runs against a real
// git repository made with the git CLI (the tests run git; the product never does).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { JsonAction } from '../../server/src/cli/actions';
import type { JsonFinding } from '../../server/src/cli/format';
import type { JsonDueRelease, JsonReview } from '../../server/src/cli/reviews';
import { cli, root, useCliWorkspace } from './helpers/cliWorkspace';
import { git } from './helpers/git';

const TODAY = '2026-11-25';

const TEAM_CONFIG = `team:
  - handle: maya
    name: Maya Okafor
  - handle: tom
    name: Tom Lindqvist
delivery_owner: "@maya"
reviews:
  folder: docs/reviews
  template: .github/aar-template.md
triggers:
  - name: release
    tags: "v*"
  - incident
communication:
  - audience: Support leads
    channel: "#support"
    expects: Tell customers when the fix ships.
`;

// Every kind of action `aar actions` must list: owned by handle and by name, unowned, done,
// overdue, a date that cannot be read, text with a comma, quotes and a pipe.
const RELEASE_REVIEW = `---
type: after-action-report
title: Release 1.0 review
date: 2026-11-10
trigger: release
milestone: v1.0.0
delivery_owner: "@maya"
status: in-review
---

# Release 1.0 review

## Summary

Release 1.0 shipped on time.

## Outcomes

- Every customer was on 1.0 within a day.

## Improvements

- IMP-1: The release notes reached support late.

## Actions

- [ ] Send the release notes to support, two days ahead @maya due:2026-11-20 (IMP-1)
- [x] Write the "rollback" runbook @tom due:2026-11-15
- [ ] Split the deploy | verify steps in the pipeline owner: Maya Okafor due:2026-12-10
- [ ] Add a smoke test to the release pipeline due:2026-12-01
- [ ] Rotate the staging keys @tom due:2026-13-45
`;

const INCIDENT_REVIEW = `---
type: after-action-report
title: Search outage
date: 2026-11-20
trigger: incident
delivery_owner: "@tom"
status: draft
---

# Search outage

## Summary

Search returned nothing for an hour.

## Outcomes

- 60% of searches failed for an hour.

## Improvements

- IMP-1: Nothing alerted on empty results.

## Actions

- [ ] Alert when more than 10% of searches return nothing @tom due:2026-11-30 (IMP-1)
`;

const TEMPLATE = `---
type: after-action-report
title: {{title}}
date: {{date}}
trigger: {{trigger}}
milestone: {{milestone}}
delivery_owner: {{deliveryOwner}}
status: draft
---

# {{title}}

Team template.

## Summary

## Outcomes

## Improvements

## Actions
`;

/** RFC 4180 records: quoted fields may hold commas, doubled quotes and line breaks; records end with CRLF. */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === '"' && field === '') {
      for (i++; ; i++) {
        if (text[i] === '"' && text[i + 1] === '"') {
          field += '"';
          i++;
        } else if (text[i] === '"') break;
        else if (i >= text.length) throw new Error('unclosed quote');
        else field += text[i];
      }
      i++;
    } else if (c === ',') {
      record.push(field);
      field = '';
      i++;
    } else if (c === '\r' && text[i + 1] === '\n') {
      record.push(field);
      records.push(record);
      record = [];
      field = '';
      i += 2;
    } else {
      assert.notEqual(c, '\n', 'a bare LF ends no CSV record');
      field += c;
      i++;
    }
  }
  assert.equal(field + record.join(''), '', 'the last record ends with CRLF');
  return records;
}

interface MatcherPattern {
  regexp: string;
  file?: number;
  line?: number;
  column?: number;
  severity?: number;
  message?: number;
  code?: number;
  loop?: boolean;
}

interface MatchedProblem {
  file: string;
  line: number;
  column: number;
  severity: string;
  message: string;
  code: string;
}

/**
 * What VS Code's multi-line problem matcher finds in a task's output: the first pattern on one
 * line and the second on the next start a match; while the second (`loop`) pattern keeps
 * matching the following lines, each is one more problem in the same file.
 */
function runProblemMatcher(patterns: MatcherPattern[], output: string): MatchedProblem[] {
  assert.equal(patterns.length, 2);
  const [fileLine, problemLine] = patterns;
  assert.equal(problemLine.loop, true);
  const fileRe = new RegExp(fileLine.regexp);
  const problemRe = new RegExp(problemLine.regexp);
  const problem = (file: string, m: RegExpExecArray): MatchedProblem => ({
    file,
    line: Number(m[problemLine.line!]),
    column: Number(m[problemLine.column!]),
    severity: m[problemLine.severity!],
    message: m[problemLine.message!],
    code: m[problemLine.code!],
  });
  const lines = output.split('\n');
  const found: MatchedProblem[] = [];
  let file: string | undefined;
  for (let i = 0; i < lines.length; i++) {
    const looped = file !== undefined ? problemRe.exec(lines[i]) : null;
    if (looped) {
      found.push(problem(file!, looped));
      continue;
    }
    file = undefined;
    const start = fileRe.exec(lines[i]);
    const first = start && i + 1 < lines.length ? problemRe.exec(lines[i + 1]) : null;
    if (start && first) {
      file = start[fileLine.file!];
      found.push(problem(file, first));
      i++;
    }
  }
  return found;
}

describe('the aar CLI verbs (dist/cli.js)', function () {
  this.timeout(60_000);
  let workspace = '';
  const { write, aar } = useCliWorkspace('aar-verbs-', (folder) => (workspace = folder));

  const read = (relative: string) => readFileSync(join(workspace, relative), 'utf8');

  /** The team of this file's reports: .aar.yml, template, a release review and an incident review. */
  function writeTeam(): void {
    write('.aar.yml', TEAM_CONFIG);
    // In a dot folder: the walk passes it over, so the template is not taken for a report.
    write('.github/aar-template.md', TEMPLATE);
    write('docs/reviews/2026-11-10-release-1-0.md', RELEASE_REVIEW);
    write('docs/reviews/2026-11-20-search-outage.md', INCIDENT_REVIEW);
  }

  function copyExamples(): void {
    cpSync(join(root, 'examples'), workspace, { recursive: true });
  }

  function json<T>(args: string[], cwd = workspace): T {
    const run = aar(args, cwd);
    assert.equal(run.status, 0, run.stderr);
    return JSON.parse(run.stdout) as T;
  }

  describe('aar lint --format sarif', () => {
    interface SarifLog {
      $schema: string;
      version: string;
      runs: {
        tool: { driver: { name: string; version: string; rules: { id: string; shortDescription: { text: string }; defaultConfiguration: { level: string } }[] } };
        results: {
          ruleId: string;
          ruleIndex: number;
          level: string;
          message: { text: string };
          locations: { physicalLocation: { artifactLocation: { uri: string; uriBaseId: string }; region: { startLine: number; startColumn: number; endLine: number; endColumn: number } } }[];
        }[];
      }[];
    }

    it('is SARIF 2.1.0 with a rule per id and a result per finding, at the positions --format json gives, and exits as json does', () => {
      copyExamples();
      const sarifRun = aar(['lint', '--format', 'sarif', '--today', TODAY]);
      const jsonRun = aar(['lint', '--format', 'json', '--today', TODAY]);
      assert.equal(sarifRun.status, 1, 'the examples hold error findings');
      assert.equal(sarifRun.status, jsonRun.status);
      const sarif = JSON.parse(sarifRun.stdout) as SarifLog;
      const findings = JSON.parse(jsonRun.stdout) as JsonFinding[];
      assert.equal(sarif.version, '2.1.0');
      assert.match(sarif.$schema, /sarif-2\.1\.0/);
      assert.equal(sarif.runs.length, 1);
      const [run] = sarif.runs;
      assert.equal(run.tool.driver.name, 'aar');
      const ids = run.tool.driver.rules.map((r) => r.id);
      assert.equal(new Set(ids).size, ids.length, 'one descriptor per rule');
      for (const id of ['missing-section', 'action-missing-owner', 'overdue-action', 'file-skipped']) assert.ok(ids.includes(id), id);
      for (const rule of run.tool.driver.rules) assert.ok(rule.shortDescription.text.length > 10, rule.id);

      const level = { error: 'error', warning: 'warning', info: 'note', hint: 'note' } as const;
      assert.ok(findings.length > 5);
      assert.deepEqual(
        run.results.map((r) => {
          const { artifactLocation, region } = r.locations[0].physicalLocation;
          assert.equal(artifactLocation.uriBaseId, '%SRCROOT%');
          assert.equal(run.tool.driver.rules[r.ruleIndex].id, r.ruleId, 'ruleIndex points at the rule');
          return [decodeURIComponent(artifactLocation.uri), region.startLine, region.startColumn, region.endLine, region.endColumn, r.ruleId, r.level, r.message.text];
        }),
        findings.map((f) => [f.file, f.line, f.column, f.endLine, f.endColumn, f.rule, level[f.severity], f.message]),
      );
    });

    it('is written by --sarif-file in the same run as another format: what --format sarif prints, with the other output as it was', () => {
      copyExamples();
      const both = aar(['lint', '--format', 'json', '--sarif-file', 'results/aar.sarif', '--today', TODAY]);
      const jsonRun = aar(['lint', '--format', 'json', '--today', TODAY]);
      const sarifRun = aar(['lint', '--format', 'sarif', '--today', TODAY]);
      assert.equal(both.status, 1, 'the examples hold error findings');
      assert.equal(both.stdout, jsonRun.stdout);
      assert.equal(readFileSync(join(workspace, 'results', 'aar.sarif'), 'utf8'), sarifRun.stdout);
      // A place it cannot be written: said, with the usage exit status, and nothing half written.
      write('blocked', 'a file, not a folder');
      const blocked = aar(['lint', '--format', 'json', '--sarif-file', 'blocked/aar.sarif', '--today', TODAY]);
      assert.equal(blocked.status, 2);
      assert.match(blocked.stderr, /Cannot write the SARIF file blocked\/aar\.sarif \(E(NOTDIR|EXIST)\)/);
    });

    it('escapes file names as URIs, and exits 0 when nothing is an error', () => {
      // Overdue on TODAY: a warning.
      write('reviews/q3 #1 50%.md', INCIDENT_REVIEW.replace('due:2026-11-30', 'due:2026-11-20'));
      const run = aar(['lint', '--format', 'sarif', '--today', TODAY]);
      assert.equal(run.status, 0, run.stderr);
      const uris = (JSON.parse(run.stdout) as SarifLog).runs[0].results.map((r) => r.locations[0].physicalLocation.artifactLocation.uri);
      assert.ok(uris.length > 0);
      for (const uri of uris) assert.equal(uri, 'reviews/q3%20%231%2050%25.md');
    });
  });

  describe('the problem matcher for VS Code tasks', () => {
    it('reads file, line, column, severity, message and rule back from the stylish output, as --format json has them', () => {
      const matchers = JSON.parse(readFileSync(join(root, 'resources', 'problem-matcher.json'), 'utf8')) as { name: string; owner: string; pattern: MatcherPattern[] }[];
      // What VS Code gets is package.json's copy: it must be this one.
      assert.deepEqual(JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).contributes.problemMatchers, matchers);
      const matcher = matchers.find((m) => m.name === 'aar');
      assert.ok(matcher, 'a matcher named aar');
      copyExamples();
      // A message quoting an action with quotes, a pipe and a colon still ends before its rule.
      write('reviews/odd.md', RELEASE_REVIEW.replace('Add a smoke test to the release pipeline', 'Add a "smoke" test | to the pipeline: 2:3 error'));
      const stylish = aar(['lint', '--today', TODAY]);
      const findings = JSON.parse(aar(['lint', '--format', 'json', '--today', TODAY]).stdout) as JsonFinding[];
      const matched = runProblemMatcher(matcher.pattern, stylish.stdout);
      assert.ok(findings.length > 10);
      assert.ok(findings.some((f) => f.severity === 'info') && findings.some((f) => f.severity === 'warning') && findings.some((f) => f.severity === 'error'));
      assert.deepEqual(
        matched,
        findings.map((f) => ({ file: f.file, line: f.line, column: f.column, severity: f.severity, message: f.message.replace(/\s*\r?\n\s*/g, ' '), code: f.rule })),
      );
    });
  });

  describe('aar actions', () => {
    it('lists every action as JSON: file, line, report, id, text, owner, due, status, overdue', () => {
      writeTeam();
      const actions = json<JsonAction[]>(['actions', '--format', 'json', '--today', TODAY]);
      const release = 'docs/reviews/2026-11-10-release-1-0.md';
      const lineOf = (needle: string) => RELEASE_REVIEW.split('\n').findIndex((l) => l.includes(needle)) + 1;
      assert.deepEqual(actions[0], {
        file: release,
        line: lineOf('Send the release notes'),
        report: 'Release 1.0 review',
        id: null,
        text: 'Send the release notes to support, two days ahead',
        owner: '@maya',
        due: '2026-11-20',
        status: 'open',
        overdue: true,
      });
      assert.deepEqual(
        actions.map((a) => [a.file, a.owner, a.due, a.status, a.overdue]),
        [
          [release, '@maya', '2026-11-20', 'open', true],
          [release, '@tom', '2026-11-15', 'done', false],
          [release, 'Maya Okafor', '2026-12-10', 'open', false],
          [release, null, '2026-12-01', 'open', false],
          // A date that does not exist has no due date to be late by.
          [release, '@tom', null, 'open', false],
          ['docs/reviews/2026-11-20-search-outage.md', '@tom', '2026-11-30', 'open', false],
        ],
      );
    });

    it('filters by --open, --overdue and --owner, who is the same person by handle or by roster name', () => {
      writeTeam();
      const texts = (args: string[]) => json<JsonAction[]>(['actions', '--format', 'json', '--today', TODAY, ...args]).map((a) => a.text);
      assert.equal(texts(['--open']).length, 5);
      assert.ok(!texts(['--open']).some((t) => t.includes('rollback')));
      assert.deepEqual(texts(['--overdue']), ['Send the release notes to support, two days ahead']);
      assert.deepEqual(texts(['--overdue', '--today', '2026-12-05']), [
        'Send the release notes to support, two days ahead',
        'Add a smoke test to the release pipeline',
        'Alert when more than 10% of searches return nothing',
      ]);
      const maya = ['Send the release notes to support, two days ahead', 'Split the deploy | verify steps in the pipeline'];
      assert.deepEqual(texts(['--owner', '@maya']), maya);
      assert.deepEqual(texts(['--owner', 'maya']), maya);
      assert.deepEqual(texts(['--owner', 'Maya Okafor']), maya);
      assert.deepEqual(texts(['--owner', 'tom', '--open']), ['Rotate the staging keys', 'Alert when more than 10% of searches return nothing']);
      assert.deepEqual(texts(['--owner', '@nobody-here']), []);
      const all = json<JsonAction[]>(['actions', '--format', 'json', '--today', TODAY]);
      const unowned = all.filter((a) => a.owner === null).map((a) => a.text);
      assert.ok(unowned.length > 0);
      assert.deepEqual(texts(['--unowned']), unowned);
      assert.deepEqual(texts(['--unowned', '--overdue']), [], 'the unowned action is not late');
      assert.equal(aar(['actions', '--unowned', '--owner', '@maya']).status, 2, '--owner and --unowned together is bad usage');
      assert.deepEqual(texts(['docs/reviews/2026-11-20-search-outage.md']), ['Alert when more than 10% of searches return nothing']);
    });

    it('writes CSV by RFC 4180: a header, quoted fields where needed, CRLF', () => {
      writeTeam();
      const run = aar(['actions', '--format', 'csv', '--today', TODAY]);
      assert.equal(run.status, 0);
      const [header, ...records] = parseCsv(run.stdout);
      assert.deepEqual(header, ['file', 'line', 'report', 'id', 'text', 'owner', 'due', 'status', 'overdue']);
      const asJson = json<JsonAction[]>(['actions', '--format', 'json', '--today', TODAY]);
      assert.deepEqual(
        records,
        asJson.map((a) => [a.file, String(a.line), a.report, a.id ?? '', a.text, a.owner ?? '', a.due ?? '', a.status, String(a.overdue)]),
      );
      assert.ok(run.stdout.includes('"Send the release notes to support, two days ahead"'), 'a comma makes a quoted field');
      assert.ok(run.stdout.includes('"Write the ""rollback"" runbook"'), 'quotes are doubled');
    });

    it('writes a GFM table with pipes escaped, and an aligned table for the terminal', () => {
      writeTeam();
      const md = aar(['actions', '--format', 'markdown', '--today', TODAY]);
      assert.equal(md.status, 0);
      const rows = md.stdout.trimEnd().split('\n');
      assert.equal(rows[0], '| File | Line | Action | Owner | Due | Status |');
      assert.equal(rows[1], '| --- | --- | --- | --- | --- | --- |');
      assert.equal(rows.length, 2 + 6);
      // Seven cell borders per row once escaped pipes are set aside.
      for (const row of rows) assert.equal(row.replace(/\\\|/g, '').split('|').length - 1, 7, row);
      assert.ok(md.stdout.includes('Split the deploy \\| verify steps'));
      assert.ok(md.stdout.includes('2026-13-45 (cannot be read)'));

      const table = aar(['actions', '--today', TODAY]);
      assert.equal(table.status, 0);
      const lines = table.stdout.split('\n');
      assert.match(lines[0], /^WHERE +OWNER +DUE +STATUS +ACTION$/);
      const ownerColumn = lines[0].indexOf('OWNER');
      const actionColumn = lines[0].indexOf('ACTION');
      const body = lines.slice(1, 7);
      for (const line of body) {
        assert.notEqual(line[ownerColumn - 1], undefined);
        assert.equal(line[ownerColumn - 1], ' ', line);
        assert.notEqual(line[ownerColumn], ' ', line);
        assert.notEqual(line[actionColumn], ' ', line);
      }
      assert.match(table.stdout, /docs\/reviews\/2026-11-10-release-1-0\.md:\d+ +@maya +2026-11-20 +open, overdue +Send the release notes/);
      assert.match(table.stdout, /\(nobody\) +2026-12-01 +open +Add a smoke test/);
      assert.match(table.stdout, /\n6 actions: 5 open, 1 overdue, 1 done or cancelled\.\n$/);
    });

    it('lists the same, in the same order, when worker threads read the reports', () => {
      write('.aar.yml', TEAM_CONFIG);
      for (let i = 0; i < 40; i++) {
        const owner = ['@maya', 'owner: Maya Okafor', '@tom', ''][i % 4];
        write(`reviews/${String(i).padStart(2, '0')}.md`, INCIDENT_REVIEW.replace('@tom due:2026-11-30', `${owner} due:2026-11-${10 + (i % 20)}`).replace('Search outage', `Outage ${i}`));
      }
      const withJobs = (jobs: string) => {
        const run = spawnSync(process.execPath, [cli, 'actions', '--format', 'json', '--owner', 'maya', '--today', TODAY, '--jobs', jobs], {
          cwd: workspace,
          encoding: 'utf8',
          timeout: 30_000,
          env: { ...process.env, AAR_DEBUG: 'workers' },
        });
        assert.equal(run.status, 0, run.stderr);
        return { actions: JSON.parse(run.stdout) as JsonAction[], stderr: run.stderr };
      };
      const single = withJobs('1');
      const parallel = withJobs('2');
      assert.match(single.stderr, /40 analysed in this thread/);
      assert.match(parallel.stderr, /40 analysed in this thread and 1 worker thread/);
      assert.equal(single.actions.length, 20, 'both ways of writing Maya');
      assert.deepEqual(parallel.actions, single.actions);
      assert.deepEqual(
        single.actions.map((a) => a.report),
        [...Array(40).keys()].filter((i) => i % 4 < 2).map((i) => `Outage ${i}`),
      );
    });

    it('says so when no action matches, and exits 0', () => {
      writeTeam();
      const run = aar(['actions', '--owner', 'someone-else']);
      assert.equal(run.status, 0);
      assert.equal(run.stdout, 'No actions match.\n');
    });
  });

  /** The team's reports in a real git repository, committed on 2026-11-01 and tagged v1.0.0 (the release review's milestone); returns git's HOME. */
  function teamRepository(): string {
    const home = `${workspace}-home`;
    mkdirSync(home);
    rmSync(join(workspace, '.git'), { recursive: true });
    writeTeam();
    git(workspace, ['init', '-q', '-b', 'main'], home);
    git(workspace, ['add', '.'], home);
    git(workspace, ['commit', '-q', '-m', 'Reviews'], home, '2026-11-01T10:00:00 +0000');
    git(workspace, ['tag', 'v1.0.0'], home);
    return home;
  }

  describe('aar reviews', () => {
    it('lists each report newest first, with status, date, milestone, problems as lint counts them, and open and overdue actions', () => {
      writeTeam();
      const reviews = json<JsonReview[]>(['reviews', '--format', 'json', '--today', TODAY]);
      assert.deepEqual(
        reviews.map((r) => [r.file, r.title, r.status, r.date, r.milestone, r.trigger, r.actions.open, r.actions.overdue]),
        [
          ['docs/reviews/2026-11-20-search-outage.md', 'Search outage', 'draft', '2026-11-20', null, 'incident', 1, 0],
          ['docs/reviews/2026-11-10-release-1-0.md', 'Release 1.0 review', 'in-review', '2026-11-10', 'v1.0.0', 'release', 4, 1],
        ],
      );
      const findings = JSON.parse(aar(['lint', '--format', 'json', '--today', TODAY]).stdout) as JsonFinding[];
      for (const review of reviews) {
        const counts = { error: 0, warning: 0, info: 0, hint: 0 };
        for (const f of findings) if (f.file === review.file) counts[f.severity]++;
        assert.deepEqual(review.problems, counts, review.file);
      }
      assert.ok(reviews[1].problems.error > 0);

      const table = aar(['reviews', '--today', TODAY]);
      assert.equal(table.status, 0);
      assert.match(table.stdout, /^FILE +DATE +STATUS +MILESTONE +PROBLEMS +OPEN +OVERDUE +TITLE\n/);
      assert.match(table.stdout, /2026-11-10-release-1-0\.md +2026-11-10 +in-review +v1\.0\.0 +\d+ errors?.* +4 +1 +Release 1\.0 review\n/);
    });

    it("leaves out the team's template, even kept among the reviews", () => {
      writeTeam();
      write('.aar.yml', read('.aar.yml').replace('template: .github/aar-template.md', 'template: docs/reviews/template.md'));
      write('docs/reviews/template.md', TEMPLATE);
      const files = json<JsonReview[]>(['reviews', '--format', 'json', '--today', TODAY]).map((r) => r.file);
      assert.deepEqual(files, ['docs/reviews/2026-11-20-search-outage.md', 'docs/reviews/2026-11-10-release-1-0.md']);
      const findings = JSON.parse(aar(['lint', '--format', 'json', '--today', TODAY]).stdout) as JsonFinding[];
      assert.ok(!findings.some((f) => f.file.endsWith('template.md')), 'not linted');
      // And new reviews are still made from it.
      const made = aar(['new', 'Release 2.6', '--date', '2026-11-26']);
      assert.equal(made.status, 0, made.stderr);
      assert.match(read(made.stdout.trim()), /^Team template\.$/m);
    });

    it('--due lists the tags matching the triggers that no report covers, newest first, from a real repository', () => {
      const home = teamRepository();
      git(workspace, ['tag', 'x-1'], home);
      write('notes.md', 'notes\n');
      git(workspace, ['add', '.'], home);
      git(workspace, ['commit', '-q', '-m', 'More'], home, '2026-11-21T09:30:00 +0100');
      git(workspace, ['tag', '-a', 'v1.1.0', '-m', 'Version 1.1.0'], home, '2026-11-22T16:00:00 +0100');
      git(workspace, ['tag', 'v0.9.0', 'HEAD~1'], home);

      const due = json<JsonDueRelease[]>(['reviews', '--due', '--format', 'json']);
      assert.deepEqual(due, [
        { tag: 'v1.1.0', date: '2026-11-22T16:00:00+01:00', trigger: 'release', pattern: 'v*' },
        { tag: 'v0.9.0', date: '2026-11-01T10:00:00+00:00', trigger: 'release', pattern: 'v*' },
      ]);
      // From a folder inside, reports anywhere in the repository count.
      assert.deepEqual(json<JsonDueRelease[]>(['reviews', '--due', '--format', 'json'], join(workspace, 'docs')), due);

      const table = aar(['reviews', '--due']);
      assert.equal(table.status, 0);
      assert.match(table.stdout, /^TAG +DATE +TRIGGER\nv1\.1\.0 +2026-11-22 +release\nv0\.9\.0 +2026-11-01 +release\n/);
      assert.ok(!/v1\.0\.0|x-1/.test(table.stdout));
      assert.match(table.stdout, /aar new 'Release v1\.1\.0' --trigger release --milestone v1\.1\.0/);
      // For CI: exit 1 while a release awaits its review.
      const strict = aar(['reviews', '--due', '--exit-code']);
      assert.equal(strict.status, 1);
      assert.equal(strict.stdout, table.stdout);
      assert.equal(aar(['reviews', '--exit-code']).status, 2, '--exit-code without --due is bad usage');

      // The review it suggests covers the release.
      assert.equal(aar(['new', 'Release v1.1.0', '--trigger', 'release', '--milestone', 'v1.1.0']).status, 0);
      assert.deepEqual(
        json<JsonDueRelease[]>(['reviews', '--due', '--format', 'json']).map((d) => d.tag),
        ['v0.9.0'],
      );
    });

    it('--due --exit-code exits 0 once every release has its review', () => {
      teamRepository();
      const run = aar(['reviews', '--due', '--exit-code']);
      assert.equal(run.status, 0, run.stdout);
      assert.match(run.stdout, /^No release awaits a review/);
    });

    it('--due outside a git repository is an error (exit 2)', () => {
      rmSync(join(workspace, '.git'), { recursive: true });
      write('.aar.yml', 'triggers: [{tags: "v*"}]\n');
      const run = aar(['reviews', '--due']);
      assert.equal(run.status, 2);
      assert.equal(run.stdout, '');
      assert.match(run.stderr, /--due reads the release tags of a git repository/);
    });
  });

  describe('aar new', () => {
    it("writes the team's template into the team's folder, and never overwrites: the same title again gets -2", () => {
      writeTeam();
      const first = aar(['new', 'Release 2.5: checkout', '--milestone', 'v2.5.0', '--date', '2026-11-26']);
      assert.equal(first.status, 0, first.stderr);
      assert.equal(first.stdout, 'docs/reviews/2026-11-26-release-2-5-checkout.md\n');
      const text = read('docs/reviews/2026-11-26-release-2-5-checkout.md');
      assert.match(text, /^title: "Release 2\.5: checkout"$/m);
      assert.match(text, /^date: 2026-11-26$/m);
      // The trigger of the tag pattern the milestone matches.
      assert.match(text, /^trigger: release$/m);
      assert.match(text, /^milestone: v2\.5\.0$/m);
      assert.match(text, /^delivery_owner: "@maya"$/m);
      assert.match(text, /^Team template\.$/m);
      const edited = `${text}\nNotes written since.\n`;
      write('docs/reviews/2026-11-26-release-2-5-checkout.md', edited);

      const second = aar(['new', 'Release 2.5: checkout', '--milestone', 'v2.5.0', '--date', '2026-11-26']);
      assert.equal(second.status, 0, second.stderr);
      assert.equal(second.stdout, 'docs/reviews/2026-11-26-release-2-5-checkout-2.md\n');
      assert.equal(read('docs/reviews/2026-11-26-release-2-5-checkout.md'), edited);
      assert.equal(aar(['new', 'Release 2.5: checkout', '--date', '2026-11-26']).stdout, 'docs/reviews/2026-11-26-release-2-5-checkout-3.md\n');
      // What it writes is a report the linter reads, with no broken front matter.
      const lint = JSON.parse(aar(['lint', '--format', 'json', 'docs/reviews/2026-11-26-release-2-5-checkout-2.md']).stdout) as JsonFinding[];
      assert.ok(!lint.some((f) => f.rule === 'front-matter'), JSON.stringify(lint));
    });

    it('puts the review in --dir, relative to the current folder, and refuses a --dir outside the repository', () => {
      writeTeam();
      mkdirSync(join(workspace, 'team-a'));
      const inside = aar(['new', 'Sprint 4 retro', '--dir', '../retros', '--trigger', 'incident', '--date', '2026-11-26'], join(workspace, 'team-a'));
      assert.equal(inside.status, 0, inside.stderr);
      assert.equal(inside.stdout, '../retros/2026-11-26-sprint-4-retro.md\n');
      assert.ok(existsSync(join(workspace, 'retros', '2026-11-26-sprint-4-retro.md')));

      // Beside the repository: the folder the suite's repositories are made in.
      const base = join(workspace, '..');
      for (const dir of ['../x', join(base, 'elsewhere')]) {
        const outside = aar(['new', 'Escape', '--dir', dir]);
        assert.equal(outside.status, 2, dir);
        assert.equal(outside.stdout, '');
        assert.match(outside.stderr, /--dir must be a folder inside/);
      }
      assert.ok(!existsSync(join(base, 'x')) && !existsSync(join(base, 'elsewhere')));
    });

    it('uses the built-in template and folder without .aar.yml, and warns about an unknown trigger', () => {
      const run = aar(['new', 'Payments outage', '--trigger', 'party', '--date', '2026-11-26']);
      assert.equal(run.status, 0);
      assert.equal(run.stdout, 'after-action-reports/2026-11-26-payments-outage.md\n');
      assert.match(read('after-action-reports/2026-11-26-payments-outage.md'), /^## Summary$/m);
      assert.match(run.stderr, /"party" is not one of the team's triggers/);
    });
  });

  describe('aar summary', () => {
    const report = 'docs/reviews/2026-11-10-release-1-0.md';

    it('prints the Markdown summary: actions by owner and the audiences of .aar.yml', () => {
      writeTeam();
      const run = aar(['summary', report, '--today', TODAY]);
      assert.equal(run.status, 0, run.stderr);
      assert.match(run.stdout, /^# Release 1\.0 review\n/);
      assert.match(run.stdout, /\| Maya Okafor \(@maya\) \| Send the release notes to support, two days ahead \| 2026-11-20 \| overdue by 5 days \|/);
      assert.match(run.stdout, /\| Support leads \| #support \| Tell customers when the fix ships\. \|/);
      assert.ok(!run.stdout.includes('.svg'), 'no chart file on stdout');
    });

    it('--out writes the Markdown and its SVG chart beside it, and refuses to overwrite them without --force', () => {
      writeTeam();
      const run = aar(['summary', report, '--out', 'out/release.md', '--today', TODAY]);
      assert.equal(run.status, 0, run.stderr);
      assert.equal(run.stdout, 'out/release.md\nout/release.svg\n');
      const md = read('out/release.md');
      const svg = read('out/release.svg');
      assert.match(md, /!\[Actions by owner[^\]]*\]\(release\.svg\)/);
      assert.match(svg, /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"[^>]*role="img"/);
      assert.match(svg, /<\/svg>\s*$/);

      write('out/release.md', 'kept\n');
      const again = aar(['summary', report, '--out', 'out/release.md', '--today', TODAY]);
      assert.equal(again.status, 2);
      assert.equal(again.stdout, '');
      assert.match(again.stderr, /out\/release\.md exists/);
      assert.equal(read('out/release.md'), 'kept\n');
      // The chart alone existing is refused too, and nothing is written.
      rmSync(join(workspace, 'out/release.md'));
      assert.equal(aar(['summary', report, '--out', 'out/release.md']).status, 2);
      assert.ok(!existsSync(join(workspace, 'out/release.md')));

      const forced = aar(['summary', report, '--out', 'out/release.md', '--force', '--today', TODAY]);
      assert.equal(forced.status, 0, forced.stderr);
      assert.equal(read('out/release.md'), md);
      assert.equal(aar(['summary', report, '--out', report, '--force']).status, 2, 'never over the report itself');
      assert.equal(read(report), RELEASE_REVIEW);
    });

    it('--format html (or an .html --out) is one self-contained page: the chart inline, no URL to fetch', () => {
      writeTeam();
      const run = aar(['summary', report, '--format', 'html', '--today', TODAY]);
      assert.equal(run.status, 0, run.stderr);
      assert.match(run.stdout, /^<!DOCTYPE html>/);
      assert.match(run.stdout, /<svg [^>]*role="img"/);
      assert.ok(!/https?:\/\//i.test(run.stdout), 'no http(s) URL');
      assert.ok(!/<(?:script|link|img)\b/i.test(run.stdout));
      const out = aar(['summary', report, '--out', 'release.html', '--today', TODAY]);
      assert.equal(out.status, 0);
      assert.equal(out.stdout, 'release.html\n');
      assert.equal(read('release.html'), run.stdout);
      assert.deepEqual(readdirSync(workspace).filter((f) => f.endsWith('.svg')), []);
    });
  });

  describe('help and usage', () => {
    it('aar --help lists every verb, and each verb has its own --help', () => {
      const help = aar(['--help']);
      assert.equal(help.status, 0);
      for (const verb of ['lint', 'actions', 'reviews', 'new', 'summary']) {
        assert.match(help.stdout, new RegExp(`^  aar ${verb} `, 'm'), verb);
        const own = aar([verb, '--help']);
        assert.equal(own.status, 0, verb);
        assert.match(own.stdout, new RegExp(`^Usage: aar ${verb} `), verb);
        assert.equal(own.stderr, '');
      }
      assert.match(aar(['actions', '--help']).stdout, /--format table\|json\|csv\|markdown/);
      assert.match(aar(['reviews', '--help']).stdout, /--due/);
      assert.match(aar(['new', '--help']).stdout, /--milestone M/);
      assert.match(aar(['summary', '--help']).stdout, /--out F/);
      assert.match(aar(['lint', '--help']).stdout, /--format stylish\|json\|sarif/);
    });

    const usageErrors: [string, string[], RegExp][] = [
      ['an unknown actions format', ['actions', '--format', 'xml'], /Unknown format "xml": use table, json, csv or markdown/],
      ['an unknown actions option', ['actions', '--mine'], /Unknown option "--mine"/],
      ['--owner without a value', ['actions', '--owner'], /--owner needs a value/],
      ['an impossible --today', ['actions', '--today', '2026-02-30'], /--today must be a real date/],
      ['a missing path', ['reviews', 'nowhere'], /No such file or folder: nowhere/],
      ['an unknown reviews format', ['reviews', '--format', 'csv'], /Unknown format "csv": use table or json/],
      ['aar new without a title', ['new'], /Give the review a title/],
      ['aar new with an unquoted title', ['new', 'Release', '2.5'], /Give one title, in quotes/],
      ['aar new with a bad --date', ['new', 'X', '--date', 'tomorrow'], /--date must be a real date/],
      ['aar summary without a file', ['summary'], /Which report\?/],
      ['aar summary of a folder', ['summary', '.'], /is a folder/],
      ['aar summary of a missing file', ['summary', 'nope.md'], /No such file or folder: nope\.md/],
      ['an unknown summary format', ['summary', 'x.md', '--format', 'pdf'], /Unknown format "pdf": use markdown or html/],
      ['an unknown lint format', ['lint', '--format', 'xml'], /Unknown format "xml": use stylish, json, sarif or github/],
    ];
    for (const [what, args, message] of usageErrors) {
      it(`exits 2 with a message and nothing on stdout for ${what}`, () => {
        const run = aar(args);
        assert.equal(run.status, 2);
        assert.match(run.stderr, message);
        assert.match(run.stderr, /aar --help/);
        assert.equal(run.stdout, '');
      });
    }
  });
});
