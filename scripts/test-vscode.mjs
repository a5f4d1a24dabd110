// Runs the suite in test/vscode/ inside a real VS Code: code-server (VS Code 1.99.3's workbench and
// Node extension host, installed on demand from npm) in headless Chromium. The workbench loads the
// extension from this folder and the suite from dist-test/vscode/index.js (the `payload` query
// parameter), relays the extension host's console here (mocha's report), and reports the suite's
// exit code, which becomes this script's.
//
//   node scripts/test-vscode.mjs [--no-build] [--screenshots DIR] [--timeout SECONDS]
//
// --screenshots (or AAR_SCREENSHOT_DIR) is where the pictures the suite asks for go (see
// test/vscode/screenshots.ts); by default .vscode-test/screenshots/test-vscode/, emptied first.
// `npm run screenshots` points it at docs/images/ for the README.
// Needs Debian's chromium (CHROMIUM_PATH overrides); code-server installs itself on first use.
// AAR_VERBOSE=1 also prints code-server's output and the page's errors.
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { launchChromium, requireChromium, VIEWPORT } from './browser.mjs';
import { ensureCodeServer, repoRoot, startCodeServer, writeUserSettings } from './code-server.mjs';
import {
  buildExtensionAndSuite,
  extensionDevelopmentPath,
  extensionTestsPath,
  prepareTestWorkspace,
  TEST_USER_SETTINGS,
} from './test-workspace.mjs';

const SCREENSHOT_REQUEST_SUFFIX = '.screenshot-request'; // as in test/vscode/screenshots.ts
const KEYS_REQUEST_SUFFIX = '.keys-request'; // as in test/vscode/screenshots.ts
const TEXT_REQUEST_SUFFIX = '.text-request'; // as in test/vscode/screenshots.ts
// Marks the suite's console lines in the window's log (see tagConsole in test/vscode/index.ts).
const CONSOLE_TAG = '@@aar-test@@';
const defaultScreenshotDir = path.join(repoRoot, '.vscode-test', 'screenshots', 'test-vscode');

