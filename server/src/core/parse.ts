// Markdown to mdast, whole or in chunks. A long report is split before lines that look like
// top-level ATX headings, and inside long top-level lists and tables before an item or a row (once
// a chunk holds LIST_CHUNK_SIZE, or 512 bytes where an edit fell); each chunk is parsed alone
// (cached by its text), and the trees are joined with their positions moved to where the chunks
// stand. A split stands only where the chunk, parsed with the next chunk's first line, ends that
// line as what it looks like: a heading of the document (every block of the chunk is then closed,
// and what follows is read as from a fresh start), or an item of the chunk's last list, or a row of
// its last table (the next chunk is parsed from that item, or under the table's header and
// delimiter lines, and place() joins the parts into the one list or table a whole parse makes).
// partsOf() hands the parts to the model, which keeps what it read per part. Link and footnote
// definitions count across chunks, so a chunk that may use another's is parsed with them. The
// result is the tree one parse of the whole text gives: test/unit/incremental.test.ts compares the
// two on random documents and edits.
import type { List, Nodes, Root, RootContent, Table } from 'mdast';
import remarkFrontmatter from 'remark-frontmatter';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { fastParse } from './fastParse';
import { detached, matchesOf, type TextChange } from './text';
import { ObjectCache, sameElements } from './memo';

const processor = unified().use(remarkParse).use(remarkGfm).use(remarkFrontmatter, ['yaml']);

/** The mdast of a whole text as remark builds it: the reference the fast path must equal. */
export function parseWithRemark(text: string): Root {
  return processor.parse(text) as Root;
}

/**
 * Lists and block quotes opened on one line deeper than this are not parsed: the parser's time
 * grows faster than the depth, and a few thousand levels overflow its stack. Real reports nest a
 * handful of levels.
 */
export const MAX_NESTING = 100;
/** A line that opens more than `MAX_NESTING` quotes or list items (`> > - 1. ...`). */
const TOO_DEEP = new RegExp(`^(?:[ \\t]*(?:>|[-+*](?=[ \\t])|\\d{1,9}[.)](?=[ \\t]))){${MAX_NESTING + 1}}`, 'm');

/** Markdown the parser is not given: a line of it nests more than `MAX_NESTING` levels. */
export class NestingTooDeepError extends Error {
  /** The line (1-based) of the text given to the parser. */
  constructor(readonly line: number) {
    super(`line ${line} nests lists or block quotes more than ${MAX_NESTING} levels deep`);
  }
}

/** The first line (1-based) that nests more than `MAX_NESTING` levels, outside the front matter (YAML, whose `- - -` is not nesting). */
export function tooDeepLine(text: string): number | undefined {
  const deep = tooDeepAt(text, Math.max(0, frontMatterEnd(text)));
  if (deep < 0) return undefined;
  let line = 1;
  for (let i = text.indexOf('\n'); i >= 0 && i < deep; i = text.indexOf('\n', i + 1)) line++;
  return line;
}

/**
 * Where `TOO_DEEP` first matches from `from` on, or -1. Nesting more than `MAX_NESTING` levels
 * takes more than `MAX_NESTING` characters on one line, so only longer lines are given to the
 * regex: run over a whole chunk, it tried a match at every character (4.3 µs for a 4 KB chunk of
 * action lines, 1.1 µs now). Lines are cut at `\n` only; the regex finds any other line start in a
 * long one.
 */
function tooDeepAt(text: string, from: number): number {
  for (let start = from; ; ) {
    const end = text.indexOf('\n', start);
    const lineEnd = end < 0 ? text.length : end;
    if (lineEnd - start > MAX_NESTING) {
      const deep = TOO_DEEP.exec(text.slice(start, lineEnd));
      if (deep) return start + deep.index;
    }
    if (end < 0) return -1;
    start = end + 1;
  }
}

/**
 * The mdast of a whole text, in one parse: remark's tree, built by the fast path where it can (see
 * fastParse.ts). Throws `NestingTooDeepError` rather than parse a line nested too deep. The check
 * is here, not before analysis, so that a keystroke in a long report checks only the chunk it
 * changed.
 */
export function parseMarkdown(text: string): Root {
  const deep = tooDeepLine(text);
  if (deep !== undefined) throw new NestingTooDeepError(deep);
  return fastParse(text, parseWithRemark) ?? parseWithRemark(text);
}

type Point = { line: number; column: number; offset: number };

/** One chunk parsed alone; positions are those of `source`, the text handed to the parser. */
interface ParsedChunk {
  children: RootContent[];
  start: Point;
  end: Point;
  /** Labels of the link and footnote definitions the chunk makes (they count for the whole document). */
  definitions: string[];
  footnoteDefinitions: string[];
  /**
   * The line after the chunk, parsed with it, came out as the split it must be (a top-level heading,
   * or an item of the chunk's last list at the top level): the chunk ends there.
   */
  endsBeforeHeading: boolean;
  /** The layout the source was parsed with (`layoutKey`). */
  layoutKey: string;
  /** Where the chunk's last table starts (in the chunk), when the chunk ends before one of its rows and holds its header. */
  tableStart?: number;
  /** What the parse left in the root's `checked` (see parseChunk), for the document's root to have it too. */
  rootChecked?: boolean | null;
  /** The parse of the document that last used it, for pruning the cache. */
  lastUsed: number;
  /** What was parsed: a string of its own, not a slice of a version of the document. */
  source: string;
  /**
   * The chunk that took `children` as they are, moved to its place in the document (see place):
   * a chunk parsed for one version is placed without copying its nodes. Another chunk given the
   * same parse copies them, from where that chunk has them.
   */
  placedBy: Chunk | undefined;
  /** Where `children` stand against the parse once `placedBy` took another parse: they move no more. */
  leftAt: { lines: number; offset: number } | undefined;
}

