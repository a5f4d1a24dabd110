// Entry of the bundled language server (dist/server.js). The transport comes from the command
// line: `--stdio`, `--node-ipc` or `--socket=<port>`, as vscode-languageserver reads them.
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { version } from '../../package.json';
import { startServer } from './server';

const USAGE = `aar-language-server ${version}: the After Action Reports language server.

Usage: aar-language-server (--stdio | --node-ipc | --socket=<port>)

  --stdio            speak LSP over standard input and output (most editors)
  --node-ipc         speak LSP over Node IPC (VS Code)
  --socket=<port>    speak LSP over a TCP socket
  --version          print the version
  --help             print this help
`;

const args = process.argv.slice(2);
if (args.includes('--version') || args.includes('-v')) {
  process.stdout.write(`${version}\n`);
} else if (args.includes('--help') || args.includes('-h')) {
  process.stdout.write(USAGE);
} else if (!args.some((a) => /^--(?:stdio|node-ipc|socket|pipe)/.test(a)) && !process.send) {
  process.stderr.write(`No transport given.\n\n${USAGE}`);
  process.exitCode = 2;
} else {
  const connection = createConnection(ProposedFeatures.all);
  // A bug in one handler must not take the editor's checks down with it: log it and carry on.
  process.on('uncaughtException', (e) => connection.console.error(`Unexpected error: ${e.stack ?? e.message}`));
  process.on('unhandledRejection', (e) => connection.console.error(`Unexpected error: ${(e as Error)?.stack ?? String(e)}`));
  startServer(connection, { version });
  connection.listen();
}
