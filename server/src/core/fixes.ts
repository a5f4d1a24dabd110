// Quick fixes as data: pure edit builders over the report model. Each edit inserts or replaces only
// the field it means to, in the file's own line endings, so no word the team wrote is lost.
import { yamlScalar } from './yamlText';
import { parsePerson, personMatches } from './config';
import { addDays, readDate } from './dates';
import { joinTouchingEdits } from './edits';
import { readInlineFields } from './fields';
import { splitTableLine, tableRowRanges } from './model';
import { significantWords } from './rules/words';
import { lineMapOf, rangeContains, rangesTouch, trimmedEnd, type LineMap } from './text';
import {
  OPEN_STATUSES,
  REPORT_STATUSES,
  SECTION_KINDS,
  type Action,
  type Fix,
  type Improvement,
  type Person,
  type Position,
  type Range,
  type Report,
  type Section,
  type SectionKind,
  type TableColumnRole,
  type TableRowInfo,
  type TextEdit,
} from './types';
import { headingCore } from './headings';
import { isPlaceholderOwner, SECTION_TITLES } from './vocabulary';
import { ObjectCache } from './memo';

/** The report's text with its line map, built once per fix. */
interface Doc {
  report: Report;
  text: string;
  lines: LineMap;
  eol: string;
}

function docOf(report: Report): Doc {
  return { report, text: report.text, lines: lineMapOf(report.text), eol: report.eol };
}

const insertAt = (p: Position, newText: string): TextEdit => ({ range: { start: p, end: p }, newText });
const replace = (range: Range, newText: string): TextEdit => ({ range, newText });
const bomLength = (text: string) => (text.charCodeAt(0) === 0xfeff ? 1 : 0);

function textOf(doc: Doc, range: Range): string {
  return doc.text.slice(doc.lines.offsetAt(range.start), doc.lines.offsetAt(range.end));
}

// ---------------------------------------------------------------------------------------------
// People

/** `@sam` when the person has a handle, else the name (or e-mail). */
function ownerToken(p: Person): string {
  return p.handle ? `@${p.handle}` : (p.name ?? p.email ?? '');
}

/** `@sam (Sam Lee)`, `@sam` or `Sam Lee`: how a title names a person. */
function personLabel(p: Person): string {
  if (p.handle && p.name) return `@${p.handle} (${p.name})`;
  return ownerToken(p);
}

/** In a list item only a handle stands alone as the owner; a name needs the `owner:` label to be read as one. */
function listOwner(p: Person): string {
  return p.handle ? `@${p.handle}` : `owner: ${ownerToken(p)}`;
}

function isDeliveryOwner(report: Report, p: Person): boolean {
  const named = report.metadata.deliveryOwner?.value;
  return !!p.deliveryOwner || (!!named && personMatches(p, named));
}

/** Delivery Owner first, then the roster in its own order. */
function deliveryOwnerFirst(report: Report): Person[] {
  const roster = report.roster.filter((p) => ownerToken(p));
  return [...roster.filter((p) => isDeliveryOwner(report, p)), ...roster.filter((p) => !isDeliveryOwner(report, p))];
}

// ---------------------------------------------------------------------------------------------
// Tables

const escapeCell = (value: string) => value.replace(/\|/g, '\\|');

/** Rewrites one cell's content, keeping the cell's width when the new content fits, so columns stay aligned. */
function cellEdit(doc: Doc, cell: Range, value: string): TextEdit {
  const line = cell.start.line;
  const lineText = doc.lines.lineText(line);
  const cs = cell.start.character;
  const ce = cell.end.character;
  let lb = cs - 1;
  while (lb >= 0 && /[ \t]/.test(lineText[lb])) lb--;
  let rb = ce;
  while (rb < lineText.length && /[ \t]/.test(lineText[rb])) rb++;
  const hasRightPipe = lineText[rb] === '|';
  const empty = cs === ce;
  const slotWidth = rb - (lb + 1);
  const lead = empty ? (slotWidth > 0 && lb >= 0 ? ' ' : '') : lineText.slice(lb + 1, cs);
  const from = lb + 1 + lead.length;
  const hadTrail = empty ? slotWidth > 0 : rb > ce;
  const trail = hasRightPipe ? ' '.repeat(Math.max(hadTrail ? 1 : 0, slotWidth - lead.length - value.length)) : '';
  return replace({ start: { line, character: from }, end: { line, character: rb } }, value + trail);
}

