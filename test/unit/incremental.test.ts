// Incremental analysis gives what a fresh analysis gives, on random reports and random edits: the
// chunked parse is the tree of one whole parse, and the findings and their fixes are the same.
// `npm run fuzz` runs the same properties many more times (AAR_FUZZ_RUNS).
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import fc from 'fast-check';
import remarkFrontmatter from 'remark-frontmatter';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { analyze, analyzeWithParser, type AnalyzeOptions } from '../../server/src/core/analyze';
import { defaultConfig, mergeConfig } from '../../server/src/core/config';
import { createDocumentAnalyzer } from '../../server/src/core/incremental';
import { createChunkedParser, parseMarkdown, partsOf } from '../../server/src/core/parse';
import { actionMover, movedDown } from '../../server/src/core/modelCache';
import { LineMap } from '../../server/src/core/text';
import type { Analysis, Range } from '../../server/src/core/types';
import type { Root } from 'mdast';

/** Cases per property in `npm test`; `npm run fuzz` sets many more. */
const FUZZ_RUNS = Number(process.env.AAR_FUZZ_RUNS) || 0;
const runs = (inTests: number) => FUZZ_RUNS || inTests;

// ---- random reports -----------------------------------------------------------------------------

const word = fc.constantFrom('search', 'index', 'alias', 'alerting', 'runbook', 'deploy', 'lock', 'human error', 'blame', 'TBD', 'Kim Park', '`code`', '**bold**', '_it_', '~~gone~~', 'IMP-1', 'A-2', '#12', 'P1');
const owner = fc.constantFrom('@sam', '@kim', '@lee', '@nobody', 'owner: Kim Park', 'owner: TBD', '@TBD', '');
const due = fc.constantFrom('', 'due:2026-12-05', 'due 2025-01-10', '(due 2026-02-30)', 'due:tomorrow');
const text = fc.array(word, { minLength: 1, maxLength: 6 }).map((ws) => ws.join(' '));
const heading = fc.tuple(
  fc.constantFrom('#', '##', '###', '####', '#######', '#no-space', '  ##', '\\#'),
  fc.constantFrom('Summary', 'Outcomes', 'Improvements', 'Lessons learned', 'Action items', 'Actions', 'What went well', 'Notes', '2. Next steps', 'Timeline ##'),
).map(([marks, title]) => `${marks} ${title}`);
const listItem = fc.tuple(fc.constantFrom('- ', '* ', '1. ', '2) ', '- [ ] ', '- [x] ', '  - ', '    - [ ] ', '> - '), text, owner, due).map(
  ([marker, t, o, d]) => `${marker}${t} ${o} ${d}`.trimEnd(),
);
const list = fc.array(listItem, { minLength: 1, maxLength: 5 }).chain((items) =>
  fc.boolean().map((loose) => items.join(loose ? '\n\n' : '\n')),
);
const table = fc
  .tuple(fc.constantFrom('| Action | Owner | Due | Status |', '| Task | Who |', 'Action | Owner', '| Notes |'), fc.array(fc.tuple(text, owner, due), { maxLength: 4 }))
  .map(([header, rows]) => {
    const columns = header.split('|').filter((c) => c.trim()).length;
    const delimiter = header.startsWith('|') ? `|${' --- |'.repeat(columns)}` : Array(columns).fill('---').join(' | ');
    const body = rows.map((cells) => `| ${cells.slice(0, columns).concat(Array(Math.max(0, columns - 3)).fill('open')).join(' | ')} |`);
    return [header, delimiter, ...body].join('\n');
  });
const fence = fc.tuple(fc.constantFrom('```', '~~~', '````', '  ```', '```js'), fc.array(fc.oneof(text, heading, listItem), { maxLength: 3 }), fc.constantFrom('```', '~~~', '````', '', '  ```')).map(
  ([open, body, close]) => [open, ...body, ...(close ? [close] : [])].join('\n'),
);
const html = fc.constantFrom(
  '<div>\n# inside html\n</div>',
  '<details>\n<summary>More</summary>\n\n- [ ] hidden @sam\n</details>',
  '<!-- a comment\n# in a comment\n-->',
  '<!-- aar-disable-next-line action-missing-owner -->',
  '<!-- aar-disable blame-language -->',
  '<!-- aar-enable blame-language -->',
  '<!-- aar-disable-file vague-action -->',
  '<script>\n# x\n</script>',
  '<span>inline start</span>',
  '<?php\n# x\n?>',
);
const definition = fc.constantFrom('[ref]: https://example.com', '[Ref Two]: /x "title"', '[^1]: A footnote.', '[^note]: Another one.', 'See [ref] and [Ref two][] and [^1].', 'Note[^note] here.');
const misc = fc.constantFrom(
  '',
  '---',
  '***',
  'Summary\n=======',
  'Outcomes\n---',
  '> # quoted heading\n> - [ ] quoted task @sam',
  '**Date:** 2024-03-01',
  '**Postmortem Owner:** Jane Roe',
  'Status: Complete',
  '**Summary:** It broke.',
  '    # indented code',
  '\t- tabbed item',
  '- item\n  ```\n  code\n  ```',
  '- ```\n# heading after a fence in a list',
);
const block = fc.oneof(
  { weight: 4, arbitrary: heading },
  { weight: 4, arbitrary: list },
  { weight: 3, arbitrary: text },
  { weight: 2, arbitrary: table },
  { weight: 2, arbitrary: fence },
  { weight: 2, arbitrary: html },
  { weight: 1, arbitrary: definition },
  { weight: 2, arbitrary: misc },
);
const frontMatter = fc.constantFrom(
  '',
  '---\ntype: after-action-report\ndelivery_owner: "@dana"\nteam: ["@sam", "@kim"]\ndate: 2025-06-01\n---\n',
  '---\ntitle: x\nteam: [unclosed\n---\n',
  '---\ntitle: no closing fence\n',
  '---\n# yaml comment\nstatus: approved\n---\n',
  '---\n---\n',
  '--- \ndate: 2026-02-30\n---  \n',
);

interface Doc {
  text: string;
  eol: string;
}

const doc: fc.Arbitrary<Doc> = fc
  .tuple(
    frontMatter,
    fc.array(block, { maxLength: 14 }),
    fc.constantFrom('\n', '\n', '\n\n'),
    fc.constantFrom('\n', '\n', '\r\n', '\r'),
    fc.boolean(),
    fc.boolean(),
  )
  .map(([fm, blocks, gap, eol, bom, finalEol]) => {
    let body = fm + blocks.join(gap) + (finalEol ? '\n' : '');
    if (eol !== '\n') body = body.replace(/\n/g, eol);
    return { text: (bom ? '\uFEFF' : '') + body, eol };
  });

/** An edit: where (a fraction of the length), how much to remove, and what to insert. */
interface Edit {
  at: number;
  remove: number;
  insert: string;
}

