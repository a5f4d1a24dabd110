// Makes the npm package of the CLI alone, `after-action-reports-cli`: cli-package/ (its package.json
// and README), the LICENSE, GitHub's problem matcher, and the CLI bundled into one file with no
// dependencies; then `npm pack`.
//
//   node scripts/package-cli.mjs [--out DIR]     (npm run package:cli)
//
// Prints the path of the tarball (default: dist/after-action-reports-cli-<version>.tgz), ready for
// `npm publish <tarball>` or `npm install <tarball>`.
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { bundleCli, repositoryRoot } from './cliBundle.mjs';

const { values } = parseArgs({ options: { out: { type: 'string' } } });
const out = resolve(values.out ?? join(repositoryRoot, 'dist'));
const source = join(repositoryRoot, 'cli-package');
const manifest = JSON.parse(readFileSync(join(source, 'package.json'), 'utf8'));
const { version } = JSON.parse(readFileSync(join(repositoryRoot, 'package.json'), 'utf8'));
// `aar --version` prints the extension's version: the package must say the same.
if (manifest.version !== version) {
  console.error(`cli-package/package.json is at version ${manifest.version} and package.json at ${version}: make them the same.`);
  process.exit(1);
}

const stage = join(repositoryRoot, 'dist', 'cli-package');
rmSync(stage, { recursive: true, force: true });
mkdirSync(stage, { recursive: true });
copyFileSync(join(source, 'package.json'), join(stage, 'package.json'));
copyFileSync(join(source, 'README.md'), join(stage, 'README.md'));
copyFileSync(join(repositoryRoot, 'LICENSE'), join(stage, 'LICENSE'));
// For `::add-matcher::node_modules/after-action-reports-cli/github-problem-matcher.json` (docs/ci.md).
copyFileSync(join(repositoryRoot, 'resources', 'github-problem-matcher.json'), join(stage, 'github-problem-matcher.json'));
await bundleCli(join(stage, 'cli.js'));

mkdirSync(out, { recursive: true });
const packed = JSON.parse(execFileSync('npm', ['pack', '--json', '--pack-destination', out], { cwd: stage, encoding: 'utf8' }));
console.log(join(out, packed[0].filename));
