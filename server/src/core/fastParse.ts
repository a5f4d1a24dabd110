// A fast path for the Markdown reports are commonly written in. remark (micromark) parses about
// 1.3 MB/s, most of the CLI's time; this scanner builds the very mdast remark builds (same nodes,
// same fields, same positions) for a conservative subset, and declines anything else.
//
// Read: front matter, ATX and setext headings, paragraphs, lists (nested, tasks, blank lines
// between items, loose items whose paragraphs, nested lists and thematic breaks stand after blank
// lines, lazy continuation lines), GFM tables (also right under a paragraph), fenced code, HTML
// comments, thematic breaks, block quotes of paragraphs at the top level (lazy lines too); link
// reference definitions (`[label]: url "title"`, one a line, at the top level); inline code, `*`
// and `_` emphasis, backslash escapes, character references (numeric, and the common names),
// hard breaks, links with a plain destination, images with a plain description, brackets that are
// no link (`[Owner Name]`, `[TBD]`, `[x]` in text) and references to definitions (`[text][label]`,
// `[label][]`, `[label]`) resolved as micromark's label end resolves them; GFM autolink literals
// (`https://…`, `www.…`, e-mail addresses) with micromark's domain, path and trailing-punctuation
// rules; tabs in a line's text (after a letter, not at its end).
//
// The lines a person passes through while typing are read as micromark reads them: empty items
// (`-`, `1. `: they start a list where no paragraph is interrupted, and are text or a setext
// underline under a paragraph), a box with nothing after it (`- [ ]`: text, no task), a thematic
// break ending a list, `|` lines (lazy in a list, a table header over a delimiter row), a link
// whose destination is being typed at the end of a paragraph (`[text](`, `[text](https://ex`).
//
// Still declined, for the block that holds them: lone CRs and a byte order mark (for the whole
// document), tabs in indentation or after a marker, quotes nested or in lists or holding other
// blocks, HTML other than comments, `<…>` autolinks, strikethrough, footnotes, indented code,
// tables without a leading pipe, items holding headings, fences, tables or indented code, content
// under an empty item, definitions over lines or inside containers, named character references
// outside the common ones, and literal autolinks where the reading depends on more than the
// scanner looks at (in an open label, at a table cell's edge).
//
// Definitions count across the document: the scanner reads with the labels a look at the lines
// guesses, and the result stands only when they are those the parse found (fast blocks and
// fallback parses alike), else it reads once more with those.
//
// A top-level block the scanner declines goes to the fallback (remark) alone, from the last
// fresh start (a line after a blank line or a one-line block; a block that interrupts a paragraph
// goes with it) to a line that the fallback, given the block and that line, starts as a new
// top-level block and reads as it reads alone: every block before it is then closed, and the
// parse goes on from a fresh start. After a few refused lines only heading lines are tried, then
// the rest of the document. Positions are moved to the document's; the fallback text gets the
// definitions made elsewhere as a prefix. test/unit/fastParse.test.ts compares the result with
// remark's on the CommonMark and GFM examples, the fixtures and random documents.
import { matchesOf, splitOn } from './text';
import type {
  AlignType,
  Code,
  Heading,
  Html,
  InlineCode,
  List,
  ListItem,
  Nodes,
  Paragraph,
  PhrasingContent,
  Root,
  RootContent,
  Table,
  TableCell,
  TableRow,
  Text,
  ThematicBreak,
  Yaml,
} from 'mdast';

type Point = { line: number; column: number; offset: number };
type Position = { start: Point; end: Point };

/** Thrown when the scanner meets what it does not read exactly as remark does. */
class Decline {
  /** One kept, so that V8 keeps the hidden class declines have (see Scanner.keptForItsHiddenClass). */
  static readonly keptForItsHiddenClass = new Decline('');

  constructor(readonly reason: string) {}
}

function decline(reason: string): never {
  throw new Decline(reason);
}

/** Told of every section handed to the fallback (for coverage measurements and tests). */
export interface FastParseObserver {
  declined(reason: string, from: number, to: number): void;
}

/** Parses a whole text the way the fast path stands in for. */
export type FallbackParser = (text: string) => Root;

/** Headings a declined section may fail to end at before the rest of the document is parsed by the fallback as one section. */
const MAX_REFUSED_SPLITS = 8;

/**
 * The mdast of `text`, equal to the fallback parser's; sections the scanner declines are parsed
 * by `fallback`. `undefined` when the document as a whole is beyond the scanner (definitions,
 * lone carriage returns, a byte order mark, odd front matter), or without a fallback when a section is.
 */
export function fastParse(text: string, fallback?: FallbackParser, observer?: FastParseObserver): Root | undefined {
  const why = documentDeclineReason(text);
  if (why) {
    observer?.declined(why, 0, text.length);
    return undefined;
  }
  // Definitions count across the document: the scanner reads with those a look at the lines
  // guesses, and the guess must be the definitions the document makes. Which ones it makes does
  // not depend on which there are, so a second read with those the first one found stands.
  let defined = guessDefinitions(text);
  for (let attempt = 0; attempt < 2; attempt++) {
    const declines: [string, number, number][] = [];
    const scanner = new Scanner(text, defined);
    const tree = scanner.parse(fallback, { declined: (reason, from, to) => declines.push([reason, from, to]) });
    if (!tree || (!scanner.unsure && sameKeys(scanner.found, defined))) {
      if (observer) for (const [reason, from, to] of declines) observer.declined(reason, from, to);
      return tree;
    }
    if (scanner.unsure) break;
    defined = scanner.found;
  }
  observer?.declined('definitions', 0, text.length);
  return undefined;
}

function sameKeys(a: Map<string, string>, b: Map<string, string>): boolean {
  if (a.size !== b.size) return false;
  for (const key of a.keys()) if (!b.has(key)) return false;
  return true;
}

/** Keys of footnote definitions, apart from those of link definitions. */
const FOOTNOTE_KEY = '\u0001';

/** The start of a line that may make a link or footnote definition, and the white space in a label. */
const DEFINITION_START = /^ {0,3}\[([^[\]\\\n\r]+)\]:/gm;
const LABEL_SPACE = /[\t\n\r ]+/g;

/** Lines that look like definitions (`[label]: …`, `[^note]: …`), by normalized label (footnotes after FOOTNOTE_KEY), with their labels as written. */
function guessDefinitions(text: string): Map<string, string> {
  const found = new Map<string, string>();
  if (!text.includes(']:')) return found;
  for (const m of matchesOf(DEFINITION_START, text)) {
    const label = m[1];
    const key = label.startsWith('^') ? FOOTNOTE_KEY + normalizeIdentifier(label.slice(1)) : normalizeIdentifier(label);
    if (key && key !== FOOTNOTE_KEY && !found.has(key)) found.set(key, label);
  }
  return found;
}

/** Why the whole document goes to the fallback: lone CRs and NULs change lines and text in ways the scanner does not model (tabs are looked at where they stand). */
function documentDeclineReason(text: string): string | undefined {
  if (text.charCodeAt(0) === 0xfeff) return 'byte order mark';
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 32) {
      if (c === 10) continue;
      if (c === 13 && text.charCodeAt(i + 1) === 10) continue;
      if (c === 9) continue;
      return c === 13 ? 'carriage return' : 'control character';
    }
  }
  return undefined;
}

// Character codes.
const SPACE = 32;
const BANG = 33;
const CARET = 94;
const HASH = 35;
const AMPERSAND = 38;
const LEFT_PAREN = 40;
const RIGHT_PAREN = 41;
const STAR = 42;
const PLUS = 43;
const DASH = 45;
const DOT = 46;
const COLON = 58;
const SLASH = 47;
const LESS = 60;
const EQUALS = 61;
const GREATER = 62;
const AT = 64;
const LEFT_BRACKET = 91;
const BACKSLASH = 92;
const RIGHT_BRACKET = 93;
const UNDERSCORE = 95;
const BACKTICK = 96;
const PIPE = 124;
const TILDE = 126;
const TAB = 9;

const isDigit = (c: number) => c >= 48 && c <= 57;
const isAsciiLetter = (c: number) => (c >= 65 && c <= 90) || (c >= 97 && c <= 122);

/** How micromark classifies the character beside a `*` or `_` run (by UTF-16 code unit, as it does). */
const OTHER = 0;
const WHITESPACE = 1;
const PUNCTUATION = 2;
const UNICODE_WHITESPACE = /\s/;
const UNICODE_PUNCTUATION = /\p{P}|\p{S}/u;
const ASCII_CLASS = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  const s = String.fromCharCode(c);
  ASCII_CLASS[c] = UNICODE_WHITESPACE.test(s) ? WHITESPACE : UNICODE_PUNCTUATION.test(s) ? PUNCTUATION : OTHER;
}
function classify(c: number): number {
  if (c < 0) return WHITESPACE;
  if (c < 128) return ASCII_CLASS[c];
  const s = String.fromCharCode(c);
  return UNICODE_WHITESPACE.test(s) ? WHITESPACE : UNICODE_PUNCTUATION.test(s) ? PUNCTUATION : OTHER;
}

/** Characters the inline scanner must look at; every other character is plain text. */
const INLINE_SPECIAL = new Uint8Array(128);
for (const ch of '`*_[]\\&<~!@:.') INLINE_SPECIAL[ch.charCodeAt(0)] = 1;

/** Punctuation an autolink literal's path looks at, and the trailing punctuation that may end it. */
const PATH_PUNCTUATION = new Uint8Array(128);
for (const ch of '!"&\')*,.:;<?]_~') PATH_PUNCTUATION[ch.charCodeAt(0)] = 1;
const TRAIL = new Uint8Array(128);
for (const ch of '!"\')*,.:;?_~') TRAIL[ch.charCodeAt(0)] = 1;
const isAsciiAlphanumeric = (c: number) => isAsciiLetter(c) || isDigit(c);

/** The characters of an e-mail local part: `x@y.z` after one of them may be a GFM autolink literal. */
const isEmailLocal = (c: number) => isAsciiLetter(c) || isDigit(c) || c === DOT || c === UNDERSCORE || c === PLUS || c === DASH;

/** Characters a link destination may hold on the fast path: no escapes, references, brackets, quotes or spaces. */
function isPlainUrlChar(c: number): boolean {
  return c > SPACE && c !== LEFT_PAREN && c !== RIGHT_PAREN && c !== LESS && c !== GREATER && c !== BACKSLASH && c !== AMPERSAND && c !== BACKTICK && c !== 34 && c !== 39;
}

/** One line of a paragraph, heading or cell: its content is `[start, end)` of the text, trailing spaces excluded. */
interface Segment {
  line: number;
  start: number;
  end: number;
}

/** Inline items before emphasis is resolved: text, finished nodes, and runs of `*`. */
interface TextItem {
  kind: 0;
  value: string;
  start: Point;
  end: Point;
}
interface NodeItem {
  kind: 1;
  node: PhrasingContent;
}
interface RunItem {
  kind: 2;
  /** `*` or `_` (emphasis), or `~` (strikethrough). */
  marker: number;
  line: number;
  /** Offsets of what is left of the run. */
  start: number;
  end: number;
  open: boolean;
  close: boolean;
}
type Item = TextItem | NodeItem | RunItem;