const edit: fc.Arbitrary<Edit> = fc.record({
  at: fc.double({ min: 0, max: 1, noNaN: true }),
  remove: fc.oneof({ weight: 3, arbitrary: fc.constant(0) }, { weight: 2, arbitrary: fc.integer({ min: 1, max: 3 }) }, { weight: 1, arbitrary: fc.integer({ min: 4, max: 80 }) }),
  insert: fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom('x', ' ', '\n', '\r\n', '\r', '#', '# ', '## Actions\n', '```', '\n```\n', '~~~', '---', '\n---\n', '- [ ] ', '@sam', 'due:2026-01-01', '<!--', '-->', '<div>', '\n\n', '|', '[ref]: /u\n', '[^1]: n\n', '[ref]', '>', '\uFEFF', '\u0000', '') },
    { weight: 1, arbitrary: fc.string({ maxLength: 6 }) },
    { weight: 1, arbitrary: block.map((b) => `\n${b}\n`) },
  ),
});

function applyEdit(text: string, e: Edit): string {
  const at = Math.floor(e.at * text.length);
  return text.slice(0, at) + e.insert + text.slice(at + e.remove);
}

// ---- what is compared -------------------------------------------------------------------------

const fullParser = unified().use(remarkParse).use(remarkGfm).use(remarkFrontmatter);

const TODAYS = ['2026-11-26', '2025-01-01'];
const CONFIGS = [
  defaultConfig(),
  mergeConfig(defaultConfig(), { roster: [{ handle: 'sam', source: 'workspace' }, { name: 'Kim Park', source: 'workspace' }] }),
  mergeConfig(defaultConfig(), { sectionSynonyms: { actions: ['Notes'] }, severities: { 'vague-action': 'off' } }),
];
const settings = fc.record({ today: fc.integer({ min: 0, max: TODAYS.length - 1 }), config: fc.integer({ min: 0, max: CONFIGS.length - 1 }) });

function optionsOf(s: { today: number; config: number }): AnalyzeOptions {
  return { uri: 'file:///w/after-action-reports/r.md', relativePath: 'after-action-reports/r.md', today: TODAYS[s.today], config: CONFIGS[s.config], force: true };
}

/**
 * Everything a host shows or applies: findings with their fixes, and the report model. Sets as
 * sorted arrays. Not how actions are grouped for the rules' cache (one group per list, or per part
 * of a long list): the actions are compared in order.
 */
function visible(analysis: Analysis): string {
  return JSON.stringify(analysis, (key, value: unknown) => {
    if (key === 'actionGroups') return undefined;
    if (value instanceof Set) return [...value].sort();
    if (value instanceof Map) return [...(value as Map<number, unknown>)].sort(([a], [b]) => a - b);
    return value;
  });
}

/** Every range of a finding or of a fix's edits lies inside the text, start before end. */
function assertRangesInside(text: string, analysis: Analysis): void {
  const lines = new LineMap(text);
  const inside = (r: Range, what: string) => {
    for (const p of [r.start, r.end]) {
      assert.ok(p.line >= 0 && p.line < lines.lineCount, `${what}: line ${p.line} of ${lines.lineCount}`);
      const length = lines.lineEnd(p.line) - lines.lineStart(p.line);
      assert.ok(p.character >= 0 && p.character <= length, `${what}: character ${p.character} of line ${p.line} (${length})`);
    }
    const before = r.start.line < r.end.line || (r.start.line === r.end.line && r.start.character <= r.end.character);
    assert.ok(before, `${what}: starts after it ends`);
  };
  for (const f of analysis.findings) {
    inside(f.range, f.ruleId);
    for (const fix of f.fixes) for (const e of fix.edits) inside(e.range, `${f.ruleId} fix "${fix.title}"`);
  }
}

/**
 * Each version analysed by one analyzer, one after the other, is what a fresh analysis gives. The
 * fresh analyses come first: what one analysis keeps for the next (the last report's repeated
 * actions, say) is then kept from the analyzer's last version, as when a person types.
 */
function assertTypedAsFresh(versions: string[], options: AnalyzeOptions, listChunkSize?: number): void {
  const fresh = versions.map((text) => visible(analyzeWithParser(text, options, parseMarkdown)));
  const analyzer = createDocumentAnalyzer({ listChunkSize });
  versions.forEach((text, i) => assert.equal(visible(analyzer.analyze(text, options)), fresh[i], `version ${i}: ${JSON.stringify(text)}`));
}

const actionsHeading = fc.constantFrom('## Action items', '### Actions (Completed)', '## Next steps', '**Action Items**', '## Actions\n\n### Long-term (Q2 2026)');

/** A report with lists of actions under an actions heading, blocks above and below them. */
function actionsReport(blocksAbove: number): fc.Arbitrary<string> {
  return fc
    .tuple(frontMatter, fc.array(block, { maxLength: blocksAbove }), actionsHeading, fc.array(list, { minLength: 1, maxLength: 3 }), fc.array(block, { maxLength: 4 }))
    .map(([fm, above, heading, lists, below]) => `${fm}# Review\n\n${above.join('\n\n')}\n\n${heading}\n\n${lists.join('\n\nA note between lists.\n\n')}\n\n${below.join('\n\n')}\n`);
}

/**
 * The versions of `text` as `steps` are typed at `at`: a piece a character at a time, a number
 * that many backspaces, none past the start of the line.
 */
function typedWithinLine(text: string, at: number, steps: (string | number)[]): string[] {
  const versions: string[] = [];
  for (const step of steps) {
    const keys: (string | null)[] = typeof step === 'string' ? [...step] : Array(step).fill(null);
    for (const key of keys) {
      if (key === null) {
        if (at === 0 || text[at - 1] === '\n') break;
        text = text.slice(0, at - 1) + text.slice(at);
        at--;
      } else {
        text = text.slice(0, at) + key + text.slice(at);
        at += key.length;
      }
      versions.push(text);
    }
  }
  return versions;
}

