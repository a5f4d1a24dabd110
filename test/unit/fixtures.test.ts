// Every fixture under test/fixtures is analysed and its findings compared with the expectations
// written inline in it; then fix-all is applied and the fixed text analysed again.
//
// Expectation syntax (HTML comments, so the fixtures stay readable Markdown):
//   <!-- expect: rule-a rule-b -->        alone on a line: findings starting on the next line
//                                          (stacked expect lines all point at the first line below them)
//   text <!-- expect: rule-a -->          at the end of a line: findings starting on that line;
//                                          in front matter write it as a YAML comment: `key: v # <!-- expect: rule -->`
//   <!-- expect-file: rule-a rule-b(x) -->  findings on any line
//   <!-- expect-actions: N -->             the report holds N actions, as a reader counts them
//   <!-- fixture: not-a-report -->         the file sits among reports but is none (an index, a
//                                          template, meeting notes): it gets no findings
// A rule id repeated means that many findings. `rule(x)` also requires `x` in the message.
// The test fails on any finding not expected and any expectation not found.
//
// Files under real-world/ are real shapes of reports, one folder per shape: each is analysed as a
// report whatever its folder (forced), except those marked not-a-report, which are analysed as
// detection has them. Each real-world report says how many actions it holds.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { analyze, type AnalyzeOptions } from '../../server/src/core/analyze';
import { defaultConfig, mergeConfig, parseTeamConfig, type AarConfig } from '../../server/src/core/config';
import { applyEdits, fixAllEdits } from '../../server/src/core/edits';
import { ruleById } from '../../server/src/core/rules';
import { findingWithin, isActionRule } from '../../server/src/core/rules/rule';
import type { Action, Finding } from '../../server/src/core/types';
import { isPlaceholderOwner } from '../../server/src/core/vocabulary';

const ROOT = join(__dirname, '..', '..');
const FIXTURES = join(ROOT, 'test', 'fixtures');
const REAL_WORLD = join(FIXTURES, 'real-world');
const TODAY = '2026-11-26';

interface Expectation {
  ruleId: string;
  /** 0-based line, or undefined for a file-level expectation. */
  line?: number;
  arg?: string;
}

const EXPECT = /<!--\s*expect(-file)?:\s*([^>]*?)\s*-->/g;

function readExpectations(text: string): Expectation[] {
  const lines = text.split(/\r?\n/);
  const out: Expectation[] = [];
  const isExpectOnly = (l: string) => l.includes('<!--') && new RegExp(EXPECT.source).test(l) && !l.replace(EXPECT, '').replace(/^\s*#?\s*$/, '').trim();
  lines.forEach((l, i) => {
    for (const m of l.matchAll(EXPECT)) {
      let line: number | undefined;
      if (!m[1]) {
        line = i;
        if (isExpectOnly(l)) {
          while (line < lines.length && isExpectOnly(lines[line])) line++;
        }
      }
      for (const token of m[2].split(/\s+/).filter(Boolean)) {
        const t = /^([a-z][a-z-]*)(?:\(([^)]*)\))?$/.exec(token);
        if (!t) throw new Error(`line ${i + 1}: cannot read expectation "${token}"`);
        out.push({ ruleId: t[1], line, ...(t[2] ? { arg: t[2] } : {}) });
      }
    }
  });
  return out;
}

function fits(e: Expectation, f: Finding): boolean {
  return e.ruleId === f.ruleId && (e.line === undefined || e.line === f.range.start.line) && (!e.arg || f.message.toLowerCase().includes(e.arg.toLowerCase()));
}

/** Unmatched findings and expectations, described with 1-based lines as an editor shows them. */
function compare(expectations: Expectation[], findings: Finding[]): string[] {
  const left = [...findings];
  const missing: Expectation[] = [];
  // Line expectations first, so a file-level one cannot take a finding a line expects.
  for (const e of [...expectations.filter((x) => x.line !== undefined), ...expectations.filter((x) => x.line === undefined)]) {
    const i = left.findIndex((f) => fits(e, f));
    if (i >= 0) left.splice(i, 1);
    else missing.push(e);
  }
  return [
    ...left.map((f) => `unexpected ${f.ruleId} on line ${f.range.start.line + 1}: ${f.message}`),
    ...missing.map((e) => `missing ${e.ruleId}${e.arg ? `(${e.arg})` : ''} ${e.line === undefined ? 'in the file' : `on line ${e.line + 1}`}`),
  ];
}

function fixtureFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((d) => (d.isDirectory() ? fixtureFiles(join(dir, d.name)) : d.name.endsWith('.md') ? [join(dir, d.name)] : []))
    .sort();
}

/** The workspace configuration a fixture is analysed with: the nearest `.aar.yml` at or above it. */
function configFor(file: string): AarConfig {
  for (let dir = dirname(file); dir.startsWith(FIXTURES); dir = dirname(dir)) {
    const yml = join(dir, '.aar.yml');
    if (existsSync(yml)) {
      const parsed = parseTeamConfig(readFileSync(yml, 'utf8'));
      assert.deepEqual(parsed.errors, [], `${yml} has errors`);
      return mergeConfig(defaultConfig(), parsed.layer);
    }
  }
  return defaultConfig();
}

const NOT_A_REPORT = /<!--\s*fixture:\s*not-a-report\s*-->/;
const EXPECT_ACTIONS = /<!--\s*expect-actions:\s*(\d+)\s*-->/;

const isRealWorld = (file: string) => file.startsWith(REAL_WORLD + sep);
const isNotAReport = (text: string) => NOT_A_REPORT.test(text);

/** The number of actions a reader sees in the report, when the fixture says it. */
function expectedActions(text: string): number | undefined {
  const all = [...text.matchAll(new RegExp(EXPECT_ACTIONS.source, 'g'))];
  if (all.length > 1) throw new Error('more than one expect-actions marker');
  return all.length ? Number(all[0][1]) : undefined;
}

function optionsFor(file: string, text?: string): AnalyzeOptions {
  const relativePath = relative(ROOT, file).split(sep).join('/');
  const options: AnalyzeOptions = { uri: `file:///repo/${relativePath}`, relativePath, config: configFor(file), today: TODAY };
  // A real-world report is one wherever its team keeps it; the files beside it that are none are read as detection has them.
  if (isRealWorld(file) && !(text !== undefined && isNotAReport(text))) options.force = true;
  return options;
}

/** The actions found, one a line, so that a count that differs shows which. */
function listActions(actions: Action[]): string {
  return actions.map((a) => `line ${a.range.start.line + 1}: ${a.text}`).join('\n  ');
}

const wordsOf = (text: string) => text.match(/[\p{L}\p{N}]+/gu) ?? [];

