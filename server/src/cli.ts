// Entry of the bundled CLI (dist/cli.js): `aar lint` runs the same checks as the editor, for CI.
// Exit codes: 0 no errors, 1 error-level findings, 2 bad usage or a path that cannot be read.
import { promises as fs } from 'node:fs';
import { availableParallelism } from 'node:os';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { isMainThread, workerData } from 'node:worker_threads';
import { version } from '../../package.json';
import { isoFrom } from './core/dates';
import { FORMATS, formatJson, formatStylish, type Format } from './cli/format';
import { lint } from './cli/lint';
import { serveWorker } from './cli/worker';
import { findMarkedRoot, loadConfigFile } from './node/config';
import { engineFingerprint } from './node/fileCache';
import { bundledWorkerScript, WORKER_MARK } from './node/workerPool';
import type { AarConfig } from './core';

const USAGE = `aar ${version}: checks After Action Reports (postmortems, retrospectives) written as Markdown.

Usage:
  aar lint [paths...] [options]   check the reports in these files and folders (default: .)
  aar --help                      print this help
  aar --version                   print the version

Options of lint:
  --format stylish|json   output for people (default) or a JSON array for tools
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

class UsageError extends Error {}

function fail(message: string): never {
  throw new UsageError(message);
}

async function checkPathReadable(p: string, cwd: string): Promise<void> {
  const full = path.resolve(cwd, p);
  let stat;
  try {
    stat = await fs.stat(full);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    fail(code === 'ENOENT' || code === 'ENOTDIR' ? `No such file or folder: ${p}` : `Cannot read ${p} (${code}).`);
  }
  try {
    if (stat.isDirectory()) await fs.readdir(full);
    else await fs.access(full, fs.constants.R_OK);
  } catch (e) {
    fail(`Cannot read ${p} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}).`);
  }
}

async function readConfigOption(file: string, cwd: string): Promise<AarConfig> {
  let loaded;
  try {
    loaded = await loadConfigFile(path.resolve(cwd, file));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    fail(code === 'ENOENT' ? `Configuration file not found: ${file}` : `Cannot read the configuration file ${file} (${code ?? (e as Error).message}).`);
  }
  if (loaded.errors.length) {
    fail(`Invalid configuration file ${file}:\n${loaded.errors.map((e) => `  line ${e.line + 1}: ${e.message}`).join('\n')}`);
  }
  return loaded.config;
}

function readToday(value: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  const iso = m && isoFrom(+m[1], +m[2], +m[3]);
  if (!iso) fail(`--today must be a real date written YYYY-MM-DD, not "${value}".`);
  return iso;
}

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

const SIZE_UNITS: Record<string, number> = { '': 1, b: 1, k: 1024, kb: 1024, m: 1024 ** 2, mb: 1024 ** 2, g: 1024 ** 3, gb: 1024 ** 3 };

/** `--max-file-size`: bytes, or a number with KB, MB or GB; at least 1 KB, as the setting. */
function readMaxFileSize(value: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*([a-z]*)$/i.exec(value.trim());
  const unit = m ? SIZE_UNITS[m[2].toLowerCase()] : undefined;
  const bytes = m && unit ? Math.floor(Number(m[1]) * unit) : NaN;
  if (!(bytes >= 1024)) fail(`--max-file-size must be a size of at least 1KB, such as 500KB, 10MB or 4194304 (bytes), not "${value}".`);
  return bytes;
}

function readJobs(value: string): number {
  const jobs = /^\d+$/.test(value) ? Number(value) : NaN;
  if (!(jobs >= 1 && jobs <= 256)) fail(`--jobs must be a whole number from 1 to 256, not "${value}".`);
  return jobs;
}

async function runLint(allArgs: string[]): Promise<number> {
  const { rest: args, cache: cacheOption } = takeCacheOption(allArgs);
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      options: {
        format: { type: 'string', short: 'f' },
        config: { type: 'string', short: 'c' },
        today: { type: 'string' },
        jobs: { type: 'string', short: 'j' },
        'max-file-size': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (e) {
    const unknown = /^Unknown option '([^']+)'/.exec((e as Error).message);
    fail(unknown ? `Unknown option "${unknown[1]}".` : (e as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  const format = (values.format ?? 'stylish') as Format;
  if (!FORMATS.includes(format)) fail(`Unknown format "${values.format}": use ${FORMATS.join(' or ')}.`);
  const cwd = process.cwd();
  const today = values.today === undefined ? undefined : readToday(values.today);
  // Each thread loads the engine (tens of MB): past 8, more cores rarely pay for the memory.
  const jobs = values.jobs === undefined ? Math.min(availableParallelism(), 8) : readJobs(values.jobs);
  const config = values.config === undefined ? undefined : await readConfigOption(values.config, cwd);
  const maxFileSize = values['max-file-size'] === undefined ? undefined : readMaxFileSize(values['max-file-size']);
  const paths = positionals.length ? positionals : ['.'];
  for (const p of paths) await checkPathReadable(p, cwd);
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
    onConfigWarning: (message) => process.stderr.write(`aar: warning: ${message}\n`),
    onWarning: (message) => process.stderr.write(`aar: warning: ${message}\n`),
    onDebug: debug ? (message) => process.stderr.write(`aar: debug: ${message}\n`) : undefined,
  });
  process.stdout.write(
    format === 'json'
      ? formatJson(result.files)
      : formatStylish(result.files, {
          color: !!process.stdout.isTTY && !process.env.NO_COLOR,
          reportsChecked: result.reportsChecked,
          filesLooked: result.filesLooked,
        }),
  );
  return result.files.some((f) => f.findings.some((finding) => finding.severity === 'error')) ? 1 : 0;
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === '--version' || command === '-v') {
    process.stdout.write(`${version}\n`);
    return 0;
  }
  if (command === '--help' || command === '-h' || command === 'help') {
    process.stdout.write(USAGE);
    return 0;
  }
  if (command === undefined) fail('No command given.');
  if (command === 'lint') return runLint(rest);
  fail(command.startsWith('-') ? `Unknown option "${command}".` : `Unknown command "${command}".`);
}

function runCli(): void {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (e: Error) => {
      if (e instanceof UsageError) {
        process.stderr.write(`aar: ${e.message}\n\nRun "aar --help" for usage.\n`);
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