describe('incremental analysis', function () {
  // Thousands of random cases take seconds; the fuzz run takes as long as it takes.
  this.timeout(FUZZ_RUNS ? 0 : 60_000);
  let cases = 0;
  after(() => {
    if (FUZZ_RUNS) console.log(`      ${cases} random cases passed`);
  });

  it('parses in chunks to the tree of one whole parse, through random edits', () => {
    fc.assert(
      fc.property(doc, fc.array(edit, { maxLength: 4 }), fc.constantFrom(0, 1, 40), ({ text }, edits, listChunkSize) => {
        cases++;
        // Chunks end inside lists from this size on: small sizes split every list of these short reports.
        const parser = createChunkedParser({ listChunkSize });
        let current = text;
        for (let i = 0; i <= edits.length; i++) {
          if (i > 0) current = applyEdit(current, edits[i - 1]);
          assert.deepEqual(parser.parse(current), fullParser.parse(current));
        }
      }),
      { numRuns: runs(1500) },
    );
  });

  it('parses in chunks to the tree of one whole parse when an edit is taken back, with lines typed above in between', () => {
    // The parse of a chunk kept from an earlier version is placed by a new chunk, from where the
    // chunk that placed it first left its nodes; the same text twice in a document is one parse, placed twice.
    const items = Array.from({ length: 60 }, (_, i) => `- [ ] Item ${i} of the list @sam, due 2026-0${(i % 9) + 1}-1${i % 10}`);
    const section = `## Actions\n\n${items.join('\n')}\n`;
    const start = `# Review\n\n${section}\n## Notes\n\nA [link](https://example.com) here.\n\n${section}`;
    const at = start.indexOf('Item 30 of') + 'Item 30'.length;
    const typed = `${start.slice(0, at)} typed${start.slice(at)}`;
    const above = (text: string) => `# Review\n\nA line above.\n\nAnd another one.\n${text.slice('# Review\n'.length)}`;
    const versions = [start, typed, start, above(start), above(typed), above(start), typed, start, above(typed), start];
    // A chunk that names a definition made elsewhere is parsed again with it, and placed from that
    // parse; once the definition goes, from its own parse again, which it left where it was.
    const named = start.replace('Item 10 of the list', 'Item 10 of the [runbook][rb]');
    const defined = `${named}\n[rb]: https://example.com/runbook\n`;
    versions.push(named, defined, above(defined), above(named), named, defined, named);
    for (const listChunkSize of [undefined, 40, 200]) {
      const parser = createChunkedParser({ listChunkSize });
      versions.forEach((text, i) => assert.deepEqual(parser.parse(text), fullParser.parse(text), `version ${i}, chunks of ${listChunkSize ?? 'the default size'}`));
    }
  });

  it('analyses each version as a fresh analysis does, with every range inside the document', () => {
    fc.assert(
      fc.property(doc, fc.array(fc.tuple(edit, settings), { maxLength: 4 }), settings, fc.constantFrom(0, 30, 4096), ({ text }, steps, first, listChunkSize) => {
        cases++;
        // Small list chunks make the parser split these short reports' lists, and the model read them part by part.
        const analyzer = createDocumentAnalyzer({ listChunkSize });
        let current = text;
        for (let i = 0; i <= steps.length; i++) {
          const options = optionsOf(i === 0 ? first : steps[i - 1][1]);
          if (i > 0) current = applyEdit(current, steps[i - 1][0]);
          const incremental = analyzer.analyze(current, options);
          const fresh = analyzeWithParser(current, options, parseMarkdown);
          assert.equal(visible(incremental), visible(fresh));
          assertRangesInside(current, fresh);
        }
      }),
      {
        numRuns: runs(700),
        examples: [
          // A list moved down under another configuration: its owner fixes read the document where the action stands now.
          [{ text: '# 2. Next steps\n- search @TBD', eol: '\n' }, [[{ at: 0, remove: 0, insert: '\n<?php\n# x\n?>\n' }, { today: 0, config: 1 }]], { today: 0, config: 0 }, 0],
        ],
      },
    );
  });

  it('reads each keystroke typed or deleted within an action\'s line as a fresh analysis does', () => {
    // Most keystrokes fall inside one line of one list: the report around it keeps its shape, and
    // only that list's part is read again (sameShape.ts). Here every such keystroke, whatever it
    // types: an owner, dates that say which way slash dates go, a directive, a definition, marks.
    const pieces = ['x', ' ', 'Kim Park ', '@sam', '@k', ', due 2026-01-0', 'due:2025-01-10', '09/23/2026', '23/09/2026', '(IMP-1)', '[x]', '<!-- aar-disable-line -->', '<!--', ']: /u', '[ref]', '`', '**', '\\', '&amp;', '|', '#', '> ', 'TBD', '—', '\t', '~~'];
    const report = actionsReport(5);
    const keystrokes = fc.array(fc.oneof(fc.constantFrom(...pieces), fc.integer({ min: 1, max: 4 })), { minLength: 1, maxLength: 5 });
    fc.assert(
      fc.property(report, fc.nat(), fc.nat(), keystrokes, settings, fc.constantFrom(0, 30, 4096), (text, lineAt, columnAt, typing, setting, listChunkSize) => {
        cases++;
        // An item's line, after its marker: where a person types into an action.
        const starts = [...text.matchAll(/^[ \t>]*(?:[-*+]|\d+[.)])[ \t]+(?:\[[ xX]\][ \t]*)?/gm)].map((m) => m.index + m[0].length);
        fc.pre(starts.length > 0);
        let at = starts[lineAt % starts.length];
        const lineEnd = text.indexOf('\n', at) < 0 ? text.length : text.indexOf('\n', at);
        at += columnAt % (lineEnd - at + 1);
        const options = optionsOf(setting);
        const versions = [text];
        versions.push(...typedWithinLine(text, at, typing));
        assertTypedAsFresh(versions, options, listChunkSize);
      }),
      { numRuns: runs(120) },
    );
  });

  it('reads an item typed on a blank line in or after a list, and the line emptied again, as a fresh analysis does', () => {
    // The first keystroke of a new action (`-` on the line Enter made) makes a part of the list of
    // its own, and emptying the line takes it away (sameShape.ts). Here that line is made after an
    // item, or is a blank line already there (between a loose list's items, between blocks), and
    // is typed into from its start: markers, words, owners, dates, directives, definitions.
    const starts = ['-', '- ', '- [ ] ', '* ', '1. ', '2) ', '+ ', '- - -', '> ', '|', '#', 'x', '  '];
    const pieces = ['-', ' ', 'x', 'Page the lead ', 'Kim Park ', '@sam', '@lee', ', due 2026-01-0', '09/23/2026', '23/09/2026', '(IMP-1)', '<!-- aar-disable-line -->', '[ref]: /u', '\t'];
    const report = actionsReport(4);
    const keystrokes = fc.tuple(fc.constantFrom(...starts), fc.array(fc.oneof(fc.constantFrom(...pieces), fc.integer({ min: 1, max: 6 })), { maxLength: 5 })).map(([start, rest]) => [start, ...rest]);
    fc.assert(
      fc.property(report, fc.boolean(), fc.nat(), keystrokes, settings, fc.constantFrom(0, 30, 4096), (text, newLine, lineAt, typing, setting, listChunkSize) => {
        cases++;
        const versions = [text];
        let at: number;
        if (newLine) {
          // Enter at the end of an item's line.
          const ends = [...text.matchAll(/^[ \t>]*(?:[-*+]|\d+[.)])[ \t].*$/gm)].map((m) => m.index + m[0].length);
          fc.pre(ends.length > 0);
          at = ends[lineAt % ends.length];
          text = `${text.slice(0, at)}\n${text.slice(at)}`;
          at++;
          versions.push(text);
        } else {
          const blanks = [...text.matchAll(/^$/gm)].map((m) => m.index).filter((i) => i > 0 && i < text.length);
          fc.pre(blanks.length > 0);
          at = blanks[lineAt % blanks.length];
        }
        const options = optionsOf(setting);
        versions.push(...typedWithinLine(text, at, typing));
        assertTypedAsFresh(versions, options, listChunkSize);
      }),
      {
        numRuns: runs(100),
        examples: [
          // An item whose fenced code is not closed: its end runs into the next item's line, as far as
          // that line's marker and blanks; and the blank line in its code, typed into, ends the section.
          ['# Review\n\n- search @sam\n- search @sam\n\n## Action items\n\n- search @sam\n\nA note between lists.\n\n- search @sam\n\n- ```\n# heading after a fence in a list\n', true, 219666294, ['-'], { today: 0, config: 0 }, 0],
        ],
      },
    );
  });

  it('reads `-` typed on the line after a long list\'s last item, and taken back, without reading the report again', () => {
    const items = Array.from({ length: 120 }, (_, i) => `- [ ] Rotate key ${i} @sam due:2026-0${(i % 9) + 1}-15`);
    const base = `# Register\n\n## Actions\n\n${items.join('\n')}\n<here>\n## Follow-ups\n\nNone yet.\n`;
    const options = optionsOf({ today: 0, config: 0 });
    const analyzer = createDocumentAnalyzer({ listChunkSize: 600 });
    // Enter at the end of the last item, then the new line's states; the last two are pasted and cut whole.
    const lines = [undefined, '', '-', '- ', '-', '', '- [ ] Page the lead @lee', '- [ ] Page the lead @le', ''];
    const versions = lines.map((line) => base.replace('<here>', line === undefined ? '' : `${line}\n`));
    let last = analyzer.analyze(versions[0], options);
    for (let i = 1; i < versions.length; i++) {
      const now = analyzer.analyze(versions[i], options);
      assert.equal(visible(now), visible(analyzeWithParser(versions[i], options, parseMarkdown)), `version ${i}`);
      // A marker alone is no action: the report's groups of actions are the last version's, not read again.
      // (Emptying the line cuts the item above it from the one before: the report is read again then.)
      if (i > 1 && lines[i] && !/\w/.test(lines[i - 1]! + lines[i])) assert.equal(now.report!.actionGroups, last.report!.actionGroups, `version ${i}`);
      last = now;
    }
    assert.equal(analyzer.analyze(versions[2], options).report!.sections.find((s) => s.kind === 'actions')!.range.end.line, 124, 'the actions section ends on the `-` line');
  });

  it('reads owners from an action\'s words as a fresh analysis does while an owner elsewhere is typed and deleted', () => {
    // `Ana to check the backups` has an owner once `ana` is a name the report knows: typing `@ana`
    // on another list's action makes it one, and deleting it unmakes it. And `Sam will …` typed
    // at the start of an item names its owner (Sam is on the roster).
    const base = `# Review\n\n## Action items\n\n- [ ] Ana to check the backups\n- [ ] Rotate the keys @sam\n\n### Later\n\n- [ ] Review the runbook<here>\n- [ ] <start>fix the alerts\n\n## Summary\n\nIt broke.\n`;
    const options = optionsOf({ today: 0, config: 1 });
    for (const listChunkSize of [0, 4096]) {
      const analyzer = createDocumentAnalyzer({ listChunkSize });
      const owners: string[] = [];
      const states: string[] = [];
      for (const typed of ['', ' ', ' @', ' @a', ' @an', ' @ana', ' @an', ' @a', ' @', '']) states.push(base.replace('<here>', typed).replace('<start>', ''));
      for (const typed of ['S', 'Sa', 'Sam', 'Sam ', 'Sam w', 'Sam will ', 'Sam will', 'Sam', '']) states.push(base.replace('<here>', '').replace('<start>', typed));
      const fresh = states.map((text) => visible(analyzeWithParser(text, options, parseMarkdown)));
      states.forEach((text, i) => {
        const incremental = analyzer.analyze(text, options);
        assert.equal(visible(incremental), fresh[i], `${listChunkSize}: ${JSON.stringify(text)}`);
        owners.push(incremental.report!.actions.map((a) => a.owner?.value ?? '-').join(','));
      });
      assert.ok(owners.some((o) => o.startsWith('Ana,')) && owners.some((o) => o.startsWith('-,')), `Ana's action is owned in some states and not in others: ${owners.join(' | ')}`);
      assert.ok(owners.some((o) => o.endsWith(',Sam')), `Sam's action gets its owner from its words: ${owners.join(' | ')}`);
    }
  });

  it('finds the repeated actions a fresh analysis finds while a keystroke makes an action repeat another and stops', () => {
    // Typed into one action, key by key: it comes to repeat an action of another list (`Rotate
    // key 2` becomes `Rotate key 20`, which list 20 has), then to repeat none, then the first of a
    // pair is typed away and back.
    const list = (i: number) => `### Sprint ${i}\n\n- [ ] Rotate key ${i} @sam\n- [ ] Check backups ${i} @sam\n`;
    const base = `# Report\n\n## Actions\n\n${Array.from({ length: 24 }, (_, i) => list(i)).join('\n')}`;
    const versions = [base];
    let text = base;
    const type = (from: string, keys: string[]) => {
      for (const key of keys) {
        const at = text.indexOf(from) + from.length;
        text = key === '\b' ? text.slice(0, at - 1) + text.slice(at) : text.slice(0, at) + key + text.slice(at);
        from = key === '\b' ? from.slice(0, -1) : from + key;
        versions.push(text);
      }
    };
    type('Rotate key 2', ['0', 'x', '\b', '\b']);
    type('Rotate key 20', ['\b', '\b']);
    type('Rotate key ', ['2', '0']);
    type('Check backups 1', ['5', '\b', '\b', '1']);
    // A line added to the last list's first item moves the pair below it: the repeat names the new line of the first.
    text = text.replace('- [ ] Rotate key 23 @sam\n', '- [ ] Rotate key 23 @sam\n- [ ] Tidy the wiki @sam\n- [ ] Tidy the wiki @sam\n');
    versions.push(text);
    text = text.replace('- [ ] Rotate key 23 @sam\n', '- [ ] Rotate key 23 @sam\n  and the old ones\n');
    versions.push(text);
    assertTypedAsFresh(versions, optionsOf({ today: 0, config: 0 }));
    const findings = analyzeWithParser(text, optionsOf({ today: 0, config: 0 }), parseMarkdown).findings;
    assert.ok(findings.some((f) => f.ruleId === 'duplicate-action'), 'some version ends with a repeat');
  });

  it('finds the improvements no action follows up as a fresh analysis does while an action and an improvement are typed', () => {
    // Improvements without ids are followed up by an action that shares two words with them. The
    // action typed comes to share them and stops; the improvement typed (longer than the answers a
    // list keeps) comes to match an action of an untouched list, then stops.
    const list = (i: number) => `### Sprint ${i}\n\n- [ ] Rotate signing key ${i} @sam\n- [ ] Check backups of region ${i} @sam\n`;
    const base = `# Report\n\n## Improvements\n\n- Nobody owned the pager rota.\n- Alerts went to an unwatched channel.\n\n## Actions\n\n${Array.from({ length: 6 }, (_, i) => list(i)).join('\n')}`;
    const versions = [base];
    let text = base;
    const type = (after: string, typed: string) => {
      let at = text.indexOf(after) + after.length;
      for (const key of typed) {
        text = key === '\b' ? text.slice(0, at - 1) + text.slice(at) : text.slice(0, at) + key + text.slice(at);
        at += key === '\b' ? -1 : 1;
        versions.push(text);
      }
    };
    type('Check backups of region 3', ' and own the pager rota\b\b\b\b\b');
    type('Alerts went to an unwatched channel', ` and ${'.'.repeat(60)} nobody checked the region`);
    type('nobody checked the region', '\b\b\b');
    assertTypedAsFresh(versions, optionsOf({ today: 0, config: 0 }));
    const unfollowed = (t: string) => analyzeWithParser(t, optionsOf({ today: 0, config: 0 }), parseMarkdown).findings.filter((f) => f.ruleId === 'improvement-without-action').length;
    assert.deepEqual(versions.map(unfollowed).filter((n, i, all) => n !== all[i - 1]), [2, 1, 2, 1, 2], 'each improvement is followed up and then not, as typed');
  });

  it('finds a NUL typed anywhere in a long report, while it stays, and reads the report again once it is gone', () => {
    // A character past U+00FF, as real reports have (an em dash): the text is then two bytes a character.
    const lines = Array.from({ length: 2000 }, (_, i) => `- [ ] Rotate key ${i} — @sam due:2026-12-0${1 + (i % 9)}`);
    const report = `# Key rotation review\n\n## Summary\n\nDone.\n\n## Actions\n\n${lines.join('\n')}\n`;
    const analyzer = createDocumentAnalyzer();
    const options = optionsOf({ today: 0, config: 0 });
    const skippedFor = (text: string) => analyzer.analyze(text, options).skipped;
    assert.equal(skippedFor(report), undefined);
    const at = report.indexOf('Rotate key 1500');
    const withNul = `${report.slice(0, at)}\u0000${report.slice(at)}`;
    assert.match(skippedFor(withNul) ?? '', /NUL bytes/);
    // A keystroke far from it: the NUL is still there.
    const typedElsewhere = withNul.replace('Rotate key 10 ', 'Rotate key 10x ');
    assert.match(skippedFor(typedElsewhere) ?? '', /NUL bytes/);
    const cleaned = typedElsewhere.replace('\u0000', '');
    assert.equal(visible(analyzer.analyze(cleaned, options)), visible(analyzeWithParser(cleaned, options, parseMarkdown)));
    assert.match(skippedFor(`${cleaned}\u0000`) ?? '', /NUL bytes/);
  });

  it('says a report is not valid UTF-8 as a fresh analysis does while replacement characters are typed and deleted', () => {
    // More than eight replacement characters, and more than one in 200, are too many; the
    // keystrokes count them where they type, so the count must follow the text both ways.
    const report = `# Review\n\n## Summary\n\nDone.\n\n## Actions\n\n${Array.from({ length: 100 }, (_, i) => `- [ ] Rotate key ${i} @sam`).join('\n')}\n`;
    const options = optionsOf({ today: 0, config: 0 });
    const analyzer = createDocumentAnalyzer();
    const at = report.indexOf('Rotate key 7') + 'Rotate key 7'.length;
    let text = report;
    const versions = [text];
    const type = (n: number) => {
      for (let i = 0; i < n; i++) versions.push((text = text.slice(0, at) + '\uFFFD' + text.slice(at)));
    };
    const deleteSome = (n: number) => {
      for (let i = 0; i < n; i++) versions.push((text = text.slice(0, at) + text.slice(at + 1)));
    };
    type(10);
    deleteSome(3);
    type(2);
    // The text shortened from its end, nine of them left: past one in 200 it is not UTF-8 any more.
    while (text.length > 1750) versions.push((text = text.slice(0, -40)));
    deleteSome(2);
    const skipped = versions.map((version) => analyzer.analyze(version, options).skipped);
    assert.deepEqual(skipped, versions.map((version) => analyzeWithParser(version, options, parseMarkdown).skipped));
    assert.ok(skipped.some((reason) => /not valid UTF-8/.test(reason ?? '')) && skipped.some((reason) => reason === undefined), 'some versions are readable and some are not');
  });

  it('makes the line map of an edited text from the map before it, as a fresh map reads it', () => {
    const piece = fc.constantFrom('a', 'bc', '\n', '\r\n', '\r', '\n\n', '—', '');
    const textOf = fc.array(piece, { maxLength: 40 }).map((parts) => parts.join(''));
    fc.assert(
      fc.property(textOf, fc.nat(), fc.nat(6), textOf, (before, at, remove, insert) => {
        const from = at % (before.length + 1);
        const after = before.slice(0, from) + insert + before.slice(from + remove);
        // Where they differ, as the parser works it out: the common start, then the common end.
        let start = 0;
        while (start < Math.min(before.length, after.length) && before[start] === after[start]) start++;
        let suffix = 0;
        while (suffix < Math.min(before.length, after.length) - start && before[before.length - 1 - suffix] === after[after.length - 1 - suffix]) suffix++;
        const edited = LineMap.edited(new LineMap(before), after, start, after.length - suffix);
        const fresh = new LineMap(after);
        assert.equal(edited.lineCount, fresh.lineCount);
        for (let line = 0; line < fresh.lineCount; line++) assert.equal(edited.lineStart(line), fresh.lineStart(line), `line ${line}`);
      }),
      { numRuns: runs(2000) },
    );
  });

  it('parses the last item again, not the items above it, when `-` is typed on the line Enter made after a list', () => {
    const items = Array.from({ length: 24 }, (_, i) => `- [ ] Rotate the signing keys of service ${i} @sam due:2026-12-0${(i % 9) + 1}\n`);
    const text = `# Report\n\n## Actions\n\n${items.join('')}\n## Notes\n\nNothing else.\n`;
    const parser = createChunkedParser();
    parser.parse(text);
    const lastItemEnd = text.indexOf('\n\n## Notes');
    const entered = `${text.slice(0, lastItemEnd)}\n${text.slice(lastItemEnd)}`;
    assert.deepEqual(parser.parse(entered), parseMarkdown(entered));
    const dashed = `${entered.slice(0, lastItemEnd + 1)}-${entered.slice(lastItemEnd + 1)}`;
    assert.deepEqual(parser.parse(dashed), parseMarkdown(dashed));
    // The line break lands, as the texts' common start and end place it, right before `## Notes`.
    const lastItem = items[items.length - 1];
    assert.ok(parser.stats.parsedLength < 2 * lastItem.length, `\`-\` parsed ${parser.stats.parsedLength} characters again, more than the last item (${lastItem.length}) and the new line`);
  });

  it('reuses the chunks an edit did not touch', () => {
    const sections = Array.from({ length: 50 }, (_, i) => `## Actions ${i}\n\n- [ ] Action ${i} @sam due:2026-12-0${(i % 9) + 1}\n`);
    const text = `---\ntype: after-action-report\n---\n# Report\n\n${sections.join('\n')}`;
    const parser = createChunkedParser();
    parser.parse(text);
    assert.equal(parser.stats.parsed, 52, 'the first parse reads every chunk');
    const edited = text.replace('Action 25 @sam', 'Action 25 @kim');
    assert.deepEqual(parser.parse(edited), parseMarkdown(edited));
    assert.deepEqual([parser.stats.chunks, parser.stats.parsed], [52, 1], 'an edit inside one section parses that section again, and nothing else');
    const withLine = edited.replace('## Actions 10\n', '## Actions 10\n\nA new line.\n');
    assert.deepEqual(parser.parse(withLine), parseMarkdown(withLine));
    assert.equal(parser.stats.parsed, 1, 'new lines move the sections below without parsing them again');
    const withBom = `\uFEFF${withLine}`;
    assert.deepEqual(createChunkedParser().parse(withBom), parseMarkdown(withBom));
    parser.parse(withBom);
    assert.equal(parser.stats.chunks, 52, 'a byte order mark does not keep the document whole');
  });

  it('keeps a long list an edit did not touch as the same node, moved with the lines typed above it', () => {
    const list = (name: string) => Array.from({ length: 80 }, (_, i) => `- [ ] ${name} action ${i} @sam, due 2026-12-0${(i % 9) + 1}`).join('\n');
    const text = `# Report\n\n## Actions\n\n${list('First')}\n\n## Follow-ups\n\n${list('Second')}\n`;
    const parser = createChunkedParser({ listChunkSize: 500 });
    const second = (root: Root) => root.children.filter((c) => c.type === 'list')[1];
    const before = second(parser.parse(text));
    assert.ok(partsOf(before).length > 1, 'the list runs over several chunks');
    const edited = text.replace('First action 40 @sam', 'First action 40 @kim');
    const tree = parser.parse(edited);
    assert.deepEqual(tree, parseMarkdown(edited));
    assert.equal(second(tree), before, 'the list below the edit is the node it was');
    const withLine = edited.replace('## Actions\n', '## Actions\n\nA new line.\n');
    const moved = parser.parse(withLine);
    assert.deepEqual(moved, parseMarkdown(withLine));
    assert.equal(second(moved), before, 'and stays so when a line is typed above it');
    assert.notEqual(moved.children.filter((c) => c.type === 'list')[0], second(moved));
  });

  it('parses again, on a keystroke in a long list, only the item typed in', () => {
    const item = (i: number) => `- [ ] Rotate the [key ${i}](https://example.com/${i}) for **billing** — @sam, due 2026-12-0${(i % 9) + 1}\n  Owner: Sam Lee\n`;
    const items = Array.from({ length: 300 }, (_, i) => item(i));
    const text = `# Register\n\n## Actions\n\n${items.join('')}\n## Notes\n\nNone.\n`;
    const parser = createChunkedParser();
    parser.parse(text);
    const at = text.indexOf('due 2026', text.indexOf('[key 150]'));
    let current = text;
    for (const [k, typed] of [...' or sooner'].entries()) {
      current = current.slice(0, at + k) + typed + current.slice(at + k);
      assert.deepEqual(parser.parse(current), parseMarkdown(current));
    }
    assert.equal(parser.stats.parsed, 1, 'one chunk parsed again');
    // The item, and the next item's marker, which shows where the chunk ends (see itemLineAsParsed).
    const expected = item(150).length + ' or sooner'.length + '- x'.length;
    assert.equal(parser.stats.parsedLength, expected, 'the item typed in');
    // On a line of the item below its first, as on its first.
    const below = current.indexOf('Owner: Sam Lee', current.indexOf('[key 150]')) + 'Owner: '.length;
    current = current.slice(0, below) + 'x' + current.slice(below);
    assert.deepEqual(parser.parse(current), parseMarkdown(current));
    assert.equal(parser.stats.parsedLength, expected + 1);
  });

  it('parses again only the item typed in at the end of a document, whatever the chunks were', () => {
    const item = (i: number) => `- [ ] Check the backups of shard ${i} @sam, due 2026-12-0${(i % 9) + 1}\n`;
    const text = `# Register\n\n## Actions\n\n${Array.from({ length: 40 }, (_, i) => item(i)).join('')}`;
    // Chunks of every length around an item's: one of them ends right before the item typed in.
    for (const listChunkSize of [100, 150, 200, 250, 300, 4096]) {
      const parser = createChunkedParser({ listChunkSize });
      parser.parse(text);
      let current = text;
      for (const typed of '- [ ] Rotate') {
        current += typed;
        assert.deepEqual(parser.parse(current), parseMarkdown(current), `${listChunkSize}: ${JSON.stringify(current.slice(-30))}`);
      }
      assert.deepEqual([parser.stats.parsed, parser.stats.parsedLength], [1, '- [ ] Rotate'.length], `chunks of ${listChunkSize}`);
    }
  });

  it('reads an item line typed after a chunk as a fresh parse does, whatever the line becomes', () => {
    // The chunk above an item is parsed with that line's marker alone (itemLineAsParsed): lines
    // that are no item, or another list's, or a thematic break, must still come out as they read.
    const lists = {
      bullets: (i: number) => `- Check the backups of shard ${i} @sam\n`,
      loose: (i: number) => `- Check the backups of shard ${i} @sam\n\n`,
      ordered: (i: number) => `${i + 1}. Check the backups of shard ${i} @sam\n`,
      stars: (i: number) => `* Check the backups of shard ${i}\n  with a second line\n`,
      // An item whose fenced code is not closed runs into the next item's line, as far as its marker and blanks.
      fences: (i: number) => (i === 12 ? '- ```\n' : `- Check the backups of shard ${i} @sam\n`),
    };
    const lines = ['- - -', '* * *', '- -x', '-', '-\tz', '-   wide', '1. one', '2) two', '+ plus', '- [ ] Rotate the key', '*no item', '-x', '---', '- >quoted', '- # heading'];
    for (const [shape, item] of Object.entries(lists)) {
      const text = `# Register\n\n## Actions\n\n${Array.from({ length: 30 }, (_, i) => item(i)).join('')}\n## Notes\n\nNone.\n`;
      const at = text.indexOf(item(12)) + item(12).length;
      for (const listChunkSize of [120, 200, 333]) {
        for (const line of lines) {
          const parser = createChunkedParser({ listChunkSize });
          let current = text.slice(0, at) + '\n' + text.slice(at);
          parser.parse(current);
          // Typed a character at a time, then taken back from the marker on.
          const typed = [...line].map((_, k) => line.slice(0, k + 1));
          const states = [...typed, ...typed.slice(0, -1).reverse().filter((state) => state.length <= 2)];
          for (const state of states) {
            current = text.slice(0, at) + state + '\n' + text.slice(at);
            assert.deepEqual(parser.parse(current), parseMarkdown(current), `${shape}, chunks of ${listChunkSize}: ${JSON.stringify(state)}`);
          }
        }
      }
    }
  });

  it('keeps what the rules found in untouched lists, and checks them again when another list or the day changes them', () => {
    const list = (i: number, action: string) => `### Sprint ${i}\n\n- [ ] ${action} @sam due:2026-12-0${(i % 9) + 1}\n- [ ] Check backups ${i} @sam\n`;
    const text = `---\ntype: after-action-report\nteam: ["@sam"]\n---\n# Report\n\n## Actions\n\n${Array.from({ length: 30 }, (_, i) => list(i, `Rotate key ${i}`)).join('\n')}`;
    const analyzer = createDocumentAnalyzer();
    const same = (current: string, options: AnalyzeOptions, what: string) => {
      const incremental = analyzer.analyze(current, options);
      assert.equal(visible(incremental), visible(analyzeWithParser(current, options, parseMarkdown)), what);
      return incremental.findings.filter((f) => f.ruleId === 'duplicate-action' || f.ruleId === 'overdue-action').map((f) => `${f.ruleId}:${f.range.start.line}`);
    };
    const options = optionsOf({ today: 0, config: 0 });
    assert.deepEqual(same(text, options, 'first'), []);
    // Typed in list 2, the first of two equal actions: list 20 now repeats it.
    const typed = text.replace('Rotate key 2 @sam', 'Rotate key 20 @sam');
    const repeated = same(typed, options, 'a repeat in another list');
    assert.equal(repeated.length, 1);
    assert.match(repeated[0], /^duplicate-action:/);
    // And undone: the repeat goes.
    assert.deepEqual(same(text, options, 'undone'), []);
    // Another day: every list's due dates are checked again.
    const later = { ...options, today: '2027-01-01' };
    assert.equal(same(text, later, 'a later day').filter((f) => f.startsWith('overdue-action:')).length, 30);
  });

  it('gives the problems of the lists below an action typed, and taken back, the indexes a fresh analysis gives', () => {
    // Each state of a new action in the first list makes or takes away an action, and every list
    // below keeps its problems with new indexes: in their data and in their fixes' commands.
    const list = (i: number) => `### Sprint ${i}\n\n- [ ] Rotate key ${i}\n- [ ] Check backups @sam due:2026-01-0${(i % 9) + 1}\n- [ ] Rotate key ${i % 3}\n`;
    // The last list's action reads as the first letter typed of the new action.
    const text = `---\ntype: after-action-report\nteam: ["@sam", "@kim"]\n---\n# Report\n\n## Actions\n\n${Array.from({ length: 6 }, (_, i) => list(i)).join('\n')}\n### Later\n\n- [ ] P\n`;
    const at = text.indexOf('\n', text.indexOf('Rotate key 0')) + 1;
    const options = optionsOf({ today: 0, config: 0 });
    // A new action, and one that repeats an action below (their repeats then change).
    for (const line of ['- [ ] Page the on-call @kim', '- [ ] Rotate key 1']) {
      for (const listChunkSize of [60, 4096]) {
        const states = [...line].map((_, k) => line.slice(0, k + 1));
        const texts = [text, ...[...states, ...states.slice(0, -1).reverse(), ''].map((state) => text.slice(0, at) + state + (state ? '\n' : '') + text.slice(at))];
        // Every keystroke first, then the fresh analyses: what the rules keep from one version to the next is of the last report analysed.
        const analyzer = createDocumentAnalyzer({ listChunkSize });
        const typed = texts.map((current) => visible(analyzer.analyze(current, options)));
        texts.forEach((current, k) => assert.equal(typed[k], visible(analyzeWithParser(current, options, parseMarkdown)), `${listChunkSize}: ${JSON.stringify(current.slice(at, current.indexOf('\n', at)))}`));
      }
    }
  });

  it('gives the problems of a list below the indexes a fresh analysis gives when an action typed above is taken back as earlier versions are let go', () => {
    // `[` typed in the first list makes an action: the lists below keep their problems with new
    // indexes. Letters typed in other lists then make versions that their problems hold, and past a
    // few the next analysis checks every list again; taking the `[` back is that analysis.
    const list = (i: number) => `### Sprint ${i}\n\n- [ ] Rotate key ${i}\n- [ ] Check backups ${i} @sam\n`;
    const text = `---\ntype: after-action-report\nteam: ["@sam", "@kim"]\n---\n# Report\n\n## Actions\n\n- \n${Array.from({ length: 10 }, (_, i) => list(i)).join('\n')}`;
    const options = optionsOf({ today: 0, config: 0 });
    for (let lists = 0; lists < 8; lists++) {
      let current = text.replace('## Actions\n\n- \n', '## Actions\n\n- [\n');
      const texts = [text, current];
      for (let i = 1; i <= lists; i++) texts.push((current = current.replace(`Rotate key ${i}\n`, `Rotate key ${i}x\n`)));
      texts.push(current.replace('## Actions\n\n- [\n', '## Actions\n\n- \n'));
      // Every keystroke first, then the fresh analyses (see the test above).
      const analyzer = createDocumentAnalyzer();
      const typed = texts.map((t) => visible(analyzer.analyze(t, options)));
      texts.forEach((t, k) => assert.equal(typed[k], visible(analyzeWithParser(t, options, parseMarkdown)), `${lists} lists typed in, version ${k}`));
    }
  });

  it('lets go of the earlier versions that only the problems of lists typed in long ago held, and offers the fixes a fresh analysis offers', async () => {
    // A problem's fixes are made when the editor asks, from its version's report: kept problems of
    // a list typed in once kept that whole version alive, one more for each list typed in.
    setFlagsFromString('--expose-gc');
    const collect = runInNewContext('gc') as () => void;
    const list = (i: number) => `### Sprint ${i}\n\n- [ ] Rotate key ${i}\n- [ ] Check backups ${i} @sam\n`;
    let text = `---\ntype: after-action-report\nteam: ["@sam", "@kim"]\n---\n# Report\n\n## Actions\n\n${Array.from({ length: 16 }, (_, i) => list(i)).join('\n')}`;
    const options = optionsOf({ today: 0, config: 0 });
    const analyzer = createDocumentAnalyzer();
    const versions: WeakRef<object>[] = [];
    let last = analyzer.analyze(text, options);
    for (let i = 0; i < 16; i++) {
      // A letter typed into each list's unowned action, one list after the other.
      text = text.replace(`Rotate key ${i}\n`, `Rotate key ${i}x\n`);
      last = analyzer.analyze(text, options);
      versions.push(new WeakRef(last.report!));
    }
    for (let round = 0; round < 3; round++) {
      collect();
      await new Promise((resolve) => setImmediate(resolve));
    }
    const alive = versions.filter((v) => v.deref() !== undefined).length;
    assert.ok(alive <= 6, `${alive} of 16 versions still alive`);
    // The problems of the first lists, made again meanwhile, offer what a fresh analysis offers.
    assert.equal(visible(last), visible(analyzeWithParser(text, options, parseMarkdown)));
    assert.equal(last.findings.filter((f) => f.ruleId === 'action-missing-owner').length, 16);
  });

  it('analyses a long report, which analyze parses in chunks, as one whole parse does', () => {
    const month = (i: number) =>
      [`### Review ${i}`, '', `Notes on review ${i}: see [the runbook][rb] and the footnote[^${i}].`, '', `- [ ] Rotate key ${i} @sam due:2026-0${(i % 9) + 1}-15`, `- [x] Patch host ${i} owner: TBD`, '', `[^${i}]: Review ${i} was remote.`, ''].join('\n');
    const text = `---\ntype: after-action-report\nteam: ["@sam"]\n---\n# Reviews\n\n## Summary\n\nAll of them.\n\n## Actions\n\n${Array.from({ length: 400 }, (_, i) => month(i)).join('\n')}\n[rb]: https://example.com/runbook\n`;
    assert.ok(text.length > 64 * 1024, 'long enough to be parsed in chunks');
    const options = optionsOf({ today: 0, config: 0 });
    assert.equal(visible(analyze(text, options)), visible(analyzeWithParser(text, options, parseMarkdown)));
  });

  it('reads a long list and a long table part by part through lines typed, deleted and pasted above and inside them', () => {
    const items = Array.from({ length: 120 }, (_, i) =>
      i % 3 === 0 ? `- [ ] Kim Park to rotate key ${i} due:2026-0${(i % 9) + 1}-15` : i % 3 === 1 ? `- [x] **[Lee]** patched host ${i} @sam` : `- Tidy the runbook ${i % 7} (owner: TBD)`,
    );
    const rows = Array.from({ length: 80 }, (_, i) => `| A-${i} | Check backup ${i % 11} | ${i % 4 ? '@sam' : 'TBD'} | 2026-0${(i % 9) + 1}-0${(i % 9) + 1} |`);
    let text = `---\ntype: after-action-report\nteam: ["@sam", "@lee"]\n---\n# Register\n\n## Actions\n\n${items.join('\n')}\n\n## Follow-ups\n\n| ID | Action | Owner | Due |\n|---|---|---|---|\n${rows.join('\n')}\n`;
    const options = optionsOf({ today: 0, config: 1 });
    const analyzer = createDocumentAnalyzer({ listChunkSize: 200 });
    const edits: [string, string][] = [
      ['## Actions\n', '## Actions\n\nA line above the list.\n'],
      ['rotate key 30 ', 'rotate key 30\n- [ ] Lee to write the note '],
      ['- [x] **[Lee]** patched host 58 @sam\n', ''],
      ['## Follow-ups\n', `## Follow-ups\n\n${items.slice(0, 40).join('\n')}\n`],
      ['| A-40 |', '| A-40b | Kim Park checks | | |\n| A-40 |'],
      ['A line above the list.\n', ''],
      ['| ID | Action | Owner | Due |', '| ID | Action | Who | Due |'],
    ];
    assert.equal(visible(analyzer.analyze(text, options)), visible(analyzeWithParser(text, options, parseMarkdown)));
    for (const [from, to] of edits) {
      assert.ok(text.includes(from), from);
      text = text.replace(from, to);
      assert.equal(visible(analyzer.analyze(text, options)), visible(analyzeWithParser(text, options, parseMarkdown)), `after ${JSON.stringify(from)} → ${JSON.stringify(to).slice(0, 40)}`);
    }
  });

  it('gives the problems of the lists below a new action their new action indexes, as the typing states of the new item come and go', () => {
    // On one line `- `, `- [`, `- [ ]`, `- [ ] S` are by turns no action and an action: every
    // action below changes its index (in the problems' data and in the Assign owner… command).
    const items = Array.from({ length: 150 }, (_, i) => (i % 2 ? `- [ ] Rotate key ${i} @sam due:2026-0${(i % 9) + 1}-15` : `- [ ] Tidy runbook ${i} (owner: TBD)`));
    const rows = Array.from({ length: 60 }, (_, i) => `| Check backup ${i} | ${i % 3 ? '@sam' : 'TBD'} | 2026-01-0${(i % 9) + 1} |`);
    const base = `---\ntype: after-action-report\nteam: ["@sam", "@lee"]\n---\n# Register\n\n## Actions\n\n- [ ] First @sam\n<here>\n${items.join('\n')}\n\n## Follow-ups\n\n| Action | Owner | Due |\n|---|---|---|\n${rows.join('\n')}\n`;
    const options = optionsOf({ today: 0, config: 1 });
    const analyzer = createDocumentAnalyzer({ listChunkSize: 300 });
    const counts = new Set<number>();
    for (const state of ['- ', '- [', '- [ ]', '- [ ] S', '- [ ] Sh', '- [ ]', '- [', '- ', '-', '- [ ] Ship it @lee']) {
      const text = base.replace('<here>', state);
      const incremental = analyzer.analyze(text, options);
      assert.equal(visible(incremental), visible(analyzeWithParser(text, options, parseMarkdown)), JSON.stringify(state));
      counts.add(incremental.report!.actions.length);
    }
    assert.ok(counts.size > 1, 'some states are actions and some are not');
  });

  it('keeps the actions it read from the parts of a long list and table that an edit left as they were', () => {
    const items = Array.from({ length: 200 }, (_, i) => `- [ ] Rotate key ${i} @sam due:2026-0${(i % 9) + 1}-15`);
    const rows = Array.from({ length: 200 }, (_, i) => `| Check backup ${i} | @sam |`);
    const text = `# Register\n\n## Actions\n\n${items.join('\n')}\n\n## Follow-ups\n\n| Action | Owner |\n|---|---|\n${rows.join('\n')}\n`;
    const options = optionsOf({ today: 0, config: 0 });
    const analyzer = createDocumentAnalyzer();
    let before = analyzer.analyze(text, options).report!.actions;
    // One edit in the list, then one in the table: the part each fell in is read again (in finer
    // parts, about 4 KB or 100 actions), and nothing else.
    let edited = text;
    for (const [from, to, at] of [['Rotate key 100 ', 'Rotate key 100 now ', 100], ['Check backup 150 ', 'Check backup 150 now ', 350]] as const) {
      edited = edited.replace(from, to);
      const after = analyzer.analyze(edited, options).report!.actions;
      assert.equal(after.length, 400);
      const kept = after.filter((a, i) => a === before[i]).length;
      assert.ok(kept >= 250, `${kept} of 400 actions kept`);
      assert.notEqual(after[at], before[at], 'the edited item is read again');
      before = after;
    }
    assert.equal(visible(analyzer.analyze(edited, options)), visible(analyzeWithParser(edited, options, parseMarkdown)));
  });

  it('moves actions to other lines as the general mover does, a table\'s header once', () => {
    const dirs = ['test/fixtures', 'test/fixtures/postmortems', 'examples/after-action-reports'];
    const files = dirs.flatMap((d) => readdirSync(d, { recursive: true }).map(String).filter((f) => f.endsWith('.md')).map((f) => join(d, f)));
    let tables = 0;
    let actions = 0;
    for (const file of files) {
      const report = analyze(readFileSync(file, 'utf8'), { ...optionsOf({ today: 0, config: 0 }), force: true }).report;
      const move = actionMover(3);
      const moved = report?.actions.map(move) ?? [];
      moved.forEach((m, i) => assert.deepEqual(m, movedDown(report!.actions[i], 3), `${file}: action ${i}`));
      const tabled = moved.filter((m) => m.table);
      actions += moved.length;
      if (tabled.length > 1) {
        tables++;
        assert.equal(tabled[0].table!.headerRange, tabled[1].table!.headerRange, `${file}: one table's header is moved once`);
      }
    }
    assert.ok(actions > 200 && tables > 3, `${actions} actions, ${tables} tables compared`);
  });

  it('parses a section whose heading only looks like one (in a fence, HTML or front matter) with what is before it', () => {
    const texts = [
      '---\n# a YAML comment\n---\n# Title\n',
      '```\n# in a fence\n```\n# Title\n',
      '- item\n  ```\n# not in the fence: the list ends\n  ```\n# Title\n',
      '<div>\n# in HTML\n</div>\n\n# Title\n',
      '---\ntitle: never closed\n# Title\n- [ ] an action\n',
      '[x]\n\n# Title\n\n[x]: https://example.com\n\n# Next\n\nSee [x][] and [^1].\n\n[^1]: note\n',
    ];
    for (const text of texts) assert.deepEqual(createChunkedParser().parse(text), parseMarkdown(text), JSON.stringify(text));
  });
});