/** A line that may start a top-level ATX heading. */
const ATX_START = /^#{1,6}(?:[ \t]|$)/;
const FENCE_OPEN = /^ {0,3}(`{3,}|~{3,})(.*)$/;
const HTML_START = /^ {0,3}<(!--|\?|![A-Za-z]|!\[CDATA\[|(?:script|pre|style|textarea)(?=[\s>]|$)|\/?[A-Za-z])/i;
const HTML_END = {
  comment: /-->/,
  instruction: /\?>/,
  cdata: /\]\]>/,
  raw: /<\/(?:script|pre|style|textarea)>/i,
  declaration: />/,
};
const BLANK = /^[ \t]*$/;
const FRONT_MATTER_OPEN = /^\uFEFF?---[ \t]*(?:\r\n|\r|\n)/;
/** A closing front-matter fence: `---` on a line of its own, after the line ending that precedes it. */
const FRONT_MATTER_CLOSE = /(?:\r\n|\r|\n)---[ \t]*(?=\r\n|\r|\n|$)/g;
/** Refused splits in a row before the rest of the document is parsed as one chunk, so that a bad guess costs little. */
const MAX_REFUSED_SPLITS = 8;

/** Where the line that starts at `start` ends (before its line ending), and where the next one starts (CommonMark line endings). */
function lineEndAt(text: string, start: number): { end: number; next: number } {
  for (let i = start; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) return { end: i, next: i + 1 };
    if (c === 13) return { end: i, next: text.charCodeAt(i + 1) === 10 ? i + 2 : i + 1 };
  }
  return { end: text.length, next: -1 };
}

/** No front matter. */
const NO_FRONT_MATTER = -1;
/**
 * An opening fence that is never closed. The parser then reads no list or block quote anywhere in
 * the document (micromark keeps the failed front matter as its current construct), so such a
 * document is parsed whole.
 */
const UNCLOSED_FRONT_MATTER = -2;

/** Offset just after the closing fence line of the front matter, or one of the two values above. */
function frontMatterEnd(text: string): number {
  const open = FRONT_MATTER_OPEN.exec(text);
  if (!open) return NO_FRONT_MATTER;
  FRONT_MATTER_CLOSE.lastIndex = open[0].length - (open[0].endsWith('\r\n') ? 2 : 1);
  const close = FRONT_MATTER_CLOSE.exec(text);
  if (!close) return UNCLOSED_FRONT_MATTER;
  const after = lineEndAt(text, close.index + close[0].length);
  return after.next < 0 ? text.length : after.next;
}

/**
 * What a split line starts: a top-level heading (every block before it is closed), an item of a
 * top-level list (the items before it are closed, and the list goes on in the next chunk), or a
 * row of a top-level table (the next chunk goes on with the table, parsed under its header).
 */
type SplitKind = 'heading' | 'item' | 'row';

/** A line before which the document may be split. */
interface Split {
  offset: number;
  /** 1-based line number. */
  line: number;
  /** The line's text, without its line ending. */
  text: string;
  kind: SplitKind;
}

/** A line that may start an item of a top-level list: a bullet or a number at the left margin, then a space, a tab or the line's end. */
const ITEM_START = /^([-+*]|\d{1,9}[.)])(?:[ \t]|$)/;
/** A line of three or more `-` or `*` and blanks: a thematic break, not an item. */
const THEMATIC_BREAK = /^(?:(?:-[ \t]*){3,}|(?:\*[ \t]*){3,})$/;

/**
 * An item line after a chunk, as the chunk is parsed with it (see `cut`): its marker and a word,
 * or the line itself when it is a thematic break; undefined for a line that starts no item. The
 * chunk's parse depends on no more of the line: a line at the left margin that starts an item
 * closes every block of the item above it (it is not indented enough to go on with them, and an
 * item's line is never a lazy one), and then it is an item of the same list, or of another, by
 * its marker alone. So typing in an item's line leaves the chunk above it as it was parsed, and
 * that item can be a chunk of its own.
 */
function itemLineAsParsed(line: string): string | undefined {
  const item = ITEM_START.exec(line);
  if (!item) return undefined;
  return THEMATIC_BREAK.test(line) ? line : `${item[1]} x`;
}
const PIPE = 124;

/**
 * The lines from `offset` on before which the document may be split: ATX headings at the left
 * margin, outside fenced code and HTML blocks as far as a line-by-line look can tell. The look may
 * be wrong inside lists and block quotes; the parse of each chunk with the next heading line checks
 * it. `offset` is the start of the text or a split, where no such block is open.
 */
function* splits(text: string, offset: number, line: number): Generator<Split> {
  let fence: { char: string; length: number } | undefined;
  let html: RegExp | 'blank' | undefined;
  for (let at = offset; at >= 0 && at < text.length; line++) {
    const { end, next } = lineEndAt(text, at);
    const s = text.slice(at, end);
    const start = at;
    at = next;
    if (fence) {
      const m = FENCE_OPEN.exec(s);
      if (m && m[1][0] === fence.char && m[1].length >= fence.length && BLANK.test(m[2])) fence = undefined;
      continue;
    }
    if (html) {
      if (html === 'blank' ? BLANK.test(s) : html.test(s)) html = undefined;
      continue;
    }
    if (ATX_START.test(s)) {
      if (start > 0) yield { offset: start, line, text: s, kind: 'heading' };
      continue;
    }
    if (ITEM_START.test(s)) {
      if (start > 0) yield { offset: start, line, text: s, kind: 'item' };
      continue;
    }
    if (s.charCodeAt(0) === PIPE) {
      if (start > 0) yield { offset: start, line, text: s, kind: 'row' };
      continue;
    }
    const f = FENCE_OPEN.exec(s);
    if (f && !(f[1][0] === '`' && f[2].includes('`'))) {
      fence = { char: f[1][0], length: f[1].length };
      continue;
    }
    const h = HTML_START.exec(s);
    if (h) {
      const kind = h[1].toLowerCase();
      const endMarker =
        kind === '!--'
          ? HTML_END.comment
          : kind === '?'
            ? HTML_END.instruction
            : kind === '![cdata['
              ? HTML_END.cdata
              : /^(?:script|pre|style|textarea)$/.test(kind)
                ? HTML_END.raw
                : kind.startsWith('!')
                  ? HTML_END.declaration
                  : 'blank';
      // The end marker may stand on the opening line itself, after the opener.
      const rest = s.slice(s.indexOf('<') + 1 + h[1].length);
      if (endMarker === 'blank' || !endMarker.test(rest)) html = endMarker;
    }
  }
}

/** Text folded as CommonMark compares labels: whitespace runs as one space, case folded. */
const foldLabel = (text: string) => text.replace(/[\t\n\r ]+/g, ' ').toLowerCase().toUpperCase();

const BRACKETED = /\[(\^?)((?:[^[\]\\]|\\.)*)\]/g;

/** What stands between brackets (`[label]`, `[^label]`, escapes kept), folded: every label the text may name. */
function bracketedLabels(text: string): Set<string> {
  const labels = new Set<string>();
  for (const m of matchesOf(BRACKETED, foldLabel(text))) {
    const label = m[2].trim();
    labels.add(label);
    if (m[1]) labels.add(`^${label}`);
  }
  return labels;
}

/** Labels as they are written in a definition, whitespace folded (the identifier is the same). */
const labelText = (label: string) => label.replace(/[\t\n\r ]+/g, ' ').trim();

function definitionLines(definitions: Iterable<string>, footnotes: Iterable<string>): string {
  let out = '';
  for (const label of definitions) out += `[${label}]: #\n`;
  for (const label of footnotes) out += `[^${label}]: .\n`;
  return out;
}

