// Neovim's built-in LSP client against the bundled server: proves that editors other than VS Code
// get the same diagnostics from `aar-language-server --stdio`. Runs test/neovim/check.lua headless.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');
const script = join(root, 'test', 'neovim', 'check.lua');
const fixture = join(root, 'test', 'neovim', 'unowned-action.aar.md');

interface NeovimDiagnostic {
  lnum: number;
  col: number;
  severity: number;
  message: string;
  source?: string;
  code?: string;
}

interface CheckResult {
  error?: string;
  nvim?: string;
  timed_out?: boolean;
  server_exit?: { code: number; signal: number };
  server_name?: string;
  diagnostics?: NeovimDiagnostic[];
}

describe('Neovim built-in LSP client', function () {
  this.timeout(90_000);
  let workspace: string;

  before(() => {
    const probe = spawnSync('nvim', ['--version'], { encoding: 'utf8' });
    if (probe.error || probe.status !== 0) {
      assert.fail('Neovim is not installed: install it (Debian/Ubuntu: apt-get install neovim; .ci/run does) to run this test.');
    }
    execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: root, stdio: 'inherit' });
    workspace = mkdtempSync(join(tmpdir(), 'aar-nvim-'));
  });

  after(() => {
    if (workspace) rmSync(workspace, { recursive: true, force: true });
  });

  it('shows the unowned action as an aar diagnostic on its line', () => {
    const project = join(workspace, 'project');
    mkdirSync(project);
    const report = join(project, 'search-rebuild.aar.md');
    copyFileSync(fixture, report);
    const out = join(workspace, 'diagnostics.json');
    // A private home for Neovim's state, so that the user's config, shada and logs stay out of it.
    const home = join(workspace, 'home');
    const run = spawnSync('nvim', ['--headless', '--clean', '-n', '-i', 'NONE', '-c', `luafile ${script}`], {
      cwd: project,
      encoding: 'utf8',
      timeout: 80_000,
      env: {
        ...process.env,
        HOME: home,
        XDG_CONFIG_HOME: join(home, 'config'),
        XDG_DATA_HOME: join(home, 'data'),
        XDG_STATE_HOME: join(home, 'state'),
        XDG_CACHE_HOME: join(home, 'cache'),
        AAR_SERVER: join(root, 'dist', 'server.js'),
        AAR_FILE: report,
        AAR_ROOT: project,
        AAR_OUT: out,
        AAR_TODAY: '2026-11-25',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const lspLog = [join(home, 'cache', 'nvim', 'lsp.log'), join(home, 'state', 'nvim', 'lsp.log')]
      .filter(existsSync)
      .map((f) => readFileSync(f, 'utf8'))
      .join('\n');
    const context = `nvim exit ${run.status} ${run.signal ?? ''}\nstderr: ${run.stderr}\nlsp.log: ${lspLog.slice(-4000)}`;
    assert.ok(existsSync(out), `check.lua wrote no result.\n${context}`);
    const result = JSON.parse(readFileSync(out, 'utf8')) as CheckResult;
    assert.equal(result.error, undefined, `check.lua failed: ${result.error}\n${context}`);
    assert.equal(result.timed_out, false, `no diagnostics arrived within 30 s.\n${context}`);
    assert.equal(result.server_name, 'aar-language-server');

    const diagnostics = result.diagnostics ?? [];
    assert.ok(diagnostics.length > 0, `no diagnostics.\n${context}`);
    assert.ok(
      diagnostics.every((d) => d.source === 'aar'),
      `every diagnostic comes from aar: ${JSON.stringify(diagnostics)}`,
    );
    const unowned = diagnostics.filter((d) => d.code === 'action-missing-owner');
    const expectedLine = readFileSync(fixture, 'utf8')
      .split('\n')
      .findIndex((l) => l.includes('Split the rebuild into per-region jobs'));
    assert.deepEqual(
      unowned.map((d) => ({ lnum: d.lnum, severity: d.severity })),
      // vim.diagnostic.severity.ERROR is 1.
      [{ lnum: expectedLine, severity: 1 }],
      `diagnostics were: ${JSON.stringify(diagnostics)}`,
    );
    assert.match(unowned[0].message, /owner/i);
  });
});
