// Adding a team heading to `.aar.yml`: small insertions that keep every other key, comment and
// layout as the team wrote them, and that the configuration reader then reads as intended.
import assert from 'node:assert/strict';
import { parseTeamConfig } from '../../server/src/core/config';
import { applyEdits } from '../../server/src/core/edits';
import { addSectionHeadingEdits, teamConfigHasHeading } from '../../server/src/core/teamConfigEdit';
import type { SectionKind } from '../../server/src/core/types';

function added(existing: string | undefined, kind: SectionKind, heading: string): string {
  return applyEdits(existing ?? '', addSectionHeadingEdits(existing, kind, heading));
}

function assertReads(text: string, kind: SectionKind, headings: string[]): void {
  const parsed = parseTeamConfig(text);
  assert.deepEqual(parsed.errors, [], text);
  assert.deepEqual(parsed.layer.sectionSynonyms?.[kind], headings, text);
}

describe('adding a team heading to .aar.yml', () => {
  it('writes a new file that says what it is', () => {
    const text = added(undefined, 'outcomes', 'Timeline');
    assertReads(text, 'outcomes', ['Timeline']);
    assert.match(text, /^# After Action Reports/);
  });

  it('adds sections: at the end of a file without it, keeping everything above as it was', () => {
    const before = '# Our team\nteam:\n  - "@sam"   # lead\n  - "@kim"\nrules:\n  vague-action: off\n';
    const text = added(before, 'improvements', 'Wobbles');
    assert.ok(text.startsWith(before), text);
    assertReads(text, 'improvements', ['Wobbles']);
    assert.equal(parseTeamConfig(text).layer.severities?.['vague-action'], 'off');
  });

  it('adds a kind under an existing sections:, at the indentation the file uses', () => {
    const before = 'sections:\n    actions:\n        - Commitments   # since 2024\nrules: {}\n';
    const text = added(before, 'outcomes', 'Timeline');
    assert.equal(text, 'sections:\n    actions:\n        - Commitments   # since 2024\n    outcomes:\n      - Timeline\nrules: {}\n');
    assertReads(text, 'actions', ['Commitments']);
    assertReads(text, 'outcomes', ['Timeline']);
  });

  it('adds a heading to an existing list, block or flow, and says nothing new when it is there', () => {
    const block = 'sections:\n  outcomes:\n    - Fallout\n  # comment kept\n';
    const blockAdded = added(block, 'outcomes', 'Timeline');
    assert.equal(blockAdded, 'sections:\n  outcomes:\n    - Fallout\n    - Timeline\n  # comment kept\n');
    const flow = 'sections:\n  outcomes: [Fallout]   # ours\n';
    assert.equal(added(flow, 'outcomes', 'Timeline, in UTC'), 'sections:\n  outcomes: [Fallout, "Timeline, in UTC"]   # ours\n');
    assert.deepEqual(addSectionHeadingEdits(blockAdded, 'outcomes', 'timeline'), []);
  });

  it('turns a single heading into a list, and fills in an empty sections:', () => {
    assertReads(added('sections:\n  actions: Commitments\n', 'actions', 'Next up'), 'actions', ['Commitments', 'Next up']);
    assertReads(added('sections:\nteam: []\n', 'summary', 'TL;DR'), 'summary', ['TL;DR']);
    assertReads(added('sections: {actions: [Commitments]}\n', 'outcomes', 'Timeline'), 'outcomes', ['Timeline']);
  });

  it('quotes what YAML needs quoted, and keeps CRLF line endings', () => {
    const text = added('team:\r\n  - "@sam"\r\n', 'outcomes', 'Impact: customers');
    assert.ok(!/(?<!\r)\n/.test(text), JSON.stringify(text));
    assertReads(text, 'outcomes', ['Impact: customers']);
    assert.ok(teamConfigHasHeading(text, 'outcomes', 'impact: customers'));
  });

  it('refuses to touch a file that is not valid YAML or not a mapping', () => {
    assert.throws(() => addSectionHeadingEdits('team: [unclosed\n', 'outcomes', 'Timeline'), /not valid YAML/);
    assert.throws(() => addSectionHeadingEdits('- a\n- b\n', 'outcomes', 'Timeline'), /not a mapping/);
  });
});
