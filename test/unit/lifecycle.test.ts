// The review lifecycle: a report moves draft → in-review → approved → published by its status
// field; forward moves past draft are refused, with reasons a person can act on, while errors
// remain, and an approved report has an owner for every action.
import assert from 'node:assert/strict';
import { analyze } from '../../server/src/core/analyze';
import { defaultConfig, mergeConfig } from '../../server/src/core/config';
import { applyEdits } from '../../server/src/core/edits';
import { moveReviewStatus, nextReviewStatus, reviewStatusOf } from '../../server/src/core/lifecycle';

const TODAY = '2026-11-26';
const config = mergeConfig(defaultConfig(), { roster: [{ handle: 'sam', source: 'workspace' }, { handle: 'kim', source: 'workspace' }] });
const run = (text: string) => analyze(text, { uri: 'file:///w/reviews/r.md', relativePath: 'reviews/r.md', config, today: TODAY });

function report(status: string | undefined, actions: string): string {
  return [
    '---',
    'type: after-action-report',
    'title: Release 2.5',
    ...(status === undefined ? [] : [`status: ${status}`]),
    'delivery_owner: "@sam"',
    '---',
    '# Release 2.5',
    '',
    '## Summary',
    '',
    'The release went out a day late.',
    '',
    '## Outcomes',
    '',
    '- Checkout worked throughout.',
    '',
    '## Improvements',
    '',
    '- The freeze started too late.',
    '',
    '## Actions',
    '',
    actions,
    '',
  ].join('\n');
}

const OWNED = '- [ ] Start the freeze two days earlier @kim due:2026-12-10';
const UNOWNED = '- [ ] Start the freeze two days earlier due:2026-12-10';

/** Moves and applies the edit; the new text's status. */
function moved(text: string, to?: Parameters<typeof moveReviewStatus>[1]) {
  const move = moveReviewStatus(run(text), to);
  assert.ok(move.moved, `refused: ${'reasons' in move ? move.reasons.join('; ') : ''}`);
  const after = applyEdits(text, move.edits);
  return { after, status: reviewStatusOf(run(after)), move };
}

describe('review lifecycle', () => {
  it('moves a clean report along one status at a time, writing only the status value', () => {
    let text = report('draft', OWNED);
    for (const expected of ['in-review', 'approved', 'published'] as const) {
      const { after, status } = moved(text);
      assert.equal(status, expected);
      // Everything but the status line is as it was.
      assert.deepEqual(after.split('\n').filter((l) => !l.startsWith('status:')), text.split('\n').filter((l) => !l.startsWith('status:')));
      text = after;
    }
    const done = moveReviewStatus(run(text));
    assert.equal(done.moved, false);
    assert.match((done as { reasons: string[] }).reasons[0], /already published/);
  });

  it('refuses to move past draft while an error remains, saying which and where', () => {
    const text = report('draft', UNOWNED);
    const move = moveReviewStatus(run(text));
    assert.equal(move.moved, false);
    assert.equal(move.to, 'in-review');
    const reasons = (move as { reasons: string[] }).reasons;
    const actionLine = text.split('\n').indexOf(UNOWNED) + 1;
    assert.ok(reasons.some((r) => r.startsWith(`line ${actionLine}:`) && /owner/i.test(r)), reasons.join('\n'));
    // Back to draft is always allowed, errors or not.
    const back = moveReviewStatus(run(report('in-review', UNOWNED)), 'draft');
    assert.equal(back.moved, true);
  });

  it('will not approve a report with an unowned action even when the team made that rule a warning', () => {
    const lenient = mergeConfig(config, { severities: { 'action-missing-owner': 'warning' } });
    const text = report('in-review', UNOWNED);
    const analysis = analyze(text, { uri: 'file:///w/reviews/r.md', relativePath: 'reviews/r.md', config: lenient, today: TODAY });
    assert.equal(analysis.findings.filter((f) => f.severity === 'error').length, 0, 'no errors: only the approval check stands in the way');
    const move = moveReviewStatus(analysis);
    assert.equal(move.moved, false);
    assert.match((move as { reasons: string[] }).reasons.join('\n'), /"Start the freeze two days earlier[^"]*" has no owner; an approved report/);
    // A cancelled action needs nobody.
    const cancelled = report('in-review', '- [ ] ~~Start the freeze two days earlier~~ (cancelled) due:2026-12-10');
    const ok = moveReviewStatus(analyze(cancelled, { uri: 'file:///w/reviews/r.md', relativePath: 'reviews/r.md', config: lenient, today: TODAY }));
    assert.equal(ok.moved, true, JSON.stringify(ok));
  });

  it('adds the status to front matter that has none, and to a report with no front matter', () => {
    const none = report(undefined, OWNED);
    assert.equal(reviewStatusOf(run(none)), undefined);
    assert.equal(nextReviewStatus(undefined), 'draft');
    assert.equal(moved(none).status, 'draft');
    const bare = [
      '# Release 2.5 review',
      '',
      '**Status:** draft',
      '**Delivery Owner:** @sam',
      '',
      '## Summary',
      '',
      'It went out.',
      '',
      '## Outcomes',
      '',
      '- Checkout worked.',
      '',
      '## Improvements',
      '',
      '- The freeze started too late.',
      '',
      '## Actions',
      '',
      '- [ ] Start the freeze two days earlier @kim due:2026-12-10',
      '',
    ].join('\n');
    const inline = moved(bare, 'in-review');
    assert.match(inline.after, /\*\*Status:\*\* in-review/);
  });

  it('lists at most eight reasons and counts the rest', () => {
    const many = Array.from({ length: 12 }, (_, i) => `- [ ] Fix flaky test number ${i + 1} due:2026-12-10`).join('\n');
    const move = moveReviewStatus(run(report('draft', many)));
    const reasons = (move as { reasons: string[] }).reasons;
    assert.equal(reasons.length, 9);
    assert.match(reasons[8], /^and \d+ more problems\.$/);
  });
});
