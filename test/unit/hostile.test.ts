// Hostile input: what gets pasted into reports, what lies in the folders that are walked, and what
// an editor may send. Each case gets a clear answer (findings, or one note saying why the file is
// not analysed) and never an exception, a crash of the CLI or the server, or a hang. Mocha's
// timeout is the guard against hangs: nothing here measures time. `npm run hostile` prints how
// long each case takes.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync, type SpawnSyncOptions } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { Diagnostic, PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import { URI } from 'vscode-uri';
import type { JsonFinding } from '../../server/src/cli/format';
import { analyze, MAX_NESTING } from '../../server/src/core/analyze';
import { defaultConfig } from '../../server/src/core/config';
import { applyEdits } from '../../server/src/core/edits';
import { createDocumentAnalyzer } from '../../server/src/core/incremental';
import { MAX_FRONT_MATTER_DEPTH } from '../../server/src/core/frontMatter';
import type { Analysis, Finding } from '../../server/src/core/types';
import { readTextFileInfo, walkMarkdownEntries } from '../../server/src/node/files';
import { toPosixRelative } from '../../server/src/node/paths';
import type { ReportInfo } from '../../server/src/protocol';
import { assertSound } from './helpers/analysisChecks';
import { LspClient } from './helpers/lspClient';

const root = join(__dirname, '..', '..');
const cli = join(root, 'dist', 'cli.js');
const TODAY = '2026-11-26';

/** A complete report (nothing missing), with what a case puts in its front matter, summary or actions. */
function report({ front = '', summary = 'The release went out a day late.', actions = '- [ ] Add a smoke test to the release pipeline @sam due:2026-12-04 (IMP-1)' } = {}): string {
  return [
    '---',
    'type: after-action-report',
    'title: Hostile input',
    'date: 2026-11-20',
    'delivery_owner: "@sam"',
    `${front}---`,
    '# Hostile input',
    '',
    '## Summary',
    '',
    summary,
    '',
    '## Outcomes',
    '',
    '- The release reached every customer.',
    '',
    '## Improvements',
    '',
    '- IMP-1: Nothing tested the release before it went out.',
    '',
    '## Actions',
    '',
    actions,
    '',
  ].join('\n');
}

const UNOWNED = '- [ ] Write the rollback runbook due:2026-12-10 (IMP-1)';

function analyse(text: string, options: { uri?: string; maxFileSize?: number } = {}): Analysis {
  const config = { ...defaultConfig(), ...(options.maxFileSize ? { maxFileSize: options.maxFileSize } : {}) };
  return analyze(text, { uri: options.uri ?? 'file:///w/hostile.aar.md', relativePath: 'hostile.aar.md', config, today: TODAY });
}

const rulesOf = (a: Analysis) => a.findings.map((f) => f.ruleId);
const lineIndexOf = (text: string, needle: string) => {
  const line = text.split(/\r?\n/).findIndex((l) => l.includes(needle));
  assert.ok(line >= 0, `no line holds ${needle}`);
  return line;
};

/** Asserts the analysis is one informational note that the file was not analysed, and returns it. */
function assertSkipped(analysis: Analysis, reason: RegExp): Finding {
  assert.ok(analysis.skipped, `skipped (findings: ${rulesOf(analysis).join(', ')})`);
  assert.equal(analysis.report, undefined);
  assert.equal(analysis.findings.length, 1);
  const [note] = analysis.findings;
  assert.equal(note.ruleId, 'file-skipped');
  assert.equal(note.severity, 'info');
  assert.match(note.message, reason);
  return note;
}

/**
 * Asserts the text is read as a report whose findings lie inside it and whose fixes apply and
 * remove their finding (the first few fixes of a text with thousands), and returns the analysis.
 */
function assertAnalysed(text: string, label: string, options: { maxFileSize?: number } = {}): Analysis {
  const analysis = analyse(text, options);
  assert.ok(analysis.report, `${label}: read as a report${analysis.skipped ? `, not skipped (${analysis.skipped})` : ''}`);
  assertSound(text, analysis, (fixed) => analyse(fixed, options), label, 20);
  return analysis;
}

/** The "billion laughs": each alias level multiplies the one before by nine. */
const BILLION_LAUGHS = [
  'lol: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]',
  ...'bcdefghi'.split('').map((name, i) => `${name}: &${name} [${Array(9).fill(`*${'abcdefghi'[i]}`).join(', ')}]`),
].join('\n');

/** Removes a folder, however deep: Node's own removal recurses and overflows on thousands of levels. */
function removeTree(dir: string): void {
  try {
    rmSync(dir, { recursive: true, force: true });
  } catch {
    execFileSync('rm', ['-rf', dir]);
  }
}

