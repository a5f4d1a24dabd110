// Hover in a report: what belongs in a section (on its heading), and an owner's open actions
// across the workspace (on `@handle` or an owner cell). Pure: the host hands in the open actions.
import { personMatches } from '../config';
import { matchesOf, rangeContains } from '../text';
import { explainReading } from '../headings';
import { SECTION_KINDS, type Heading, type Position, type Range, type Report, type SectionKind } from '../types';
import { personDetail, SECTION_PURPOSE } from './completion';
import { ownerAsWritten } from './owners';

const HANDLE_IN_LINE = /(?<![\w`@/.])@([A-Za-z0-9][\w.-]*)/g;

/** An open action somewhere in the workspace (the server's `OpenAction` has this shape and more). */
export interface WorkspaceAction {
  uri: string;
  /** The report's title or file name. */
  report: string;
  text: string;
  owner?: string;
  due?: string;
  overdue: boolean;
}

/** How many open actions an owner has, how many are overdue, and the first few by due date. */
export interface OwnedActions {
  total: number;
  overdue: number;
  first: readonly WorkspaceAction[];
}

/**
 * The workspace's open actions whose owner, as written, is one of `owners` (compared as
 * `ownerKey` compares them), counted, with the first `first` of them by due date: the host keeps
 * them by owner, in order, so that a hover costs the same in a workspace of 20,000 reports as in
 * one of 1,000.
 */
export type OpenActionsOf = (owners: readonly string[], first: number) => OwnedActions;

/** `OwnedActions` of a list already in due-date order and filtered to the owner. */
export function ownedActions(actions: readonly WorkspaceAction[], first: number): OwnedActions {
  return { total: actions.length, overdue: actions.filter((a) => a.overdue).length, first: actions.slice(0, first) };
}

export interface HoverResult {
  /** Markdown. */
  contents: string;
  range: Range;
}

const SECTION_NAMES: Record<SectionKind, string> = {
  summary: 'Summary',
  outcomes: 'Outcomes',
  improvements: 'Improvements',
  actions: 'Actions',
};

/** How many of an owner's actions a hover lists before it says how many more there are. */
const MAX_LISTED = 10;

export function hover(report: Report | undefined, position: Position, openActions: OpenActionsOf): HoverResult | undefined {
  if (!report) return undefined;
  const section = report.sections.find((s) => rangeContains(s.heading.range, position));
  if (section) {
    const note = section.empty ? '\n\n*This section is empty.*' : '';
    const why = section.heading.reading?.phrase ? `\n\n${explainReading(section.heading.text, section.heading.reading)}` : '';
    return {
      contents: `**${SECTION_NAMES[section.kind]} section**\n\n${SECTION_PURPOSE[section.kind]}${note}${why}`,
      range: section.heading.textRange,
    };
  }
  const heading = report.headings.find((h) => h.depth > 0 && rangeContains(h.range, position));
  if (heading) return { contents: otherHeadingHover(report, heading), range: heading.textRange };
  const owner = ownerAt(report, position);
  if (!owner) return undefined;
  return { contents: ownerHover(report, owner.value, openActions), range: owner.range };
}

/** A heading that names none of the four sections: how it was read, and what it counts toward. */
function otherHeadingHover(report: Report, heading: Heading): string {
  const reading = heading.reading;
  const lines: string[] = [];
  if (reading?.role === 'neutral') lines.push('**What went well**', '', explainReading(heading.text, reading));
  else {
    lines.push(heading.within ? `**Part of the ${SECTION_NAMES[heading.within]} section**` : '**Not a section**', '');
    if (reading) lines.push(explainReading(heading.text, reading));
    if (heading.within) lines.push('', `What stands under it counts toward the ${heading.within} section above it.`);
  }
  const present = new Set(report.sections.map((s) => s.kind));
  const missing = SECTION_KINDS.filter((k) => !present.has(k));
  if (!heading.within && reading?.role !== 'neutral' && missing.length) {
    const likely = reading?.standsInFor && missing.includes(reading.standsInFor) ? reading.standsInFor : undefined;
    lines.push(
      '',
      likely
        ? `If this is your team's ${likely} section, the quick fix on “No ${likely} section” counts headings like it as ${likely} for the whole team (in \`.aar.yml\`).`
        : `This report has no ${orList(missing)} section. If this heading is one of them, the quick fix on the missing section counts it as that section for the whole team (in \`.aar.yml\`).`,
    );
  }
  return lines.join('\n');
}

/** `summary, outcomes or actions`. */
function orList(words: string[]): string {
  return words.length > 1 ? `${words.slice(0, -1).join(', ')} or ${words[words.length - 1]}` : words.join('');
}

/** The owner under the cursor: an action's owner or collaborator, or any `@handle` on the line. */
function ownerAt(report: Report, position: Position): { value: string; range: Range } | undefined {
  for (const action of report.actions) {
    for (const person of [action.owner, ...action.collaborators]) {
      if (person && rangeContains(person.range, position)) return { value: ownerAsWritten(report, person), range: person.range };
    }
  }
  const lineStart = offsetOfLine(report.text, position.line);
  if (lineStart === undefined) return undefined;
  const lineEnd = report.text.indexOf('\n', lineStart);
  const line = report.text.slice(lineStart, lineEnd < 0 ? undefined : lineEnd);
  for (const m of matchesOf(HANDLE_IN_LINE, line)) {
    const handle = m[0].replace(/[.-]+$/, '');
    const start = m.index;
    if (position.character >= start && position.character <= start + handle.length) {
      return {
        value: handle,
        range: { start: { line: position.line, character: start }, end: { line: position.line, character: start + handle.length } },
      };
    }
  }
  return undefined;
}

function offsetOfLine(text: string, line: number): number | undefined {
  let offset = 0;
  for (let i = 0; i < line; i++) {
    const next = text.indexOf('\n', offset);
    if (next < 0) return undefined;
    offset = next + 1;
  }
  return offset;
}

function ownerHover(report: Report, written: string, openActions: OpenActionsOf): string {
  const person = report.roster.find((p) => personMatches(p, written));
  const detail = person ? personDetail(person, written) : 'not on the roster';
  const lines = [`**${written}**${detail ? ` · ${detail}` : ''}`, ''];
  // The owner as written and every name the roster knows the person by: an owner whose key is one
  // of these is, by personMatches, this person.
  const names = [written, ...(person ? [person.handle, person.name, person.email, person.email?.split('@')[0]] : [])].filter((n): n is string => !!n);
  const theirs = openActions(names, MAX_LISTED);
  if (!theirs.total) {
    lines.push('No open actions in the workspace.');
    return lines.join('\n');
  }
  lines.push(
    `${theirs.total} open action${theirs.total === 1 ? '' : 's'} in the workspace${theirs.overdue ? `, ${theirs.overdue} overdue` : ''}:`,
    '',
  );
  for (const a of theirs.first) {
    const due = a.due ? ` — due ${a.due}${a.overdue ? ' **(overdue)**' : ''}` : '';
    lines.push(`- ${escapeMarkdown(a.text)} — *${escapeMarkdown(a.report)}*${due}`);
  }
  if (theirs.total > MAX_LISTED) lines.push(`- … and ${theirs.total - MAX_LISTED} more`);
  return lines.join('\n');
}

function escapeMarkdown(text: string): string {
  return text.replace(/([\\`*_[\]<>#|])/g, '\\$1');
}
