// Completion in a report: owners after `@` and in an owner cell, section headings after `#`s,
// front-matter keys and values. Pure: it reads the report model and the line being typed.
import { REPORT_TYPES } from '../detect';
import { lineMapOf, type LineMap } from '../text';
import { tableRowRanges } from '../model';
import { REPORT_STATUSES, SECTION_KINDS, type Person, type Position, type Report, type SectionKind, type TableRowInfo, type TextEdit } from '../types';
import { SECTION_TITLES } from '../vocabulary';

export type CompletionKind = 'person' | 'section' | 'key' | 'value';

export interface Completion {
  label: string;
  kind: CompletionKind;
  detail?: string;
  documentation?: string;
  /** Replaces what was typed of the word (so the editor filters on it) with the completed text. */
  edit: TextEdit;
  filterText?: string;
  sortText: string;
}

export interface CompletionContext {
  /** Allowed `trigger` values (config.triggers). */
  triggers: readonly string[];
  /** The team's extra section headings. */
  sectionSynonyms?: Partial<Record<SectionKind, string[]>>;
  /** Today as ISO `YYYY-MM-DD`, offered for `date:`. */
  today?: string;
}

export const FRONT_MATTER_KEYS: readonly { key: string; documentation: string }[] = [
  { key: 'title', documentation: "The review's title." },
  { key: 'type', documentation: 'Marks the file as an After Action Report: `after-action-report`.' },
  { key: 'date', documentation: 'Date of the review, `YYYY-MM-DD`.' },
  { key: 'trigger', documentation: 'Why the review happened: a release, a milestone, an incident, or something to learn from.' },
  { key: 'milestone', documentation: 'What it reviews, e.g. `Release 2.4` or a git tag `v2.4.0`.' },
  { key: 'delivery_owner', documentation: 'The accountable Delivery Owner: `@handle` or a name.' },
  { key: 'team', documentation: 'The people in the review: the roster that action owners are checked against.' },
  { key: 'participants', documentation: 'The people in the review (same as `team`).' },
  { key: 'status', documentation: '`draft`, `in-review`, `approved` or `published`; checks get stricter as it advances.' },
  { key: 'zone', documentation: 'Optional delivery zone or phase.' },
];

const PEOPLE_KEYS = new Set(['delivery_owner', 'team', 'participants']);

