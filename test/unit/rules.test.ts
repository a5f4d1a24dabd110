// Rule behaviour the fixtures do not pin down: severities, disable comments, status tightening,
// placeholder owners, rosters, wording, dates.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { analyze } from '../../server/src/core/analyze';
import { defaultConfig, mergeConfig, type ConfigLayer } from '../../server/src/core/config';
import { ruleById, ruleDocsUrl, rules } from '../../server/src/core/rules';
import type { Finding } from '../../server/src/core/types';

const TODAY = '2026-11-26';
const SECTIONS = '## Summary\nS.\n## Outcomes\n- o\n## Improvements\n- IMP-1: i\n';

function run(text: string, layer?: ConfigLayer, today = TODAY): Finding[] {
  const config = mergeConfig(defaultConfig(), layer);
  return analyze(text, { uri: 'file:///w/reviews/r.md', relativePath: 'reviews/r.md', config, today }).findings;
}

/** A complete report around the given action lines, so only what the test is about shows up. */
function report(actions: string, frontMatter = 'delivery_owner: "@dana"'): string {
  return `---\n${frontMatter}\n---\n# R\n${SECTIONS}## Actions\n${actions}\n`;
}

const of = (findings: Finding[], id: string) => findings.filter((f) => f.ruleId === id);
/** The text each finding covers (single-line ranges). */
function covered(text: string, findings: Finding[]): string[] {
  const lines = text.split('\n');
  return findings.map((f) => lines[f.range.start.line].slice(f.range.start.character, f.range.end.character));
}

describe('rule registry', () => {
  it('lists the rules in the order of the format page, each with a docs page', () => {
    assert.deepEqual(
      rules.map((r) => r.id),
      ['missing-section', 'empty-section', 'action-missing-owner', 'unknown-owner', 'missing-delivery-owner', 'invalid-due-date',
        'overdue-action', 'improvement-without-action', 'duplicate-action', 'front-matter', 'vague-action', 'blame-language'],
    );
    for (const r of rules) assert.ok(existsSync(join(__dirname, '..', '..', ruleDocsUrl(r.id))), `docs page for ${r.id}`);
    assert.equal(ruleById('vague-action')?.defaultSeverity, 'hint');
    assert.equal(ruleDocsUrl('duplicate-action', 'https://example.com/docs/rules/'), 'https://example.com/docs/rules/duplicate-action.md');
  });

  it('keeps the rules tables of the docs index and the README in step with the rules', () => {
    const root = join(__dirname, '..', '..');
    for (const file of ['docs/rules/README.md', 'README.md']) {
      const run = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/rules-table.ts', '--check', file], { cwd: root, encoding: 'utf8' });
      assert.equal(run.status, 0, run.stderr);
    }
  });
});

describe('severities and switching rules off', () => {
  const noSections = '---\ndelivery_owner: "@dana"\n---\n# Notes\nText.\n';

  it('missing-section: error, but a warning for the summary', () => {
    const found = of(run(noSections), 'missing-section').map((f) => [f.data?.kind, f.severity]);
    assert.deepEqual(found, [['summary', 'warning'], ['outcomes', 'error'], ['improvements', 'error'], ['actions', 'error']]);
  });

  it('missing-section: a configured severity applies to every kind, and off silences it', () => {
    assert.deepEqual([...new Set(of(run(noSections, { severities: { 'missing-section': 'info' } }), 'missing-section').map((f) => f.severity))], ['info']);
    assert.deepEqual(of(run(noSections, { severities: { 'missing-section': 'off' } }), 'missing-section'), []);
  });

  it('a configured severity replaces the default, and off removes the rule', () => {
    const text = report('- [ ] Be more careful @dana');
    assert.equal(of(run(text), 'vague-action')[0].severity, 'hint');
    assert.equal(of(run(text, { severities: { 'vague-action': 'warning' } }), 'vague-action')[0].severity, 'warning');
    assert.deepEqual(of(run(text, { severities: { 'vague-action': 'off' } }), 'vague-action'), []);
  });

  it('an approved or published report with an unowned action is an error whatever the setting', () => {
    for (const status of ['approved', 'published']) {
      const text = report('- [ ] Write the runbook', `status: ${status}\ndelivery_owner: "@dana"`);
      for (const setting of ['warning', 'off'] as const) {
        const found = of(run(text, { severities: { 'action-missing-owner': setting } }), 'action-missing-owner');
        assert.deepEqual(found.map((f) => f.severity), ['error'], `${status}, ${setting}`);
      }
    }
    const draft = report('- [ ] Write the runbook', 'status: draft\ndelivery_owner: "@dana"');
    assert.deepEqual(of(run(draft, { severities: { 'action-missing-owner': 'warning' } }), 'action-missing-owner').map((f) => f.severity), ['warning']);
  });
});

