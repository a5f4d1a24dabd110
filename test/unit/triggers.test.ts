// Releases awaiting a review: which tags the team's triggers match, which reports cover them, and
// in what order they are listed.
import assert from 'node:assert/strict';
import {
  compareVersions,
  milestoneCovers,
  milestoneTags,
  releasesAwaitingReview,
  reviewTrigger,
  tagMatches,
  tagPatternProblem,
  type ReleaseTag,
} from '../../server/src/core/triggers';

describe('tag patterns', () => {
  const cases: [string, string[], string[]][] = [
    ['v*', ['v1', 'v2.4.0', 'v2.4.0-rc.1', 'v/nested', 'v'], ['1.0', 'V2', 'release-v2']],
    ['v?.?', ['v1.2', 'v9.x'], ['v1.20', 'v1.']],
    ['v[0-9]*', ['v2.4', 'v10'], ['vx', 'v']],
    ['v[!0-9]*', ['vx', 'v-next'], ['v2.4', 'v']],
    ['v[^0-9]*', ['vx'], ['v2']],
    ['[]x]y', [']y', 'xy'], ['y', 'zy']],
    ['{v,release-}*', ['v1', 'release-2024'], ['r1', 'rel']],
    ['{a,b{c,d}}-*', ['a-1', 'bc-1', 'bd-1'], ['b-1', 'ad-1']],
    ['release/*', ['release/2024-q1', 'release/2024/q1'], ['release', 'releases/x']],
    ['v\\*', ['v*'], ['v1']],
    ['a,b}', ['a,b}'], ['a']],
    ['v2.4.(0)', ['v2.4.(0)'], ['v2.4.0', 'v2x4.(0)']],
  ];
  for (const [pattern, yes, no] of cases) {
    it(`${pattern} matches ${yes.join(' ')} and not ${no.join(' ')}`, () => {
      assert.equal(tagPatternProblem(pattern), undefined);
      for (const tag of yes) assert.equal(tagMatches(pattern, tag), true, tag);
      for (const tag of no) assert.equal(tagMatches(pattern, tag), false, tag);
    });
  }

  it('says what is wrong with a pattern that cannot be used, and such a pattern matches nothing', () => {
    assert.equal(tagPatternProblem(''), 'it is empty');
    assert.equal(tagPatternProblem('v[12'), 'a [ is not closed');
    assert.equal(tagPatternProblem('{v,release'), 'a { is not closed');
    assert.equal(tagPatternProblem('v\\'), 'it ends with a lone \\');
    assert.equal(tagMatches('v[12', 'v[12'), false);
  });
});

describe('which tags a milestone names', () => {
  it('reads one tag, a list, and a leading Release word', () => {
    assert.deepEqual(milestoneTags('v2.4.0'), ['v2.4.0']);
    assert.deepEqual(milestoneTags(' v2.4.0, v2.4.1 ;v2.4.2 '), ['v2.4.0', 'v2.4.1', 'v2.4.2']);
    assert.deepEqual(milestoneTags('Release v2.4.0'), ['v2.4.0']);
    assert.deepEqual(milestoneTags('release `v2.5.0`'), ['v2.5.0']);
    assert.deepEqual(milestoneTags(undefined), []);
    assert.deepEqual(milestoneTags(' , '), []);
  });

  it('covers a tag by its exact name, ignoring case and a leading v before a digit', () => {
    assert.equal(milestoneCovers('v2.4.0', 'v2.4.0'), true);
    assert.equal(milestoneCovers('V2.4.0', 'v2.4.0'), true);
    assert.equal(milestoneCovers('2.4.0', 'v2.4.0'), true);
    assert.equal(milestoneCovers('Release 2.4.0', 'v2.4.0'), true);
    assert.equal(milestoneCovers('v2.4.0', '2.4.0'), true);
    assert.equal(milestoneCovers('v2.4', 'v2.4.1'), false, 'one review does not silence a later patch');
    assert.equal(milestoneCovers('Sprint 31', 'v31'), false);
    assert.equal(milestoneCovers('vnext', 'next'), false, 'the v is optional before a digit only');
  });
});

