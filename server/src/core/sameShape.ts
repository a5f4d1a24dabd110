// An edit within one line of one part of a list: the report around it keeps its shape. Typing into
// an action's line is most keystrokes, and all that one changes is that part's actions (and the
// end of the sections the line closes): the headings, sections, metadata, summary and items the
// last version read from every other block hold as they were, so they are not read again.
import type { Nodes, RootContent } from 'mdast';
import { partsOf } from './parse';
import { trimmedEnd, type TextChange } from './text';
import type { Position, Range, Section } from './types';

/**
 * The one list part an edit changed, in the last version's tree (`was`) and in this one's (`part`).
 * An item typed on a blank line inside or after a list makes a part of its own (`-`, the first
 * keystroke of a new action: the parser cuts a list before each item typed in); emptying that line
 * takes it away. Then `was` or `part` is undefined and `before` is the part above it in its list.
 */
export interface ChangedPart {
  was: RootContent | undefined;
  part: RootContent | undefined;
  before?: { was: RootContent; now: RootContent };
  /** The edited line (0-based). */
  line: number;
  /** Parts the parser made again that read as the last version's did: each as [last version's, this one's]. */
  reparsed: [RootContent, RootContent][];
}

/** Whether `change` falls within one line of the text and of the text before it: no line came or went. */
export function withinOneLine(change: TextChange, text: string): boolean {
  const removedEnd = change.before.length - (text.length - change.end);
  return !hasLineBreak(text, change.start, change.end) && !hasLineBreak(change.before, change.start, removedEnd);
}

function hasLineBreak(text: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || c === 13) return true;
  }
  return false;
}

/**
 * The list part that holds the whole of a one-line edit, when every other top-level block (or part
 * of a long list) of the new tree is the last version's (the parser hands back the nodes of the
 * chunks it did not parse again) or one the parser made again from the same text on the same lines
 * (a heading or table parsed with the edited chunk); or the part made or taken away on the edited
 * line, which was or is now blank (see ChangedPart). Undefined when anything else changed. `bom`:
 * characters before the parser's offset 0.
 */
export function changedListPart(
  lastBlocks: readonly RootContent[],
  blocks: readonly RootContent[],
  change: TextChange,
  text: string,
  line: number,
  bom: number,
): ChangedPart | undefined {
  if (blocks.length !== lastBlocks.length) return undefined;
  const removedEnd = change.before.length - (text.length - change.end);
  const scan: PartScan = { line, text, before: change.before, bom, found: undefined, reparsed: [] };
  for (let k = 0; k < blocks.length; k++) {
    const now = blocks[k];
    const was = lastBlocks[k];
    if (now === was) continue;
    if ((now.type === 'list' || now.type === 'table') && now.type === was.type) {
      // A long list or table is joined anew from its parts by every parse: its parts are what stay the same.
      const nowParts = partsOf(now);
      const wasParts = partsOf(was);
      if (nowParts.length !== wasParts.length) {
        if (scan.found || now.type !== 'list') return undefined;
        scan.found = partMadeOrTakenAway(nowParts, wasParts, scan);
        if (!scan.found) return undefined;
        continue;
      }
      for (let j = 0; j < nowParts.length; j++) if (nowParts[j] !== wasParts[j] && !comparedPart(scan, nowParts[j], wasParts[j])) return undefined;
      continue;
    }
    if (!comparedPart(scan, now, was)) return undefined;
  }
  const found = scan.found;
  if (!found) return undefined;
  const { was, part } = found;
  if (!was || !part) {
    // The line the part stands on, or stood on, is blank in the other version; its start is where a part before the edit left it.
    const alone = (part ?? was)!;
    const lineStart = offsetOf(alone, 'start') + bom - (alone.position!.start.column - 1);
    if (!blankLineAt(part ? change.before : text, lineStart)) return undefined;
    // A definition made or unmade would change how other chunks' references read. Every definition's text holds `]:`.
    if (part && lineTextAt(text, lineStart).includes(']:') && holdsDefinition(part)) return undefined;
    if (was && lineTextAt(change.before, lineStart).includes(']:') && holdsDefinition(was)) return undefined;
    return found;
  }
  // The edit lies in the part, before and after, and the part stands on the same lines.
  const wasStart = offsetOf(was, 'start') + bom;
  const wasEnd = offsetOf(was, 'end') + bom;
  const start = offsetOf(part, 'start') + bom;
  const end = offsetOf(part, 'end') + bom;
  if (!(wasStart <= change.start && removedEnd <= wasEnd && start <= change.start && change.end <= end)) return undefined;
  if (!sameLines(part, was) || part.position!.start.column !== was.position!.start.column) return undefined;
  // A definition made or unmade would change how other chunks' references read. Every definition's text holds `]:`.
  if ((text.slice(start, end).includes(']:') && holdsDefinition(part)) || (change.before.slice(wasStart, wasEnd).includes(']:') && holdsDefinition(was))) return undefined;
  return found;
}

