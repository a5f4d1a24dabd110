// Text edits as data: applying them, and choosing the one edit list that "fix all" makes.
import { lineMapOf, type LineMap } from './text';
import type { Analysis, Finding, Fix, Position, TextEdit } from './types';

/** Offset of a position (UTF-16 units); a character past the end of its line stops before the line break. */
export function offsetAt(text: string, position: Position): number {
  return lineMapOf(text).offsetAt(position);
}

/** Position of an offset (UTF-16 units); `\r\n` counts as one line break. */
export function positionAt(text: string, offset: number): Position {
  return lineMapOf(text).positionAt(offset);
}

interface OffsetEdit {
  start: number;
  end: number;
  newText: string;
  /** Order in the input, so that inserts at one position apply in the order they were given. */
  index: number;
}

function toOffsets(lines: LineMap, edits: TextEdit[]): OffsetEdit[] {
  return edits
    .map((e, index) => {
      const a = lines.offsetAt(e.range.start);
      const b = lines.offsetAt(e.range.end);
      return { start: Math.min(a, b), end: Math.max(a, b), newText: e.newText, index };
    })
    .sort((x, y) => x.start - y.start || x.end - y.end || x.index - y.index);
}

/** Two edits overlap when they replace common text, or one inserts strictly inside what the other replaces. */
function overlaps(a: { start: number; end: number }, b: { start: number; end: number }): boolean {
  if (a.start === a.end && b.start === b.end) return false;
  if (a.start === a.end) return a.start > b.start && a.start < b.end;
  if (b.start === b.end) return b.start > a.start && b.start < a.end;
  return a.start < b.end && b.start < a.end;
}

/**
 * Applies edits made against `text`. They may come in any order; inserts at the same position
 * apply in the order given, before a replacement that starts there. Throws on overlapping edits,
 * since applying them would lose text silently.
 */
export function applyEdits(text: string, edits: TextEdit[]): string {
  const sorted = toOffsets(lineMapOf(text), edits);
  let reached = 0;
  for (const e of sorted) {
    if (e.start < reached) throw new Error(`Overlapping edits: one at offsets ${e.start}-${e.end} starts inside another ending at ${reached}`);
    reached = Math.max(reached, e.end);
  }
  let out = '';
  let at = 0;
  for (const e of sorted) {
    out += text.slice(at, e.start) + e.newText;
    at = e.end;
  }
  return out + text.slice(at);
}

/** The fix fix-all may apply for a finding: the one marked `fixAll`, else a lone preferred fix; never a command. */
function fixAllChoice(finding: Finding): Fix | undefined {
  const usable = (f: Fix) => f.edits.length > 0;
  const marked = finding.fixes.find((f) => f.fixAll && usable(f));
  if (marked) return marked;
  const only = finding.fixes.length === 1 ? finding.fixes[0] : undefined;
  return only?.isPreferred && usable(only) ? only : undefined;
}

/**
 * One edit list for `source.fixAll.aar`: per finding its fix-all fix, whole or not at all. A fix
 * that overlaps one already taken is left for the next run; inserts at one position are merged
 * into one edit, in the order of the findings (so added sections keep their canonical order).
 */
export function fixAllEdits(analysis: Analysis): TextEdit[];
export function fixAllEdits(text: string, findings: Finding[]): TextEdit[];
export function fixAllEdits(textOrAnalysis: string | Analysis, maybeFindings?: Finding[]): TextEdit[] {
  const analysis = typeof textOrAnalysis === 'string' ? undefined : textOrAnalysis;
  const text = typeof textOrAnalysis === 'string' ? textOrAnalysis : (textOrAnalysis.report?.text ?? '');
  const findings = analysis ? analysis.findings : (maybeFindings ?? []);
  const lines = lineMapOf(text);
  const taken: OffsetEdit[] = [];
  let order = 0;
  for (const finding of findings) {
    const fix = fixAllChoice(finding);
    if (!fix) continue;
    const mine = toOffsets(lines, fix.edits);
    if (mine.some((e) => taken.some((t) => overlaps(e, t)))) continue;
    // A fix's own edits must not overlap either; a fix that does is broken, and skipped.
    if (mine.some((e, i) => i > 0 && e.start < Math.max(...mine.slice(0, i).map((m) => m.end)))) continue;
    for (const e of mine) taken.push({ ...e, index: order++ });
  }
  taken.sort((x, y) => x.start - y.start || x.end - y.end || x.index - y.index);
  const merged: OffsetEdit[] = [];
  for (const e of taken) {
    const last = merged[merged.length - 1];
    if (last && last.start === last.end && e.start === e.end && last.start === e.start) {
      last.newText += e.newText;
    } else {
      merged.push({ ...e });
    }
  }
  return merged.map((e) => ({ range: lines.range(e.start, e.end), newText: e.newText }));
}

/**
 * Sorts one fix's edits and joins those that touch (an insert where a removal starts, two
 * removals end to end) into one replacement, so that any host applies them the same way.
 */
export function joinTouchingEdits(text: string, edits: TextEdit[]): TextEdit[] {
  const lines = lineMapOf(text);
  const sorted = toOffsets(lines, edits);
  const out: { start: number; end: number; newText: string }[] = [];
  for (const e of sorted) {
    const last = out[out.length - 1];
    if (last && e.start <= last.end) {
      if (e.start < last.end) throw new Error(`Overlapping edits at offsets ${last.start}-${last.end} and ${e.start}-${e.end}`);
      last.newText += e.newText;
      last.end = e.end;
    } else {
      out.push({ start: e.start, end: e.end, newText: e.newText });
    }
  }
  return out.map((e) => ({ range: lines.range(e.start, e.end), newText: e.newText }));
}