export function completions(report: Report | undefined, position: Position, context: CompletionContext): Completion[] {
  if (!report) return [];
  const lines = lineMapOf(report.text);
  if (position.line >= lines.lineCount) return [];
  const lineText = lines.lineText(position.line);
  const prefix = lineText.slice(0, position.character);
  const at = (character: number): Position => ({ line: position.line, character });

  const frontMatterEnd = closingFenceLine(report, lines);
  const inFrontMatter =
    frontMatterEnd !== undefined && position.line > report.frontMatter!.range.start.line && position.line < frontMatterEnd;

  const handle = /(?<![\w`@/.])@([\w.-]*)$/.exec(prefix);
  if (handle) {
    const items = ownerCompletions(report, { start: at(handle.index), end: position }, 'handle');
    // In YAML a plain value cannot start with `@`: quote it unless the user already opened a quote.
    const bareYamlValue = inFrontMatter && /(?:^|[:\-[,])[ \t]*$/.test(prefix.slice(0, handle.index));
    return bareYamlValue ? items.map((c) => ({ ...c, edit: { ...c.edit, newText: `"${c.edit.newText}"` } })) : items;
  }

  if (inFrontMatter) return frontMatterCompletions(report, lines, position, prefix, context);

  const heading = /^( {0,3}#{1,6})([ \t]*)([^#]*)$/.exec(prefix);
  if (heading) {
    const start = heading[1].length + heading[2].length;
    return sectionCompletions(report, { start: at(start), end: position }, heading[2] ? '' : ' ', context);
  }

  const cell = ownerCellStart(report, position.line, prefix);
  if (cell !== undefined) return ownerCompletions(report, { start: at(cell), end: position }, 'cell');
  return [];
}

/** The line of the front matter's closing `---`, when the report has front matter. */
function closingFenceLine(report: Report, lines: LineMap): number | undefined {
  if (!report.frontMatter) return undefined;
  for (let line = report.frontMatter.range.start.line + 1; line < lines.lineCount; line++) {
    if (/^(?:---|\.\.\.)\s*$/.test(lines.lineText(line))) return line;
  }
  return undefined;
}

function frontMatterCompletions(report: Report, lines: LineMap, position: Position, prefix: string, context: CompletionContext): Completion[] {
  const at = (character: number): Position => ({ line: position.line, character });
  const keyOnly = /^([A-Za-z_][\w-]*)?$/.exec(prefix);
  if (keyOnly) {
    const present = new Set(Object.keys(report.frontMatter?.keys ?? {}).map((k) => k.toLowerCase()));
    if (present.has('participants')) present.add('team');
    if (present.has('team')) present.add('participants');
    return FRONT_MATTER_KEYS.filter(({ key }) => !present.has(key)).map(({ key, documentation }, i) => ({
      label: key,
      kind: 'key',
      documentation,
      edit: { range: { start: at(0), end: position }, newText: `${key}: ` },
      sortText: String(i).padStart(2, '0'),
    }));
  }
  const value = /^([A-Za-z_][\w-]*)[ \t]*:([ \t]*)(["']?)([^"'#]*)$/.exec(prefix);
  if (value) {
    const start = prefix.length - value[4].length;
    const lead = value[2] || value[3] ? '' : ' ';
    return valueCompletions(report, value[1].toLowerCase(), { start: at(start), end: position }, lead, context);
  }
  // A list item under `team:` or `participants:`.
  const item = /^[ \t]+-[ \t]*(["']?)([^"'#]*)$/.exec(prefix);
  if (item) {
    for (let line = position.line - 1; line > report.frontMatter!.range.start.line; line--) {
      const key = /^([A-Za-z_][\w-]*)[ \t]*:/.exec(lines.lineText(line));
      if (!key) continue;
      if (!PEOPLE_KEYS.has(key[1].toLowerCase())) return [];
      return ownerCompletions(report, { start: at(prefix.length - item[2].length), end: position }, 'cell');
    }
  }
  return [];
}

function valueCompletions(
  report: Report,
  key: string,
  range: TextEdit['range'],
  lead: string,
  context: CompletionContext,
): Completion[] {
  const values = (words: readonly string[], detail?: string): Completion[] =>
    words.map((word, i) => ({
      label: word,
      kind: 'value',
      detail,
      edit: { range, newText: lead + word },
      filterText: word,
      sortText: String(i).padStart(2, '0'),
    }));
  switch (key) {
    case 'type':
      return values(REPORT_TYPES, 'marks the file as a report');
    case 'status':
      return values(REPORT_STATUSES, 'report lifecycle');
    case 'trigger':
      return values(context.triggers, 'why the review happened');
    case 'date':
      return context.today ? values([context.today], 'today') : [];
    case 'delivery_owner':
    case 'team':
    case 'participants':
      return ownerCompletions(report, range, 'cell').map((c) => ({
        ...c,
        // YAML reads a bare `@` as a reserved indicator, so handles are quoted.
        edit: { range, newText: lead + (c.edit.newText.startsWith('@') ? `"${c.edit.newText}"` : c.edit.newText) },
        filterText: c.label,
      }));
    default:
      return [];
  }
}

function sectionCompletions(report: Report, range: TextEdit['range'], lead: string, context: CompletionContext): Completion[] {
  const present = new Set(report.sections.map((s) => s.kind));
  const out: Completion[] = [];
  const add = (title: string, kind: SectionKind, missing: boolean) => {
    if (out.some((c) => c.label.toLowerCase() === title.toLowerCase())) return;
    out.push({
      label: title,
      kind: 'section',
      detail: missing ? `${kind} section: missing from this report` : `${kind} section`,
      documentation: SECTION_PURPOSE[kind],
      edit: { range, newText: lead + title },
      filterText: title,
      sortText: `${missing ? 0 : 1}-${SECTION_KINDS.indexOf(kind)}-${String(out.length).padStart(3, '0')}`,
    });
  };
  for (const kind of SECTION_KINDS) add(SECTION_TITLES[kind], kind, !present.has(kind));
  for (const kind of SECTION_KINDS) for (const title of context.sectionSynonyms?.[kind] ?? []) add(title, kind, !present.has(kind));
  return out;
}

/** What belongs in each section, for completion documentation and hover. */
export const SECTION_PURPOSE: Record<SectionKind, string> = {
  summary:
    'A short account of the event that was reviewed: what happened, when, and why the review was held, so that someone who was not there understands the rest.',
  outcomes:
    'The results of the event: what was delivered or what the impact was, as facts (dates, numbers, who was affected), without judging anyone.',
  improvements:
    'What could be done better next time, one per item. Give an improvement an id (`IMP-2`) so that the actions that address it can point at it.',
  actions:
    'The follow-ups, one per item. Every action needs an owner who does or coordinates it (`@handle`), and should have a due date (`due:2026-12-05`) and a result someone can check.',
};

/** Where an owner cell's content starts, when the cursor is in the owner column of an actions table. */
function ownerCellStart(report: Report, line: number, prefix: string): number | undefined {
  // The table whose rows hold the line: found by its header, then its rows looked at once.
  const tables = new Set<number>();
  let table: TableRowInfo | undefined;
  for (const a of report.actions) {
    if (!a.table || tables.has(a.table.delimiterRange.start.line)) continue;
    tables.add(a.table.delimiterRange.start.line);
    if (a.range.start.line === line || tableRowRanges(report, a.table).some((r) => r.start.line === line)) {
      table = a.table;
      break;
    }
  }
  const ownerColumn = table?.columns.owner;
  if (ownerColumn === undefined) return undefined;
  const pipes: number[] = [];
  for (let i = 0; i < prefix.length; i++) {
    if (prefix[i] === '\\') i++;
    else if (prefix[i] === '|') pipes.push(i);
  }
  const leadingPipe = /^\s*\|/.test(prefix);
  const cellIndex = leadingPipe ? pipes.length - 1 : pipes.length;
  if (cellIndex !== ownerColumn || !pipes.length) return undefined;
  const afterPipe = pipes[pipes.length - 1] + 1;
  return afterPipe + (/^[ \t]*/.exec(prefix.slice(afterPipe))?.[0].length ?? 0);
}

/** How a person is written as an owner: `@handle`, else a name (or the email's local part after `@`). */
function ownerWritten(p: Person, where: 'handle' | 'cell'): string | undefined {
  if (p.handle) return `@${p.handle}`;
  if (where === 'cell') return p.name ?? p.email;
  const local = p.email?.split('@')[0];
  return local ? `@${local}` : undefined;
}

export function personDetail(p: Person, written?: string): string {
  const parts = [p.name, p.email].filter((v): v is string => !!v && v !== written && `@${v}` !== written);
  if (p.deliveryOwner) parts.unshift('Delivery Owner');
  return parts.join(' · ');
}

function ownerCompletions(report: Report, range: TextEdit['range'], where: 'handle' | 'cell'): Completion[] {
  const rank = (p: Person) => (p.deliveryOwner ? 0 : p.source === 'report' ? 1 : p.source === 'workspace' ? 2 : 3);
  const out: Completion[] = [];
  for (const person of report.roster) {
    const written = ownerWritten(person, where);
    if (!written || out.some((c) => c.label.toLowerCase() === written.toLowerCase())) continue;
    out.push({
      label: written,
      kind: 'person',
      detail: personDetail(person, written) || undefined,
      edit: { range, newText: written },
      // Typing a name after `@` still finds the person.
      filterText: where === 'handle' ? `${written} ${person.name ?? ''}`.trim() : written,
      sortText: `${rank(person)}-${written.toLowerCase()}`,
    });
  }
  return out;
}