for (const file of fixtureFiles(FIXTURES)) {
  const name = relative(FIXTURES, file).split(sep).join('/');
  const text = readFileSync(file, 'utf8');
  const options = optionsFor(file, text);
  const notAReport = isNotAReport(text);

  describe(`fixture ${name}`, () => {
    const analysis = analyze(text, options);

    if (notAReport) {
      it('is not a report: it gets no findings', () => {
        assert.deepEqual(readExpectations(text), [], 'a file that is not a report expects no findings');
        assert.equal(expectedActions(text), undefined, 'a file that is not a report has no actions to count');
        const found = analysis.findings.map((f) => `${f.ruleId} on line ${f.range.start.line + 1}: ${f.message}`);
        assert.deepEqual(found, [], `\n  ${found.join('\n  ')}`);
      });
    } else {
      it('has exactly the findings written in it', () => {
        const problems = compare(readExpectations(text), analysis.findings);
        assert.deepEqual(problems, [], `\n  ${problems.join('\n  ')}`);
      });
    }

    const actionCount = expectedActions(text);
    if (isRealWorld(file) && !notAReport) {
      it('says how many actions it holds', () => assert.notEqual(actionCount, undefined, 'a real-world report needs <!-- expect-actions: N -->'));
    }
    if (actionCount !== undefined) {
      it(`holds ${actionCount} action${actionCount === 1 ? '' : 's'}`, () => {
        const actions = analysis.report?.actions ?? [];
        assert.equal(actions.length, actionCount, `${actions.length} actions found, ${actionCount} expected:\n  ${listActions(actions)}`);
      });
    }

    it('gives the same findings with CRLF line endings', () => {
      const crlf = analyze(text.replace(/\n/g, '\r\n'), options);
      const key = (f: Finding) => `${f.ruleId} ${f.range.start.line}:${f.range.start.character}-${f.range.end.line}:${f.range.end.character} ${f.message}`;
      assert.deepEqual(crlf.findings.map(key), analysis.findings.map(key));
    });

    if (!analysis.report) return;

    // The incremental analyzer moves a list's kept findings with it without making their fixes to look.
    it("has the fixes of each action rule's finding on a list item editing that item only", () => {
      const report = analysis.report!;
      for (const finding of analysis.findings) {
        const rule = ruleById(finding.ruleId);
        const index = finding.data?.actionIndex;
        if (!rule || !isActionRule(rule) || typeof index !== 'number' || report.actions[index].form === 'table') continue;
        const action = report.actions[index];
        assert.ok(findingWithin(finding, action.range.start.line, action.range.end.line), `${finding.ruleId} on line ${finding.range.start.line + 1}: a fix edits outside its item`);
      }
    });

    for (const eol of ['\n', '\r\n'] as const) {
      it(`fix-all fixes what it claims, adds no errors and keeps every word (${eol === '\n' ? 'LF' : 'CRLF'})`, () => {
        const original = text.replace(/\n/g, eol);
        const before = analyze(original, options).findings;
        const fixed = applyEdits(original, fixAllEdits(original, before));
        const after = analyze(fixed, options).findings;
        const count = (fs: Finding[], id: string, pred: (f: Finding) => boolean = () => true) => fs.filter((f) => f.ruleId === id && pred(f)).length;
        for (const id of new Set(before.map((f) => f.ruleId))) {
          const fixable = count(before, id, (f) => f.fixes.some((x) => x.fixAll));
          assert.ok(count(after, id) <= count(before, id) - fixable, `${id}: ${fixable} fixable, ${count(before, id)} before, ${count(after, id)} after\n${fixed}`);
        }
        const errorsBefore = before.filter((f) => f.severity === 'error');
        for (const f of after.filter((x) => x.severity === 'error')) {
          assert.ok(errorsBefore.some((b) => b.ruleId === f.ruleId), `new error ${f.ruleId}: ${f.message}\n${fixed}`);
        }
        // Fixes add; they never lose what the team wrote (a placeholder owner is meant to be replaced).
        const kept = new Set(wordsOf(fixed));
        for (const [i, line] of original.split(eol).entries()) {
          for (const w of wordsOf(line)) {
            if (!isPlaceholderOwner(w)) assert.ok(kept.has(w), `"${w}" from line ${i + 1} is gone after fix-all\n${fixed}`);
          }
        }
        if (eol === '\r\n') assert.ok(!/(?<!\r)\n/.test(fixed), 'fix-all kept CRLF line endings');
      });
    }
  });
}

describe('fixture set', () => {
  it('holds a clean report and a non-report file with no findings at all', () => {
    const clean = join(FIXTURES, 'clean.aar.md');
    assert.deepEqual(analyze(readFileSync(clean, 'utf8'), optionsFor(clean)).findings, []);
    const notes = join(FIXTURES, 'meeting-notes.md');
    const a = analyze(readFileSync(notes, 'utf8'), optionsFor(notes));
    assert.equal(a.report, undefined);
    assert.deepEqual(a.findings, []);
  });

  it('holds a real-world corpus of at least 60 reports in at least 10 shapes', () => {
    const reports = fixtureFiles(REAL_WORLD).filter((f) => !isNotAReport(readFileSync(f, 'utf8')));
    const shapes = new Set(reports.map((f) => relative(REAL_WORLD, f).split(sep)[0]));
    assert.ok(reports.length >= 60, `${reports.length} real-world reports`);
    assert.ok(shapes.size >= 10, `${shapes.size} real-world shapes: ${[...shapes].join(', ')}`);
  });

  it('reads expectations on the line, above the line, stacked and file-wide', () => {
    const text = ['<!-- expect-file: a b(x) -->', 'x <!-- expect: c c -->', '<!-- expect: d -->', '<!-- expect: e -->', 'target'].join('\n');
    assert.deepEqual(readExpectations(text), [
      { ruleId: 'a', line: undefined },
      { ruleId: 'b', line: undefined, arg: 'x' },
      { ruleId: 'c', line: 1 },
      { ruleId: 'c', line: 1 },
      { ruleId: 'd', line: 4 },
      { ruleId: 'e', line: 4 },
    ]);
  });
});
