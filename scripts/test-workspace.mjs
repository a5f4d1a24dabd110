// What the suite in test/vscode/ runs in, for both hosts (test-vscode.mjs, test-electron.mjs):
// the extension, the bundled suite, and a fresh copy of examples/ as the workspace.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { QUIET_USER_SETTINGS, repoRoot } from './code-server.mjs';

/**
 * "Today" for the language server in the test workspace (the hidden setting
 * `afterActionReports.today`), so that what is overdue does not depend on the day the tests run.
 * Suites read it back with `vscode.workspace.getConfiguration('afterActionReports').get('today')`.
 */
export const TEST_TODAY = '2026-11-26';

/** User settings for the test window: quiet, and without the workspace's .vscode/ in the pictures. */
export const TEST_USER_SETTINGS = { ...QUIET_USER_SETTINGS, 'files.exclude': { '**/.git': true, '**/.vscode': true } };

export const extensionDevelopmentPath = repoRoot;
export const extensionTestsPath = path.join(repoRoot, 'dist-test', 'vscode', 'index.js');

/** Bundles the extension, the language server and the suite (scripts/build.mjs --tests). */
export function buildExtensionAndSuite() {
  const build = spawnSync(process.execPath, [path.join(repoRoot, 'scripts', 'build.mjs'), '--tests'], { cwd: repoRoot, stdio: 'inherit' });
  if (build.status !== 0) throw new Error(`build failed (exit ${build.status})`);
  if (!existsSync(extensionTestsPath)) throw new Error(`the build wrote no ${path.relative(repoRoot, extensionTestsPath)}`);
}

/**
 * Copies examples/ into a new temporary folder (tests may edit reports; the examples stay as they
 * are) and pins the date there. Returns `{ root, workspace }`: `root` is the temporary folder to
 * delete afterwards, `workspace` the folder to open.
 */
export function prepareTestWorkspace() {
  const root = mkdtempSync(path.join(os.tmpdir(), 'aar-vscode-test-'));
  const workspace = path.join(root, 'workspace');
  cpSync(path.join(repoRoot, 'examples'), workspace, { recursive: true });
  const settingsFile = path.join(workspace, '.vscode', 'settings.json');
  const settings = existsSync(settingsFile) ? JSON.parse(readFileSync(settingsFile, 'utf8')) : {};
  mkdirSync(path.dirname(settingsFile), { recursive: true });
  writeFileSync(settingsFile, JSON.stringify({ ...settings, 'afterActionReports.today': TEST_TODAY }, null, 2) + '\n');
  makeReleaseHistory(workspace);
  return { root, workspace };
}

/**
 * Makes the workspace a git repository with release tags, for the Reviews Due view: v2.4.0 is
 * covered by the release report's milestone, v2.5.0 by the review a test creates, v2.6.0 by none;
 * `nightly-1` matches no trigger. Dates are fixed, so "tagged 3 days ago" holds on TEST_TODAY.
 * (The tests run git; the extension never does: it reads .git itself.)
 */
function makeReleaseHistory(workspace) {
  const git = (args, date) => {
    const env = { ...process.env, GIT_AUTHOR_NAME: 'Test', GIT_AUTHOR_EMAIL: 'test@example.com', GIT_COMMITTER_NAME: 'Test', GIT_COMMITTER_EMAIL: 'test@example.com' };
    if (date) Object.assign(env, { GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date });
    const run = spawnSync('git', ['-c', 'init.defaultBranch=main', '-c', 'commit.gpgsign=false', '-c', 'tag.gpgsign=false', ...args], { cwd: workspace, env, encoding: 'utf8' });
    if (run.error || run.status !== 0) throw new Error(`git ${args.join(' ')} failed: ${run.error?.message ?? run.stderr}`);
  };
  git(['init', '-q']);
  git(['add', '-A']);
  git(['commit', '-q', '-m', 'Release 2.4'], '2026-10-13T12:00:00Z');
  git(['tag', 'v2.4.0'], '2026-10-13T12:00:00Z');
  git(['commit', '-q', '--allow-empty', '-m', 'Release 2.5'], '2026-11-20T12:00:00Z');
  git(['tag', 'v2.5.0'], '2026-11-20T12:00:00Z');
  git(['tag', 'nightly-1'], '2026-11-20T12:00:00Z');
  git(['commit', '-q', '--allow-empty', '-m', 'Release 2.6'], '2026-11-23T12:00:00Z');
  git(['tag', '-a', 'v2.6.0', '-m', 'Release 2.6'], '2026-11-23T12:00:00Z');
}