describe('releasesAwaitingReview', () => {
  const tags: ReleaseTag[] = [
    { name: 'v2.3.0', date: '2026-09-01T10:00:00+02:00' },
    { name: 'v2.4.0', date: '2026-10-01T10:00:00+02:00' },
    { name: 'v2.4.1', date: '2026-10-08T09:00:00+02:00' },
    { name: 'v2.5.0-rc.1', date: '2026-11-02T16:00:00+01:00' },
    { name: 'v2.5.0', date: '2026-11-20T14:03:00+01:00' },
    { name: 'nightly-2026-11-21', date: '2026-11-21T02:00:00Z' },
    { name: 'deploy-eu-17', date: '2026-11-19T08:00:00Z' },
  ];
  const reports = [
    { uri: 'file:///ws/a.md', milestone: 'v2.3.0' },
    { uri: 'file:///ws/b.md', milestone: 'Release v2.4.0, v2.4.1' },
    { uri: 'file:///ws/c.md' },
  ];

  it('lists the matching tags no report names, newest first', () => {
    assert.deepEqual(releasesAwaitingReview(tags, [{ tag: 'v*' }], reports), [
      { tag: 'v2.5.0', trigger: { tag: 'v*' }, date: '2026-11-20T14:03:00+01:00' },
      { tag: 'v2.5.0-rc.1', trigger: { tag: 'v*' }, date: '2026-11-02T16:00:00+01:00' },
    ]);
  });

  it('names the first trigger a tag matches, so the review starts with its name (release by default)', () => {
    assert.equal(reviewTrigger({ tag: 'v*' }), 'release');
    assert.equal(reviewTrigger({ tag: 'v*', name: 'Release' }), 'Release');
    const triggers = [
      { tag: 'v*.*.*-*', name: 'Pre-release' },
      { tag: 'v*', name: 'Release' },
      { tag: 'deploy-*', name: 'Deploy' },
    ];
    assert.deepEqual(
      releasesAwaitingReview(tags, triggers, reports).map((r) => [r.tag, r.trigger.name]),
      [
        ['v2.5.0', 'Release'],
        ['deploy-eu-17', 'Deploy'],
        ['v2.5.0-rc.1', 'Pre-release'],
      ],
    );
  });

  it('compares times across time zones', () => {
    const zoned: ReleaseTag[] = [
      { name: 'v1', date: '2026-11-20T10:00:00+05:00' }, // 05:00 UTC
      { name: 'v2', date: '2026-11-20T01:00:00-03:00' }, // 04:00 UTC
    ];
    assert.deepEqual(
      releasesAwaitingReview(zoned, [{ tag: 'v*' }], []).map((r) => r.tag),
      ['v1', 'v2'],
    );
  });

  it('puts tags without a date after dated ones, newest version first', () => {
    const undated: ReleaseTag[] = [{ name: 'v2.9.0' }, { name: 'v2.10.0' }, { name: 'v1.0.0', date: '2020-01-01T00:00:00Z' }, { name: 'v2.10.0-rc.1' }];
    assert.deepEqual(
      releasesAwaitingReview(undated, [{ tag: 'v*' }], []).map((r) => r.tag),
      ['v1.0.0', 'v2.10.0', 'v2.10.0-rc.1', 'v2.9.0'],
    );
  });

  it('lists nothing without triggers, and a tag listed twice once', () => {
    assert.deepEqual(releasesAwaitingReview(tags, [], []), []);
    assert.deepEqual(releasesAwaitingReview(tags, [{ tag: 'v[' }], []), [], 'a pattern that cannot be used matches nothing');
    const twice = releasesAwaitingReview([{ name: 'v1' }, { name: 'v1' }], [{ tag: 'v*' }], []);
    assert.deepEqual(twice, [{ tag: 'v1', trigger: { tag: 'v*' } }]);
  });

  it('is satisfied by reports whatever the case or v prefix of their milestone', () => {
    const covered = releasesAwaitingReview(tags, [{ tag: 'v*' }], [...reports, { uri: 'x', milestone: 'V2.5.0' }, { uri: 'y', milestone: '2.5.0-RC.1' }]);
    assert.deepEqual(covered, []);
  });
});

describe('compareVersions', () => {
  it('orders digits as numbers and pre-releases before their release', () => {
    const names = ['v2.10.0', 'v2.4.0', 'v2.4', 'v2.4.0-rc.2', 'v10.0.0', 'v2.4.0.1', 'v2.4.0-rc.1', 'v2.9.1'];
    assert.deepEqual([...names].sort(compareVersions), ['v2.4', 'v2.4.0-rc.1', 'v2.4.0-rc.2', 'v2.4.0', 'v2.4.0.1', 'v2.9.1', 'v2.10.0', 'v10.0.0']);
    assert.equal(compareVersions('v2.4.0', 'v2.4.0'), 0);
    assert.ok(compareVersions('v2.4.0-rc.1', 'v2.4.0.1') < 0);
  });
});
