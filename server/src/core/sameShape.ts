// An edit within one line of one part of a list: the report around it keeps its shape. Typing into
// an action's line is most keystrokes, and all that one changes is that part's actions (and the
// end of the sections the line closes): the headings, sections, metadata, summary and items the
// last version read from every other block hold as they were, so they are not read again.
import type { Nodes, RootContent } from 'mdast';
import { partsOf } from './parse';
import { trimmedEnd, type TextChange } from './text';
import type { Range, Section } from './types';

/** The one list part an edit changed, in the last version's tree (`was`) and in this one's (`part`). */
export interface ChangedPart {
  was: RootContent;
  part: RootContent;
  /** The edited line (0-based). */
  line: number;
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
 * (a heading or table parsed with the edited chunk); undefined when anything else changed. `bom`:
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
  let found: ChangedPart | undefined;
  /** A block or list part the parser made again: the one the edit fell in, or one that reads as it did. */
  const compare = (now: RootContent, was: RootContent): boolean => {
    if (now.type !== was.type) return false;
    if (!covers(now, line)) return sameBlock(now, was, text, change.before, bom);
    if (found || now.type !== 'list') return false;
    found = { was, part: now, line };
    return true;
  };
  for (let k = 0; k < blocks.length; k++) {
    const now = blocks[k];
    const was = lastBlocks[k];
    if (now === was) continue;
    if ((now.type === 'list' || now.type === 'table') && now.type === was.type) {
      // A long list or table is joined anew from its parts by every parse: its parts are what stay the same.
      const nowParts = partsOf(now);
      const wasParts = partsOf(was);
      if (nowParts.length !== wasParts.length) return undefined;
      for (let j = 0; j < nowParts.length; j++) if (nowParts[j] !== wasParts[j] && !compare(nowParts[j], wasParts[j])) return undefined;
      continue;
    }
    if (!compare(now, was)) return undefined;
  }
  if (!found) return undefined;
  const { was, part } = found;
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
 * The sections, with those that end on the edited line ending where its words now end: a section
 * runs to its last character that is not white space, which on that line (it holds a list item)
 * is still on it. Undefined when a section written inline (a label, a category) touches the line.
 */
export function sectionsAfterLineEdit(sections: Section[], line: number, lineText: string): Section[] | undefined {
  let out: Section[] | undefined;
  for (let s = 0; s < sections.length; s++) {
    const section = sections[s];
    if (section.range.end.line !== line && section.bodyRange.end.line !== line) continue;
    if (section.inline || section.range.start.line === line) return undefined;
    const end = { line, character: trimmedEnd(lineText, 0, lineText.length) };
    // Field by field, as the model makes a section with a heading (those written inline, which have
    // more, went above): V8 copies a spread object through its runtime, a microsecond a keystroke.
    const moved: Section = { kind: section.kind, heading: section.heading, range: withEnd(section.range, end), bodyRange: withEnd(section.bodyRange, end), empty: section.empty };
    (out ??= sections.slice())[s] = moved;
  }
  return out ?? sections;
}

function withEnd(range: Range, end: Range['end']): Range {
  return { start: range.start, end };
}
