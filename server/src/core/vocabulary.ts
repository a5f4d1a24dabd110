// The words reports are written in: section headings, table columns, statuses, placeholders.
import type { ActionStatus, SectionKind, TableColumnRole } from './types';

/** Canonical heading text used when a fix adds a section. */
export const SECTION_TITLES: Record<SectionKind, string> = {
  summary: 'Summary',
  outcomes: 'Outcomes',
  improvements: 'Improvements',
  actions: 'Actions',
};

export const COLUMN_SYNONYMS: Record<TableColumnRole, string[]> = {
  action: [
    'Action', 'Action item', 'Action items', 'Actions', 'Item', 'Task', 'Description', 'What', 'Follow-up', 'Next step',
    'Corrective action', 'Corrective actions', 'Follow-up action', 'Action description', 'Task description', 'Remediation', 'Recommendation', 'To do',
  ],
  owner: [
    'Owner', 'Owners', 'Owner(s)', 'Who', 'Assignee', 'Assigned to', 'Assigned', 'Responsible', 'Responsible person', 'Action owner', 'DRI',
    'POC', 'Organization POC', 'Organisation POC', 'Point of contact', 'Lead', 'Accountable',
  ],
  due: [
    'Due', 'Due date', 'When', 'Deadline', 'Target date', 'Target', 'By when', 'Date due', 'Due by', 'Due on', 'ETA',
    'Completion date', 'Target completion', 'Target completion date', 'Estimated completion', 'Target due date',
  ],
  status: ['Status', 'State', 'Done', 'Done?', 'Progress', 'Complete?'],
  ticket: [
    'Ticket', 'Bug', 'Bug #', 'Bug ID', 'Bug_id', 'Issue', 'Issue #', 'Issue link', 'Related issue', 'Link', 'Tracking', 'Tracking issue', 'Jira',
    'Jira ticket', 'Ticket #', 'PR', 'Pull request',
  ],
  priority: ['Priority', 'Prio', 'Severity'],
  type: ['Type', 'Kind', 'Category'],
  id: ['ID', '#', 'Ref', 'No', 'No.'],
};

const COLUMN_TABLE = new Map<string, TableColumnRole>();
for (const role of Object.keys(COLUMN_SYNONYMS) as TableColumnRole[]) {
  for (const w of COLUMN_SYNONYMS[role]) COLUMN_TABLE.set(w.toLowerCase().replace(/[^a-z0-9#]+/g, ' ').trim(), role);
}

export function columnRole(header: string): TableColumnRole | undefined {
  const n = header
    .replace(/[*_`]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9#]+/g, ' ')
    .trim();
  return COLUMN_TABLE.get(n);
}

const STATUS_WORDS: [RegExp, ActionStatus][] = [
  [/^(?:open|to ?do|todo|new|not started|pending|planned|backlog)$/, 'open'],
  [/^(?:in ?progress|doing|started|ongoing|wip|in review|underway)$/, 'in-progress'],
  // `waiting for the vendor`, `waiting on Bill's return`: whatever it waits for, it is blocked.
  [/^(?:blocked|on hold|waiting(?: (?:for|on)\b.*)?)$/, 'blocked'],
  [/^(?:done|closed|complete|completed|fixed|resolved|finished|shipped|yes|y|x|✅|✔|✔️)$/, 'done'],
  [/^(?:cancell?ed|won'?t ?do|wont ?do|wontfix|won'?t ?fix|dropped|abandoned|obsolete|n\/a)$/, 'cancelled'],
];

export function readStatus(raw: string): ActionStatus | undefined {
  const s = raw
    .replace(/[*_`~]/g, '')
    .trim()
    .toLowerCase()
    .replace(/[’]/g, "'")
    .replace(/\s+/g, ' ');
  if (!s) return undefined;
  for (const [re, status] of STATUS_WORDS) if (re.test(s)) return status;
  return undefined;
}

const PLACEHOLDERS = new Set(['tbd', 'tbc', '?', '??', '???', '-', '--', '—', '–', 'none', 'n/a', 'na', 'unassigned', 'nobody', 'no one', 'noone', 'todo', 'tba', 'unknown']);

/** An owner that was written but means nobody. */
export function isPlaceholderOwner(raw: string): boolean {
  // Each expression only where its character is: this runs on every owner read, a keystroke's among them.
  let s = raw.includes('*') || raw.includes('_') || raw.includes('`') ? raw.replace(/[*_`]/g, '') : raw;
  if (s.charCodeAt(0) === 64) s = s.slice(1);
  s = s.trim().toLowerCase();
  return s === '' || PLACEHOLDERS.has(s);
}
