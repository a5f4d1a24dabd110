// The CLI as one self-contained CommonJS file (only Node's built-in modules at run time), for what
// ships apart from the extension: the npm package (scripts/package-cli.mjs) and the GitHub Action
// (scripts/build-action.mjs). The entry and options are those of dist/cli.js in scripts/build.mjs,
// fixed here (no source map, not minified, whatever build.mjs was last run with) so that the
// Action's committed copy comes out as the same bytes on every machine.
import * as esbuild from 'esbuild';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repositoryRoot = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Bundles `entry` (relative to the repository) into `outfile`, as an executable script for `node`. */
export async function bundle(entry, outfile) {
  await esbuild.build({
    absWorkingDir: repositoryRoot,
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    sourcemap: false,
    minify: false,
    logLevel: 'warning',
    banner: { js: '#!/usr/bin/env node' },
  });
}

/** The CLI, `server/src/cli.ts`, into `outfile`; it must be named cli.js, as its worker threads load the file beside them by that name. */
export function bundleCli(outfile) {
  return bundle('server/src/cli.ts', outfile);
}
