// `proposeSetup` (core/setup.ts), the engine of `aar init`: on the whole real-world corpus read as
// one repository, and on small repositories made here for one decision each.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { analyze } from '../../server/src/core/analyze';
import { defaultConfig, mergeConfig, parseTeamConfig } from '../../server/src/core/config';
import { detectReport, globToRegExp, NOT_A_REPORT_NAME } from '../../server/src/core/detect';
import { headingCore, headingWords } from '../../server/src/core/headings';
import { proposeSetup, type SetupFile, type SetupInput } from '../../server/src/core/setup';
import { SECTION_KINDS, type SectionKind } from '../../server/src/core/types';

const REAL_WORLD = join(__dirname, '..', 'fixtures', 'real-world');
const TODAY = '2026-11-26';
const NOT_A_REPORT = /<!--\s*fixture:\s*not-a-report\s*-->/;
const TEAM_SECTION = /^#+\s+(.*?)\s*<!--\s*team-section:\s*(summary|outcomes|improvements|actions)\s*-->/gm;

/** Every Markdown file under `dir`, as the engine takes them: paths relative to `dir`, `/`-separated. */
function readTree(dir: string): SetupFile[] {
  const walk = (d: string): string[] =>
    readdirSync(d, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(d, e.name)) : e.name.endsWith('.md') ? [join(d, e.name)] : []));
  return walk(dir)
    .sort()
    .map((f) => ({ path: relative(dir, f).split(sep).join('/'), text: readFileSync(f, 'utf8') }));
}

const sameHeading = (a: string, b: string) => headingWords(headingCore(a).core).join(' ') === headingWords(headingCore(b).core).join(' ');
const configOf = (yaml: string) => mergeConfig(defaultConfig(), parseTeamConfig(yaml).layer);
const propose = (files: SetupFile[], extra: Partial<SetupInput> = {}) => proposeSetup({ files, today: TODAY, ...extra });

/** The kinds of section a report written in the corpus holds: recognised by the engine, or marked as the team's. */
function kindsHeld(file: SetupFile): Set<SectionKind> {
  const report = analyze(file.text, { uri: file.path, relativePath: file.path, today: TODAY, force: true }).report!;
  const kinds = new Set(report.sections.map((s) => s.kind));
  if (report.actions.length) kinds.add('actions');
  for (const m of file.text.matchAll(TEAM_SECTION)) kinds.add(m[2] as SectionKind);
  return kinds;
}

