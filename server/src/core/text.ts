// Offsets ↔ positions over the original text (UTF-16, `\r\n` aware), computed once per document.
import type { Position, Range } from './types';

export class LineMap {
  /** Offset where each line starts: one typed array, made at its size (a keystroke in a long report makes one). */
  private readonly starts: Int32Array;

  constructor(
    readonly text: string,
    starts?: Int32Array,
  ) {
    if (!starts) {
      let lines = 1;
      for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) lines++;
      starts = new Int32Array(lines);
      let line = 1;
      for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts[line++] = i + 1;
    }
    this.starts = starts;
  }

  /**
   * The map of `text`, which is `before.text` but for `[start, end)` of `text`: the lines of the
   * common start are `before`'s, those of the common end are `before`'s moved, and only the
   * changed part is read. A keystroke in a 600 KB report reads a line, not the report.
   */
  static edited(before: LineMap, text: string, start: number, end: number): LineMap {
    const old = before.starts;
    const beforeEnd = before.text.length - (text.length - end);
    const delta = text.length - before.text.length;
    // A line starts after the break before it: kept while that break lies in the common start,
    // moved while it lies in the common end.
    const kept = firstAtOrAfter(old, start + 1);
    const moved = Math.max(kept, firstAtOrAfter(old, beforeEnd + 1));
    const added: number[] = [];
    for (let at = text.indexOf('\n', start); at >= 0 && at < end; at = text.indexOf('\n', at + 1)) added.push(at + 1);
    const starts = new Int32Array(kept + added.length + old.length - moved);
    starts.set(old.subarray(0, kept));
    starts.set(added, kept);
    for (let i = moved, to = kept + added.length; i < old.length; i++, to++) starts[to] = old[i] + delta;
    return new LineMap(text, starts);
  }

  get lineCount(): number {
    return this.starts.length;
  }

  positionAt(offset: number): Position {
    const o = Math.max(0, Math.min(offset, this.text.length));
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= o) lo = mid;
      else hi = mid - 1;
    }
    // An offset between `\r` and `\n` is the end of the line: no position stands inside a line break.
    return { line: lo, character: Math.min(o, this.lineEnd(lo)) - this.starts[lo] };
  }

  offsetAt(position: Position): number {
    if (position.line >= this.starts.length) return this.text.length;
    if (position.line < 0) return 0;
    return Math.min(this.starts[position.line] + Math.max(0, position.character), this.lineEnd(position.line));
  }

  range(start: number, end: number): Range {
    return { start: this.positionAt(start), end: this.positionAt(end) };
  }

  lineStart(line: number): number {
    return this.starts[Math.max(0, Math.min(line, this.starts.length - 1))];
  }

  /** Offset of the end of a line's content, before `\r\n` or `\n`. */
  lineEnd(line: number): number {
    const next = line + 1 < this.starts.length ? this.starts[line + 1] - 1 : this.text.length;
    return next > 0 && this.text.charCodeAt(next - 1) === 13 && next - 1 >= this.starts[line] ? next - 1 : next;
  }

  /** Offset just after a line's break (the start of the next line), or the end of the text. */
  lineEndWithBreak(line: number): number {
    return line + 1 < this.starts.length ? this.starts[line + 1] : this.text.length;
  }

  lineText(line: number): string {
    return this.text.slice(this.lineStart(line), this.lineEnd(line));
  }
}

/**
 * The same characters in a string of their own. V8 makes a slice of a long string point into it, so
 * a slice kept past its version (a cached parse, an action's text) keeps that whole version of the
 * document alive: a long editing session would keep one copy of the report per keystroke.
 */
export function detached(slice: string): string {
  // Under 13 characters V8 copies anyway; above, the concatenation is flattened into a new string.
  return slice.length < 13 ? slice : (' ' + slice).slice(1);
}

/**
 * `detached` for every string in a value made from one version of a document (an action read from
 * a list item, with its located fields), in place: a value kept for later versions then keeps no
 * version of the document alive. Plain objects and arrays only; the value is one the caller made.
 */
export function detachStrings<T>(value: T): T {
  detachEvery(value, new Set());
  return value;
}

/** A module function, not a closure made on each call: see "Closures made on every call" in docs/architecture.md. */
function detachEvery(v: unknown, seen: Set<object>): void {
  if (!v || typeof v !== 'object' || seen.has(v)) return;
  seen.add(v);
  const record = v as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    const field = record[key];
    if (typeof field === 'string') record[key] = detached(field);
    else detachEvery(field, seen);
  }
}

