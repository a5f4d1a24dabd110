// The suite's entry point inside VS Code's extension host (its `extensionTestsPath`), the same
// module for both hosts: code-server in headless Chromium (scripts/test-vscode.mjs) and
// @vscode/test-electron (scripts/test-electron.mjs). Runs every *.test.js bundled next to it.
import Mocha from 'mocha';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { format } from 'node:util';

type ConsoleMethod = 'log' | 'info' | 'warn' | 'error' | 'debug';
const CONSOLE_METHODS: ConsoleMethod[] = ['log', 'info', 'warn', 'error', 'debug'];

/**
 * Under scripts/test-vscode.mjs the extension host's console reaches the terminal only through the
 * window's log, mixed with the workbench's own messages and with arguments joined by commas (so
 * mocha's `console.log('%s', …)` would print raw). The harness names a tag in AAR_TEST_CONSOLE_TAG;
 * while the suite runs, each console line is formatted here and tagged, so the harness prints
 * exactly these lines as written. VS Code locks the methods of the extension host's console, so
 * the global `console` itself is swapped. Returns a function that puts it back.
 */
function tagConsole(tag: string | undefined): () => void {
  if (!tag) return () => undefined;
  const original = globalThis.console;
  const tagged: Console = Object.create(original);
  for (const method of CONSOLE_METHODS) {
    const forward = original[method].bind(original);
    Object.defineProperty(tagged, method, { value: (...args: unknown[]) => forward(tag + format(...args)) });
  }
  globalThis.console = tagged;
  if (globalThis.console !== tagged) original.warn('[index] could not tag the console; the harness will not show the report');
  return () => {
    globalThis.console = original;
  };
}

function testFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return testFiles(full);
    return entry.name.endsWith('.test.js') ? [full] : [];
  });
}

export async function run(): Promise<void> {
  const restoreConsole = tagConsole(process.env.AAR_TEST_CONSOLE_TAG);
  try {
    await runMocha();
  } finally {
    restoreConsole();
  }
}

function runMocha(): Promise<void> {
  // The report goes through the harness to a terminal or a CI log: no colour codes.
  const mocha = new Mocha({ ui: 'bdd', color: false, timeout: 60_000, reporter: 'spec' });
  // Mocha keeps the console.log it found when loaded; its report must go through the current one.
  Mocha.reporters.Base.consoleLog = (...args: unknown[]) => console.log(...args);
  const files = testFiles(__dirname).sort();
  if (!files.length) return Promise.reject(new Error(`no *.test.js files in ${__dirname}`));
  for (const file of files) mocha.addFile(file);
  return new Promise((resolve, reject) => {
    try {
      mocha.run((failures) => {
        if (failures > 0) reject(new Error(`${failures} test${failures === 1 ? '' : 's'} failed`));
        else resolve();
      });
    } catch (error) {
      reject(error instanceof Error ? error : new Error(String(error)));
    }
  });
}