/** A list item marker at the start of a line's content. */
interface Marker {
  /** `-`, `*` or `+` for bullets, `.` or `)` for ordered lists. */
  kind: number;
  ordered: boolean;
  /** The number as written (ordered lists). */
  digits: string;
  /** Offset of the marker. */
  at: number;
  /** Offset and column (0-based) where the item's content starts. */
  contentStart: number;
  contentColumn: number;
  /** Nothing after the marker but spaces (`-`, `1. `): the item starts with a blank line, its content column is one past the marker. */
  empty: boolean;
}

/** A marker, no marker, a thematic break (`- - -`, `***`), or a marker the scanner declines (content after five spaces or more). */
type MarkerLook = Marker | 'none' | 'odd' | 'break';

const isMarker = (look: MarkerLook): look is Marker => typeof look === 'object';

/** Whether a marker may start a list in the middle of a paragraph (CommonMark: not empty, and ordered ones only at 1). */
const canInterrupt = (marker: Marker) => !marker.empty && (!marker.ordered || marker.digits === '1');

/** A `[` or `![` not yet closed, in the inline content being scanned. */
interface Opener {
  /** Index of its text item. */
  item: number;
  /** Offset of the `[`, and its line. */
  at: number;
  line: number;
  image: boolean;
  /** A link was made after it: it can make no link (links do not nest). */
  inactive: boolean;
}

/** A label as micromark compares them: whitespace runs as one space, trimmed, case folded. */
export function normalizeIdentifier(value: string): string {
  return value.replace(/[\t\n\r ]+/g, ' ').replace(/^ | $/g, '').toLowerCase().toUpperCase();
}

class Scanner {
  /**
   * A scanner that lives as long as the class. Scanners last one parse, and V8 keeps the hidden
   * class their fields give them only while one lives: after a full collection between two parses,
   * it made that class anew and threw away the code it had compiled for the old one, each of the
   * scanner's methods some 100 times in one `npm run bench` (docs/architecture.md).
   */
  static readonly keptForItsHiddenClass = new Scanner('', new Map());

  private readonly text: string;
  /**
   * Labels (normalized) of the definitions references resolve against, each with its text as
   * written. The scanner reads with them, and collects in `found` those the document makes: the
   * two must agree for the result to stand (see fastParse).
   */
  private readonly defined: Map<string, string>;
  readonly found = new Map<string, string>();
  readonly foundFootnotes = new Map<string, string>();
  /** Whether the text has `]:`, without which there is no definition. */
  private readonly mayDefine: boolean;
  /** Whether the text has a tab: only then are lines looked at for one. */
  private readonly mayHaveTabs: boolean;
  /** Set when a definition made in a fallback parse cannot be told as written: the result does not stand. */
  unsure = false;
  /** Per line: offset of its start, and of its end (before the line ending). */
  private readonly starts: number[] = [];
  private readonly ends: number[] = [];
  private readonly lineCount: number;

  constructor(text: string, defined: Map<string, string>) {
    this.text = text;
    this.defined = defined;
    this.mayDefine = text.includes(']:');
    this.mayHaveTabs = text.includes('\t');
    let start = 0;
    for (;;) {
      const nl = text.indexOf('\n', start);
      this.starts.push(start);
      if (nl < 0) {
        this.ends.push(text.length);
        break;
      }
      this.ends.push(nl > start && text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl);
      start = nl + 1;
    }
    this.lineCount = this.starts.length;
  }

  point(line: number, offset: number): Point {
    return { line: line + 1, column: offset - this.starts[line] + 1, offset };
  }

  private position(startLine: number, start: number, endLine: number, end: number): Position {
    return { start: this.point(startLine, start), end: this.point(endLine, end) };
  }

  private code(offset: number): number {
    return this.text.charCodeAt(offset);
  }

  private isBlank(line: number): boolean {
    const text = this.text;
    for (let i = this.starts[line], end = this.ends[line]; i < end; i++) if (text.charCodeAt(i) !== SPACE) return false;
    return true;
  }

  /** Leading spaces of a line. */
  private indent(line: number): number {
    let i = this.starts[line];
    const end = this.ends[line];
    while (i < end && this.text.charCodeAt(i) === SPACE) i++;
    return i - this.starts[line];
  }

  /**
   * Leading spaces of a line the scanner reads the structure of: a tab among them (or a line of
   * whitespace with a tab) is declined, as the columns it makes are not modelled.
   */
  private indentOf(line: number): number {
    const indent = this.indent(line);
    if (this.code(this.starts[line] + indent) === TAB) decline('tab in indentation');
    return indent;
  }

  /** Whether the line holds a tab. */
  private hasTab(line: number): boolean {
    if (!this.mayHaveTabs) return false;
    const at = this.text.indexOf('\t', this.starts[line]);
    return at >= 0 && at < this.ends[line];
  }

  /** End of the line's content without trailing spaces, not before `from`. */
  private trimmedEnd(line: number, from: number): number {
    let end = this.ends[line];
    while (end > from && this.text.charCodeAt(end - 1) === SPACE) end--;
    return end;
  }

  parse(fallback: FallbackParser | undefined, observer: FastParseObserver | undefined): Root | undefined {
    const children: RootContent[] = [];
    let line = 0;
    if (this.text.startsWith('---')) {
      const end = this.frontMatter(children);
      if (end < 0) {
        observer?.declined('front matter', 0, this.text.length);
        return undefined;
      }
      line = end;
    }
    // Where the last fresh start was: a line where micromark starts a block with none open or
    // being interrupted (the first line, a line after a blank one or after a one-line block, a
    // line the fallback started a block at). A block that interrupts a paragraph is not read
    // alone as in its place (micromark carries the interruption into it), so a declined block
    // goes to the fallback from the last fresh start, with the blocks it interrupted.
    // (With how many definitions the scanner had found there: those it read in blocks the fallback
    // then parses again are forgotten, as the fallback may not read them as definitions at all.)
    let freshLine = line;
    let freshChildren = children.length;
    let freshFound = this.found.size;
    let previousFreshLine = line;
    let previousFreshChildren = children.length;
    let previousFreshFound = freshFound;
    let fresh = true;
    while (line < this.lineCount) {
      // (Not at a blank line: indented code after one is read otherwise where a list ends, below.)
      if (!this.isBlank(line) && (fresh || this.isBlank(line - 1))) {
        previousFreshLine = freshLine;
        previousFreshChildren = freshChildren;
        previousFreshFound = freshFound;
        freshLine = line;
        freshChildren = children.length;
        freshFound = this.found.size;
      }
      const before = children.length;
      try {
        line = this.block(line, children);
        const added = children.length > before ? children[children.length - 1].type : undefined;
        fresh = added === 'heading' || added === 'code' || added === 'thematicBreak' || added === 'html';
      } catch (error) {
        if (!(error instanceof Decline)) throw error;
        // Indented code where a list ends is read otherwise than at a fresh start (micromark lets a
        // list start at 2 after it): the fallback starts with the block before.
        if (this.indent(freshLine) >= 4) {
          freshLine = previousFreshLine;
          freshChildren = previousFreshChildren;
          freshFound = previousFreshFound;
        }
        children.length = freshChildren;
        if (this.found.size > freshFound) [...this.found.keys()].slice(freshFound).forEach((key) => this.found.delete(key));
        if (!fallback) {
          observer?.declined(error.reason, this.starts[freshLine], this.text.length);
          return undefined;
        }
        line = this.fallbackBlock(freshLine, children, fallback, error.reason, observer);
        fresh = true;
      }
    }
    const last = this.lineCount - 1;
    const root: Root = {
      type: 'root',
      children,
      position: { start: { line: 1, column: 1, offset: 0 }, end: this.point(last, this.text.length) },
    };
    // Fields the fallback set on its root (mdast-util-gfm-task-list-item may set `checked` there).
    if (this.rootFields) Object.assign(root, this.rootFields);
    return root;
  }

  /** Fields other than type, children and position that fallback parses put on their roots. */
  private rootFields: Record<string, unknown> | undefined;

  private takeRootFields(tree: Root): void {
    for (const key of Object.keys(tree)) {
      if (key === 'type' || key === 'children' || key === 'position') continue;
      (this.rootFields ??= {})[key] = (tree as unknown as Record<string, unknown>)[key];
    }
  }

  /** A line at the left margin that may start an ATX heading: where sections start. */
  private isAtxCandidate(line: number): boolean {
    const start = this.starts[line];
    const end = this.ends[line];
    let i = start;
    while (i < end && i - start < 7 && this.text.charCodeAt(i) === HASH) i++;
    const hashes = i - start;
    return hashes >= 1 && hashes <= 6 && (i === end || this.text.charCodeAt(i) === SPACE);
  }

  /**
   * A line where a top-level block may start with every block before it closed: a line at the
   * left margin after a blank line, or an ATX heading line there.
   */
  private isFreshStartCandidate(line: number): boolean {
    if (this.isBlank(line)) return false;
    if (this.isAtxCandidate(line)) return true;
    // Not a line indented by a tab: indented code, which micromark may read otherwise after a list
    // (`- \n\n\tb\n- ` ends in a list item there, in a paragraph alone).
    const first = this.code(this.starts[line]);
    return this.isBlank(line - 1) && first !== SPACE && first !== TAB;
  }

  /**
   * Parses lines from `blockLine` (where the scanner started the top-level block it declined, with
   * every block before it closed) with the fallback, up to a later line that the fallback, given
   * those lines and that line, starts as a top-level block: every block before that line is then
   * closed, and the document's parse from there is a parse from a fresh start, which the scanner
   * takes up again. Candidates are lines at the left margin after a blank line and heading lines;
   * after `MAX_REFUSED_SPLITS` refusals only heading lines, then the rest of the document.
   * Returns the line where the scanner goes on.
   */
  private fallbackBlock(blockLine: number, children: RootContent[], fallback: FallbackParser, reason: string, observer: FastParseObserver | undefined): number {
    const from = this.starts[blockLine];
    let refused = 0;
    for (let line = blockLine + 1; line < this.lineCount && refused < 2 * MAX_REFUSED_SPLITS; line++) {
      if (refused < MAX_REFUSED_SPLITS ? !this.isFreshStartCandidate(line) : !this.isAtxCandidate(line)) continue;
      const cut = this.starts[line];
      const nodes = this.fallbackParse(fallback, blockLine, this.ends[line]);
      let k = 0;
      while (k < nodes.length && nodes[k].position!.start.offset! < cut) k++;
      // micromark may carry state over blank lines (after indented code, a list may not start
      // at 10): the line must also read the same alone, as the scanner reads it from there.
      if (k < nodes.length && nodes[k].position!.start.offset === cut && sameShape(nodes[k], fallback(this.text.slice(cut, this.ends[line])).children[0])) {
        for (let i = 0; i < k; i++) children.push(nodes[i]);
        observer?.declined(reason, from, cut);
        return line;
      }
      refused++;
    }
    children.push(...this.fallbackParse(fallback, blockLine, this.text.length));
    observer?.declined(reason, from, this.text.length);
    return this.lineCount;
  }

