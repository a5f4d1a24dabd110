// The bundled CLI (dist/cli.js) run in throwaway repositories: what the CLI test suites share.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

export const root = join(__dirname, '..', '..', '..');
export const cli = join(root, 'dist', 'cli.js');

export interface CliRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

export interface CliWorkspace {
  /** Writes a file of the current test's repository (folders made as needed); returns its path. */
  write(relative: string, content: string | Buffer): string;
  /** Runs `aar` in a child process, in the repository unless told where; fails the test if it hangs. */
  aar(args: string[], cwd?: string): CliRun;
}

/**
 * Mocha hooks for a suite of CLI tests, called inside its `describe`: the bundle is built once,
 * and each test gets a fresh repository folder (marked by `.git`, as a clone is), handed to
 * `onWorkspace`; all of them are removed after the suite.
 */
export function useCliWorkspace(prefix: string, onWorkspace: (folder: string) => void): CliWorkspace {
  let base = '';
  let n = 0;
  let workspace = '';

  before(() => {
    execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: root, stdio: 'inherit' });
    base = mkdtempSync(join(tmpdir(), prefix));
  });

  after(() => {
    if (base) rmSync(base, { recursive: true, force: true });
  });

  beforeEach(() => {
    workspace = join(base, `repo-${++n}`);
    mkdirSync(join(workspace, '.git'), { recursive: true });
    onWorkspace(workspace);
  });

  return {
    write(relative, content) {
      const file = join(workspace, relative);
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, content);
      return file;
    },
    aar(args, cwd = workspace) {
      const run = spawnSync(process.execPath, [cli, ...args], { cwd, encoding: 'utf8', timeout: 30_000, env: { ...process.env, NO_COLOR: '1' } });
      assert.equal(run.signal, null, `aar ${args.join(' ')} was killed (${run.signal}): it hung`);
      return { status: run.status, stdout: run.stdout, stderr: run.stderr };
    },
  };
}
