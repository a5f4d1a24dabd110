// Every fix proven the way a user would see it work: apply it to real report text, analyse again,
// and read the new owner, due date, status or section back from the model. Line endings, the BOM
// and every word the team wrote survive.
import assert from 'node:assert/strict';
import { analyze } from '../../server/src/core/analyze';
import { defaultConfig, mergeConfig, type ConfigLayer } from '../../server/src/core/config';
import { applyEdits } from '../../server/src/core/edits';
import {
  actionCodeActions,
  addDeliveryOwnerFixes,
  addDueDateFix,
  addSectionFix,
  countHeadingAsFixes,
  assignOwnerFixes,
  createActionForImprovementFix,
  moveMetadataToFrontMatterFix,
  replaceOwnerFixes,
  setActionStatusFix,
} from '../../server/src/core/fixes';
import type { Analysis, Fix, Report } from '../../server/src/core/types';
import { isPlaceholderOwner } from '../../server/src/core/vocabulary';

const TODAY = '2026-11-26';
const TEAM: ConfigLayer = {
  roster: [
    { handle: 'sam', name: 'Sam Lee', source: 'workspace' },
    { name: 'Kim Park', source: 'workspace' },
  ],
};

function analyse(text: string, layer: ConfigLayer = TEAM): Analysis {
  const config = mergeConfig(defaultConfig(), layer);
  return analyze(text, { uri: 'file:///w/reviews/r.md', relativePath: 'reviews/r.md', config, today: TODAY });
}

function reportOf(text: string, layer?: ConfigLayer): Report {
  const report = analyse(text, layer).report;
  assert.ok(report, 'the text is read as a report');
  return report;
}

const ruleIds = (a: Analysis) => a.findings.map((f) => f.ruleId);
/** Words as a reader sees them; a task's `[x]` is a mark, not a word. */
const wordsOf = (text: string) =>
  (text.replace(/\[[ xX]\]/g, ' ').toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).filter((w) => !isPlaceholderOwner(w));

/**
 * Applies a fix and analyses the result. Asserts what every fix must keep: the BOM, CRLF line
 * endings, and each word as many times as it was written (`replaced` names words the fix exists
 * to replace, such as a status).
 */
function applyFix(text: string, fix: Fix | undefined, options: { layer?: ConfigLayer; replaced?: string[] } = {}) {
  assert.ok(fix, 'a fix is offered');
  assert.ok(fix.edits.length > 0, `"${fix.title}" has edits`);
  const fixed = applyEdits(text, fix.edits);
  if (text.startsWith('\uFEFF')) assert.ok(fixed.startsWith('\uFEFF') && !fixed.slice(1).includes('\uFEFF'), 'the BOM stays first');
  if (text.includes('\r\n')) assert.ok(!/(?<!\r)\n/.test(fixed), `CRLF kept:\n${JSON.stringify(fixed)}`);
  const count = (t: string) => {
    const m = new Map<string, number>();
    for (const w of wordsOf(t)) m.set(w, (m.get(w) ?? 0) + 1);
    return m;
  };
  const after = count(fixed);
  for (const [w, n] of count(text)) {
    if (options.replaced?.includes(w)) continue;
    assert.ok((after.get(w) ?? 0) >= n, `"${w}" was written ${n} times, ${after.get(w) ?? 0} after "${fix.title}":\n${fixed}`);
  }
  const analysis = analyse(fixed, options.layer);
  assert.ok(analysis.report, 'still a report');
  return { text: fixed, analysis, report: analysis.report };
}

/** LF, CRLF, and CRLF with a BOM: the same report three ways. */
function variants(text: string): [string, string][] {
  return [
    ['LF', text],
    ['CRLF', text.replace(/\n/g, '\r\n')],
    ['BOM+CRLF', '\uFEFF' + text.replace(/\n/g, '\r\n')],
  ];
}

const lineOf = (text: string, n: number) => text.split(/\r?\n/)[n];

const HEAD = '---\ntitle: Release 2.4\ndate: 2026-11-20\ndelivery_owner: "@sam"\n---\n# Release 2.4\n\n## Summary\nS.\n\n## Outcomes\n- O.\n\n## Improvements\n- IMP-1: Smoke tests were missing\n\n## Actions\n';

