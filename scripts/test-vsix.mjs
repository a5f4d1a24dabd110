// Installs the packaged extension (.vsix, as `npm run package` makes it) into a real VS Code
// (code-server, headless Chromium) the way a user would, with no network, and checks what a user
// sees first:
//   1. the extension page: its icon and every picture of its README load (no alt text in their place);
//   2. the walkthrough "Get Started with After Action Reports" opens from the Command Palette, with
//      its five steps and their pictures;
//   3. as a web extension (the user setting `remote.extensionKind` set to `web`, the window
//      reloaded): Running Extensions shows it in the web worker extension host, and a report opened
//      from the workspace gets its problems (the Problems panel, a squiggle) from the language
//      server in its web worker. The same installed .vsix: packaged once.
// Pictures of both go to --screenshots (default .vscode-test/screenshots/test-vsix/).
//
//   node scripts/test-vsix.mjs [--vsix FILE] [--screenshots DIR]
//
// Without --vsix it packages first (scripts/package.mjs, a production build). AAR_VERBOSE=1 prints
// code-server's output.
/* global document -- the functions given to frame.evaluate run in the page */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { launchChromium, requireChromium, VIEWPORT } from './browser.mjs';
import { ensureCodeServer, repoRoot, startCodeServer, writeUserSettings } from './code-server.mjs';
import { prepareTestWorkspace, TEST_USER_SETTINGS } from './test-workspace.mjs';

const { values: options } = parseArgs({
  options: {
    vsix: { type: 'string' },
    screenshots: { type: 'string', default: path.join(repoRoot, '.vscode-test', 'screenshots', 'test-vsix') },
  },
});
const manifest = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8'));
const WALKTHROUGH = manifest.contributes.walkthroughs[0];
const EXTENSION_ID = `${manifest.publisher}.${manifest.name}`;
// A report of examples/ with problems: its action with no owner.
const REPORT = '2026-11-02-search-outage.md';
const REPORT_PROBLEM = 'action-missing-owner';
const log = (message) => process.stderr.write(`[test-vsix] ${message}\n`);
const verbose = Boolean(process.env.AAR_VERBOSE);
const WAIT_MS = 30_000;

let failures = 0;
function check(condition, what) {
  log(`${condition ? 'ok  ' : 'FAIL'} ${what}`);
  if (!condition) failures++;
}

process.exitCode = await main().catch((error) => {
  log(`FAILED: ${error.stack ?? error.message}`);
  return 1;
});
process.exit(process.exitCode);

async function main() {
  requireChromium();
  const entry = ensureCodeServer();
  const root = mkdtempSync(path.join(os.tmpdir(), 'aar-vsix-test-'));
  const screenshots = path.resolve(options.screenshots);
  mkdirSync(screenshots, { recursive: true });
  let server;
  let browser;
  try {
    const vsix = options.vsix ? path.resolve(options.vsix) : packageExtension(path.join(root, 'after-action-reports.vsix'));
    const extensionsDir = path.join(root, 'extensions');
    const userDataDir = path.join(root, 'user-data');
    // As `code --install-extension`: no development path, nothing from the network.
    const install = spawnSync(process.execPath, [entry, '--extensions-dir', extensionsDir, '--user-data-dir', userDataDir, '--install-extension', vsix], { encoding: 'utf8' });
    if (install.status !== 0) throw new Error(`installing ${vsix} failed:\n${install.stdout}${install.stderr}`);
    check(/successfully installed/i.test(install.stdout + install.stderr), `code-server installs ${path.basename(vsix)}`);

    const { workspace } = prepareTestWorkspace();
    writeUserSettings(userDataDir, TEST_USER_SETTINGS);
    server = await startCodeServer({ userDataDir, extensionsDir, folder: workspace, onOutput: (text) => verbose && process.stderr.write(text) });
    browser = await launchChromium();
    const page = await browser.newPage({ viewport: VIEWPORT });
    await page.goto(server.url);
    await page.locator('.monaco-workbench .part.activitybar').waitFor({ timeout: WAIT_MS });

    await checkExtensionPage(page, screenshots);
    await checkWalkthrough(page, screenshots);
    await checkWebWorker(page, userDataDir, screenshots);
  } finally {
    await browser?.close().catch(() => undefined);
    await server?.stop();
    rmSync(root, { recursive: true, force: true });
  }
  log(failures ? `${failures} check(s) failed` : 'passed');
  return failures ? 1 : 0;
}