  /**
   * The fallback's top-level nodes for the text from the start of `line` to `to`, positions moved
   * to the document's; the definitions they make go into `found`. The text is parsed after a
   * prefix: the definitions made elsewhere that it may use, or a blank line when it starts with
   * what would be front matter or a byte order mark at the start of a text (and is not, in the
   * middle of the document).
   */
  private fallbackParse(fallback: FallbackParser, line: number, to: number): RootContent[] {
    const from = this.starts[line];
    const slice = this.text.slice(from, to);
    let prefix = '';
    if (this.defined.size && slice.includes('[')) {
      let notes = '';
      const lower = slice.toLowerCase();
      const notesNamed = slice.includes('[^');
      for (const [key, label] of this.defined) {
        const footnote = key.startsWith(FOOTNOTE_KEY);
        if (footnote && !notesNamed) continue;
        // A label the text does not name cannot change it (its first word, in any case; any non-ASCII label is given).
        const word = splitOn(label.replace(/^\^/, '').trim(), LABEL_SPACE)[0].toLowerCase();
        // eslint-disable-next-line no-control-regex
        if (/^[\u0000-\u007f]*$/.test(label) && !lower.includes(word)) continue;
        if (!footnote) prefix += `[${label}]: #\n`;
        else notes += `[${label}]: .\n`;
      }
      // A footnote definition takes in indented lines after it: a comment line closes it.
      prefix += notes ? `${notes}<!-- -->\n\n` : '\n';
    } else if (from > 0 && /^(?:\uFEFF|---[ \t]*(?:\r?\n|$))/.test(slice.slice(0, 8))) prefix = '\n';
    const prefixLines = prefix ? prefix.split('\n').length - 1 : 0;
    const tree = fallback(prefix + slice);
    this.takeRootFields(tree);
    const out: RootContent[] = [];
    for (const child of tree.children) {
      if (child.position!.start.offset! < prefix.length) continue;
      const node = moved(child, line - prefixLines, from - prefix.length);
      this.collectDefinitions(node);
      out.push(node);
    }
    return out;
  }

