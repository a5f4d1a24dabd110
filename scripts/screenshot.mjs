// Takes a picture of the extension at work in a real VS Code (code-server in headless Chromium):
// an example report open, its diagnostics as squiggles, the Problems panel below, and the hover
// of one finding. Used for the README picture; also a quick end-to-end check by eye.
//
//   node scripts/screenshot.mjs [--file after-action-reports/x.md] [--out docs/images/diagnostics.png]
//
// Needs Debian's `chromium` (apt-get install chromium) and the dev dependency playwright-core.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { chromiumPath, launchChromium, VIEWPORT } from './browser.mjs';
import { repoRoot, startCodeServer, writeUserSettings } from './code-server.mjs';

const { values: options } = parseArgs({
  options: {
    file: { type: 'string', default: 'after-action-reports/2026-11-02-search-outage.md' },
    out: { type: 'string', default: 'docs/images/diagnostics.png' },
    chromium: { type: 'string', default: chromiumPath() },
    'no-build': { type: 'boolean', default: false },
  },
});

const log = (message) => process.stderr.write(`[screenshot] ${message}\n`);

if (!options['no-build']) {
  const build = spawnSync(process.execPath, [path.join(repoRoot, 'scripts', 'build.mjs')], { cwd: repoRoot, stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

const tmp = mkdtempSync(path.join(os.tmpdir(), 'aar-screenshot-'));
const userDataDir = path.join(tmp, 'user-data');
writeUserSettings(userDataDir);

const server = await startCodeServer({
  userDataDir,
  extensionsDir: path.join(tmp, 'extensions'),
  folder: path.join(repoRoot, 'examples'),
  extensionDevelopmentPath: repoRoot,
});
log(`code-server: ${server.url}`);

const browser = await launchChromium(options.chromium);
const page = await browser.newPage({ viewport: VIEWPORT });
try {
  await page.exposeFunction('codeAutomationLog', (type, args) => {
    if (process.env.AAR_VERBOSE) log(`extension host ${type}: ${args}`);
  });
  await page.goto(server.url);
  await page.waitForSelector('.monaco-workbench .explorer-folders-view', { timeout: 60_000 });

  // Quick Open, the way a person opens a file.
  const fileName = path.basename(options.file);
  await page.keyboard.press('Control+P');
  await page.waitForSelector('.quick-input-widget .quick-input-box input', { state: 'visible' });
  await page.keyboard.type(options.file);
  await page.waitForSelector(`.quick-input-list .monaco-list-row[aria-label*="${fileName}"]`, { timeout: 30_000 });
  await page.keyboard.press('Enter');
  await page.waitForSelector(`.tab[aria-label*="${fileName}"]`, { timeout: 30_000 });

  // The actions, where most findings are, sit at the end of a report.
  await page.click('.monaco-editor .view-lines');
  await page.keyboard.press('Control+End');
  // Squiggles appear once the language server has analysed the report.
  const squiggle = '.monaco-editor .squiggly-error, .monaco-editor .squiggly-warning';
  await page.waitForSelector(squiggle, { timeout: 90_000 });
  log('diagnostics are shown');

  await page.keyboard.press('F1');
  await page.waitForSelector('.quick-input-widget .quick-input-box input', { state: 'visible' });
  await page.keyboard.type('Problems: Focus on Problems View');
  await page.waitForSelector('.quick-input-list .monaco-list-row', { timeout: 10_000 });
  await page.keyboard.press('Enter');
  await page.waitForSelector('.markers-panel .monaco-list-row', { timeout: 30_000 });
  // Opening the first finding scrolls the editor to it, as a click in the panel does for a person.
  await page.locator('.markers-panel .monaco-list-row .marker-message-details, .markers-panel .monaco-list-row .marker-message').first().dblclick();
  // A click on the editor's last line clears the selection the jump made.
  await page.locator('.monaco-editor .view-line').last().click();

  // Hover the first error, so the picture also shows a finding's message.
  const first = page.locator('.monaco-editor .squiggly-error').first();
  if (await first.count()) {
    const box = await first.boundingBox();
    if (box) {
      await page.mouse.move(box.x + Math.min(box.width / 2, 40), box.y + box.height / 2);
      await page.waitForSelector('.monaco-hover .hover-contents', { state: 'visible', timeout: 10_000 }).catch(() => log('no hover shown'));
      // The hover fades in; let it finish so the picture is sharp.
      await page.waitForTimeout(600);
    }
  }
  const out = path.resolve(repoRoot, options.out);
  mkdirSync(path.dirname(out), { recursive: true });
  await page.screenshot({ path: out });
  log(`saved ${path.relative(repoRoot, out)}`);
} catch (error) {
  // What the window looked like when a step failed is usually the whole explanation.
  const failed = path.join(os.tmpdir(), 'aar-screenshot-failed.png');
  await page.screenshot({ path: failed }).catch(() => undefined);
  log(`failed; the window at that moment: ${failed}`);
  throw error;
} finally {
  await browser.close();
  await server.stop();
  rmSync(tmp, { recursive: true, force: true });
}
