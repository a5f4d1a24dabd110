// GitHub Actions' side of what `aar lint --format github` and the Action print: workflow commands
// read back as the runner reads them (`::name key=value,…::message`, %-escapes undone), and the
// files the runner hands a step for its outputs and job summary.
import { readFileSync } from 'node:fs';

export interface WorkflowCommand {
  command: string;
  properties: Record<string, string>;
  message: string;
}

const unescape = (text: string) => text.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%3A/g, ':').replace(/%2C/g, ',').replace(/%25/g, '%');

/** The workflow commands among the lines of a step's output, in order; other lines are left out. */
export function workflowCommands(output: string): WorkflowCommand[] {
  const commands: WorkflowCommand[] = [];
  for (const line of output.split('\n')) {
    const m = /^::([a-z-]+)(?: ([^:]*))?::(.*)$/.exec(line.replace(/\r$/, ''));
    if (!m) continue;
    const properties: Record<string, string> = {};
    for (const pair of m[2] ? m[2].split(',') : []) {
      const eq = pair.indexOf('=');
      properties[pair.slice(0, eq)] = unescape(pair.slice(eq + 1));
    }
    commands.push({ command: m[1], properties, message: unescape(m[3]) });
  }
  return commands;
}

/** What a step wrote to `$GITHUB_OUTPUT`: `name=value` lines and `name<<DELIMITER` blocks. */
export function readOutputsFile(file: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  const lines = readFileSync(file, 'utf8').split('\n');
  for (let i = 0; i < lines.length; i++) {
    const heredoc = /^([^=]+)<<(.+)$/.exec(lines[i]);
    if (heredoc) {
      const end = lines.indexOf(heredoc[2], i + 1);
      outputs[heredoc[1]] = lines.slice(i + 1, end).join('\n');
      i = end;
    } else if (lines[i].includes('=')) {
      const eq = lines[i].indexOf('=');
      outputs[lines[i].slice(0, eq)] = lines[i].slice(eq + 1);
    }
  }
  return outputs;
}
