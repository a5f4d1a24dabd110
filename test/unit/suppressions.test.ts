// Bulk suppressions (`aar lint --suppress-all`, `--prune-suppressions`): the pure functions of
// server/src/cli/suppressions.ts.
import assert from 'node:assert/strict';
import {
  applySuppressions,
  InvalidSuppressions,
  parseSuppressions,
  pruneSuppressions,
  recordSuppressions,
  serializeSuppressions,
  suppressionText,
  type CheckedFile,
  type FindingLike,
  type Suppressions,
} from '../../server/src/cli/suppressions';

const unowned = (text: string): FindingLike => ({ ruleId: 'action-missing-owner', message: `Action "${text}" has no owner: every action needs someone.` });
const vague = (text: string): FindingLike => ({ ruleId: 'vague-action', message: `"${text}" has no verifiable result ("improve"): say what will change.` });
const skipped: FindingLike = { ruleId: 'file-skipped', message: 'Not analysed: the file looks binary.' };

/** The suppressions as plain data, for comparing. */
const plain = (s: Suppressions) => JSON.parse(serializeSuppressions(s)) as Record<string, Record<string, { count: number; texts?: string[] }>>;
const messagesOf = (findings: FindingLike[]) => findings.map((f) => suppressionText(f.message));
const none = () => false;