/** Edits that add a column named `title` at the end of the table, with `valueOf(line)` in each body row. */
function addColumnEdits(doc: Doc, info: TableRowInfo, title: string, valueOf: (line: number) => string): TextEdit[] {
  const headerLine = info.headerRange.start.line;
  const delimiterLine = info.delimiterRange.start.line;
  const columnCount = splitTableLine(doc.lines.lineText(headerLine), 0).length;
  const bodyLines = tableRowRanges(doc.report, info).map((r) => r.start.line);
  const width = Math.max(3, title.length, ...bodyLines.map((l) => valueOf(l).length));
  const delimiterText = doc.lines.lineText(delimiterLine);
  const spacedDelimiter = /\|[ \t]/.test(delimiterText) || /^[ \t]*[-:]+[ \t]+\|/.test(delimiterText);
  const edits: TextEdit[] = [];
  for (const line of [headerLine, delimiterLine, ...bodyLines]) {
    const content =
      line === headerLine ? title.padEnd(width) : line === delimiterLine ? '-'.repeat(width) : valueOf(line).padEnd(width);
    const sp = line === delimiterLine && !spacedDelimiter ? '' : ' ';
    const lineText = doc.lines.lineText(line);
    const cells = splitTableLine(lineText, 0);
    const trimmedEnd = lineText.trimEnd().length;
    if (cells.length >= columnCount) {
      let p = cells[columnCount - 1].end;
      while (p < lineText.length && /[ \t]/.test(lineText[p])) p++;
      if (lineText[p] === '|') {
        edits.push(insertAt({ line, character: p + 1 }, `${sp}${content}${sp}|`));
      } else {
        edits.push(insertAt({ line, character: trimmedEnd }, ` |${sp}${content}`.trimEnd()));
      }
    } else {
      // A short row: empty cells up to the new column, so the value lands under its header.
      const trimmed = lineText.trimEnd();
      const endsWithPipe = trimmed.endsWith('|') && !trimmed.endsWith('\\|');
      const missing = columnCount - cells.length;
      const text = endsWithPipe ? `${' |'.repeat(missing)}${sp}${content}${sp}|` : `${' |'.repeat(missing + 1)}${sp}${content}`.trimEnd();
      edits.push(insertAt({ line, character: trimmedEnd }, text));
    }
  }
  return edits;
}

/** Writes `value` into the row's cell for `role`, adding a column named `title` when the table has none. */
function setTableCell(doc: Doc, action: Action, role: TableColumnRole, title: string, value: string): TextEdit[] {
  const info = action.table!;
  const row = action.range.start.line;
  const column = info.columns[role];
  const escaped = escapeCell(value);
  if (column === undefined) return addColumnEdits(doc, info, title, (line) => (line === row ? escaped : ''));
  const cell = info.cells[column];
  if (cell) return [cellEdit(doc, cell, escaped)];
  // The row stops short of the column: fill the missing cells.
  const lineText = doc.lines.lineText(row);
  const endsWithPipe = /[^\\]\|\s*$|^\|\s*$/.test(lineText);
  const missing = column - info.cells.length;
  const at = { line: row, character: lineText.trimEnd().length };
  return [insertAt(at, endsWithPipe ? `${'  |'.repeat(missing)} ${escaped} |` : `${' |'.repeat(missing + 1)} ${escaped}`)];
}

// ---------------------------------------------------------------------------------------------
// Owners

function actionIndexOf(report: Report, action: Action): number {
  const i = report.actions.indexOf(action);
  return i >= 0 ? i : report.actions.findIndex((a) => a.range.start.line === action.range.start.line);
}

const OWNER_LABEL_BEFORE = /\b(?:owner|owners|assignee|assigned to|responsible|who)(?:\*\*|__)?\s*[:=]\s*(?:\*\*|__)?\s*$/i;

/** Is the text at `range` the value of an `owner:` field (`owner: @sam`, `Owner: TBD`) rather than a bare `@handle`? */
function isOwnerFieldValue(doc: Doc, range: Range): boolean {
  const before = doc.lines.lineText(range.start.line).slice(0, range.start.character);
  return OWNER_LABEL_BEFORE.test(before);
}

/** Is `inner` inside `outer` (both on one line or spanning lines)? */
function within(inner: Range, outer: Range): boolean {
  const before = (a: Position, b: Position) => a.line < b.line || (a.line === b.line && a.character <= b.character);
  return before(outer.start, inner.start) && before(inner.end, outer.end);
}

/**
 * What replaces an owner or a placeholder written inline (a list item, or a table's action cell):
 * a field value takes any form; a bare `@TBD` or `@sam` needs what stands alone as an owner.
 */
function inlineOwnerText(doc: Doc, action: Action, written: Range, p: Person): string {
  const value = isOwnerFieldValue(doc, written) || !textOf(doc, written).startsWith('@') ? ownerToken(p) : listOwner(p);
  return action.form === 'table' ? escapeCell(value) : value;
}

