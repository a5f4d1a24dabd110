// What the CLI prints on stdout when it cannot be written: a full disk or an I/O error under
// `aar lint --format json > out.json` must not end like success (or like "errors found") with a
// file cut short, and a reader that stops early (`aar lint | head -1`) must not end in a stack trace.
import { writeSync } from 'node:fs';

/** The status of a program stopped by SIGPIPE (128 + 13), as `git log | head -1` leaves git's. */
export const CLOSED_PIPE_STATUS = 141;
/** The CLI's status for what kept it from doing its work (see cli.ts). */
const FAILED_STATUS = 2;

/**
 * Watches `stream` (stdout) for a failed write: a closed pipe ends the process quietly with
 * `CLOSED_PIPE_STATUS`; any other failure says so in one line on stderr and ends it with status 2.
 * Node reports such failures as an 'error' event after the write returned, so the process ends
 * there and then: what would follow was going to the same broken output.
 */
export function guardOutput(stream: NodeJS.WriteStream = process.stdout, exit: (code: number) => void = (code) => process.exit(code)): void {
  stream.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') return exit(CLOSED_PIPE_STATUS);
    try {
      writeSync(2, `aar: cannot write the output: ${describe(e)}. What was written is incomplete.\n`);
    } catch {
      // stderr is gone too: the status still says it.
    }
    exit(FAILED_STATUS);
  });
}

function describe(e: NodeJS.ErrnoException): string {
  switch (e.code) {
    case 'ENOSPC':
      return 'no space left on the device (ENOSPC)';
    case 'EDQUOT':
      return 'the disk quota is used up (EDQUOT)';
    case 'EIO':
      return 'an input/output error (EIO)';
    case 'EFBIG':
      return 'the file would be too large (EFBIG)';
    default:
      return e.code ? `${e.code}` : e.message;
  }
}