describe('assignOwnerFixes', () => {
  for (const [name, text] of variants(`${HEAD}- [ ] Add a smoke-test stage (IMP-1)  \n- [ ] Other task @sam\n`)) {
    it(`adds @handle to a task item and the finding goes (${name})`, () => {
      const report = reportOf(text);
      const fixes = assignOwnerFixes(report, report.actions[0]);
      assert.deepEqual(
        fixes.map((f) => f.title),
        ['Assign to @sam (Sam Lee)', 'Assign to Kim Park', 'Assign owner…'],
      );
      const { analysis, text: fixed } = applyFix(text, fixes[0]);
      assert.equal(analysis.report!.actions[0].owner?.value, 'sam');
      assert.ok(!ruleIds(analysis).includes('action-missing-owner'));
      assert.equal(lineOf(fixed, 17), '- [ ] Add a smoke-test stage (IMP-1) @sam  ', 'before the trailing spaces');
    });
  }

  it('writes a person without a handle as `owner: Name`, which reads back as the owner', () => {
    const text = `${HEAD}- [ ] Add a smoke-test stage (IMP-1)\n`;
    const report = reportOf(text);
    const { analysis } = applyFix(text, assignOwnerFixes(report, report.actions[0])[1]);
    assert.equal(analysis.report!.actions[0].owner?.value, 'Kim Park');
    assert.equal(analysis.report!.actions[0].text, 'Add a smoke-test stage');
  });

  it('replaces a placeholder owner, `owner: TBD` and `@TBD` alike', () => {
    const text = `${HEAD}- [ ] Add a smoke-test stage owner: TBD (IMP-1)\n- [ ] Page the on-call @TBD due:2026-12-01\n`;
    const report = reportOf(text);
    const first = applyFix(text, assignOwnerFixes(report, report.actions[0])[0]);
    assert.equal(lineOf(first.text, 17), '- [ ] Add a smoke-test stage owner: @sam (IMP-1)');
    assert.equal(first.report.actions[0].owner?.value, 'sam');
    const second = applyFix(text, assignOwnerFixes(report, report.actions[1])[1]);
    assert.equal(second.report.actions[1].owner?.value, 'Kim Park');
    assert.equal(second.report.actions[1].due?.iso, '2026-12-01');
  });

  it('puts the Delivery Owner first, and prefers the only person of a one-person roster', () => {
    const text = `${HEAD.replace('delivery_owner: "@sam"\n', '')}- [ ] Add a smoke-test stage\n`;
    const two = reportOf(text, { roster: [{ handle: 'sam', source: 'workspace' }, { handle: 'dana', source: 'workspace', deliveryOwner: true }] });
    const fixes = assignOwnerFixes(two, two.actions[0]);
    assert.deepEqual(fixes.map((f) => f.title), ['Assign to @dana', 'Assign to @sam', 'Assign owner…']);
    assert.ok(fixes.every((f) => !f.isPreferred), 'with a choice of people nothing is preferred');
    const one = reportOf(text, { roster: [{ handle: 'sam', source: 'workspace' }] });
    assert.equal(assignOwnerFixes(one, one.actions[0])[0].isPreferred, true);
  });

  it('ends with a command that asks for anyone, pointing at the action', () => {
    const text = `${HEAD}- [ ] Add a smoke-test stage\n`;
    const report = reportOf(text);
    const ask = assignOwnerFixes(report, report.actions[0]).pop()!;
    assert.equal(ask.title, 'Assign owner…');
    assert.deepEqual(ask.edits, []);
    assert.equal(ask.command?.command, 'aar.assignOwner');
    assert.deepEqual(ask.command?.arguments, [
      { uri: 'file:///w/reviews/r.md', actionIndex: 0, line: 17, insertAt: report.actions[0].ownerInsertAt },
    ]);
  });

  describe('in a table with an owner column', () => {
    const table = `${HEAD}| Action | Owner | Due |\n|--------|-------|-----|\n| Add smoke tests (IMP-1) | TBD   | 2026-12-05 |\n| Page on disk full | | 2026-12-09 |\n`;
    for (const [name, text] of variants(table)) {
      it(`fills the owner cell and keeps the row's width and cells (${name})`, () => {
        const report = reportOf(text);
        const { report: after, text: fixed } = applyFix(text, assignOwnerFixes(report, report.actions[0])[0]);
        assert.equal(lineOf(fixed, 19), '| Add smoke tests (IMP-1) | @sam  | 2026-12-05 |');
        assert.equal(after.actions.length, 2, 'still a table of two actions');
        assert.equal(after.actions[0].owner?.value, 'sam');
        assert.equal(after.actions[0].due?.iso, '2026-12-05');
        assert.equal(after.actions[0].text, 'Add smoke tests');
      });
    }

    it('writes into an empty owner cell', () => {
      const report = reportOf(table);
      const { report: after, text: fixed } = applyFix(table, assignOwnerFixes(report, report.actions[1])[1]);
      assert.equal(lineOf(fixed, 20), '| Page on disk full | Kim Park | 2026-12-09 |');
      assert.equal(after.actions[1].owner?.value, 'Kim Park');
      assert.equal(after.actions[1].due?.iso, '2026-12-09');
    });
  });

  for (const [name, text] of variants(`${HEAD}| Action | Due |\n| --- | --- |\n| Add smoke tests (IMP-1) | 2026-12-05 |\n| Page on disk full |\n`)) {
    it(`adds an Owner column to a table without one, to every row (${name})`, () => {
      const report = reportOf(text);
      const { report: after, text: fixed, analysis } = applyFix(text, assignOwnerFixes(report, report.actions[1])[0]);
      assert.deepEqual(fixed.split(/\r?\n/).slice(17, 21), [
        '| Action | Due | Owner |',
        '| --- | --- | ----- |',
        '| Add smoke tests (IMP-1) | 2026-12-05 |       |',
        '| Page on disk full | | @sam  |',
      ]);
      assert.equal(after.actions.length, 2);
      assert.equal(after.actions[0].owner, undefined);
      assert.equal(after.actions[0].due?.iso, '2026-12-05');
      assert.equal(after.actions[1].owner?.value, 'sam');
      assert.equal(after.actions[1].text, 'Page on disk full');
      assert.equal(analysis.findings.filter((f) => f.ruleId === 'action-missing-owner').length, 1, 'only the other row is unowned');
    });
  }
});