/** The edits that make `p` the owner of an action that has none (or only a placeholder). */
function ownerEdits(doc: Doc, action: Action, p: Person): TextEdit[] {
  if (action.form === 'table' && action.table) {
    if (action.table.columns.owner !== undefined || !action.ownerPlaceholder) {
      return setTableCell(doc, action, 'owner', 'Owner', ownerToken(p));
    }
  }
  const placeholder = action.ownerPlaceholder;
  if (placeholder) return [replace(placeholder.range, inlineOwnerText(doc, action, placeholder.range, p))];
  return [insertAt(action.ownerInsertAt, ` ${listOwner(p)}`)];
}

/** The edits that make `p` the owner: in place of the current owner when there is one, else as for an unowned action. */
function ownerChangeEdits(doc: Doc, action: Action, p: Person): TextEdit[] {
  const owner = action.owner;
  if (!owner) return ownerEdits(doc, action, p);
  const inOwnerCell = action.form === 'table' && !within(owner.range, action.textRange);
  return [replace(owner.range, inOwnerCell ? escapeCell(ownerToken(p)) : inlineOwnerText(doc, action, owner.range, p))];
}

/** A handle as typed: `sam` or `@sam`. */
const HANDLE_ONLY = /^@?[A-Za-z0-9](?:[\w.-]*[A-Za-z0-9_])?$/;

/**
 * The person `ownerText` names: `sam` and `@sam` are the handle @sam; anything else is read as a
 * roster entry is (`Kim Park`, `Kim Park <kim@example.com>`, `Sam Lee (@sam)`). Undefined for
 * empty text or a placeholder such as `TBD`, which names nobody.
 */
export function ownerPersonOf(ownerText: string): Person | undefined {
  // Line breaks and control characters would break the line the owner is written on.
  // eslint-disable-next-line no-control-regex
  const text = ownerText.replace(/[\u0000-\u001f\u007f\u2028\u2029]+/g, ' ').replace(/\s+/g, ' ').trim();
  if (isPlaceholderOwner(text)) return undefined;
  if (HANDLE_ONLY.test(text)) return { handle: text.replace(/^@/, ''), source: 'settings' };
  return parsePerson(text, 'settings');
}

/**
 * The edits that make the person `ownerText` names (see `ownerPersonOf`) the owner of `action`:
 * written where a placeholder (`TBD`, `@TBD`, an empty owner cell) stands, in place of the
 * current owner, or added (the owner column of a table; ` @handle` or ` owner: Name` at the end
 * of a list item). Empty when the text names nobody or that person already owns the action.
 */
export function setOwnerEdits(report: Report, action: Action, ownerText: string): TextEdit[] {
  const p = ownerPersonOf(ownerText);
  if (!p || !ownerToken(p)) return [];
  if (action.owner && personMatches(p, action.owner.value)) return [];
  return ownerChangeEdits(docOf(report), action, p);
}

/** The owner fixes made for an action, and what they were made for: the same action, place and roster get the same fixes. */
const ownerFixesMade = new ObjectCache<Action, { key: string; fixes: Fix[]; byIndex: { actionIndex: number; fixes: Fix[] } | undefined }>();
const rosterKeys = new ObjectCache<Report, string>();
/** A roster as text, once per roster: the model hands the same roster to the versions that share it. */
const rosterTexts = new ObjectCache<Report['roster'], string>();

/** What owner fixes offer besides the action: the report's URI, its roster and Delivery Owner, as one string. */
export function ownerFixInputs(report: Report): string {
  let rosterKey = rosterKeys.get(report);
  if (rosterKey === undefined) {
    const deliveryOwner = report.metadata.deliveryOwner?.value ?? null;
    // The very string of the last version with this roster, URI and Delivery Owner: the rules that
    // depend on it then compare it with the last in one step, not character by character.
    const last = lastKeyOfRoster.get(report.roster);
    if (last && last.uri === report.uri && last.deliveryOwner === deliveryOwner) rosterKey = last.key;
    else {
      let roster = rosterTexts.get(report.roster);
      if (roster === undefined) rosterTexts.set(report.roster, (roster = JSON.stringify(report.roster)));
      rosterKey = JSON.stringify([report.uri, deliveryOwner]) + roster;
      lastKeyOfRoster.set(report.roster, { uri: report.uri, deliveryOwner, key: rosterKey });
    }
    rosterKeys.set(report, rosterKey);
  }
  return rosterKey;
}
const lastKeyOfRoster = new ObjectCache<Report['roster'], { uri: string; deliveryOwner: unknown; key: string }>();

/** Quick fixes that assign an owner. The fixes may be shared with earlier calls, so they must not be changed. */
export function assignOwnerFixes(report: Report, action: Action, actionIndex = actionIndexOf(report, action)): Fix[] {
  // The edits are made once per action and roster: an action typed above it changes only its index,
  // which only the command's arguments hold.
  const key = ownerFixInputs(report);
  let made = ownerFixesMade.get(action);
  if (made?.key !== key) ownerFixesMade.set(action, (made = { key, fixes: personFixes(report, action), byIndex: undefined }));
  if (made.byIndex?.actionIndex !== actionIndex) made.byIndex = { actionIndex, fixes: [...made.fixes, assignOwnerCommandFix(report, action, actionIndex)] };
  return made.byIndex.fixes;
}

