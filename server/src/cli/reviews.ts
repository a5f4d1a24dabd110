// `aar reviews`: every report with its status, date, milestone, problems and actions, newest
// first; with `--due`, the releases (git tags matching the team's triggers) that no report covers.
// Tags are read from the repository's files: no `git` process, no network.
import * as path from 'node:path';
import { releasesAwaitingReview, reviewTrigger, tagMatches } from '../core/triggers';
import { findMarkedRoot } from '../node/config';
import { findGitRepository, readGitTags } from '../node/gitTags';
import type { Command } from './command';
import { checkPathReadable, fail, parseVerbLine, readConfigOption, readFormat, teamConfig, warn } from './options';
import { listReports, READ_OPTIONS, READ_OPTIONS_HELP, type ReadValues, type ReportListing } from './reports';
import { alignedTable } from './tables';
import { plural } from '../core/words';

const FORMATS = ['table', 'json'] as const;

/** One report as `--format json` prints it; every key is always there (`null` when not known). */
export interface JsonReview {
  file: string;
  title: string;
  status: string | null;
  /** ISO `YYYY-MM-DD`. */
  date: string | null;
  milestone: string | null;
  trigger: string | null;
  problems: { error: number; warning: number; info: number; hint: number };
  actions: { total: number; open: number; overdue: number; unowned: number };
}

/** A release awaiting its review, as `--due --format json` prints it. */
export interface JsonDueRelease {
  tag: string;
  /** When the tag was made (ISO 8601 with its offset); null when it cannot be read. */
  date: string | null;
  /** The `trigger` its review carries (the trigger's name, else `release`). */
  trigger: string;
  /** The trigger's tag pattern it matched, e.g. `v*`. */
  pattern: string;
}

const HELP = `Usage: aar reviews [paths...] [options]

Lists the After Action Reports in these files and folders (default: .), newest first: date,
status, milestone, problems by severity, open and overdue actions.

Options:
  --due                   list instead the releases that still await a review: the tags of the
                          git repository holding the current folder (or the first path) that
                          match the team's triggers (default: v*) and that no report's milestone
                          names, newest first. Reports are looked for under the paths given,
                          else in the whole repository.
  --exit-code             with --due: exit 1 when a release awaits a review, so that a CI job
                          fails until each release has its review
  --format table|json     aligned columns (default) or a JSON array
${READ_OPTIONS_HELP}

Exit status: 0; 1 with --due --exit-code when a release awaits a review; 2 for bad usage,
unreadable paths, or --due outside a git repository.
`;


function problemsText(p: JsonReview['problems']): string {
  const parts = [plural(p.error, 'error'), plural(p.warning, 'warning'), plural(p.info, 'info'), plural(p.hint, 'hint')].filter((s) => !s.startsWith('0 '));
  return parts.join(', ') || 'none';
}

/** Newest first, undated last; then by title and file. */
function newestFirst(a: ReportListing, b: ReportListing): number {
  return (b.report.info.date ?? '').localeCompare(a.report.info.date ?? '') || a.report.info.report.localeCompare(b.report.info.report) || a.file.localeCompare(b.file);
}