describe('replaceOwnerFixes', () => {
  it('replaces an unknown owner with a roster member, and the warning goes', () => {
    const text = `${HEAD}- [ ] Add a smoke-test stage @smae due:2026-12-05 (IMP-1)\n`;
    const analysis = analyse(text);
    const finding = analysis.findings.find((f) => f.ruleId === 'unknown-owner');
    assert.ok(finding);
    assert.equal(finding.fixes[0].title, 'Change owner to @sam (Sam Lee)');
    const { analysis: after } = applyFix(text, finding.fixes[0], { replaced: ['smae'] });
    assert.equal(after.report!.actions[0].owner?.value, 'sam');
    assert.ok(!ruleIds(after).includes('unknown-owner'));
  });

  it('keeps a bare handle readable as the owner when the candidate has only a name', () => {
    const text = `${HEAD}- [ ] Add a smoke-test stage @kimp\n`;
    const report = reportOf(text);
    const kim = report.roster.find((p) => p.name === 'Kim Park')!;
    const { report: after } = applyFix(text, replaceOwnerFixes(report, report.actions[0], [kim])[0], { replaced: ['kimp'] });
    assert.equal(after.actions[0].owner?.value, 'Kim Park');
  });
});

describe('countHeadingAsFixes', () => {
  const text = '# Review\n\n## Summary\nS.\n\n## Participants\n- @sam\n\n## Wobbles\n- The runbook was stale.\n\n## Timeline\n- 10:00 paged\n\n## Actions\n- [ ] Fix it @sam\n  ### Notes\n';

  it("offers the report's unclassified headings for a missing section, the likeliest first, never its title or its people", () => {
    const report = reportOf(text, {});
    assert.deepEqual(
      countHeadingAsFixes(report, 'outcomes').map((f) => [f.title, f.teamSection]),
      [
        ['Count “Timeline” as the outcomes section, for the whole team (in .aar.yml)', { kind: 'outcomes', heading: 'Timeline' }],
        ['Count “Wobbles” as the outcomes section, for the whole team (in .aar.yml)', { kind: 'outcomes', heading: 'Wobbles' }],
      ],
    );
    assert.deepEqual(countHeadingAsFixes(report, 'improvements').map((f) => f.teamSection?.heading), ['Wobbles', 'Timeline']);
  });

  it('rides on the missing-section finding after the preferred fix, and fix-all never applies it', () => {
    const analysis = analyse(text, {});
    const finding = analysis.findings.find((f) => f.ruleId === 'missing-section' && f.data?.kind === 'improvements')!;
    assert.deepEqual(finding.fixes.map((f) => !!f.teamSection), [false, true, true]);
    assert.equal(finding.fixes[0].isPreferred, true);
    assert.ok(finding.fixes.slice(1).every((f) => !f.edits.length && !f.fixAll && !f.isPreferred));
  });

  it('once the team counts the heading, the section is there', () => {
    assert.ok(!analyse(text, { sectionSynonyms: { improvements: ['Wobbles'], outcomes: ['Timeline'] } }).findings.some((f) => f.ruleId === 'missing-section'));
  });
});