/** "Assign to …", a fix for each person on the roster (the Delivery Owner first). */
function personFixes(report: Report, action: Action): Fix[] {
  const doc = docOf(report);
  const people = deliveryOwnerFirst(report);
  const fixes: Fix[] = people.map((p) => ({ title: `Assign to ${personLabel(p)}`, edits: ownerEdits(doc, action, p) }));
  if (fixes.length === 1) fixes[0].isPreferred = true;
  return fixes;
}

/** "Assign owner…", which asks the host for a name. */
function assignOwnerCommandFix(report: Report, action: Action, actionIndex: number): Fix {
  // Where the host's prompt should write, so its edit matches these (see client/src/ownerEdit.ts).
  const where: Record<string, unknown> = {};
  if (action.ownerPlaceholder && !(action.form === 'table' && action.table?.columns.owner !== undefined)) {
    where.replace = action.ownerPlaceholder.range;
  } else if (action.form === 'table' && action.table?.columns.owner !== undefined) {
    const cell = action.table.cells[action.table.columns.owner];
    if (cell) where.replace = cell;
  } else if (action.form !== 'table') {
    where.insertAt = action.ownerInsertAt;
  }
  return {
    title: 'Assign owner…',
    edits: [],
    command: {
      command: 'aar.assignOwner',
      arguments: [{ uri: report.uri, actionIndex, line: action.range.start.line, ...where }],
    },
  };
}

export function replaceOwnerFixes(report: Report, action: Action, candidates: Person[]): Fix[] {
  if (!action.owner) return [];
  const doc = docOf(report);
  const fixes: Fix[] = candidates
    .filter((p) => ownerToken(p))
    .map((p) => ({ title: `Change owner to ${personLabel(p)}`, edits: ownerChangeEdits(doc, action, p) }));
  if (fixes.length === 1) fixes[0].isPreferred = true;
  return fixes;
}

// ---------------------------------------------------------------------------------------------
// Sections

/** Guidance in a comment: it shows in the editor, not in the rendered report, and is never read as content. */
const SECTION_TEMPLATES: Record<SectionKind, string> = {
  summary: '<!-- What was reviewed, when and why, in a few sentences. -->',
  outcomes: '<!-- What happened and what it led to, one list item per outcome. -->',
  improvements: '<!-- What the team learnt and would do differently, one list item each; an id such as IMP-1 lets actions point at it. -->',
  // A `- [ ]` task here would itself be an action without an owner (a new error); the comment shows the shape instead.
  actions: '<!-- One task per action, each with an owner and a due date, e.g. - [ ] Add a smoke test to the release pipeline @owner due:YYYY-MM-DD (IMP-1) -->',
};

function sectionDepth(report: Report): number {
  const recognised = report.sections.find((s) => !s.inline && !s.heading.paragraph && s.heading.depth > 0);
  if (recognised) return recognised.heading.depth;
  const first = report.headings.find((h) => !h.paragraph);
  return first ? Math.min(first.depth + 1, 6) : 2;
}

export function addSectionFix(report: Report, kind: SectionKind): Fix {
  const doc = docOf(report);
  const { text, lines, eol } = doc;
  const title = SECTION_TITLES[kind];
  const block = `${'#'.repeat(sectionDepth(report))} ${title}${eol}${eol}${SECTION_TEMPLATES[kind]}`;
  const rank = (k: SectionKind) => SECTION_KINDS.indexOf(k);
  const headed = report.sections.filter((s) => !s.inline && s.heading.depth > 0);
  const later = headed.find((s) => rank(s.kind) > rank(kind));
  const earlier = headed.filter((s) => rank(s.kind) < rank(kind)).pop();
  const start = bomLength(text);
  let offset: number;
  // A heading on the first line starts at character 0, which is before a BOM.
  if (later) offset = trimmedEnd(text, start, Math.max(start, lines.offsetAt(later.range.start)));
  else if (earlier) offset = lines.offsetAt(earlier.range.end);
  else offset = trimmedEnd(text, start, text.length);
  // At the very top the heading opens the file; elsewhere it follows what is there after a blank line.
  const newText = offset <= start ? `${block}${eol}${eol}` : `${eol}${eol}${block}`;
  return { title: `Add "${title}" section`, edits: [insertAt(lines.positionAt(offset), newText)], isPreferred: true, fixAll: true };
}

/** At most this many of a report's headings are offered as a missing section: the likeliest first. */
const MAX_HEADINGS_OFFERED = 4;