describe('hostile input', function () {
  this.timeout(120_000);

  describe('front matter', () => {
    it('invalid YAML: a front-matter error at the offending line, and the rest of the report is still read', () => {
      const text = report({ front: 'milestone: v2.4\nteam: ["@sam", "@kim"\nstatus: draft\n', actions: UNOWNED });
      const a = assertAnalysed(text, 'invalid YAML');
      const errors = a.findings.filter((f) => f.ruleId === 'front-matter');
      assert.equal(errors.length, 1, errors.map((f) => f.message).join('\n'));
      assert.match(errors[0].message, /^Front matter is not valid YAML: /);
      // YAML notices the missing `]` further down; the finding is on the line that opened it.
      assert.equal(errors[0].range.start.line, lineIndexOf(text, 'team:'));
      assert.ok(rulesOf(a).includes('action-missing-owner'), 'the unowned action below is still found');
    });

    it('front matter never closed: an error on its first line, whose fix closes it so that the report reads as meant', () => {
      const text = '---\ntype: after-action-report\ntitle: Left open\ndelivery_owner: "@sam"\n\n## Summary\n\nS.\n\n## Outcomes\n\n- O.\n\n## Improvements\n\n- IMP-1: I.\n\n## Actions\n\n- [ ] Close the fence @sam due:2026-12-04 (IMP-1)\n';
      const a = analyse(text);
      assert.equal(a.report?.actions.length, 0, 'Markdown reads no list while the front matter is open');
      const open = a.findings.find((f) => f.ruleId === 'front-matter');
      assert.ok(open, rulesOf(a).join(', '));
      assert.equal(open.range.start.line, 0);
      assert.match(open.message, /never closed/);
      const fixed = applyEdits(text, open.fixes[0].edits);
      assert.ok(fixed.startsWith('---\ntype: after-action-report\ntitle: Left open\ndelivery_owner: "@sam"\n---\n'), fixed);
      const after = analyse(fixed);
      assert.equal(after.report?.metadata.title?.value, 'Left open');
      assert.equal(after.report?.actions.length, 1);
      assert.deepEqual(rulesOf(after), []);
    });

    it('a YAML alias bomb ("billion laughs"): one error at the first alias, no expansion, the rest read', () => {
      const text = report({ front: `${BILLION_LAUGHS}\nteam: *i\n`, actions: UNOWNED });
      const a = assertAnalysed(text, 'alias bomb');
      const errors = a.findings.filter((f) => f.ruleId === 'front-matter');
      assert.equal(errors.length, 1);
      assert.match(errors[0].message, /aliases .*billion laughs/);
      assert.equal(errors[0].range.start.line, lineIndexOf(text, 'b: &b'));
      assert.deepEqual(a.report!.frontMatter!.data, {});
      assert.ok(rulesOf(a).includes('action-missing-owner'));
    });

    it('anchors and aliases used as intended are read', () => {
      const text = report({ front: 'crew: &crew ["@sam", "@kim"]\nteam: *crew\n' });
      const a = assertAnalysed(text, 'aliases');
      assert.deepEqual(rulesOf(a), []);
      assert.deepEqual(a.report!.frontMatter!.data.team, ['@sam', '@kim']);
    });

    const deep: [string, string, string][] = [
      ['10,000 nested flow lists', `x: ${'['.repeat(10_000)}${']'.repeat(10_000)}`, 'x:'],
      ['10,000 flow lists never closed', `x: ${'['.repeat(10_000)}`, 'x:'],
      ['10,000 flow maps never closed', `x: ${'{'.repeat(10_000)}`, 'x:'],
      ['5,000 nested flow maps', `x: ${'{a: '.repeat(5_000)}1${'}'.repeat(5_000)}`, 'x:'],
      ['1,000 nested block maps', Array.from({ length: 1_000 }, (_, i) => `${' '.repeat(i)}k${i}:`).join('\n') + ' v', `k${MAX_FRONT_MATTER_DEPTH}:`],
      ['3,000 block lists on one line', `x:\n  ${'- '.repeat(3_000)}v`, '- - - -'],
    ];
    for (const [name, yaml, offending] of deep) {
      it(`${name}: one error at the line where the nesting passes ${MAX_FRONT_MATTER_DEPTH} levels, the rest read`, () => {
        const text = report({ front: `${yaml}\n`, actions: UNOWNED });
        const a = assertAnalysed(text, name);
        const errors = a.findings.filter((f) => f.ruleId === 'front-matter');
        assert.equal(errors.length, 1, errors.map((f) => f.message).join('\n'));
        assert.match(errors[0].message, new RegExp(`more than ${MAX_FRONT_MATTER_DEPTH} levels deep`));
        assert.equal(errors[0].range.start.line, lineIndexOf(text, offending));
        assert.ok(rulesOf(a).includes('action-missing-owner'));
      });
    }

    it('nesting within the limit is read', () => {
      const text = report({ front: `x: ${'['.repeat(MAX_FRONT_MATTER_DEPTH - 1)}1${']'.repeat(MAX_FRONT_MATTER_DEPTH - 1)}\n` });
      assert.deepEqual(rulesOf(assertAnalysed(text, 'deep but allowed')), []);
    });

    it('a flood of YAML errors is cut to ten, the last saying how many more there are', () => {
      const text = report({ front: `${Array.from({ length: 300 }, (_, i) => `k${i}: "unclosed`).join('\n')}\n` });
      const errors = assertAnalysed(text, 'many errors').findings.filter((f) => f.ruleId === 'front-matter');
      assert.equal(errors.length, 10);
      assert.deepEqual(
        errors.map((f) => f.range.start.line),
        Array.from({ length: 10 }, (_, i) => lineIndexOf(text, `k${i}:`)),
      );
      assert.match(errors[9].message, /\(and 290 more problems after this one\)$/);
    });
  });

  describe('text that is not Markdown', () => {
    it('NUL bytes: one note that the file looks binary', () => {
      assertSkipped(analyse(report({ summary: 'PNG\u0000\u0000\u0000\rIHDR' })), /NUL bytes/);
    });

    it('bytes that are not UTF-8 (decoded leniently, as an editor may): one note', () => {
      const latin1 = Buffer.from(report({ summary: 'Caf\xe9 cr\xe8me br\xfbl\xe9e, '.repeat(20) }), 'latin1');
      assertSkipped(analyse(new TextDecoder().decode(latin1)), /not valid UTF-8/);
    });

    it('over the size limit: one note naming the limit and where it is set; under it, analysed', () => {
      const text = report({ summary: 'word '.repeat(400) });
      assertSkipped(analyse(text, { maxFileSize: 1024 }), /over the 1 KB limit \(setting afterActionReports\.maxFileSize; aar lint --max-file-size\)/);
      assertAnalysed(text, 'under the limit', { maxFileSize: 4096 });
    });

    it('Markdown that is not a report stays silent, binary or not', () => {
      const notes = analyze('# Notes\n\u0000\u0000', { uri: 'file:///w/notes.md', relativePath: 'notes.md', today: TODAY });
      assert.deepEqual(notes, { findings: [] });
    });
  });

  describe('pathological Markdown', () => {
    const tooDeep: [string, string][] = [
      ['5,000 nested list items on one line', `${'- '.repeat(5_000)}x`],
      ['20,000 nested block quotes', `${'>'.repeat(20_000)} deep`],
      ['2,000 quotes holding lists', `${'> - '.repeat(2_000)}x`],
      ['1,000 nested ordered lists', `${'1. '.repeat(1_000)}x`],
    ];
    for (const [name, markdown] of tooDeep) {
      it(`${name}: one note giving the line that nests more than ${MAX_NESTING} levels`, () => {
        const text = report({ summary: `Intro.\n\n${markdown}` });
        const note = assertSkipped(analyse(text), new RegExp(`line (\\d+) nests lists or block quotes more than ${MAX_NESTING} levels deep`));
        assert.equal(Number(/line (\d+)/.exec(note.message)![1]), lineIndexOf(text, markdown.slice(0, 20)) + 1);
      });
    }

    it('typed into a long report: the note gives the line in the document, and deleting the line brings every finding back', () => {
      // Long enough to be parsed in chunks, so that the keystroke's chunk alone is parsed again.
      const filler = Array.from({ length: 400 }, (_, i) => `## Timeline ${i}\n\nAt ${i} the queue grew by ${i} messages.\n`).join('\n');
      const text = report({ summary: `Intro.\n\n${filler}`, actions: `${UNOWNED}\n- [ ] Write the rollback runbook due:2026-12-10 (IMP-1)` });
      const typedAt = text.indexOf('At 350 the queue');
      const deep = `${'- '.repeat(MAX_NESTING + 1)}x\n`;
      const typed = text.slice(0, typedAt) + deep + text.slice(typedAt);
      const analyzer = createDocumentAnalyzer();
      const options = { uri: 'file:///w/long.aar.md', relativePath: 'long.aar.md', config: defaultConfig(), today: TODAY };
      const fresh = analyzer.analyze(text, options);
      assert.deepEqual(rulesOf(fresh), ['action-missing-owner', 'action-missing-owner', 'duplicate-action']);
      const note = assertSkipped(analyzer.analyze(typed, options), /nests lists or block quotes/);
      assert.equal(Number(/line (\d+)/.exec(note.message)![1]), lineIndexOf(typed, '- - - -') + 1);
      assert.deepEqual(analyzer.analyze(text, options).findings, fresh.findings);
    });

    // Lines are looked at between `\n`s; a line that starts after a lone `\r` (old Mac files) or a
    // U+2028 is one too, and its line number counts the `\n`s before it, as the parser's do.
    const otherLineStarts: [string, string][] = [
      ['lone carriage returns as line endings', `Intro.\r\r${'> '.repeat(MAX_NESTING + 1)}x\r`],
      ['a U+2028 before the line', `Intro, then a separator\u2028${'>'.repeat(MAX_NESTING + 1)} x`],
    ];
    for (const [name, markdown] of otherLineStarts) {
      it(`nesting too deep after ${name}: the note gives the line`, () => {
        const text = report({ summary: `Before.\n\n${markdown}` });
        const note = assertSkipped(analyse(text), /nests lists or block quotes more than/);
        assert.equal(Number(/line (\d+)/.exec(note.message)![1]), lineIndexOf(text, markdown.slice(0, 6)) + 1);
      });
    }

    it(`${MAX_NESTING} levels on one line are read`, () => {
      assertAnalysed(report({ summary: `${'- '.repeat(MAX_NESTING)}x` }), `${MAX_NESTING} levels`);
    });

    const readable: [string, () => string][] = [
      ['a line of a megabyte', () => report({ summary: 'word '.repeat(200_000) })],
      ['a megabyte without a space', () => report({ summary: 'x'.repeat(1_000_000) })],
      ['300 lines of block quotes 1 to 100 deep', () => report({ summary: Array.from({ length: 300 }, (_, i) => `${'>'.repeat((i % MAX_NESTING) + 1)} q`).join('\n') })],
      ['a list nested 200 levels by indentation', () => report({ summary: Array.from({ length: 200 }, (_, i) => `${' '.repeat(i * 2)}- level ${i}`).join('\n') })],
      ['a table of 300 columns', () => report({ summary: `| ${Array.from({ length: 300 }, (_, i) => `c${i}`).join(' | ')} |\n|${'---|'.repeat(300)}\n${`|${' x |'.repeat(300)}\n`.repeat(20)}` })],
      [
        'an action table of 300 columns',
        () => report({ actions: `| Action | Owner | ${Array.from({ length: 298 }, (_, i) => `c${i}`).join(' | ')} |\n|${'---|'.repeat(300)}\n${`| Add a smoke test (IMP-1) | @sam |${' x |'.repeat(298)}\n`.repeat(20)}` }),
      ],
      ['a code fence never closed, in the actions', () => report({ actions: `${UNOWNED}\n\n\`\`\`\n${'log line\n'.repeat(5_000)}` })],
      ['a code fence never closed, in the summary', () => report({ summary: `\`\`\`js\n${'code();\n'.repeat(5_000)}` })],
      ['an HTML comment never closed', () => report({ summary: `<!-- ${'note\n'.repeat(5_000)}` })],
      ['10,000 [', () => report({ summary: '['.repeat(10_000) })],
      ['10,000 *', () => report({ summary: '*'.repeat(10_000) })],
      ['10,000 _a', () => report({ summary: '_a '.repeat(10_000) })],
      ['10,000 `', () => report({ summary: '` '.repeat(10_000) })],
      ['10,000 <', () => report({ summary: '<'.repeat(10_000) })],
      ['10,000 unclosed links', () => report({ summary: '[a](b '.repeat(10_000) })],
      ['10,000 ] after 10,000 [', () => report({ summary: `${'['.repeat(10_000)}${']'.repeat(10_000)}` })],
      ['1,000 unowned duplicate actions with impossible dates', () => report({ actions: '- [ ] Fix the flaky deploy due:2026-02-30\n'.repeat(1_000) })],
      ['2,000 improvements without actions', () => report({ summary: 'S.', actions: UNOWNED }).replace('- IMP-1:', Array.from({ length: 2_000 }, (_, i) => `- IMP-${i + 2}: Thing ${i} was slow.`).join('\n') + '\n- IMP-1:')],
    ];
    for (const [name, make] of readable) {
      it(`${name}: analysed, findings inside the text, every fix applies`, () => {
        assertAnalysed(make(), name);
      });
    }

    it('a fix appended after a code fence never closed closes the fence first, so what it adds is read', () => {
      const text = report({ actions: '```\nlog line' });
      const a = analyse(text);
      const finding = a.findings.find((f) => f.ruleId === 'improvement-without-action');
      assert.ok(finding, rulesOf(a).join(', '));
      const fixed = applyEdits(text, finding.fixes[0].edits);
      assert.ok(fixed.endsWith('```\nlog line\n```\n\n- [ ] Nothing tested the release before it went out. (IMP-1)\n'), JSON.stringify(fixed.slice(-120)));
      assert.equal(analyse(fixed).report?.actions.length, 1);
    });
  });

  describe('BOM and CRLF', () => {
    const fixtures = join(root, 'test', 'fixtures');
    const files = readdirSync(fixtures).filter((name) => name.endsWith('.md'));

    for (const name of files) {
      it(`${name} with a BOM and CRLF: the same findings over the same text, and every fix leaves its finding gone`, () => {
        const lf = readFileSync(join(fixtures, name), 'utf8').replace(/\r\n/g, '\n');
        const crlf = `\uFEFF${lf.replace(/\n/g, '\r\n')}`;
        const uri = `file:///w/reviews/${name}`;
        const run = (text: string) => analyze(text, { uri, relativePath: `reviews/${name}`, today: TODAY });
        const [a, b] = [run(lf), run(crlf)];
        const under = (text: string, f: Finding) => {
          const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
          const bom = text.startsWith('\uFEFF') && f.range.start.line === 0 ? 1 : 0;
          return `${f.ruleId}@${f.range.start.line}: ${lines[f.range.start.line].slice(f.range.start.character - bom, f.range.start.line === f.range.end.line ? f.range.end.character - bom : undefined)}`;
        };
        assert.deepEqual(
          b.findings.map((f) => under(crlf, f)),
          a.findings.map((f) => under(lf, f)),
        );
        assertSound(crlf, b, run, `${name} (BOM+CRLF)`);
        for (const finding of b.findings) {
          for (const fix of finding.fixes) {
            if (!fix.edits.length) continue;
            const fixed = applyEdits(crlf, fix.edits);
            assert.ok(fixed.startsWith('\uFEFF') && !fixed.slice(1).includes('\uFEFF'), `"${fix.title}" keeps the BOM first`);
            assert.ok(!/(?<!\r)\n/.test(fixed), `"${fix.title}" keeps CRLF line endings`);
          }
        }
      });
    }
  });

  describe('folders', () => {
    let base: string;
    beforeEach(() => {
      base = mkdtempSync(join(tmpdir(), 'aar-hostile-walk-'));
    });
    afterEach(() => {
      removeTree(base);
    });

    it('a file deleted between the walk and the read: "no longer exists", not an error', async () => {
      mkdirSync(join(base, 'reviews'));
      writeFileSync(join(base, 'reviews', 'a.md'), report());
      writeFileSync(join(base, 'reviews', 'b.md'), report());
      const entries = [];
      for await (const entry of walkMarkdownEntries([base])) entries.push(entry);
      unlinkSync(entries[1].file);
      const reads = await Promise.all(entries.map((e) => readTextFileInfo(e.file, 1024 * 1024)));
      assert.ok('text' in reads[0]);
      assert.ok('skipped' in reads[1] && /no longer exists/.test(reads[1].skipped));
    });

    it('a tree 2,000 folders deep: walked without exhausting the stack, each file once', async () => {
      let folder = base;
      for (let i = 0; i < 2_000; i++) {
        folder = join(folder, 'a');
        mkdirSync(folder);
        writeFileSync(join(folder, 'r.md'), '# r');
      }
      // By name, `a` before `r.md`: the deepest file comes first.
      const depths: number[] = [];
      for await (const entry of walkMarkdownEntries([base])) depths.push(toPosixRelative(entry.file, base).split('/').length - 1);
      assert.equal(depths.length, 2_000);
      assert.ok(depths.every((depth, i) => depth === 2_000 - i), 'each file once, deepest first');
    });

    it('a folder swapped for a symlink loop during the walk: the walk ends, each file once', async () => {
      mkdirSync(join(base, 'a'));
      mkdirSync(join(base, 'b'));
      writeFileSync(join(base, 'a', 'x.md'), '# x');
      writeFileSync(join(base, 'b', 'y.md'), '# y');
      const seen: string[] = [];
      for await (const entry of walkMarkdownEntries([base])) {
        seen.push(toPosixRelative(entry.file, base));
        if (seen.length === 1) {
          rmSync(join(base, 'b'), { recursive: true });
          symlinkSync(base, join(base, 'b'), 'dir');
        }
      }
      assert.deepEqual(seen, ['a/x.md']);
    });
  });

  describe('aar lint (dist/cli.js)', () => {
    let workspace: string;

    before(() => {
      execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: root, stdio: 'inherit' });
    });

    beforeEach(() => {
      workspace = mkdtempSync(join(tmpdir(), 'aar-hostile-cli-'));
      mkdirSync(join(workspace, '.git'));
    });

    afterEach(() => {
      removeTree(workspace);
    });

    function write(relative: string, content: string | Buffer): void {
      const file = join(workspace, relative);
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, content);
    }

    function aar(args: string[], options: SpawnSyncOptions = {}) {
      const run = spawnSync(process.execPath, [cli, ...args], { cwd: workspace, encoding: 'utf8', timeout: 90_000, maxBuffer: 64 * 1024 * 1024, env: { ...process.env, NO_COLOR: '1' }, ...options });
      assert.equal(run.error, undefined, `aar ${args.join(' ')}: ${run.error?.message}`);
      assert.equal(run.signal, null, `aar ${args.join(' ')} was killed (${run.signal}): it hung`);
      return { status: run.status, stdout: String(run.stdout), stderr: String(run.stderr) };
    }

    function lintJson(args: string[] = [], options: SpawnSyncOptions = {}) {
      const run = aar(['lint', '--format', 'json', '--today', TODAY, ...args], options);
      assert.ok(run.status === 0 || run.status === 1, `exit ${run.status}: ${run.stderr}`);
      const findings = JSON.parse(run.stdout) as JsonFinding[];
      const byFile = (file: string) => findings.filter((f) => f.file === file).map((f) => `${f.rule}:${f.line}`);
      return { ...run, findings, byFile };
    }

    it('answers every hostile file with findings or a note, exits 1 for the errors among them, and ends on a symlink loop', () => {
      write('reviews/invalid-yaml.md', report({ front: 'team: ["@sam"\n' }));
      write('reviews/alias-bomb.md', report({ front: `${BILLION_LAUGHS}\n` }));
      write('reviews/deep-yaml.md', report({ front: `x: ${'['.repeat(10_000)}\n` }));
      write('reviews/image.md', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d]));
      write('reviews/nul.md', report({ summary: 'a\u0000b' }));
      write('reviews/latin1.md', Buffer.from(report({ summary: 'Caf\xe9' }), 'latin1'));
      write('reviews/huge.md', report({ summary: 'word '.repeat(500_000) }));
      write('reviews/deep-list.md', report({ summary: `${'- '.repeat(5_000)}x` }));
      write('reviews/long-line.md', report({ summary: 'word '.repeat(200_000) }));
      write('reviews/wide-table.md', report({ summary: `| ${Array.from({ length: 300 }, (_, i) => `c${i}`).join(' | ')} |\n|${'---|'.repeat(300)}\n` }));
      write('reviews/unclosed-fence.md', report({ actions: '```\nlog' }));
      write('reviews/brackets.md', report({ summary: '['.repeat(10_000) }));
      write('reviews/clean.md', report());
      symlinkSync(workspace, join(workspace, 'reviews', 'loop'), 'dir');
      const run = lintJson();
      assert.equal(run.status, 1, run.stderr);
      const skipped = (file: string, reason: RegExp) => {
        const notes = run.findings.filter((f) => f.file === file);
        assert.deepEqual(notes.map((f) => [f.rule, f.severity, f.line, f.column]), [['file-skipped', 'info', 1, 1]], file);
        assert.match(notes[0].message, reason, file);
      };
      skipped('reviews/image.md', /NUL bytes/);
      skipped('reviews/nul.md', /NUL bytes/);
      skipped('reviews/latin1.md', /not valid UTF-8/);
      skipped('reviews/huge.md', /over the 2 MB limit/);
      skipped('reviews/deep-list.md', /line 11 nests lists or block quotes more than 100 levels deep/);
      const yamlLine = (file: string, needle: string) => lineIndexOf(readFileSync(join(workspace, file), 'utf8'), needle) + 1;
      assert.deepEqual(run.byFile('reviews/invalid-yaml.md'), [`front-matter:${yamlLine('reviews/invalid-yaml.md', 'team:')}`]);
      assert.deepEqual(run.byFile('reviews/alias-bomb.md'), [`front-matter:${yamlLine('reviews/alias-bomb.md', 'b: &b')}`]);
      assert.deepEqual(run.byFile('reviews/deep-yaml.md'), [`front-matter:${yamlLine('reviews/deep-yaml.md', 'x: [')}`]);
      for (const file of ['reviews/long-line.md', 'reviews/wide-table.md', 'reviews/brackets.md', 'reviews/clean.md']) assert.deepEqual(run.byFile(file), [], file);
      assert.deepEqual(run.byFile('reviews/unclosed-fence.md'), [`improvement-without-action:${yamlLine('reviews/unclosed-fence.md', 'IMP-1:')}`]);
      // Each file once, though the loop leads back to the workspace again and again.
      assert.equal(run.findings.filter((f) => f.file.includes('loop')).length, 0);
    });

    it('exits 0 when the hostile files hold no error, and worker threads give the same answers as one thread', () => {
      write('reviews/image.md', Buffer.from([0x00, 0x01, 0x02]));
      write('reviews/deep-list.md', report({ summary: `${'> '.repeat(3_000)}x` }));
      write('reviews/long-line.md', report({ summary: 'x'.repeat(500_000) }));
      const threads = lintJson(['--jobs', '2']);
      const single = lintJson(['--jobs', '1']);
      assert.equal(threads.status, 0, threads.stderr);
      assert.deepEqual(threads.findings, single.findings);
      assert.deepEqual(
        threads.findings.map((f) => [f.file, f.rule]),
        [
          ['reviews/deep-list.md', 'file-skipped'],
          ['reviews/image.md', 'file-skipped'],
        ],
      );
    });

    it('--max-file-size sets the limit: a smaller one skips a report, a larger one reads a big one', () => {
      write('reviews/small.md', report({ summary: 'word '.repeat(400), actions: UNOWNED }));
      write('reviews/big.md', report({ summary: 'word '.repeat(500_000), actions: UNOWNED }));
      const small = lintJson(['--max-file-size', '1KB']);
      assert.equal(small.status, 0);
      assert.match(small.findings.find((f) => f.file === 'reviews/small.md')!.message, /over the 1 KB limit/);
      const big = lintJson(['--max-file-size', '10MB']);
      assert.equal(big.status, 1);
      assert.deepEqual(big.byFile('reviews/big.md'), [`action-missing-owner:${lineIndexOf(report({ actions: UNOWNED }), 'Write the rollback') + 1}`]);
    });

    it('a BOM and CRLF line endings: the same lines and columns as the LF file', () => {
      write('reviews/lf.md', report({ actions: UNOWNED }));
      write('reviews/crlf.md', `\uFEFF${report({ actions: UNOWNED }).replace(/\n/g, '\r\n')}`);
      const run = lintJson();
      const at = (file: string) => run.findings.filter((f) => f.file === file).map((f) => [f.rule, f.line, f.column, f.endLine, f.endColumn]);
      assert.deepEqual(at('reviews/crlf.md'), at('reviews/lf.md'));
      assert.equal(at('reviews/lf.md').length, 1);
    });

    it('an unreadable file is a note and an unreadable folder a warning; the other reports are checked', function () {
      write('reviews/secret.md', report({ actions: UNOWNED }));
      write('reviews/locked/inside.md', report({ actions: UNOWNED }));
      write('reviews/open.md', report({ actions: UNOWNED }));
      chmodSync(join(workspace, 'reviews', 'secret.md'), 0o000);
      chmodSync(join(workspace, 'reviews', 'locked'), 0o000);
      // Root reads whatever the mode says, so as root the CLI runs as user `nobody`, as CI agents do.
      const asRoot = process.getuid?.() === 0;
      let options: SpawnSyncOptions = {};
      if (asRoot) {
        for (const dir of [workspace, join(workspace, 'reviews')]) chmodSync(dir, 0o755);
        chmodSync(join(workspace, 'reviews', 'open.md'), 0o644);
        options = { uid: 65534, gid: 65534 };
        const probe = spawnSync(process.execPath, ['-e', ''], options);
        // Without the right to switch users (a restricted container), permissions cannot be tested here.
        if (probe.error) this.skip();
      }
      const run = lintJson([], options);
      chmodSync(join(workspace, 'reviews', 'locked'), 0o755);
      assert.equal(run.status, 1, run.stderr);
      assert.deepEqual(run.byFile('reviews/open.md'), [`action-missing-owner:${lineIndexOf(report({ actions: UNOWNED }), 'Write the rollback') + 1}`]);
      const secret = run.findings.filter((f) => f.file === 'reviews/secret.md');
      assert.deepEqual(secret.map((f) => [f.rule, f.severity]), [['file-skipped', 'info']]);
      assert.match(secret[0].message, /permission denied/);
      assert.match(run.stderr, /^aar: warning: cannot read the folder reviews\/locked \(EACCES\): the reports in it are not checked$/m);
      assert.deepEqual(run.byFile('reviews/locked/inside.md'), []);
    });

    it('a tree 500 folders deep, a report in each: each checked once', () => {
      let folder = join(workspace, 'reviews');
      for (let i = 0; i < 500; i++) {
        folder = join(folder, 'a');
        mkdirSync(folder, { recursive: true });
        writeFileSync(join(folder, 'r.md'), report({ actions: UNOWNED }));
      }
      const run = lintJson();
      assert.equal(run.status, 1);
      assert.equal(run.findings.length, 500);
      assert.equal(new Set(run.findings.map((f) => f.file)).size, 500);
    });

    it('exits 2 only for usage errors, each with a message', () => {
      const cases: [string[], RegExp][] = [
        [['lint', '--max-file-size', 'huge'], /--max-file-size must be a size of at least 1KB/],
        [['lint', '--max-file-size', '10'], /--max-file-size must be a size of at least 1KB/],
        [['lint', '--jobs', '0'], /--jobs must be a whole number/],
        [['lint', '--today', '2026-02-30'], /--today must be a real date/],
        [['lint', 'no-such-folder'], /No such file or folder: no-such-folder/],
        [['lint', '--frobnicate'], /Unknown option "--frobnicate"/],
        [['lnt'], /Unknown command "lnt"/],
      ];
      for (const [args, message] of cases) {
        const run = aar(args);
        assert.equal(run.status, 2, `aar ${args.join(' ')}`);
        assert.match(run.stderr, message);
        assert.equal(run.stdout, '');
      }
    });
  });

  describe('language server over stdio', () => {
    let workspace: string;
    let client: LspClient;
    let version = 0;
    const uriOf = (relative: string) => URI.file(join(workspace, relative)).toString();

    before(async () => {
      execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: root, stdio: 'inherit' });
      workspace = mkdtempSync(join(tmpdir(), 'aar-hostile-server-'));
      const write = (relative: string, content: string | Buffer) => {
        mkdirSync(dirname(join(workspace, relative)), { recursive: true });
        writeFileSync(join(workspace, relative), content);
      };
      write('reviews/ok.md', report());
      write('reviews/image.md', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x00]));
      write('reviews/deep.md', report({ summary: `${'- '.repeat(5_000)}x` }));
      write('reviews/alias.md', report({ front: `${BILLION_LAUGHS}\n` }));
      symlinkSync(workspace, join(workspace, 'reviews', 'loop'), 'dir');
      client = LspClient.start(join(root, 'dist', 'server.js'));
      await client.initialize({ uri: URI.file(workspace).toString(), name: 'hostile' }, { today: TODAY });
    });

    after(() => {
      client?.kill();
      if (workspace) rmSync(workspace, { recursive: true, force: true });
    });

    async function show(relative: string, text: string, opened: boolean): Promise<Diagnostic[]> {
      const uri = uriOf(relative);
      const v = ++version;
      if (opened) await client.change(uri, v, text);
      else await client.open(uri, text, v);
      return (await client.diagnostics(uri, (p: PublishDiagnosticsParams) => p.version === v, 60_000)).diagnostics;
    }

    const codes = (diagnostics: Diagnostic[]) => diagnostics.map((d) => d.code);

    it('indexes the workspace through a symlink loop, leaving out what it cannot analyse', async () => {
      const reports = await client.request<ReportInfo[]>('aar/reports', {});
      assert.deepEqual(reports.map((r) => toPosixRelative(URI.parse(r.uri).fsPath, workspace)).sort(), ['reviews/alias.md', 'reviews/ok.md']);
      assert.deepEqual(reports.find((r) => r.uri.endsWith('alias.md'))!.problems, { error: 1, warning: 0, info: 0, hint: 0 });
    });

    it('an open document with NUL bytes: one informational diagnostic saying why it is not analysed', async () => {
      const diagnostics = await show('reviews/pasted.md', report({ summary: 'PNG\u0000\u0000IHDR' }), false);
      assert.deepEqual(codes(diagnostics), ['file-skipped']);
      assert.equal(diagnostics[0].severity, 3);
      assert.match(diagnostics[0].message, /NUL bytes/);
    });

    it('an open document of 8 MB: a note on each version, not an analysis; cut down, it is analysed again', async () => {
      const huge = report({ summary: 'All the rows of a giant export. '.repeat(256 * 1024), actions: UNOWNED });
      let diagnostics = await show('reviews/huge.md', huge, false);
      assert.deepEqual(codes(diagnostics), ['file-skipped']);
      assert.match(diagnostics[0].message, /the file is 8 MB, over the 2 MB limit/);
      for (let i = 0; i < 3; i++) {
        diagnostics = await show('reviews/huge.md', `${huge}more ${i}\n`, true);
        assert.deepEqual(codes(diagnostics), ['file-skipped']);
      }
      diagnostics = await show('reviews/huge.md', report({ actions: UNOWNED }), true);
      assert.deepEqual(codes(diagnostics), ['action-missing-owner']);
    });

    it('a document nested thousands of levels deep: a note; edited back to sense, analysed as usual', async () => {
      let diagnostics = await show('reviews/deep-open.md', report({ summary: `${'> - '.repeat(3_000)}x`, actions: UNOWNED }), false);
      assert.deepEqual(codes(diagnostics), ['file-skipped']);
      assert.match(diagnostics[0].message, /nests lists or block quotes more than 100 levels deep/);
      diagnostics = await show('reviews/deep-open.md', report({ summary: '> - x', actions: UNOWNED }), true);
      assert.deepEqual(codes(diagnostics), ['action-missing-owner']);
    });

    it('an alias bomb in the front matter of an open document: one front-matter error at the first alias', async () => {
      const text = report({ front: `${BILLION_LAUGHS}\n`, actions: UNOWNED });
      const diagnostics = await show('reviews/bomb-open.md', text, false);
      assert.deepEqual(codes(diagnostics).sort(), ['action-missing-owner', 'front-matter']);
      assert.equal(diagnostics.find((d) => d.code === 'front-matter')!.range.start.line, lineIndexOf(text, 'b: &b'));
    });

    it('honours the afterActionReports.maxFileSize setting', async () => {
      const text = report({ summary: 'word '.repeat(400), actions: UNOWNED });
      assert.deepEqual(codes(await show('reviews/sized.md', text, false)), ['action-missing-owner']);
      client.settings = { today: TODAY, maxFileSize: 1024 };
      const uri = uriOf('reviews/sized.md');
      const skipped = client.diagnostics(uri, (p) => p.diagnostics.some((d) => d.code === 'file-skipped'), 30_000);
      await client.notify('workspace/didChangeConfiguration', { settings: { afterActionReports: client.settings } });
      const diagnostics = (await skipped).diagnostics;
      assert.deepEqual(codes(diagnostics), ['file-skipped']);
      assert.match(diagnostics[0].message, /over the 1 KB limit/);
    });
  });
});
