// Small text helpers the rules share: quoting an action in a message, comparing wording.
import { memoizeByObject } from '../memo';
import { lineMapOf } from '../text';
import type { Range, Report } from '../types';

/**
 * An action or improvement as a message quotes it: one line, at most `max` characters. Cut with
 * three dots rather than U+2026: one character past Latin-1 in one message makes V8 hold the whole
 * JSON of a document's diagnostics as two-byte text, and on a report with thousands of them that
 * costs ~3 ms per keystroke (serialising, UTF-8 encoding, and the editor's decoding and parsing).
 */
export function shorten(text: string, max = 50): string {
  const one = text.replace(/\s+/g, ' ').trim();
  return one.length <= max ? one : `${one.slice(0, max - 3).trimEnd()}...`;
}

/** An action or improvement as messages quote it, worked out once per item. */
export const shortTextOf = memoizeByObject((item: { text: string }) => shorten(item.text));

const STOP_WORDS = new Set(
  ('able about above after again against also because been before being below between both could does doing down during each ' +
    'from further have having here into itself just more most much must once only other over same should some such than that ' +
    'their them then there these they this those through under until very were what when where which while will with would ' +
    'your ours make sure need needs ensure team next time going like really thing things well still even every').split(' '),
);

/** Crude stemming: enough that "alerts", "alerting" and "alerted" meet. */
function stem(word: string): string {
  return word.replace(/ies$/, 'y').replace(/(?:ure|ing|ed|es|s|e)$/, '').replace(/(.)\1$/, '$1');
}

/** Words that carry meaning (four letters or more, not stop-words), stemmed, lower case. */
export function significantWords(text: string): Set<string> {
  const out = new Set<string>();
  return asciiSignificantWords(text, out) ? out : significantWordsByExpression(text);
}

/** `significantWords` of any text, by the Unicode expression (the property tests hold the ASCII loop to it). */
export function significantWordsByExpression(text: string): Set<string> {
  const out = new Set<string>();
  for (const w of text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []) {
    if (w.length >= 4 && !STOP_WORDS.has(w)) out.add(stem(w));
  }
  return out;
}

/**
 * `significantWords` of a text of ASCII characters only (most actions), without the expression:
 * in a document with one character past Latin-1, V8 matches its Unicode classes over the two-byte
 * text, and two rules read the words of the action typed in on every keystroke. False for any
 * other text, `out` then holding some of its words.
 */
function asciiSignificantWords(text: string, out: Set<string>): boolean {
  const n = text.length;
  let i = 0;
  while (i < n) {
    while (i < n && !isAsciiLetterOrDigit(text.charCodeAt(i))) if (text.charCodeAt(i++) > 127) return false;
    const start = i;
    while (i < n && isAsciiLetterOrDigit(text.charCodeAt(i))) i++;
    if (i - start >= 4) {
      const w = text.slice(start, i).toLowerCase();
      if (!STOP_WORDS.has(w)) out.add(stem(w));
    }
  }
  return true;
}

export function isAsciiLetterOrDigit(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57);
}

/** Where a report-wide finding stands: the first heading, or the start of the file. */
export function reportStartRange(report: Report): Range {
  const h = report.headings[0];
  if (h) return h.range;
  // The first line as every range reads it: a `\r` that ends the text is a line ending, not a character.
  return { start: { line: 0, character: 0 }, end: { line: 0, character: lineMapOf(report.text).lineText(0).length } };
}

let row = new Int32Array(64);

/** Edit distance, for suggesting the closest roster member to a misspelt owner. */
export function editDistance(a: string, b: string): number {
  return editDistanceWithin(a, b, Infinity);
}

/**
 * `editDistance` when it is at most `limit`, else `limit + 1`, found without filling the rest of
 * the table: an owner is checked for a slip of one or two letters on every keystroke of its name,
 * against every roster spelling, and most are far off.
 */
export function editDistanceWithin(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  // One row, reused: typing an owner's name compares it with every roster name on each keystroke.
  if (row.length <= b.length) row = new Int32Array(2 * (b.length + 1));
  const prev = row;
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0];
    prev[0] = i;
    let least = i;
    const c = a.charCodeAt(i - 1);
    for (let j = 1; j <= b.length; j++) {
      const up = prev[j];
      prev[j] = Math.min(up + 1, prev[j - 1] + 1, diag + (c === b.charCodeAt(j - 1) ? 0 : 1));
      if (prev[j] < least) least = prev[j];
      diag = up;
    }
    // A row's least never grows smaller further down: past the limit, so is the distance.
    if (least > limit) return limit + 1;
  }
  return Math.min(prev[b.length], limit + 1);
}
