// Headless Chromium for driving VS Code's workbench (code-server): Debian's `chromium`, driven by
// the dev dependency playwright-core. CHROMIUM_PATH picks another Chromium build.
import { existsSync } from 'node:fs';

export const CHROMIUM_FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** The size of the pictures in the README. */
export const VIEWPORT = { width: 1440, height: 900 };

export function chromiumPath() {
  return process.env.CHROMIUM_PATH || '/usr/bin/chromium';
}

/**
 * Fails, saying what to install, when there is no Chromium: a missing browser must fail the tests
 * that need it, never skip them.
 */
export function requireChromium(executablePath = chromiumPath()) {
  if (!existsSync(executablePath)) {
    throw new Error(
      `Chromium not found at ${executablePath}. Install Debian's package (apt-get install chromium) ` +
        'or set CHROMIUM_PATH to a Chromium or Chrome executable.',
    );
  }
}

/** Launches headless Chromium (see requireChromium). */
export async function launchChromium(executablePath = chromiumPath()) {
  requireChromium(executablePath);
  const { chromium } = await import('playwright-core');
  return chromium.launch({ executablePath, args: CHROMIUM_FLAGS });
}