/**
 * "Count “Timeline” as the outcomes section": for a missing section, the report's headings that name
 * none of the four, offered to be read as it for the whole team (the host adds the heading to
 * `sections:` in `.aar.yml`). Headings that usually stand for that section come first; the report's
 * title, and headings inside a section, are not offered.
 */
export function countHeadingAsFixes(report: Report, kind: SectionKind): Fix[] {
  const title = report.headings.filter((h) => h.depth === 1).length === 1 ? report.headings.find((h) => h.depth === 1) : undefined;
  const seen = new Set<string>();
  const offered: { heading: string; likely: boolean; order: number }[] = [];
  report.headings.forEach((h, order) => {
    if (h === title || h.kind || h.within || !h.reading || h.reading.role === 'neutral') return;
    if (h.reading.holds && UNLIKELY_SECTIONS.has(h.reading.holds)) return;
    const heading = headingCore(h.text).core.trim();
    const key = heading.toLowerCase();
    if (!heading || seen.has(key)) return;
    seen.add(key);
    offered.push({ heading, likely: h.reading.standsInFor === kind, order });
  });
  return offered
    .sort((a, b) => Number(b.likely) - Number(a.likely) || a.order - b.order)
    .slice(0, MAX_HEADINGS_OFFERED)
    .map(({ heading }) => ({
      title: `Count “${heading}” as the ${kind} section, for the whole team (in .aar.yml)`,
      edits: [],
      teamSection: { kind, heading },
    }));
}

/** What headings hold that is never one of the four sections: the report's title, its people, its sign-off. */
const UNLIKELY_SECTIONS = new Set(['the title of the report', 'the people involved', 'the sign-off', 'supporting material']);

// ---------------------------------------------------------------------------------------------
// Front matter

/** Where a new key goes in existing front matter: after `title`/`date` when present, else last. */
function frontMatterInsertOffset(doc: Doc): number {
  const fm = doc.report.frontMatter!;
  const anchors = Object.entries(fm.keys)
    .filter(([k]) => ['title', 'date'].includes(k.toLowerCase()))
    .map(([, v]) => doc.lines.offsetAt(v.valueRange.end));
  if (!anchors.length) return doc.lines.offsetAt(fm.contentRange.end);
  const end = Math.max(...anchors);
  // A block scalar's range may already end at the start of the next line.
  if (end > 0 && doc.text[end - 1] === '\n') return end;
  return doc.lines.lineEndWithBreak(doc.lines.positionAt(end).line);
}

/** The front-matter key that holds the Delivery Owner, whatever spelling the team used. */
/** The front-matter key written for a canonical metadata key (`deliveryOwner` may be written `delivery_owner`, `Delivery Owner`…). */
function frontMatterKeyOf(report: Report, canonical: string): string | undefined {
  const field = report.metadata.all[canonical];
  return field?.source === 'front-matter' ? field.key : undefined;
}

/**
 * Edits that set one metadata field (`canonical` as the model names it, e.g. `delivery_owner`,
 * `status`) to `value`: where it is written — a front-matter key, an inline `Key: value` line —
 * else as a new front-matter line (and front matter, when the report has none). Plain `value`s go
 * to inline lines as they are, to YAML quoted as YAML needs.
 */
export function setMetadataEdits(report: Report, canonical: string, value: string): TextEdit[] {
  const doc = docOf(report);
  const { text, lines, eol } = doc;
  const field = report.metadata.all[canonical];
  if (field?.source === 'inline') return [replace(field.range, value)];
  const fm = report.frontMatter;
  const key = frontMatterKeyOf(report, canonical);
  if (fm && key) {
    const where = fm.keys[key];
    const written = where.valueRange === where.keyRange ? '' : textOf(doc, where.valueRange).trim();
    if (written) return [replace(where.valueRange, yamlScalar(value))];
    // `key:` with nothing after it: the value goes after the colon.
    const keyEnd = lines.offsetAt(where.keyRange.end);
    const colon = text.indexOf(':', keyEnd);
    return [insertAt(lines.positionAt(colon + 1), ` ${yamlScalar(value)}`)];
  }
  const line = `${canonical}: ${yamlScalar(value)}${eol}`;
  if (fm) return [insertAt(lines.positionAt(frontMatterInsertOffset(doc)), line)];
  return [insertAt(lines.positionAt(bomLength(text)), `---${eol}${line}---${eol}`)];
}