/**
 * What `changedListPart` has found so far, for the functions it compares blocks with: module
 * functions, not arrows made on each call, which V8 would compile again after every full collection.
 */
interface PartScan {
  /** The edited line (0-based). */
  line: number;
  text: string;
  before: string;
  bom: number;
  found: ChangedPart | undefined;
  reparsed: [RootContent, RootContent][];
}

/** A block or list part the parser made again, that reads as it did. */
function sameReparsed(scan: PartScan, now: RootContent, was: RootContent): boolean {
  if (now.type !== was.type || covers(now, scan.line) || !sameBlock(now, was, scan.text, scan.before, scan.bom)) return false;
  scan.reparsed.push([was, now]);
  return true;
}

/** A block or list part the parser made again: the one the edit fell in, or one that reads as it did. */
function comparedPart(scan: PartScan, now: RootContent, was: RootContent): boolean {
  if (now.type !== was.type) return false;
  if (!covers(now, scan.line)) return sameReparsed(scan, now, was);
  if (scan.found || now.type !== 'list') return false;
  scan.found = { was, part: now, line: scan.line, reparsed: scan.reparsed };
  return true;
}

/**
 * The part of a list that one version has and the other has not, on the edited line alone and not
 * the list's first, when every other part is the same in both.
 */
function partMadeOrTakenAway(
  nowParts: readonly RootContent[],
  wasParts: readonly RootContent[],
  scan: PartScan,
): ChangedPart | undefined {
  const made = nowParts.length === wasParts.length + 1;
  if (!made && nowParts.length !== wasParts.length - 1) return undefined;
  const more = made ? nowParts : wasParts;
  const { line, reparsed } = scan;
  let j = 1;
  while (j < more.length && !covers(more[j], line)) j++;
  if (j === more.length || more[j].position!.start.line - 1 !== line || more[j].position!.end.line - 1 !== line) return undefined;
  for (let i = 0, k = 0; i < nowParts.length; i++, k++) {
    if (made && i === j) k--;
    else {
      if (!made && k === j) k++;
      if (nowParts[i] !== wasParts[k] && !sameReparsed(scan, nowParts[i], wasParts[k])) return undefined;
    }
  }
  const before = { was: wasParts[j - 1], now: nowParts[j - 1] };
  return made ? { was: undefined, part: nowParts[j], before, line, reparsed } : { was: wasParts[j], part: undefined, before, line, reparsed };
}

/** The line from `start`, without its line ending. */
function lineTextAt(text: string, start: number): string {
  let end = start;
  while (end < text.length && text.charCodeAt(end) !== 10 && text.charCodeAt(end) !== 13) end++;
  return text.slice(start, end);
}

/** Whether the line from `start` holds nothing but spaces and tabs. */
function blankLineAt(text: string, start: number): boolean {
  for (let i = start; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || c === 13) return true;
    if (c !== 32 && c !== 9) return false;
  }
  return true;
}