/** How `source` is cut: what comes before the chunk (definitions), the chunk, and after it. */
interface SourceLayout {
  prefixLength: number;
  prefixLines: number;
  length: number;
  last: boolean;
  /** What the line after the chunk (the next split) must come out as, when the chunk is not the last. */
  endsWith?: SplitKind;
  /** The chunk goes on with a table: the prefix ends with the table's header and delimiter lines. */
  continuesTable?: boolean;
}

function parseChunk(source: string, layout: SourceLayout): ParsedChunk {
  const tree = parseMarkdown(source);
  // The parser does not count a byte order mark: its offsets are one less than string indexes.
  const chunkEnd = layout.prefixLength + layout.length - (source.charCodeAt(0) === 0xfeff ? 1 : 0);
  const children = tree.children.filter((c) => {
    const at = c.position!.start.offset!;
    return at >= layout.prefixLength && at < chunkEnd;
  });
  if (layout.continuesTable) {
    // The rows below the header that the prefix gave: the table's part in this chunk.
    const table = tree.children.find((c): c is Table => c.type === 'table' && c.position!.start.offset! < layout.prefixLength && c.position!.end.offset! > layout.prefixLength);
    const rows = table?.children.filter((row) => row.position!.start.offset! >= layout.prefixLength) ?? [];
    if (!rows.length) throw new Error('A chunk that goes on with a table holds none of its rows.');
    children.unshift({ ...table!, children: rows, position: { start: rows[0].position!.start, end: table!.position!.end } });
  }
  let endsBeforeHeading = layout.last;
  let tableStart: number | undefined;
  if (!layout.last && (layout.endsWith === 'item' || layout.endsWith === 'row')) {
    // The next line must be an item of the chunk's last list (a row of its last table), at the top
    // level: the chunk's items are then closed, and the next chunk goes on with the list from a fresh
    // start (the table, parsed under its header); place() joins them.
    endsBeforeHeading = cutBeforeNextLine(children, layout.endsWith === 'item' ? 'list' : 'table', chunkEnd);
    if (endsBeforeHeading && layout.endsWith === 'row' && !layout.continuesTable) {
      // In the text's indexes: the parser does not count a byte order mark.
      tableStart = children[children.length - 1].position!.start.offset! - layout.prefixLength + (source.charCodeAt(0) === 0xfeff ? 1 : 0);
    }
  } else if (!layout.last) {
    const next = tree.children.find((c) => c.position!.start.offset! >= chunkEnd);
    endsBeforeHeading = next?.type === 'heading' && next.position!.start.offset === chunkEnd;
  }
  const definitions: string[] = [];
  const footnoteDefinitions: string[] = [];
  for (const child of children) collectDefinitions(child, definitions, footnoteDefinitions);
  return {
    children,
    start: tree.position!.start as Point,
    end: tree.position!.end as Point,
    definitions,
    footnoteDefinitions,
    endsBeforeHeading,
    tableStart,
    // remark-gfm sets `checked` on the root when a top-level paragraph starts like a task (`[ ] x`).
    rootChecked: 'checked' in tree ? (tree as { checked?: boolean | null }).checked : undefined,
    layoutKey: layoutKey(layout),
    lastUsed: 0,
    source,
    placedBy: undefined,
    leftAt: undefined,
  };
}

/** The labels of the definitions in a node and under it. A module function: a closure made on each parse would lose its optimised code at every full collection. */
function collectDefinitions(node: Nodes, definitions: string[], footnoteDefinitions: string[]): void {
  if (node.type === 'definition') definitions.push(labelText(node.label ?? node.identifier));
  else if (node.type === 'footnoteDefinition') footnoteDefinitions.push(labelText(node.label ?? node.identifier));
  if ('children' in node) {
    const children: Nodes[] = node.children;
    for (let k = 0; k < children.length; k++) collectDefinitions(children[k], definitions, footnoteDefinitions);
  }
}

/**
 * Whether the last of `children` is a list (table) whose last item (row) starts at `chunkEnd`, the
 * next chunk's first line, and whose other items end before it; if so, it is replaced by a copy
 * without that item. An item whose fenced code is not closed runs into the next item's line, as far
 * as that line's marker and the blanks after it (`- ` or `-  `): its end would then depend on more
 * of that line than `itemLineAsParsed` keeps, so the chunk is not cut there.
 */
function cutBeforeNextLine(children: RootContent[], type: 'list' | 'table', chunkEnd: number): boolean {
  const last = children[children.length - 1];
  if (last?.type !== type) return false;
  const parts: Nodes[] = last.children;
  if (parts.length < 2 || parts[parts.length - 1].position!.start.offset !== chunkEnd) return false;
  if (parts[parts.length - 2].position!.end.offset! >= chunkEnd) return false;
  const kept = parts.slice(0, -1);
  children[children.length - 1] = { ...last, children: kept, position: { start: last.position!.start, end: kept[kept.length - 1].position!.end } } as List | Table;
  return true;
}

/** What of a layout a parse depends on besides the source: the same source may be cut in two ways. */
const layoutKey = (layout: SourceLayout) => `${layout.prefixLength} ${layout.length} ${layout.last ? '' : layout.endsWith} ${layout.continuesTable ? 'table' : ''}`;

