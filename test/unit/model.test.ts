// The report model read from every shape in the format page: what a user sees as owner, due date,
// status and section is what the engine reads.
import assert from 'node:assert/strict';
import { defaultConfig, mergeConfig } from '../../server/src/core/config';
import { detectReport } from '../../server/src/core/detect';
import { buildReport, tableRowRanges } from '../../server/src/core/model';
import type { Report } from '../../server/src/core/types';

const TODAY = '2026-11-26';

function read(text: string, config = defaultConfig()): Report {
  return buildReport(text, { uri: 'file:///w/reviews/r.md', config, today: TODAY, detectedBy: 'glob' });
}

/** The text a range covers, so assertions read as what the user sees. */
function slice(text: string, r: { start: { line: number; character: number }; end: { line: number; character: number } }): string {
  const lines = text.split('\n');
  if (r.start.line === r.end.line) return lines[r.start.line].slice(r.start.character, r.end.character);
  return [lines[r.start.line].slice(r.start.character), ...lines.slice(r.start.line + 1, r.end.line), lines[r.end.line].slice(0, r.end.character)].join('\n');
}

describe('report detection', () => {
  const config = defaultConfig();
  it('accepts every report type in front matter', () => {
    for (const type of ['after-action-report', 'after-action-review', 'aar', 'postmortem', 'post-incident-review', 'retrospective']) {
      assert.equal(detectReport(`---\ntype: ${type}\n---\n# x\n`, 'notes/x.md', config).isReport, true, type);
    }
  });
  it('accepts .aar.md names and the default folders, and nothing else', () => {
    assert.equal(detectReport('# x', 'docs/2026-release.aar.md', config).by, 'file-name');
    assert.equal(detectReport('# x', 'team/postmortems/db.md', config).isReport, true);
    assert.equal(detectReport('# x', 'after-action-reports/2026/q3.md', config).isReport, true);
    assert.equal(detectReport('# x', 'README.md', config).isReport, false);
    assert.equal(detectReport('# x', 'docs/previews/a.md', config).isReport, false);
    assert.equal(detectReport('---\ntype: adr\n---\n', 'reviews/adr.md', config).isReport, false, 'a file that says it is something else');
  });
  it('reads the front matter of each version typed, not the one before', () => {
    const isReport = (text: string) => detectReport(text, 'notes/x.md', config).isReport;
    assert.equal(isReport('---\ntype: aar\n---\n# x\n'), true);
    assert.equal(isReport('---\ntype: aar\n---\n# x\n\n## Actions\n'), true, 'typed below the front matter');
    assert.equal(isReport('---\ntype: adr\n---\n# x\n'), false, 'its type changed');
    // A closing fence at the very end closes the front matter, until a character is typed after it on its line.
    assert.equal(isReport('---\ntype: aar\n---'), true);
    assert.equal(isReport('---\ntype: aar\n---x\n# x\n'), false, 'the fence became a line of text');
    assert.equal(isReport('---\ntype: aar\n---\n'), true);
    assert.equal(isReport('---\ntype: aar\n---\ntype: adr\n---\n'), true, 'the first closing fence counts');
  });
  it('follows configured globs', () => {
    const custom = mergeConfig(config, { reportGlobs: ['wash-ups/*.md'] });
    assert.equal(detectReport('# x', 'wash-ups/a.md', custom).isReport, true);
    assert.equal(detectReport('# x', 'reviews/a.md', custom).isReport, false);
  });
  it("never takes the team's review template for a report, wherever it is kept", () => {
    const template = '---\ntype: after-action-report\ntitle: "{{title}}"\n---\n# {{title}}\n\n## Actions\n';
    const team = mergeConfig(config, { template: './after-action-reports/template.md' });
    assert.deepEqual(detectReport(template, 'after-action-reports/template.md', team), { isReport: false, by: 'template' });
    assert.equal(detectReport(template, 'file:///work/repo/after-action-reports/template.md', team).isReport, false, 'by URI too');
    assert.equal(detectReport(template, 'after-action-reports/2026-11-26-release.md', team).isReport, true, 'the reports beside it are reports');
    const named = mergeConfig(config, { template: 'review.md' });
    assert.equal(detectReport(template, 'incidents/2026-03/review.md', named).isReport, true, 'a report that only shares its name');
    assert.equal(detectReport(template, 'review.md', named).isReport, false);
    assert.equal(detectReport(template, 'after-action-reports/template.md', config).isReport, true, 'without reviews.template it is a file like any other');
  });
});