function packageExtension(out) {
  const result = spawnSync(process.execPath, [path.join(repoRoot, 'scripts', 'package.mjs'), '--out', out], { cwd: repoRoot, stdio: ['ignore', 'inherit', 'inherit'] });
  if (result.status !== 0) throw new Error(`npm run package failed (exit ${result.status})`);
  return out;
}

/** Runs a command by its title from the Command Palette, as a user does. */
/**
 * Presses `key` and types `text` into the quick input, again until it takes: a window just loaded
 * or reloaded may not have its key bindings yet (the press is lost), and a page it opens as it
 * settles (a walkthrough, say) takes the focus and closes the quick input.
 */
async function typeInQuickInput(page, key, text) {
  const input = page.locator('.quick-input-widget input.input');
  const deadline = Date.now() + WAIT_MS;
  for (;;) {
    await page.keyboard.press(key);
    const typed = await input
      .waitFor({ timeout: 3000 })
      .then(() => input.fill(text, { timeout: 3000 }))
      .then(() => true, () => false);
    if (typed) return input;
    if (Date.now() > deadline) throw new Error(`could not type "${text}" into the quick input (${key}) within ${WAIT_MS / 1000} s`);
    await page.keyboard.press('Escape');
  }
}

/**
 * Clicks what `locator` finds, again until a click takes: the workbench re-renders lists and views
 * as it settles, and a row found a moment ago may be replaced by its copy.
 */
async function clickSoon(locator) {
  const deadline = Date.now() + WAIT_MS;
  while (!(await locator.click({ timeout: 3000 }).then(() => true, () => false))) {
    if (Date.now() > deadline) throw new Error(`could not click ${locator} within ${WAIT_MS / 1000} s`);
  }
}

/**
 * Runs the command `title` from the palette, again until `shows` (a locator) appears: on a busy
 * machine the workbench may lose the Enter, or close the palette as it settles.
 */
async function runFromPalette(page, title, shows) {
  const deadline = Date.now() + 2 * WAIT_MS;
  for (;;) {
    await typeInQuickInput(page, 'F1', `>${title}`);
    const ran = await page
      .locator('.quick-input-list .monaco-list-row', { hasText: title })
      .first()
      .waitFor({ timeout: 5000 })
      .then(() => page.keyboard.press('Enter'))
      .then(() => shows.first().waitFor({ timeout: 10_000 }))
      .then(() => true, () => false);
    if (ran) return;
    if (Date.now() > deadline) throw new Error(`running "${title}" from the palette showed nothing within ${(2 * WAIT_MS) / 1000} s`);
    await page.keyboard.press('Escape');
  }
}

/**
 * The `img`s of the frame that `frameFilter` picks by its text, once they have settled: `{src, alt, loaded}`.
 * (A webview may hold its page in two frames while it swaps them: the one with most pictures counts.)
 */
async function picturesInFrames(page, frameFilter) {
  let found = [];
  for (const frame of page.frames()) {
    const pictures = await frame
      .evaluate(async () => {
        const images = [...document.images];
        await Promise.all(images.map((img) => (img.complete ? undefined : new Promise((resolve) => { img.onload = img.onerror = resolve; }))));
        return { text: document.body?.innerText ?? '', images: images.map((img) => ({ src: img.src.slice(0, 60), alt: img.alt, loaded: img.naturalWidth > 0 })) };
      })
      .catch(() => undefined);
    if (pictures && frameFilter(pictures.text) && pictures.images.length > found.length) found = pictures.images;
  }
  return found;
}

