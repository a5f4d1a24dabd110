// Entry of the bundled language server (dist/server.js). The transport comes from the command
// line: `--stdio`, `--node-ipc` or `--socket=<port>`, as vscode-languageserver reads them.
import { setFlagsFromString } from 'node:v8';
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { version } from '../../package.json';
import { nodeHost } from './node/host';
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
  collectGarbageSooner();
  const connection = createConnection(ProposedFeatures.all);
  // A bug in one handler must not take the editor's checks down with it: log it and carry on.
  process.on('uncaughtException', (e) => connection.console.error(`Unexpected error: ${e.stack ?? e.message}`));
  process.on('unhandledRejection', (e) => connection.console.error(`Unexpected error: ${(e as Error)?.stack ?? String(e)}`));
  startServer(connection, { version, host: nodeHost });
  connection.listen();
}

/**
 * Each keystroke in a long report leaves its version of the text and its diagnostics message behind,
 * a megabyte or more, most of it in V8's large-object space. By default V8 lets garbage grow to up
 * to four times what is live before it collects; typing in a 600 KB report then took the server from
 * 170 MB to over 400 MB. Twice what is live is plenty for a process that lives as long as the
 * editor: the quick LSP typing bench then peaked at 276 MB instead of 383-393 MB, with completion
 * latency and the pipelined burst unchanged; in the engine alone a keystroke cost about 10% more.
 */
function collectGarbageSooner(): void {
  try {
    setFlagsFromString('--heap-growing-percent=100');
  } catch {
    // A Node that no longer takes flags at run time: its defaults hold.
  }
}