export function addDeliveryOwnerFixes(report: Report): Fix[] {
  const people = deliveryOwnerFirst(report);
  if (!people.length) {
    return [{ title: 'Set Delivery Owner…', edits: [], command: { command: 'aar.setDeliveryOwner', arguments: [{ uri: report.uri }] } }];
  }
  // A list or mapping under the key is for the team to settle (the front-matter check says so); replacing it would lose names.
  const key = frontMatterKeyOf(report, 'delivery_owner');
  const written = key === undefined ? undefined : report.frontMatter?.data[key];
  if (written !== null && typeof written === 'object' && !(written instanceof Date)) return [];
  return people.map((p) => ({ title: `Set Delivery Owner to ${personLabel(p)}`, edits: setMetadataEdits(report, 'delivery_owner', ownerToken(p)) }));
}

export function moveMetadataToFrontMatterFix(report: Report): Fix | undefined {
  if (!report.inlineMetadata.length) return undefined;
  const doc = docOf(report);
  const { text, lines, eol } = doc;
  const fm = report.frontMatter;
  const used = new Set(Object.keys(fm?.keys ?? {}).map((k) => k.toLowerCase()));
  // A key the front matter already holds wins over the inline line, which is then left where it is.
  const moving = report.inlineMetadata.filter((m) => report.metadata.all[m.key]?.source !== 'front-matter' && !used.has(m.key));
  if (!moving.length) return undefined;
  const slug = (s: string) => s.trim().toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_|_$/g, '');
  const entries: string[] = [];
  if (!fm && !moving.some((m) => m.key === 'type')) entries.push('type: after-action-report');
  for (const m of moving) {
    const raw = textOf(doc, m.valueRange).trim();
    let key = m.key;
    let value = raw;
    const notes: string[] = [];
    if (key === 'date') {
      const iso = readDate(raw, report.year, report.dateOrder).iso;
      if (iso && iso !== raw) {
        value = iso;
        notes.push(raw);
      }
    }
    if (key === 'status') {
      const status = raw.toLowerCase().replace(/\s+/g, '-');
      // Front matter `status` is the report's lifecycle; any other status (an incident's "Resolved") keeps its word under its own key.
      if ((REPORT_STATUSES as readonly string[]).includes(status)) value = status;
      else key = 'incident_status';
    }
    if (used.has(key)) key = slug(m.label) || key;
    for (let n = 2; used.has(key); n++) key = `${slug(m.label) || m.key}_${n}`;
    used.add(key);
    if (slug(m.label) !== key) notes.unshift(m.label);
    const comment = notes.length ? ` # ${notes.join(': ')}` : '';
    entries.push(`${key}: ${yamlScalar(value)}${comment}`);
  }
  const block = entries.map((e) => e + eol).join('');
  const edits: TextEdit[] = [];
  if (fm) edits.push(insertAt(fm.contentRange.end, block));
  else edits.push(insertAt(lines.positionAt(bomLength(text)), `---${eol}${block}---${eol}`));
  // Remove the lines; a block of them between blank lines takes one of those blank lines with it.
  const removed = new Set(moving.map((m) => m.lineRange.start.line));
  const isBlank = (l: number) => l >= 0 && l < lines.lineCount && lines.lineText(l).trim() === '';
  const bom = bomLength(text);
  for (const m of moving) {
    // The first line's range starts before a BOM, which must stay.
    const from = Math.max(bom, lines.offsetAt(m.lineRange.start));
    edits.push(replace({ start: lines.positionAt(from), end: m.lineRange.end }, ''));
    const l = m.lineRange.start.line;
    const blockEnd = !removed.has(l + 1);
    if (!blockEnd) continue;
    let first = l;
    while (removed.has(first - 1)) first--;
    const atTop = first === 0 || (fm ? first === fm.range.end.line + 1 : false);
    if (isBlank(l + 1) && (atTop || isBlank(first - 1))) {
      edits.push(replace({ start: { line: l + 1, character: 0 }, end: lines.positionAt(lines.lineEndWithBreak(l + 1)) }, ''));
    }
  }
  const n = moving.length;
  return { title: `Move ${n === 1 ? `"${moving[0].label}"` : `${n} metadata lines`} into front matter`, edits: joinTouchingEdits(text, edits) };
}

// ---------------------------------------------------------------------------------------------
// Actions

/** What an improvement asks for, as the text of a new action: its id taken out (it is added as a reference). */
function improvementActionText(improvement: Improvement): string {
  let t = improvement.text;
  if (improvement.id) t = t.replace(improvement.id.value, ' ');
  return t
    .replace(/\s+/g, ' ')
    .replace(/^[\s:.)\]—–-]+/, '')
    .replace(/[\s:—–-]+$/, '')
    .trim();
}

function comparePositions(a: { line: number; character: number }, b: { line: number; character: number }): number {
  return a.line - b.line || a.character - b.character;
}

const LIST_MARKER = /^([-*+]|(\d+)([.)]))([ \t]+)/;
const NO_IDS: ReadonlySet<string> = new Set();

/** The last action of each section, found once per report: every improvement without an action asks for it. */
const lastActions = new ObjectCache<Report, Map<Section, Action | undefined>>();

