// The pure language features (completion, hover, outline) on real report text.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { defaultConfig, mergeConfig, type AarConfig } from '../../server/src/core/config';
import { detectReport } from '../../server/src/core/detect';
import { completions, type Completion } from '../../server/src/core/features/completion';
import { ownerKey } from '../../server/src/core/config';
import { hover, ownedActions, type WorkspaceAction } from '../../server/src/core/features/hover';
import { documentSymbols, type OutlineSymbol } from '../../server/src/core/features/symbols';
import { buildReport } from '../../server/src/core/model';
import type { Position, Report } from '../../server/src/core/types';

const fixtures = join(__dirname, '..', 'fixtures');
const fixture = (name: string) => readFileSync(join(fixtures, name), 'utf8');
const TODAY = '2026-11-25';
const CURSOR = '‸';

const teamConfig: AarConfig = mergeConfig(defaultConfig(), {
  roster: [{ handle: 'alex', name: 'Alex Kim', source: 'workspace' }],
  sectionSynonyms: { outcomes: ['What went well'] },
});

function reportOf(text: string, uri: string, config = teamConfig): Report {
  const detection = detectReport(text, uri, config);
  assert.ok(detection.isReport, `${uri} should be a report`);
  return buildReport(text, { uri, config, today: TODAY, detectedBy: detection.by });
}

/** The report with `‸` taken out, and the position where it stood. */
function withCursor(textWithCursor: string, uri = 'file:///ws/release-2.4.aar.md'): { report: Report; position: Position } {
  const offset = textWithCursor.indexOf(CURSOR);
  assert.ok(offset >= 0, 'the text needs a cursor mark');
  const before = textWithCursor.slice(0, offset).split('\n');
  const position = { line: before.length - 1, character: before[before.length - 1].length };
  return { report: reportOf(textWithCursor.replace(CURSOR, ''), uri), position };
}

/** Replaces the first occurrence of `find` in the fixture with `replacement` (which holds the cursor). */
function edited(name: string, find: string, replacement: string): string {
  const text = fixture(name);
  assert.ok(text.includes(find), `${name} should contain ${JSON.stringify(find)}`);
  return text.replace(find, replacement);
}

function complete(textWithCursor: string, uri?: string): Completion[] {
  const { report, position } = withCursor(textWithCursor, uri);
  return completions(report, position, { triggers: teamConfig.triggers, sectionSynonyms: teamConfig.sectionSynonyms, today: TODAY });
}

/** The text after applying a completion's edit, to check what the user ends up with. */
function accept(textWithCursor: string, item: Completion): string {
  const text = textWithCursor.replace(CURSOR, '');
  const lines = text.split('\n');
  const { start, end } = item.edit.range;
  assert.equal(start.line, end.line);
  const line = lines[start.line];
  lines[start.line] = line.slice(0, start.character) + item.edit.newText + line.slice(end.character);
  return lines.join('\n');
}

