// Runs the suite in test/vscode/ in desktop VS Code (Electron) through @vscode/test-electron, for
// the lowest VS Code the extension supports (engines.vscode) and the current stable release: the
// same extension, the same dist-test/vscode/index.js and the same prepared copy of examples/ as
// scripts/test-vscode.mjs, which runs it in code-server instead.
//
//   node scripts/test-electron.mjs [--no-build] [--version 1.91.0 --version stable]
//
// For developers' laptops and public CI only: test-electron downloads VS Code from
// update.code.visualstudio.com into .vscode-test/ (cached there afterwards). Machines that reach
// only npm and Debian (this project's build machines) cannot do that; there it stops within
// seconds saying so, and `npm run test:vscode` is the way to run the suite. On Linux without a
// display, run it under a virtual one: `xvfb-run -a npm run test:electron`.
// Screenshots are not taken here (no harness watches; test/vscode/screenshots.ts returns at once).
import { downloadAndUnzipVSCode, runTests } from '@vscode/test-electron';
import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { repoRoot, writeUserSettings } from './code-server.mjs';
import {
  buildExtensionAndSuite,
  extensionDevelopmentPath,
  extensionTestsPath,
  prepareTestWorkspace,
  TEST_USER_SETTINGS,
} from './test-workspace.mjs';

const DEFAULT_VERSIONS = ['1.91.0', 'stable'];
const DOWNLOAD_IDLE_TIMEOUT_MS = 15_000;

const { values: options } = parseArgs({
  options: {
    'no-build': { type: 'boolean', default: false },
    version: { type: 'string', multiple: true, default: DEFAULT_VERSIONS },
  },
});
const log = (message) => process.stderr.write(`[test-electron] ${message}\n`);

process.exitCode = await main().catch((error) => {
  log(`FAILED: ${error.message}`);
  return 1;
});
process.exit(process.exitCode);

async function main() {
  if (!options['no-build']) buildExtensionAndSuite();
  const cachePath = path.join(repoRoot, '.vscode-test');
  const executables = new Map();
  for (const version of options.version) {
    try {
      executables.set(version, await downloadAndUnzipVSCode({ version, cachePath, timeout: DOWNLOAD_IDLE_TIMEOUT_MS }));
    } catch (error) {
      throw new Error(
        `could not get VS Code ${version}: ${error.message}\n` +
          'test-electron downloads VS Code from update.code.visualstudio.com, which this machine cannot reach. ' +
          'Run the same suite in code-server instead: npm run test:vscode',
      );
    }
  }
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
    throw new Error('no display for VS Code (Electron). Run it under a virtual one: xvfb-run -a npm run test:electron');
  }
  const failed = [];
  for (const [version, vscodeExecutablePath] of executables) {
    const { root, workspace } = prepareTestWorkspace();
    try {
      const userDataDir = path.join(root, 'user-data');
      writeUserSettings(userDataDir, TEST_USER_SETTINGS);
      mkdirSync(path.join(root, 'extensions'), { recursive: true });
      log(`VS Code ${version}: ${vscodeExecutablePath}`);
      const launchArgs = [
        workspace,
        '--disable-extensions',
        `--user-data-dir=${userDataDir}`,
        `--extensions-dir=${path.join(root, 'extensions')}`,
      ];
      // Electron refuses to run as root with its sandbox on (containers, CI images).
      if (process.getuid?.() === 0) launchArgs.push('--no-sandbox');
      const code = await runTests({
        vscodeExecutablePath,
        extensionDevelopmentPath,
        extensionTestsPath,
        launchArgs,
        // No harness answers screenshot requests here; Node drops undefined variables.
        extensionTestsEnv: { AAR_SCREENSHOT_DIR: undefined },
      }).catch((error) => {
        log(`VS Code ${version}: ${error.message}`);
        return 1;
      });
      if (code !== 0) failed.push(version);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  }
  if (failed.length) {
    log(`the suite failed in VS Code ${failed.join(', ')}`);
    return 1;
  }
  log(`the suite passed in VS Code ${options.version.join(', ')}`);
  return 0;
}
