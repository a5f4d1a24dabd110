// The web suite's entry inside VS Code's web worker extension host (its `extensionTestsPath`):
// mocha's browser build, with the suite bundled in (no file system to find test files on).
// scripts/test-web.mjs runs it in code-server's web worker host.
import 'mocha/mocha';

declare const mocha: BrowserMocha;

/** Marks the suite's console lines in the window's log, as scripts/test-web.mjs expects them. */
const CONSOLE_TAG = '@@aar-test@@';

export function run(): Promise<void> {
  // VS Code locks the methods of the extension host's console: the global itself is swapped.
  const original = globalThis.console;
  const tagged: Console = Object.create(original);
  Object.defineProperty(tagged, 'log', { value: (...args: unknown[]) => original.log(CONSOLE_TAG + args.map(String).join(' ')) });
  globalThis.console = tagged;
  // Mocha keeps the console.log it found when loaded; its report must go through the tagged one.
  (globalThis as unknown as { Mocha: typeof Mocha }).Mocha.reporters.Base.consoleLog = (...args: unknown[]) => console.log(formatted(args));
  mocha.setup({ ui: 'bdd', reporter: 'spec', color: false, timeout: 60_000 });
  // The suite registers its tests when loaded, after mocha is set up.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  require('./web.test');
  return new Promise((resolve, reject) => {
    mocha.run((failures: number) => {
      globalThis.console = original;
      if (failures) reject(new Error(`${failures} test${failures === 1 ? '' : 's'} failed`));
      else resolve();
    });
  });
}

/** `console.log('%s …', …)` as Node prints it: mocha's spec reporter writes its lines so. */
function formatted(args: unknown[]): string {
  const [first, ...rest] = args;
  if (typeof first !== 'string') return args.map(String).join(' ');
  const text = first.replace(/%[sdi]/g, () => String(rest.shift()));
  return [text, ...rest.map(String)].join(' ');
}