describe('suppressions (pure)', () => {
  describe('suppressionText', () => {
    it('is what the message quotes first, so a day more overdue or a line moved is still the same problem', () => {
      assert.equal(suppressionText('"Rotate the keys" is overdue by 13 days (due 2026-11-12): finish it.'), 'Rotate the keys');
      assert.equal(suppressionText('"Rotate the keys" is overdue by 14 days (due 2026-11-12): finish it.'), 'Rotate the keys');
      assert.equal(suppressionText('"Rotate the keys" repeats the action on line 12: merge them.'), 'Rotate the keys');
    });

    it('is the whole message when it quotes nothing', () => {
      assert.equal(suppressionText('No outcomes section: add one for what happened.'), 'No outcomes section: add one for what happened.');
    });
  });

  describe('reading and writing the file', () => {
    it('reads ESLint-style counts, with or without texts', () => {
      const s = parseSuppressions('{"reviews/a.md": {"action-missing-owner": {"count": 2, "texts": ["B", "A"]}, "vague-action": {"count": 1}}}');
      assert.deepEqual(plain(s), {
        'reviews/a.md': { 'action-missing-owner': { count: 2, texts: ['A', 'B'] }, 'vague-action': { count: 1 } },
      });
    });

    it('writes keys sorted at every level, two spaces, a trailing newline', () => {
      const s: Suppressions = new Map([
        ['reviews/b.md', new Map([['vague-action', { count: 1, texts: ['Improve things'] }]])],
        [
          'reviews/a.md',
          new Map([
            ['vague-action', { count: 1, texts: [] }],
            ['action-missing-owner', { count: 2, texts: ['Write the runbook', 'Add an alert'] }],
          ]),
        ],
      ]);
      assert.equal(
        serializeSuppressions(s),
        [
          '{',
          '  "reviews/a.md": {',
          '    "action-missing-owner": {',
          '      "count": 2,',
          '      "texts": [',
          '        "Add an alert",',
          '        "Write the runbook"',
          '      ]',
          '    },',
          '    "vague-action": {',
          '      "count": 1',
          '    }',
          '  },',
          '  "reviews/b.md": {',
          '    "vague-action": {',
          '      "count": 1,',
          '      "texts": [',
          '        "Improve things"',
          '      ]',
          '    }',
          '  }',
          '}',
          '',
        ].join('\n'),
      );
      assert.deepEqual(plain(parseSuppressions(serializeSuppressions(s))), plain(s));
    });

    it('keeps a file named __proto__ as a file', () => {
      const text = '{"__proto__": {"vague-action": {"count": 1}}}';
      assert.equal(serializeSuppressions(parseSuppressions(text)), `${JSON.stringify(JSON.parse(text), null, 2)}\n`);
    });

    const invalid: [string, string, RegExp][] = [
      ['text that is not JSON', '{"a.md": ', /^not valid JSON \(/],
      ['a list', '[]', /must be a JSON object of files/],
      ['a file that is not an object', '{"a.md": 3}', /^"a\.md" must be an object of rule ids$/],
      ['a rule that is not an object', '{"a.md": {"vague-action": 2}}', /^"a\.md" > "vague-action" must be an object such as \{"count": 1\}$/],
      ['a missing count', '{"a.md": {"vague-action": {}}}', /"count" must be a whole number, not missing$/],
      ['a negative count', '{"a.md": {"vague-action": {"count": -1}}}', /"count" must be a whole number, not -1$/],
      ['a fractional count', '{"a.md": {"vague-action": {"count": 1.5}}}', /"count" must be a whole number, not 1\.5$/],
      ['texts that are not strings', '{"a.md": {"vague-action": {"count": 1, "texts": [1]}}}', /"texts" must be a list of strings$/],
    ];
    for (const [what, text, message] of invalid) {
      it(`rejects ${what} with a one-line reason`, () => {
        assert.throws(
          () => parseSuppressions(text),
          (e: Error) => e instanceof InvalidSuppressions && message.test(e.message) && !e.message.includes('\n'),
        );
      });
    }
  });

  describe('applySuppressions', () => {
    const recorded = (texts: string[], count = texts.length): Suppressions =>
      new Map([['reviews/a.md', new Map([['action-missing-owner', { count, texts }]])]]);
    const apply = (s: Suppressions, findings: FindingLike[], key = 'reviews/a.md') => applySuppressions([{ key, findings }], s)[0];

    it('holds back the recorded problems and shows the one that is new, wherever it is in the file', () => {
      const findings = [unowned('Write the runbook'), unowned('Rotate the keys'), unowned('Add an alert')];
      const split = apply(recorded(['Write the runbook', 'Add an alert']), findings);
      assert.deepEqual(messagesOf(split.shown), ['Rotate the keys']);
      assert.deepEqual(messagesOf(split.suppressed), ['Write the runbook', 'Add an alert']);
    });

    it('does not let a fixed problem pay for a new one', () => {
      const split = apply(recorded(['Write the runbook', 'Add an alert']), [unowned('Write the runbook'), unowned('Rotate the keys')]);
      assert.deepEqual(messagesOf(split.shown), ['Rotate the keys']);
    });

    it('holds back the same text as many times as it was recorded, and no more', () => {
      const human = () => ({ ruleId: 'blame-language', message: '"human error" assigns blame.' });
      const s: Suppressions = new Map([['reviews/a.md', new Map([['blame-language', { count: 2, texts: ['human error', 'human error'] }]])]]);
      assert.equal(apply(s, [human(), human()]).shown.length, 0);
      assert.equal(apply(s, [human(), human(), human()]).shown.length, 1);
    });

    it('with counts only (ESLint), holds back up to the count and shows them all past it', () => {
      const two = [unowned('Write the runbook'), unowned('Rotate the keys')];
      assert.equal(apply(recorded([], 2), two).shown.length, 0);
      assert.equal(apply(recorded([], 3), two).shown.length, 0);
      const split = apply(recorded([], 1), two);
      assert.equal(split.shown.length, 2);
      assert.equal(split.suppressed.length, 0);
    });

    it('touches only the rule and the file recorded, and never a skipped file', () => {
      const findings = [unowned('Write the runbook'), vague('Improve monitoring'), skipped];
      assert.deepEqual(apply(recorded(['Write the runbook']), findings).shown, [findings[1], findings[2]]);
      assert.deepEqual(apply(recorded(['Write the runbook']), findings, 'reviews/b.md').shown, findings);
      const s: Suppressions = new Map([['reviews/a.md', new Map([['file-skipped', { count: 1, texts: [skipped.message] }]])]]);
      assert.deepEqual(apply(s, [skipped]).shown, [skipped]);
    });
  });

  describe('recordSuppressions', () => {
    const existing = (): Suppressions =>
      new Map([
        ['reviews/a.md', new Map([['action-missing-owner', { count: 3, texts: [] }]])],
        ['other/b.md', new Map([['vague-action', { count: 1, texts: ['Be careful'] }]])],
        ['reviews/gone.md', new Map([['vague-action', { count: 1, texts: ['Be careful'] }]])],
      ]);
    const files: CheckedFile<FindingLike>[] = [
      { key: 'reviews/a.md', findings: [unowned('Write the runbook'), vague('Improve monitoring'), skipped] },
      { key: 'reviews/c.md', findings: [] },
      { key: 'reviews/d.md', findings: [skipped] },
    ];

    it('replaces what it recorded for the files it looked at, drops the gone ones it speaks for, and keeps the rest', () => {
      const s = recordSuppressions(existing(), files, (key) => key === 'reviews/gone.md');
      assert.deepEqual(plain(s), {
        'other/b.md': { 'vague-action': { count: 1, texts: ['Be careful'] } },
        'reviews/a.md': {
          'action-missing-owner': { count: 1, texts: ['Write the runbook'] },
          'vague-action': { count: 1, texts: ['Improve monitoring'] },
        },
      });
    });

    it('with rules, records and replaces only those rules', () => {
      const s = recordSuppressions(existing(), files, none, new Set(['vague-action']));
      assert.deepEqual(plain(s), {
        'other/b.md': { 'vague-action': { count: 1, texts: ['Be careful'] } },
        'reviews/a.md': { 'action-missing-owner': { count: 3 }, 'vague-action': { count: 1, texts: ['Improve monitoring'] } },
        'reviews/gone.md': { 'vague-action': { count: 1, texts: ['Be careful'] } },
      });
    });

    it('leaves the suppressions it was given as they were', () => {
      const before = existing();
      recordSuppressions(before, files, () => true);
      assert.deepEqual(plain(before), plain(existing()));
    });
  });

  describe('pruneSuppressions', () => {
    const existing = (): Suppressions =>
      new Map([
        ['reviews/a.md', new Map([['action-missing-owner', { count: 3, texts: ['Add an alert', 'Rotate the keys', 'Write the runbook'] }]])],
        ['reviews/b.md', new Map([['vague-action', { count: 2, texts: [] }]])],
        ['reviews/fixed.md', new Map([['vague-action', { count: 1, texts: ['Be careful'] }]])],
        ['other/c.md', new Map([['vague-action', { count: 1, texts: ['Be careful'] }]])],
      ]);

    it('lowers counts to what is still there, drops what was fixed, and adds nothing', () => {
      const files: CheckedFile<FindingLike>[] = [
        { key: 'reviews/a.md', findings: [unowned('Write the runbook'), unowned('A new action'), vague('Improve monitoring')] },
        { key: 'reviews/b.md', findings: [vague('Improve monitoring')] },
        { key: 'reviews/fixed.md', findings: [] },
        { key: 'reviews/new.md', findings: [unowned('Anything')] },
      ];
      assert.deepEqual(plain(pruneSuppressions(existing(), files, none)), {
        'other/c.md': { 'vague-action': { count: 1, texts: ['Be careful'] } },
        'reviews/a.md': { 'action-missing-owner': { count: 1, texts: ['Write the runbook'] } },
        'reviews/b.md': { 'vague-action': { count: 1, texts: ['Improve monitoring'] } },
      });
    });

    it('keeps a count of ESLint style that is exceeded, since it cannot tell which problems are old', () => {
      const files = [{ key: 'reviews/b.md', findings: [vague('One'), vague('Two'), vague('Three')] }];
      assert.deepEqual(plain(pruneSuppressions(existing(), files, none))['reviews/b.md'], { 'vague-action': { count: 2 } });
    });

    it('drops the entries of files that are gone only where it speaks for them', () => {
      const pruned = plain(pruneSuppressions(existing(), [], (key) => key.startsWith('reviews/')));
      assert.deepEqual(Object.keys(pruned), ['other/c.md']);
    });
  });
});