describe('addSectionFix', () => {
  for (const [name, text] of variants('---\ntype: aar\n---\n# Review\n\n## Summary\nS.\n\n## Improvements\n- I.\n\n## Timeline\n- 10:00 paged\n')) {
    it(`adds Actions after Improvements, before a section of the team's own, and Outcomes before Improvements (${name})`, () => {
      const report = reportOf(text, {});
      const actions = addSectionFix(report, 'actions');
      assert.equal(actions.title, 'Add "Actions" section');
      assert.equal(actions.fixAll, true);
      const first = applyFix(text, actions, { layer: {} });
      assert.deepEqual(first.report.sections.map((s) => s.kind), ['summary', 'improvements', 'actions']);
      assert.equal(first.report.sections[2].heading.depth, 2);
      assert.deepEqual(first.text.split(/\r?\n/).slice(9, 17), ['- I.', '', '## Actions', '', first.text.split(/\r?\n/)[13], '', '## Timeline', '- 10:00 paged']);
      assert.match(lineOf(first.text, 13), /^<!-- .* -->$/, 'guidance, not content');
      const missing = first.analysis.findings.filter((f) => f.ruleId === 'missing-section').map((f) => f.data?.kind);
      assert.deepEqual(missing, ['outcomes']);
      assert.equal(first.report.actions.length, 0, 'the template is not read as an action');

      const second = applyFix(first.text, addSectionFix(first.report, 'outcomes'), { layer: {} });
      assert.deepEqual(second.report.sections.map((s) => s.kind), ['summary', 'outcomes', 'improvements', 'actions']);
      assert.ok(!ruleIds(second.analysis).includes('missing-section'));
    });
  }

  it('uses the depth the report uses for its sections', () => {
    const text = '# Review\n\n### Summary\nS.\n';
    const { report } = applyFix(text, addSectionFix(reportOf(text, {}), 'outcomes'), { layer: {} });
    assert.deepEqual(report.sections.map((s) => [s.kind, s.heading.depth]), [['summary', 3], ['outcomes', 3]]);
  });

  it('goes one level below the title when no section is there yet, at the end', () => {
    const text = '# Review\n\nNotes.\n';
    const { report, text: fixed } = applyFix(text, addSectionFix(reportOf(text, {}), 'summary'), { layer: {} });
    assert.equal(report.sections[0].heading.depth, 2);
    assert.ok(fixed.startsWith('# Review\n\nNotes.\n\n## Summary\n\n<!--'));
    assert.ok(fixed.endsWith('-->\n'));
  });

  it('opens a file that starts with its first section, keeping the BOM first', () => {
    const text = '\uFEFF## Actions\n- [ ] Do it @sam\n';
    const { report, text: fixed } = applyFix(text, addSectionFix(reportOf(text, {}), 'summary'), { layer: {} });
    assert.ok(fixed.startsWith('\uFEFF## Summary\n\n<!--'));
    assert.deepEqual(report.sections.map((s) => s.kind), ['summary', 'actions']);
    assert.equal(report.actions[0].owner?.value, 'sam');
  });
});