describe('disable comments', () => {
  const unowned = (lines: string[]) => of(run(report(lines.join('\n'))), 'action-missing-owner').map((f) => f.message.match(/"([^"]+)"/)![1]);

  it('next line, this line, a block and the whole file', () => {
    assert.deepEqual(unowned(['<!-- aar-disable-next-line action-missing-owner -->', '- [ ] a1', '- [ ] a2']), ['a2']);
    assert.deepEqual(unowned(['- [ ] b1 <!-- aar-disable-line action-missing-owner -->', '- [ ] b2']), ['b2']);
    assert.deepEqual(unowned(['- [ ] c1', '<!-- aar-disable action-missing-owner -->', '- [ ] c2', '- [ ] c3', '<!-- aar-enable action-missing-owner -->', '- [ ] c4']), ['c1', 'c4']);
    assert.deepEqual(unowned(['<!-- aar-disable-file action-missing-owner -->', '- [ ] d1']), []);
  });

  it('a directive names rules: other rules on that line still report', () => {
    const found = run(report('<!-- aar-disable-next-line vague-action -->\n- [ ] Be careful'));
    assert.deepEqual(found.filter((f) => f.range.start.line === 12).map((f) => f.ruleId), ['action-missing-owner']);
  });
});

describe('action-missing-owner', () => {
  it('treats TBD, ?, -, n/a and an empty cell as no owner, pointing at the placeholder', () => {
    const text = report(['- [ ] Rotate keys owner: TBD', '- [ ] Email the vendor owner: ?', '- [ ] Renew cert owner: n/a', '- [ ] Patch hosts owner: -'].join('\n'));
    const found = of(run(text), 'action-missing-owner');
    assert.deepEqual(covered(text, found), ['TBD', '?', 'n/a', '-']);
    assert.match(found[0].message, /"Rotate keys" has no owner \("TBD" is not a person\)/);
    assert.deepEqual(found.map((f) => f.data?.actionIndex), [0, 1, 2, 3]);

    const table = report(['| Action | Owner |', '|---|---|', '| Pin deps | - |', '| Tidy docs |  |', '| Ship it | @sam |'].join('\n'));
    assert.deepEqual(covered(table, of(run(table), 'action-missing-owner')), ['-', 'Tidy docs']);
  });

  it('does not ask an owner for a cancelled action', () => {
    assert.deepEqual(of(run(report('- [ ] ~~Drop the old cluster~~')), 'action-missing-owner'), []);
  });
});

