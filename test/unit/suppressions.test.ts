// Bulk suppressions (`aar lint --suppress-all`, `--prune-suppressions`): the pure functions of
// server/src/cli/suppressions.ts, then the bundled CLI on throwaway repositories, as a team
// adopting `aar lint` in CI would run it.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { JsonFinding } from '../../server/src/cli/format';
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
import { useCliWorkspace } from './helpers/cliWorkspace';

const TODAY = '2026-11-25';

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

// Detected by its folder: two unowned actions and a vague one, no Delivery Owner.
const OLD_REVIEW = `# Q3 wash-up

## Summary

The Q3 release shipped a week late because the message queue backed up twice.

## Outcomes

- The release reached every customer by 14 October.

## Improvements

- IMP-1: Nobody was alerted when the queue backed up.

## Actions

- [ ] Write the queue recovery runbook due:2026-12-10 (IMP-1)
- [ ] Improve monitoring (IMP-1)
- [ ] Alert on queue depth over 1000 for 5 minutes @sam due:2026-12-04 (IMP-1)
`;

// Another old report, in another folder: one unowned action, no Delivery Owner.
const OLD_RETRO = OLD_REVIEW.replace('# Q3 wash-up', '# Sprint 9 retro').replace('- [ ] Improve monitoring (IMP-1)\n', '');

const SUPPRESSIONS = 'aar-suppressions.json';