describe('addDeliveryOwnerFixes', () => {
  for (const [name, text] of variants('---\ntitle: Release 2.4\ndate: 2026-11-20\nstatus: draft\n---\n# Release 2.4\n')) {
    it(`adds delivery_owner after title and date (${name})`, () => {
      const report = reportOf(text);
      const fixes = addDeliveryOwnerFixes(report);
      assert.deepEqual(fixes.map((f) => f.title), ['Set Delivery Owner to @sam (Sam Lee)', 'Set Delivery Owner to Kim Park']);
      const { analysis, text: fixed } = applyFix(text, fixes[0]);
      assert.equal(lineOf(fixed, 3), 'delivery_owner: "@sam"');
      assert.equal(analysis.report!.metadata.deliveryOwner?.value, '@sam');
      assert.equal(analysis.report!.metadata.status?.value, 'draft');
      assert.ok(!ruleIds(analysis).includes('missing-delivery-owner'));
      assert.ok(!ruleIds(analysis).includes('front-matter'));
    });
  }

  it('creates front matter after the BOM when there is none, and the file stays a report', () => {
    const text = '\uFEFF# Release 2.4\r\n\r\n## Summary\r\nS.\r\n';
    const report = reportOf(text);
    const { analysis, text: fixed } = applyFix(text, addDeliveryOwnerFixes(report)[1]);
    assert.ok(fixed.startsWith('\uFEFF---\r\ndelivery_owner: Kim Park\r\n---\r\n# Release 2.4'));
    assert.equal(analysis.report!.metadata.deliveryOwner?.value, 'Kim Park');
    assert.equal(analysis.report!.frontMatter?.errors.length, 0);
  });

  it('replaces a placeholder where it is written, in front matter or an inline line', () => {
    const fm = '---\ndelivery_owner: TBD # ask the lead\ntitle: R\n---\n# R\n';
    const a = applyFix(fm, addDeliveryOwnerFixes(reportOf(fm))[0]);
    assert.equal(lineOf(a.text, 1), 'delivery_owner: "@sam" # ask the lead');
    assert.equal(a.report.metadata.deliveryOwner?.value, '@sam');
    const inline = '# R\n\n**Postmortem Owner:** TBD\n\n## Summary\nS.\n';
    const b = applyFix(inline, addDeliveryOwnerFixes(reportOf(inline))[0]);
    assert.equal(lineOf(b.text, 2), '**Postmortem Owner:** @sam');
    assert.ok(!ruleIds(b.analysis).includes('missing-delivery-owner'));
  });

  it('fills an empty delivery_owner key', () => {
    const text = '---\ntitle: R\ndelivery_owner:\n---\n# R\n';
    const { report, text: fixed } = applyFix(text, addDeliveryOwnerFixes(reportOf(text))[0]);
    assert.equal(lineOf(fixed, 2), 'delivery_owner: "@sam"');
    assert.equal(report.metadata.deliveryOwner?.value, '@sam');
  });

  it('leaves a list of Delivery Owners for the team to settle rather than replace the names', () => {
    const text = '---\ntitle: R\ndelivery_owner: ["@a", "@b"]\n---\n# R\n';
    assert.ok(ruleIds(analyse(text)).includes('missing-delivery-owner'));
    assert.deepEqual(addDeliveryOwnerFixes(reportOf(text)), []);
  });

  it('asks the host when there is nobody to offer', () => {
    const report = reportOf('---\ntitle: R\n---\n# R\n', {});
    assert.deepEqual(addDeliveryOwnerFixes(report), [
      { title: 'Set Delivery Owner…', edits: [], command: { command: 'aar.setDeliveryOwner', arguments: [{ uri: 'file:///w/reviews/r.md' }] } },
    ]);
  });
});