describe('unknown-owner', () => {
  const actions = '- [ ] Add canary @sam\n- [ ] Pin deps @kimp';

  it('is silent without a roster, even with a Delivery Owner', () => {
    assert.deepEqual(of(run(report(actions)), 'unknown-owner'), []);
  });

  it('checks owners against the report team and suggests the closest members', () => {
    const text = report(actions, 'delivery_owner: "@dana"\nteam: ["@sam", "Kim Park <kim@example.com>"]');
    const found = of(run(text), 'unknown-owner');
    assert.deepEqual(covered(text, found), ['@kimp']);
    assert.match(found[0].message, /"kimp" is not on the team roster\. Did you mean Kim Park\?/);
    assert.equal(found[0].data?.actionIndex, 1);
  });

  it('asks "did you mean" only of a near miss', () => {
    const text = report('- [ ] Pin deps @alex\n- [ ] Add canary @tomm', 'team: ["@sam", "@tom"]');
    const [alex, tomm] = of(run(text), 'unknown-owner');
    assert.equal(alex.message, 'Owner "alex" is not on the team roster.');
    assert.equal(tomm.message, 'Owner "tomm" is not on the team roster. Did you mean @tom?');
  });

  it('suggests the nearest member within a slip, the first on the roster of two as near, and offers the nearest three as fixes', () => {
    const text = report('- [ ] Pin deps @tam\n- [ ] Add canary @samantha', 'team: ["@kim", "@tim", "@tom", "@sam"]');
    const [tam, samantha] = of(run(text), 'unknown-owner');
    assert.equal(tam.message, 'Owner "tam" is not on the team roster. Did you mean @tim?');
    assert.deepEqual(
      tam.fixes.slice(0, 3).map((f) => f.title),
      ['Change owner to @tim', 'Change owner to @tom', 'Change owner to @sam'],
    );
    // Five letters off @sam is no slip, though @sam is the nearest.
    assert.equal(samantha.message, 'Owner "samantha" is not on the team roster.');
    assert.ok(samantha.fixes[0].title.startsWith('Change owner to @sam'));
  });

  it('checks owners against the workspace roster', () => {
    const found = of(run(report(actions), { roster: [{ handle: 'sam', source: 'workspace' }] }), 'unknown-owner');
    assert.deepEqual(found.map((f) => f.data?.actionIndex), [1]);
  });
});

describe('missing-delivery-owner', () => {
  it('counts a placeholder as missing and points at it', () => {
    const text = report('- [ ] x @sam', 'delivery_owner: TBD');
    assert.deepEqual(covered(text, of(run(text), 'missing-delivery-owner')), ['TBD']);
    assert.equal(of(run(report('- [ ] x @sam', 'title: T')), 'missing-delivery-owner').length, 1);
    assert.equal(of(run(report('- [ ] x @sam')), 'missing-delivery-owner').length, 0);
  });
});

describe('dates', () => {
  it('says how many days an open action is overdue; done and future ones are not', () => {
    const text = report(
      ['- [ ] One day late @sam due:2026-11-25', '- [ ] Blocked and late @sam due:2026-11-16 status: blocked', '- [ ] Due today @sam due:2026-11-26', '- [x] Done late @sam due:2026-01-01'].join('\n'),
    );
    const found = of(run(text), 'overdue-action');
    assert.deepEqual(found.map((f) => f.data?.daysOverdue), [1, 10]);
    assert.match(found[0].message, /overdue by 1 day \(due 2026-11-25\)/);
    assert.match(found[1].message, /overdue by 10 days/);
    assert.deepEqual(covered(text, found), ['2026-11-25', '2026-11-16']);
  });

  it('reports a due date that does not exist or cannot be read, with the reason', () => {
    const text = report('- [ ] a @sam due:2026-02-30\n- [ ] b @sam due:tomorrow');
    const found = of(run(text), 'invalid-due-date');
    assert.deepEqual(covered(text, found), ['2026-02-30', 'tomorrow']);
    assert.match(found[0].message, /2026-02-30 is not a real date/);
    assert.equal(of(run(text), 'overdue-action').length, 0);
  });
});

describe('vague-action', () => {
  const vague = ['Be more careful', 'Improve monitoring', 'Look into it', 'Better communication between teams', 'Keep an eye on the DB', 'More testing', 'Try to be aware', 'Consider it'];
  const concrete = [
    'Add alert when p99 latency > 500ms',
    'Look into the flaky checkout integration test',
    'Improve monitoring of the payment gateway timeouts',
    'Consider adding retries to the export client',
    'Write the rollback runbook',
    'Improve monitoring: alert on INC-42 style queue growth',
  ];

  it('flags actions that are mostly a vague phrase and leaves concrete ones alone', () => {
    const text = report([...vague, ...concrete].map((t) => `- [ ] ${t} @sam`).join('\n'));
    const found = of(run(text), 'vague-action');
    assert.deepEqual(found.map((f) => f.data?.actionIndex), vague.map((_, i) => i));
  });
});