describe('aar lint with suppressions (dist/cli.js)', function () {
  this.timeout(60_000);
  let workspace = '';
  const { write, aar } = useCliWorkspace('aar-suppressions-', (folder) => (workspace = folder));

  const lint = (args: string[] = [], cwd?: string) => aar(['lint', '--today', TODAY, ...args], cwd);
  const lintJson = (args: string[] = [], cwd?: string) => {
    const run = lint(['--format', 'json', ...args], cwd);
    return { ...run, findings: JSON.parse(run.stdout || '[]') as JsonFinding[] };
  };
  const readSuppressions = (file = SUPPRESSIONS) => JSON.parse(readFileSync(join(workspace, file), 'utf8'));
  const countIn = (data: Record<string, Record<string, { count: number }>>) =>
    Object.values(data).reduce((n, rules) => n + Object.values(rules).reduce((m, r) => m + r.count, 0), 0);

  function adopt(): number {
    write('reviews/q3-wash-up.md', OLD_REVIEW);
    write('retros/sprint-9.md', OLD_RETRO);
    const before = lintJson();
    assert.equal(before.status, 1);
    return before.findings.length;
  }

  it('--suppress-all records every problem at the repository root and exits 0; a later run prints none of them', () => {
    const problems = adopt();
    const run = lint(['..', '--suppress-all'], join(workspace, 'retros'));
    assert.equal(run.status, 0, run.stderr);
    assert.equal(run.stderr, `aar: ${problems} problems in 2 files recorded in ../${SUPPRESSIONS}.\n`);
    assert.deepEqual(readdirSync(workspace).sort(), ['.git', SUPPRESSIONS, 'retros', 'reviews'], 'no temporary file is left');

    const text = readFileSync(join(workspace, SUPPRESSIONS), 'utf8');
    assert.ok(text.endsWith('}\n'));
    const data = readSuppressions();
    assert.deepEqual(Object.keys(data), ['retros/sprint-9.md', 'reviews/q3-wash-up.md']);
    assert.deepEqual(data['reviews/q3-wash-up.md']['action-missing-owner'], {
      count: 2,
      texts: ['Improve monitoring', 'Write the queue recovery runbook'],
    });
    assert.equal(countIn(data), problems);

    const clean = lint();
    assert.equal(clean.status, 0, clean.stderr);
    assert.equal(clean.stdout, `✔ 2 reports checked: no problems (${problems} suppressed by ${SUPPRESSIONS}).\n`);
    assert.equal(clean.stderr, '');
  });

  it('reports a new unowned action after the suppression, only it, and fails', () => {
    const problems = adopt();
    lint(['--suppress-all']);
    write('reviews/q3-wash-up.md', OLD_REVIEW.replace('- [ ] Improve monitoring', '- [ ] Rotate the staging keys\n- [ ] Improve monitoring'));
    const run = lint();
    assert.equal(run.status, 1);
    const rows = run.stdout.split('\n').filter((l) => l.startsWith('  '));
    assert.equal(rows.length, 1, run.stdout);
    assert.match(rows[0], /error +Action "Rotate the staging keys" has no owner.* action-missing-owner$/);
    assert.match(run.stdout, new RegExp(`^✖ 1 problem \\(1 error, 0 warnings, 0 infos\\), ${problems} suppressed by aar-suppressions\\.json$`, 'm'));
  });

  it('shows the new problem, not an old one, when an old one was fixed in the same change', () => {
    adopt();
    lint(['--suppress-all']);
    write('reviews/q3-wash-up.md', OLD_REVIEW.replace('- [ ] Improve monitoring', '- [ ] Rotate the staging keys'));
    const { status, findings } = lintJson();
    assert.equal(status, 1);
    assert.deepEqual(
      findings.map((f) => [f.rule, f.message.slice(0, 32)]),
      [['action-missing-owner', 'Action "Rotate the staging keys"']],
    );
  });

  it('says when recorded problems are fixed, and --prune-suppressions shrinks the file without adding new ones', () => {
    const problems = adopt();
    lint(['--suppress-all']);
    // One problem fixed (an owner), one report deleted, one new problem.
    write('reviews/q3-wash-up.md', OLD_REVIEW.replace('- [ ] Write the queue recovery runbook', '- [ ] Write the queue recovery runbook @kim').replace('Improve monitoring', 'Improve monitoring\n- [ ] Page the on-call engineer'));
    rmSync(join(workspace, 'retros', 'sprint-9.md'));
    const retroProblems = countIn({ r: readSuppressions()['retros/sprint-9.md'] });

    const normal = lint();
    assert.equal(normal.status, 1);
    assert.equal(
      normal.stderr,
      `aar: ${1 + retroProblems} problems recorded in ${SUPPRESSIONS} no longer occur; "aar lint --prune-suppressions" takes them out.\n`,
    );
    assert.equal(countIn(readSuppressions()), problems, 'a normal run does not write the file');

    const pruned = lint(['--prune-suppressions']);
    assert.equal(pruned.status, 1, 'exits as a normal run: the new problem is an error');
    assert.match(pruned.stdout, /Action "Page the on-call engineer" has no owner/);
    assert.match(pruned.stderr, new RegExp(`^aar: ${1 + retroProblems} fixed problems taken out of ${SUPPRESSIONS}; ${problems - 1 - retroProblems} problems still recorded\\.\n$`));
    const data = readSuppressions();
    assert.deepEqual(Object.keys(data), ['reviews/q3-wash-up.md']);
    assert.deepEqual(data['reviews/q3-wash-up.md']['action-missing-owner'], { count: 1, texts: ['Improve monitoring'] });

    const again = lint(['--prune-suppressions']);
    assert.equal(again.stderr, `aar: nothing to prune in ${SUPPRESSIONS}.\n`);
  });

  it('on a subfolder, --suppress-all replaces that folder\'s entries and keeps the others', () => {
    adopt();
    lint(['--suppress-all']);
    const before = readSuppressions();
    write('reviews/q3-wash-up.md', OLD_REVIEW.replace('- [ ] Improve monitoring (IMP-1)\n', ''));
    write('reviews/q4-wash-up.md', OLD_REVIEW.replace('# Q3', '# Q4'));
    const run = lint(['reviews', '--suppress-all']);
    assert.equal(run.status, 0, run.stderr);
    const after = readSuppressions();
    assert.deepEqual(Object.keys(after), ['retros/sprint-9.md', 'reviews/q3-wash-up.md', 'reviews/q4-wash-up.md']);
    assert.deepEqual(after['retros/sprint-9.md'], before['retros/sprint-9.md']);
    assert.deepEqual(after['reviews/q3-wash-up.md']['action-missing-owner'], { count: 1, texts: ['Write the queue recovery runbook'] });
    assert.equal(after['reviews/q3-wash-up.md']['vague-action'], undefined);
    assert.equal(lint().status, 0);
  });

  it('--suppress-rule records only that rule; the other problems still count', () => {
    adopt();
    const run = lint(['--suppress-rule', 'action-missing-owner', '--suppress-rule', 'vague-action']);
    assert.match(run.stderr, /^aar: 4 problems of action-missing-owner, vague-action in 2 files recorded in aar-suppressions\.json\.$/m);
    assert.deepEqual(
      Object.values(readSuppressions()).flatMap((rules) => Object.keys(rules as object)),
      ['action-missing-owner', 'action-missing-owner', 'vague-action'],
    );
    const { findings } = lintJson();
    assert.ok(findings.length > 0);
    assert.ok(findings.every((f) => f.rule !== 'action-missing-owner' && f.rule !== 'vague-action'));
  });

  it('JSON leaves suppressed problems out; SARIF keeps them, marked as suppressed externally', () => {
    const problems = adopt();
    lint(['--suppress-all']);
    write('reviews/q3-wash-up.md', OLD_REVIEW.replace('- [ ] Improve monitoring', '- [ ] Rotate the staging keys\n- [ ] Improve monitoring'));
    const json = lintJson();
    assert.equal(json.status, 1);
    assert.deepEqual(
      json.findings.map((f) => f.message.slice(0, 32)),
      ['Action "Rotate the staging keys"'],
    );
    const sarif = lint(['--format', 'sarif']);
    assert.equal(sarif.status, 1);
    const results = JSON.parse(sarif.stdout).runs[0].results as { message: { text: string }; suppressions?: { kind: string }[] }[];
    assert.equal(results.length, problems + 1);
    const open = results.filter((r) => !r.suppressions);
    assert.deepEqual(
      open.map((r) => r.message.text.slice(0, 32)),
      ['Action "Rotate the staging keys"'],
    );
    for (const r of results.filter((r) => r.suppressions)) {
      assert.equal(r.suppressions!.length, 1);
      assert.equal(r.suppressions![0].kind, 'external');
    }
  });

  it('gives the same output with --cache and --jobs, and the cache holds every problem', () => {
    adopt();
    lint(['--suppress-all']);
    write('reviews/q3-wash-up.md', OLD_REVIEW.replace('- [ ] Improve monitoring', '- [ ] Rotate the staging keys\n- [ ] Improve monitoring'));
    const expected = lint(['--jobs', '1']);
    for (const args of [['--cache'], ['--cache'], ['--jobs', '2', '--cache']]) {
      const run = lint(args);
      assert.equal(run.status, expected.status);
      assert.equal(run.stdout, expected.stdout);
    }
    // Without the suppressions file, the same cache gives every problem again.
    rmSync(join(workspace, SUPPRESSIONS));
    const everything = lintJson(['--cache']);
    assert.ok(everything.findings.length > 1);
    assert.deepEqual(everything.findings, lintJson().findings);
  });

  it('works with --config and --suppressions-location', () => {
    write('reviews/q3-wash-up.md', OLD_REVIEW);
    write('ci/aar.yml', 'rules:\n  vague-action: off\n');
    const run = lint(['--config', 'ci/aar.yml', '--suppressions-location', 'ci/suppressed.json', '--suppress-all']);
    assert.equal(run.status, 0, run.stderr);
    assert.ok(!existsSync(join(workspace, SUPPRESSIONS)));
    const data = readSuppressions('ci/suppressed.json');
    assert.deepEqual(Object.keys(data), ['../reviews/q3-wash-up.md'], 'paths are relative to the file\'s folder');
    assert.equal(data['../reviews/q3-wash-up.md']['vague-action'], undefined);
    assert.equal(lint(['--config', 'ci/aar.yml', '--suppressions-location', 'ci/suppressed.json']).status, 0);
    assert.equal(lint(['--config', 'ci/aar.yml']).status, 1, 'the default location holds nothing');
  });

  describe('a suppressions file that cannot be used', () => {
    // Only --suppress-all may make a file that is not there.
    const everyMode = [[], ['--suppress-all'], ['--prune-suppressions']];
    const broken: [string, () => void, string[], string[][], RegExp][] = [
      ['is not JSON', () => write(SUPPRESSIONS, '{"reviews/a.md": {'), [], everyMode, /^aar: Invalid suppressions file aar-suppressions\.json: not valid JSON \(.*\)\.$/m],
      [
        'has a count that is not a number',
        () => write(SUPPRESSIONS, '{"reviews/a.md": {"vague-action": {"count": "two"}}}'),
        [],
        everyMode,
        /^aar: Invalid suppressions file aar-suppressions\.json: "reviews\/a\.md" > "vague-action": "count" must be a whole number, not "two"\.$/m,
      ],
      ['is a folder', () => mkdirSync(join(workspace, SUPPRESSIONS)), [], everyMode, /^aar: Cannot read the suppressions file aar-suppressions\.json \(EISDIR\)\.$/m],
      [
        'is named but missing',
        () => undefined,
        ['--suppressions-location', 'ci/missing.json'],
        [[], ['--prune-suppressions']],
        /^aar: Suppressions file not found: ci\/missing\.json$/m,
      ],
    ];
    for (const [what, make, args, modes, message] of broken) {
      it(`exits 2 naming the file, with nothing on stdout, when it ${what}`, () => {
        write('reviews/q3-wash-up.md', OLD_REVIEW);
        make();
        for (const mode of modes) {
          const run = lint([...args, ...mode]);
          assert.equal(run.status, 2, `${mode.join(' ')}: ${run.stderr}`);
          assert.match(run.stderr, message);
          assert.equal(run.stdout, '');
        }
      });
    }
  });

  it('exits 2 with nothing on stdout when the file cannot be written', () => {
    write('reviews/q3-wash-up.md', OLD_REVIEW);
    write('not-a-folder', 'a file');
    const run = lint(['--suppressions-location', 'not-a-folder/suppressed.json', '--suppress-all']);
    assert.equal(run.status, 2);
    assert.match(run.stderr, /^aar: Cannot write the suppressions file not-a-folder\/suppressed\.json \((ENOTDIR|EEXIST)\)\.$/m);
    assert.equal(run.stdout, '');
  });

  it('refuses options that contradict each other, and an unknown rule', () => {
    const cases: [string[], RegExp][] = [
      [['--suppress-all', '--suppress-rule', 'vague-action'], /--suppress-all and --suppress-rule cannot be used together/],
      [['--suppress-all', '--prune-suppressions'], /--prune-suppressions and --suppress-all cannot be used together/],
      [['--suppress-rule', 'no-such-rule'], /Unknown rule "no-such-rule" for --suppress-rule: use one of missing-section, /],
      [['--suppress-rule', 'file-skipped'], /Unknown rule "file-skipped"/],
    ];
    for (const [args, message] of cases) {
      const run = lint(args);
      assert.equal(run.status, 2, args.join(' '));
      assert.match(run.stderr, message);
      assert.ok(!existsSync(join(workspace, SUPPRESSIONS)));
    }
  });

  it('documents the options in aar lint --help', () => {
    const help = aar(['lint', '--help']).stdout;
    for (const option of ['--suppress-all', '--suppress-rule RULE', '--prune-suppressions', '--suppressions-location FILE']) {
      assert.ok(help.includes(option), option);
    }
  });
});