  /** Puts the definitions in a fallback's node into `found`, with their labels as written (unsure when they cannot be told). */
  private collectDefinitions(node: Nodes): void {
    if (node.type === 'definition' || node.type === 'footnoteDefinition') {
      const footnote = node.type === 'footnoteDefinition';
      const at = node.position!.start.offset!;
      const close = this.text.indexOf(']', at);
      const label = this.text.slice(at + 1, close);
      const lineEnd = this.text.indexOf('\n', at);
      if (this.text[at] !== '[' || close < 0 || (lineEnd >= 0 && close > lineEnd) || /[[\\]/.test(label) || (footnote && !label.startsWith('^'))) {
        this.unsure = true;
        return;
      }
      const key = footnote ? FOOTNOTE_KEY + normalizeIdentifier(label.slice(1)) : normalizeIdentifier(label);
      if ((footnote ? key.slice(1) : key).toLowerCase() !== node.identifier) this.unsure = true;
      else if (!this.found.has(key)) this.found.set(key, label);
    }
    if ('children' in node) for (const child of node.children) this.collectDefinitions(child);
  }

  /** YAML front matter: `---` alone on the first line, to the next `---` line. Returns the line after it, or -1 to decline. */
  private frontMatter(children: RootContent[]): number {
    if (this.ends[0] !== 3 || this.lineCount < 2) return -1;
    for (let line = 1; line < this.lineCount; line++) {
      const start = this.starts[line];
      if (!this.text.startsWith('---', start)) continue;
      if (this.hasTab(line)) return -1;
      if (this.trimmedEnd(line, start + 3) !== start + 3) continue;
      const value = line === 1 ? '' : this.text.slice(this.starts[1], this.ends[line - 1]);
      const node: Yaml = { type: 'yaml', value, position: this.position(0, 0, line, this.ends[line]) };
      children.push(node);
      return line + 1;
    }
    return -1;
  }

  /** One top-level block starting at `line`; returns the line after it. */
  private block(line: number, out: RootContent[]): number {
    if (this.isBlank(line)) return line + 1;
    const indent = this.indentOf(line);
    if (indent >= 4) decline('indented code');
    const at = this.starts[line] + indent;
    const c = this.code(at);
    switch (c) {
      case HASH: {
        const heading = this.atxHeading(line, at);
        if (heading) {
          out.push(heading);
          return line + 1;
        }
        break;
      }
      case BACKTICK:
      case TILDE:
        if (this.isFenceStart(at, this.ends[line])) {
          if (indent) decline('indented fence');
          return this.fencedCode(line, out);
        }
        break;
      case LESS:
        if (this.text.startsWith('<!--', at)) return this.htmlComment(line, at, out);
        return decline('html');
      case GREATER:
        return this.blockQuote(line, at, out);
      case PIPE:
        if (line + 1 < this.lineCount && this.isDelimiterLike(line + 1)) {
          if (indent) decline('indented table');
          return this.table(line, out);
        }
        break;
    }
    if (c === DASH || c === STAR || c === UNDERSCORE) {
      if (this.isThematicBreak(line, at)) {
        const node: ThematicBreak = { type: 'thematicBreak', position: this.position(line, at, line, this.ends[line]) };
        out.push(node);
        return line + 1;
      }
    }
    const marker = this.marker(line, at);
    if (marker === 'odd' || marker === 'break') decline('odd list item');
    if (marker !== 'none') {
      const { list, next } = this.list(line, marker, 0);
      out.push(list);
      return next;
    }
    if (c === LEFT_BRACKET && this.mayDefine) return this.definitions(line, at, out);
    return this.paragraph(line, at, out);
  }

  /**
   * Definitions at the start of a paragraph, one a line (`[label]: url` and a title in quotes),
   * and the paragraph after them, if any. Declines what may be a definition read otherwise (a
   * label or a title over lines, escapes, references, `<url>`, parentheses).
   */
  private definitions(line: number, at: number, out: RootContent[]): number {
    let next = line;
    let start = at;
    for (;;) {
      const node = this.definition(next, start);
      if (!node) break;
      out.push(node);
      next++;
      if (next >= this.lineCount || this.isBlank(next)) return next;
      const indent = this.indentOf(next);
      if (indent >= 4) decline('indented line after definition');
      start = this.starts[next] + indent;
      const kind = this.continuation(next, start, indent, true);
      if (kind === 'interrupt') return next;
      if (kind !== 'continue') decline('setext underline after definition');
      if (this.code(start) !== LEFT_BRACKET) break;
    }
    if (next === line) return this.paragraph(line, at, out);
    // A setext heading after definitions starts where they do: not followed.
    const before = out.length;
    const after = this.paragraph(next, start, out);
    if (out[before].type === 'heading') decline('setext heading after definitions');
    return after;
  }

  /** The definition at `at`, or undefined when the line is no definition. */
  private definition(line: number, at: number): RootContent | undefined {
    const text = this.text;
    const end = this.ends[line];
    if (text.charCodeAt(at) !== LEFT_BRACKET) return undefined;
    if (this.hasTab(line)) decline('tab in definition');
    let i = at + 1;
    for (; i < end; i++) {
      const c = text.charCodeAt(i);
      if (c === RIGHT_BRACKET) break;
      if (c === LEFT_BRACKET) return undefined;
      if (c === BACKSLASH) decline('escape in label');
    }
    if (i >= end) decline('label over lines');
    const label = text.slice(at + 1, i);
    if (text.charCodeAt(i + 1) !== COLON || i + 1 >= end || !/[^\t\n\r ]/.test(label)) return undefined;
    if (label.charCodeAt(0) === CARET) decline('footnote definition');
    if (label.length > 999) decline('long label');
    let j = i + 2;
    while (j < end && text.charCodeAt(j) === SPACE) j++;
    if (j >= end) decline('destination on the next line');
    if (text.charCodeAt(j) === LESS) decline('destination in brackets');
    let k = j;
    for (; k < end; k++) {
      const c = text.charCodeAt(k);
      if (c === SPACE) break;
      if (c === LEFT_PAREN || c === RIGHT_PAREN || c === BACKSLASH || c === AMPERSAND) decline('destination');
    }
    const url = text.slice(j, k);
    let m = k;
    while (m < end && text.charCodeAt(m) === SPACE) m++;
    let title: string | null = null;
    if (m < end) {
      const quote = text.charCodeAt(m);
      if (quote !== 34 && quote !== 39) decline('text after destination');
      const close = text.indexOf(text[m], m + 1);
      if (close < 0 || close >= end || this.trimmedEnd(line, close + 1) !== close + 1) decline('title');
      title = text.slice(m + 1, close);
      if (/[\\&]/.test(title)) decline('escape or reference in title');
    } else if (line + 1 < this.lineCount) {
      // A title may stand on the next line.
      const after = this.starts[line + 1] + this.indent(line + 1);
      const c = text.charCodeAt(after);
      if ((c === 34 || c === 39 || c === LEFT_PAREN) && after < this.ends[line + 1]) decline('title on the next line');
    }
    if (/[&]/.test(label)) decline('reference in label');
    const key = normalizeIdentifier(label);
    if (!this.found.has(key)) this.found.set(key, label);
    return {
      type: 'definition',
      identifier: key.toLowerCase(),
      label,
      title,
      url,
      position: this.position(line, at, line, end),
    };
  }

  /** An ATX heading at `at` (after at most three spaces), or undefined when the line is no heading. */
  private atxHeading(line: number, at: number): Heading | undefined {
    const text = this.text;
    const end = this.ends[line];
    let i = at;
    while (i < end && text.charCodeAt(i) === HASH) i++;
    const depth = i - at;
    // A tab after the marks or before closing ones is whitespace there: not followed.
    if (depth <= 6 && this.hasTab(line)) decline('tab in heading');
    if (depth > 6 || (i < end && text.charCodeAt(i) !== SPACE)) return undefined;
    while (i < end && text.charCodeAt(i) === SPACE) i++;
    let contentEnd = this.trimmedEnd(line, i);
    if (contentEnd > i && text.charCodeAt(contentEnd - 1) === HASH) {
      let k = contentEnd;
      while (k > i && text.charCodeAt(k - 1) === HASH) k--;
      if (k === i) contentEnd = i;
      else if (text.charCodeAt(k - 1) === SPACE) {
        contentEnd = k;
        while (contentEnd > i && text.charCodeAt(contentEnd - 1) === SPACE) contentEnd--;
      }
    }
    const children = contentEnd > i ? this.inline([{ line, start: i, end: contentEnd }]) : [];
    return { type: 'heading', depth: depth as Heading['depth'], children, position: this.position(line, at, line, end) };
  }

  /** Three or more backticks or tildes (a backtick fence's info may hold no backtick). */
  private isFenceStart(at: number, end: number): boolean {
    const c = this.code(at);
    let i = at;
    while (i < end && this.code(i) === c) i++;
    if (i - at < 3) return false;
    if (c === BACKTICK && this.text.slice(i, end).includes('`')) decline('backtick in fence info');
    return true;
  }

  private fencedCode(line: number, out: RootContent[]): number {
    const text = this.text;
    const start = this.starts[line];
    const end = this.ends[line];
    const fenceChar = text.charCodeAt(start);
    let i = start;
    while (i < end && text.charCodeAt(i) === fenceChar) i++;
    const size = i - start;
    const info = text.slice(i, end);
    if (info.includes('\\') || info.includes('&')) decline('escape or reference in fence info');
    if (this.hasTab(line)) decline('tab in fence info');
    while (i < end && text.charCodeAt(i) === SPACE) i++;
    let lang: string | null = null;
    let meta: string | null = null;
    if (i < end) {
      let j = i;
      while (j < end && text.charCodeAt(j) !== SPACE) j++;
      lang = text.slice(i, j);
      while (j < end && text.charCodeAt(j) === SPACE) j++;
      if (j < end) meta = text.slice(j, end);
    }
    for (let close = line + 1; close < this.lineCount; close++) {
      const indent = this.indent(close);
      if (indent > 3) continue;
      const at = this.starts[close] + indent;
      let k = at;
      const closeEnd = this.ends[close];
      while (k < closeEnd && text.charCodeAt(k) === fenceChar) k++;
      // Content lines are taken as they are, tabs too; a closing fence may be followed by a tab.
      if (k - at >= size && this.hasTab(close)) decline('tab after a closing fence');
      if (k - at < size || this.trimmedEnd(close, k) !== k) continue;
      const value = close === line + 1 ? '' : text.slice(this.starts[line + 1], this.ends[close - 1]);
      const node: Code = { type: 'code', lang, meta, value, position: this.position(line, start, close, closeEnd) };
      out.push(node);
      return close + 1;
    }
    return decline('unclosed fence');
  }

  /** An HTML comment block (`<!--` … `-->`, type 2): from the line's start to the end of the line that closes it. */
  private htmlComment(line: number, at: number, out: RootContent[]): number {
    const text = this.text;
    if (text.charCodeAt(at + 4) === GREATER || text.startsWith('->', at + 4)) decline('odd comment');
    const close = text.indexOf('-->', at + 4);
    if (close < 0) decline('unclosed comment');
    let last = line;
    while (this.ends[last] < close + 3) last++;
    if (this.mayHaveTabs && text.slice(this.starts[line], this.ends[last]).includes('\t')) decline('tab in html');
    const node: Html = { type: 'html', value: text.slice(this.starts[line], this.ends[last]), position: this.position(line, this.starts[line], last, this.ends[last]) };
    out.push(node);
    return last + 1;
  }

  /** `***`, `- - -`, `___`…: three or more of one marker, spaces between, nothing else. */
  private isThematicBreak(line: number, at: number): boolean {
    const marker = this.code(at);
    let count = 0;
    for (let i = at, end = this.ends[line]; i < end; i++) {
      const c = this.code(i);
      if (c === marker) count++;
      else if (c !== SPACE) return false;
    }
    return count >= 3;
  }

  /** Whether the line's content from `at` is dashes alone (and trailing spaces): a setext underline under a paragraph. */
  private isDashUnderline(line: number, at: number): boolean {
    let i = at;
    while (i < this.ends[line] && this.code(i) === DASH) i++;
    return i > at && this.trimmedEnd(line, i) === i;
  }

  /** Whether the line's content from `at` is a thematic break. */
  private isThematicBreakAt(line: number, at: number): boolean {
    const c = this.code(at);
    return (c === DASH || c === STAR || c === UNDERSCORE) && this.isThematicBreak(line, at);
  }

  /** A line of only `|`, `:`, `-` and spaces with a `-` (from `from`): a table's delimiter row, or close enough to one to decline. */
  private isDelimiterLike(line: number, from = this.starts[line]): boolean {
    let dash = false;
    for (let i = from, end = this.ends[line]; i < end; i++) {
      const c = this.code(i);
      if (c === DASH) dash = true;
      else if (c !== PIPE && c !== COLON && c !== SPACE) return false;
    }
    return dash;
  }

  /** The list item marker at `at`, if the line's content starts with one. */
  private marker(line: number, at: number): MarkerLook {
    const text = this.text;
    const end = this.ends[line];
    const c = text.charCodeAt(at);
    let i = at;
    let kind: number;
    let digits = '';
    if (c === DASH || c === STAR || c === PLUS) {
      i++;
      kind = c;
    } else if (isDigit(c)) {
      while (i < end && isDigit(text.charCodeAt(i)) && i - at < 10) i++;
      const d = text.charCodeAt(i);
      if (i - at > 9 || (d !== DOT && d !== RIGHT_PAREN)) return 'none';
      digits = text.slice(at, i);
      kind = d;
      i++;
    } else return 'none';
    // A tab after a marker counts to the next tab stop: not followed.
    if (text.charCodeAt(i) === TAB && i < end) decline('tab after list marker');
    if (i < end && text.charCodeAt(i) !== SPACE) return 'none';
    if ((c === DASH || c === STAR) && this.isThematicBreak(line, at)) return 'break';
    let content = i;
    while (content < end && text.charCodeAt(content) === SPACE) content++;
    if (text.charCodeAt(content) === TAB && content < end) decline('tab after list marker');
    // An empty item (the marker, maybe spaces): its content column is one past the marker.
    if (content === end) return { kind, ordered: digits !== '', digits, at, contentStart: end, contentColumn: i + 1 - this.starts[line], empty: true };
    if (content - i > 4) return 'odd';
    return {
      kind,
      ordered: digits !== '',
      digits,
      at,
      contentStart: content,
      contentColumn: content - this.starts[line],
      empty: false,
    };
  }

  /**
   * What a line does to an open paragraph, looked at from `at` (after the container's indent,
   * `relative` spaces in): continues it, interrupts it, or underlines it (setext). Declines what
   * the scanner does not follow.
   */
  private continuation(line: number, at: number, relative: number, topLevel: boolean): 'continue' | 'interrupt' | 1 | 2 {
    if (relative >= 4) return 'continue';
    const c = this.code(at);
    const end = this.ends[line];
    switch (c) {
      case HASH:
        return this.atxHeadingLike(at, end) ? 'interrupt' : 'continue';
      case BACKTICK:
      case TILDE:
        return this.isFenceStart(at, end) ? 'interrupt' : 'continue';
      case LESS:
        return this.text.startsWith('<!--', at) ? 'interrupt' : decline('html after paragraph');
      case GREATER:
        return topLevel ? 'interrupt' : decline('block quote after paragraph');
      case EQUALS:
      case DASH: {
        let i = at;
        while (i < end && this.code(i) === c) i++;
        if (this.trimmedEnd(line, i) === i) return topLevel ? (c === EQUALS ? 1 : 2) : decline('setext heading in list');
        break;
      }
    }
    // A thematic break (`***`, `- - -`: no delimiter row without a pipe or a colon) ends a paragraph.
    if ((c === DASH || c === STAR || c === UNDERSCORE) && this.isThematicBreak(line, at)) return topLevel ? 'interrupt' : decline('thematic break after paragraph in list');
    if (this.isDelimiterLike(line)) decline('table delimiter after paragraph');
    const marker = this.marker(line, at);
    if (marker === 'odd' || marker === 'break') decline('odd list item after paragraph');
    if (marker !== 'none' && canInterrupt(marker)) return 'interrupt';
    return 'continue';
  }

  private atxHeadingLike(at: number, end: number): boolean {
    let i = at;
    while (i < end && this.code(i) === HASH) i++;
    return i - at <= 6 && (i === end || this.code(i) === SPACE);
  }

  /**
   * A top-level block quote from `line` (its `>` at `at`) holding paragraphs: `>` lines (the
   * marker and one space are its prefix; a `>` line with nothing else closes a paragraph), lazy
   * lines that go on with the paragraph left open. Anything else in it (headings, lists, code,
   * tables, nested quotes, setext underlines) is declined. Returns the next line.
   */
  private blockQuote(line: number, at: number, out: RootContent[]): number {
    const children: Paragraph[] = [];
    let segments: Segment[] | undefined;
    const closeParagraph = () => {
      if (segments) children.push(this.paragraphNode(segments, -1, true));
      segments = undefined;
    };
    let lastLine = line;
    let next = line;
    for (; next < this.lineCount && !this.isBlank(next); next++) {
      const indent = this.indentOf(next);
      const start = this.starts[next] + indent;
      const end = this.ends[next];
      if (indent <= 3 && this.code(start) === GREATER) {
        let prefixEnd = start + 1;
        if (this.code(prefixEnd) === SPACE && prefixEnd < end) prefixEnd++;
        let content = prefixEnd;
        while (content < end && this.code(content) === SPACE) content++;
        if (this.code(content) === TAB && content < end) decline('tab in block quote');
        lastLine = next;
        if (content === end) {
          closeParagraph();
          continue;
        }
        const relative = content - prefixEnd;
        if (this.isDelimiterLike(next, content)) decline('table delimiter in block quote');
        if (segments) {
          if (this.continuation(next, content, relative, false) !== 'continue') decline('block in block quote');
          segments.push({ line: next, start: content, end: this.trimmedEnd(next, content) });
        } else {
          if (relative >= 4) decline('indented code in block quote');
          this.checkItemContent(next, content);
          if (this.code(content) === LEFT_BRACKET && this.mayDefine) decline('possible definition in block quote');
          segments = [{ line: next, start: content, end: this.trimmedEnd(next, content) }];
        }
        continue;
      }
      // A line without `>`: a lazy line of the paragraph left open, or the quote ends.
      if (segments && this.lazyLine(next, start, indent) === 'continue') {
        segments.push({ line: next, start, end: this.trimmedEnd(next, start) });
        lastLine = next;
        continue;
      }
      break;
    }
    closeParagraph();
    out.push({ type: 'blockquote', children, position: this.position(line, at, lastLine, this.ends[lastLine]) });
    return next;
  }

  /** A top-level paragraph from `line` (content at `at`), or a setext heading. Returns the next line. */
  private paragraph(line: number, at: number, out: RootContent[]): number {
    const segments: Segment[] = [{ line, start: at, end: this.trimmedEnd(line, at) }];
    let next = line + 1;
    for (; next < this.lineCount && !this.isBlank(next); next++) {
      const indent = this.indentOf(next);
      const start = this.starts[next] + indent;
      // A table interrupts a paragraph: its header row is the line before the delimiter row (the table is read as a block, or declined).
      // Not when this line is a delimiter row itself: the paragraph's line above may be the header (declined below).
      if (indent === 0 && this.code(start) === PIPE && next + 1 < this.lineCount && this.isDelimiterLike(next + 1) && !this.isDelimiterLike(next)) break;
      const kind = this.continuation(next, start, indent, true);
      if (kind === 'interrupt') break;
      if (kind === 1 || kind === 2) {
        const heading: Heading = {
          type: 'heading',
          depth: kind,
          children: this.inline(segments),
          position: this.position(line, at, next, this.ends[next]),
        };
        out.push(heading);
        return next + 1;
      }
      segments.push({ line: next, start, end: this.trimmedEnd(next, start) });
    }
    out.push(this.paragraphNode(segments, -1, false));
    return next;
  }

  /** A paragraph of these lines; `taskAt` is where a task list item's `[x]` stands, if it has one. */
  private paragraphNode(segments: Segment[], taskAt: number, inListItem: boolean): Paragraph {
    const first = segments[0];
    const last = segments[segments.length - 1];
    const lastLine = last.line;
    let start: Point;
    let children: PhrasingContent[];
    if (taskAt < 0) {
      children = this.inline(segments, inListItem);
      start = this.point(first.line, first.start);
    } else {
      // As mdast-util-gfm-task-list-item does: the space after `]` leaves the first text node, and
      // the paragraph starts where that node then starts (at `[` when the node is gone).
      children = this.inline(segments, inListItem);
      start = this.point(first.line, taskAt);
      const head = children[0];
      if (head && head.type === 'text') {
        head.value = head.value.slice(1);
        if (!head.value) children.shift();
        else {
          head.position!.start.column++;
          head.position!.start.offset!++;
          start = { ...(head.position!.start as Point) };
        }
      }
    }
    return { type: 'paragraph', children, position: { start, end: this.point(lastLine, this.ends[lastLine]) } };
  }

  /**
   * A list whose first item's marker is at `first`. `base` is the content column of the item
   * the list is in (0 at the top level). Items hold a paragraph and nested lists, no blank line.
   */
  private list(line: number, first: Marker, base: number): { list: List; next: number } {
    const items: ListItem[] = [];
    const list: List = {
      type: 'list',
      ordered: first.ordered,
      start: first.ordered ? Number.parseInt(first.digits, 10) : null,
      spread: false,
      children: items,
      position: undefined,
    };
    let marker = first;
    let next = line;
    for (;;) {
      const itemLine = next;
      const column = marker.contentColumn;
      const content = marker.contentStart;
      const itemChildren: ListItem['children'] = [];
      const item: ListItem = { type: 'listItem', spread: false, checked: null, children: itemChildren, position: undefined };
      items.push(item);
      const text = this.text;
      let taskAt = -1;
      // A box with nothing after it on the line (`- [ ]`): a task only if the paragraph goes on (micromark wants
      // something after it before the end), which the scanner declines.
      let boxOnly = false;
      let segments: Segment[] | undefined;
      // The item's first line: a paragraph, maybe a task; or nothing (an empty item).
      if (!marker.empty) {
        this.checkItemContent(itemLine, content);
        let segmentStart = content;
        if (text.charCodeAt(content) === LEFT_BRACKET && text.charCodeAt(content + 2) === RIGHT_BRACKET) {
          const box = text.charCodeAt(content + 1);
          if (box === SPACE || box === 120 || box === 88) {
            if (this.trimmedEnd(itemLine, content + 3) === content + 3) boxOnly = true;
            else if (text.charCodeAt(content + 3) !== SPACE) decline('odd task item');
            else {
              item.checked = box !== SPACE;
              taskAt = content;
              segmentStart = content + 3;
            }
          }
        }
        segments = [{ line: itemLine, start: segmentStart, end: this.trimmedEnd(itemLine, segmentStart) }];
      }
      const closeParagraph = () => {
        if (segments) {
          if (boxOnly && segments.length > 1) decline('task box before a line ending');
          itemChildren.push(this.paragraphNode(segments, taskAt, true));
        }
        segments = undefined;
        // Only the item's first paragraph may be a task.
        taskAt = -1;
        boxOnly = false;
      };
      // Whether blank lines came before the line (they close the paragraph; content after them makes the item loose).
      let afterBlank = false;
      let lastLine = itemLine;
      next = itemLine + 1;
      let sibling: Marker | undefined;
      while (next < this.lineCount) {
        if (this.isBlank(next)) {
          // Blank lines between two items of this list make it loose (`spread`); between two blocks of
          // the item, the item (a nested list's blank lines at its end are the item's); before
          // anything else they end the list.
          let k = next + 1;
          while (k < this.lineCount && this.isBlank(k)) k++;
          if (k === this.lineCount) break;
          const indent = this.indentOf(k);
          if (indent >= column) {
            closeParagraph();
            item.spread = true;
            afterBlank = true;
            next = k;
            continue;
          }
          const look = indent >= base && indent - base <= 3 ? this.marker(k, this.starts[k] + indent) : 'none';
          if (look === 'odd') decline('odd list item in list');
          if (isMarker(look) && look.kind === marker.kind) {
            list.spread = true;
            sibling = look;
            next = k;
          }
          break;
        }
        const indent = this.indentOf(next);
        const at = this.starts[next] + indent;
        const blankBefore = afterBlank;
        afterBlank = false;
        if (indent >= column) {
          // An empty item takes a line at its content column (`-\n  text`): not followed.
          if (!segments && !itemChildren.length) decline('content after empty item');
          const relative = indent - column;
          const inner = relative > 3 ? 'none' : this.isThematicBreakAt(next, at) ? 'break' : this.marker(next, at);
          if (inner === 'odd') decline('odd list item in list');
          // A thematic break in the item; under the item's paragraph, `---` underlines it instead (read below).
          if (inner === 'break' && !(segments && this.isDashUnderline(next, at))) {
            closeParagraph();
            const node: ThematicBreak = { type: 'thematicBreak', position: this.position(next, at, next, this.ends[next]) };
            itemChildren.push(node);
            lastLine = next;
            next++;
            continue;
          }
          // After a nested list no paragraph is interrupted: any marker starts a list (empty, or at 2).
          if (isMarker(inner) && (canInterrupt(inner) || !segments)) {
            closeParagraph();
            const nested = this.list(next, inner, column);
            itemChildren.push(nested.list);
            lastLine = nested.list.position!.end.line - 1;
            next = nested.next;
            continue;
          }
          if (!segments) {
            // A paragraph after blank lines (indented code, a heading, a fence… declined).
            if (!blankBefore) decline('content after nested list');
            if (relative > 3) decline('indented code in list item');
            this.checkItemContent(next, at);
            segments = [{ line: next, start: at, end: this.trimmedEnd(next, at) }];
            lastLine = next;
            next++;
            continue;
          }
          // (As at the top level, but for what interrupts the paragraph: declined.)
          const kind = this.continuation(next, at, relative, true);
          if (kind === 1 || kind === 2) {
            // A setext underline in the item (`  -` typed under an item's text): the paragraph is a
            // heading, and a task box at its start is text (micromark makes no task of it there).
            if (taskAt >= 0) {
              segments[0] = { ...segments[0], start: taskAt };
              item.checked = null;
              taskAt = -1;
            }
            boxOnly = false;
            const heading: Heading = { type: 'heading', depth: kind, children: this.inline(segments, true), position: this.position(segments[0].line, segments[0].start, next, this.ends[next]) };
            itemChildren.push(heading);
            segments = undefined;
            lastLine = next;
            next++;
            continue;
          }
          if (kind !== 'continue') decline('block in list item');
          segments.push({ line: next, start: at, end: this.trimmedEnd(next, at) });
          lastLine = next;
          next++;
          continue;
        }
        // The line is not in this item.
        const look = indent < base || indent - base > 3 ? 'none' : this.isThematicBreakAt(next, at) ? 'break' : this.marker(next, at);
        if (look === 'odd') decline('odd list item in list');
        // A thematic break ends the list (in a nested list, the item the list is in takes it).
        if (look === 'break') break;
        if (isMarker(look)) {
          // An item of this list, or another list. The item did not go on, so nothing is interrupted:
          // empty items and numbers other than 1 start one too (micromark sets `interrupt` only when
          // every open container went on).
          if (look.kind === marker.kind) sibling = look;
          break;
        }
        // A lazy line: it goes on with the paragraph left open (a nested list's took it already).
        if (segments && (indent <= 3 || indent >= base)) {
          const lazy = this.lazyLine(next, at, indent >= base ? indent - base : indent);
          if (lazy === 'continue') {
            segments.push({ line: next, start: at, end: this.trimmedEnd(next, at) });
            lastLine = next;
            next++;
            continue;
          }
          // A heading, a fence, a comment or another block ends it, and the list.
          if (lazy === 'end' && base === 0) break;
        }
        // After an empty item the line is first given to the item's flow, where a `[ ]` reads as its task box: not followed.
        if (!segments && this.code(at) === LEFT_BRACKET) decline('bracket after empty item');
        if (indent < base) break;
        // No paragraph open (an empty item's, or closed by a nested list that ended): the list ends.
        if (!segments && base === 0) break;
        if (base === 0 && indent === 0 && this.isAtxCandidate(next)) break;
        decline('line after list');
      }
      closeParagraph();
      item.position = this.position(itemLine, marker.at, lastLine, this.ends[lastLine]);
      if (!sibling) break;
      marker = sibling;
    }
    const last = items[items.length - 1].position!;
    list.position = { start: { ...items[0].position!.start }, end: { ...last.end } };
    return { list, next };
  }

  /**
   * What a line where no container goes on does to the paragraph left open: continues it (a lazy
   * line), or ends it ('end': a container starts, or a block that interrupts a paragraph). `relative`
   * is its indent past the containers that go on. Declines what the scanner does not follow there
   * (setext-like lines, which are no underline when lazy; table delimiter rows; quotes; HTML).
   */
  private lazyLine(line: number, at: number, relative: number): 'continue' | 'end' {
    if (relative < 4) {
      if (this.isThematicBreakAt(line, at) || this.marker(line, at) !== 'none') return 'end';
    }
    return this.continuation(line, at, relative, false) === 'continue' ? 'continue' : 'end';
  }

  /** The first line of an item holds a paragraph: anything else (heading, fence, quote, nested marker…) is declined. */
  private checkItemContent(line: number, at: number): void {
    const c = this.code(at);
    const end = this.ends[line];
    if (c === HASH && this.atxHeadingLike(at, end)) decline('heading in list item');
    if ((c === BACKTICK || c === TILDE) && this.isFenceStart(at, end)) decline('fence in list item');
    if (c === LESS || c === GREATER) decline('html or quote in list item');
    if ((c === DASH || c === STAR || c === UNDERSCORE) && this.isThematicBreak(line, at)) decline('thematic break in list item');
    if (this.marker(line, at) !== 'none') decline('list item in list item line');
    if (c === PIPE && line + 1 < this.lineCount && this.isDelimiterLike(line + 1)) decline('table in list item');
    if (c === LEFT_BRACKET && this.mayDefine) {
      const close = this.text.indexOf(']', at);
      if (close < 0 || close >= end || this.text.slice(at, end).includes(']:')) decline('possible definition in list item');
    }
  }

  /** A GFM table: a header row starting with `|`, a delimiter row, body rows starting with `|`. */
  private table(line: number, out: RootContent[]): number {
    const align = this.delimiterRow(line + 1);
    const header = this.row(line);
    if (header.children.length !== align.length) decline('table header and delimiter differ');
    const rows: TableRow[] = [header];
    let next = line + 2;
    for (; next < this.lineCount && !this.isBlank(next); next++) {
      if (this.code(this.starts[next]) !== PIPE) {
        if (this.isAtxCandidate(next)) break;
        decline('table ends oddly');
      }
      rows.push(this.row(next));
    }
    const last = next - 1;
    const node: Table = { type: 'table', align, children: rows, position: this.position(line, this.starts[line], last, this.ends[last]) };
    out.push(node);
    return next;
  }

  private delimiterRow(line: number): AlignType[] {
    const text = this.text;
    if (this.hasTab(line)) decline('tab in table');
    const start = this.starts[line];
    const end = this.trimmedEnd(line, start);
    if (text.charCodeAt(start) !== PIPE || end <= start + 1 || text.charCodeAt(end - 1) !== PIPE) decline('delimiter row without outer pipes');
    return text
      .slice(start + 1, end - 1)
      .split('|')
      .map((cell) => {
        const m = /^ *(:?)-+(:?) *$/.exec(cell);
        if (!m) return decline('odd delimiter cell');
        return m[1] ? (m[2] ? 'center' : 'left') : m[2] ? 'right' : null;
      });
  }

  private row(line: number): TableRow {
    const text = this.text;
    if (this.hasTab(line)) decline('tab in table');
    const end = this.ends[line];
    // Cell dividers: pipes, but not `\|` (as micromark reads a row, a backslash takes a following `\` or `|` with it).
    const pipes: number[] = [];
    for (let p = this.starts[line]; p < end; p++) {
      const c = text.charCodeAt(p);
      if (c === PIPE) pipes.push(p);
      else if (c === BACKSLASH && (text.charCodeAt(p + 1) === BACKSLASH || text.charCodeAt(p + 1) === PIPE) && p + 1 < end) p++;
    }
    // A last pipe with only spaces after it closes the row; the last cell runs to the end of the line.
    const lastPipe = pipes[pipes.length - 1];
    const closing = this.trimmedEnd(line, lastPipe + 1) === lastPipe + 1 ? pipes.pop()! : -1;
    if (!pipes.length) decline('row without cells');
    const cells: TableCell[] = [];
    for (let k = 0; k < pipes.length; k++) {
      const pipe = pipes[k];
      const last = k + 1 === pipes.length;
      const contentEnd = !last ? pipes[k + 1] : closing >= 0 ? closing : end;
      let cs = pipe + 1;
      while (cs < contentEnd && text.charCodeAt(cs) === SPACE) cs++;
      let ce = contentEnd;
      while (ce > cs && text.charCodeAt(ce - 1) === SPACE) ce--;
      // A cell's edges read as whitespace or as the pipe (punctuation): for `*` and `_` runs both are "not a letter", the same.
      this.inTable = true;
      const children = cs < ce ? this.inline([{ line, start: cs, end: ce }]) : [];
      this.inTable = false;
      cells.push({ type: 'tableCell', children, position: this.position(line, pipe, line, last ? end : pipes[k + 1]) });
    }
    return { type: 'tableRow', children: cells, position: this.position(line, this.starts[line], line, end) };
  }

  // Inline content.

  /** The phrasing content of these lines (a paragraph's, a heading's, a cell's). */
  /** Whether the inline content being scanned is a table cell's. */
  private inTable = false;
  /** Label starts not closed yet. */
  private openers: Opener[] = [];

  private inline(segments: Segment[], inListItem = false): PhrasingContent[] {
    const items: Item[] = [];
    this.openers = [];
    for (let s = 0; s < segments.length; s++) {
      const segment = segments[s];
      if (this.mayHaveTabs) this.checkTabs(segment);
      this.scanSegment(segments, s, items, inListItem);
      if (s + 1 < segments.length) {
        const line = segment.line;
        const lineEnd = this.ends[line];
        const nextStart = this.starts[line + 1];
        // After a label closed right before another opens and stays open to the line's end
        // (`[a][`, `~[][~`), micromark looks for the reference past the line's end, and the line
        // ending, hard or soft, then ends after the next line's container prefix (`>`, a list
        // item's indent) instead of at its start.
        if (segments[s + 1].start > nextStart && labelOpenAfterLabel(this.text, segment.start, segment.end)) decline('reference label across a line ending in a container');
        if (lineEnd - segment.end >= 2) {
          items.push({ kind: 1, node: { type: 'break', position: this.position(line, segment.end, line + 1, nextStart) } });
        } else {
          items.push({ kind: 0, value: this.text.slice(lineEnd, nextStart), start: this.point(line, lineEnd), end: this.point(line + 1, nextStart) });
        }
      }
    }
    resolveRuns(items, this);
    const children = this.phrasing(items);
    // mdast-util-gfm-autolink-literal also looks for URLs and addresses in the text values (those
    // micromark did not take: after an escape, in a label…), making links without positions.
    checkAutolinkValues(children);
    return children;
  }

  /**
   * A tab in a line's content is whitespace as a space is (emphasis, autolink literals, code spans
   * keep it), but the block structure was read from the line's start without tabs: a tab is read
   * only after a letter (so no marker, fence or underline is before it), and not at the content's
   * end (trailing whitespace, hard breaks).
   */
  private checkTabs(segment: Segment): void {
    const text = this.text;
    const { start, end } = segment;
    const tab = text.indexOf('\t', start);
    if (tab < 0 || tab >= end) return;
    if (this.inTable) decline('tab in table');
    let letter = false;
    for (let i = start; i < tab && !letter; i++) {
      const c = text.charCodeAt(i);
      letter = c >= 128 || isAsciiLetter(c);
    }
    if (!letter) decline('tab after a block marker');
    if (text.charCodeAt(end - 1) === TAB) decline('tab at the end of a line');
  }

  /** Items of one line's content. */
  private scanSegment(segments: Segment[], index: number, items: Item[], inListItem: boolean): void {
    const text = this.text;
    const { line, start, end } = segments[index];
    let plain = start;
    const flush = (to: number) => {
      if (to > plain) items.push({ kind: 0, value: text.slice(plain, to), start: this.point(line, plain), end: this.point(line, to) });
    };
    let i = start;
    while (i < end) {
      const c = text.charCodeAt(i);
      if (c >= 128 || !INLINE_SPECIAL[c]) {
        i++;
        continue;
      }
      switch (c) {
        case BACKTICK: {
          let j = i;
          while (j < end && text.charCodeAt(j) === BACKTICK) j++;
          const size = j - i;
          const close = findBacktickRun(text, j, end, size);
          if (close < 0) {
            // micromark looks for the closing run over the following lines; inside a list item that
            // failed look moves the ends of later line endings past the item's indent: not followed here.
            if (inListItem && index + 1 < segments.length) decline('unclosed code span in list item');
            for (let s = index + 1; s < segments.length; s++) {
              if (findBacktickRun(text, segments[s].start, segments[s].end, size) >= 0) decline('code span over lines');
            }
            i = j;
            continue;
          }
          flush(i);
          let value = text.slice(j, close);
          // One space comes off each side when both sides have one and something else is between.
          if (value.length > 2 && value.charCodeAt(0) === SPACE && value.charCodeAt(value.length - 1) === SPACE && /[^ ]/.test(value)) value = value.slice(1, -1);
          // In a table cell, mdast-util-gfm-table unescapes pipes in code.
          if (this.inTable && value.includes('\\|')) value = value.replace(/\\([\\|])/g, (all, escaped: string) => (escaped === '|' ? escaped : all));
          const node: InlineCode = { type: 'inlineCode', value, position: this.position(line, i, line, close + size) };
          items.push({ kind: 1, node });
          i = plain = close + size;
          continue;
        }
        case STAR:
        case UNDERSCORE: {
          let j = i;
          while (j < end && text.charCodeAt(j) === c) j++;
          // What micromark's attention tokenizer decides; a line's edges count as whitespace.
          const previous = i > start ? text.charCodeAt(i - 1) : -1;
          const next = j < end ? text.charCodeAt(j) : -1;
          const before = classify(previous);
          const after = classify(next);
          let open = after === OTHER || (after === PUNCTUATION && before !== OTHER) || next === TILDE;
          let close = before === OTHER || (before === PUNCTUATION && after !== OTHER) || previous === TILDE;
          if (c === UNDERSCORE) {
            const canOpen = open && (before !== OTHER || !close);
            close = close && (after !== OTHER || !open);
            open = canOpen;
          }
          flush(i);
          items.push({ kind: 2, marker: c, line, start: i, end: j, open, close });
          i = plain = j;
          continue;
        }
        case TILDE: {
          // GFM strikethrough pairs runs of one or two tildes; longer runs are text. Whether a run
          // opens or closes is micromark's strikethrough tokenizer's call (no attention-marker rule).
          let j = i;
          while (j < end && text.charCodeAt(j) === TILDE) j++;
          if (j - i > 2) {
            i = j;
            continue;
          }
          const before = classify(i > start ? text.charCodeAt(i - 1) : -1);
          const after = classify(j < end ? text.charCodeAt(j) : -1);
          flush(i);
          items.push({
            kind: 2,
            marker: TILDE,
            line,
            start: i,
            end: j,
            open: after === OTHER || (after === PUNCTUATION && before !== OTHER),
            close: before === OTHER || (before === PUNCTUATION && after !== OTHER),
          });
          i = plain = j;
          continue;
        }
        case BACKSLASH: {
          if (i + 1 >= end) decline('backslash at line end');
          const escaped = text.charCodeAt(i + 1);
          if (!isAsciiPunctuation(escaped)) {
            i++;
            continue;
          }
          // The escaped character is text; its text node starts at the backslash.
          flush(i);
          items.push({ kind: 0, value: text[i + 1], start: this.point(line, i), end: this.point(line, i + 2) });
          i = plain = i + 2;
          continue;
        }
        case LEFT_BRACKET: {
          // A label start: text until a `]` makes it a link.
          if (text.charCodeAt(i + 1) === CARET) decline('footnote call');
          flush(i);
          items.push({ kind: 0, value: '[', start: this.point(line, i), end: this.point(line, i + 1) });
          this.openers.push({ item: items.length - 1, at: i, line, image: false, inactive: false });
          i = plain = i + 1;
          continue;
        }
        case RIGHT_BRACKET: {
          const after = this.labelEnd(line, i, end, items, flush, index + 1 === segments.length && end === this.trimmedEnd(line, start));
          if (after < 0) {
            i++;
            continue;
          }
          i = plain = after;
          continue;
        }
        case LESS: {
          if (text.startsWith('<!--', i)) {
            const close = text.indexOf('-->', i + 4);
            if (close < 0 || close + 3 > end) decline('comment over lines');
            const body = text.slice(i + 4, close);
            if (body.startsWith('>') || body.startsWith('->') || body.includes('--')) decline('odd comment');
            flush(i);
            const node: Html = { type: 'html', value: text.slice(i, close + 3), position: this.position(line, i, line, close + 3) };
            items.push({ kind: 1, node });
            i = plain = close + 3;
            continue;
          }
          if (i + 1 < end && text.charCodeAt(i + 1) !== SPACE) decline('html or autolink');
          i++;
          continue;
        }
        case AMPERSAND: {
          // A character reference is text: its character, over the reference's span.
          const reference = characterReference(text, i, end);
          if (!reference) {
            i++;
            continue;
          }
          flush(i);
          items.push({ kind: 0, value: reference.value, start: this.point(line, i), end: this.point(line, reference.end) });
          i = plain = reference.end;
          continue;
        }
        case BANG:
          if (text.charCodeAt(i + 1) === LEFT_BRACKET && i + 1 < end) {
            if (text.charCodeAt(i + 2) === CARET) decline('footnote call');
            flush(i);
            items.push({ kind: 0, value: '![', start: this.point(line, i), end: this.point(line, i + 2) });
            this.openers.push({ item: items.length - 1, at: i + 1, line, image: true, inactive: false });
            i = plain = i + 2;
            continue;
          }
          i++;
          continue;
        case AT:
        case COLON:
        case DOT: {
          // GFM autolink literals, found where micromark would have started them (`h`, `w`, the
          // first character of an e-mail address), which the scanner passed over as plain text.
          const found = this.autolinkLiteral(c, i, start, end, index + 1 === segments.length, plain);
          if (!found) {
            i++;
            continue;
          }
          flush(found.start);
          const value = text.slice(found.start, found.end);
          const position = this.position(line, found.start, line, found.end);
          const node: PhrasingContent = {
            type: 'link',
            title: null,
            url: found.prefix + value,
            children: [{ type: 'text', value, position: this.position(line, found.start, line, found.end) }],
            position,
          };
          items.push({ kind: 1, node });
          i = plain = found.end;
          continue;
        }
        default:
          i++;
          continue;
      }
    }
    flush(end);
  }

  /**
   * A `]` at `at`: with the last open label start, a link, an image or a reference to a
   * definition, as micromark's label end makes them (CommonMark's "look for link or image"), and
   * the offset after it; or -1 when the `]` is text. Resources are read with a plain destination
   * and no title; what else follows a `](` is declined.
   */
  private labelEnd(line: number, at: number, end: number, items: Item[], flush: (to: number) => void, endsContent: boolean): number {
    const text = this.text;
    const opener = this.openers.pop();
    // No label is open, or the one open is in a link's text (`[a [b](c) d](e)`): text.
    if (!opener || opener.inactive) return -1;
    const sameLine = opener.line === line;
    const rawLabel = sameLine ? text.slice(opener.at + 1, at) : undefined;
    // A label over lines is compared with its line prefixes folded: not followed when anything is defined.
    if (!sameLine && this.hasLinkDefinitions()) decline('label over lines');
    // A label closed first thing on a line: the line ending before the `]` ends, in a list item,
    // where micromark's data tokens end, which the scanner does not follow.
    if (!sameLine && /^[ ]*$/.test(text.slice(this.starts[line], at))) decline('label closed at a line start');
    const key = rawLabel === undefined ? undefined : normalizeIdentifier(rawLabel);
    const defined = key !== undefined && this.isDefined(key);
    const next = at + 1 < end ? text.charCodeAt(at + 1) : -1;
    let url: string | undefined;
    let reference: { type: 'shortcut' | 'collapsed' | 'full'; label: string; key: string } | undefined;
    let after: number;
    // A resource being typed (`[text](`, `[text](https://exa` at the end of a paragraph or a heading):
    // micromark meets the end before a `)`, so there is no resource, and the label reads as if
    // nothing followed it (a shortcut reference or text). `endsContent` tells that the segment is
    // the last of the content and ends its line (no closing `#`s, no table cell).
    let urlEnd = at + 2;
    if (next === LEFT_PAREN) while (urlEnd < end && isPlainUrlChar(text.charCodeAt(urlEnd))) urlEnd++;
    const unfinished = next === LEFT_PAREN && urlEnd >= end && endsContent && !this.inTable;
    if (next === LEFT_PAREN && !unfinished) {
      if (urlEnd === at + 2 || urlEnd >= end || text.charCodeAt(urlEnd) !== RIGHT_PAREN) decline('link destination');
      url = text.slice(at + 2, urlEnd);
      after = urlEnd + 1;
    } else if (next === LEFT_BRACKET) {
      if (at + 2 < end && text.charCodeAt(at + 2) === RIGHT_BRACKET) {
        // Collapsed: `[label][]`.
        if (!defined) return -1;
        reference = { type: 'collapsed', label: rawLabel!, key: key! };
        after = at + 3;
      } else {
        // Full: `[text][label]`, when `label` is defined.
        if (!this.hasLinkDefinitions()) return -1;
        let k = at + 2;
        for (; k < end; k++) {
          const c = text.charCodeAt(k);
          if (c === RIGHT_BRACKET || c === LEFT_BRACKET) break;
          if (c === BACKSLASH) decline('escape in reference');
        }
        if (k >= end) decline('reference over lines');
        // `[` in the label, an empty or long label: no full reference, and `[text][` is no collapsed one.
        if (text.charCodeAt(k) === LEFT_BRACKET) return -1;
        const label = text.slice(at + 2, k);
        if (label.length > 999 || !/[^\t\n\r ]/.test(label)) return -1;
        const fullKey = normalizeIdentifier(label);
        if (!this.isDefined(fullKey)) return -1;
        reference = { type: 'full', label, key: fullKey };
        after = k + 1;
      }
    } else {
      if (!defined) return -1;
      reference = { type: 'shortcut', label: rawLabel!, key: key! };
      after = at + 1;
    }
    if (reference && /[\\&]/.test(reference.label)) decline('escape or reference in label');
    flush(at);
    const inner = items.splice(opener.item);
    inner.shift();
    resolveRuns(inner, this);
    const children = this.phrasing(inner);
    const position = this.position(opener.line, opener.image ? opener.at - 1 : opener.at, line, after);
    let node: PhrasingContent;
    if (opener.image) {
      if (reference) decline('image reference');
      if (children.some((child) => child.type !== 'text')) decline('image description');
      node = { type: 'image', title: null, url: url!, alt: children.map((child) => (child as Text).value).join(''), position };
    } else {
      node = reference
        ? { type: 'linkReference', children, position, label: reference.label, identifier: reference.key.toLowerCase(), referenceType: reference.type }
        : { type: 'link', title: null, url: url!, children, position };
      // Links do not nest: the labels open before this one make none.
      for (const open of this.openers) if (!open.image) open.inactive = true;
    }
    items.push({ kind: 1, node });
    return after;
  }

  private isDefined(key: string): boolean {
    return this.defined.has(key);
  }

  private hasLinkDefinitions(): boolean {
    if (this.linkDefinitions === undefined) {
      this.linkDefinitions = false;
      for (const key of this.defined.keys()) if (!key.startsWith(FOOTNOTE_KEY)) this.linkDefinitions = true;
    }
    return this.linkDefinitions;
  }

  private linkDefinitions: boolean | undefined;

  /**
   * The GFM autolink literal that the `@`, `:` or `.` at `at` ends the start of (`me@x.org`,
   * `https://`, `www.`), as micromark-extension-gfm-autolink-literal reads it: its start, end and
   * the prefix of its URL; undefined when there is none. `plain` is where the text the scanner
   * passed over starts; `last` tells whether the segment ends the content (end of file to
   * micromark, else a line ending). Declines where the reading depends on more than this looks at.
   */
  private autolinkLiteral(c: number, at: number, start: number, end: number, last: boolean, plain: number): { start: number; end: number; prefix: string } | undefined {
    const text = this.text;
    if (c === AT) {
      let s = at;
      while (s > start && isEmailLocal(text.charCodeAt(s - 1))) s--;
      if (s === at) return undefined;
      // Not tried after `/`; `_` runs before it were read as emphasis markers.
      if (s > start && text.charCodeAt(s - 1) === SLASH) return undefined;
      if (s < plain || text.slice(s, at).includes('_')) decline('e-mail autolink after underscore');
      let p = at + 1;
      let data = false;
      let dot = false;
      for (;;) {
        const d = p < end ? text.charCodeAt(p) : -1;
        if (d === DOT) {
          if (p + 1 < end && isAsciiAlphanumeric(text.charCodeAt(p + 1))) {
            dot = true;
            p++;
            continue;
          }
          break;
        }
        if (d === DASH || d === UNDERSCORE || isAsciiAlphanumeric(d)) {
          data = true;
          p++;
          continue;
        }
        break;
      }
      if (!data || !dot || !isAsciiLetter(text.charCodeAt(p - 1))) return undefined;
      if (this.openers.length) decline('autolink in label');
      if (this.inTable && (s === start || p === end)) decline('autolink at cell edge');
      return { start: s, end: p, prefix: 'mailto:' };
    }
    let s: number;
    let domainStart: number;
    let prefix: string;
    if (c === COLON) {
      // `http://` or `https://`, the letters not after another letter.
      s = at;
      while (s > start && isAsciiLetter(text.charCodeAt(s - 1))) s--;
      const protocol = text.slice(s, at).toLowerCase();
      if (protocol !== 'http' && protocol !== 'https') return undefined;
      if (text.charCodeAt(at + 1) !== SLASH || text.charCodeAt(at + 2) !== SLASH || at + 2 >= end) return undefined;
      domainStart = at + 3;
      const first = domainStart < end ? text.charCodeAt(domainStart) : -1;
      if (first < 0 || classify(first) !== OTHER) return undefined;
      prefix = '';
    } else {
      // `www.` after a space, a line ending, `(`, `*`, `_`, `[`, `]` or `~`.
      s = at - 3;
      if (s < start || (text.charCodeAt(s) | 0x20) !== 119 || (text.charCodeAt(s + 1) | 0x20) !== 119 || (text.charCodeAt(s + 2) | 0x20) !== 119) return undefined;
      if (s > start) {
        const previous = text.charCodeAt(s - 1);
        if (!(previous === SPACE || previous === LEFT_PAREN || previous === STAR || previous === UNDERSCORE || previous === LEFT_BRACKET || previous === RIGHT_BRACKET || previous === TILDE)) {
          if (classify(previous) === WHITESPACE) decline('www after unicode whitespace');
          return undefined;
        }
      } else if (this.inTable) decline('autolink at cell edge');
      if (at + 1 >= end && last) return undefined;
      // micromark tries an e-mail address first, where `w` may start one.
      let k = s;
      while (k < end && isEmailLocal(text.charCodeAt(k))) k++;
      if (text.charCodeAt(k) === AT && k < end) decline('www or e-mail autolink');
      domainStart = s;
      prefix = 'http://';
    }
    if (s < plain) decline('autolink after markers');
    const domainEnd = this.autolinkDomain(domainStart, end);
    if (domainEnd < 0) return undefined;
    const pathEnd = this.autolinkPath(domainEnd, end);
    if (this.openers.length) decline('autolink in label');
    if (this.inTable && (s === start || pathEnd === end)) decline('autolink at cell edge');
    return { start: s, end: pathEnd, prefix };
  }

  /** micromark-extension-gfm-autolink-literal's domain from `p`: where it ends, or -1. */
  private autolinkDomain(p: number, end: number): number {
    const text = this.text;
    let seen = false;
    let underscoreInLast = false;
    let underscoreInLastButOne = false;
    for (;;) {
      const c = p < end ? text.charCodeAt(p) : -1;
      if (c === DOT || c === UNDERSCORE) {
        if (this.autolinkTrail(p, end)) break;
        if (c === UNDERSCORE) underscoreInLast = true;
        else {
          underscoreInLastButOne = underscoreInLast;
          underscoreInLast = false;
        }
        p++;
        continue;
      }
      if (c < 0 || (c !== DASH && classify(c) !== OTHER)) break;
      seen = true;
      p++;
    }
    return underscoreInLast || underscoreInLastButOne || !seen ? -1 : p;
  }

  /** micromark-extension-gfm-autolink-literal's path from `p`: where it ends. */
  private autolinkPath(p: number, end: number): number {
    const text = this.text;
    let open = 0;
    let close = 0;
    for (;;) {
      const c = p < end ? text.charCodeAt(p) : -1;
      if (c === LEFT_PAREN) {
        open++;
        p++;
        continue;
      }
      if (c === RIGHT_PAREN && close < open) {
        close++;
        p++;
        continue;
      }
      if (c >= 0 && c < 128 && PATH_PUNCTUATION[c]) {
        if (this.autolinkTrail(p, end)) return p;
        if (c === RIGHT_PAREN) close++;
        p++;
        continue;
      }
      if (c < 0 || classify(c) === WHITESPACE) return p;
      p++;
    }
  }

  /** Whether what starts at `p` is trailing punctuation, not part of an autolink literal (micromark's `trail` check). */
  private autolinkTrail(p: number, end: number): boolean {
    const text = this.text;
    for (;;) {
      const c = p < end ? text.charCodeAt(p) : -1;
      if (c >= 0 && c < 128 && TRAIL[c]) {
        p++;
        continue;
      }
      if (c === AMPERSAND) {
        p++;
        if (p >= end || !isAsciiLetter(text.charCodeAt(p))) return false;
        while (p < end && isAsciiLetter(text.charCodeAt(p))) p++;
        if (p >= end || text.charCodeAt(p) !== 59) return false;
        p++;
        continue;
      }
      if (c === RIGHT_BRACKET) {
        p++;
        const d = p < end ? text.charCodeAt(p) : -1;
        if (d < 0 || d === LEFT_PAREN || d === LEFT_BRACKET || classify(d) === WHITESPACE) return true;
        continue;
      }
      return c < 0 || c === LESS || classify(c) === WHITESPACE;
    }
  }

  /** Items to mdast: adjacent text (and unused `*`) joined into one text node, as mdast-util-from-markdown does. */
  phrasing(items: Item[]): PhrasingContent[] {
    const out: PhrasingContent[] = [];
    let open: Text | undefined;
    for (const item of items) {
      if (item.kind === 1) {
        out.push(item.node);
        open = undefined;
        continue;
      }
      let value: string;
      let start: Point;
      let end: Point;
      if (item.kind === 0) {
        value = item.value;
        start = item.start;
        end = item.end;
      } else {
        if (item.end === item.start) continue;
        value = this.text.slice(item.start, item.end);
        start = this.point(item.line, item.start);
        end = this.point(item.line, item.end);
      }
      if (open) {
        open.value += value;
        open.position!.end = end;
      } else {
        open = { type: 'text', value, position: { start, end } };
        out.push(open);
      }
    }
    return out;
  }
}

/** Whether a label closes right before another opens (`][`) that is not closed before `end`. */
function labelOpenAfterLabel(text: string, start: number, end: number): boolean {
  const at = text.lastIndexOf('][', end - 2);
  if (at < start) return false;
  const close = text.indexOf(']', at + 2);
  return close < 0 || close >= end;
}

/** Index of the first run of exactly `size` backticks in `[from, end)`, or -1. */
function findBacktickRun(text: string, from: number, end: number, size: number): number {
  let i = from;
  while (i < end) {
    const p = text.indexOf('`', i);
    if (p < 0 || p >= end) return -1;
    let j = p;
    while (j < end && text.charCodeAt(j) === BACKTICK) j++;
    if (j - p === size) return p;
    i = j;
  }
  return -1;
}

const isAsciiPunctuation = (c: number) => (c >= 33 && c <= 47) || (c >= 58 && c <= 64) || (c >= 91 && c <= 96) || (c >= 123 && c <= 126);

/** Declines text values in which mdast-util-gfm-autolink-literal would find a URL or an e-mail address. */
function checkAutolinkValues(nodes: PhrasingContent[]): void {
  for (const node of nodes) {
    if (node.type === 'text') {
      if (/https?:\/\/|www\./i.test(node.value) || /[-.\w+]@/.test(node.value)) decline('autolink after escape');
    } else if (node.type === 'emphasis' || node.type === 'strong' || node.type === 'delete') checkAutolinkValues(node.children);
  }
}

/**
 * Named character references the scanner knows, with their characters (as the HTML entity table
 * decode-named-character-reference reads has them; the tests compare them with remark). Other
 * names may be references too: declined.
 */
const NAMED_REFERENCES = new Map<string, string>([
  ['amp', '&'], ['AMP', '&'], ['lt', '<'], ['gt', '>'], ['quot', '"'], ['apos', "'"], ['nbsp', '\u00a0'], ['mdash', '\u2014'], ['ndash', '\u2013'],
  ['hellip', '\u2026'], ['copy', '\u00a9'], ['reg', '\u00ae'], ['trade', '\u2122'], ['rarr', '\u2192'], ['larr', '\u2190'], ['harr', '\u2194'],
  ['times', '\u00d7'], ['middot', '\u00b7'], ['bull', '\u2022'], ['laquo', '\u00ab'], ['raquo', '\u00bb'], ['lsquo', '\u2018'], ['rsquo', '\u2019'],
  ['ldquo', '\u201c'], ['rdquo', '\u201d'], ['deg', '\u00b0'], ['check', '\u2713'], ['ensp', '\u2002'], ['emsp', '\u2003'], ['thinsp', '\u2009'],
]);

const isHexDigit = (c: number) => isDigit(c) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102);