describe('createActionForImprovementFix', () => {
  const improvements = '## Improvements\n- IMP-1: Smoke tests were missing\n- IMP-2: Alerts reached the on-call late\n\n';
  const base = `---\ndelivery_owner: "@sam"\n---\n# R\n\n## Summary\nS.\n\n## Outcomes\n- O.\n\n${improvements}## Actions\n`;

  for (const [name, text] of variants(`${base}- [ ] Add a smoke-test stage @sam (IMP-1)\n\nNotes after the list.\n`)) {
    it(`joins the task list with a task pointing at the improvement, and the info finding goes (${name})`, () => {
      const analysis = analyse(text);
      const finding = analysis.findings.find((f) => f.ruleId === 'improvement-without-action');
      assert.ok(finding);
      assert.equal(finding.fixes[0].title, 'Add an action for IMP-2');
      const { analysis: after, text: fixed } = applyFix(text, finding.fixes[0]);
      assert.equal(lineOf(fixed, 17), '- [ ] Alerts reached the on-call late (IMP-2)');
      const added = after.report!.actions[1];
      assert.equal(added.form, 'task');
      assert.deepEqual(added.improvementRefs.map((r) => r.value), ['IMP-2']);
      assert.ok(!ruleIds(after).includes('improvement-without-action'));
      assert.equal(after.report!.actions.length, 2);
    });
  }

  it('offers no action for an improvement that is only a label and a field: the action would have no words to follow it up by', () => {
    const text = base.replace(improvements, '## Improvements\n- **Owner:** @sam\n\n') + '- [ ] Add a smoke-test stage @sam\n';
    const finding = analyse(text).findings.find((f) => f.ruleId === 'improvement-without-action');
    assert.ok(finding, 'the improvement is still reported');
    assert.deepEqual(finding.fixes, []);
  });

  it('continues a numbered plain list with the next number', () => {
    const text = `${base}1. Add a smoke-test stage @sam (IMP-1)\n`;
    const report = reportOf(text);
    const { report: after, text: fixed } = applyFix(text, createActionForImprovementFix(report, report.improvements[1]));
    assert.equal(lineOf(fixed, 17), '2. Alerts reached the on-call late (IMP-2)');
    assert.equal(after.actions[1].form, 'list');
  });

  it('adds a table row with as many cells as the header', () => {
    const text = `${base}| # | Action | Owner | Due |\n|---|---|---|---|\n| 1 | Add a smoke-test stage (IMP-1) | @sam | 2026-12-05 |\n`;
    const report = reportOf(text);
    const { report: after, text: fixed } = applyFix(text, createActionForImprovementFix(report, report.improvements[1]));
    assert.equal(lineOf(fixed, 19), '| | Alerts reached the on-call late (IMP-2) | | |');
    assert.equal(after.actions.length, 2);
    assert.equal(after.actions[1].text, 'Alerts reached the on-call late');
    assert.equal(after.actions[1].table?.cells.length, 4);
  });

  it('starts a task list in an actions section that holds none', () => {
    const text = `${base}\n## Appendix\nA.\n`;
    const report = reportOf(text);
    const { report: after } = applyFix(text, createActionForImprovementFix(report, report.improvements[0]));
    assert.equal(after.actions.length, 1);
    assert.equal(after.actions[0].text, 'Smoke tests were missing');
    assert.equal(after.sections.find((s) => s.kind === 'actions')?.empty, false);
  });

  it('starts the task list apart from a line of text right below the heading, which would read as more of the action', () => {
    // `Text` over `---` is a heading (setext) that ends the actions section, and the new task, right
    // above it, would have taken the line in as its own words.
    const text = `${base}The release went out a day late.\n---\n`;
    const report = reportOf(text);
    const { analysis: after } = applyFix(text, createActionForImprovementFix(report, report.improvements[1]));
    assert.deepEqual(after.report!.actions.map((a) => a.text), ['Alerts reached the on-call late']);
    assert.ok(!after.findings.some((f) => f.ruleId === 'improvement-without-action' && f.message.includes('IMP-2')), 'the improvement is followed up');
  });

  it('offers nothing when the report has no actions section', () => {
    const report = reportOf(`---\ntype: aar\n---\n# R\n${improvements}`);
    assert.equal(createActionForImprovementFix(report, report.improvements[0]), undefined);
  });
});

describe('addDueDateFix', () => {
  it('adds due:YYYY-MM-DD to a list item, and the date reads back', () => {
    const text = `${HEAD}- [ ] Add a smoke-test stage (IMP-1) @sam\n`;
    const report = reportOf(text);
    const { report: after, text: fixed } = applyFix(text, addDueDateFix(report, report.actions[0], '2026-12-10'));
    assert.equal(lineOf(fixed, 17), '- [ ] Add a smoke-test stage (IMP-1) @sam due:2026-12-10');
    assert.equal(after.actions[0].due?.iso, '2026-12-10');
    assert.equal(after.actions[0].owner?.value, 'sam');
  });

  it('replaces a date that cannot be read, and the error goes', () => {
    const text = `${HEAD}- [ ] Add a smoke-test stage @sam due:2026-02-30\n`;
    const report = reportOf(text);
    const fix = addDueDateFix(report, report.actions[0], '2026-03-02');
    assert.equal(fix.title, 'Change due date to 2026-03-02');
    const { analysis } = applyFix(text, fix, { replaced: ['02', '30'] });
    assert.equal(analysis.report!.actions[0].due?.iso, '2026-03-02');
    assert.ok(!ruleIds(analysis).includes('invalid-due-date'));
  });

  it('fills an empty due cell, or adds a Due column', () => {
    const withColumn = `${HEAD}| Action | Owner | Due |\n|---|---|---|\n| Add smoke tests | @sam |  |\n`;
    const a = reportOf(withColumn);
    const fixedA = applyFix(withColumn, addDueDateFix(a, a.actions[0], '2026-12-10'));
    assert.equal(fixedA.report.actions[0].due?.iso, '2026-12-10');
    assert.equal(fixedA.report.actions[0].owner?.value, 'sam');

    const without = `${HEAD}| Action | Owner |\n|---|---|\n| Add smoke tests | @sam |\n| Page on disk full | Kim Park |\n`;
    const b = reportOf(without);
    const fixedB = applyFix(without, addDueDateFix(b, b.actions[1], '2026-12-10'));
    assert.equal(lineOf(fixedB.text, 17), '| Action | Owner | Due        |');
    assert.deepEqual(fixedB.report.actions.map((x) => [x.owner?.value, x.due?.iso]), [['sam', undefined], ['Kim Park', '2026-12-10']]);
  });
});

