// `aar lint`: the editor's checks for CI. Exit 0 when no finding is an error, 1 when one is.
import * as path from 'node:path';
import { version } from '../../../package.json';
import { findMarkedRoot } from '../node/config';
import { engineFingerprint } from '../node/fileCache';
import { bundledWorkerScript } from '../node/workerPool';
import type { Command } from './command';
import { FORMATS, formatJson, formatStylish } from './format';
import { lint } from './lint';
import { fail, parseVerbLine, READ_OPTIONS, readFormat, readReadingOptions, warn } from './options';
import { formatSarif } from './sarif';

const HELP = `Usage: aar lint [paths...] [options]

Checks the After Action Reports in these files and folders (default: .) as the editor does.

Options:
  --format stylish|json|sarif
                          for people (default); a JSON array (file, line, column, endLine,
                          endColumn, rule, severity, message); or SARIF 2.1.0 for code scanning
  --config FILE           use this configuration instead of each folder's .aar.yml
  --today YYYY-MM-DD      the date overdue actions are measured against (default: today)
  --jobs N                threads that analyse reports at once (default: one per core, up to 8; 1: no worker threads)
  --cache[=DIR]           keep results between runs and re-check only files that changed, in DIR
                          (default: .aar-cache/ in the repository root, else the current folder)
  --max-file-size SIZE    skip reports larger than this, with a note (default: 2MB; e.g. 500KB, 10MB,
                          or bytes), as the editor's aar.maxFileSize setting does

A Markdown file is a report when its front matter says \`type: after-action-report\`, its name ends
in .aar.md, or it lies in a report folder (reviews/, postmortems/, ... or the \`reports\` globs of
.aar.yml). Files named on the command line are always checked. node_modules and dot folders are
not walked.

Exit status: 0 when no finding is an error, 1 when one is, 2 for bad usage or unreadable paths.
`;

/** `--cache` takes its folder only as `--cache=DIR`: a separate word is a path to check. */
function takeCacheOption(args: string[]): { rest: string[]; cache?: { dir?: string } } {
  const rest: string[] = [];
  let cache: { dir?: string } | undefined;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--') {
      rest.push(...args.slice(i));
      break;
    }
    if (arg === '--cache') cache = {};
    else if (arg.startsWith('--cache=')) {
      const dir = arg.slice('--cache='.length);
      if (!dir) fail('--cache= needs a folder, or write --cache alone for the default.');
      cache = { dir };
    } else rest.push(arg);
  }
  return { rest, cache };
}

const OPTIONS = {
  format: { type: 'string', short: 'f' },
  ...READ_OPTIONS,
} as const;

async function run(allArgs: string[]): Promise<number> {
  const { rest: args, cache: cacheOption } = takeCacheOption(allArgs);
  const parsed = parseVerbLine(args, OPTIONS, HELP);
  if (!parsed) return 0;
  const { values, positionals } = parsed;
  const format = readFormat(values.format, FORMATS);
  const cwd = process.cwd();
  const paths = positionals.length ? positionals : ['.'];
  const { today, jobs, config, maxFileSize } = await readReadingOptions(values, paths, cwd);
  let cache;
  if (cacheOption) {
    const dir = cacheOption.dir ? path.resolve(cwd, cacheOption.dir) : path.join((await findMarkedRoot(cwd)) ?? cwd, '.aar-cache');
    // The engine is this bundle: a rebuilt one does not trust what an older one found.
    cache = { file: path.join(dir, 'lint.json'), engine: await engineFingerprint(version, [__filename]) };
  }
  const debug = /\bworkers\b|\bcache\b|\ball\b/.test(process.env.AAR_DEBUG ?? '');

  const result = await lint({
    paths,
    cwd,
    config,
    today,
    maxFileSize,
    jobs,
    workerScript: bundledWorkerScript(),
    cache,
    onConfigWarning: warn,
    onWarning: warn,
    onDebug: debug ? (message) => process.stderr.write(`aar: debug: ${message}\n`) : undefined,
  });
  process.stdout.write(
    format === 'json'
      ? formatJson(result.files)
      : format === 'sarif'
        ? formatSarif(result.files, { version })
        : formatStylish(result.files, {
            color: !!process.stdout.isTTY && !process.env.NO_COLOR,
            reportsChecked: result.reportsChecked,
            filesLooked: result.filesLooked,
          }),
  );
  return result.files.some((f) => f.findings.some((finding) => finding.severity === 'error')) ? 1 : 0;
}

export const lintCommand: Command = {
  name: 'lint',
  synopsis: 'aar lint [paths...] [options]',
  summary: 'check the reports; exit 1 when a finding is an error (--format stylish|json|sarif)',
  help: HELP,
  run,
};