/**
 * The character reference at `at` (`&amp;`, `&#8212;`, `&#x2014;`) as micromark reads it: its
 * character and where it ends; undefined when the `&` is text. Numeric ones have at most 7 decimal
 * or 6 hexadecimal digits; named ones at most 31 letters and digits, and only names in the entity
 * table are references (those the scanner does not know are declined).
 */
function characterReference(text: string, at: number, end: number): { value: string; end: number } | undefined {
  let i = at + 1;
  if (text.charCodeAt(i) === HASH && i < end) {
    i++;
    const hex = text.charCodeAt(i) === 88 || text.charCodeAt(i) === 120;
    if (hex) i++;
    const digits = i;
    const max = hex ? 6 : 7;
    while (i < end && i - digits < max && (hex ? isHexDigit : isDigit)(text.charCodeAt(i))) i++;
    if (i === digits || i >= end || text.charCodeAt(i) !== 59) return undefined;
    return { value: decodeNumericReference(Number.parseInt(text.slice(digits, i), hex ? 16 : 10)), end: i + 1 };
  }
  const name = i;
  while (i < end && i - name < 31 && isAsciiAlphanumeric(text.charCodeAt(i))) i++;
  if (i === name || i >= end || text.charCodeAt(i) !== 59) return undefined;
  const value = NAMED_REFERENCES.get(text.slice(name, i));
  if (value === undefined) decline('character reference');
  return { value, end: i + 1 };
}