function lastActionIn(doc: Doc, section: Section): Action | undefined {
  const { report } = doc;
  let known = lastActions.get(report);
  if (!known) lastActions.set(report, (known = new Map()));
  if (known.has(section)) return known.get(section);
  const { start, end } = section.range;
  // Group by group: a group's actions stand in the order of its list or table, so a group wholly
  // outside the section is passed over at once (a long report has thousands of actions).
  let last: Action | undefined;
  for (const group of report.actionGroups) {
    if (comparePositions(group[0].range.start, end) > 0 || comparePositions(group[group.length - 1].range.start, start) < 0) continue;
    for (const a of group) {
      if (rangeContains(section.range, a.range.start) && (!last || comparePositions(a.range.start, last.range.start) > 0)) last = a;
    }
  }
  known.set(section, last);
  return last;
}

export function createActionForImprovementFix(report: Report, improvement: Improvement): Fix | undefined {
  const section = report.sections.find((s) => s.kind === 'actions' && !s.inline);
  if (!section) return undefined;
  const doc = docOf(report);
  const { lines, eol } = doc;
  const what = improvementActionText(improvement) || improvement.text;
  const id = improvement.id?.value;
  // Without an id, the new action follows the improvement up by its words: an improvement that is
  // only a label and a field (`**Owner:** @sam`) would give an action with none, and the finding would stay.
  if (!id && !significantWords(readInlineFields(what, report.year, NO_IDS).text).size) return undefined;
  const itemText = id ? `${what} (${id})` : what;
  const title = `Add an action for ${id ?? `"${what.length > 40 ? `${what.slice(0, 39)}…` : what}"`}`;
  const last = lastActionIn(doc, section);

  if (last?.form === 'table' && last.table) {
    const info = last.table;
    const headerText = lines.lineText(info.headerRange.start.line);
    const count = splitTableLine(headerText, 0).length;
    const cells = Array.from({ length: count }, (_, i) => (i === info.columns.action ? escapeCell(itemText) : ''));
    const piped = headerText.trimStart().startsWith('|');
    const row = piped ? `| ${cells.join(' | ')} |` : cells.join(' | ').trimEnd();
    const rows = tableRowRanges(report, info);
    const lastRow = rows[rows.length - 1] ?? info.delimiterRange;
    return { title, edits: [insertAt(lastRow.end, `${eol}${row.replace(/ {2,}\|/g, ' |')}`)] };
  }

  if (last) {
    const lineText = lines.lineText(last.range.start.line);
    const prefix = lineText.slice(0, last.range.start.character);
    const m = LIST_MARKER.exec(lineText.slice(last.range.start.character));
    if (m && /^[\s>]*$/.test(prefix)) {
      const marker = m[2] ? `${Number(m[2]) + 1}${m[3]}` : m[1];
      const box = last.form === 'task' ? '[ ] ' : '';
      return { title, edits: [insertAt(last.range.end, `${eol}${prefix}${marker} ${box}${itemText}`)] };
    }
  }

  // No list to join: start one at the end of the section's own text, before any subsection of
  // another kind (an action written under "### Lessons learned" would be read as a lesson).
  const inner = report.sections.find(
    (s) => s !== section && !s.inline && s.kind !== 'actions' && s.heading.range.start.line > section.heading.range.start.line && s.heading.range.start.line <= section.bodyRange.end.line,
  );
  if (inner) {
    const before = Math.max(section.heading.range.start.line, inner.heading.range.start.line - 1);
    return { title, edits: [insertAt({ line: before, character: lines.lineText(before).length }, `${eol}- [ ] ${itemText}${eol}`)] };
  }
  const at = section.empty ? section.heading.range.end : section.bodyRange.end;
  // A blank line after the task when text follows at once (a setext heading's, say): the task would
  // take it in as more of its words.
  const next = at.line + 1 < lines.lineCount ? lines.lineText(at.line + 1) : '';
  return { title, edits: [insertAt(at, `${eol}${eol}- [ ] ${itemText}${next.trim() ? eol : ''}`)] };
}

export function addDueDateFix(report: Report, action: Action, iso: string): Fix {
  const doc = docOf(report);
  const title = action.due ? `Change due date to ${iso}` : `Add due date ${iso}`;
  if (action.form === 'table' && action.table && (action.table.columns.due !== undefined || !action.due)) {
    return { title, edits: setTableCell(doc, action, 'due', 'Due', iso) };
  }
  // A date the heading gives every action under it stays theirs: this one gets its own.
  if (action.due && !action.due.inherited) return { title, edits: [replace(action.due.range, iso)] };
  return { title, edits: [insertAt(action.ownerInsertAt, ` due:${iso}`)] };
}