describe('setActionStatusFix', () => {
  for (const [name, text] of variants(`${HEAD}- [ ] Add a smoke-test stage @sam\n- Page on disk full @sam\n- [x] Write the runbook @sam\n`)) {
    it(`ticks a task, turns a plain item into a ticked task, and reopens a done one (${name})`, () => {
      const report = reportOf(text);
      const done = applyFix(text, setActionStatusFix(report, report.actions[0], true));
      assert.equal(done.report.actions[0].status, 'done');
      const plain = applyFix(text, setActionStatusFix(report, report.actions[1], true));
      assert.equal(lineOf(plain.text, 18), '- [x] Page on disk full @sam');
      assert.equal(plain.report.actions[1].status, 'done');
      assert.equal(plain.report.actions[1].form, 'task');
      const reopened = applyFix(text, setActionStatusFix(report, report.actions[2], false));
      assert.equal(reopened.report.actions[2].status, 'open');
      assert.equal(setActionStatusFix(report, report.actions[2], true), undefined, 'already done');
    });
  }

  it('brings an inline status along, so that ticking means done', () => {
    const text = `${HEAD}- [ ] Add a smoke-test stage @sam (in progress)\n- [x] Page on disk full @sam status: done\n`;
    const report = reportOf(text);
    const done = applyFix(text, setActionStatusFix(report, report.actions[0], true), { replaced: ['in', 'progress'] });
    assert.equal(done.report.actions[0].status, 'done');
    const reopened = applyFix(text, setActionStatusFix(report, report.actions[1], false), { replaced: ['done'] });
    assert.equal(lineOf(reopened.text, 18), '- [ ] Page on disk full @sam status: open');
    assert.equal(reopened.report.actions[1].status, 'open');
  });

  it('sets a table status cell in the column’s own capitalisation', () => {
    const text = `${HEAD}| Action | Owner | Status |\n|---|---|---|\n| Add smoke tests | @sam | open |\n| Page on disk full | @sam | in progress |\n`;
    const report = reportOf(text);
    const { report: after, text: fixed } = applyFix(text, setActionStatusFix(report, report.actions[1], true), { replaced: ['in', 'progress'] });
    assert.equal(lineOf(fixed, 20), '| Page on disk full | @sam | done        |');
    assert.deepEqual(after.actions.map((a) => a.status), ['open', 'done']);
  });

  it('adds a Status column to a table without one', () => {
    const text = `${HEAD}| Action | Owner |\n|---|---|\n| Add smoke tests | @sam |\n| Page on disk full | @sam |\n`;
    const report = reportOf(text);
    const { report: after } = applyFix(text, setActionStatusFix(report, report.actions[0], true));
    assert.deepEqual(after.actions.map((a) => [a.status, a.owner?.value]), [['done', 'sam'], ['open', 'sam']]);
  });
});

