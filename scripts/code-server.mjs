// A real VS Code (code-server: VS Code's workbench and a Node extension host, published on npm)
// installed on demand into .vscode-test/code-server/, for `npm start` and the tests that run
// inside VS Code. It is never a dependency of the extension itself.
//
// The install needs a few things this kind of machine does not provide by default (see
// CONTRIBUTING.md): root needs --unsafe-perm, node-gyp needs npm_config_yes, kerberos needs
// libkrb5-dev + pkg-config, and @vscode/ripgrep wants to download `rg` from GitHub unless its
// cache already holds the tarball, which we build from Debian's ripgrep package.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { URL, URLSearchParams, fileURLToPath } from 'node:url';

export const CODE_SERVER_VERSION = '4.99.4';
const RIPGREP_PACKAGE_VERSION = '1.15.11';
const RIPGREP_VERSION = 'v13.0.0-10';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const codeServerDir = path.join(repoRoot, '.vscode-test', 'code-server');
const codeServerPackageDir = path.join(codeServerDir, 'node_modules', 'code-server');
export const codeServerEntry = path.join(codeServerPackageDir, 'out', 'node', 'entry.js');
// Written last, so a half-finished install is never mistaken for a good one.
const installedMarker = path.join(codeServerDir, `installed-${CODE_SERVER_VERSION}`);

const log = (message) => process.stderr.write(`[code-server] ${message}\n`);

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { stdio: options.quiet ? 'pipe' : 'inherit', encoding: 'utf8', ...options });
  if (result.error) throw result.error;
  if (result.status !== 0) {
    const output = options.quiet ? `\n${result.stdout ?? ''}${result.stderr ?? ''}` : '';
    throw new Error(`${command} ${args.join(' ')} exited with ${result.status}${output}`);
  }
  return result.stdout ?? '';
}

function debianPackageInstalled(name) {
  const result = spawnSync('dpkg-query', ['-W', '-f=${Status}', name], { encoding: 'utf8' });
  return result.status === 0 && result.stdout.includes('install ok installed');
}

