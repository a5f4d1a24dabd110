// What the suite in test/vscode/ runs in, for both hosts (test-vscode.mjs, test-electron.mjs):
// the extension, the bundled suite, and a fresh copy of examples/ as the workspace.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { QUIET_USER_SETTINGS, repoRoot } from './code-server.mjs';

/**
 * "Today" for the language server in the test workspace (the hidden setting `aar.today`), so that
 * what is overdue does not depend on the day the tests run. Suites read it back with
 * `vscode.workspace.getConfiguration('aar').get('today')`.
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
  writeFileSync(settingsFile, JSON.stringify({ ...settings, 'aar.today': TEST_TODAY }, null, 2) + '\n');
  return { root, workspace };
}