/** A block parsed again from the same text on the same lines: it reads the same. */
function sameBlock(now: RootContent, was: RootContent, text: string, before: string, bom: number): boolean {
  if (!sameLines(now, was)) return false;
  const p = now.position!;
  const q = was.position!;
  if (p.start.column !== q.start.column || p.end.column !== q.end.column) return false;
  return text.slice(p.start.offset! + bom, p.end.offset! + bom) === before.slice(q.start.offset! + bom, q.end.offset! + bom);
}

/** Whether a node's lines take in `line` (0-based). */
export function covers(node: Nodes, line: number): boolean {
  return !!node.position && node.position.start.line - 1 <= line && line <= node.position.end.line - 1;
}

function sameLines(a: RootContent, b: RootContent): boolean {
  return !!a.position && !!b.position && a.position.start.line === b.position.start.line && a.position.end.line === b.position.end.line;
}

function offsetOf(node: RootContent, side: 'start' | 'end'): number {
  return node.position?.[side].offset ?? -1;
}

/** Whether a block holds a link or footnote definition, in it or in the blocks it contains. */
function holdsDefinition(node: Nodes): boolean {
  if (node.type === 'definition' || node.type === 'footnoteDefinition') return true;
  if (node.type !== 'list' && node.type !== 'listItem' && node.type !== 'blockquote') return false;
  for (const child of node.children) if (holdsDefinition(child)) return true;
  return false;
}

/**
 * The sections after an edit within one line of a list part, `before` and `after` being the line's
 * text: a section runs to its last character that is not white space, so those that ended on the
 * line end where its words now end. When the line was blank (an item typed on the line Enter made,
 * a blank line in an item's fenced code typed into) those that ended with the text above it
 * (`above`) end on it, and the other way round when it is blank now. Undefined when a section
 * starts on the line, or one written inline (a label, a category) ends where sections move from.
 */
export function sectionsAfterLineEdit(sections: Section[], line: number, before: string, after: string, above: () => Position): Section[] | undefined {
  for (let s = 0; s < sections.length; s++) if (sections[s].range.start.line === line) return undefined;
  const wasEnd = trimmedEnd(before, 0, before.length);
  const nowEnd = trimmedEnd(after, 0, after.length);
  if (!wasEnd && !nowEnd) return sections;
  return sectionsWithEndMoved(sections, wasEnd ? { line, character: wasEnd } : above(), nowEnd ? { line, character: nowEnd } : above());
}

/**
 * The sections, with those that ended at `from` ending at `to` instead: a part made after a list's
 * last item takes the sections that ended with the list on to its line, and one taken away gives
 * them back. Undefined when one of those is written inline (a label, a category).
 */
export function sectionsWithEndMoved(sections: Section[], from: Position, to: Position): Section[] | undefined {
  if (samePosition(from, to)) return sections;
  let out: Section[] | undefined;
  for (let s = 0; s < sections.length; s++) {
    const section = sections[s];
    const range = samePosition(section.range.end, from);
    const body = samePosition(section.bodyRange.end, from);
    if (!range && !body) continue;
    if (section.inline) return undefined;
    // Field by field, as the model makes a section with a heading (those written inline, which have
    // more, went above): V8 copies a spread object through its runtime, a microsecond a keystroke.
    const moved: Section = { kind: section.kind, heading: section.heading, range: range ? withEnd(section.range, to) : section.range, bodyRange: body ? withEnd(section.bodyRange, to) : section.bodyRange, empty: section.empty };
    (out ??= sections.slice())[s] = moved;
  }
  return out ?? sections;
}

function samePosition(a: Position, b: Position): boolean {
  return a.line === b.line && a.character === b.character;
}

function withEnd(range: Range, end: Range['end']): Range {
  return { start: range.start, end };
}
