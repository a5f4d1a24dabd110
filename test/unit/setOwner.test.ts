// Making someone the owner of an action, as `aar/actionEdit` does: the edit applied to the report
// and the report read again, the way the user sees the result.
import assert from 'node:assert/strict';
import { analyze } from '../../server/src/core/analyze';
import { defaultConfig } from '../../server/src/core/config';
import { applyEdits } from '../../server/src/core/edits';
import { ownerPersonOf, setOwnerEdits } from '../../server/src/core/fixes';
import type { Action, Analysis } from '../../server/src/core/types';

const HEAD = '---\ntype: after-action-report\ndelivery_owner: "@dana"\n---\n\n## Actions\n\n';

function analyse(text: string): Analysis {
  return analyze(text, { uri: 'file:///w/r.md', config: defaultConfig(), today: '2026-11-26' });
}

/** Sets the owner of the first action and reads the report again. */
function assign(actions: string, owner: string): { line: string; action: Action; analysis: Analysis; text: string } {
  const text = HEAD + actions;
  const report = analyse(text).report!;
  const edits = setOwnerEdits(report, report.actions[0], owner);
  assert.ok(edits.length > 0, `edits for ${owner}`);
  const fixed = applyEdits(text, edits);
  const analysis = analyse(fixed);
  const action = analysis.report!.actions[0];
  const line = fixed.split('\n')[action.range.start.line];
  return { line, action, analysis, text: fixed };
}

const unownedFindings = (a: Analysis) => a.findings.filter((f) => f.ruleId === 'action-missing-owner');

