// `aar actions`: every action of the reports, with its owner, due date and status, filtered by
// owner (or no owner), open or overdue; as a table for people, or JSON, CSV or Markdown for other tools.
import { OPEN_STATUSES, ownerKey, personMatches } from '../core';
import type { Command } from './command';
import { fail, parseVerbLine, readFormat } from './options';
import { listReports, READ_OPTIONS, READ_OPTIONS_HELP, type ListedAction } from './reports';
import { alignedTable, csvTable, markdownTable } from './tables';
import { plural } from '../core/words';

const FORMATS = ['table', 'json', 'csv', 'markdown'] as const;

/** One action as `--format json` prints it; every key is always there (`null` when not known). */
export interface JsonAction {
  /** Relative to the current folder, `/`-separated. */
  file: string;
  /** 1-based: the action's first line. */
  line: number;
  /** The report's title. */
  report: string;
  id: string | null;
  text: string;
  /** As written (`@maya`); null when nobody owns it. */
  owner: string | null;
  /** ISO `YYYY-MM-DD`; null without a due date that can be read. */
  due: string | null;
  status: ListedAction['status'];
  overdue: boolean;
}

const HELP = `Usage: aar actions [paths...] [options]

Lists the actions of the After Action Reports in these files and folders (default: .), in the
order of the files and their lines: owner, due date, status and whether it is overdue.

Options:
  --owner WHO             only the actions this person owns: a handle (@maya or maya) or a
                          name or email the roster knows (Maya Okafor)
  --unowned               only the actions nobody owns (a placeholder such as TBD is nobody)
  --open                  only actions not done yet (open, in progress, blocked)
  --overdue               only open actions past their due date
  --format table|json|csv|markdown
                          aligned columns (default), a JSON array of objects (file, line,
                          report, id, text, owner, due, status, overdue), CSV (RFC 4180) or a
                          Markdown table
${READ_OPTIONS_HELP}

Exit status: 0, also when no action matches; 2 for bad usage or unreadable paths.
`;

/** Whether `wanted` (`@maya`, `maya`, `Maya Okafor`) owns the action, as written or through the roster. */
export function ownedBy(action: ListedAction, wanted: string): boolean {
  if (!action.owner) return false;
  return ownerKey(action.owner) === ownerKey(wanted) || (!!action.ownerPerson && personMatches({ ...action.ownerPerson, source: 'workspace' }, wanted));
}

const dueShown = (a: ListedAction) => a.due ?? (a.dueWritten ? `${a.dueWritten} (cannot be read)` : '');

const OPTIONS = {
  owner: { type: 'string' },
  unowned: { type: 'boolean' },
  open: { type: 'boolean' },
  overdue: { type: 'boolean' },
  format: { type: 'string', short: 'f' },
  ...READ_OPTIONS,
} as const;

async function run(args: string[]): Promise<number> {
  const parsed = parseVerbLine(args, OPTIONS, HELP);
  if (!parsed) return 0;
  const { values, positionals } = parsed;
  const format = readFormat(values.format, FORMATS);
  const owner = values.owner?.trim();
  if (values.owner !== undefined && !owner?.replace(/^@/, '')) fail('--owner needs a handle or a name, e.g. --owner @maya.');
  if (values.owner !== undefined && values.unowned) fail('--owner and --unowned cannot both hold: give one of them.');
  const cwd = process.cwd();
  const { reports } = await listReports(positionals.length ? positionals : ['.'], values, cwd);

  const rows: { action: JsonAction; dueShown: string }[] = [];
  for (const { file, report } of reports) {
    for (const a of report.actions) {
      if (values.overdue && !a.overdue) continue;
      if (values.open && !OPEN_STATUSES.includes(a.status)) continue;
      if (owner && !ownedBy(a, owner)) continue;
      if (values.unowned && a.owner) continue;
      const action: JsonAction = {
        file,
        line: a.line,
        report: report.info.report,
        id: a.id ?? null,
        text: a.text,
        owner: a.owner ?? null,
        due: a.due ?? null,
        status: a.status,
        overdue: a.overdue,
      };
      rows.push({ action, dueShown: dueShown(a) });
    }
  }
  const statusText = (r: JsonAction) => (r.overdue ? `${r.status}, overdue` : r.status);
  const actionText = (r: JsonAction) => (r.id ? `${r.id}: ${r.text}` : r.text);

  if (format === 'json') {
    process.stdout.write(`${JSON.stringify(rows.map((r) => r.action), null, 2)}\n`);
  } else if (format === 'csv') {
    const headers = ['file', 'line', 'report', 'id', 'text', 'owner', 'due', 'status', 'overdue'];
    process.stdout.write(
      csvTable(
        headers,
        rows.map(({ action: r }) => [r.file, String(r.line), r.report, r.id ?? '', r.text, r.owner ?? '', r.due ?? '', r.status, String(r.overdue)]),
      ),
    );
  } else if (format === 'markdown') {
    process.stdout.write(
      markdownTable(
        ['File', 'Line', 'Action', 'Owner', 'Due', 'Status'],
        rows.map(({ action: r, dueShown }) => [r.file, String(r.line), actionText(r), r.owner ?? '', dueShown, statusText(r)]),
      ),
    );
  } else if (!rows.length) {
    process.stdout.write(reports.length ? 'No actions match.\n' : 'No After Action Reports found.\n');
  } else {
    const table = alignedTable(
      ['WHERE', 'OWNER', 'DUE', 'STATUS', 'ACTION'],
      rows.map(({ action: r, dueShown }) => [`${r.file}:${r.line}`, r.owner ?? '(nobody)', dueShown, statusText(r), actionText(r)]),
    );
    const open = rows.filter((r) => OPEN_STATUSES.includes(r.action.status)).length;
    const overdue = rows.filter((r) => r.action.overdue).length;
    const parts = [`${open} open`, `${overdue} overdue`, `${rows.length - open} done or cancelled`].filter((p) => !p.startsWith('0 '));
    process.stdout.write(`${table}\n${plural(rows.length, 'action')}: ${parts.join(', ')}.\n`);
  }
  return 0;
}

export const actionsCommand: Command = {
  name: 'actions',
  synopsis: 'aar actions [paths...] [options]',
  summary: 'list the actions, with owner, due date and status (--owner, --open, --overdue)',
  help: HELP,
  run,
};
