// The GitHub Action (action.yml): `aar lint` over the workspace with an annotation per finding, a
// job summary and outputs; a SARIF file for code scanning when asked; and, when asked, a gate on
// the release tags that await their review (`aar reviews --due`). It runs the CLI bundled beside
// it (action/dist/cli.js) in child processes, exactly as a user would, and reads its JSON: the
// Action adds only what a runner needs. Built by scripts/build-action.mjs; inputs arrive as
// INPUT_<NAME> variables, and results leave through workflow commands and the runner's files.
import { spawnSync } from 'node:child_process';
import { appendFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { JsonFinding } from '../../server/src/cli/format';
import { annotation, workflowCommand } from '../../server/src/cli/github';
import type { JsonDueRelease } from '../../server/src/cli/reviews';
import type { Severity } from '../../server/src/core/types';
import { plural } from '../../server/src/core/words';

const SEVERITIES: Severity[] = ['error', 'warning', 'info', 'hint'];
const FAIL_ON = [...SEVERITIES, 'never'] as const;
const REVIEWS_DUE = ['off', 'warn', 'fail'] as const;
/** Rows of the job summary's table of problems: the summary is for reading, the log and SARIF have them all. */
const SUMMARY_ROWS = 100;

class InputError extends Error {}

/** An input as the runner hands it: `INPUT_` and the name upper-cased, spaces as `_`, dashes kept. */
function input(name: string): string {
  return (process.env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] ?? '').trim();
}

function oneOf<T extends string>(name: string, allowed: readonly T[], fallback: T): T {
  const value = input(name) || fallback;
  if (!(allowed as readonly string[]).includes(value)) throw new InputError(`Input ${name} must be ${allowed.join(', ')}, not "${value}".`);
  return value as T;
}

interface CliRun {
  status: number;
  stdout: string;
  stderr: string;
}

/** The bundled CLI in the workspace; its warnings go to the log as they are. */
function aar(args: string[], cwd: string): CliRun {
  const run = spawnSync(process.execPath, [join(__dirname, 'cli.js'), ...args], {
    cwd,
    encoding: 'utf8',
    // The JSON of a large repository's findings runs to megabytes.
    maxBuffer: 1024 ** 3,
    env: { ...process.env, NO_COLOR: '1' },
  });
  if (run.error) throw run.error;
  process.stderr.write(run.stderr);
  return { status: run.status ?? 2, stdout: run.stdout, stderr: run.stderr };
}

/** Fails the step, saying why in the log and on the run's page. */
function failed(message: string): void {
  process.stdout.write(`${workflowCommand('error', {}, message)}\n`);
  process.exitCode = 1;
}

function setOutputs(outputs: Record<string, string | number>): void {
  const file = process.env.GITHUB_OUTPUT;
  if (!file) return;
  // Every value is one line (counts, a path, a JSON array of tags): `name=value` needs no delimiter.
  appendFileSync(file, Object.entries(outputs).map(([name, value]) => `${name}=${value}\n`).join(''));
}

/** Text for a cell of a Markdown table that GitHub renders: no HTML, no column breaks, one line. */
function cell(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\|/g, '\\|').replace(/\s*\r?\n\s*/g, ' ');
}

/** A link to the line on GitHub when the run says which commit it checked, else the place as text. */
function where(f: JsonFinding): string {
  const { GITHUB_SERVER_URL: server, GITHUB_REPOSITORY: repository, GITHUB_SHA: sha } = process.env;
  const text = `${cell(f.file)}:${f.line}`;
  if (!server || !repository || !sha) return text;
  return `[${text}](${server}/${repository}/blob/${sha}/${f.file.split('/').map(encodeURIComponent).join('/')}#L${f.line})`;
}

function countsText(counts: Record<Severity, number>): string {
  const parts = [plural(counts.error, 'error'), plural(counts.warning, 'warning'), plural(counts.info, 'info')];
  if (counts.hint) parts.push(plural(counts.hint, 'hint'));
  return parts.join(', ');
}

function lintSummary(findings: JsonFinding[], counts: Record<Severity, number>): string {
  if (!findings.length) return '### After Action Reports: no problems\n\n';
  const rows = findings
    .slice(0, SUMMARY_ROWS)
    .map((f) => `| ${where(f)} | ${f.severity} | ${cell(f.message)} | \`${f.rule}\` |`)
    .join('\n');
  const more = findings.length > SUMMARY_ROWS ? `\n\n…and ${findings.length - SUMMARY_ROWS} more: the log and \`aar lint\` list them all.` : '';
  return `### After Action Reports: ${countsText(counts)}\n\n| Where | Severity | Problem | Rule |\n| --- | --- | --- | --- |\n${rows}${more}\n\n`;
}