/** `done` in the capitalisation the column already uses (`done`, `DONE`, `Done`). */
function statusWord(doc: Doc, action: Action, done: boolean): string {
  const word = done ? 'done' : 'open';
  const column = action.table?.columns.status;
  const header = action.table?.headerRange.start.line;
  const written = doc.report.actions
    .filter((a) => a.table && a.table.headerRange.start.line === header && column !== undefined && a.table.cells[column])
    .map((a) => textOf(doc, a.table!.cells[column!]))
    .filter((s) => /[A-Za-z]/.test(s));
  if (written.length && written.every((s) => s === s.toLowerCase())) return word;
  if (written.length && written.every((s) => s === s.toUpperCase())) return word.toUpperCase();
  return word[0].toUpperCase() + word.slice(1);
}

/** Edits to an inline status (`status: blocked`, `(in progress)`) so that it agrees with the new state. */
function inlineStatusEdits(doc: Doc, action: Action, done: boolean): TextEdit[] {
  const raw = action.statusRaw;
  if (!raw || (action.checkbox && sameRange(raw.range, action.checkbox))) return [];
  const written = textOf(doc, raw.range);
  const tag = /^([([])\s*.*?\s*([)\]])$/.exec(written);
  if (tag) {
    if (done) return [replace(raw.range, `${tag[1]}done${tag[2]}`)];
    // An open item needs no tag, and `(open)` would not be read as one: the tag goes, with the space before it.
    const start = doc.lines.offsetAt(raw.range.start);
    const from = start > 0 && doc.text[start - 1] === ' ' ? start - 1 : start;
    return [replace({ start: doc.lines.positionAt(from), end: raw.range.end }, '')];
  }
  return [replace(raw.range, done ? 'done' : 'open')];
}

const sameRange = (a: Range, b: Range) =>
  a.start.line === b.start.line && a.start.character === b.start.character && a.end.line === b.end.line && a.end.character === b.end.character;

export function setActionStatusFix(report: Report, action: Action, done: boolean): Fix | undefined {
  if (done ? action.status === 'done' : OPEN_STATUSES.includes(action.status)) return undefined;
  const doc = docOf(report);
  const title = done ? 'Mark action as done' : 'Reopen action';
  if (action.form === 'table' && action.table) {
    const column = action.table.columns.status;
    const cell = column === undefined ? undefined : action.table.cells[column];
    const box = cell ? /^\[[ xX]\]$/.exec(textOf(doc, cell).trim()) : null;
    const value = box ? (done ? '[x]' : '[ ]') : statusWord(doc, action, done);
    return { title, edits: setTableCell(doc, action, 'status', 'Status', value) };
  }
  const inline = inlineStatusEdits(doc, action, done);
  // Struck-through text is what cancels a list item; ticking it would not change that.
  if (action.status === 'cancelled' && !inline.length) return undefined;
  const edits: TextEdit[] = [...inline];
  if (action.checkbox) {
    edits.push(replace(action.checkbox, done ? '[x]' : '[ ]'));
  } else if (done) {
    const lineText = doc.lines.lineText(action.range.start.line);
    const m = LIST_MARKER.exec(lineText.slice(action.range.start.character));
    if (!m) return undefined;
    edits.push(insertAt({ line: action.range.start.line, character: action.range.start.character + m[0].length }, '[x] '));
  }
  if (!edits.length) return undefined;
  return { title, edits: joinTouchingEdits(report.text, edits) };
}

// ---------------------------------------------------------------------------------------------
// Refactorings on the action under the cursor

export function actionCodeActions(report: Report, range: Range, today: string): Fix[] {
  const touched = report.actions.filter((a) => rangesTouch(a.range, range));
  const fixes: Fix[] = [];
  const shortText = (a: Action) => (a.text.length > 40 ? `${a.text.slice(0, 39)}…` : a.text);
  for (const action of touched) {
    // With several actions selected, each title says which action it is about.
    const named = (f: Fix): Fix => (touched.length > 1 ? { ...f, title: `${f.title}: "${shortText(action)}"` } : f);
    const status = action.status === 'done' ? setActionStatusFix(report, action, false) : setActionStatusFix(report, action, true);
    if (status) fixes.push(named(status));
    if (!action.due) {
      const due = addDueDateFix(report, action, addDays(today, 14));
      fixes.push(named({ ...due, title: `${due.title} (two weeks from today)` }));
    }
    if (!action.owner) for (const f of assignOwnerFixes(report, action)) fixes.push(named(f));
  }
  if (report.inlineMetadata.some((m) => rangesTouch(m.lineRange, range))) {
    const move = moveMetadataToFrontMatterFix(report);
    if (move) fixes.push(move);
  }
  // Refactorings are offered, never preferred: the preferred fix belongs to a finding.
  return fixes.map(({ isPreferred: _preferred, ...rest }) => rest);
}