/** Installs missing Debian packages when we can (root with apt-get); otherwise says what to install. */
function ensureDebianPackages(names) {
  if (process.platform !== 'linux' || spawnSync('dpkg-query', ['--version']).status !== 0) return;
  const missing = names.filter((name) => !debianPackageInstalled(name));
  if (!missing.length) return;
  if (process.getuid?.() !== 0) {
    throw new Error(`code-server needs these Debian packages: ${missing.join(' ')}. Run: sudo apt-get install -y ${missing.join(' ')}`);
  }
  log(`apt-get install ${missing.join(' ')}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const install = () => spawnSync('apt-get', ['install', '-y', '--no-install-recommends', ...missing], { stdio: 'inherit', env });
  if (install().status !== 0) {
    // Usually the package lists have never been fetched on a fresh machine.
    run('apt-get', ['update'], { env });
    run('apt-get', ['install', '-y', '--no-install-recommends', ...missing], { env });
  }
}

function ripgrepTarget() {
  const arch = { x64: 'x86_64', arm64: 'aarch64' }[process.arch];
  if (process.platform !== 'linux' || !arch) return undefined;
  return `${arch}-unknown-linux-musl`;
}

/**
 * @vscode/ripgrep's postinstall looks in its cache before it downloads from GitHub; a tarball
 * with Debian's `rg` at its root satisfies it.
 */
export function ensureRipgrepCache() {
  const target = ripgrepTarget();
  if (!target) return;
  const cacheDir = path.join(os.tmpdir(), `vscode-ripgrep-cache-${RIPGREP_PACKAGE_VERSION}`);
  const tarball = path.join(cacheDir, `ripgrep-${RIPGREP_VERSION}-${target}.tar.gz`);
  if (existsSync(tarball) && statSync(tarball).size > 0) return;
  ensureDebianPackages(['ripgrep']);
  const rg = run('sh', ['-c', 'command -v rg'], { quiet: true }).trim();
  mkdirSync(cacheDir, { recursive: true });
  run('tar', ['-czf', tarball, '-C', path.dirname(rg), path.basename(rg)]);
  log(`ripgrep cache: ${tarball}`);
}

export function codeServerInstalled() {
  return existsSync(installedMarker) && existsSync(codeServerEntry);
}

/** Installs code-server into .vscode-test/code-server/ unless it is there already; returns its entry script. */
export function ensureCodeServer() {
  if (codeServerInstalled()) return codeServerEntry;
  const started = Date.now();
  log(`installing code-server@${CODE_SERVER_VERSION} into ${path.relative(process.cwd(), codeServerDir) || '.'} (once; about a minute)`);
  ensureDebianPackages(['libkrb5-dev', 'pkg-config', 'python3', 'make', 'g++']);
  ensureRipgrepCache();
  mkdirSync(codeServerDir, { recursive: true });
  // Its own package.json, so npm installs here and not into the project above.
  const manifest = path.join(codeServerDir, 'package.json');
  if (!existsSync(manifest)) writeFileSync(manifest, JSON.stringify({ name: 'vscode-test-code-server', private: true }, null, 2) + '\n');
  const env = {
    ...process.env,
    npm_config_yes: 'true',
    // What --unsafe-perm sets; code-server's postinstall checks it when run as root.
    npm_config_unsafe_perm: 'true',
    // npm 11 skips dependencies' install scripts unless approved, and code-server's postinstall
    // runs nested `npm install`s (lib/vscode, its extensions) whose native modules need theirs;
    // only the environment reaches those nested installs. This is a pinned dev tool in a cache.
    npm_config_dangerously_allow_all_scripts: 'true',
    npm_config_fund: 'false',
    npm_config_audit: 'false',
    npm_config_update_notifier: 'false',
  };
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  run(npm, ['install', '--unsafe-perm', '--no-package-lock', `code-server@${CODE_SERVER_VERSION}`], { cwd: codeServerDir, env });
  const printed = run(process.execPath, [codeServerEntry, '--version'], { quiet: true });
  const version = printed.split('\n').find((line) => line.startsWith(CODE_SERVER_VERSION));
  if (!version) throw new Error(`code-server --version printed: ${printed}`);
  writeFileSync(installedMarker, `${version}\n`);
  log(`installed in ${Math.round((Date.now() - started) / 1000)} s: ${version}`);
  return codeServerEntry;
}

/**
 * User settings for a quiet window: no welcome page, tips, chat prompts or update checks in the
 * pictures, and nothing that reaches for the network or a git repository while tests run.
 */
export const QUIET_USER_SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'workbench.enableExperiments': false,
  'chat.commandCenter.enabled': false,
  'editor.minimap.enabled': false,
  'window.commandCenter': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.ignoreRecommendations': true,
  'editor.hover.delay': 100,
  'editor.stickyScroll.enabled': false,
  'git.enabled': false,
  'git.openRepositoryInParentFolders': 'never',
};

/** Writes `settings` (default: the quiet ones) as the user settings of a code-server user data folder. */
export function writeUserSettings(userDataDir, settings = QUIET_USER_SETTINGS) {
  mkdirSync(path.join(userDataDir, 'User'), { recursive: true });
  writeFileSync(path.join(userDataDir, 'User', 'settings.json'), JSON.stringify(settings, null, 2) + '\n');
}

export function isPortFree(port, host = '127.0.0.1') {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, host, () => server.close(() => resolve(true)));
  });
}

export function freePort(host = '127.0.0.1') {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, host, () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/**
 * The browser URL that opens `folder` with the extension at `extensionDevelopmentPath` loaded
 * for development (and, when given, a test suite to run): VS Code's workbench reads them from
 * the `payload` query parameter, as test-electron passes them on the command line.
 */
export function workbenchUrl({ baseUrl, folder, extensionDevelopmentPath, extensionTestsPath }) {
  const remote = (p) => `vscode-remote://${new URL(baseUrl).host}${p}`;
  const payload = [];
  if (extensionDevelopmentPath) payload.push(['extensionDevelopmentPath', remote(extensionDevelopmentPath)]);
  if (extensionTestsPath) payload.push(['extensionTestsPath', remote(extensionTestsPath)]);
  const query = new URLSearchParams();
  if (folder) query.set('folder', folder);
  if (payload.length) query.set('payload', JSON.stringify(payload));
  return `${baseUrl}/?${query.toString()}`;
}

/**
 * Starts code-server and resolves once it listens: `{process, url, baseUrl, port, stop()}`.
 * `url` opens `folder` with the extension loaded for development. `env` is added to code-server's
 * environment, which its extension host inherits.
 */
export async function startCodeServer({
  port,
  host = '127.0.0.1',
  userDataDir,
  extensionsDir,
  folder,
  extensionDevelopmentPath,
  extensionTestsPath,
  env,
  onOutput,
  timeoutMs = 60_000,
} = {}) {
  const entry = ensureCodeServer();
  port ??= await freePort(host);
  const tmp = path.join(os.tmpdir(), `aar-code-server-${port}`);
  userDataDir ??= path.join(tmp, 'user-data');
  extensionsDir ??= path.join(tmp, 'extensions');
  mkdirSync(userDataDir, { recursive: true });
  mkdirSync(extensionsDir, { recursive: true });
  const args = [
    entry,
    '--auth', 'none',
    '--bind-addr', `${host}:${port}`,
    '--disable-workspace-trust',
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-getting-started-override',
    '--user-data-dir', userDataDir,
    '--extensions-dir', extensionsDir,
  ];
  // The extension host is code-server's child and inherits this environment.
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
  const baseUrl = `http://${host}:${port}`;
  await new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => fail(new Error(`code-server did not start within ${timeoutMs} ms:\n${output}`)), timeoutMs);
    function fail(error) {
      clearTimeout(timer);
      child.kill();
      reject(error);
    }
    const onData = (chunk) => {
      const text = chunk.toString();
      onOutput?.(text);
      output += text;
      if (output.includes('HTTP server listening')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => fail(new Error(`code-server exited with ${code}:\n${output}`)));
  });
  const url = workbenchUrl({ baseUrl, folder, extensionDevelopmentPath, extensionTestsPath });
  const stop = () =>
    new Promise((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill();
    });
  return { process: child, port, baseUrl, url, userDataDir, extensionsDir, stop };
}

// `node scripts/code-server.mjs` installs it (and prints its version), e.g. in CI before tests.
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  ensureCodeServer();
  process.stdout.write(readFileSync(installedMarker, 'utf8'));
}