/** A word as a POSIX shell reads it back unchanged. */
function shellWord(text: string): string {
  return /^[\w./@:=+-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`;
}

async function listReviews(paths: string[], values: ReadValues, format: (typeof FORMATS)[number], cwd: string): Promise<number> {
  const { reports } = await listReports(paths, values, cwd);
  const rows: JsonReview[] = [...reports].sort(newestFirst).map(({ file, report: { info } }) => ({
    file,
    title: info.report,
    status: info.status ?? null,
    date: info.date ?? null,
    milestone: info.milestone ?? null,
    trigger: info.trigger ?? null,
    problems: info.problems,
    actions: info.actions,
  }));
  if (format === 'json') {
    process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
  } else if (!rows.length) {
    process.stdout.write('No After Action Reports found.\n');
  } else {
    process.stdout.write(
      alignedTable(
        ['FILE', 'DATE', 'STATUS', 'MILESTONE', 'PROBLEMS', 'OPEN', 'OVERDUE', 'TITLE'],
        rows.map((r) => [r.file, r.date ?? '', r.status ?? '', r.milestone ?? '', problemsText(r.problems), String(r.actions.open), String(r.actions.overdue), r.title]),
      ),
    );
  }
  return 0;
}

async function listDue(paths: string[], values: ReadValues, format: (typeof FORMATS)[number], cwd: string, exitCode: boolean): Promise<number> {
  for (const p of paths) await checkPathReadable(p, cwd);
  const start = path.resolve(cwd, paths[0] ?? '.');
  const repo = await findGitRepository(start);
  if (!repo) fail(`--due reads the release tags of a git repository, and none holds ${path.relative(cwd, start) || 'the current folder'}.`);
  const config =
    values.config !== undefined ? await readConfigOption(values.config, cwd) : await teamConfig((await findMarkedRoot(start)) ?? repo.root, cwd, warn);
  const triggers = config.tagTriggers;
  // Without paths, a report anywhere in the repository covers its release.
  const { reports } = await listReports(paths.length ? paths : [path.relative(cwd, repo.root) || '.'], values, cwd);
  // Dates are read only for the tags that matter: each costs object reads.
  const tags = await readGitTags(repo.root, { dates: (name) => triggers.some((t) => tagMatches(t.tag, name)) });
  const due = releasesAwaitingReview(
    tags,
    triggers,
    reports.map((r) => ({ milestone: r.report.info.milestone, uri: r.path })),
  );
  const rows: JsonDueRelease[] = due.map((d) => ({ tag: d.tag, date: d.date ?? null, trigger: reviewTrigger(d.trigger), pattern: d.trigger.tag }));
  const status = exitCode && rows.length ? 1 : 0;
  if (format === 'json') {
    process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
    return status;
  }
  if (!triggers.length) {
    process.stdout.write('No release requires a review: the team has no tag triggers (triggers: [] in .aar.yml).\n');
    return 0;
  }
  const patterns = triggers.map((t) => t.tag).join(', ');
  if (!rows.length) {
    const matching = tags.filter((t) => triggers.some((tr) => tagMatches(tr.tag, t.name))).length;
    process.stdout.write(`No release awaits a review: ${plural(matching, 'tag')} match ${patterns}, and a report covers each.\n`);
    return 0;
  }
  const table = alignedTable(
    ['TAG', 'DATE', 'TRIGGER'],
    rows.map((r) => [r.tag, r.date?.slice(0, 10) ?? '', r.trigger]),
  );
  const newest = rows[0];
  const title = `${newest.trigger.charAt(0).toUpperCase()}${newest.trigger.slice(1)} ${newest.tag}`;
  process.stdout.write(
    `${table}\n${plural(rows.length, 'release')} matching ${patterns} ${rows.length === 1 ? 'awaits' : 'await'} a review. Start one with:\n` +
      `  aar new ${shellWord(title)} --trigger ${shellWord(newest.trigger)} --milestone ${shellWord(newest.tag)}\n`,
  );
  return status;
}

const OPTIONS = {
  due: { type: 'boolean' },
  'exit-code': { type: 'boolean' },
  format: { type: 'string', short: 'f' },
  ...READ_OPTIONS,
} as const;

async function run(args: string[]): Promise<number> {
  const parsed = parseVerbLine(args, OPTIONS, HELP);
  if (!parsed) return 0;
  const { values, positionals } = parsed;
  const format = readFormat(values.format, FORMATS);
  const cwd = process.cwd();
  if (values['exit-code'] && !values.due) fail('--exit-code goes with --due: it fails when a release awaits a review.');
  return values.due ? listDue(positionals, values, format, cwd, !!values['exit-code']) : listReviews(positionals.length ? positionals : ['.'], values, format, cwd);
}

export const reviewsCommand: Command = {
  name: 'reviews',
  synopsis: 'aar reviews [paths...] [options]',
  summary: 'list the reports with status and counts; --due: the releases that still await a review',
  help: HELP,
  run,
};