/**
 * The node with every position moved by `lines` and `offset` (columns stay: chunks start at line
 * starts), in place: each node gets points of its own (a parse may share one between two nodes),
 * collected in `points`, so that moving them again is one loop.
 */
function moveInPlace(node: Nodes, lines: number, offset: number, points: Point[]): void {
  if (node.position) node.position = movedPosition(node.position, lines, offset, points);
  if ('children' in node) {
    const children: Nodes[] = node.children;
    for (let k = 0; k < children.length; k++) moveInPlace(children[k], lines, offset, points);
  }
}

/** A position `lines` and `offset` further on, with points of its own, which are added to `points`. */
function movedPosition(p: NonNullable<Nodes['position']>, lines: number, offset: number, points: Point[]): { start: Point; end: Point } {
  const start = { line: p.start.line + lines, column: p.start.column, offset: p.start.offset! + offset };
  const end = { line: p.end.line + lines, column: p.end.column, offset: p.end.offset! + offset };
  points.push(start, end);
  return { start, end };
}

/** How far a parse's nodes stand from where the parse put them: by the chunk that placed them, or where it left them. */
function offsetsOfPlaced(parsed: ParsedChunk): { lines: number; offset: number } {
  const by = parsed.placedBy;
  if (!by) return { lines: 0, offset: 0 };
  return holds(by, parsed) ? { lines: by.lineShift, offset: by.offsetShift } : parsed.leftAt!;
}

/** Whether the chunk's nodes are the parse's own (placed, not copied). */
function holds(chunk: Chunk, parsed: ParsedChunk): boolean {
  return chunk.children === parsed.children;
}

/**
 * A copy of the node with every position moved by `lines` and `offset` (columns stay: chunks start
 * at line starts). The copy's points are collected in `points`, so that moving it again is one loop.
 */
function shifted<T extends Nodes>(node: T, lines: number, offset: number, points: Point[]): T {
  const copy = { ...node };
  if (node.position) copy.position = movedPosition(node.position, lines, offset, points);
  if ('children' in node) (copy as { children: Nodes[] }).children = node.children.map((c) => shifted(c, lines, offset, points));
  return copy;
}

/** A list or table that runs over several chunks: where it stands in the root's children, its parts, and the node joined from them. */
interface Join {
  index: number;
  parts: (List | Table)[];
  whole?: List | Table;
}

/**
 * One list or table from its parts, as one parse makes it: the first part's fields, every part's
 * children (copied once into an array of their number: a register's list has thousands), and
 * loose if any part is. Its position is the parts' own points, which move with them.
 */
function joined(parts: (List | Table)[]): List | Table {
  const first = parts[0];
  let count = 0;
  for (let p = 0; p < parts.length; p++) count += parts[p].children.length;
  const all: Nodes[] = new Array(count);
  let k = 0;
  // Indexes, not `for…of`: before V8 optimises this code, each step of one makes an object.
  for (let p = 0; p < parts.length; p++) {
    const children = parts[p].children;
    for (let c = 0; c < children.length; c++) all[k++] = children[c];
  }
  const whole = { ...first, children: all, position: { start: first.position!.start, end: parts[parts.length - 1].position!.end } } as List | Table;
  if (whole.type === 'list') for (let p = 1; p < parts.length; p++) whole.spread = whole.spread || (parts[p] as List).spread;
  return whole;
}

/** One chunk of one version of the document. */
interface Chunk {
  /** String indexes in the document, and the 1-based line where the chunk starts. */
  start: number;
  end: number;
  line: number;
  last: boolean;
  /** The parse of the chunk and the next chunk's heading line (its `source`), which checked the split. */
  checked: ParsedChunk;
  /** Where the next chunk's heading line ends: an edit before it leaves this chunk as it was. */
  sourceEnd: number;
  /** Of a chunk cut before an item: that line as the chunk was parsed with it (`itemLineAsParsed`). */
  itemLine: string | undefined;
  /** The parse used: `checked`, or a parse with the definitions made elsewhere in the document. */
  parsed: ParsedChunk;
  layout: SourceLayout;
  /** `parsed.children` with positions in the document, owned by the parser and moved in place when the chunk moves. */
  children?: RootContent[];
  /** Every point of `children`. */
  points?: Point[];
  /** The parse `children` were copied from. */
  placedFrom?: ParsedChunk;
  lineShift: number;
  offsetShift: number;
  /** The chunk starts with an item of the previous chunk's last list, or a row of its last table, which it goes on with. */
  continues?: 'item' | 'row';
  /** Of a chunk that goes on with a table: the table's header and delimiter lines, which it is parsed under. */
  head: string;
}

interface Version {
  text: string;
  chunks: Chunk[];
  frontMatterEnd: number;
}

/** Index of the chunk that starts at `start`, if one does. */
function chunkStartingAt(chunks: Chunk[], start: number): number | undefined {
  let lo = 0;
  let hi = chunks.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (chunks[mid].start === start) return mid;
    if (chunks[mid].start < start) lo = mid + 1;
    else hi = mid - 1;
  }
  return undefined;
}

export interface ChunkedParser {
  /**
   * The mdast of `text`, equal to `parseMarkdown(text)`; chunks seen in the last parse are not
   * parsed again. The tree is valid until the next call: later calls move its positions.
   */
  parse(text: string): Root;
  /**
   * Where `text` differs from the last text parsed: `[start, end)` of `text`, outside of which the
   * two are the same; undefined before the first parse. Worked out once for the next parse too.
   */
  changedPart(text: string): TextChange | undefined;
  /** Of the last parse: its chunks, how many were parsed (not taken from the cache), and how many characters those held. */
  readonly stats: { chunks: number; parsed: number; parsedLength: number };
}

/** Characters compared at once (as one native string comparison) before the exact place is looked for. */
const BLOCK = 256;

