// `npm start`: builds the extension and opens it in a real VS Code (code-server, in the browser)
// on the example workspace, with the extension loaded from this folder for development.
// Runs until Ctrl+C. PORT picks the port (default 8080, or a free one when that is taken).
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { freePort, isPortFree, repoRoot, startCodeServer } from './code-server.mjs';

const host = '127.0.0.1';
const folder = path.join(repoRoot, 'examples');

const build = spawnSync(process.execPath, [path.join(repoRoot, 'scripts', 'build.mjs')], { cwd: repoRoot, stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);

const wanted = Number(process.env.PORT || 8080);
const port = (await isPortFree(wanted, host)) ? wanted : await freePort(host);
if (port !== wanted) console.log(`Port ${wanted} is taken; using ${port}.`);

const server = await startCodeServer({
  port,
  host,
  folder,
  extensionDevelopmentPath: repoRoot,
  userDataDir: path.join(repoRoot, '.vscode-test', 'start', 'user-data'),
  extensionsDir: path.join(repoRoot, '.vscode-test', 'start', 'extensions'),
  onOutput: (text) => {
    if (process.env.AAR_VERBOSE) process.stderr.write(text);
  },
});

console.log(`
After Action Reports is running in VS Code (code-server) with the examples open:

  ${server.url}

Open that URL in a browser. Rebuild with \`npm run build\` and reload the page (or run
"Developer: Reload Window") to pick up changes. Press Ctrl+C to stop.
`);

let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  await server.stop();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
server.process.once('exit', (code) => {
  if (stopping) return;
  console.error(`code-server exited with ${code}.`);
  process.exit(code ?? 1);
});
