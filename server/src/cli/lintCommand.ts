// `aar lint`: the editor's checks for CI. Exit 0 when no finding is an error, 1 when one is
// (one the suppressions file does not hold back).
import { once } from 'node:events';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { version } from '../../../package.json';
import { rules } from '../core';
import { findMarkedRoot } from '../node/config';
import { engineFingerprint } from '../node/fileCache';
import { toPosixRelative } from '../node/paths';
import { bundledWorkerScript } from '../node/workerPool';
import type { Command } from './command';
import { FORMATS, jsonWriter, stylishWriter, type FileFindings } from './format';
import { isInside, lint, type LintedFile, type LintResult } from './lint';
import { fail, parseVerbLine, READ_OPTIONS, readFormat, readReadingOptions, warn } from './options';
import { githubWriter } from './github';
import { sarifWriter } from './sarif';
import {
  applySuppressions,
  countRecorded,
  InvalidSuppressions,
  pruneSuppressions,
  readSuppressionsFile,
  recordSuppressions,
  serializeSuppressions,
  SUPPRESSIONS_FILE_NAME,
  writeSuppressionsFile,
  type Suppressions,
} from './suppressions';
import { plural } from '../core/words';

const HELP = `Usage: aar lint [paths...] [options]

Checks the After Action Reports in these files and folders (default: .) as the editor does.

Options:
  --format stylish|json|sarif|github
                          for people (default); a JSON array (file, line, column, endLine,
                          endColumn, rule, severity, message); SARIF 2.1.0 for code scanning; or
                          GitHub Actions annotations (::error file=…,line=…::message)
  --sarif-file FILE       also write the findings as SARIF 2.1.0 to FILE, as --format sarif prints
                          them, in the same run (a CI job that wants both checks the reports once)
  --config FILE           use this configuration instead of each folder's .aar.yml
  --today YYYY-MM-DD      the date overdue actions are measured against (default: today)
  --jobs N                threads that analyse reports at once (default: one fewer than the cores, at least 1, up to 8; 1: no worker threads)
  --cache[=DIR]           keep results between runs and re-check only files that changed, in DIR
                          (default: .aar-cache/ in the repository root, else the current folder)
  --max-file-size SIZE    skip reports larger than this, with a note (default: 2MB; e.g. 500KB, 10MB,
                          or bytes), as the editor's afterActionReports.maxFileSize setting does

Suppressions, to adopt aar lint on existing reports without fixing them all first:
  --suppress-all          record every problem found now in the suppressions file and exit 0;
                          later runs report only problems beyond those recorded, per file and rule
  --suppress-rule RULE    the same for this rule only (repeatable); other problems are reported
  --prune-suppressions    take out of the suppressions file the recorded problems that are fixed
  --suppressions-location FILE
                          the suppressions file (default: ${SUPPRESSIONS_FILE_NAME} in the repository
                          root, else the current folder); read whenever it exists

A Markdown file is a report when its front matter says \`type: after-action-report\`, its name ends
in .aar.md, or it lies in a report folder (reviews/, postmortems/, ... or the \`reports\` globs of
.aar.yml). Files named on the command line are always checked. node_modules and dot folders are
not walked.

Exit status: 0 when no finding is an error, 1 when one is (one not suppressed), 2 for bad usage,
unreadable paths or an unreadable or invalid suppressions file.
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
  'sarif-file': { type: 'string' },
  ...READ_OPTIONS,
  'suppress-all': { type: 'boolean' },
  'suppress-rule': { type: 'string', multiple: true },
  'prune-suppressions': { type: 'boolean' },
  'suppressions-location': { type: 'string' },
} as const;

/** What to do with the suppressions file besides reading it. */
type SuppressionsMode = { kind: 'read' } | { kind: 'record'; rules?: ReadonlySet<string> } | { kind: 'prune' };

function readSuppressionsMode(values: { 'suppress-all'?: boolean; 'suppress-rule'?: string[]; 'prune-suppressions'?: boolean }): SuppressionsMode {
  const suppressRules = values['suppress-rule'];
  if (values['suppress-all'] && suppressRules) fail('--suppress-all and --suppress-rule cannot be used together: --suppress-all records every rule.');
  if (values['prune-suppressions'] && (values['suppress-all'] || suppressRules)) {
    fail(`--prune-suppressions and ${values['suppress-all'] ? '--suppress-all' : '--suppress-rule'} cannot be used together.`);
  }
  if (values['prune-suppressions']) return { kind: 'prune' };
  if (values['suppress-all']) return { kind: 'record' };
  if (!suppressRules) return { kind: 'read' };
  const known = new Set(rules.map((r) => r.id));
  for (const rule of suppressRules) {
    if (!known.has(rule)) fail(`Unknown rule "${rule}" for --suppress-rule: use one of ${[...known].join(', ')}.`);
  }
  return { kind: 'record', rules: new Set(suppressRules) };
}

/** The suppressions file's path and what it holds (undefined when there is none); a file that cannot be used is a usage error. */
async function loadSuppressions(location: string | undefined, mode: SuppressionsMode, cwd: string) {
  const file = location !== undefined ? path.resolve(cwd, location) : path.join((await findMarkedRoot(cwd)) ?? cwd, SUPPRESSIONS_FILE_NAME);
  const shown = toPosixRelative(file, cwd);
  let suppressions: Suppressions | undefined;
  try {
    suppressions = await readSuppressionsFile(file);
  } catch (e) {
    if (e instanceof InvalidSuppressions) fail(`Invalid suppressions file ${shown}: ${e.message}.`);
    fail(`Cannot read the suppressions file ${shown} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}).`);
  }
  // A file named on purpose that is not there is a mistake (a typo would silently suppress nothing),
  // unless this run is the one that makes it.
  if (!suppressions && location !== undefined && mode.kind !== 'record') fail(`Suppressions file not found: ${location}`);
  return { file, shown, suppressions };
}

/**
 * Whether this run speaks for a file the suppressions file names (by its path from the file's
 * folder): the walk looked at it, or it lay under the paths checked and is gone. Entries of files
 * outside the paths checked are kept as they are, so `aar lint docs/ --suppress-all` leaves the
 * rest of the repository's entries alone.
 */
async function coverageOf(suppressions: Suppressions | undefined, folder: string, roots: string[], result: LintResult): Promise<(key: string) => boolean> {
  const looked = new Set(result.lookedAt);
  const gone = new Set<string>();
  for (const key of suppressions?.keys() ?? []) {
    const file = path.resolve(folder, key);
    if (looked.has(file) || !roots.some((root) => file === root || isInside(file, root))) continue;
    try {
      await fs.stat(file);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT' || (e as NodeJS.ErrnoException).code === 'ENOTDIR') gone.add(key);
    }
  }
  return (key) => gone.has(key) || looked.has(path.resolve(folder, key));
}


/** Writes the suppressions file; a file that cannot be written is a usage error (exit 2, nothing on stdout yet). */
async function save(file: string, shown: string, suppressions: Suppressions): Promise<void> {
  try {
    await writeSuppressionsFile(file, suppressions);
  } catch (e) {
    fail(`Cannot write the suppressions file ${shown} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}).`);
  }
}

/** Writes the SARIF log of `--sarif-file`, its folder made if need be. */
async function writeSarifFile(file: string, shown: string, text: string): Promise<void> {
  try {
    await fs.mkdir(path.dirname(file), { recursive: true });
    await fs.writeFile(file, text);
  } catch (e) {
    fail(`Cannot write the SARIF file ${shown} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}).`);
  }
}

async function run(allArgs: string[]): Promise<number> {
  const { rest: args, cache: cacheOption } = takeCacheOption(allArgs);
  const parsed = parseVerbLine(args, OPTIONS, HELP);
  if (!parsed) return 0;
  const { values, positionals } = parsed;
  const format = readFormat(values.format, FORMATS);
  const mode = readSuppressionsMode(values);
  const cwd = process.cwd();
  const sarifShown = values['sarif-file'];
  if (sarifShown === '') fail('--sarif-file needs a file name.');
  const paths = positionals.length ? positionals : ['.'];
  const { today, jobs, config, maxFileSize } = await readReadingOptions(values, paths, cwd);
  // Read before the reports: a bad suppressions file stops the run before any work or output.
  const loaded = await loadSuppressions(values['suppressions-location'], mode, cwd);
  let cache;
  if (cacheOption) {
    const dir = cacheOption.dir ? path.resolve(cwd, cacheOption.dir) : path.join((await findMarkedRoot(cwd)) ?? cwd, '.aar-cache');
    // The engine is this bundle: a rebuilt one does not trust what an older one found.
    cache = { file: path.join(dir, 'lint.json'), engine: await engineFingerprint(version, [__filename]) };
  }
  const debug = /\bworkers\b|\bcache\b|\ball\b/.test(process.env.AAR_DEBUG ?? '');

  const options = {
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
    onDebug: debug ? (message: string) => process.stderr.write(`aar: debug: ${message}\n`) : undefined,
  };
  const writer =
    format === 'json'
      ? jsonWriter()
      : format === 'sarif'
        ? sarifWriter({ version, suppressionsFile: loaded.shown })
        : format === 'github'
          ? githubWriter({ suppressionsFile: loaded.shown })
          : stylishWriter({ color: !!process.stdout.isTTY && !process.env.NO_COLOR, suppressionsFile: loaded.shown });
  // `--sarif-file`: the same findings, as `--format sarif` prints them, gathered for one file.
  const sarif = sarifShown ? { file: path.resolve(cwd, sarifShown), writer: sarifWriter({ version, suppressionsFile: loaded.shown }), parts: [] as string[] } : undefined;
  let errors = false;
  const print = async (file: FileFindings) => {
    errors ||= file.findings.some((f) => f.severity === 'error');
    sarif?.parts.push(sarif.writer.file(file));
    await write(writer.file(file));
  };
  const finish = async (result: LintResult) => {
    if (sarif) await writeSarifFile(sarif.file, sarifShown!, sarif.parts.join('') + sarif.writer.end(result));
    await write(writer.end(result));
  };
  // Suppression works on the findings, after the analysis: the cache and the threads never see it.
  const folder = path.dirname(loaded.file);
  const keyOf = (file: LintedFile) => toPosixRelative(file.path, folder);
  const roots = paths.map((p) => path.resolve(cwd, p));

  if (mode.kind === 'read') {
    // Each file is printed as it is checked; what the suppressions file holds for it is applied to it alone.
    const recorded = loaded.suppressions;
    let fixed = 0;
    const result = await lint(options, async (file) => {
      if (!recorded) return print(file);
      const checked = { key: keyOf(file), findings: file.findings };
      const mine = recorded.get(checked.key);
      if (mine) fixed += countRecorded(new Map([[checked.key, mine]])).problems - countRecorded(pruneSuppressions(new Map([[checked.key, mine]]), [checked], () => false)).problems;
      const [split] = applySuppressions([checked], recorded);
      await print({ file: file.file, findings: split.shown, suppressed: split.suppressed });
    });
    if (recorded) {
      // Files under the paths checked that are gone: what was recorded for them is fixed too.
      const looked = new Set(result.lookedAt.map((f) => toPosixRelative(f, folder)));
      const notLooked = new Map([...recorded].filter(([key]) => !looked.has(key)));
      const covers = await coverageOf(notLooked, folder, roots, result);
      fixed += countRecorded(notLooked).problems - countRecorded(pruneSuppressions(notLooked, [], covers)).problems;
    }
    await finish(result);
    if (fixed) {
      // Left in the file, a fixed problem could come back unseen (an action losing its owner again).
      const occur = fixed === 1 ? 'no longer occurs' : 'no longer occur';
      process.stderr.write(`aar: ${plural(fixed, 'problem')} recorded in ${loaded.shown} ${occur}; "aar lint --prune-suppressions" takes ${fixed === 1 ? 'it' : 'them'} out.\n`);
    }
    return errors ? 1 : 0;
  }

  // Recording or pruning needs every file's findings before the suppressions file is written.
  const files: LintedFile[] = [];
  const result = await lint(options, (file) => void files.push(file));
  const checked = files.map((f) => ({ key: keyOf(f), findings: f.findings }));
  const covers = await coverageOf(loaded.suppressions, folder, roots, result);
  let active: Suppressions | undefined;
  if (mode.kind === 'record') {
    active = recordSuppressions(loaded.suppressions ?? new Map(), checked, covers, mode.rules);
    await save(loaded.file, loaded.shown, active);
    // What this run found, without what the file kept for files it did not look at.
    const now = countRecorded(recordSuppressions(new Map(), checked, () => false, mode.rules));
    const which = mode.rules ? ` of ${[...mode.rules].join(', ')}` : '';
    process.stderr.write(`aar: ${plural(now.problems, 'problem')}${which} in ${plural(now.files, 'file')} recorded in ${loaded.shown}.\n`);
  } else if (loaded.suppressions) {
    const pruned = pruneSuppressions(loaded.suppressions, checked, covers);
    const fixed = countRecorded(loaded.suppressions).problems - countRecorded(pruned).problems;
    if (serializeSuppressions(pruned) !== serializeSuppressions(loaded.suppressions)) await save(loaded.file, loaded.shown, pruned);
    active = pruned;
    process.stderr.write(
      fixed
        ? `aar: ${plural(fixed, 'fixed problem')} taken out of ${loaded.shown}; ${plural(countRecorded(pruned).problems, 'problem')} still recorded.\n`
        : `aar: nothing to prune in ${loaded.shown}.\n`,
    );
  } else {
    process.stderr.write(`aar: no ${loaded.shown} to prune.\n`);
  }
  const split = active ? applySuppressions(checked, active) : undefined;
  for (const [i, f] of files.entries()) await print(split ? { file: f.file, findings: split[i].shown, suppressed: split[i].suppressed } : f);
  await finish(result);
  return errors ? 1 : 0;
}

/** Writes to stdout, waiting when the reader is slower than the checks (a pipe on some systems). */
async function write(text: string): Promise<void> {
  if (text && !process.stdout.write(text)) await once(process.stdout, 'drain');
}

export const lintCommand: Command = {
  name: 'lint',
  synopsis: 'aar lint [paths...] [options]',
  summary: 'check the reports; exit 1 when a finding is an error (--format stylish|json|sarif|github)',
  help: HELP,
  run,
};