/** Length of the common start of two strings. */
function commonPrefix(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  const same = (from: number, length: number) => a.substring(from, from + length) === b.substring(from, from + length);
  let i = gallop(n, same);
  while (i < n && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  return i;
}

/** Length of the common end of two strings, not reaching into the first `limit` characters of either. */
function commonSuffix(a: string, b: string, limit: number): number {
  const n = Math.min(a.length, b.length) - limit;
  const same = (from: number, length: number) => a.substring(a.length - from - length, a.length - from) === b.substring(b.length - from - length, b.length - from);
  let i = gallop(n, same);
  while (i < n && a.charCodeAt(a.length - 1 - i) === b.charCodeAt(b.length - 1 - i)) i++;
  return i;
}

/**
 * How far two strings agree, in whole blocks, up to `n`: `same(from, length)` compares a stretch.
 * Stretches double while they agree, then halve back to the first block that does not: a keystroke
 * in the middle of 600 KB compares some 20 stretches (each one string comparison, which V8 makes
 * a memory comparison) rather than 1,200 blocks, a quarter of the time.
 */
function gallop(n: number, same: (from: number, length: number) => boolean): number {
  let at = 0;
  let length = BLOCK;
  while (at + length <= n && same(at, length)) {
    at += length;
    length *= 2;
  }
  for (length >>= 1; length >= BLOCK; length >>= 1) if (at + length <= n && same(at, length)) at += length;
  return at;
}

/**
 * A parser for one document as it changes: it keeps the chunks of the last version, so an edit
 * re-parses only the chunks it touched, and moves the others.
 */
/** The lists and tables of a chunked parse that were joined from parts of several chunks, and the parts. */
const joinedParts = new ObjectCache<RootContent, (List | Table)[]>();

/**
 * The blocks a top-level node was put together from: the parts of a list that runs over several
 * chunks (each the same object from parse to parse while its chunk is not parsed again, with its
 * positions kept up to date), or the node itself. What is read from a block can be kept per part:
 * a keystroke in a long list then reads one part again, not the list.
 */
export function partsOf(node: RootContent): readonly RootContent[] {
  return joinedParts.get(node) ?? [node];
}

/** A table's header and delimiter lines, line endings included: what a chunk that goes on with the table is parsed under. */
function tableHead(text: string, tableStart: number): string {
  let start = tableStart;
  while (start > 0 && text.charCodeAt(start - 1) !== 10 && text.charCodeAt(start - 1) !== 13) start--;
  // Not the byte order mark before a table on the first line.
  while (text.charCodeAt(start) === 0xfeff) start++;
  const delimiter = lineEndAt(text, start).next;
  const end = delimiter < 0 ? -1 : lineEndAt(text, delimiter).next;
  return end < 0 ? text.slice(start) : text.slice(start, end);
}

/**
 * The layout of a source that starts with `prefix` (a table's head, definitions) before a chunk of
 * `length`. Made as one literal, every field there: V8 gives each object made as `{ ...a, b }` a
 * hidden class of its own, and the parser reads layouts on every keystroke.
 */
function sourceLayout(prefix: string, continuesTable: boolean, length: number, last: boolean, endsWith: SplitKind | undefined): SourceLayout {
  const prefixLines = prefix ? (prefix.match(/\r\n|\r|\n/g)?.length ?? 0) : 0;
  return { prefixLength: prefix.length, prefixLines, length, last, endsWith, continuesTable: prefix ? continuesTable : undefined };
}

export interface ChunkedParserOptions {
  /**
   * Characters a chunk holds at least before it may end inside a top-level list, before an item:
   * a keystroke in a long list then parses about this much again, not the whole list.
   */
  listChunkSize?: number;
}

/** Big enough that a chunk's parse costs mostly its text, small enough that parsing it again is quick. */
const LIST_CHUNK_SIZE = 4096;
/**
 * Where an edit fell, a list is cut finer: the next keystroke is most likely in the same place, and
 * typing states such as `-` or `- [` may send the chunk to the slower parser (remark).
 */
const EDITED_LIST_CHUNK_SIZE = 512;
/**
 * Chunks only earlier versions used: each keystroke parses one or two that no later text has. Past
 * twice this many all go at once, so that the cache is walked once in so many keystrokes, not on
 * each (a register's is a thousand chunks).
 */
const STALE_CHUNKS = 16;

export function createChunkedParser(options: ChunkedParserOptions = {}): ChunkedParser {
  return new ChunkParser(options);
}

/** The chunk `splitAndCheck` is making: its start, and how it starts (going on with the last chunk's list or table, or not; and the table's head). */
interface ChunkScan {
  readonly text: string;
  readonly chunks: Chunk[];
  start: number;
  startLine: number;
  head: string;
  continues: Chunk['continues'];
}

/**
 * The chunked parser: its state, and its steps as methods. V8 keeps a function's optimised code
 * only while a function made from it lives; closures made for each parser (or, like the cut of a
 * chunk, on each parse) lost theirs at every full collection that found none alive, and a document
 * opened or typed into after one ran them unoptimised for dozens of keystrokes. Methods live as
 * long as the module.
 */
class ChunkParser implements ChunkedParser {
  private readonly listChunkSize: number;
  private readonly editedListChunkSize: number;
  /** Parsed chunks by source text, and the parse that last used each. */
  private readonly cache = new Map<string, ParsedChunk>();
  private parses = 0;
  private previous: Version | undefined;
  /**
   * The lists and tables the last parse joined from parts, by their first part: one whose parts
   * are all the same (moved in place) is the same node, and the model reads it as it was, instead
   * of a new node of thousands of children on every keystroke.
   */
  private lastJoins = new Map<RootContent, Join>();
  readonly stats = { chunks: 0, parsed: 0, parsedLength: 0 };
  /** The common start and end of the last parse's text and the one asked about last. */
  private compared: { old: string; text: string; same: number; suffix: number } | undefined;
  /** Labels folded as the parser matches them, kept across versions (a report's labels rarely change). */
  private foldedLabels = new Map<string, string>();
  private readonly labelSets = new ObjectCache<string[], Set<string>>();
  /**
   * The labels a chunk's text names in brackets, kept with the chunk's parse: the parse is of the
   * head and the text, so the same parse and head length mean the same text. (Keeping the text
   * itself would keep the whole version of the document it is a slice of.)
   */
  private readonly namedLabelsOf = new ObjectCache<object, { headLength: number; labels: Set<string> }>();
  /** Bound to this parser: the analysis takes them as functions. */
  readonly parse: (text: string) => Root;
  readonly changedPart: (text: string) => TextChange | undefined;

  constructor(options: ChunkedParserOptions) {
    this.listChunkSize = options.listChunkSize ?? LIST_CHUNK_SIZE;
    this.editedListChunkSize = Math.min(this.listChunkSize, EDITED_LIST_CHUNK_SIZE);
    this.parse = this.parseText.bind(this);
    this.changedPart = this.changeFrom.bind(this);
  }

  private get(source: string, layout: SourceLayout): ParsedChunk {
    // The parse's strings are slices of its source: of a copy, not of this version of the document.
    // Copied before it is looked up: the copy is the key a new parse is kept under, and the map
    // then works out one string's hash, not two (most lookups are of a chunk just typed in).
    const own = detached(source);
    let chunk = this.cache.get(own);
    if (!chunk || chunk.layoutKey !== layoutKey(layout)) {
      chunk = parseChunk(own, layout);
      this.cache.set(own, chunk);
      this.stats.parsed++;
      this.stats.parsedLength += source.length;
    }
    chunk.lastUsed = this.parses;
    return chunk;
  }

  private compare(old: string, text: string): { same: number; suffix: number } {
    let compared = this.compared;
    if (compared?.old !== old || compared.text !== text) {
      const same = commonPrefix(old, text);
      this.compared = compared = { old, text, same, suffix: commonSuffix(old, text, same) };
    }
    return compared;
  }

  private changeFrom(text: string): TextChange | undefined {
    if (!this.previous) return undefined;
    const { same, suffix } = this.compare(this.previous.text, text);
    return { before: this.previous.text, start: same, end: text.length - suffix };
  }

  private parseText(text: string): Root {
    this.parses++;
    this.stats.parsed = 0;
    this.stats.parsedLength = 0;
    const fmEnd = frontMatterEnd(text);
    let chunks: Chunk[];
    let root: Root;
    try {
      chunks = this.splitAndCheck(text, fmEnd);
      this.resolveDefinitions(text, chunks);
      root = this.place(text, chunks);
    } catch (e) {
      // A text the parser refused (nesting too deep) may have left the last version's chunks, and
      // the parses they placed, half moved: the next text is split and parsed afresh.
      this.previous = undefined;
      this.cache.clear();
      this.lastJoins = new Map();
      throw e;
    }
    for (const c of chunks) c.checked.lastUsed = c.parsed.lastUsed = this.parses;
    // The cache holds what this version and the last one use, and a few more from earlier ones.
    if (this.cache.size > chunks.length + 2 * STALE_CHUNKS) {
      this.cache.forEach((chunk, source) => chunk.lastUsed < this.parses - 1 && this.cache.delete(source));
    }
    this.previous = { text, chunks, frontMatterEnd: fmEnd };
    // It would keep the version before this one alive.
    this.compared = undefined;
    this.stats.chunks = chunks.length;
    return root;
  }

  /** The chunks of `text`: those an edit did not touch from the last version, the others split and parsed. */
  private splitAndCheck(text: string, fmEnd: number): Chunk[] {
    const old = this.previous;
    const chunks: Chunk[] = [];
    let from = 0;
    let line = 1;
    let delta = 0;
    let suffixStart = Infinity;
    /** How the chunk being made starts: going on with the last chunk's list or table, or not; and the table's head. */
    let continues: Chunk['continues'];
    let head = '';
    if (old) {
      const { same, suffix } = this.compare(old.text, text);
      if (same === text.length && same === old.text.length) {
        // The same text: every chunk as it was.
        return old.chunks;
      }
      // Chunks that end, with the heading line after them, before the first changed character stay as they are;
      // unless the front matter changed, which may now take in what was a chunk.
      if (old.frontMatterEnd === fmEnd) {
        for (const c of old.chunks) {
          if (c.last) break;
          if (c.sourceEnd + 1 > same) {
            // An edit in the item line after the chunk that leaves the line as the chunk was parsed with it leaves the chunk too.
            const lineEnd = c.itemLine !== undefined && same >= c.end ? lineEndAt(text, c.end).end : -1;
            if (lineEnd < 0 || itemLineAsParsed(text.slice(c.end, lineEnd)) !== c.itemLine) break;
            c.sourceEnd = lineEnd;
          }
          chunks.push(c);
        }
      }
      if (chunks.length) {
        const next = old.chunks[chunks.length];
        from = next.start;
        line = next.line;
        continues = next.continues;
        head = next.head;
      }
      delta = text.length - old.text.length;
      suffixStart = old.text.length - suffix;
    }
    // Front matter is the one construct decided by a line far ahead (its closing fence): no split inside it.
    let scanFrom = from;
    let scanLine = line;
    if (from < fmEnd) {
      for (let at = from; at >= 0 && at < fmEnd; scanLine++) at = lineEndAt(text, at).next;
      scanFrom = fmEnd;
    }

    /** The chunk being made: where it starts, and how (see `cut`). */
    const scan: ChunkScan = { text, chunks, start: from, startLine: line, head, continues };
    let refused = 0;
    // Where a list was edited, the items edited are a chunk of their own: the next keystroke there
    // parses those, not the items around them (links and all). The chunk above is parsed with the
    // first of them as `itemLineAsParsed` has it, which typing in the item leaves as it is.
    const editStart = old ? this.compare(old.text, text).same : -1;
    const editEnd = old ? text.length - this.compare(old.text, text).suffix : -1;
    let itemAtEdit: Split | undefined;
    /** Whether an item of the same list comes before `itemAtEdit` in the chunk being made: else the chunk would not end with a list the item goes on with. */
    let itemBefore = false;
    let edited = !old;
    const candidates = fmEnd === UNCLOSED_FRONT_MATTER ? [] : splits(text, scanFrom, scanLine);
    for (const split of candidates) {
      if (split.offset <= scan.start) continue;
      // Past the edit, at a chunk of the last version: from here on the text and its chunks are the same.
      const oldIndex = old && split.offset - delta >= suffixStart ? chunkStartingAt(old.chunks, split.offset - delta) : undefined;
      // So is a heading that starts where the edit ends. Enter at the end of a list's last item
      // inserts a line break that the text's common start and end place after the blank line
      // (`item⏎⏎## Next` from `item⏎## Next`): the item is then still cut into a chunk of its own,
      // and `-` typed on the new line parses that item again, not the items above it too.
      const afterEdit = !edited && (split.offset > editEnd || (split.kind === 'heading' && split.offset === editEnd));
      if (afterEdit) {
        edited = true;
        if (itemAtEdit && itemAtEdit.offset > scan.start && (itemBefore || scan.continues === 'item')) this.cut(scan, itemAtEdit);
      } else if (!edited && split.kind === 'item' && split.offset <= editStart) {
        itemBefore = !!itemAtEdit;
        itemAtEdit = split;
      } else if (!edited && split.offset <= editStart) {
        itemAtEdit = undefined;
        itemBefore = false;
      }
      // Inside a list or a table, a chunk ends once it is long enough, or where a chunk of the last version starts;
      // not before the line being typed: the chunk would be parsed with it, and so again on every keystroke.
      const beforeEditedLine = !!old && split.offset <= editEnd && split.offset + split.text.length >= editStart;
      if (!afterEdit && split.kind !== 'heading' && (beforeEditedLine || (split.offset - scan.start < (old ? this.editedListChunkSize : this.listChunkSize) && oldIndex === undefined))) continue;
      if (!this.cut(scan, split)) {
        // Splits the parse keeps refusing (say, inside an HTML block the line look missed): the rest is one chunk.
        if (++refused >= MAX_REFUSED_SPLITS) break;
        continue;
      }
      refused = 0;
      const resumed = oldIndex !== undefined ? old!.chunks[oldIndex] : undefined;
      if (old && oldIndex !== undefined && resumed!.continues === scan.continues && resumed!.head === scan.head) {
        const lineDelta = scan.startLine - old.chunks[oldIndex].line;
        // The last version's chunks are its own no more: moved in place.
        for (let k = oldIndex; k < old.chunks.length; k++) {
          const c = old.chunks[k];
          c.start += delta;
          c.end += delta;
          c.sourceEnd += delta;
          c.line += lineDelta;
          chunks.push(c);
        }
        return chunks;
      }
    }
    // An edit in the last chunk: the items edited are the last chunk.
    if (!edited && itemAtEdit && itemAtEdit.offset > scan.start && (itemBefore || scan.continues === 'item') && refused < MAX_REFUSED_SPLITS) this.cut(scan, itemAtEdit);
    const chunkText = text.slice(scan.start);
    const layout = sourceLayout(scan.head, scan.continues === 'row', chunkText.length, true, undefined);
    chunks.push(this.newChunk(scan.start, text.length, scan.startLine, true, this.get(scan.head + chunkText, layout), text.length, layout, scan.continues, scan.head, undefined));
    return chunks;
  }

  /** Cuts the chunk being made at `split`: whether the parse took the split. */
  private cut(scan: ChunkScan, split: Split): boolean {
    const { text, head, continues, start } = scan;
    const chunkText = text.slice(start, split.offset);
    // The next chunk's first line, parsed with this one, must come out as the split it looks like: else no split here.
    const itemLine = split.kind === 'item' ? itemLineAsParsed(split.text) : undefined;
    const source = head + chunkText + (itemLine ?? split.text);
    const layout = sourceLayout(head, continues === 'row', chunkText.length, false, split.kind);
    const checked = this.get(source, layout);
    if (!checked.endsBeforeHeading) return false;
    scan.chunks.push(this.newChunk(start, split.offset, scan.startLine, false, checked, split.offset + split.text.length, layout, continues, head, itemLine));
    // The next chunk goes on with this one's list or table; a table's rows are parsed under its header.
    if (split.kind === 'row' && checked.tableStart !== undefined) scan.head = tableHead(text, start + checked.tableStart);
    else if (split.kind !== 'row') scan.head = '';
    scan.continues = split.kind === 'heading' ? undefined : split.kind;
    scan.start = split.offset;
    scan.startLine = split.line;
    return true;
  }

  private newChunk(start: number, end: number, line: number, last: boolean, checked: ParsedChunk, sourceEnd: number, layout: SourceLayout, continues: Chunk['continues'], head: string, itemLine: string | undefined): Chunk {
    return { start, end, line, last, checked, sourceEnd, itemLine, parsed: checked, layout, lineShift: 0, offsetShift: 0, continues, head };
  }

  /** Definitions count for the whole document: a chunk that may use one made elsewhere is parsed again with them. */
  private resolveDefinitions(text: string, chunks: Chunk[]): void {
    const definitions = new Map<string, number>();
    const footnotes = new Map<string, number>();
    for (let k = 0; k < chunks.length; k++) {
      const { definitions: defined, footnoteDefinitions: noted } = chunks[k].checked;
      for (let i = 0; i < defined.length; i++) if (!definitions.has(defined[i])) definitions.set(defined[i], definitions.size);
      for (let i = 0; i < noted.length; i++) if (!footnotes.has(noted[i])) footnotes.set(noted[i], footnotes.size);
    }
    const none = !definitions.size && !footnotes.size;
    // Looked up from the labels a chunk names, not the other way: a report with a thousand
    // definitions would otherwise compare each with each chunk on every keystroke.
    const definitionsByFold = none ? undefined : this.byFoldedLabel(definitions);
    const footnotesByFold = none ? undefined : this.byFoldedLabel(footnotes);
    for (let k = 0; k < chunks.length; k++) {
      const chunk = chunks[k];
      if (chunk.parsed !== chunk.checked) {
        chunk.parsed = chunk.checked;
        chunk.layout = sourceLayout(chunk.head, chunk.continues === 'row', chunk.end - chunk.start, chunk.last, chunk.layout.endsWith);
      }
      if (none) continue;
      const chunkText = text.slice(chunk.start, chunk.end);
      if (!chunkText.includes('[')) continue;
      // A label the chunk does not name in brackets cannot change it: only those it names are given to it.
      const named = this.namedLabels(chunk.checked, chunk.head.length, chunkText);
      const needed = (byFold: Map<string, string[]>, order: Map<string, number>, ownLabels: string[]) => {
        const out: string[] = [];
        let own: Set<string> | undefined;
        for (const label of named) {
          const defined = byFold.get(label);
          if (!defined) continue;
          own ??= this.setOf(ownLabels);
          for (const d of defined) if (!own.has(d)) out.push(d);
        }
        return out.length > 1 ? out.sort((a, b) => order.get(a)! - order.get(b)!) : out;
      };
      const defs = needed(definitionsByFold!, definitions, chunk.checked.definitions);
      const notes = needed(footnotesByFold!, footnotes, chunk.checked.footnoteDefinitions);
      if (!defs.length && !notes.length) continue;
      const lines = definitionLines(defs, notes);
      if (chunk.last) {
        // Before a chunk that starts with a heading, an item or a table's head (after the first, every chunk does), definitions change nothing else.
        if (k === 0) continue;
        const prefix = `${lines}\n${chunk.head}`;
        chunk.layout = sourceLayout(prefix, chunk.continues === 'row', chunk.layout.length, chunk.layout.last, chunk.layout.endsWith);
        chunk.parsed = this.get(prefix + chunkText, chunk.layout);
      } else {
        // After the next heading line, which closes every block of the chunk.
        chunk.parsed = this.get(`${chunk.checked.source}\n\n${lines}`, chunk.layout);
      }
    }
  }

  private byFoldedLabel(labels: Map<string, number>): Map<string, string[]> {
    if (this.foldedLabels.size > 4 * labels.size + 1024) this.foldedLabels = new Map();
    const out = new Map<string, string[]>();
    for (const label of labels.keys()) {
      let folded = this.foldedLabels.get(label);
      if (folded === undefined) this.foldedLabels.set(label, (folded = foldLabel(label)));
      const same = out.get(folded);
      if (same) same.push(label);
      else out.set(folded, [label]);
    }
    return out;
  }
  private setOf(labels: string[]): Set<string> {
    return this.labelSets.get(labels) ?? this.labelSets.set(labels, new Set(labels)).get(labels)!;
  }

  private namedLabels(parse: object, headLength: number, chunkText: string): Set<string> {
    const kept = this.namedLabelsOf.get(parse);
    if (kept && kept.headLength === headLength) return kept.labels;
    const labels = bracketedLabels(chunkText);
    this.namedLabelsOf.set(parse, { headLength, labels });
    return labels;
  }

  /** The document's tree: each chunk's nodes at the chunk's place. */
  private place(text: string, chunks: Chunk[]): Root {
    const bom = text.charCodeAt(0) === 0xfeff ? 1 : 0;
    const children: RootContent[] = [];
    /** Lists and tables made here by joining chunks' parts (theirs to change), and the parts. */
    const joins: Join[] = [];
    /** The list or table being joined: at `children[index]`, while it is the last block placed. */
    let open: Join | undefined;
    for (let k = 0; k < chunks.length; k++) {
      const chunk = chunks[k];
      // The parser does not count a byte order mark: offsets after it are one less than string indexes.
      const offsetShift = chunk.start - (k > 0 ? bom : 0) - chunk.layout.prefixLength;
      const lineShift = chunk.line - 1 - chunk.layout.prefixLines;
      if (chunk.children && chunk.points && chunk.placedFrom === chunk.parsed) {
        const lines = lineShift - chunk.lineShift;
        const offset = offsetShift - chunk.offsetShift;
        if (lines || offset) {
          // An index, not `for…of`: before V8 optimises this, each step of one makes an object, and
          // a line deleted in a long register moves some 40,000 points.
          const points = chunk.points;
          for (let p = 0; p < points.length; p++) {
            const point = points[p];
            point.line += lines;
            point.offset += offset;
          }
        }
      } else {
        const parsed = chunk.parsed;
        const was = chunk.placedFrom;
        // The parse this chunk placed before stays where the chunk leaves it.
        if (was && holds(chunk, was)) was.leftAt = { lines: chunk.lineShift, offset: chunk.offsetShift };
        const points: Point[] = [];
        if (!parsed.placedBy) {
          // A parse no chunk has placed (most often one made for this version): its nodes are the chunk's.
          // Copying them (an object spread over every kind of node) cost more than the parse of a line.
          for (let c = 0; c < parsed.children.length; c++) moveInPlace(parsed.children[c], lineShift, offsetShift, points);
          chunk.children = parsed.children;
          parsed.placedBy = chunk;
        } else {
          // A parse kept from an earlier version (text typed and taken back), or the same text twice: copied.
          const from = offsetsOfPlaced(parsed);
          chunk.children = parsed.children.map((child) => shifted(child, lineShift - from.lines, offsetShift - from.offset, points));
        }
        chunk.points = points;
        chunk.placedFrom = parsed;
      }
      chunk.offsetShift = offsetShift;
      chunk.lineShift = lineShift;
      let from = 0;
      if (chunk.continues) {
        // The chunk's first list or table goes on with the last one before it: one, as one parse makes it.
        const before = children[children.length - 1];
        const part = chunk.children[0];
        const kind = chunk.continues === 'item' ? 'list' : 'table';
        if (before?.type !== kind || part?.type !== kind) throw new Error(`A chunk that goes on with a ${kind} does not follow one.`);
        // Joined once all its parts are known (below).
        if (open?.index !== children.length - 1) joins.push((open = { index: children.length - 1, parts: [before as List | Table] }));
        open.parts.push(part as List | Table);
        from = 1;
      }
      for (let i = from; i < chunk.children.length; i++) children.push(chunk.children[i]);
    }
    const wholes = new Map<RootContent, Join>();
    for (let j = 0; j < joins.length; j++) {
      const join = joins[j];
      const first = join.parts[0];
      // The parts the last version joined, every one as it was (moved in place): its node, with its children.
      const was = this.lastJoins.get(first);
      if (was && sameElements(was.parts, join.parts)) {
        children[join.index] = was.whole!;
        wholes.set(first, was);
        continue;
      }
      join.whole = joined(join.parts);
      joinedParts.set(join.whole, join.parts);
      children[join.index] = join.whole;
      wholes.set(first, join);
    }
    this.lastJoins = wholes;
    const first = chunks[0];
    const last = chunks[chunks.length - 1];
    const end = last.parsed.end;
    let checked: boolean | null | undefined;
    for (const chunk of chunks) if (chunk.parsed.rootChecked !== undefined) checked = chunk.parsed.rootChecked;
    return {
      ...(checked !== undefined ? { checked } : {}),
      type: 'root',
      children,
      position: {
        start: { ...first.parsed.start },
        end: { line: end.line + last.lineShift, column: end.column, offset: end.offset + last.offsetShift },
      },
    };
  }

}
