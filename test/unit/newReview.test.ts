// A new review as `aar.newReview` (and later `aar new`) makes it: the template filled in, read
// back by the engine as a user's report would be, a file name that is safe anywhere, and the
// cursor where the user starts writing.
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { parse } from 'yaml';
import { analyze } from '../../server/src/core/analyze';
import { defaultConfig, mergeConfig } from '../../server/src/core/config';
import { applyEdits } from '../../server/src/core/edits';
import {
  DEFAULT_REVIEW_TEMPLATE,
  renderReviewTemplate,
  reviewFileName,
  reviewFileStem,
  summaryCursor,
  type ReviewVariables,
} from '../../server/src/core';
import type { Analysis } from '../../server/src/core/types';

const DATE = '2026-11-26';
const FULL: Omit<ReviewVariables, 'title'> = { date: DATE, trigger: 'release', milestone: 'v2.5.0', deliveryOwner: '@dana' };

const HOSTILE_TITLES = [
  '../../etc/passwd',
  '..\\..\\Windows\\system32',
  'a: b # c',
  '"quoted"',
  "it's 'single'",
  '@handle',
  '- [ ] not a list',
  '{{title}} ${process.exit(1)} {{constructor}}',
  'Launch 🚀 with ✨ and 日本語',
  'yes',
  'null',
  '2026-11-26',
  `A very long title ${'word '.repeat(60)}end`,
  'CON',
  'aarvar0z aarvar1z',
  'nul',
  'bell\u0007 tab\t new\nline\r\nand\u007f\u0085 more\u2028',
  '<!-- not a comment',
  '   ',
];

function analyse(text: string, config = defaultConfig()): Analysis {
  // A new review lives in the reviews folder; the front matter alone must make it a report.
  return analyze(text, { uri: 'file:///w/notes/new.md', relativePath: 'notes/new.md', config, today: DATE });
}

/** The front matter as any YAML reader sees it. */
function frontMatterOf(text: string): Record<string, unknown> {
  const m = /^---\r?\n([\s\S]*?)\r?\n---\r?\n/.exec(text);
  assert.ok(m, 'the text opens with front matter');
  return parse(m[1]) as Record<string, unknown>;
}

const findings = (a: Analysis) => a.findings.map((f) => `${f.ruleId}:${String(f.data?.kind ?? '')}`).sort();
/** What a new, empty report necessarily has: its four sections hold only guidance. */
const EMPTY_REPORT = ['empty-section:actions', 'empty-section:improvements', 'empty-section:outcomes', 'empty-section:summary'];