describe('blame-language', () => {
  it('points at each blaming phrase in the body', () => {
    const phrases = ['human error', "Sam's fault", 'fault of', 'should have known', 'careless', 'negligence', 'screwed up', 'blamed', 'incompetent', 'dropped the ball', 'at fault'];
    const text = report('- [ ] x @sam') + phrases.map((p) => `\nIt was ${p} here.`).join('\n');
    assert.deepEqual(covered(text, of(run(text), 'blame-language')), phrases);
  });

  it('reads prose wherever it stands (headings, tables, link text), and not link targets or indented code', () => {
    const text =
      report('- [ ] x @sam') +
      '\n### Not human error after all\n\n| Cause | Note |\n| --- | --- |\n| deploy | it was careless |\n\nSee [the blamed commit](https://example.com/human-error/blame).\n\n    indented code: human error\n\n![Someone dropped the ball](https://example.com/negligence.png)\n';
    assert.deepEqual(covered(text, of(run(text), 'blame-language')), ['human error', 'careless', 'blamed', 'dropped the ball']);
  });

  it('ignores blameless wording, code, comments and front matter', () => {
    const text = report('- [ ] x @sam', 'delivery_owner: "@dana"\nnote: human error') +
      '\nA blameless review.\n\n```\nhuman error\n```\n\nSee `human error` and <!-- careless -->.\n<!--\nblame\n-->\n';
    assert.deepEqual(of(run(text), 'blame-language'), []);
  });
});

describe('improvement-without-action and duplicate-action', () => {
  it('counts an id reference, or two shared words for an improvement without id', () => {
    const text = '---\ndelivery_owner: "@dana"\n---\n# R\n## Summary\nS.\n## Outcomes\n- o\n## Improvements\n' +
      '- IMP-1: Alerts fire too late\n- IMP-2: Alerts are noisy\n- The staging database is too small\n- Runbooks are out of date\n' +
      '## Actions\n- [ ] Tune alert thresholds @sam (IMP-1)\n- [ ] Grow the staging databases to production size @sam\n- [ ] Review the runbooks @sam\n';
    const found = of(run(text), 'improvement-without-action');
    assert.deepEqual(found.map((f) => f.message.match(/"([^"]+)"/)![1]), ['IMP-2: Alerts are noisy', 'Runbooks are out of date']);
  });

  it('flags later copies of an action, naming the first one\'s line', () => {
    const text = report('- [ ] Add a smoke test @sam\n- [ ] add a SMOKE   test. @kim\n- [x] Add a smoke-test @dana');
    const found = of(run(text), 'duplicate-action');
    assert.deepEqual(found.map((f) => f.data?.actionIndex), [1, 2]);
    assert.match(found[0].message, /repeats the action on line 12/);
  });
});

describe('front-matter', () => {
  it('reports known keys of the wrong type at their value', () => {
    const fm = ['delivery_owner: "@dana"', 'date: 21/11/2026', 'status: done', 'trigger: outage', 'team: {lead: sam}', 'title: [a, b]', 'zone: beta', 'custom: [1, 2]'].join('\n');
    const text = report('- [ ] x @sam', fm);
    const found = of(run(text), 'front-matter');
    assert.deepEqual(covered(text, found), ['21/11/2026', 'done', 'outage', '{lead: sam}', '[a, b]']);
    assert.match(found[1].message, /status "done" is not one of draft, in-review, approved, published/);
  });

  it('accepts the team\'s own triggers', () => {
    assert.deepEqual(of(run(report('- [ ] x @sam', 'trigger: outage'), { triggers: ['outage'] }), 'front-matter'), []);
  });
});