describe('proposeSetup on the real-world corpus', () => {
  const files = readTree(REAL_WORLD);
  const reports = files.filter((f) => !NOT_A_REPORT.test(f.text));
  const notReports = files.filter((f) => NOT_A_REPORT.test(f.text));
  const proposal = propose(files);
  const config = configOf(proposal.file.proposed);

  it('finds every report and leaves out every file that is none', () => {
    assert.ok(reports.length >= 60 && notReports.length >= 5);
    assert.deepEqual(proposal.reports.map((r) => r.path).sort(), reports.map((f) => f.path).sort());
    assert.deepEqual(proposal.leftOut.map((l) => l.path).sort(), notReports.map((f) => f.path).sort());
  });

  it('says how each report was found and why each other file was left out', () => {
    for (const r of proposal.reports) assert.match(r.why, /\w/, r.path);
    const why = Object.fromEntries(proposal.leftOut.map((l) => [l.path, l.reason]));
    assert.equal(why['team-own-headings/ops/reviews/index.md'], 'name');
    assert.equal(why['pagerduty-howd-we-do/postmortems/template.md'], 'name');
    assert.equal(why['sprint-retro-went-well/wiki/Retrospectives.md'], 'no-signature');
    const byFound = Object.fromEntries(proposal.reports.map((r) => [r.path, r.by]));
    assert.equal(byFound['team-own-headings/ops/reviews/2026-02-17-kafka-upgrade.md'], 'front-matter');
    assert.equal(byFound['google-sre-table/docs/postmortems/2026-04-02-image-resizer-oom.md'], 'headings');
    assert.equal(byFound['action-log-many-retros/wiki/Working-Agreements.md'], 'evidence');
  });

  it('proposes globs that match the reports and no other Markdown file detection would take', () => {
    const globs = proposal.globs.map((g) => globToRegExp(g.glob));
    for (const f of files) {
      const isReport = !NOT_A_REPORT.test(f.text);
      const matched = globs.some((re) => re.test(f.path));
      if (isReport) assert.ok(matched, `no glob matches the report ${f.path}`);
      else if (matched) assert.match(f.path.slice(f.path.lastIndexOf('/') + 1), NOT_A_REPORT_NAME, `${f.path} is matched by a glob`);
      assert.equal(detectReport(f.text, f.path, config).isReport, isReport, `${f.path}: detection with the proposal`);
    }
  });

  it('prefers folder globs, and a name pattern where a note sits among the reports', () => {
    const globs = proposal.globs.map((g) => g.glob);
    assert.ok(globs.includes('team-own-headings/ops/reviews/**/*.md'), globs.join('\n'));
    assert.ok(globs.includes('sprint-retro-went-well/wiki/*-Retrospective.md'), globs.join('\n'));
    assert.equal(proposal.globs.filter((g) => g.shape === 'file').length, 0, globs.join('\n'));
  });

  it('leaves only the sections really absent missing: none the engine found is lost, none the team wrote is missed', () => {
    const problems: string[] = [];
    for (const f of reports) {
      const absent = SECTION_KINDS.filter((k) => !kindsHeld(f).has(k));
      const after = analyze(f.text, { uri: f.path, relativePath: f.path, config, today: TODAY, force: true });
      const missing = after.findings.filter((x) => x.ruleId === 'missing-section').map((x) => x.data?.kind as string);
      if (missing.sort().join() !== [...absent].sort().join()) problems.push(`${f.path}: missing ${missing.join(', ') || 'nothing'}, really absent ${absent.join(', ') || 'nothing'}`);
    }
    assert.deepEqual(problems, []);
  });

  it("proposes every heading the team-own-headings team writes for a section", () => {
    const marked = files.filter((f) => f.path.startsWith('team-own-headings/')).flatMap((f) => [...f.text.matchAll(TEAM_SECTION)].map((m) => ({ heading: m[1], kind: m[2] as SectionKind })));
    assert.ok(marked.length >= 12);
    for (const { heading, kind } of marked) {
      assert.ok((proposal.values.sectionSynonyms[kind] ?? []).some((h) => sameHeading(h, heading)), `"${heading}" is not proposed for ${kind}`);
    }
  });

  it('takes over no recognised heading: "Timeline" for the outcomes leaves "Timeline summary" a summary, with nothing to pin', () => {
    assert.deepEqual(proposal.pinned, []);
    const lag = files.find((f) => f.path.endsWith('investigations/2026-07-15-ingestion-lag.md'))!;
    const after = analyze(lag.text, { uri: lag.path, relativePath: lag.path, config, today: TODAY, force: true }).report!;
    assert.ok(after.sections.some((s) => s.kind === 'summary' && sameHeading(s.heading.text, 'Timeline summary')));
  });

  it('writes a commented file that the configuration reader reads back, with no error, to the values proposed', () => {
    const text = proposal.file.proposed;
    const parsed = parseTeamConfig(text);
    assert.deepEqual(parsed.errors, []);
    assert.equal(proposal.file.changed, true);
    assert.equal(proposal.file.existing, undefined);
    assert.deepEqual(parsed.layer.reportGlobs, proposal.globs.map((g) => g.glob));
    assert.deepEqual(proposal.values.reportGlobs, proposal.globs.map((g) => g.glob));
    const sections: Partial<Record<SectionKind, string[]>> = {};
    for (const kind of SECTION_KINDS) {
      const headings = [...proposal.sections.filter((s) => s.kind === kind).map((s) => s.heading), ...proposal.pinned.filter((p) => p.kind === kind).map((p) => p.heading)];
      if (headings.length) sections[kind] = headings;
    }
    assert.deepEqual(parsed.layer.sectionSynonyms, sections);
    assert.deepEqual(
      parsed.layer.roster?.map((p) => [p.handle, p.name]),
      proposal.team.map((p) => [p.handle, p.name]),
    );
    assert.equal(parsed.layer.deliveryOwner, proposal.deliveryOwner?.written);
    assert.equal(parsed.layer.tagTriggers, undefined, 'no tags, no triggers');
    assert.match(text, /^ +# 6 reports under team-own-headings\/ops\/reviews\/, found by their front matter$/m);
    assert.match(text, /^ +# "Timeline" stands where the outcomes go in 6 of the 6 reports without them/m);
  });

  it('counts fewer missing sections with the proposal, and no more errors', () => {
    const { before, after } = proposal.problems;
    assert.equal(before.byRule['missing-section'] - after.byRule['missing-section'], 12);
    assert.ok(after.errors < before.errors, `${before.errors} errors before, ${after.errors} after`);
  });

  it('leaves out an owner that the report\'s own team list does not hold, and says who was meant', () => {
    const typo = proposal.peopleLeftOut.find((p) => p.written === '@tobyas');
    assert.ok(typo && /@tobias/.test(typo.why), JSON.stringify(proposal.peopleLeftOut));
    assert.ok(!proposal.team.some((p) => p.handle === 'tobyas'));
    assert.ok(proposal.team.some((p) => p.handle === 'tobias'));
  });
});

describe('proposeSetup merging into an existing .aar.yml', () => {
  const files = readTree(join(REAL_WORLD, 'team-own-headings'));
  const existing = [
    '# Ops reviews: ask Rhea before changing this file.',
    'rules:',
    '  vague-action: off   # we word actions our own way',
    'team:',
    '  - "@rhea"   # lead',
    '',
    '# where our reports live',
    'reports: ["ops/**/*.md"]',
    '',
  ].join('\n');
  const proposal = propose(files, { existingConfig: existing });

  it('keeps every line, comment and value of the file, and adds what is missing', () => {
    const proposed = proposal.file.proposed.split('\n');
    let at = 0;
    for (const line of existing.split('\n')) {
      const found = proposed.indexOf(line, at);
      assert.ok(found >= 0, `"${line}" is gone:\n${proposal.file.proposed}`);
      at = found + 1;
    }
    assert.equal(proposal.file.existing, existing);
    assert.equal(proposal.file.changed, true);
    const parsed = parseTeamConfig(proposal.file.proposed);
    assert.deepEqual(parsed.errors, []);
    assert.deepEqual(parsed.layer.severities, { 'vague-action': 'off' });
    assert.deepEqual(parsed.layer.reportGlobs, ['ops/**/*.md'], 'the globs already find every report');
    assert.deepEqual(parsed.layer.roster?.map((p) => p.handle), ['rhea', 'lin', 'tobias', 'yusuf', 'mara']);
    assert.deepEqual(parsed.layer.sectionSynonyms, { outcomes: ['Timeline'], improvements: ['Wobbles'] });
  });

  it('proposes nothing more once the file holds the proposal', () => {
    const again = propose(files, { existingConfig: proposal.file.proposed });
    assert.equal(again.file.changed, false);
    assert.equal(again.file.proposed, proposal.file.proposed);
    assert.equal(again.problems.before.total, again.problems.after.total);
  });

  it('adds no reports: when the built-in folders already find exactly the reports', () => {
    const p = propose(files, { existingConfig: 'rules:\n  vague-action: off\n' });
    assert.equal(p.detected.before, 6);
    assert.doesNotMatch(p.file.proposed, /^reports:/m);
    assert.match(p.file.proposed, /^sections:/m);
  });

  it('leaves a file that is not valid YAML as it is, and says so', () => {
    const broken = 'team: [@rhea\n';
    const p = propose(files, { existingConfig: broken });
    assert.equal(p.file.proposed, broken);
    assert.equal(p.file.changed, false);
    assert.match(p.file.unmerged ?? '', /cannot be read as YAML/);
  });
});

/** A report without front matter, as a team writes them: its headings are all that says what it is. */
function incident(title: string, extra = ''): string {
  return `# ${title}

## Summary

The service was down for 20 minutes.

## Impact

Checkout failed for a fifth of the users.
${extra}
## Lessons learned

- The alert fired late.

## Action items

- [ ] Alert on checkout errors @sam due:2026-12-01
`;
}

describe('proposeSetup, decision by decision', () => {
  it('gives a folder where notes sit beside the reports a narrower glob', () => {
    const files: SetupFile[] = [
      { path: 'docs/incidents/2026-01-10-db-outage.md', text: incident('Database outage') },
      { path: 'docs/incidents/2026-03-02-cdn-errors.md', text: incident('CDN errors') },
      { path: 'docs/incidents/2026-05-20-login-loop.md', text: incident('Login loop') },
      { path: 'docs/incidents/oncall-notes.md', text: '# On-call notes\n\n## Rota\n\n- Sam this week\n' },
      { path: 'docs/incidents/README.md', text: '# Incidents\n\nOne file per incident.\n' },
      { path: 'README.md', text: '# Shop\n\n## Overview\n\nThe shop.\n' },
    ];
    const p = propose(files);
    assert.deepEqual(p.globs.map((g) => g.glob), ['docs/incidents/20*.md']);
    assert.deepEqual(p.leftOut.map((l) => [l.path, l.reason]), [
      ['README.md', 'name'],
      ['docs/incidents/README.md', 'name'],
      ['docs/incidents/oncall-notes.md', 'no-signature'],
    ]);
    const config = configOf(p.file.proposed);
    for (const f of files) assert.equal(detectReport(f.text, f.path, config).isReport, f.path.includes('/20'), f.path);
  });

  it('gives a folder holding only reports (and its README) a folder glob', () => {
    const files: SetupFile[] = [
      { path: 'docs/postmortems/2026/db-outage.md', text: incident('Database outage') },
      { path: 'docs/postmortems/2025/cdn-errors.md', text: incident('CDN errors') },
      { path: 'docs/postmortems/README.md', text: '# Postmortems\n' },
      { path: 'docs/design.md', text: '# Design\n\n## Summary\n\nHow it works.\n\n## Next steps\n\n- Build it\n' },
    ];
    const p = propose(files);
    assert.deepEqual(p.globs.map((g) => g.glob), ['docs/postmortems/**/*.md']);
    assert.deepEqual(p.leftOut.map((l) => l.path), ['docs/design.md', 'docs/postmortems/README.md']);
  });

  it('proposes v* for tags v1.0.0 and v1.1.0, release-* for release-2026-01, and no trigger without tags', () => {
    const files = [{ path: 'retros/2026-01-10.md', text: incident('Release retro') }];
    const versions = propose(files, { tags: [{ name: 'v1.0.0', date: '2026-01-05T10:00:00+00:00' }, { name: 'v1.1.0', date: '2026-02-05T10:00:00+00:00' }] });
    assert.deepEqual(versions.triggers, [{ tag: 'v*', name: 'release', tags: ['v1.1.0', 'v1.0.0'] }]);
    assert.deepEqual(parseTeamConfig(versions.file.proposed).layer.tagTriggers, [{ tag: 'v*', name: 'release' }]);
    const releases = propose(files, { tags: [{ name: 'release-2026-01' }, { name: 'release-2026-02' }, { name: 'nightly' }] });
    assert.deepEqual(releases.triggers.map((t) => t.tag), ['release-*']);
    // Builds are not releases, and a bare counter is not a version.
    const builds = propose(files, { tags: [{ name: 'v2.4.0' }, { name: 'nightly-1' }, { name: 'nightly-2' }, { name: 'build-482' }, { name: 'deploy-7' }] });
    assert.deepEqual(builds.triggers.map((t) => t.tag), ['v*']);
    const none = propose(files, { tags: [] });
    assert.deepEqual(none.triggers, []);
    assert.doesNotMatch(none.file.proposed, /^triggers:/m);
  });

  it('proposes a heading for a missing section only when several reports use it there', () => {
    const between = (heading: string) => `\n## ${heading}\n\n- The deploy script had no dry run.\n`;
    const retro = (title: string, heading?: string) =>
      `# ${title}\n\n## Summary\n\nWe shipped 2.${title.length}.\n\n## What went well\n\n- The canary caught a bug.\n${heading ? between(heading) : ''}\n## Action items\n\n- [ ] Add a dry run @sam\n`;
    const once = propose([
      { path: 'retros/2026-01.md', text: retro('Retro one', 'Bumps') },
      { path: 'retros/2026-02.md', text: retro('Retro two') },
      { path: 'retros/2026-03.md', text: retro('Retro three') },
    ]);
    assert.deepEqual(once.sections, [], 'seen in one report only');
    assert.doesNotMatch(once.file.proposed, /^sections:/m);
    const twice = propose([
      { path: 'retros/2026-01.md', text: retro('Retro one', 'Bumps') },
      { path: 'retros/2026-02.md', text: retro('Retro two', 'Bumps') },
      { path: 'retros/2026-03.md', text: retro('Retro three') },
    ]);
    assert.deepEqual(twice.sections.map((s) => [s.kind, s.heading, s.reports.length, s.missing]), [['improvements', 'Bumps', 2, 3]]);
  });

  it('takes no heading from before the first section, where context and titles stand', () => {
    const report = (n: number) => `# Drill ${n}\n\n## What was planned\n\nA failover.\n\n## What happened\n\nIt worked.\n\n## Lessons learned\n\n- Slow DNS.\n\n## Action items\n\n- [ ] Lower TTLs @sam\n`;
    const p = propose([1, 2, 3].map((n) => ({ path: `drills/2026-0${n}-drill.md`, text: report(n) })));
    assert.equal(p.reports.length, 3);
    assert.deepEqual(p.sections, []);
  });

  it('takes a Delivery Owner who leads most reports, and none when they take turns', () => {
    const led = (owner: string) => `---\ntype: postmortem\ndelivery_owner: "${owner}"\n---\n${incident('Outage')}`;
    const most = propose(['@sam', '@sam', '@kim'].map((o, i) => ({ path: `postmortems/2026-0${i + 1}.md`, text: led(o) })));
    assert.deepEqual(most.deliveryOwner, { written: '@sam', reports: 2, of: 3 });
    assert.equal(parseTeamConfig(most.file.proposed).layer.deliveryOwner, '@sam');
    const turns = propose(['@sam', '@kim', '@lee'].map((o, i) => ({ path: `postmortems/2026-0${i + 1}.md`, text: led(o) })));
    assert.equal(turns.deliveryOwner, undefined);
  });

  it('builds the team from team lists and owners, one entry per person, groups marked', () => {
    const withTeam = `---\ntype: postmortem\nteam: ["@sam", "Kim Park"]\n---\n${incident('Outage')}`;
    const owners = `${incident('Retro').replace('@sam', 'owner: Leads')}\n- [ ] Rotate keys @kim\n- [ ] Tell support owner: team\n`;
    const p = propose([
      { path: 'postmortems/2026-01-outage.md', text: withTeam },
      { path: 'postmortems/2026-02-retro.md', text: owners },
    ]);
    assert.deepEqual(
      p.team.map((t) => [t.written, t.reports.length, !!t.group]),
      [
        ['@kim', 2, false],
        ['Leads', 1, true],
        ['@sam', 1, false],
      ],
    );
    assert.equal(p.team.find((t) => t.handle === 'kim')?.name, 'Kim Park', '@kim and Kim Park are one person');
    assert.ok(p.peopleLeftOut.some((l) => l.written === 'team'), JSON.stringify(p.peopleLeftOut));
  });

  it('proposes no file when there is no report', () => {
    const p = propose([{ path: 'README.md', text: '# Hello\n' }, { path: 'docs/guide.md', text: '# Guide\n\n## Summary\n\nHow to.\n' }]);
    assert.deepEqual(p.reports, []);
    assert.equal(p.file.proposed, '');
    assert.equal(p.file.changed, false);
  });
});
