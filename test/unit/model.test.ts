// The report model read from every shape in the format page: what a user sees as owner, due date,
// status and section is what the engine reads.
import assert from 'node:assert/strict';
import { defaultConfig, mergeConfig } from '../../server/src/core/config';
import { detectReport } from '../../server/src/core/detect';
import { buildReport } from '../../server/src/core/model';
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
    assert.deepEqual(r.sections.map((s) => s.kind), ['summary', 'improvements', 'actions', 'outcomes']);
    assert.deepEqual(r.improvements.map((i) => i.text), ['a'], '"What went well" items are not improvements');
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
    assert.equal(a.table!.rowRanges.length, 3);
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
