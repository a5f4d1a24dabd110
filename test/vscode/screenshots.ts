// Pictures of the real window, taken at the moments the suite chooses. The extension host cannot
// see the browser page, so it asks the harness (scripts/test-vscode.mjs) through files:
//
//   1. the test writes `${AAR_SCREENSHOT_DIR}/${name}.screenshot-request`;
//   2. the harness, polling that folder, takes the page's screenshot into `${name}.png` (written
//      under a temporary name and renamed, so it is never read half-written), then deletes the
//      request;
//   3. the test sees the request gone and goes on.
//
// Without AAR_SCREENSHOT_DIR (e.g. under @vscode/test-electron, where no harness watches) it
// returns at once. A slow or absent harness only costs a warning: pictures never fail a test.
// The same handshake types into the window (`typeInWindow`) and reads the side bar's text
// (`sideBarText`), which a test cannot do otherwise.
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const WAIT_MS = 30_000;
const POLL_MS = 100;

export const SCREENSHOT_REQUEST_SUFFIX = '.screenshot-request';
export const KEYS_REQUEST_SUFFIX = '.keys-request';
export const TEXT_REQUEST_SUFFIX = '.text-request';

/**
 * Writes `request` (a file in the harness's folder) and waits for the harness to answer by
 * deleting it. False when it did not within WAIT_MS: the request is then withdrawn.
 */
async function askHarness(request: string, body: unknown): Promise<boolean> {
  mkdirSync(path.dirname(request), { recursive: true });
  writeFileSync(request, JSON.stringify(body) + '\n');
  const deadline = Date.now() + WAIT_MS;
  while (existsSync(request)) {
    if (Date.now() > deadline) {
      rmSync(request, { force: true });
      return false;
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
  return true;
}

/** Asks the harness for a picture of the window as it is now, saved as `${name}.png`. */
export async function screenshot(name: string): Promise<void> {
  const dir = process.env.AAR_SCREENSHOT_DIR;
  if (!dir) return;
  if (!/^[\w.-]+$/.test(name)) throw new Error(`screenshot name must be a plain file name: ${JSON.stringify(name)}`);
  const request = path.join(dir, `${name}${SCREENSHOT_REQUEST_SUFFIX}`);
  // A late picture would show a later moment of the suite; better none.
  if (!(await askHarness(request, { name, requestedAt: new Date().toISOString() }))) {
    console.warn(`[screenshot] WARNING: no picture "${name}" within ${WAIT_MS / 1000} s; going on without it`);
  }
}

/**
 * Whether a harness can type into the window and read it: the browser's keyboard, as a person
 * types into a quick pick or an input box, which no VS Code command can. Not under @vscode/test-electron.
 */
export function canTypeInWindow(): boolean {
  return !!process.env.AAR_SCREENSHOT_DIR;
}

let requests = 0;

/** The harness's folder, for a request; fails without one (see canTypeInWindow). */
function harnessDir(what: string): string {
  const dir = process.env.AAR_SCREENSHOT_DIR;
  if (!dir) throw new Error(`${what} needs the harness (scripts/test-vscode.mjs): see canTypeInWindow`);
  return dir;
}

/** Types `text` into whatever has the focus in the window, then presses `press` (Enter by default). */
export async function typeInWindow(text: string, press = 'Enter'): Promise<void> {
  const request = path.join(harnessDir('typeInWindow'), `keys-${++requests}${KEYS_REQUEST_SUFFIX}`);
  if (!(await askHarness(request, { text, press }))) throw new Error(`the harness did not type ${JSON.stringify(text)} within ${WAIT_MS / 1000} s`);
}

/**
 * The text the window's side bar shows now, as the browser renders it: what VS Code makes of the
 * extension's contributions (a welcome view, say), which no API returns.
 */
export function sideBarText(): Promise<string> {
  return windowText('.part.sidebar');
}

/** The text the first element matching the CSS `selector` shows now (the Command Palette's list, say). */
export async function windowText(selector: string): Promise<string> {
  const dir = harnessDir('windowText');
  const name = `text-${++requests}`;
  if (!(await askHarness(path.join(dir, `${name}${TEXT_REQUEST_SUFFIX}`), { selector }))) {
    throw new Error(`the harness did not read ${selector} within ${WAIT_MS / 1000} s`);
  }
  const answer = path.join(dir, `${name}.txt`);
  const text = readFileSync(answer, 'utf8');
  rmSync(answer, { force: true });
  return text;
}
