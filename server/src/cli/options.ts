// What every verb of `aar` reads from its command line the same way: options, dates, paths, the
// configuration file. A mistake is a `UsageError`: the entry prints it and exits 2, having
// printed nothing on stdout.
import { promises as fs } from 'node:fs';
import { availableParallelism } from 'node:os';
import * as path from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { isoFrom } from '../core/dates';
import { loadConfigFile, loadWorkspaceConfig } from '../node/config';
import type { AarConfig } from '../core';

export class UsageError extends Error {}

export function fail(message: string): never {
  throw new UsageError(message);
}

type Options = NonNullable<ParseArgsConfig['options']>;

/** `parseArgs` with positionals allowed and its errors said the way the rest of `aar` says them. */
export function parseCommandLine<O extends Options>(args: string[], options: O) {
  try {
    return parseArgs({ args, allowPositionals: true, strict: true, options });
  } catch (e) {
    const message = (e as Error).message;
    const unknown = /^Unknown option '([^']+)'/.exec(message);
    if (unknown) fail(`Unknown option "${unknown[1]}".`);
    const missing = /^Option '(?:-\w, )?(--[\w-]+) <value>' argument missing/.exec(message);
    if (missing) fail(`${missing[1]} needs a value.`);
    fail(message);
  }
}

const HELP_OPTION = { help: { type: 'boolean', short: 'h' } } as const;

/**
 * A verb's command line, read as `parseCommandLine` reads it with `--help`/`-h` added: undefined
 * once the verb's help is printed (the verb then exits 0), else the values and positionals.
 */
export function parseVerbLine<O extends Options>(args: string[], options: O, help: string) {
  const parsed = parseCommandLine(args, { ...options, ...HELP_OPTION });
  if (!(parsed.values as { help?: boolean }).help) return parsed;
  process.stdout.write(help);
  return undefined;
}

/** The value of `--format`, one of `formats`; the first is the default. */
export function readFormat<F extends string>(value: string | undefined, formats: readonly F[]): F {
  if (value === undefined) return formats[0];
  if (!(formats as readonly string[]).includes(value)) {
    fail(`Unknown format "${value}": use ${formats.slice(0, -1).join(', ')} or ${formats[formats.length - 1]}.`);
  }
  return value as F;
}

/** A real date written `YYYY-MM-DD`, for the option named. */
export function readDateOption(option: string, value: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  const iso = m && isoFrom(+m[1], +m[2], +m[3]);
  if (!iso) fail(`${option} must be a real date written YYYY-MM-DD, not "${value}".`);
  return iso;
}

export function readToday(value: string): string {
  return readDateOption('--today', value);
}

const SIZE_UNITS: Record<string, number> = { '': 1, b: 1, k: 1024, kb: 1024, m: 1024 ** 2, mb: 1024 ** 2, g: 1024 ** 3, gb: 1024 ** 3 };

/** `--max-file-size`: bytes, or a number with KB, MB or GB; at least 1 KB, as the setting. */
export function readMaxFileSize(value: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*([a-z]*)$/i.exec(value.trim());
  const unit = m ? SIZE_UNITS[m[2].toLowerCase()] : undefined;
  const bytes = m && unit ? Math.floor(Number(m[1]) * unit) : NaN;
  if (!(bytes >= 1024)) fail(`--max-file-size must be a size of at least 1KB, such as 500KB, 10MB or 4194304 (bytes), not "${value}".`);
  return bytes;
}

export function readJobs(value: string): number {
  const jobs = /^\d+$/.test(value) ? Number(value) : NaN;
  if (!(jobs >= 1 && jobs <= 256)) fail(`--jobs must be a whole number from 1 to 256, not "${value}".`);
  return jobs;
}

/** Fails unless `p` (relative to `cwd`) is a file or folder that can be read. */
export async function checkPathReadable(p: string, cwd: string): Promise<void> {
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

/** The configuration named by `--config`; any problem in it is a usage error. */
export async function readConfigOption(file: string, cwd: string): Promise<AarConfig> {
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

/**
 * The configuration of the team folder `root` (its `.aar.yml`, else the defaults); problems in the
 * file are told to `warn` and what is valid still applies, as `aar lint` does.
 */
export async function teamConfig(root: string, cwd: string, warn: (message: string) => void): Promise<AarConfig> {
  const loaded = await loadWorkspaceConfig(root);
  for (const e of loaded.errors) warn(`${path.relative(cwd, loaded.file ?? root) || loaded.file}:${e.line + 1}: ${e.message}`);
  return loaded.config;
}

const warned = new Set<string>();

/** `aar: warning: …` on stderr, once per message (a verb may read the same `.aar.yml` twice). */
export function warn(message: string): void {
  if (warned.has(message)) return;
  warned.add(message);
  process.stderr.write(`aar: warning: ${message}\n`);
}

/** The options every verb that reads reports takes: `aar lint`, `aar actions`, `aar reviews`. */
export const READ_OPTIONS = {
  config: { type: 'string', short: 'c' },
  today: { type: 'string' },
  jobs: { type: 'string', short: 'j' },
  'max-file-size': { type: 'string' },
} as const;

export interface ReadValues {
  config?: string;
  today?: string;
  jobs?: string;
  'max-file-size'?: string;
}

export interface ReadingOptions {
  today?: string;
  jobs: number;
  config?: AarConfig;
  maxFileSize?: number;
}

/** Threads that analyse at once unless `--jobs` says: one fewer than the cores, at least one, at most 8. */
export function defaultJobs(cores = availableParallelism()): number {
  return Math.max(1, Math.min(cores - 1, 8));
}

/** The reading options as given, checked, and the paths checked readable: a mistake in any is a usage error. */
export async function readReadingOptions(values: ReadValues, paths: string[], cwd: string): Promise<ReadingOptions> {
  const today = values.today === undefined ? undefined : readToday(values.today);
  // One core is left to V8's own threads (garbage collection, compilation), which keep it half busy
  // behind a single analysing thread: on two cores, two threads linted 2,000 reports in 3.1 s and one
  // in 2.7 s. Each thread loads the engine (tens of MB): past 8, more cores rarely pay for the memory.
  const jobs = values.jobs === undefined ? defaultJobs() : readJobs(values.jobs);
  const config = values.config === undefined ? undefined : await readConfigOption(values.config, cwd);
  const maxFileSize = values['max-file-size'] === undefined ? undefined : readMaxFileSize(values['max-file-size']);
  for (const p of paths) await checkPathReadable(p, cwd);
  return { today, jobs, config, maxFileSize };
}