describe('moveMetadataToFrontMatterFix', () => {
  const inline = '# Checkout outage\n\n**Date:** March 3, 2026\n**Postmortem Owner:** @sam\n**Authors:** Kim Park, Sam Lee\nStatus: Resolved\n\n## Summary\nS.\n';
  for (const [name, text] of variants(inline)) {
    it(`creates front matter from the lines at the top and removes them (${name})`, () => {
      const report = reportOf(text);
      const fix = moveMetadataToFrontMatterFix(report);
      assert.equal(fix?.title, 'Move 4 metadata lines into front matter');
      const { report: after, text: fixed, analysis } = applyFix(text, fix);
      assert.deepEqual(after.inlineMetadata, []);
      assert.equal(after.frontMatter?.data.type, 'after-action-report');
      assert.equal(after.metadata.date?.value, '2026-03-03');
      assert.equal(after.metadata.date?.source, 'front-matter');
      assert.equal(after.metadata.deliveryOwner?.value, '@sam');
      assert.equal(after.frontMatter?.data.authors, 'Kim Park, Sam Lee');
      assert.equal(after.frontMatter?.data.incident_status, 'Resolved', "an incident's status is not the report's lifecycle");
      assert.ok(!ruleIds(analysis).includes('front-matter'), analysis.findings.map((f) => f.message).join('\n'));
      const lines = fixed.replace(/^\uFEFF/, '').split(/\r?\n/);
      assert.deepEqual(lines.slice(6, 10), ['---', '# Checkout outage', '', '## Summary'], 'one blank line left where the block was');
    });
  }

  it('extends front matter that is already there, and leaves a line whose key it already holds', () => {
    const text = '---\ntitle: Outage\ndate: 2026-03-03\n---\n# Outage\n\n**Date:** 2026-03-04\n**Incident Commander:** Kim Park\n\n## Summary\nS.\n';
    const report = reportOf(text);
    const { report: after, text: fixed } = applyFix(text, moveMetadataToFrontMatterFix(report));
    assert.equal(after.frontMatter?.data.incident_commander, 'Kim Park');
    assert.equal(after.metadata.date?.value, '2026-03-03');
    assert.ok(fixed.includes('**Date:** 2026-03-04'), 'the front matter keeps its date; the other stays for the team to settle');
  });

  it('keeps the BOM first when the metadata is the first line, and quotes what YAML would misread', () => {
    const text = '\uFEFF**Date:** 2026-11-20\r\n**Owner:** Jane: lead #1\r\n\r\n# T\r\n\r\n## Summary\r\nS.\r\n';
    const { report: after, text: fixed } = applyFix(text, moveMetadataToFrontMatterFix(reportOf(text)));
    assert.ok(fixed.startsWith('\uFEFF---\r\ntype: after-action-report\r\ndate: 2026-11-20\r\n'));
    assert.equal(after.metadata.deliveryOwner?.value, 'Jane: lead #1');
    assert.equal(after.frontMatter?.errors.length, 0);
    assert.equal(after.headings[0].text, 'T');
  });

  it('offers nothing without inline metadata', () => {
    assert.equal(moveMetadataToFrontMatterFix(reportOf(HEAD)), undefined);
  });
});

describe('actionCodeActions', () => {
  const text = `**Date:** 2026-11-20\n\n${HEAD.replace(/^---[\s\S]*?---\n/, '')}- [ ] Add a smoke-test stage (IMP-1)\n- [x] Write the runbook @sam due:2026-12-01\n`;
  const report = reportOf(text);
  const rangeOfLine = (line: number) => ({ start: { line, character: 2 }, end: { line, character: 2 } });

  it('offers what can be done to an open, unowned, undated action', () => {
    const fixes = actionCodeActions(report, rangeOfLine(14), TODAY);
    assert.deepEqual(fixes.map((f) => f.title), [
      'Mark action as done',
      'Add due date 2026-12-10 (two weeks from today)',
      'Assign to @sam (Sam Lee)',
      'Assign to Kim Park',
      'Assign owner…',
    ]);
    const dated = applyFix(text, fixes[1]);
    assert.equal(dated.report.actions[0].due?.iso, '2026-12-10');
  });

  it('offers only reopening an owned, dated, done action', () => {
    const fixes = actionCodeActions(report, rangeOfLine(15), TODAY);
    assert.deepEqual(fixes.map((f) => f.title), ['Reopen action']);
    assert.equal(applyFix(text, fixes[0]).report.actions[1].status, 'open');
  });

  it('names each action when a selection covers several', () => {
    const fixes = actionCodeActions(report, { start: { line: 14, character: 0 }, end: { line: 15, character: 3 } }, TODAY);
    assert.ok(fixes.some((f) => f.title === 'Reopen action: "Write the runbook"'));
  });

  it('offers moving metadata on an inline metadata line', () => {
    const fixes = actionCodeActions(report, rangeOfLine(0), TODAY);
    assert.deepEqual(fixes.map((f) => f.title), ['Move "Date" into front matter']);
    assert.equal(applyFix(text, fixes[0]).report.metadata.date?.source, 'front-matter');
  });
});
