// The words reports are written in: section headings, table columns, statuses, placeholders.
import type { ActionStatus, SectionKind, TableColumnRole } from './types';

export const DEFAULT_SECTION_SYNONYMS: Record<SectionKind, string[]> = {
  summary: ['Summary', 'Overview', 'Executive summary', 'Incident summary', 'Event summary'],
  outcomes: ['Outcomes', 'Key outcomes', 'Results', 'What happened', 'Impact', "How'd we do", 'How did we do'],
  improvements: [
    'Improvements',
    'Identified improvements',
    'Lessons learned',
    'Lessons learnt',
    'What could be improved',
    'What went wrong',
    "What didn't go so well",
    'What did not go so well',
    'Opportunities for improvement',
  ],
  actions: [
    'Actions',
    'Action items',
    'Action items & followups',
    'Action items and follow-ups',
    'Follow-ups',
    'Follow-up actions',
    'Next steps',
    'Corrective and preventative measures',
    'Corrective and preventive measures',
  ],
};

/** Canonical heading text used when a fix adds a section. */
export const SECTION_TITLES: Record<SectionKind, string> = {
  summary: 'Summary',
  outcomes: 'Outcomes',
  improvements: 'Improvements',
  actions: 'Actions',
};

/**
 * Sub-headings that hold something else inside a section, such as "What went well" under
 * "Lessons learned": their items are not improvements.
 */
export const NEUTRAL_HEADINGS = ['What went well', 'Where we got lucky', 'Went well', 'Things that went well', 'Successes', 'Kudos'];

/** Lower case, emoji, numbering and punctuation gone, `&` read as `and`. */
export function normaliseHeading(text: string): string {
  return text
    .normalize('NFKC')
    .replace(/\p{Extended_Pictographic}|\uFE0F|\u200D/gu, ' ')
    .replace(/&/g, ' and ')
    .replace(/^\s*(?:(?:\d+|[ivxlc]+|[a-z])[.)]|\d+(?:\.\d+)*)\s+/i, ' ')
    .replace(/['’`]/g, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()
    .toLowerCase()
    .replace(/^(?:\d+\s+)+/, '')
    .replace(/\bfollowups\b/g, 'follow ups');
}

export function sectionMatcher(extra: Partial<Record<SectionKind, string[]>>): (heading: string) => SectionKind | undefined {
  const table = new Map<string, SectionKind>();
  for (const kind of Object.keys(DEFAULT_SECTION_SYNONYMS) as SectionKind[]) {
    for (const word of [...DEFAULT_SECTION_SYNONYMS[kind], ...(extra[kind] ?? [])]) table.set(normaliseHeading(word), kind);
  }
  return (heading) => {
    const n = normaliseHeading(heading);
    return table.get(n) ?? table.get(n.replace(/\s*\b(?:section|the)\b\s*/g, ' ').trim());
  };
}

const NEUTRAL = new Set(NEUTRAL_HEADINGS.map(normaliseHeading));
export function isNeutralHeading(heading: string): boolean {
  return NEUTRAL.has(normaliseHeading(heading));
}

export const COLUMN_SYNONYMS: Record<TableColumnRole, string[]> = {
  action: ['Action', 'Action item', 'Action items', 'Actions', 'Item', 'Task', 'Description', 'What', 'Follow-up', 'Next step'],
  owner: ['Owner', 'Owners', 'Who', 'Assignee', 'Assigned to', 'Responsible', 'Action owner'],
  due: ['Due', 'Due date', 'When', 'Deadline', 'Target date', 'Target', 'By when', 'Date due'],
  status: ['Status', 'State', 'Done'],
  ticket: ['Ticket', 'Bug', 'Bug #', 'Issue', 'Link', 'Tracking', 'Jira'],
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
  [/^(?:blocked|on hold|waiting)$/, 'blocked'],
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
  const s = raw.replace(/[*_`]/g, '').replace(/^@/, '').trim().toLowerCase();
  return s === '' || PLACEHOLDERS.has(s);
}
