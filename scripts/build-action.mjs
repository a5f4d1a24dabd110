// Builds the GitHub Action (action.yml) into action/dist/: its entry (action/src/main.ts) and the
// CLI it runs, each one file with no dependencies. A runner runs what the repository holds at the
// ref a workflow names, without `npm install`, so action/dist/ is committed; a unit test
// (test/unit/githubAction.test.ts) fails when it differs from what this script makes. `npm run build`
// runs it too.
//
//   node scripts/build-action.mjs [--out DIR]     (npm run build:action)
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { bundle, bundleCli, repositoryRoot } from './cliBundle.mjs';

/** Writes the Action's entry and CLI into `out` (action/dist/ unless told otherwise). */
export async function buildAction(out = join(repositoryRoot, 'action', 'dist')) {
  mkdirSync(out, { recursive: true });
  await bundle('action/src/main.ts', join(out, 'index.js'));
  await bundleCli(join(out, 'cli.js'));
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({ options: { out: { type: 'string' } } });
  await buildAction(values.out && resolve(values.out));
}
