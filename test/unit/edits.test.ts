// Edits as data: positions over UTF-16 text with either line ending, applying edits without losing
// text, and the one edit list fix-all makes from many findings.
import assert from 'node:assert/strict';
import { analyze } from '../../server/src/core/analyze';
import { applyEdits, fixAllEdits, joinTouchingEdits, offsetAt, positionAt } from '../../server/src/core/edits';
import type { Finding, Fix, Range, TextEdit } from '../../server/src/core/types';

const at = (line: number, character: number) => ({ line, character });
const span = (l1: number, c1: number, l2: number, c2: number): Range => ({ start: at(l1, c1), end: at(l2, c2) });
const ins = (line: number, character: number, newText: string): TextEdit => ({ range: span(line, character, line, character), newText });

function finding(fixes: Fix[], line = 0): Finding {
  return { ruleId: 'test-rule', severity: 'warning', message: 'm', range: span(line, 0, line, 1), fixes };
}

describe('positions and offsets', () => {
  it('count UTF-16 units and treat \\r\\n as one line break', () => {
    const text = 'a😀b\r\nsecond\r\n';
    assert.equal(offsetAt(text, at(0, 3)), 3, 'the emoji is two units');
    assert.deepEqual(positionAt(text, 3), at(0, 3));
    assert.equal(offsetAt(text, at(1, 0)), 6);
    assert.deepEqual(positionAt(text, 6), at(1, 0));
    assert.deepEqual(positionAt(text, text.length), at(2, 0));
  });

  it('stop a character past the end of a line before its line break', () => {
    const text = 'ab\r\ncd';
    assert.equal(offsetAt(text, at(0, 99)), 2);
    assert.equal(offsetAt(text, at(9, 0)), text.length);
  });
});

describe('applyEdits', () => {
  it('applies edits given in any order', () => {
    const text = 'one two three\nfour\n';
    const out = applyEdits(text, [ins(1, 4, '!'), { range: span(0, 4, 0, 7), newText: 'TWO' }, ins(0, 0, '> ')]);
    assert.equal(out, '> one TWO three\nfour!\n');
  });

  it('applies inserts at one position in the order given, before a replacement starting there', () => {
    const out = applyEdits('abc', [{ range: span(0, 1, 0, 2), newText: 'B' }, ins(0, 1, '1'), ins(0, 1, '2')]);
    assert.equal(out, 'a12Bc');
  });

  it('keeps CRLF line endings it does not touch', () => {
    assert.equal(applyEdits('a\r\nb\r\n', [ins(1, 1, 'c')]), 'a\r\nbc\r\n');
  });

  it('throws on overlapping edits rather than losing text', () => {
    assert.throws(() => applyEdits('abcdef', [{ range: span(0, 0, 0, 3), newText: 'x' }, { range: span(0, 2, 0, 4), newText: 'y' }]), /Overlapping/);
    assert.throws(() => applyEdits('abcdef', [{ range: span(0, 0, 0, 3), newText: 'x' }, ins(0, 1, 'y')]), /Overlapping/);
  });
});

describe('joinTouchingEdits', () => {
  it('joins an insert and a removal that start at one place into one replacement', () => {
    const text = 'Date: x\n# T\n';
    const joined = joinTouchingEdits(text, [{ range: span(0, 0, 1, 0), newText: '' }, ins(0, 0, '---\n---\n')]);
    assert.equal(joined.length, 1);
    assert.equal(applyEdits(text, joined), '---\n---\n# T\n');
  });
});

describe('fixAllEdits', () => {
  const text = 'line zero\nline one\nline two\n';
  const fix = (title: string, edits: TextEdit[], extra: Partial<Fix> = {}): Fix => ({ title, edits, ...extra });

  it('takes the fix marked fixAll, and a lone preferred fix, and nothing else', () => {
    const findings = [
      finding([fix('a', [ins(0, 0, 'A')]), fix('b', [ins(0, 4, 'B')], { fixAll: true })]),
      finding([fix('only', [ins(1, 0, 'C')], { isPreferred: true })], 1),
      finding([fix('one of two', [ins(2, 0, 'D')], { isPreferred: true }), fix('other', [ins(2, 0, 'E')])], 2),
      finding([fix('not preferred', [ins(2, 4, 'F')])], 2),
      finding([fix('Ask…', [], { fixAll: true, command: { command: 'aar.assignOwner', arguments: [] } })], 2),
    ];
    assert.equal(applyEdits(text, fixAllEdits(text, findings)), 'lineB zero\nCline one\nline two\n');
  });

  it('merges inserts at one position in the order of the findings', () => {
    const findings = [
      finding([fix('first', [ins(1, 0, '1\n')], { fixAll: true })]),
      finding([fix('second', [ins(1, 0, '2\n')], { fixAll: true })]),
    ];
    const edits = fixAllEdits(text, findings);
    assert.equal(edits.length, 1, 'one insert, so every host applies them in this order');
    assert.equal(applyEdits(text, edits), 'line zero\n1\n2\nline one\nline two\n');
  });

  it('leaves out a whole fix that overlaps one already taken', () => {
    const findings = [
      finding([fix('rename', [{ range: span(0, 5, 0, 9), newText: 'ZERO' }], { fixAll: true })]),
      finding([fix('two edits, one overlapping', [ins(2, 0, '> '), { range: span(0, 0, 0, 9), newText: 'x' }], { fixAll: true })]),
      finding([fix('touching', [ins(0, 9, '!')], { fixAll: true })]),
    ];
    const out = applyEdits(text, fixAllEdits(text, findings));
    assert.equal(out, 'line ZERO!\nline one\nline two\n', 'the second fix is skipped entirely, not half applied');
  });

  it('accepts an analysis, as the language server holds one', () => {
    const report = '---\ntype: after-action-report\n---\n# R\n\n## Summary\nS.\n\n## Actions\n- [ ] Do it @sam due:2026-12-01\n';
    const analysis = analyze(report, { uri: 'file:///w/notes/r.md', today: '2026-11-26' });
    assert.deepEqual(fixAllEdits(analysis), fixAllEdits(report, analysis.findings));
    const fixed = applyEdits(report, fixAllEdits(analysis));
    const after = analyze(fixed, { uri: 'file:///w/notes/r.md', today: '2026-11-26' });
    assert.deepEqual(after.findings.filter((f) => f.ruleId === 'missing-section'), []);
    assert.deepEqual(
      after.report!.sections.map((s) => s.kind),
      ['summary', 'outcomes', 'improvements', 'actions'],
      'sections added at one place keep their canonical order',
    );
  });
});
