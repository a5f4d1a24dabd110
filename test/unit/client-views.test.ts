// What the sidebar rows say, tested on plain Node: due dates in words, grouping, row texts.
import assert from 'node:assert/strict';
import { actionDescription } from '../../client/src/views/actionRows';
import { dueInWords } from '../../client/src/views/dueWords';
import { dueBucket, groupActions } from '../../server/src/actionGroups';
import { reportDescription } from '../../client/src/views/reportRows';
import type { OpenAction, ReportInfo } from '../../server/src/protocol';

const TODAY = '2026-11-26';

function action(text: string, fields: Partial<OpenAction> = {}): OpenAction {
  return {
    uri: 'file:///w/after-action-reports/a.md',
    report: 'Release 2.4',
    text,
    collaborators: [],
    overdue: !!fields.due && fields.due < TODAY,
    status: 'open',
    range: { start: { line: 10, character: 0 }, end: { line: 10, character: 40 } },
    ...fields,
  };
}

describe('due dates in words', () => {
  const cases: [string | undefined, string][] = [
    [undefined, 'no due date'],
    ['2026-11-26', 'due today'],
    ['2026-11-27', 'due tomorrow'],
    ['2026-11-29', 'due in 3 days'],
    ['2026-12-09', 'due in 13 days'],
    ['2026-12-17', 'due in 3 weeks'],
    ['2027-03-15', 'due in 4 months'],
    ['2026-11-25', '1 day overdue'],
    ['2026-11-24', '2 days overdue'],
    ['2026-10-01', '8 weeks overdue'],
    ['2024-11-26', '2 years overdue'],
  ];
  for (const [due, words] of cases) {
    it(`${due ?? 'none'} → "${words}"`, () => assert.equal(dueInWords(due, TODAY), words));
  }

  it('counts calendar days across a month and a year end', () => {
    assert.equal(dueInWords('2027-01-02', '2026-12-31'), 'due in 2 days');
    assert.equal(dueInWords('2026-02-28', '2026-03-01'), '1 day overdue');
  });

  it('puts each date in its bucket', () => {
    assert.equal(dueBucket('2026-11-25', TODAY), 'overdue');
    assert.equal(dueBucket('2026-12-03', TODAY), 'this-week');
    assert.equal(dueBucket('2026-12-04', TODAY), 'later');
    assert.equal(dueBucket(undefined, TODAY), 'none');
  });
});

describe('grouping open actions', () => {
  const actions = [
    action('Add a canary stage', { owner: '@sam', due: '2026-12-20' }),
    action('Write the runbook', { owner: '@Sam', due: '2026-11-20' }),
    action('Page the on-call', { due: '2026-11-28' }),
    action('Rotate keys', { owner: 'Kim Park', uri: 'file:///w/after-action-reports/b.md', report: 'Search outage' }),
    action('Agree the ledger contract', { owner: 'Priya Raman', ownerPerson: { handle: 'priya', name: 'Priya Raman' } }),
    action('Alert on saturation', { owner: '@priya', ownerPerson: { handle: 'priya', name: 'Priya Raman' }, due: '2026-12-01' }),
  ];

  it('by owner: unowned first, then people by name (with or without @), one group per roster person however the owner is written, earliest due first', () => {
    const groups = groupActions(actions, 'owner', TODAY);
    assert.deepEqual(
      groups.map((g) => [g.label, g.actions.map((a) => a.text), g.overdue]),
      [
        ['Unowned', ['Page the on-call'], 0],
        ['Kim Park', ['Rotate keys'], 0],
        ['@priya (Priya Raman)', ['Alert on saturation', 'Agree the ledger contract'], 0],
        // Labelled as the group's first action writes the owner.
        ['@Sam', ['Write the runbook', 'Add a canary stage'], 1],
      ],
    );
  });

  it('by report: one group per report', () => {
    assert.deepEqual(
      groupActions(actions, 'report', TODAY).map((g) => [g.label, g.actions.length]),
      [
        ['Release 2.4', 5],
        ['Search outage', 1],
      ],
    );
  });

  it('by due date: overdue, this week, later, none, in that order', () => {
    assert.deepEqual(
      groupActions(actions, 'due', TODAY).map((g) => [g.label, g.actions.map((a) => a.text)]),
      [
        ['Overdue', ['Write the runbook']],
        ['Due within 7 days', ['Page the on-call', 'Alert on saturation']],
        ['Due later', ['Add a canary stage']],
        ['No due date', ['Agree the ledger contract', 'Rotate keys']],
      ],
    );
  });

  it("a row says what its group does not: owner, due in words, status and report", () => {
    const blocked = action('Move the DNS', { owner: '@kim', due: '2026-11-24', status: 'blocked' });
    assert.equal(actionDescription(blocked, 'owner', TODAY), '2 days overdue · blocked · Release 2.4');
    assert.equal(actionDescription(blocked, 'report', TODAY), '@kim · 2 days overdue · blocked');
    assert.equal(actionDescription(action('Page the on-call'), 'due', TODAY), 'unowned · no due date · Release 2.4');
  });
});

describe('a row of the Reviews view', () => {
  const report = (fields: Partial<ReportInfo>): ReportInfo => ({
    uri: 'file:///w/r.md',
    report: 'R',
    problems: { error: 0, warning: 0, info: 0, hint: 0 },
    actions: { total: 0, open: 0, overdue: 0, unowned: 0 },
    ...fields,
  });

  it('says status, problems and open actions', () => {
    assert.equal(
      reportDescription(report({ status: 'draft', problems: { error: 2, warning: 1, info: 3, hint: 0 }, actions: { total: 5, open: 3, overdue: 1, unowned: 2 } })),
      'draft · 2 errors, 1 warning, 3 info · 3 open actions (1 overdue)',
    );
    assert.equal(reportDescription(report({ status: 'published', actions: { total: 2, open: 0, overdue: 0, unowned: 0 } })), 'published · no problems');
    assert.equal(reportDescription(report({ actions: { total: 1, open: 1, overdue: 0, unowned: 0 } })), 'no status · no problems · 1 open action');
  });
});
