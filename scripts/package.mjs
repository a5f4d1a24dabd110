// `npm run package`: builds the bundles for production and makes after-action-reports-<version>.vsix.
//
// The README in the .vsix is not the repository's README.md as it stands: VS Code shows an installed
// extension's README in a webview that allows only `https:` and `data:` images and resolves no
// relative path, so `docs/images/x.png` shows as its alt text, and an https link to GitHub needs the
// network. Here each picture is written into the packaged README as a `data:` URL (so the page
// renders offline, in VS Code and code-server alike), and other relative links point at the
// repository on the web (they would go nowhere from inside VS Code).
//
//   node scripts/package.mjs [--out FILE] [--no-build]
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { repoRoot } from './code-server.mjs';

/** vsce from node_modules (a devDependency): packaging needs no download. */
const VSCE = path.join(repoRoot, 'node_modules', '@vscode', 'vsce', 'vsce');
const { values: options } = parseArgs({ options: { out: { type: 'string' }, 'no-build': { type: 'boolean', default: false } } });
const manifest = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8'));
const out = path.resolve(options.out ?? path.join(repoRoot, `${manifest.name}-${manifest.version}.vsix`));

function run(command, args) {
  const result = spawnSync(command, args, { cwd: repoRoot, stdio: 'inherit', shell: process.platform === 'win32' });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} exited with ${result.status}`);
}

/** The repository's web address, from package.json `repository`, without `.git`. */
export function repositoryWebUrl(pkg = manifest) {
  const url = typeof pkg.repository === 'string' ? pkg.repository : pkg.repository?.url;
  if (!url) throw new Error('package.json has no repository: links in the packaged README need one');
  return url.replace(/^git\+/, '').replace(/\.git$/, '');
}

const MIME = { '.png': 'image/png', '.jpg': 'image/jpeg', '.jpeg': 'image/jpeg', '.gif': 'image/gif' };

/**
 * The README as the extension page shows it: pictures inlined as data: URLs, relative links made
 * absolute (`<repository>/blob/HEAD/<path>`). Anchors (`#…`) and absolute links stay as they are.
 */
export function packagedReadme(markdown, root = repoRoot, pkg = manifest) {
  const web = repositoryWebUrl(pkg);
  const isRelative = (target) => !/^([a-z][a-z0-9+.-]*:|#|\/\/)/i.test(target);
  return markdown.replace(/(!?)\[([^\]]*)\]\(([^)\s]+)((?:\s+"[^"]*")?)\)/g, (whole, bang, text, target, title) => {
    if (!isRelative(target)) return whole;
    const [file, anchor = ''] = target.split('#');
    if (bang) {
      const type = MIME[path.extname(file).toLowerCase()];
      if (!type) throw new Error(`README picture ${target}: only PNG, JPEG and GIF can be inlined (an SVG is refused by the Marketplace)`);
      const data = readFileSync(path.join(root, decodeURI(file))).toString('base64');
      return `![${text}](data:${type};base64,${data}${title})`;
    }
    return `[${text}](${web}/blob/HEAD/${file.replace(/^\.\//, '')}${anchor ? `#${anchor}` : ''}${title})`;
  });
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.join(repoRoot, 'scripts', 'package.mjs')) {
  if (!options['no-build']) run(process.execPath, [path.join('scripts', 'build.mjs'), '--production']);
  const staging = path.join(repoRoot, '.vscode-test', 'package');
  mkdirSync(staging, { recursive: true });
  const readme = path.join(staging, 'README.md');
  writeFileSync(readme, packagedReadme(readFileSync(path.join(repoRoot, 'README.md'), 'utf8')));
  // --no-rewrite-relative-links: the README above has none left, and vsce would refuse its data: pictures.
  run(process.execPath, [VSCE, 'package', '--no-dependencies', '--no-rewrite-relative-links', '--readme-path', path.relative(repoRoot, readme), '--out', out]);
  process.stdout.write(`${path.relative(process.cwd(), out)}\n`);
}