describe('report model', () => {
  it("reads a title that names actions as the report's title when a summary or outcomes section stands under it", () => {
    const body = '\n\n## Summary\n\nThe platform team\'s register.\n\n## Outcomes\n\n- Reviewed.\n\n## Improvements\n\n- Checks run before each release.\n\n## Action Items\n\n- [ ] Add the checks @kim\n';
    for (const title of ['Platform actions register', 'Q3 follow-ups']) {
      const r = read(`# ${title}${body}`);
      assert.deepEqual(r.sections.map((s) => s.kind), ['summary', 'outcomes', 'improvements', 'actions'], title);
      assert.deepEqual(r.improvements.map((i) => i.text), ['Checks run before each release.'], title);
      assert.deepEqual(r.actions.map((a) => a.text), ['Add the checks'], title);
      assert.equal(r.headings[0].reading?.holds, 'the title of the report', title);
    }
    // With only groups of actions under it, the same heading is the actions section, and improvements planned there are actions.
    const register = read('# Q3 follow-ups\n\n## Short-term improvements\n\n- [ ] Add the checks @kim\n\n## Long-term\n\n- [ ] Split the queue @sam\n');
    assert.deepEqual(register.sections.map((s) => s.kind), ['actions']);
    assert.deepEqual(register.actions.map((a) => a.text), ['Add the checks', 'Split the queue']);
  });
  it('reads YAML front matter, roster and Delivery Owner with positions', () => {
    const text = '---\ntitle: Release 2.4\ndate: 2026-11-20\ndelivery_owner: "@dana"\nteam: ["@sam", "Kim Park <kim@example.com>"]\nstatus: draft\n---\n# Release 2.4\n';
    const r = read(text);
    assert.equal(r.metadata.title?.value, 'Release 2.4');
    assert.equal(r.metadata.deliveryOwner?.value, '@dana');
    assert.equal(slice(text, r.metadata.deliveryOwner!.range), '"@dana"');
    assert.deepEqual(
      r.roster.map((p) => [p.handle, p.name, p.deliveryOwner ?? false]),
      [['dana', undefined, true], ['sam', undefined, false], [undefined, 'Kim Park', false]],
    );
    assert.equal(r.year, 2026);
  });

  it('points YAML errors at their line and keeps analysing the body', () => {
    const text = '---\ntitle: ok\nteam: [unclosed\n---\n## Actions\n- [ ] Do it @sam\n';
    const r = read(text);
    assert.ok(r.frontMatter!.errors.length > 0);
    assert.ok(r.frontMatter!.errors[0].range.start.line >= 2);
    assert.equal(r.actions.length, 1);
  });

  it('reads bold-label and Key: value metadata, and Google-style inline Summary and Impact', () => {
    const text = [
      '# Shakespeare Sonnet++ Postmortem',
      '',
      '**Date:** 2024-03-01',
      '',
      '**Postmortem Owner:** Jane Roe',
      '',
      'Status: Complete',
      '',
      '**Summary:** Search was down for 66 minutes.',
      '',
      '**Impact:** 1.2 billion queries lost.',
      '',
      '## Action Items',
      '',
      '| Action Item | Type | Owner | Bug |',
      '|---|---|---|---|',
      '| Update playbook | mitigate | jennifer | n/a **DONE** |',
      '',
    ].join('\n');
    const r = read(text);
    assert.equal(r.metadata.deliveryOwner?.value, 'Jane Roe');
    assert.equal(r.metadata.deliveryOwner?.source, 'inline');
    assert.equal(r.metadata.date?.value, '2024-03-01');
    assert.equal(r.metadata.status?.value, 'Complete');
    assert.deepEqual(r.sections.map((s) => s.kind), ['summary', 'outcomes', 'actions']);
    assert.equal(r.summary, 'Search was down for 66 minutes.');
    assert.equal(r.actions[0].owner?.value, 'jennifer');
    assert.equal(r.year, 2024);
    assert.deepEqual(r.inlineMetadata.map((m) => m.key), ['date', 'delivery_owner', 'status']);
  });

  it('recognises headings at any level, with emoji, numbering and punctuation', () => {
    const text = '# R\n## 📝 Executive Summary\nx\n### 3. Lessons Learnt\n- a\n#### What went well\n- good\n## ✅ Action Items & Followups\n- [ ] y @a\n## How\'d We Do?\n- fine\n';
    const r = read(text);
    assert.deepEqual(r.sections.map((s) => s.kind), ['summary', 'improvements', 'outcomes', 'actions', 'outcomes']);
    assert.deepEqual(r.improvements.map((i) => i.text), ['a'], '"What went well" items are not improvements');
    assert.deepEqual(r.outcomes.map((i) => i.text), ['good', 'fine'], 'what went well is an outcome');
  });

  it('reads section titles written as paragraphs: bold alone on a line, HTML, or a plain line over a list', () => {
    const text = [
      '# Search outage',
      '',
      '**Summary**',
      '',
      'Search was down for an hour.',
      '',
      '<p><strong>What happened?</strong></p>',
      '',
      'Queries timed out.',
      '',
      '**Timeline**',
      '',
      '14:00 the alert fired.',
      '',
      'Lessons learned',
      '',
      '- Nobody watched the queue.',
      '',
      '**Action Items:**',
      '',
      '| Action Item | Owner |',
      '|---|---|',
      '| Alert on queue depth | @sam |',
      '',
    ].join('\n');
    const r = read(text);
    assert.deepEqual(
      r.sections.map((s) => [s.kind, s.heading.text]),
      [
        ['summary', 'Summary'],
        ['outcomes', 'What happened?'],
        ['improvements', 'Lessons learned'],
        ['actions', 'Action Items'],
      ],
    );
    assert.equal(r.summary, 'Search was down for an hour.', 'the bold Timeline title ends the summary');
    assert.deepEqual(r.improvements.map((i) => i.text), ['Nobody watched the queue.']);
    assert.deepEqual(r.actions.map((a) => [a.text, a.owner?.value]), [['Alert on queue depth', 'sam']]);
    assert.equal(slice(text, r.sections[3].heading.textRange), 'Action Items');
    assert.ok(r.headings.every((h) => h.depth === 1 || h.paragraph), 'paragraph titles are marked as such');
  });

  it('does not take prose for a title: a sentence, or a short line inside a paragraph', () => {
    const text = '## Summary\n\nAll good.\n\nNext steps were agreed on the call.\n\n- Ship it\n\nWe wrote\nAction items\n- [ ] Ship it @sam\n';
    const r = read(text);
    assert.deepEqual(r.sections.map((s) => s.kind), ['summary']);
    assert.equal(r.actions.length, 0);
  });

  it('reads improvements planned under an actions heading as actions, and says why on the heading', () => {
    const text = '## Remediation\n\n### Immediate actions (Completed)\n\n- Rolled back the CDN change\n\n### Short-term improvements\n\n- [ ] Add a staging CDN @kim\n\n## Lessons learned\n\n- CDN changes skip staging.\n';
    const r = read(text);
    assert.deepEqual(r.sections.map((s) => s.kind), ['actions', 'actions', 'improvements']);
    assert.deepEqual(r.actions.map((a) => a.text), ['Rolled back the CDN change', 'Add a staging CDN']);
    const grouped = r.headings.find((h) => h.text === 'Short-term improvements');
    assert.equal(grouped?.kind, undefined);
    assert.equal(grouped?.within, 'actions');
  });

  it('reads an item that is only a link or a ticket as the action the team wrote', () => {
    const text = '## Action items\n\n- [ ] https://github.com/org/repo/pull/28\n- [#4512](https://tracker.example.com/issues/4512) @kim\n- OPS-1234\n- [x] group/project#77\n';
    const r = read(text);
    assert.deepEqual(
      r.actions.map((a) => [a.text, a.ticket?.value, a.owner?.value, a.status]),
      [
        ['https://github.com/org/repo/pull/28', 'https://github.com/org/repo/pull/28', undefined, 'open'],
        ['#4512', '#4512', 'kim', 'open'],
        ['OPS-1234', 'OPS-1234', undefined, 'open'],
        ['group/project#77', undefined, undefined, 'done'],
      ],
    );
  });

  it('reads items marked as actions wherever they stand, and nothing else outside the actions', () => {
    const text = [
      '## What could have gone better?',
      '',
      '- The release branch was cut late.',
      '  - **[Action Item]** Cut the branch a week before the release @lee',
      '  - We talked about it at length.',
      '- Docs lagged behind.',
      '  - **ACTION: write the docs before the freeze**',
      '  - Action item: ask the docs team to review',
      '- [ ] This checklist item is a note, not an action',
      '',
      '## Action items',
      '',
      '- **ACTION:** Pin the toolchain @kim',
    ].join('\n');
    const r = read(text);
    assert.deepEqual(
      r.actions.map((a) => [a.text, a.owner?.value]),
      [
        ['Cut the branch a week before the release', 'lee'],
        ['write the docs before the freeze', undefined],
        ['ask the docs team to review', undefined],
        ['Pin the toolchain', 'kim'],
      ],
    );
    assert.deepEqual(r.improvements.map((i) => i.text), ['The release branch was cut late.', 'Docs lagged behind.', 'This checklist item is a note, not an action']);
  });

  it("reads an item's fields from the lines nested under it", () => {
    const text = '## Next steps\n\n1. Add a canary stage\n   - Owner: Priya Raman\n   - Target completion: 2026-12-15\n   - Success criteria: a bad build stops at 5%\n2. Retire the old runbook\n   - Status: done\n';
    const r = read(text);
    assert.deepEqual(
      r.actions.map((a) => [a.text, a.owner?.value, a.due?.iso, a.status]),
      [
        ['Add a canary stage', 'Priya Raman', '2026-12-15', 'open'],
        ['Retire the old runbook', undefined, undefined, 'done'],
      ],
    );
    assert.equal(slice(text, r.actions[0].owner!.range), 'Priya Raman');
  });

  it('reads owners in parentheses at the end, status in emphasis, and due quarters and months', () => {
    const text = [
      '## Retro Action Items - 04/04/2023',
      '',
      '1. Write the onboarding guide (Tif + Dev Team) **completed** on 08/28/2020',
      '1. Move the board to the new tracker (Jenn to write issue) *ongoing*',
      '1) Book the offsite (TBD)',
      '1. Check the vendor contract (Completed)',
      '1. Rotate the keys due Q1 2027 (Sam Lee)',
      '1. Upgrade the cluster deadline: March 2027',
      '1. None',
    ].join('\n');
    const r = read(text);
    assert.deepEqual(
      r.actions.map((a) => [a.text, a.owner?.value, a.ownerPlaceholder?.value, a.collaborators.map((c) => c.value).join(','), a.status, a.due?.iso]),
      [
        ['Write the onboarding guide', 'Tif', undefined, 'Dev Team', 'done', undefined],
        ['Move the board to the new tracker (Jenn to write issue)', undefined, undefined, '', 'in-progress', undefined],
        ['Book the offsite', undefined, 'TBD', '', 'open', undefined],
        ['Check the vendor contract', undefined, undefined, '', 'done', undefined],
        ['Rotate the keys', 'Sam Lee', undefined, '', 'open', '2027-03-31'],
        ['Upgrade the cluster', undefined, undefined, '', 'open', '2027-03-31'],
      ],
    );
  });

  it('reads a table whose header row is empty and whose header is the first row, and a status set in another cell', () => {
    const text = [
      '## Action Items',
      '',
      '| | | |',
      '|---|---|---|',
      '| **Action** | **Owner** | **Bug** |',
      '| Add a rate limit | @sam | Bug 5554823 **TODO** |',
      '| Update the playbook | jennifer | n/a **DONE** |',
      '| | | |',
    ].join('\n');
    const r = read(text);
    assert.deepEqual(
      r.actions.map((a) => [a.text, a.owner?.value, a.status, a.ticket?.value]),
      [
        ['Add a rate limit', 'sam', 'open', 'Bug 5554823 TODO'],
        ['Update the playbook', 'jennifer', 'done', 'n/a DONE'],
      ],
    );
    assert.equal(slice(text, r.actions[1].statusRaw!.range), 'DONE');
    assert.equal(slice(text, r.actions[0].table!.headerRange), '| **Action** | **Owner** | **Bug** |');
  });

  it('reads improvement-plan tables by their column names', () => {
    const text = [
      '## Appendix A: Improvement Plan',
      '',
      '| Core Capability | Issue/Area for Improvement | Corrective Action | Primary Responsible Organization | Organization POC | Start Date | Completion Date |',
      '|---|---|---|---|---|---|---|',
      '| Operational communications | Radios failed indoors | Buy repeaters for the east wing | Facilities | Dana Ortiz | 2026-09-01 | 2026-12-31 |',
    ].join('\n');
    const [a] = read(text).actions;
    assert.deepEqual([a.text, a.owner?.value, a.due?.iso], ['Buy repeaters for the east wing', 'Dana Ortiz', '2026-12-31']);
  });

  it('reads task-list actions with owner, collaborators, due, ids and status', () => {
    const text = '## Improvements\n- IMP-2: no smoke tests\n## Actions\n- [ ] Add a smoke-test stage to the pipeline @sam @kim due:2026-12-05 (IMP-2) A-7\n- [x] Write the runbook owner: Kim Park\n';
    const r = read(text);
    const [a, b] = r.actions;
    assert.equal(a.text, 'Add a smoke-test stage to the pipeline');
    assert.equal(a.form, 'task');
    assert.equal(a.owner?.value, 'sam');
    assert.equal(slice(text, a.owner!.range), '@sam');
    assert.deepEqual(a.collaborators.map((c) => c.value), ['kim']);
    assert.equal(a.due?.iso, '2026-12-05');
    assert.equal(slice(text, a.due!.range), '2026-12-05');
    assert.deepEqual(a.improvementRefs.map((x) => x.value), ['IMP-2']);
    assert.equal(a.id?.value, 'A-7');
    assert.equal(a.status, 'open');
    assert.equal(slice(text, a.checkbox!), '[ ]');
    assert.equal(b.owner?.value, 'Kim Park');
    assert.equal(b.status, 'done');
  });

  it('reads plain list items, placeholders and impossible dates', () => {
    const text = '## Next steps\n- Rotate the keys owner: TBD (due 2026-02-30)\n- Email the vendor @?\n- Check the logs sam@example.com\n';
    const r = read(text);
    assert.equal(r.actions.length, 3);
    assert.equal(r.actions[0].form, 'list');
    assert.equal(r.actions[0].owner, undefined);
    assert.equal(r.actions[0].ownerPlaceholder?.value, 'TBD');
    assert.match(r.actions[0].due?.problem ?? '', /not a real date/);
    assert.equal(r.actions[1].owner, undefined);
    assert.equal(r.actions[2].owner, undefined, 'an e-mail address is not an @handle');
  });

  it('reads tables with synonym columns, written dates and statuses', () => {
    const text = '---\ndate: 2026-05-01\n---\n## Follow-ups\n| Task | Who | When | State |\n|------|-----|------|-------|\n| Add canary | Sam Lee / @kim | June 28 | In progress |\n| Tidy docs | - | 5 Dec 2026 | done |\n| Pin deps |  | next sprint | |\n';
    const r = read(text);
    const [a, b, c] = r.actions;
    assert.equal(a.form, 'table');
    assert.equal(a.owner?.value, 'Sam Lee');
    assert.deepEqual(a.collaborators.map((x) => x.value), ['kim']);
    assert.equal(a.due?.iso, '2026-06-28', 'a date without a year takes the report\'s year');
    assert.equal(a.status, 'in-progress');
    assert.equal(b.ownerPlaceholder?.value, '-');
    assert.equal(b.status, 'done');
    assert.equal(b.due?.iso, '2026-12-05');
    assert.equal(c.owner, undefined);
    assert.match(c.due?.problem ?? '', /not a date/);
    assert.equal(slice(text, a.table!.cells[a.table!.columns.owner!]), 'Sam Lee / @kim');
    assert.equal(tableRowRanges(r, a.table!).length, 3, 'a column added to the table reaches its three rows');
  });

  it('reads numbered tasks, struck-through actions, and prose that only looks like a field', () => {
    const text = [
      '## Action Items',
      '1. [ ] Numbered task @amy due: 2026-12-01',
      '- [ ] ~~Drop the old cluster~~ @ann',
      '- [ ] Due to the outage, re-run the backfill @zed',
      '- Investigate the `@types/node` upgrade (**Owner:** Jane Doe, due 3 Dec 2026)',
      '- [ ] Ship it due:tomorrow @q',
    ].join('\n');
    const r = read(text);
    assert.deepEqual(
      r.actions.map((a) => [a.text, a.owner?.value, a.status, a.due?.iso ?? a.due?.problem]),
      [
        ['Numbered task', 'amy', 'open', '2026-12-01'],
        ['Drop the old cluster', 'ann', 'cancelled', undefined],
        ['Due to the outage, re-run the backfill', 'zed', 'open', undefined],
        ['Investigate the @types/node upgrade', 'Jane Doe', 'open', '2026-12-03'],
        ['Ship it', 'q', 'open', '"tomorrow" is not a date; write it as YYYY-MM-DD'],
      ],
    );
    assert.equal(slice(text, r.actions[0].checkbox!), '[ ]');
    assert.equal(slice(text, r.actions[1].checkbox!), '[ ]');
  });

  it('reads no fields inside a bare URL: its query is not the owner, the date or the status', () => {
    const text = [
      '## Actions',
      '- [ ] Triage https://jira.example.com/issues/?jql=assignee=@kim&due=2026-01-01&status=done @sam due:2026-12-10',
      '- [ ] Read www.example.com/owner:lee before the review',
      '- [ ] Close https://github.com/acme/api/issues/42 owner: Dana Reyes',
    ].join('\n');
    const r = read(text);
    assert.deepEqual(
      r.actions.map((a) => [a.owner?.value, a.due?.iso, a.status, a.ticket?.value]),
      [
        ['sam', '2026-12-10', 'open', undefined],
        [undefined, undefined, 'open', undefined],
        ['Dana Reyes', undefined, 'open', 'https://github.com/acme/api/issues/42'],
      ],
    );
  });

  it('treats a bold group item over a task list as a group, not an action', () => {
    const text = '## Actions\n- **Monitoring**\n  - [ ] Alert on p99 latency @sam\n  - [ ] Dashboard for queue depth @kim\n';
    const r = read(text);
    assert.deepEqual(r.actions.map((a) => a.owner?.value), ['sam', 'kim']);
  });

  it('keeps positions exact with CRLF line endings and a BOM', () => {
    const lf = '---\ntitle: T\n---\n## Actions\n- [ ] Do it @sam due:2026-12-05\n';
    const crlf = '\uFEFF' + lf.replace(/\n/g, '\r\n');
    const a = read(lf).actions[0];
    const b = read(crlf).actions[0];
    assert.deepEqual(b.owner!.range, a.owner!.range);
    assert.deepEqual(b.due!.range.start.line, a.due!.range.start.line);
    assert.equal(read(crlf).eol, '\r\n');
    assert.equal(read(crlf).metadata.title?.value, 'T');
  });

  it('starts line-0 ranges after a BOM, so removing the line keeps the BOM', () => {
    const text = '\uFEFF**Date:** 2024-03-01\n# Title\n';
    const r = read(text);
    assert.equal(r.inlineMetadata[0].lineRange.start.character, 1);
    const h = read('\uFEFF# Title\n').headings[0];
    assert.equal(h.range.start.character, 1);
  });

  it('splits table cells at every unescaped pipe, as GFM does, code spans included', () => {
    const text = '## Actions\n| Action | Owner |\n|---|---|\n| Run `a \\| b` | @sam |\n';
    const a = read(text).actions[0];
    assert.equal(a.owner?.value, 'sam');
    assert.equal(slice(text, a.textRange), 'Run `a \\| b`');
  });

  it('reads disable directives for next line, line, block and file', () => {
    const text = [
      '<!-- aar-disable-file vague-action -->',
      '## Actions',
      '<!-- aar-disable-next-line action-missing-owner -->',
      '- [ ] a',
      '- [ ] b <!-- aar-disable-line -->',
      '<!-- aar-disable duplicate-action -->',
      '- [ ] c',
      '<!-- aar-enable duplicate-action -->',
      '- [ ] d',
      '```',
      '<!-- aar-disable-file -->',
      '```',
    ].join('\n');
    const d = read(text).disable;
    assert.deepEqual([...d.file], ['vague-action'], 'a directive inside a code block is an example');
    assert.deepEqual([...(d.lines.get(3) ?? [])], ['action-missing-owner']);
    assert.deepEqual([...(d.lines.get(4) ?? [])], ['*']);
    assert.ok(d.lines.get(6)?.has('duplicate-action'));
    assert.equal(d.lines.get(8), undefined);
  });

  it('marks empty sections and uses team section synonyms', () => {
    const config = mergeConfig(defaultConfig(), { sectionSynonyms: { actions: ['Commitments'] } });
    const r = read('## Outcomes\n<!-- to fill -->\n## Commitments\n- [ ] x @a\n', config);
    assert.deepEqual(r.sections.map((s) => [s.kind, s.empty]), [['outcomes', true], ['actions', false]]);
  });
});