describe('completion', () => {
  it('offers the roster after @, the Delivery Owner first, with names and emails as detail', () => {
    const text = edited('release-2.4.aar.md', '- [ ] Be more careful @sam', '- [ ] Write the release notes @‸\n- [ ] Be more careful @sam');
    const items = complete(text);
    const labels = items.sort((a, b) => a.sortText.localeCompare(b.sortText)).map((i) => i.label);
    assert.deepEqual(labels, ['@dana', '@kim', '@lee', '@sam', '@alex']);
    const dana = items.find((i) => i.label === '@dana')!;
    assert.match(dana.detail ?? '', /Delivery Owner/);
    // Kim has no handle: the email's local part is offered, and the owner rules read it as her.
    assert.equal(items.find((i) => i.label === '@kim')!.detail, 'Kim Park · kim@example.com');
    assert.equal(items.find((i) => i.label === '@alex')!.detail, 'Alex Kim');
    assert.match(accept(text, dana), /- \[ \] Write the release notes @dana\n/);
  });

  it('replaces what was typed of a handle', () => {
    const text = edited('release-2.4.aar.md', '- [ ] Be more careful @sam', '- [ ] Be more careful @sa‸');
    const sam = complete(text).find((i) => i.label === '@sam')!;
    assert.match(accept(text, sam), /- \[ \] Be more careful @sam <!--/);
  });

  it('offers the roster in the owner column of an actions table, and nothing in other columns', () => {
    const owner = edited('sprint-31-retro.md', '| Tidy the sprint board <!-- expect: invalid-due-date --> | Ravi |', '| Tidy the sprint board | ‸ |');
    const items = complete(owner, 'file:///ws/retros/sprint-31-retro.md');
    assert.equal(items[0]?.label, '@maria');
    assert.ok(items.some((i) => i.label === '@omar'));
    assert.match(accept(owner, items[0]), /\| Tidy the sprint board \| @maria \|/);

    const due = edited('sprint-31-retro.md', '| @omar | June 28 |', '| @omar | Ju‸ne 28 |');
    assert.deepEqual(complete(due, 'file:///ws/retros/sprint-31-retro.md'), []);
  });

  it('offers section headings after #s, the missing sections first', () => {
    const text = `${fixture('team/reviews/2026-q3-wash-up.md')}\n## ‸`;
    const items = complete(text, 'file:///ws/team/reviews/2026-q3-wash-up.md').sort((a, b) => a.sortText.localeCompare(b.sortText));
    assert.equal(items[0].label, 'Outcomes');
    assert.match(items[0].detail ?? '', /missing/);
    assert.deepEqual(
      items.map((i) => i.label),
      ['Outcomes', 'What went well', 'Summary', 'Improvements', 'Actions'],
    );
    assert.match(accept(text, items[0]), /\n## Outcomes$/);
  });

  it('adds the space after the #s when there is none', () => {
    const text = `${fixture('team/reviews/2026-q3-wash-up.md')}\n##‸`;
    const outcomes = complete(text, 'file:///ws/team/reviews/2026-q3-wash-up.md').find((i) => i.label === 'Outcomes')!;
    assert.match(accept(text, outcomes), /\n## Outcomes$/);
  });

  it('offers only the front-matter keys a report does not have yet', () => {
    const text = edited('release-2.4.aar.md', 'milestone: v2.4.0\n', 'milestone: v2.4.0\n‸\n');
    const items = complete(text);
    assert.deepEqual(
      items.map((i) => i.label),
      ['zone'],
    );
    assert.match(accept(text, items[0]), /\nzone: \n/);
  });

  it('offers values for status, type, trigger and delivery_owner', () => {
    const status = complete(edited('release-2.4.aar.md', 'status: finished', 'status: ‸'));
    assert.deepEqual(
      status.map((i) => i.label),
      ['draft', 'in-review', 'approved', 'published'],
    );
    const type = complete(edited('release-2.4.aar.md', 'type: after-action-report', 'type: after‸'));
    assert.ok(type.some((i) => i.label === 'after-action-report'));
    const trigger = complete(edited('release-2.4.aar.md', 'trigger: deploy', 'trigger:‸'));
    assert.deepEqual(
      trigger.map((i) => i.label),
      ['release', 'milestone', 'incident', 'learning'],
    );
    const triggerText = edited('release-2.4.aar.md', 'trigger: deploy', 'trigger:‸');
    assert.match(accept(triggerText, trigger[0]), /\ntrigger: release /);
    const ownerText = edited('release-2.4.aar.md', 'delivery_owner: "@dana"', 'delivery_owner: ‸');
    const owner = complete(ownerText).find((i) => i.label === '@sam')!;
    // A bare `@` cannot start a YAML value, so the handle is quoted.
    assert.match(accept(ownerText, owner), /\ndelivery_owner: "@sam"\n/);
  });

  it('offers nothing in plain prose', () => {
    assert.deepEqual(complete(edited('release-2.4.aar.md', 'Release 2.4 shipped', 'Release 2.4 ship‸ped')), []);
  });
});

describe('hover', () => {
  /** The host's answer: the open actions whose owner, as written, is one of the names asked for. */
  const ownedBy = (open: WorkspaceAction[]) => (owners: readonly string[], first: number) =>
    ownedActions(
      open.filter((a) => a.owner && owners.map(ownerKey).includes(ownerKey(a.owner))),
      first,
    );
  const noOpenActions = () => ownedActions([], 0);
  const release = () => reportOf(fixture('release-2.4.aar.md'), 'file:///ws/release-2.4.aar.md');
  const lineOf = (report: Report, prefix: string) => report.text.split('\n').findIndex((l) => l.startsWith(prefix));

  it('says what belongs in a section on its heading', () => {
    const report = release();
    const line = lineOf(report, '## Actions');
    const result = hover(report, { line, character: 5 }, noOpenActions);
    assert.ok(result);
    assert.match(result.contents, /Actions section/);
    assert.match(result.contents, /owner/);
    assert.deepEqual(result.range, { start: { line, character: 3 }, end: { line, character: 10 } });
    const improvements = hover(report, { line: lineOf(report, '## Improvements'), character: 4 }, noOpenActions);
    assert.match(improvements?.contents ?? '', /IMP-2/);
  });

  it("lists an owner's open actions across the workspace on an @handle", () => {
    const report = release();
    const line = lineOf(report, '- [ ] Be more careful @sam');
    const character = report.text.split('\n')[line].indexOf('@sam') + 2;
    const open: WorkspaceAction[] = [
      { uri: 'file:///ws/release-2.4.aar.md', report: 'Release 2.4 review', text: 'Rehearse every migration', owner: '@sam', due: '2026-12-05', overdue: false },
      { uri: 'file:///ws/q3.md', report: 'Q3 wash-up', text: 'Write success criteria', owner: 'sam', due: '2026-11-01', overdue: true },
      { uri: 'file:///ws/q3.md', report: 'Q3 wash-up', text: 'Keep an eye on it', owner: '@dana', overdue: false },
    ];
    const result = hover(report, { line, character }, ownedBy(open));
    assert.ok(result);
    assert.match(result.contents, /\*\*@sam\*\*/);
    assert.match(result.contents, /2 open actions in the workspace, 1 overdue/);
    assert.match(result.contents, /Rehearse every migration — \*Release 2\.4 review\* — due 2026-12-05/);
    assert.match(result.contents, /Write success criteria — \*Q3 wash-up\* — due 2026-11-01 \*\*\(overdue\)\*\*/);
    assert.doesNotMatch(result.contents, /Keep an eye on it/);
    assert.equal(result.range.start.character, character - 2);
  });

  it('finds an owner written as a name in a table cell through the roster', () => {
    const report = reportOf(fixture('sprint-31-retro.md'), 'file:///ws/retros/sprint-31-retro.md');
    const line = lineOf(report, '| Tidy the sprint board');
    const character = report.text.split('\n')[line].indexOf('Ravi') + 1;
    const result = hover(
      report,
      { line, character },
      ownedBy([{ uri: 'file:///ws/other.md', report: 'Other', text: 'Rotate the keys', owner: '@ravi', overdue: false }]),
    );
    assert.match(result?.contents ?? '', /1 open action in the workspace:/);
    assert.match(result?.contents ?? '', /Rotate the keys/);
  });

  it('says how a heading was read: which section, from which words, and what it did not read', () => {
    const text = '# Review\n\n## Action Items (should be achievable in the short term):\n\n- [ ] Rotate keys @sam\n\n### Monitoring\n\n- [ ] Alert on lag @kim\n\n## Wobbles\n\n- Stale runbook\n';
    const report = reportOf(text, 'file:///ws/reviews/r.md');
    const at = (line: number) => hover(report, { line, character: 5 }, noOpenActions)?.contents ?? '';
    assert.match(at(2), /\*\*Actions section\*\*/);
    assert.match(at(2), /“Action Items” is one of the actions headings\. Not read: “\(should be achievable in the short term\)”/);
    assert.match(at(6), /\*\*Part of the Actions section\*\*/);
    assert.match(at(6), /counts toward the actions section above it/);
    assert.match(at(10), /\*\*Not a section\*\*/);
    assert.match(at(10), /“Wobbles” is not one of the headings the engine reads as a section/);
    assert.match(at(10), /This report has no summary, outcomes or improvements section\. If this heading is one of them, the quick fix on the missing section counts it/);
  });

  it('has nothing to say on plain text', () => {
    const report = release();
    assert.equal(hover(report, { line: lineOf(report, 'Release 2.4 shipped'), character: 3 }, noOpenActions), undefined);
  });
});

describe('document symbols', () => {
  it('add the actions to the outline, each with its owner, due date and status, and no heading', () => {
    // The headings are the Markdown outline's: VS Code shows its own beside ours.
    const report = reportOf(fixture('release-2.4.aar.md'), 'file:///ws/release-2.4.aar.md');
    const outline = documentSymbols(report);
    assert.equal(outline.length, 8);
    assert.ok(outline.every((s) => s.kind === 'action' && !s.children.length));
    const shape = (s: OutlineSymbol) => [s.name, s.detail];
    assert.deepEqual(shape(outline[0]), ['Rehearse every migration against a production snapshot', '@sam · due 2026-12-05 · open']);
    assert.deepEqual(shape(outline[2]), ['Add a pre-release check that the migration runs under 10 minutes', 'no owner · due 2026-12-10 · open']);
    assert.equal(outline[4].detail, '@lee · due 2026-11-18 · done');
    for (const s of outline) assert.ok(contains(s.range, s.selectionRange), `${s.name}: the selection range lies inside the range`);
    const lines = outline.map((s) => s.range.start.line);
    assert.deepEqual(lines, [...lines].sort((a, b) => a - b), 'in the order of the report');
  });

  it('add table actions too', () => {
    const report = reportOf(fixture('sprint-31-retro.md'), 'file:///ws/retros/sprint-31-retro.md');
    const outline = documentSymbols(report);
    assert.equal(outline.length, 5);
    assert.equal(outline[0].detail, '@maria · due 2026-07-06 · done');
  });
});

function contains(outer: { start: Position; end: Position }, inner: { start: Position; end: Position }): boolean {
  const le = (a: Position, b: Position) => a.line < b.line || (a.line === b.line && a.character <= b.character);
  return le(outer.start, inner.start) && le(inner.end, outer.end);
}
