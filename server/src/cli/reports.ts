// Every report under the paths, with its metadata, problem counts and every action: what `aar
// actions` and `aar reviews` list. The walk is `aar lint`'s (same detection, configuration per
// folder, worker threads); the analysis of one report is `listJob`.
import { analyze, OPEN_STATUSES, personMatches, type ActionStatus, type Person } from '../core';
import { localToday } from '../core/analyze';
import { ownerAsWritten } from '../core/features/owners';
import { lineMapOf } from '../core/text';
import { bundledWorkerScript } from '../node/workerPool';
import type { ReportInfo } from '../protocol';
import { summarise } from '../workspaceIndex';
import { collectReports, type FileOutcome, type LintJob } from './lint';
import { readReadingOptions, warn, type ReadValues } from './options';

export { READ_OPTIONS, type ReadValues } from './options';

export interface ListedAction {
  /** 1-based: the action's first line. */
  line: number;
  id?: string;
  text: string;
  /** As written (`@maya`, `Kim Park`); absent when nobody owns it. */
  owner?: string;
  /** The roster entry the owner is, so that `@maya` and `Maya Okafor` are one person. */
  ownerPerson?: Pick<Person, 'handle' | 'name' | 'email'>;
  /** ISO `YYYY-MM-DD`, when the due date can be read. */
  due?: string;
  /** The due date as written, when it cannot be read. */
  dueWritten?: string;
  status: ActionStatus;
  /** Not done and past its due date. */
  overdue: boolean;
}

export interface ListedReport {
  /** Title, metadata, problems by severity and action counts, as the Reviews view shows them. */
  info: Omit<ReportInfo, 'uri'>;
  actions: ListedAction[];
}

/** A report, or one that was not analysed (too large, binary) and why. */
export type ListOutcome = { listed: ListedReport } | { skipped: string };

/** Runs in a worker thread or here: one report as the listing verbs need it. */
export function listJob(job: LintJob): FileOutcome<ListOutcome> {
  const analysis = analyze(job.text, { uri: job.uri, relativePath: job.relativePath, config: job.config, today: job.today, force: job.force, withoutFixes: true });
  if (analysis.skipped) return { report: true, skipped: analysis.skipped };
  const report = analysis.report;
  if (!report) return { report: false };
  const lines = lineMapOf(report.text);
  const actions = report.actions.map((action): ListedAction => {
    const owner = action.owner ? ownerAsWritten(report, action.owner, lines) : undefined;
    const person = action.owner ? report.roster.find((p) => personMatches(p, action.owner!.value)) : undefined;
    const due = action.due?.iso;
    return {
      line: action.range.start.line + 1,
      ...(action.id ? { id: action.id.value } : {}),
      text: action.text,
      ...(owner ? { owner } : {}),
      ...(person ? { ownerPerson: { handle: person.handle, name: person.name, email: person.email } } : {}),
      ...(due ? { due } : action.due ? { dueWritten: action.due.raw } : {}),
      status: action.status,
      overdue: OPEN_STATUSES.includes(action.status) && !!due && due < job.today,
    };
  });
  const { uri: _uri, ...info } = summarise(report, job.today, analysis.findings).info;
  return { report: true, listed: { info, actions } };
}

export const READ_OPTIONS_HELP = `  --config FILE           use this configuration instead of each folder's .aar.yml
  --today YYYY-MM-DD      the date overdue actions are measured against (default: today)
  --jobs N                threads that analyse reports at once (default: one fewer than the cores, at least 1, up to 8)
  --max-file-size SIZE    skip reports larger than this, with a warning (default: 2MB)`;

export interface ReportListing {
  /** As shown: relative to the current folder, `/`-separated. */
  file: string;
  /** Absolute. */
  path: string;
  report: ListedReport;
}

export interface Listing {
  reports: ReportListing[];
  /** The date overdue is measured against. */
  today: string;
}

/**
 * The reports under `paths` (relative to `cwd`), in the walk's order. Reports that could not be
 * analysed are told on stderr, as are problems in `.aar.yml` files; bad options are usage errors.
 */
export async function listReports(paths: string[], values: ReadValues, cwd: string): Promise<Listing> {
  const reading = await readReadingOptions(values, paths, cwd);
  const today = reading.today ?? localToday();
  const { jobs, config, maxFileSize } = reading;
  const collected = await collectReports<ListOutcome>({
    paths,
    cwd,
    config,
    today,
    maxFileSize,
    jobs,
    workerScript: bundledWorkerScript(),
    kind: 'list',
    analyse: listJob,
    skipped: (reason) => ({ skipped: reason }),
    onConfigWarning: warn,
    onWarning: warn,
    onDebug: /\bworkers\b|\ball\b/.test(process.env.AAR_DEBUG ?? '') ? (message) => process.stderr.write(`aar: debug: ${message}\n`) : undefined,
  });
  const reports: ReportListing[] = [];
  for (const { file, path, result } of collected.reports) {
    if ('skipped' in result) warn(`${file}: ${result.skipped}`);
    else reports.push({ file, path, report: result.listed });
  }
  return { reports, today };
}
