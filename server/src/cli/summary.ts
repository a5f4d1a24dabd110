// `aar summary FILE`: a report turned into what the communication plan's audiences need (the
// engine's stakeholder summary), as Markdown with an SVG chart beside it, or as one
// self-contained HTML page. Files are never replaced unless `--force` says so.
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { analyze, stakeholderSummary, stakeholderSummaryHtml, stakeholderSummaryMarkdown, actionsChartSvg, type SummaryInput } from '../core';
import { localToday } from '../core/analyze';
import { findMarkedRoot } from '../node/config';
import { writeFileAtomically, writeNewFile } from '../node/fileCache';
import { readTextFile } from '../node/files';
import { toPosixRelative } from '../node/paths';
import type { Command } from './command';
import { checkPathReadable, fail, parseVerbLine, readConfigOption, readFormat, readToday, teamConfig, warn } from './options';

const FORMATS = ['markdown', 'html'] as const;
type SummaryFormat = (typeof FORMATS)[number];

const HELP = `Usage: aar summary FILE [options]

Turns one After Action Report into a stakeholder summary: the summary, outcomes and
improvements, the actions by owner and due date with a chart of open, done and overdue actions
per owner, the audiences of the communication plan (communication: in .aar.yml) and the open
problems. Printed on stdout, or written with --out.

Options:
  --format markdown|html  Markdown (default) or one self-contained HTML page (no network, the
                          chart inline); with --out, a name ending in .html or .htm means html
  --out F                 write the summary to F; Markdown gets its chart beside it, as F's name
                          with .svg (summary.md → summary.svg), and shows it
  --force                 replace F and its chart if they exist (without it, aar never does)
  --config FILE           use this configuration instead of the report's .aar.yml
  --today YYYY-MM-DD      the date overdue actions are measured against (default: today)

Exit status: 0 when the summary was printed or written; 2 for bad usage, a file that cannot be
read, or --out naming a file that exists (without --force).
`;

const shown = (file: string, cwd: string) => toPosixRelative(file, cwd);

/** The chart's file for a Markdown summary written to `out`: the same name with `.svg`. */
function chartFileFor(out: string): string {
  const svg = `${out.slice(0, out.length - path.extname(out).length)}.svg`;
  return svg === out ? `${out}.svg` : svg;
}

async function exists(file: string): Promise<boolean> {
  try {
    await fs.lstat(file);
    return true;
  } catch {
    return false;
  }
}

/** Writes each file with an exclusive create unless `force`; on a failure, removes what this call created. */
async function writeAll(files: { file: string; text: string }[], force: boolean, cwd: string): Promise<void> {
  if (!force) {
    for (const { file } of files) if (await exists(file)) fail(`${shown(file, cwd)} exists: give another --out, or --force to replace it.`);
  }
  const created: string[] = [];
  try {
    for (const { file, text } of files) {
      await fs.mkdir(path.dirname(file), { recursive: true });
      // Replaced through a temporary file and a rename: a full disk leaves the old file, not half a new one.
      if (force) await writeFileAtomically(file, text);
      else if (!(await writeNewFile(file, text))) throw Object.assign(new Error('exists'), { code: 'EEXIST' });
      created.push(file);
    }
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (!force) for (const file of created) await fs.rm(file, { force: true });
    const which = files[created.length]?.file ?? files[0].file;
    fail(code === 'EEXIST' ? `${shown(which, cwd)} appeared while writing: nothing was replaced.` : `Cannot write ${shown(which, cwd)} (${code ?? (e as Error).message}).`);
  }
}

const OPTIONS = {
  format: { type: 'string', short: 'f' },
  out: { type: 'string', short: 'o' },
  force: { type: 'boolean' },
  config: { type: 'string', short: 'c' },
  today: { type: 'string' },
} as const;

async function run(args: string[]): Promise<number> {
  const parsed = parseVerbLine(args, OPTIONS, HELP);
  if (!parsed) return 0;
  const { values, positionals } = parsed;
  if (positionals.length !== 1) fail(positionals.length ? 'Give one report: aar summary FILE.' : 'Which report? aar summary FILE.');
  const cwd = process.cwd();
  const out = values.out === undefined ? undefined : path.resolve(cwd, values.out);
  if (values.out !== undefined && !values.out.trim()) fail('--out needs a file name.');
  const inferred: SummaryFormat | undefined = out && /\.html?$/i.test(out) ? 'html' : undefined;
  const format = values.format === undefined ? (inferred ?? 'markdown') : readFormat(values.format, FORMATS);
  const today = values.today === undefined ? localToday() : readToday(values.today);

  const given = positionals[0];
  await checkPathReadable(given, cwd);
  const file = path.resolve(cwd, given);
  if ((await fs.stat(file)).isDirectory()) fail(`${given} is a folder: aar summary takes one report file.`);
  const root = (await findMarkedRoot(file)) ?? path.dirname(file);
  const config = values.config !== undefined ? await readConfigOption(values.config, cwd) : await teamConfig(root, cwd, warn);
  const read = await readTextFile(file, config.maxFileSize);
  if ('skipped' in read) fail(`Cannot summarise ${given}: ${read.skipped}`);
  // Named on purpose: summarised even when nothing marks it as a report.
  const analysis = analyze(read.text, { uri: pathToFileURL(file).href, relativePath: toPosixRelative(file, root), config, today, force: true });
  if (analysis.skipped || !analysis.report) fail(`Cannot summarise ${given}: ${analysis.skipped ?? 'it is not a report'}`);
  const input: SummaryInput = { report: analysis.report, findings: analysis.findings, today, audiences: config.communication };

  if (!out) {
    process.stdout.write(format === 'html' ? stakeholderSummaryHtml(input) : stakeholderSummaryMarkdown(input));
    return 0;
  }
  const svg = chartFileFor(out);
  const drawsChart = format === 'markdown' && stakeholderSummary(input).totals.actions > 0;
  for (const target of drawsChart ? [out, svg] : [out]) {
    if (target === file) fail(`--out would write over the report ${given} itself.`);
  }
  const files =
    format === 'html'
      ? [{ file: out, text: stakeholderSummaryHtml(input) }]
      : [
          { file: out, text: stakeholderSummaryMarkdown({ ...input, ...(drawsChart ? { chartFile: path.basename(svg) } : {}) }) },
          ...(drawsChart ? [{ file: svg, text: actionsChartSvg(input) }] : []),
        ];
  await writeAll(files, !!values.force, cwd);
  process.stdout.write(files.map((f) => `${shown(f.file, cwd)}\n`).join(''));
  return 0;
}

export const summaryCommand: Command = {
  name: 'summary',
  synopsis: 'aar summary FILE [options]',
  summary: "a report's stakeholder summary, as Markdown with an SVG chart or as HTML",
  help: HELP,
  run,
};