describe('renderReviewTemplate with the default template', () => {
  it('is a report with all four sections, only empty ones: no front-matter, missing-section or action error', () => {
    const text = renderReviewTemplate(DEFAULT_REVIEW_TEMPLATE, { title: 'Release 2.5 of the checkout', ...FULL });
    const analysis = analyse(text);
    assert.equal(analysis.report?.detectedBy, 'front-matter');
    assert.deepEqual(findings(analysis), EMPTY_REPORT);
    assert.deepEqual(analysis.report.sections.map((s) => s.kind), ['summary', 'outcomes', 'improvements', 'actions']);
    assert.deepEqual(analysis.report.actions, []);
    const md = analysis.report.metadata;
    assert.deepEqual(
      [md.title?.value, md.date?.value, md.trigger?.value, md.milestone?.value, md.deliveryOwner?.value, md.status?.value, md.type?.value],
      ['Release 2.5 of the checkout', DATE, 'release', 'v2.5.0', '@dana', 'draft', 'after-action-report'],
    );
    assert.match(text, /^# Release 2\.5 of the checkout$/m);
  });

  it('starts as a draft with nothing above an info: what is still to write is not yet a problem', () => {
    // No Delivery Owner given, as when the prompt is left empty.
    const text = renderReviewTemplate(DEFAULT_REVIEW_TEMPLATE, { title: 'Checkout outage', date: DATE, trigger: 'incident' });
    const severities = (a: Analysis) => a.findings.map((f) => `${f.ruleId}:${f.severity}`).sort();
    assert.deepEqual(severities(analyse(text)), [
      'empty-section:info',
      'empty-section:info',
      'empty-section:info',
      'empty-section:info',
      'missing-delivery-owner:info',
    ]);
    assert.ok(
      analyse(text).findings.every((f) => !/remove the heading/.test(f.message)),
      'a required section is not to be removed: missing-section would then be an error',
    );
    // Sent for review, the same gaps are warnings; a team's own severity holds in a draft too.
    const inReview = text.replace(/^status: draft/m, 'status: in-review');
    assert.notEqual(inReview, text);
    assert.deepEqual([...new Set(severities(analyse(inReview)))], ['empty-section:warning', 'missing-delivery-owner:warning']);
    const strict = mergeConfig(defaultConfig(), { severities: { 'empty-section': 'warning' } });
    assert.deepEqual([...new Set(severities(analyse(text, strict)))], ['empty-section:warning', 'missing-delivery-owner:info']);
  });

  for (const title of HOSTILE_TITLES) {
    it(`keeps the YAML valid and the title intact for ${JSON.stringify(title).slice(0, 40)}`, () => {
      const text = renderReviewTemplate(DEFAULT_REVIEW_TEMPLATE, { title, ...FULL });
      const data = frontMatterOf(text);
      assert.equal(data.title, title, 'the title reads back as typed');
      assert.equal(data.delivery_owner, '@dana');
      const analysis = analyse(text);
      assert.deepEqual(findings(analysis), EMPTY_REPORT, text);
      assert.equal(analysis.report?.metadata.title?.value, title);
      // In the body the title is one line of text, whatever was typed; nothing in it is a variable, or run.
      const heading = text.split('\n').find((l) => l.startsWith('#'));
      const printable = (ch: string) => ch.charCodeAt(0) >= 0x20 && !(ch.charCodeAt(0) >= 0x7f && ch.charCodeAt(0) <= 0x9f);
      const oneLine = [...title.replace(/[\r\n\t\u2028\u0085]+/g, ' ')].filter(printable).join('').replace(/ {2,}/g, ' ').trim();
      assert.equal(heading, `# ${oneLine}`);
    });
  }

  it('writes line breaks in the title as spaces in the body, and drops other control characters', () => {
    const text = renderReviewTemplate(DEFAULT_REVIEW_TEMPLATE, { title: 'bell\u0007 tab\t new\nline\r\nand\u007f more', ...FULL });
    assert.match(text, /^# bell tab new line and more$/m);
  });

  it('leaves an optional value that is not given empty, which YAML reads as null: not a trigger named ""', () => {
    const text = renderReviewTemplate(DEFAULT_REVIEW_TEMPLATE, { title: 'Q3 wash-up', date: DATE, trigger: '', milestone: undefined });
    const data = frontMatterOf(text);
    assert.equal(data.trigger, null);
    assert.equal(data.milestone, null);
    assert.equal(data.delivery_owner, null);
    assert.match(text, /^trigger: # /m, 'the guidance comment stays, after one space');
    assert.match(text, /^milestone: # /m);
    // Without a Delivery Owner the report says so: that is the one warning more.
    assert.deepEqual(findings(analyse(text)), [...EMPTY_REPORT, 'missing-delivery-owner:'].sort());
  });

  it('writes a Delivery Owner given as a name, or as a handle, so that it reads back as given', () => {
    for (const deliveryOwner of ['Dana Reyes', '@dana', 'Dana Reyes <dana@example.com>']) {
      const text = renderReviewTemplate(DEFAULT_REVIEW_TEMPLATE, { title: 'Review', date: DATE, deliveryOwner });
      assert.equal(frontMatterOf(text).delivery_owner, deliveryOwner);
      assert.equal(analyse(text).report?.metadata.deliveryOwner?.value, deliveryOwner);
    }
  });
});

describe('renderReviewTemplate with a team template', () => {
  it('fills placeholders inside quoted, plain and flow values, with spaces inside the braces', () => {
    const template = [
      '---',
      'type: postmortem',
      'title: "Review: {{ title }}"',
      "subtitle: 'It''s {{title}}'",
      'heading: Release {{milestone}} review # for {{title}}',
      'tags: [{{trigger}}, retro]',
      'people:',
      '  - {{deliveryOwner}}',
      '---',
      '## Background',
      '',
      'Reviewed on {{date}} by {{deliveryOwner}}; {{unknown}}, {{constructor}} and {{ also_unknown }} stay.',
      '',
    ].join('\n');
    const title = 'a: "b" # c';
    const text = renderReviewTemplate(template, { title, date: DATE, trigger: 'release, then hotfix', milestone: '2.5 #1', deliveryOwner: '@dana' });
    const data = frontMatterOf(text);
    assert.equal(data.title, `Review: ${title}`);
    assert.equal(data.subtitle, `It's ${title}`);
    assert.equal(data.heading, 'Release 2.5 #1 review');
    assert.deepEqual(data.tags, ['release, then hotfix', 'retro']);
    assert.deepEqual(data.people, ['@dana']);
    assert.match(text, /# for a: "b" # c$/m, 'a comment takes the value as it is');
    assert.ok(text.includes('Reviewed on 2026-11-26 by @dana; {{unknown}}, {{constructor}} and {{ also_unknown }} stay.'));
  });

  it('keeps the line endings of a CRLF template', () => {
    const template = DEFAULT_REVIEW_TEMPLATE.replace(/\n/g, '\r\n');
    const text = renderReviewTemplate(template, { title: 'a: b', date: DATE, trigger: '' });
    assert.ok(!/(?<!\r)\n/.test(text), 'every line break is CRLF');
    assert.equal(frontMatterOf(text).title, 'a: b');
    assert.equal(frontMatterOf(text).trigger, null);
  });

  it('fills a template without front matter as prose', () => {
    assert.equal(renderReviewTemplate('# {{title}}\n\n{{ date }}\n', { title: 'One\ntwo', date: DATE }), '# One two\n\n2026-11-26\n');
  });
});

describe('reviewFileStem and reviewFileName', () => {
  it('names the file from the date and the title, in lower-case ASCII', () => {
    assert.equal(reviewFileStem(DATE, 'Release 2.5: Checkout'), '2026-11-26-release-2-5-checkout');
    assert.equal(reviewFileStem(DATE, 'Crème brûlée & Straße Øresund'), '2026-11-26-creme-brulee-strasse-oresund');
    assert.equal(reviewFileStem(DATE, '!!!'), '2026-11-26-review');
    assert.equal(reviewFileStem(DATE, '日本語のレビュー'), '2026-11-26-review');
    assert.equal(reviewFileStem('', 'CON'), 'con-review', 'never a name Windows reserves');
    assert.equal(reviewFileStem('', 'com1'), 'com1-review');
  });

  it('is one safe path segment for any title', () => {
    for (const title of HOSTILE_TITLES) {
      const stem = reviewFileStem(DATE, title);
      assert.match(stem, /^2026-11-26-[a-z0-9]+(?:-[a-z0-9]+)*$/, stem);
      assert.ok(stem.length <= 80, `${stem.length} characters`);
      assert.ok(!stem.includes('..'));
      assert.equal(path.posix.basename(stem), stem);
      assert.equal(path.win32.basename(stem), stem);
    }
  });

  it('cuts a long title at a word boundary', () => {
    const stem = reviewFileStem(DATE, `Release ${'checkout '.repeat(20)}service`);
    assert.ok(stem.length <= 80 && stem.length > 70, `${stem} (${stem.length})`);
    assert.match(stem, /-checkout$/, 'ends on a whole word');
  });

  it('numbers later attempts', () => {
    assert.equal(reviewFileName('2026-11-26-q3', 1), '2026-11-26-q3.md');
    assert.equal(reviewFileName('2026-11-26-q3', 2), '2026-11-26-q3-2.md');
    assert.equal(reviewFileName('2026-11-26-q3', 12), '2026-11-26-q3-12.md');
  });
});

describe('summaryCursor', () => {
  /** Types at the cursor and reads the report again. */
  function typeAt(text: string, words: string, config = defaultConfig()) {
    const at = summaryCursor(text, config);
    const typed = applyEdits(text, [{ range: { start: at, end: at }, newText: words }]);
    return { at, typed, analysis: analyse(typed, config) };
  }

  it('goes to the end of a template nested too deeply to read, rather than fail to make the review', () => {
    const text = `# Review\n\n## Summary\n\n${'> '.repeat(5_000)}x\n`;
    assert.deepEqual(summaryCursor(text), { line: 5, character: 0 });
  });

  it('lands in the default template on the line after the Summary guidance: what is typed there is the summary', () => {
    const text = renderReviewTemplate(DEFAULT_REVIEW_TEMPLATE, { title: 'Release 2.5', ...FULL });
    const { at, analysis } = typeAt(text, 'The 2.5 release went out two days late.');
    const lines = text.split('\n');
    assert.match(lines[at.line - 1], /^<!-- What was reviewed/);
    assert.equal(at.character, 0);
    assert.equal(analysis.report?.summary, 'The 2.5 release went out two days late.');
    assert.deepEqual(findings(analysis), EMPTY_REPORT.filter((f) => f !== 'empty-section:summary'));
  });

  it('finds a summary under a synonym, and a team heading when the configuration names it', () => {
    const overview = '---\ntype: aar\n---\n\n## 1. Overview\n\nWrite what happened here.\n\n## Outcomes\n';
    assert.deepEqual(summaryCursor(overview), { line: 6, character: 0 });

    const background = '# Review\n\n## Background\n<!--\nWhy the review happened.\n-->\n\n## Outcomes\n';
    const config = mergeConfig(defaultConfig(), { sectionSynonyms: { summary: ['Background'] } });
    assert.deepEqual(summaryCursor(background, config), { line: 6, character: 0 });
    // Without the team's heading there is no summary: the end of the text.
    assert.deepEqual(summaryCursor(background), { line: 8, character: 0 });
  });
});