describe('setOwnerEdits', () => {
  it('adds a handle to an unowned task: sam and @sam both mean @sam', () => {
    for (const typed of ['sam', '@sam', '  @sam  ']) {
      const { line, action, analysis } = assign('- [ ] Rotate the staging keys due:2026-12-10\n', typed);
      assert.equal(line, '- [ ] Rotate the staging keys due:2026-12-10 @sam');
      assert.equal(action.owner?.value, 'sam');
      assert.deepEqual(unownedFindings(analysis), []);
    }
  });

  it('adds a name with spaces as owner: Name, which reads back as the owner', () => {
    const { line, action } = assign('- [ ] Rotate the staging keys\n', 'Kim Park');
    assert.equal(line, '- [ ] Rotate the staging keys owner: Kim Park');
    assert.equal(action.owner?.value, 'Kim Park');
    assert.equal(action.text, 'Rotate the staging keys');
  });

  it('replaces a placeholder where it stands, bare or as a field value, never doubling the label', () => {
    assert.equal(assign('- [ ] Rotate the keys @TBD\n', 'sam').line, '- [ ] Rotate the keys @sam');
    assert.equal(assign('- [ ] Rotate the keys @TBD\n', 'Kim Park').line, '- [ ] Rotate the keys owner: Kim Park');
    assert.equal(assign('- [ ] Rotate the keys owner: TBD\n', 'Kim Park').line, '- [ ] Rotate the keys owner: Kim Park');
    assert.equal(assign('- [ ] Rotate the keys owner: @tbd\n', 'Kim Park').line, '- [ ] Rotate the keys owner: Kim Park');
    assert.equal(assign('- [ ] Rotate the keys owner: ?\n', '@sam').line, '- [ ] Rotate the keys owner: @sam');
  });

  it('replaces the current owner and keeps the collaborators', () => {
    const handle = assign('- [ ] Rotate the keys @lee @kim due:2026-12-10\n', 'Kim Park');
    assert.equal(handle.line, '- [ ] Rotate the keys owner: Kim Park @kim due:2026-12-10');
    assert.equal(handle.action.owner?.value, 'Kim Park');
    assert.deepEqual(handle.action.collaborators.map((c) => c.value), ['kim']);
    const field = assign('- [ ] Rotate the keys owner: Lee Park, due 2026-12-10\n', '@sam');
    assert.equal(field.line, '- [ ] Rotate the keys owner: @sam, due 2026-12-10');
    assert.equal(field.action.owner?.value, 'sam');
    const labelledHandle = assign('- [ ] Rotate the keys owner: @lee\n', 'Kim Park');
    assert.equal(labelledHandle.line, '- [ ] Rotate the keys owner: Kim Park');
  });

  it('writes the owner cell of a table: empty, placeholder or a current owner, with no column added', () => {
    const table = (owner: string) => `| Action | Owner | Due |\n|---|---|---|\n| Add a canary step | ${owner} | 2026-12-05 |\n`;
    const empty = assign('| Action | Owner | Due |\n|---|---|---|\n| Add a canary step | | 2026-12-05 |\n', 'sam');
    assert.equal(empty.line, '| Add a canary step | @sam | 2026-12-05 |');
    assert.equal(empty.action.owner?.value, 'sam');
    const placeholder = assign(table('TBD'), 'Kim Park');
    assert.equal(placeholder.line, '| Add a canary step | Kim Park | 2026-12-05 |');
    assert.equal(placeholder.action.owner?.value, 'Kim Park');
    const current = assign(table('@lee, @kim'), 'sam');
    assert.equal(current.line, '| Add a canary step | @sam, @kim | 2026-12-05 |');
    assert.equal(current.action.owner?.value, 'sam');
    assert.deepEqual(current.action.collaborators.map((c) => c.value), ['kim']);
    assert.equal(current.text.split('\n').filter((l) => l.startsWith('|')).length, 3, 'no row or column added');
  });

  it('adds an Owner column to a table that has none', () => {
    const { text, action } = assign('| Action | Due |\n|---|---|\n| Add a canary step | 2026-12-05 |\n', '@sam');
    assert.match(text, /\| Action \| Due \| Owner \|/);
    assert.equal(action.owner?.value, 'sam');
  });

  it('changes nothing when the person already owns the action or the text names nobody', () => {
    const report = analyse(HEAD + '- [ ] Rotate the keys @sam\n').report!;
    for (const typed of ['sam', '@SAM', '', '   ', 'TBD', '@tbd', 'n/a']) {
      assert.deepEqual(setOwnerEdits(report, report.actions[0], typed), [], JSON.stringify(typed));
    }
  });

  it('writes the owner before a trailing note comment, and a comment is never read as part of the owner', () => {
    const handle = assign('- [ ] Rotate the keys due:2026-12-10 <!-- from the Q3 review -->\n', 'sam');
    assert.equal(handle.line, '- [ ] Rotate the keys due:2026-12-10 @sam <!-- from the Q3 review -->');
    const name = assign('- [ ] Rotate the keys <!-- ask @lee first -->\n', 'Kim Park');
    assert.equal(name.line, '- [ ] Rotate the keys owner: Kim Park <!-- ask @lee first -->');
    assert.equal(name.action.owner?.value, 'Kim Park');
    assert.deepEqual(name.action.collaborators, []);
    const placeholder = assign('- [ ] Rotate the keys owner: TBD <!-- note -->\n', '@sam');
    assert.equal(placeholder.line, '- [ ] Rotate the keys owner: @sam <!-- note -->');
    assert.deepEqual(unownedFindings(placeholder.analysis), []);
  });

  it('keeps the owner on one line whatever is typed', () => {
    const { line, action } = assign('- [ ] Rotate the keys\n- [ ] Archive the dashboards\n', 'Kim\nPark\u0007');
    assert.equal(line, '- [ ] Rotate the keys owner: Kim Park');
    assert.equal(action.owner?.value, 'Kim Park');
  });
});

describe('ownerPersonOf', () => {
  it('reads handles, names and roster-style entries', () => {
    assert.deepEqual(ownerPersonOf('sam'), { handle: 'sam', source: 'settings' });
    assert.deepEqual(ownerPersonOf('@sam.lee'), { handle: 'sam.lee', source: 'settings' });
    assert.equal(ownerPersonOf('Kim Park')?.name, 'Kim Park');
    assert.equal(ownerPersonOf('Sam Lee (@sam)')?.handle, 'sam');
    assert.equal(ownerPersonOf('kim@example.com')?.email, 'kim@example.com');
    assert.equal(ownerPersonOf('TBD'), undefined);
  });
});
