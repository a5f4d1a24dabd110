// The language client library logs every exit of the server process as an error, the exit that
// "Restart Language Server" asks for included: "[Error - 19:48:11] Server process exited with
// code 0." A clean exit is news, not an error; any other exit stays an error.
import type * as vscode from 'vscode';

const CLEAN_EXIT = /^\[Error - ([^\]]+)\] Server process exited with code 0\.$/;

/** The line as the output shows it: a clean exit of the server as information. */
export function outputLine(line: string): string {
  const clean = CLEAN_EXIT.exec(line);
  return clean ? `[Info  - ${clean[1]}] The language server stopped (exit code 0).` : line;
}

/** `output`, with each line written through `outputLine`. */
export function withCleanExits(output: vscode.OutputChannel): vscode.OutputChannel {
  return new Proxy(output, {
    get(target, property, receiver) {
      if (property === 'appendLine') return (line: string) => target.appendLine(outputLine(line));
      const value: unknown = Reflect.get(target, property, receiver);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}