async function checkExtensionPage(page, screenshots) {
  await page.keyboard.press('Control+Shift+X');
  const search = page.locator('.extensions-viewlet .suggest-input-container');
  await search.waitFor({ timeout: WAIT_MS });
  await clickSoon(search);
  await page.keyboard.type('@installed After Action Reports');
  const row = page.locator('.extensions-viewlet .monaco-list-row', { hasText: manifest.displayName }).first();
  await row.waitFor({ timeout: WAIT_MS });
  await clickSoon(row);
  const editor = page.locator('.extension-editor');
  await editor.locator('.header .name', { hasText: manifest.displayName }).waitFor({ timeout: WAIT_MS });

  const icon = await editor.locator('.header img.icon').evaluate((img) => ({ src: img.src, loaded: img.complete && img.naturalWidth > 0 }));
  check(icon.loaded && !/defaultIcon/i.test(icon.src), `the extension page shows the icon (${icon.src.split('/').pop()})`);

  // The README is a webview: a frame of its own, found by the README's first words.
  const expected = (readFileSync(path.join(repoRoot, 'README.md'), 'utf8').match(/!\[[^\]]*\]\([^)]+\)/g) ?? []).length;
  const isReadme = (text) => text.includes('Write and follow up');
  const deadline = Date.now() + WAIT_MS;
  let pictures = [];
  while (Date.now() < deadline) {
    pictures = await picturesInFrames(page, isReadme);
    if (pictures.length >= expected) break;
    await page.waitForTimeout(250);
  }
  check(expected > 0 && pictures.length === expected, `the README on the extension page has its ${expected} pictures (found ${pictures.length})`);
  const broken = pictures.filter((picture) => !picture.loaded);
  check(pictures.length > 0 && broken.length === 0, `every README picture loads offline${broken.length ? `; not: ${broken.map((p) => p.alt).join(' | ')}` : ''}`);
  // The picture of the page shows the first README picture, scrolled into view.
  for (const frame of page.frames()) {
    await frame.evaluate(() => document.images[0]?.scrollIntoView({ block: 'center' })).catch(() => undefined);
  }
  await page.waitForTimeout(300);
  await page.screenshot({ path: path.join(screenshots, 'extension-page.png') });
  log(`screenshot ${path.join(screenshots, 'extension-page.png')}`);
}

/**
 * Opens our walkthrough through "Welcome: Open Walkthrough...", by keyboard, again until it shows:
 * on a slow machine the workbench may still be settling (a notification, the extension page) and
 * close the picker or cover its rows, so a click on a row found a moment ago may never take.
 */
async function openWalkthrough(page, container) {
  const firstStep = container.locator('.getting-started-step', { hasText: WALKTHROUGH.steps[0].title }).first();
  const deadline = Date.now() + 2 * WAIT_MS;
  for (;;) {
    const pick = page.locator('.quick-input-list .monaco-list-row', { hasText: WALKTHROUGH.title }).first();
    await runFromPalette(page, 'Welcome: Open Walkthrough...', pick);
    const opened = await page
      .locator('.quick-input-widget input.input')
      .fill(WALKTHROUGH.title, { timeout: 3000 })
      .then(() => pick.waitFor({ timeout: 3000 }))
      .then(() => page.keyboard.press('Enter'))
      .then(() => firstStep.waitFor({ timeout: 10_000 }))
      .then(() => true, () => false);
    if (opened) return;
    if (Date.now() > deadline) throw new Error(`could not open the walkthrough "${WALKTHROUGH.title}" within ${(2 * WAIT_MS) / 1000} s`);
    await page.keyboard.press('Escape');
  }
}

async function checkWalkthrough(page, screenshots) {
  const container = page.locator('.gettingStartedContainer');
  await openWalkthrough(page, container);
  const text = await container.innerText();
  check(text.includes(WALKTHROUGH.title), `the walkthrough opens: "${WALKTHROUGH.title}"`);
  const missing = WALKTHROUGH.steps.filter((step) => !text.includes(step.title)).map((step) => step.title);
  check(missing.length === 0, `it lists the ${WALKTHROUGH.steps.length} steps${missing.length ? `; missing: ${missing.join(', ')}` : ''}`);

  // A step with a picture: select it, and the picture loads from the installed extension.
  const withImage = WALKTHROUGH.steps.find((step) => step.media.image);
  await clickSoon(container.locator('.getting-started-step', { hasText: withImage.title }).first());
  const image = container.locator('.getting-started-media img');
  await image.waitFor({ timeout: WAIT_MS });
  const loaded = await image.evaluate(async (img) => {
    if (!img.complete) await new Promise((resolve) => { img.onload = img.onerror = resolve; });
    return img.naturalWidth > 0;
  });
  check(loaded, `the step "${withImage.title}" shows its picture`);
  await page.screenshot({ path: path.join(screenshots, 'walkthrough.png') });
  log(`screenshot ${path.join(screenshots, 'walkthrough.png')}`);

  // The first step's Markdown (the .aar.yml example) renders in its own frame.
  await clickSoon(container.locator('.getting-started-step', { hasText: WALKTHROUGH.steps[0].title }).first());
  const deadline = Date.now() + WAIT_MS;
  let rendered = false;
  while (!rendered && Date.now() < deadline) {
    for (const frame of page.frames()) {
      const found = await frame.evaluate(() => !!document.querySelector('h1') && document.body.innerText.includes('what your team shares')).catch(() => false);
      if (found) rendered = true;
    }
    if (!rendered) await page.waitForTimeout(250);
  }
  check(rendered, `the step "${WALKTHROUGH.steps[0].title}" renders its Markdown`);
  await page.screenshot({ path: path.join(screenshots, 'walkthrough-set-up.png') });
}

