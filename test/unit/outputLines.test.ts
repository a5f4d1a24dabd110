// The output channel's lines as a user reads them after "Restart Language Server".
import assert from 'node:assert/strict';
import { outputLine } from '../../client/src/outputLines';

describe('the output of the language client', () => {
  it('says a clean exit of the server (a restart asked for) is information, not an error', () => {
    assert.equal(outputLine('[Error - 7:48:11 PM] Server process exited with code 0.'), '[Info  - 7:48:11 PM] The language server stopped (exit code 0).');
  });

  it('leaves a crash, a signal and every other line as they are', () => {
    for (const line of [
      '[Error - 19:48:11] Server process exited with code 1.',
      '[Error - 19:48:11] Server process exited with signal SIGKILL.',
      '[client] restarting the language server on request.',
      'Indexed 2 reports in 1 folder in 52 ms: 2 Markdown files, 1 from the saved index, 1 analysed.',
    ]) {
      assert.equal(outputLine(line), line);
    }
  });
});