function dueSummary(due: JsonDueRelease[]): string {
  if (!due.length) return '### Releases awaiting a review: none\n\nEvery release tag that the team\'s triggers name has a report.\n\n';
  const rows = due.map((d) => `| ${cell(d.tag)} | ${d.date?.slice(0, 10) ?? ''} | ${cell(d.trigger)} |`).join('\n');
  const first = due[0];
  return `### Releases awaiting a review: ${due.length}\n\n| Tag | Tagged | Trigger |\n| --- | --- | --- |\n${rows}\n\nStart one with \`aar new "Release ${first.tag}" --milestone ${first.tag}\`.\n\n`;
}

function run(): void {
  const failOn = oneOf('fail-on', FAIL_ON, 'error');
  const reviewsDue = oneOf('reviews-due', REVIEWS_DUE, 'off');
  const today = input('today');
  const config = input('config');
  const sarifFile = input('sarif-file');
  const paths = input('paths')
    .split(/\r?\n/)
    .map((p) => p.trim())
    .filter(Boolean);
  const workspace = process.env.GITHUB_WORKSPACE ?? process.cwd();
  const reading = [...(config ? ['--config', config] : []), ...(today ? ['--today', today] : [])];
  // After `--`, a path that starts with a dash is still a path.
  const targets = ['--', ...(paths.length ? paths : ['.'])];

  // One run for the annotations and the SARIF file: the reports are checked once.
  const sarifPath = sarifFile ? resolve(workspace, sarifFile) : undefined;
  const lint = aar(['lint', '--format', 'json', ...(sarifPath ? ['--sarif-file', sarifPath] : []), ...reading, ...targets], workspace);
  if (lint.status > 1) return failed(`aar lint could not check the reports: ${lint.stderr.trim().split('\n')[0] || `exit status ${lint.status}`}`);
  const findings = JSON.parse(lint.stdout) as JsonFinding[];
  const counts: Record<Severity, number> = { error: 0, warning: 0, info: 0, hint: 0 };
  for (const f of findings) {
    counts[f.severity]++;
    process.stdout.write(`${annotation(f)}\n`);
  }
  process.stdout.write(findings.length ? `aar lint: ${countsText(counts)}.\n` : 'aar lint: no problems.\n');
  let summary = lintSummary(findings, counts);
  const outputs: Record<string, string | number> = { errors: counts.error, warnings: counts.warning, infos: counts.info, hints: counts.hint, problems: findings.length };

  if (sarifPath) outputs['sarif-file'] = sarifPath;

  let due: JsonDueRelease[] = [];
  if (reviewsDue !== 'off') {
    const listed = aar(['reviews', '--due', '--format', 'json', ...reading, ...targets], workspace);
    if (listed.status > 1) {
      // Outside a git repository there are no tags to read: a gate that cannot look has failed.
      const why = `aar reviews --due could not read the releases: ${listed.stderr.trim().split('\n')[0]}`;
      if (reviewsDue === 'fail') failed(why);
      else process.stdout.write(`${workflowCommand('warning', {}, why)}\n`);
    } else {
      due = JSON.parse(listed.stdout) as JsonDueRelease[];
      for (const d of due) {
        const message = `Release ${d.tag} awaits its After Action Review: no report names it as its milestone (trigger ${d.trigger}, tags ${d.pattern}).`;
        process.stdout.write(`${workflowCommand(reviewsDue === 'fail' ? 'error' : 'warning', { title: 'aar reviews --due' }, message)}\n`);
      }
      outputs['releases-due'] = JSON.stringify(due.map((d) => d.tag));
      summary += dueSummary(due);
    }
  }

  if (process.env.GITHUB_STEP_SUMMARY) appendFileSync(process.env.GITHUB_STEP_SUMMARY, summary);
  setOutputs(outputs);

  const worst = failOn === 'never' ? [] : SEVERITIES.slice(0, SEVERITIES.indexOf(failOn) + 1).filter((s) => counts[s] > 0);
  if (worst.length) failed(`aar lint found ${worst.map((s) => plural(counts[s], s)).join(', ')} (fail-on: ${failOn}).`);
  if (reviewsDue === 'fail' && due.length) failed(`${plural(due.length, 'release')} ${due.length === 1 ? 'awaits its' : 'await their'} After Action Review (reviews-due: fail).`);
}

try {
  run();
} catch (e) {
  failed(e instanceof InputError ? e.message : `The After Action Reports action stopped: ${(e as Error).stack ?? e}`);
}
