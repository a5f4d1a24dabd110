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

/** Asks the harness for a picture of the window as it is now, saved as `${name}.png`. */
export async function screenshot(name: string): Promise<void> {
  const dir = process.env.AAR_SCREENSHOT_DIR;
  if (!dir) return;
  if (!/^[\w.-]+$/.test(name)) throw new Error(`screenshot name must be a plain file name: ${JSON.stringify(name)}`);
  mkdirSync(dir, { recursive: true });
  const request = path.join(dir, `${name}${SCREENSHOT_REQUEST_SUFFIX}`);
  writeFileSync(request, JSON.stringify({ name, requestedAt: new Date().toISOString() }) + '\n');
  const deadline = Date.now() + WAIT_MS;
  while (existsSync(request)) {
    if (Date.now() > deadline) {
      // A late picture would show a later moment of the suite; better none.
      rmSync(request, { force: true });
      console.warn(`[screenshot] WARNING: no picture "${name}" within ${WAIT_MS / 1000} s; going on without it`);
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

export const KEYS_REQUEST_SUFFIX = '.keys-request';
let keysRequests = 0;

/**
 * Whether a harness can type into the window: the browser's keyboard, as a person types into a
 * quick pick or an input box, which no VS Code command can. Not under @vscode/test-electron.
 */
export function canTypeInWindow(): boolean {
  return !!process.env.AAR_SCREENSHOT_DIR;
}

/**
 * Types `text` into whatever has the focus in the window, then presses `press` (Enter by
 * default), through the harness: the same handshake as screenshots, with a `.keys-request` file.
 */
export async function typeInWindow(text: string, press = 'Enter'): Promise<void> {
  const dir = process.env.AAR_SCREENSHOT_DIR;
  if (!dir) throw new Error('typeInWindow needs the harness (scripts/test-vscode.mjs): see canTypeInWindow');
  mkdirSync(dir, { recursive: true });
  const request = path.join(dir, `keys-${++keysRequests}${KEYS_REQUEST_SUFFIX}`);
  writeFileSync(request, JSON.stringify({ text, press }) + '\n');
  const deadline = Date.now() + WAIT_MS;
  while (existsSync(request)) {
    if (Date.now() > deadline) {
      rmSync(request, { force: true });
      throw new Error(`the harness did not type ${JSON.stringify(text)} within ${WAIT_MS / 1000} s`);
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

export const TEXT_REQUEST_SUFFIX = '.text-request';
let textRequests = 0;

/**
 * The text the window's side bar shows now, as the harness's browser reads it: what VS Code
 * renders from the extension's contributions (a welcome view, say), which no API returns.
 * Undefined without a harness (see canTypeInWindow).
 */
export async function sideBarText(): Promise<string | undefined> {
  const dir = process.env.AAR_SCREENSHOT_DIR;
  if (!dir) return undefined;
  mkdirSync(dir, { recursive: true });
  const name = `text-${++textRequests}`;
  const request = path.join(dir, `${name}${TEXT_REQUEST_SUFFIX}`);
  const answer = path.join(dir, `${name}.txt`);
  writeFileSync(request, JSON.stringify({ selector: '.part.sidebar' }) + '\n');
  const deadline = Date.now() + WAIT_MS;
  while (existsSync(request)) {
    if (Date.now() > deadline) {
      rmSync(request, { force: true });
      throw new Error(`the harness did not read the side bar within ${WAIT_MS / 1000} s`);
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
  const text = readFileSync(answer, 'utf8');
  rmSync(answer, { force: true });
  return text;
}