const { values: options } = parseArgs({
  options: {
    'no-build': { type: 'boolean', default: false },
    screenshots: { type: 'string', default: process.env.AAR_SCREENSHOT_DIR || defaultScreenshotDir },
    timeout: { type: 'string', default: process.env.AAR_TEST_TIMEOUT || '300' },
  },
});
const timeoutMs = Number(options.timeout) * 1000;
if (!(timeoutMs > 0)) throw new Error(`--timeout takes a number of seconds, not ${options.timeout}`);
const verbose = Boolean(process.env.AAR_VERBOSE);
const log = (message) => process.stderr.write(`[test-vscode] ${message}\n`);
const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`;
const started = Date.now();

process.exitCode = await main().catch((error) => {
  log(`FAILED: ${error.message}`);
  return 1;
});
log(`${process.exitCode === 0 ? 'passed' : 'FAILED'} in ${seconds(Date.now() - started)}`);
// Playwright and code-server may leave handles open; the outcome is decided.
process.exit(process.exitCode);

async function main() {
  // Check the browser first: no point installing code-server for a run that cannot happen.
  requireChromium();
  if (!options['no-build']) buildExtensionAndSuite();
  try {
    ensureCodeServer();
  } catch (error) {
    throw new Error(`code-server (the VS Code these tests run in) could not be installed: ${error.message}`);
  }

  const screenshotDir = path.resolve(options.screenshots);
  if (screenshotDir === defaultScreenshotDir) rmSync(screenshotDir, { recursive: true, force: true });
  mkdirSync(screenshotDir, { recursive: true });
  removeScreenshotRequests(screenshotDir);

  const { root, workspace } = prepareTestWorkspace();
  const userDataDir = path.join(root, 'user-data');
  writeUserSettings(userDataDir, TEST_USER_SETTINGS);
  const serverOutput = [];
  const windowLog = [];
  let server;
  let browser;
  let page;
  const stopAll = async () => {
    await browser?.close().catch(() => undefined);
    await server?.stop();
    rmSync(root, { recursive: true, force: true });
    removeScreenshotRequests(screenshotDir);
  };
  const onSignal = () => void stopAll().then(() => process.exit(130));
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  try {
    const t0 = Date.now();
    server = await startCodeServer({
      userDataDir,
      extensionsDir: path.join(root, 'extensions'),
      folder: workspace,
      extensionDevelopmentPath,
      extensionTestsPath,
      // The extension host inherits code-server's environment: this is how the suite finds the folder.
      env: { AAR_SCREENSHOT_DIR: screenshotDir, AAR_TEST_CONSOLE_TAG: CONSOLE_TAG },
      onOutput: (text) => {
        serverOutput.push(text);
        if (serverOutput.length > 500) serverOutput.shift();
        if (verbose) process.stderr.write(text);
      },
    });
    log(`code-server ${seconds(Date.now() - t0)}: ${server.baseUrl}, workspace ${workspace}`);

    browser = await launchChromium();
    page = await browser.newPage({ viewport: VIEWPORT });
    let reportExit;
    const outcome = new Promise((resolve, reject) => {
      reportExit = resolve;
      page.on('crash', () => reject(new Error('the browser page crashed')));
      server.process.once('exit', (code) => reject(new Error(`code-server exited with ${code} during the tests`)));
    });
    await page.exposeFunction('codeAutomationExit', (code) => reportExit(typeof code === 'number' ? code : 1));
    // The window's log: the suite's console (mocha's report, what tests print) goes to stdout;
    // the workbench's own messages are kept for a failure, or shown with AAR_VERBOSE.
    await page.exposeFunction('codeAutomationLog', (level, message) => {
      const text = String(message);
      if (text.startsWith(CONSOLE_TAG)) {
        process.stdout.write(`${text.slice(CONSOLE_TAG.length)}\n`);
      } else if (verbose) {
        process.stderr.write(`[window ${level}] ${text}\n`);
      } else {
        windowLog.push(`[${level}] ${text}`);
        if (windowLog.length > 300) windowLog.shift();
      }
    });
    if (verbose) page.on('pageerror', (error) => log(`page error: ${error.message}`));

    await page.goto(server.url);
    const screenshots = answerScreenshotRequests(page, screenshotDir);
    let timer;
    const timeout = new Promise((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`timed out after ${seconds(timeoutMs)}: the suite did not report an exit code (--timeout SECONDS to change)`)),
        timeoutMs,
      );
    });
    let code;
    try {
      code = await Promise.race([outcome, timeout]);
    } finally {
      clearTimeout(timer);
      await screenshots.stop();
    }
    if (code !== 0) {
      log(`the suite exited with ${code}`);
      printLastLines('VS Code window log', windowLog);
      await saveFailureScreenshot(page);
    }
    const taken = readdirSync(screenshotDir).filter((name) => name.endsWith('.png'));
    if (taken.length && screenshotDir === defaultScreenshotDir) log(`screenshots in ${path.relative(repoRoot, screenshotDir)}/`);
    return code;
  } catch (error) {
    printLastLines('VS Code window log', windowLog);
    printLastLines('code-server output', verbose ? [] : serverOutput.join('').split('\n'));
    if (page) await saveFailureScreenshot(page);
    throw error;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await stopAll();
  }
}

function printLastLines(title, lines, count = 60) {
  const shown = lines.filter((line) => line.trim()).slice(-count);
  if (shown.length) process.stderr.write(`--- ${title} (last ${shown.length} lines) ---\n${shown.join('\n')}\n---\n`);
}

async function saveFailureScreenshot(page) {
  const file = path.join(os.tmpdir(), `aar-test-vscode-failure-${Date.now()}.png`);
  try {
    await page.screenshot({ path: file });
    log(`the window at the end: ${file}`);
  } catch (error) {
    log(`no screenshot of the window: ${error.message}`);
  }
}

function removeScreenshotRequests(dir) {
  if (!existsSync(dir)) return;
  for (const name of readdirSync(dir)) {
    if ([SCREENSHOT_REQUEST_SUFFIX, KEYS_REQUEST_SUFFIX, TEXT_REQUEST_SUFFIX].some((suffix) => name.endsWith(suffix))) rmSync(path.join(dir, name), { force: true });
  }
}

/**
 * The window without its title bar, which names the window "[Extension Development Host]": the
 * pictures go into the README, where a user's window says no such thing.
 */
async function belowTitleBar(page) {
  const viewport = page.viewportSize();
  const titleBar = await page.locator('.part.titlebar').boundingBox().catch(() => null);
  const top = Math.round(titleBar?.height ?? 0);
  return { x: 0, y: top, width: viewport.width, height: viewport.height - top };
}

/**
 * Polls `dir` for the suite's requests and answers each with a picture of the page, or by typing
 * into it (the handshake is described in test/vscode/screenshots.ts). Returns `{ stop }`.
 */
function answerScreenshotRequests(page, dir) {
  let stopped = false;
  const loop = (async () => {
    while (!stopped) {
      const requests = readdirSync(dir).filter((name) => name.endsWith(SCREENSHOT_REQUEST_SUFFIX));
      for (const request of requests) {
        const name = request.slice(0, -SCREENSHOT_REQUEST_SUFFIX.length);
        const file = path.join(dir, `${name}.png`);
        const partial = path.join(dir, `.${name}.png.partial`);
        try {
          // Let the window paint what the test just did (decorations, hovers fading in).
          await page.waitForTimeout(300);
          await page.screenshot({ path: partial, type: 'png', clip: await belowTitleBar(page) });
          renameSync(partial, file);
          log(`screenshot ${path.relative(repoRoot, file)}`);
        } catch (error) {
          log(`WARNING: screenshot "${name}" failed: ${error.message}`);
          rmSync(partial, { force: true });
        }
        rmSync(path.join(dir, request), { force: true });
      }
      for (const request of readdirSync(dir).filter((name) => name.endsWith(KEYS_REQUEST_SUFFIX))) {
        const file = path.join(dir, request);
        try {
          const { text, press } = JSON.parse(readFileSync(file, 'utf8'));
          if (text) await page.keyboard.type(text, { delay: 10 });
          if (press) await page.keyboard.press(press);
          // Let the window take the keys in before the test goes on.
          await page.waitForTimeout(300);
        } catch (error) {
          log(`WARNING: typing for ${request} failed: ${error.message}`);
        }
        rmSync(file, { force: true });
      }
      for (const request of readdirSync(dir).filter((name) => name.endsWith(TEXT_REQUEST_SUFFIX))) {
        const file = path.join(dir, request);
        const answer = path.join(dir, `${request.slice(0, -TEXT_REQUEST_SUFFIX.length)}.txt`);
        try {
          const { selector } = JSON.parse(readFileSync(file, 'utf8'));
          // Let the window paint what the test just did.
          await page.waitForTimeout(300);
          const text = await page.locator(selector).first().innerText({ timeout: 5000 });
          writeFileSync(`${answer}.partial`, text);
          renameSync(`${answer}.partial`, answer);
        } catch (error) {
          log(`WARNING: reading the page for ${request} failed: ${error.message}`);
          writeFileSync(answer, '');
        }
        rmSync(file, { force: true });
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  })();
  return {
    stop: async () => {
      stopped = true;
      await loop.catch(() => undefined);
    },
  };
}
