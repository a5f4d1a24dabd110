// Runs the web suite (test/web/) in VS Code's web worker extension host: code-server's browser
// workbench in headless Chromium, with the user setting `remote.extensionKind` making the extension
// (which has both `main` and `browser`) run as a web extension, as in vscode.dev: no Node, the
// language server in a web worker, files read through VS Code. The suite's exit code is this
// script's. See test-vscode.mjs for the Node extension host, and what both need installed.
//
//   node scripts/test-web.mjs [--no-build] [--timeout SECONDS]
import { rmSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { launchChromium, requireChromium, VIEWPORT } from './browser.mjs';
import { ensureCodeServer, repoRoot, startCodeServer, writeUserSettings } from './code-server.mjs';
import { buildExtensionAndSuite, extensionDevelopmentPath, prepareTestWorkspace, TEST_USER_SETTINGS } from './test-workspace.mjs';

const EXTENSION_ID = 'after-action-reports.after-action-reports';
// As in test/web/index.ts.
const CONSOLE_TAG = '@@aar-test@@';
// Inside the extension's folder, or the workbench runs it in the Node host.
const extensionTestsPath = path.join(repoRoot, 'dist-test', 'web', 'index.js');

const { values: options } = parseArgs({
  options: {
    'no-build': { type: 'boolean', default: false },
    timeout: { type: 'string', default: process.env.AAR_TEST_TIMEOUT || '300' },
  },
});
const timeoutMs = Number(options.timeout) * 1000;
const verbose = Boolean(process.env.AAR_VERBOSE);
const log = (message) => process.stderr.write(`[test-web] ${message}\n`);
const started = Date.now();

process.exitCode = await main().catch((error) => {
  log(`FAILED: ${error.message}`);
  return 1;
});
log(`${process.exitCode === 0 ? 'passed' : 'FAILED'} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
process.exit(process.exitCode);

async function main() {
  requireChromium();
  if (!options['no-build']) buildExtensionAndSuite();
  ensureCodeServer();
  const { root, workspace } = prepareTestWorkspace();
  const userDataDir = path.join(root, 'user-data');
  // The payload's `extensionDevelopmentKind` has no effect in this workbench; this setting does.
  writeUserSettings(userDataDir, { ...TEST_USER_SETTINGS, 'remote.extensionKind': { [EXTENSION_ID]: ['web'] } });
  const windowLog = [];
  let server;
  let browser;
  try {
    server = await startCodeServer({ userDataDir, extensionsDir: path.join(root, 'extensions'), folder: workspace, extensionDevelopmentPath, extensionTestsPath });
    browser = await launchChromium();
    const page = await browser.newPage({ viewport: VIEWPORT });
    let reportExit;
    const outcome = new Promise((resolve, reject) => {
      reportExit = resolve;
      page.on('crash', () => reject(new Error('the browser page crashed')));
    });
    await page.exposeFunction('codeAutomationExit', (code) => reportExit(typeof code === 'number' ? code : 1));
    await page.exposeFunction('codeAutomationLog', (level, message) => {
      const text = String(message);
      if (text.startsWith(CONSOLE_TAG)) process.stdout.write(`${text.slice(CONSOLE_TAG.length)}\n`);
      else if (verbose) process.stderr.write(`[window ${level}] ${text}\n`);
      else if (windowLog.push(`[${level}] ${text}`) > 300) windowLog.shift();
    });
    await page.goto(server.url);
    let timer;
    const timeout = new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(`timed out after ${options.timeout} s: the suite did not report an exit code`)), timeoutMs);
    });
    const code = await Promise.race([outcome, timeout]).finally(() => clearTimeout(timer));
    if (code !== 0) process.stderr.write(`--- VS Code window log (last lines) ---\n${windowLog.slice(-60).join('\n')}\n---\n`);
    return code;
  } catch (error) {
    process.stderr.write(`--- VS Code window log (last lines) ---\n${windowLog.slice(-60).join('\n')}\n---\n`);
    throw error;
  } finally {
    await browser?.close().catch(() => undefined);
    await server?.stop();
    rmSync(root, { recursive: true, force: true });
  }
}