/** The first index of ascending `values` whose value is `value` or more (their length if none is). */
function firstAtOrAfter(values: Int32Array, value: number): number {
  let low = 0;
  let high = values.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (values[middle] < value) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** The few texts whose line maps were asked for last: the model, fixes and features of one version share one map. */
const recentLineMaps: LineMap[] = [];
const RECENT_LINE_MAPS = 4;

/** Where a text differs from the one before it: `[start, end)` of the text; outside, the two are the same. */
export interface TextChange {
  before: string;
  start: number;
  end: number;
}

/**
 * The line map of a text, built once however many callers ask for it; from the map of the text
 * before it when `change` says where they differ and that map is still at hand.
 */
export function lineMapOf(text: string, change?: TextChange): LineMap {
  for (const map of recentLineMaps) if (map.text === text) return map;
  const before = change && recentLineMaps.find((m) => m.text === change.before);
  const map = before ? LineMap.edited(before, text, change!.start, change!.end) : new LineMap(text);
  recentLineMaps.unshift(map);
  if (recentLineMaps.length > RECENT_LINE_MAPS) recentLineMaps.pop();
  return map;
}

/** Where `text[start, end)` ends without the white space (`\s`) at its end. */
export function trimmedEnd(text: string, start: number, end: number): number {
  let e = end;
  for (; e > start; e--) {
    const c = text.charCodeAt(e - 1);
    // Most text ends in a printable ASCII character: only others are asked of the expression.
    if ((c > 32 && c < 127) || !/\s/.test(text[e - 1])) break;
  }
  return e;
}

/** How many byte order marks the text starts with (one, unless something went wrong). */
export function leadingByteOrderMarks(text: string): number {
  let n = 0;
  while (text.charCodeAt(n) === 0xfeff) n++;
  return n;
}

export function rangeContains(outer: Range, pos: Position): boolean {
  const after = pos.line > outer.start.line || (pos.line === outer.start.line && pos.character >= outer.start.character);
  const before = pos.line < outer.end.line || (pos.line === outer.end.line && pos.character <= outer.end.character);
  return after && before;
}

export function rangesTouch(a: Range, b: Range): boolean {
  return rangeContains(a, b.start) || rangeContains(a, b.end) || rangeContains(b, a.start);
}

/**
 * Every match of a global expression in `text`, as `text.matchAll(re)` gives them, found with the
 * expression itself. `matchAll` searches with a copy of it, made by `new RegExp(re)` on each call:
 * the copy finds its compiled code in V8's compilation cache, which full collections empty, so a
 * field typed for the first time after two of them compiled the expressions again (seven on the
 * `[` of `- [`, 0.5 ms, in the benchmark). The expression's own code lives as long as it is used.
 * All matches are gathered before they are read, so a caller may use the same expression again.
 */
export function matchesOf(re: RegExp, text: string): RegExpExecArray[] {
  // Without `g`, `exec` would find the first match again and again (`matchAll` throws too).
  if (!re.global) throw new TypeError(`matchesOf needs a global expression: ${re}`);
  const out: RegExpExecArray[] = [];
  re.lastIndex = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    out.push(m);
    // An empty match would be found again at the same place: step over a character (a code point under `u`).
    if (!m[0].length) re.lastIndex = re.unicode && isSurrogatePairAt(text, re.lastIndex) ? re.lastIndex + 2 : re.lastIndex + 1;
  }
  re.lastIndex = 0;
  return out;
}

function isSurrogatePairAt(text: string, at: number): boolean {
  const high = text.charCodeAt(at);
  const low = text.charCodeAt(at + 1);
  return high >= 0xd800 && high <= 0xdbff && low >= 0xdc00 && low <= 0xdfff;
}

/**
 * `text.split(separator)` for a global expression that never matches the empty string, without the
 * copy of the expression `split` makes on every call (see `matchesOf`).
 */
export function splitOn(text: string, separator: RegExp): string[] {
  if (!separator.global) throw new TypeError(`splitOn needs a global expression: ${separator}`);
  const out: string[] = [];
  let from = 0;
  separator.lastIndex = 0;
  for (let m = separator.exec(text); m; m = separator.exec(text)) {
    if (!m[0].length) {
      separator.lastIndex++;
      continue;
    }
    out.push(text.slice(from, m.index));
    from = m.index + m[0].length;
  }
  separator.lastIndex = 0;
  out.push(text.slice(from));
  return out;
}

/** White space runs, to split words on with `splitOn`. */
export const WHITESPACE_RUNS = /\s+/g;
