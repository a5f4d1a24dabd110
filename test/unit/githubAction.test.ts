// The GitHub Action (action.yml) as a runner runs it: its entry, freshly built, started with
// `node` in a checked-out workspace, every input as an INPUT_<NAME> variable (action.yml's default
// where the workflow gives none) and the runner's files for outputs and the job summary. What the
// runner would show (annotations, outputs, summary, SARIF file, step status) is read back.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import type { JsonFinding } from '../../server/src/cli/format';
import { root } from './helpers/cliWorkspace';
import { git } from './helpers/git';
import { readOutputsFile, workflowCommands } from './helpers/workflowCommands';

const TODAY = '2026-11-25';

interface ActionManifest {
  inputs: Record<string, { default?: string }>;
  outputs: Record<string, { description: string }>;
  runs: { using: string; main: string };
}

const manifest = parse(readFileSync(join(root, 'action.yml'), 'utf8')) as ActionManifest;

describe('the GitHub Action (action.yml)', function () {
  this.timeout(120_000);
  let base = '';
  let built = '';
  let n = 0;

  before(() => {
    base = mkdtempSync(join(tmpdir(), 'aar-action-'));
    built = join(base, 'action');
    execFileSync(process.execPath, ['scripts/build-action.mjs', '--out', built], { cwd: root, stdio: 'inherit' });
    execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: root, stdio: 'inherit' });
  });

  after(() => {
    if (base) rmSync(base, { recursive: true, force: true });
  });

  /** A workspace as actions/checkout leaves it: the example reports in a git repository with release tags. */
  function checkout(): string {
    const workspace = join(base, `workspace-${++n}`);
    cpSync(join(root, 'examples'), workspace, { recursive: true });
    const home = join(base, 'home');
    mkdirSync(home, { recursive: true });
    git(workspace, ['init', '-q', '-b', 'main'], home);
    git(workspace, ['add', '.'], home);
    git(workspace, ['commit', '-q', '-m', 'Reports'], home, '2026-10-14T12:00:00 +0000');
    // Release 2.4's review names v2.4.0; nothing covers v2.5.0.
    git(workspace, ['tag', 'v2.4.0'], home);
    git(workspace, ['tag', '-a', 'v2.5.0', '-m', 'Version 2.5.0'], home, '2026-11-20T09:00:00 +0000');
    return workspace;
  }

  /** The step, as the runner starts it: node on the entry, in the workspace, with the inputs and the runner's files. */
  function runStep(workspace: string, inputs: Record<string, string>) {
    const runnerTemp = join(workspace, '..', `runner-temp-${n}`);
    mkdirSync(runnerTemp, { recursive: true });
    const outputFile = join(runnerTemp, 'output');
    const summaryFile = join(runnerTemp, 'summary');
    writeFileSync(outputFile, '');
    writeFileSync(summaryFile, '');
    const env: Record<string, string> = {
      PATH: process.env.PATH ?? '',
      HOME: join(base, 'home'),
      CI: 'true',
      GITHUB_ACTIONS: 'true',
      GITHUB_WORKSPACE: workspace,
      GITHUB_OUTPUT: outputFile,
      GITHUB_STEP_SUMMARY: summaryFile,
      GITHUB_SERVER_URL: 'https://github.com',
      GITHUB_REPOSITORY: 'acme/payments',
      GITHUB_SHA: 'f00d',
      RUNNER_TEMP: runnerTemp,
    };
    for (const [name, spec] of Object.entries(manifest.inputs)) env[`INPUT_${name.toUpperCase()}`] = inputs[name] ?? spec.default ?? '';
    for (const name of Object.keys(inputs)) assert.ok(name in manifest.inputs, `action.yml declares the input ${name}`);
    const step = spawnSync(process.execPath, [join(built, 'index.js')], { cwd: workspace, env, encoding: 'utf8', timeout: 60_000 });
    assert.equal(step.signal, null, 'the step hung');
    return { status: step.status, log: step.stdout, stderr: step.stderr, outputs: readOutputsFile(outputFile), summary: readFileSync(summaryFile, 'utf8') };
  }

  /** What `aar lint --format json` finds in the workspace: what the step must annotate. */
  function findingsIn(workspace: string): JsonFinding[] {
    const lint = spawnSync(process.execPath, [join(root, 'dist', 'cli.js'), 'lint', '--format', 'json', '--today', TODAY], { cwd: workspace, encoding: 'utf8' });
    return JSON.parse(lint.stdout) as JsonFinding[];
  }

  it('annotates every finding, writes SARIF, outputs and a summary, warns of releases awaiting a review, and fails on errors', () => {
    const workspace = checkout();
    const findings = findingsIn(workspace);
    const step = runStep(workspace, { 'sarif-file': 'results/aar.sarif', 'reviews-due': 'warn', today: TODAY });
    assert.equal(step.status, 1, 'errors fail the step (fail-on: error)');

    const commands = workflowCommands(step.log);
    const kind = { error: 'error', warning: 'warning', info: 'notice', hint: 'notice' } as const;
    assert.deepEqual(
      commands.filter((c) => c.properties.file).map((c) => [c.command, c.properties.file, Number(c.properties.line), Number(c.properties.col), c.properties.title, c.message]),
      findings.map((f) => [kind[f.severity], f.file, f.line, f.column, `aar ${f.rule}`, f.message]),
    );
    const count = (severity: string) => findings.filter((f) => f.severity === severity).length;
    assert.ok(count('error') > 0 && count('warning') > 0 && count('info') > 0);
    assert.deepEqual(
      commands.filter((c) => !c.properties.file),
      [
        {
          command: 'warning',
          properties: { title: 'aar reviews --due' },
          message: 'Release v2.5.0 awaits its After Action Review: no report names it as its milestone (trigger release, tags v*).',
        },
        { command: 'error', properties: {}, message: `aar lint found ${count('error')} errors (fail-on: error).` },
      ],
    );

    const sarifFile = join(workspace, 'results', 'aar.sarif');
    assert.deepEqual(step.outputs, {
      errors: String(count('error')),
      warnings: String(count('warning')),
      infos: String(count('info')),
      hints: String(count('hint')),
      problems: String(findings.length),
      'sarif-file': sarifFile,
      'releases-due': '["v2.5.0"]',
    });
    for (const name of Object.keys(step.outputs)) assert.ok(name in manifest.outputs, `action.yml declares the output ${name}`);

    const sarif = JSON.parse(readFileSync(sarifFile, 'utf8')) as { version: string; runs: { results: { ruleId: string; locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }[] }[] };
    assert.equal(sarif.version, '2.1.0');
    assert.deepEqual(
      sarif.runs[0].results.map((r) => [r.ruleId, r.locations[0].physicalLocation.artifactLocation.uri]),
      findings.map((f) => [f.rule, f.file]),
    );

    assert.match(step.summary, new RegExp(`^### After Action Reports: ${count('error')} errors, ${count('warning')} warnings, ${count('info')} infos\n`));
    const unowned = findings.find((f) => f.rule === 'action-missing-owner')!;
    assert.ok(
      step.summary.includes(`| [${unowned.file}:${unowned.line}](https://github.com/acme/payments/blob/f00d/${unowned.file}#L${unowned.line}) | error | ${unowned.message} | \`action-missing-owner\` |`),
      'a row links to the line on GitHub',
    );
    assert.match(step.summary, /### Releases awaiting a review: 1\n\n\| Tag \| Tagged \| Trigger \|\n\| --- \| --- \| --- \|\n\| v2\.5\.0 \| 2026-11-20 \| release \|\n/);
  });

  it('passes with fail-on never; reviews-due fail then fails the step for the release awaiting its review', () => {
    const workspace = checkout();
    const lenient = runStep(workspace, { 'fail-on': 'never', today: TODAY });
    assert.equal(lenient.status, 0, lenient.log);
    assert.equal(lenient.outputs['sarif-file'], undefined, 'no SARIF unless asked');
    assert.equal(lenient.outputs['releases-due'], undefined, 'releases not looked at unless asked');

    const gated = runStep(workspace, { 'fail-on': 'never', 'reviews-due': 'fail', today: TODAY });
    assert.equal(gated.status, 1);
    const errors = workflowCommands(gated.log).filter((c) => c.command === 'error' && !c.properties.file);
    assert.deepEqual(
      errors.map((c) => c.message),
      [
        'Release v2.5.0 awaits its After Action Review: no report names it as its milestone (trigger release, tags v*).',
        '1 release awaits its After Action Review (reviews-due: fail).',
      ],
    );
  });

  it('passes a clean report with a summary that says so, checking only the paths given', () => {
    const workspace = checkout();
    const step = runStep(workspace, { paths: 'after-action-reports/2026-10-14-release-2.4.md\n', 'fail-on': 'hint', 'reviews-due': 'fail', today: TODAY });
    assert.equal(step.status, 1, 'v2.5.0 still awaits its review');
    assert.deepEqual(workflowCommands(step.log).filter((c) => c.properties.file), []);
    assert.equal(step.outputs.problems, '0');
    assert.match(step.summary, /^### After Action Reports: no problems\n/);

    writeFileSync(join(workspace, 'after-action-reports', '2026-11-21-release-2.5.md'), readFileSync(join(workspace, 'after-action-reports', '2026-10-14-release-2.4.md'), 'utf8').replace('milestone: v2.4.0', 'milestone: v2.5.0'));
    const covered = runStep(workspace, { paths: 'after-action-reports/2026-10-14-release-2.4.md\nafter-action-reports/2026-11-21-release-2.5.md', 'fail-on': 'hint', 'reviews-due': 'fail', today: TODAY });
    assert.equal(covered.status, 0, covered.log);
    assert.equal(covered.outputs['releases-due'], '[]');
    assert.match(covered.summary, /### Releases awaiting a review: none\n/);
  });

  it('fails at once, saying what it takes, on an input it does not know', () => {
    const step = runStep(checkout(), { 'fail-on': 'sometimes' });
    assert.equal(step.status, 1);
    assert.equal(step.log, '::error::Input fail-on must be error, warning, info, hint, never, not "sometimes".\n');
    assert.deepEqual(step.outputs, {});
  });

  it('fails when aar cannot run, with its reason: a configuration file that is not there', () => {
    const step = runStep(checkout(), { config: 'missing.yml' });
    assert.equal(step.status, 1);
    assert.deepEqual(workflowCommands(step.log), [{ command: 'error', properties: {}, message: 'aar lint could not check the reports: aar: Configuration file not found: missing.yml' }]);
  });

  it('runs on a current runtime what the repository holds: action/dist is committed and what npm run build:action makes now', () => {
    assert.match(manifest.runs.using, /^node(2[4-9]|[3-9]\d)$/);
    assert.equal(manifest.runs.main, 'action/dist/index.js');
    const tracked = execFileSync('git', ['ls-files', 'action/dist'], { cwd: root, encoding: 'utf8' }).trim().split('\n').sort();
    assert.deepEqual(tracked, ['action/dist/cli.js', 'action/dist/index.js'], 'the runner gets only what git holds');
    for (const file of ['index.js', 'cli.js']) {
      assert.ok(existsSync(join(root, 'action', 'dist', file)));
      assert.ok(
        readFileSync(join(root, 'action', 'dist', file)).equals(readFileSync(join(built, file))),
        `action/dist/${file} is out of date: run npm run build:action and commit action/dist/`,
      );
    }
    // On a clean clone (CI), the build just made action/dist again: what was committed must be the same.
    if (process.env.CI) {
      const changed = execFileSync('git', ['status', '--porcelain', '--', 'action/dist'], { cwd: root, encoding: 'utf8' }).trim();
      assert.equal(changed, '', 'the committed action/dist is out of date: run npm run build and commit action/dist/');
    }
  });
});
