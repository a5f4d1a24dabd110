// Bundles what ships: the language server, the CLI and the VS Code client, each one CommonJS file
// so that VS Code, Node and other editors load them without node_modules; and the client and the
// server again for a browser (dist/browser/: vscode.dev, github.dev), the server for a web worker.
//
//   node scripts/build.mjs [--watch] [--tests] [--production]
//
// --production (for the .vsix): minified, names kept for readable stack traces, no source maps.
//
// --tests also bundles the suite that runs inside VS Code: test/vscode/**/*.ts → dist-test/vscode/**/*.js
// (`vscode` comes from the extension host, mocha from node_modules at run time).
import * as esbuild from 'esbuild';
import { existsSync, rmSync } from 'node:fs';

const watch = process.argv.includes('--watch');
const tests = process.argv.includes('--tests');
const production = process.argv.includes('--production');
const common = {
  bundle: true,
  platform: 'node',
  target: 'node18',
  format: 'cjs',
  sourcemap: !production,
  minify: production,
  keepNames: production,
  logLevel: 'warning',
  // unified's ESM packages use import.meta only for optional paths; nothing to shim.
};

const entries = [
  { entryPoints: ['server/src/main.ts'], outfile: 'dist/server.js', banner: { js: '#!/usr/bin/env node' } },
  { entryPoints: ['server/src/cli.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' } },
];
if (existsSync('client/src/extension.ts')) {
  entries.push({ entryPoints: ['client/src/extension.ts'], outfile: 'dist/extension.js', external: ['vscode'] });
}
// The browser bundles. `worker` before `browser`: some of unified's dependencies have a DOM build
// (decode-named-character-reference uses `document`), which a web worker does not have.
const browser = { platform: 'browser', target: 'es2022', conditions: ['worker', 'browser'] };
entries.push({ ...browser, entryPoints: ['server/src/browser/main.ts'], outfile: 'dist/browser/server.js', format: 'iife' });
if (existsSync('client/src/browser/extension.ts')) {
  entries.push({ ...browser, entryPoints: ['client/src/browser/extension.ts'], outfile: 'dist/browser/extension.js', external: ['vscode'] });
}
if (tests) {
  // A deleted test must not keep running from an old bundle.
  rmSync('dist-test/vscode', { recursive: true, force: true });
  entries.push({
    entryPoints: ['test/vscode/**/*.ts'],
    outdir: 'dist-test/vscode',
    outbase: 'test/vscode',
    external: ['vscode', 'mocha'],
  });
  // The web suite: one bundle with mocha's browser build, for the web worker extension host.
  entries.push({ ...browser, entryPoints: ['test/web/index.ts'], outfile: 'dist-test/web/index.js', external: ['vscode'] });
}

for (const entry of entries) {
  if (!existsSync(entry.entryPoints[0]) && !entry.entryPoints[0].includes('*')) continue;
  const options = { ...common, ...entry };
  if (watch) {
    const ctx = await esbuild.context(options);
    await ctx.watch();
  } else {
    await esbuild.build(options);
  }
}

// The GitHub Action runs the copy of the CLI that git holds in action/dist/: made with every build,
// so that a change to the engine shows there, to be committed with it (a unit test compares).
if (!watch && existsSync('action/src/main.ts')) {
  const { buildAction } = await import('./build-action.mjs');
  await buildAction();
}
