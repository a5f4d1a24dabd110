// What every analysis must satisfy whatever the text: findings inside the document, and fixes
// whose edits apply and make their finding go. Shared by the hostile-input and peer-corpus tests.
import assert from 'node:assert/strict';
import { applyEdits } from '../../../server/src/core/edits';
import type { Analysis, Finding, Position, Range } from '../../../server/src/core/types';

/** Line lengths without their line breaks (`\r\n`, `\n`): the positions a range may take. */
function lineLengths(text: string): number[] {
  return text.split('\n').map((line) => (line.endsWith('\r') ? line.length - 1 : line.length));
}

function isBefore(a: Position, b: Position): boolean {
  return a.line < b.line || (a.line === b.line && a.character <= b.character);
}

/** Asserts that the range is ordered and that both ends stand inside the text. */
export function assertRangeInside(text: string, range: Range, what: string, lengths = lineLengths(text)): void {
  for (const p of [range.start, range.end]) {
    assert.ok(Number.isInteger(p.line) && Number.isInteger(p.character) && p.line >= 0 && p.character >= 0, `${what}: position ${JSON.stringify(p)}`);
    assert.ok(p.line < lengths.length, `${what}: line ${p.line} past the last line ${lengths.length - 1}`);
    assert.ok(p.character <= lengths[p.line], `${what}: character ${p.character} past the end of line ${p.line} (${lengths[p.line]})`);
  }
  assert.ok(isBefore(range.start, range.end), `${what}: range ends before it starts ${JSON.stringify(range)}`);
}

const key = (f: Finding) => `${f.ruleId}\u0000${f.message}`;

function countOf(findings: Finding[], wanted: string): number {
  return findings.filter((f) => key(f) === wanted).length;
}

export interface SoundnessStats {
  findings: number;
  fixesApplied: number;
}

/**
 * Asserts that `analysis` (of `text`) is sound: every finding's range and every fix's edit lies
 * inside the text; every fix with edits applies (no overlapping edits) and, analysed again with
 * `reanalyse`, the text has one finding fewer with that rule and message. `maxFixes` bounds how
 * many fixes are applied and re-analysed, for texts with thousands of findings.
 */
export function assertSound(text: string, analysis: Analysis, reanalyse: (text: string) => Analysis, label: string, maxFixes = Infinity): SoundnessStats {
  const lengths = lineLengths(text);
  const stats: SoundnessStats = { findings: analysis.findings.length, fixesApplied: 0 };
  for (const finding of analysis.findings) {
    const what = `${label}: ${finding.ruleId} "${finding.message}"`;
    assertRangeInside(text, finding.range, what, lengths);
    for (const fix of finding.fixes) {
      if (!fix.edits.length || stats.fixesApplied >= maxFixes) continue;
      for (const edit of fix.edits) assertRangeInside(text, edit.range, `${what}, fix "${fix.title}"`, lengths);
      let fixed: string;
      try {
        fixed = applyEdits(text, fix.edits);
      } catch (e) {
        assert.fail(`${what}: fix "${fix.title}" does not apply: ${(e as Error).message}`);
      }
      const after = reanalyse(fixed);
      const fixedLengths = lineLengths(fixed);
      for (const f of after.findings) assertRangeInside(fixed, f.range, `${what}, after fix "${fix.title}": ${f.ruleId}`, fixedLengths);
      const wanted = key(finding);
      assert.ok(
        countOf(after.findings, wanted) < countOf(analysis.findings, wanted),
        `${what}: still there after fix "${fix.title}".\nBefore:\n${text}\nAfter:\n${fixed}`,
      );
      stats.fixesApplied++;
    }
  }
  return stats;
}
