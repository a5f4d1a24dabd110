// Entry of the bundled CLI (dist/cli.js): the engine of the editor for the command line and CI.
// Each verb is a `Command` in cli/; they share the exit codes: 0 success (for `aar lint`: no
// finding is an error), 1 error-level findings (`aar lint`), 2 bad usage, a path that cannot be
// read or output that cannot be written, with the message on stderr; 141 when the reader of the
// output went away (`| head`), as for a program stopped by SIGPIPE.
import { setFlagsFromString } from 'node:v8';
import { isMainThread, workerData } from 'node:worker_threads';
import { version } from '../../package.json';
import { actionsCommand } from './cli/actions';
import type { Command } from './cli/command';
import { lintCommand } from './cli/lintCommand';
import { newReviewCommand } from './cli/newReview';
import { initCommand } from './cli/init';
import { fail, UsageError } from './cli/options';
import { guardOutput } from './cli/output';
import { reviewsCommand } from './cli/reviews';
import { summaryCommand } from './cli/summary';
import { serveWorker } from './cli/worker';
import { WORKER_MARK } from './node/workerPool';

const COMMANDS: Command[] = [lintCommand, actionsCommand, reviewsCommand, newReviewCommand, summaryCommand, initCommand];

function usage(): string {
  const width = Math.max(...COMMANDS.map((c) => c.synopsis.length));
  return `aar ${version}: checks and follows up After Action Reports (postmortems, retrospectives) written as Markdown.

Usage:
${COMMANDS.map((c) => `  ${c.synopsis.padEnd(width)}  ${c.summary}`).join('\n')}
  ${'aar <command> --help'.padEnd(width)}  the options of a command
  ${'aar --help | --version'.padEnd(width)}  this help; the version

Exit status: 0 on success (aar lint: no finding is an error), 1 when aar lint finds an error (aar
init: when --write would change an existing .aar.yml), 2 for bad usage, a path that cannot be read
or output that cannot be written (a full disk), 141 when the reader of the output stopped (| head).
`;
}

/** The verb running, so that a usage error points at its help. */
let running: Command | undefined;

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === '--version' || name === '-v') {
    process.stdout.write(`${version}\n`);
    return 0;
  }
  if (name === '--help' || name === '-h' || name === 'help') {
    const command = name === 'help' ? COMMANDS.find((c) => c.name === rest[0]) : undefined;
    process.stdout.write(command ? command.help : usage());
    return 0;
  }
  if (name === undefined) fail('No command given.');
  const command = COMMANDS.find((c) => c.name === name);
  if (command) {
    running = command;
    return command.run(rest);
  }
  fail(name.startsWith('-') ? `Unknown option "${name}".` : `Unknown command "${name}": use ${COMMANDS.map((c) => c.name).join(', ')}.`);
}

/**
 * V8 lets a busy heap grow to several times what is alive between collections; a run over a large
 * workspace is nearly all short-lived garbage, so it grew to 280 MB at 20,000 reports with 70 MB
 * alive. Collecting once the heap is 30% over what is alive kept it at 170 MB, no slower (measured
 * with `npm run bench` and scripts/bench/scale.mjs). Process-wide: the worker threads follow; not
 * set in the language server, which loads this bundle only in worker threads of its own.
 */
const HEAP_GROWING_PERCENT = 30;

function runCli(): void {
  setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
  guardOutput();
  let settled = false;
  // Node ends a process whose event loop is empty even while a promise waits: an output cut short
  // by a bug (work waiting for work that never comes) must not end like a finished run.
  process.on('beforeExit', () => {
    if (settled) return;
    settled = true;
    process.stderr.write('aar: internal error: the run stopped before it finished; its output is incomplete.\n');
    process.exitCode = 2;
  });
  main(process.argv.slice(2)).then(
    (code) => {
      settled = true;
      process.exitCode = code;
    },
    (e: Error) => {
      settled = true;
      if (e instanceof UsageError) {
        const help = running ? `"aar ${running.name} --help" or "aar --help"` : '"aar --help"';
        process.stderr.write(`aar: ${e.message}\n\nRun ${help} for usage.\n`);
      } else {
        process.stderr.write(`aar: unexpected error: ${e.stack ?? e.message}\n`);
      }
      process.exitCode = 2;
    },
  );
}

// The same bundle runs the analyses in worker threads (for `aar lint` and the language server).
if (!isMainThread && (workerData as Record<string, unknown> | null)?.[WORKER_MARK]) serveWorker();
else runCli();