/** micromark-util-decode-numeric-character-reference: controls, surrogates, noncharacters and what is past Unicode are U+FFFD. */
function decodeNumericReference(code: number): string {
  if (
    code < 9 ||
    code === 11 ||
    (code > 13 && code < 32) ||
    (code > 126 && code < 160) ||
    (code > 55_295 && code < 57_344) ||
    (code > 64_975 && code < 65_008) ||
    (code & 65_535) === 65_535 ||
    (code & 65_535) === 65_534 ||
    code > 1_114_111
  ) {
    return '\uFFFD';
  }
  return String.fromCodePoint(code);
}



/**
 * Pairs the runs of one text: `*` and `_` into emphasis, or `~` into strikethrough. Both in one
 * text are declined: micromark resolves the two in the order they were first met, and spans of
 * one may then cross spans of the other.
 */
function resolveRuns(items: Item[], scanner: Scanner): void {
  let tildes = false;
  let attention = false;
  for (const item of items) {
    if (item.kind !== 2) continue;
    if (item.marker === TILDE) tildes = true;
    else attention = true;
  }
  if (tildes && attention) decline('strikethrough with emphasis');
  if (tildes) resolveStrikethrough(items, scanner);
  else if (attention) resolveEmphasis(items, scanner);
}

/**
 * Pairs tilde runs into strikethrough as micromark-extension-gfm-strikethrough does: each closing
 * run, left to right, with the nearest opening run of its size before it; runs left over are text.
 */