/**
 * The user makes the installed extension a web extension and reloads the window: it then runs in
 * the web worker extension host (as in vscode.dev), and so does its language server.
 */
async function checkWebWorker(page, userDataDir, screenshots) {
  writeUserSettings(userDataDir, { ...TEST_USER_SETTINGS, 'remote.extensionKind': { [EXTENSION_ID]: ['web'] } });
  await page.reload();
  await page.locator('.monaco-workbench .part.activitybar').waitFor({ timeout: WAIT_MS });
  // The extension's status bar count ("12 open") says it runs and has read the workspace: the window has settled.
  await page.locator('.statusbar-item', { hasText: / open/ }).first().waitFor({ timeout: WAIT_MS });

  // Open a report as a user does (Quick Open), then look at the Problems panel and the editor.
  const tab = page.locator('.tabs-container .tab', { hasText: REPORT }).first();
  for (let attempt = 1; ; attempt++) {
    await typeInQuickInput(page, 'Control+P', REPORT);
    const row = page.locator('.quick-input-list .monaco-list-row', { hasText: REPORT }).first();
    if (await row.waitFor({ timeout: 5000 }).then(() => true, () => false)) {
      await page.keyboard.press('Enter');
      if (await tab.waitFor({ timeout: 5000 }).then(() => true, () => false)) break;
    }
    if (attempt >= 5) throw new Error(`Quick Open did not open ${REPORT}`);
    await page.keyboard.press('Escape');
  }
  await page.keyboard.press('Control+Shift+M');
  const problem = page.locator('.markers-panel .monaco-list-row', { hasText: REPORT_PROBLEM }).first();
  const shown = await problem.waitFor({ timeout: WAIT_MS }).then(() => true, () => false);
  check(shown, `as a web extension, the Problems panel lists ${REPORT_PROBLEM} for ${REPORT}`);
  // Selecting the problem shows its line, underlined.
  if (shown) await clickSoon(problem);
  const squiggle = await page.locator('.monaco-editor .squiggly-error').first().waitFor({ timeout: WAIT_MS }).then(() => true, () => false);
  check(squiggle, 'selected, the problem shows in the report as a red squiggle');
  await page.screenshot({ path: path.join(screenshots, 'web-worker-problems.png') });
  log(`screenshot ${path.join(screenshots, 'web-worker-problems.png')}`);

  // Running Extensions labels an extension of the web worker extension host "web worker".
  // The list is sorted by activation time and draws only the rows in view: on a busy machine the
  // other extensions take longer to activate and ours is further down, so scroll until it shows.
  const list = page.locator('.runtime-extensions-editor .monaco-list');
  const rows = list.locator('.monaco-list-row', { hasText: manifest.displayName });
  await runFromPalette(page, 'Developer: Show Running Extensions', list.locator('.monaco-list-row'));
  for (let scroll = 0; scroll < 20 && (await rows.count()) === 0; scroll++) {
    await list.hover();
    await page.mouse.wheel(0, 300);
    await page.waitForTimeout(200);
  }
  await rows.first().scrollIntoViewIfNeeded().catch(() => undefined);
  const texts = await rows.allInnerTexts();
  check(texts.length === 1 && /web worker/.test(texts[0]), `Running Extensions shows ${manifest.displayName} once, in the web worker host (${texts.map((t) => t.replace(/\s+/g, ' ')).join(' | ') || 'not listed'})`);
  await page.screenshot({ path: path.join(screenshots, 'web-worker-running-extensions.png') });
  log(`screenshot ${path.join(screenshots, 'web-worker-running-extensions.png')}`);
}