function resolveStrikethrough(items: Item[], scanner: Scanner): void {
  for (let index = 0; index < items.length; index++) {
    const closer = items[index];
    if (closer.kind !== 2 || !closer.close) continue;
    const size = closer.end - closer.start;
    for (let open = index - 1; open >= 0; open--) {
      const opener = items[open];
      if (opener.kind !== 2 || !opener.open || opener.end - opener.start !== size) continue;
      const inner = items.slice(open + 1, index);
      // A run left inside may still pair with one after the span, and micromark's spans then cross.
      if (inner.some((item) => item.kind === 2)) decline('strikethrough inside strikethrough');
      const node = {
        type: 'delete',
        children: scanner.phrasing(inner),
        position: { start: scanner.point(opener.line, opener.start), end: scanner.point(closer.line, closer.end) },
      } as PhrasingContent;
      items.splice(open, index - open + 1, { kind: 1, node });
      index = open;
      break;
    }
  }
}

/**
 * Pairs `*` and `_` runs into emphasis and strong as micromark's attention resolver does
 * (CommonMark's delimiter algorithm, rule of three included), in place: matched runs become nodes
 * holding the items between them; what is left of a run stays an item and reads as text.
 */
function resolveEmphasis(items: Item[], scanner: Scanner): void {
  for (let index = 0; index < items.length; index++) {
    const closer = items[index];
    if (closer.kind !== 2 || !closer.close) continue;
    for (let open = index - 1; open >= 0; open--) {
      const opener = items[open];
      if (opener.kind !== 2 || !opener.open || opener.marker !== closer.marker) continue;
      const openSize = opener.end - opener.start;
      const closeSize = closer.end - closer.start;
      if ((opener.close || closer.open) && closeSize % 3 && !((openSize + closeSize) % 3)) continue;
      const use = openSize > 1 && closeSize > 1 ? 2 : 1;
      // What is between is resolved again on its own (runs may have shrunk since they were passed
      // over, which changes the rule of three), as micromark does; runs left there are text.
      const inner = items.slice(open + 1, index);
      resolveEmphasis(inner, scanner);
      for (const item of inner) if (item.kind === 2) item.open = item.close = false;
      opener.end -= use;
      const start = scanner.point(opener.line, opener.end);
      const end = scanner.point(closer.line, closer.start + use);
      closer.start += use;
      const node = {
        type: use > 1 ? 'strong' : 'emphasis',
        children: scanner.phrasing(inner),
        position: { start, end },
      } as PhrasingContent;
      const replacement: Item[] = [];
      if (opener.end > opener.start) replacement.push(opener);
      replacement.push({ kind: 1, node });
      const closerLeft = closer.end > closer.start;
      if (closerLeft) replacement.push(closer);
      items.splice(open, index - open + 1, ...replacement);
      // Go on from what is left of the closer, or from the item after the new node.
      index = open + replacement.length - (closerLeft ? 1 : 0) - 1;
      break;
    }
  }
}

/** Whether two nodes are the same but for their positions. */
function sameShape(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ra = a as Record<string, unknown>;
  const rb = b as Record<string, unknown>;
  const keys = Object.keys(ra).filter((key) => key !== 'position');
  if (keys.length !== Object.keys(rb).filter((key) => key !== 'position').length) return false;
  return keys.every((key) => key in rb && sameShape(ra[key], rb[key]));
}

/** The node with every position moved down `lines` lines and on `offset` characters (new points: the parser may share them). */
function moved<T extends Nodes>(node: T, lines: number, offset: number): T {
  const p = node.position;
  if (p) {
    node.position = {
      start: { line: p.start.line + lines, column: p.start.column, offset: p.start.offset! + offset },
      end: { line: p.end.line + lines, column: p.end.column, offset: p.end.offset! + offset },
    };
  }
  if ('children' in node) for (const child of node.children) moved(child, lines, offset);
  return node;
}
