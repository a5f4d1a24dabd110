// The Markdown injection grammar (syntaxes/aar.injection.json) run by the real TextMate engine over
// VS Code's Markdown grammar, wired the way VS Code wires `injectTo`: what a theme gets to colour,
// what it must leave alone, and that Markdown's own colouring survives the injection.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as oniguruma from 'vscode-oniguruma';
import { INITIAL, Registry, parseRawGrammar, type IGrammar, type StateStack } from 'vscode-textmate';

const MARKDOWN = 'text.html.markdown';
const INJECTION = 'markdown.aar.injection';
const INJECTION_PATH = join(__dirname, '..', '..', 'syntaxes', 'aar.injection.json');

/** Every character of a document with the scopes the engine gives it, outermost first. */
interface Tokenized {
  lines: string[];
  scopes: string[][][];
}

let withInjection: IGrammar;
let markdownOnly: IGrammar;

async function loadMarkdown(injections: string[]): Promise<IGrammar> {
  const registry = new Registry({
    onigLib: Promise.resolve({
      createOnigScanner: (patterns) => new oniguruma.OnigScanner(patterns),
      createOnigString: (text) => new oniguruma.OnigString(text),
    }),
    // YAML for the front matter (without it Markdown drops its front-matter rule); the languages of
    // fenced code blocks stay unresolved: their blocks are still markup.fenced_code.
    loadGrammar: async (scopeName) => {
      if (scopeName === MARKDOWN) return parseRawGrammar(readFileSync(require.resolve('tm-grammars/grammars/markdown.json'), 'utf8'), 'markdown.json');
      if (scopeName === 'source.yaml') return parseRawGrammar(readFileSync(require.resolve('tm-grammars/grammars/yaml.json'), 'utf8'), 'yaml.json');
      if (scopeName === INJECTION) return parseRawGrammar(readFileSync(INJECTION_PATH, 'utf8'), INJECTION_PATH);
      return null;
    },
    getInjections: (scopeName) => (scopeName === MARKDOWN ? injections : undefined),
  });
  const grammar = await registry.loadGrammar(MARKDOWN);
  assert.ok(grammar, 'the Markdown grammar loads');
  return grammar;
}

function tokenize(markdown: string, grammar = withInjection): Tokenized {
  const lines = markdown.split('\n');
  let state: StateStack = INITIAL;
  const scopes = lines.map((line) => {
    const result = grammar.tokenizeLine(line, state);
    state = result.ruleStack;
    const perChar: string[][] = [];
    for (const token of result.tokens) {
      for (let i = token.startIndex; i < Math.min(token.endIndex, line.length); i++) perChar[i] = token.scopes.slice(1);
    }
    return perChar;
  });
  return { lines, scopes };
}

/** Our scopes: `constant.numeric.date.aar`, `variable.other.aar.owner`, … */
const isAar = (scope: string) => /\.aar(?:\.|$)/.test(scope);

/** Scopes of each character of the first `needle` at or after the first `from` (a single line). */
function charsOf(doc: Tokenized, needle: string, from = ''): string[][] {
  const text = doc.lines.join('\n');
  const start = text.indexOf(from);
  assert.ok(start >= 0, `"${from}" is in the document`);
  const offset = text.indexOf(needle, start);
  assert.ok(offset >= 0, `"${needle}" is in the document after "${from}"`);
  const line = text.slice(0, offset).split('\n').length - 1;
  const column = offset - (text.lastIndexOf('\n', offset - 1) + 1);
  return doc.scopes[line].slice(column, column + needle.length);
}

/** The aar scopes that cover the whole of `needle`: what a theme colours it as. */
function colouredAs(doc: Tokenized, needle: string, from = ''): string[] {
  const chars = charsOf(doc, needle, from);
  return chars[0].filter((s) => isAar(s) && chars.every((c) => c.includes(s)));
}

/** Every aar scope on any character of `needle`. */
function aarScopesOn(doc: Tokenized, needle: string, from = ''): string[] {
  return [...new Set(charsOf(doc, needle, from).flat().filter(isAar))];
}

/** All scopes that cover the whole of `needle` (Markdown's and ours). */
function scopesOf(doc: Tokenized, needle: string, from = ''): string[] {
  const chars = charsOf(doc, needle, from);
  return chars[0].filter((s) => chars.every((c) => c.includes(s)));
}

const OWNER = 'variable.other.aar.owner';
const DATE = 'constant.numeric.date.aar';
const ID = 'constant.other.id.aar';
const DONE = 'markup.inserted.status.done.aar';
const OPEN = 'constant.language.status.open.aar';
const BLOCKED = 'markup.deleted.status.blocked.aar';
const IN_PROGRESS = 'markup.changed.status.in-progress.aar';
const CANCELLED = 'comment.status.cancelled.aar';

describe('Markdown injection grammar (TextMate)', () => {
  before(async () => {
    const wasm = readFileSync(require.resolve('vscode-oniguruma/release/onig.wasm'));
    await oniguruma.loadWASM({ data: wasm });
    withInjection = await loadMarkdown([INJECTION]);
    markdownOnly = await loadMarkdown([]);
  });

  describe('task-list actions', () => {
    const doc = () =>
      tokenize(
        [
          '## Actions',
          '',
          '- [ ] A-7 Add a canary stage @sam due:2026-12-01 (IMP-2) status: blocked',
          '- [x] ACT-3 Rotate the keys @kim due 2026-11-20',
          '1. [ ] AI-4 Page the on-call from the runbook @lee.park (due 5 Dec 2026) (in progress)',
          '',
        ].join('\n'),
      );

    it('colours the owner, the due date, the ids and the status of an action', () => {
      const d = doc();
      const line = '- [ ] A-7';
      assert.deepEqual(colouredAs(d, '[ ]', line), [OPEN]);
      assert.deepEqual(colouredAs(d, 'A-7', line), [ID]);
      assert.deepEqual(colouredAs(d, '@sam', line), [OWNER]);
      assert.deepEqual(colouredAs(d, '@', line), [OWNER, 'punctuation.definition.variable.aar']);
      assert.deepEqual(colouredAs(d, 'due', line), ['keyword.other.due.aar']);
      assert.deepEqual(colouredAs(d, '2026-12-01', line), [DATE]);
      assert.deepEqual(colouredAs(d, 'IMP-2', line), [ID]);
      assert.deepEqual(colouredAs(d, 'status', line), ['keyword.other.status.aar']);
      assert.deepEqual(colouredAs(d, 'blocked', line), [BLOCKED]);
      assert.deepEqual(aarScopesOn(d, ' Add a canary stage ', line), [], 'the action text itself');
    });

    it('colours a done box, `due <date>`, an ordered item, dotted handles, written dates and status tags', () => {
      const d = doc();
      assert.deepEqual(colouredAs(d, '[x]'), [DONE]);
      assert.deepEqual(colouredAs(d, 'ACT-3'), [ID]);
      assert.deepEqual(colouredAs(d, '2026-11-20'), [DATE]);
      const ordered = '1. [ ] AI-4';
      assert.deepEqual(colouredAs(d, '[ ]', ordered), [OPEN]);
      assert.deepEqual(colouredAs(d, 'AI-4', ordered), [ID]);
      assert.deepEqual(colouredAs(d, '@lee.park', ordered), [OWNER]);
      assert.deepEqual(colouredAs(d, '5 Dec 2026', ordered), [DATE]);
      assert.deepEqual(colouredAs(d, 'in progress', ordered), [IN_PROGRESS]);
    });

    it('leaves the list, bold, links and inline code of a task item to Markdown', () => {
      const d = tokenize('- [ ] Fix **the cache** per [the guide](https://example.com/guide) with `@sam` @kim\n');
      assert.ok(scopesOf(d, '-').includes('punctuation.definition.list.begin.markdown'));
      assert.ok(scopesOf(d, 'Fix').includes('markup.list.unnumbered.markdown'));
      assert.ok(scopesOf(d, 'the cache').includes('markup.bold.markdown'));
      assert.ok(scopesOf(d, 'https://example.com/guide').includes('markup.underline.link.markdown'));
      assert.ok(scopesOf(d, '@sam').includes('markup.inline.raw.string.markdown'));
      assert.deepEqual(aarScopesOn(d, '`@sam`'), [], 'a handle in inline code is not an owner');
      assert.deepEqual(colouredAs(d, '@kim'), [OWNER]);
    });
  });

  describe('action tables', () => {
    const table = [
      '| Action | Owner | Due | Status |',
      '| --- | --- | --- | --- |',
      '| Fix X | @kim | 2026-12-01 | done |',
      '| Fix Y | @lee | 5 Dec 2026 | in progress |',
      '| Fix Z | @ana | June 28 | On hold |',
      "| Fix W | @bo | 2026-12-03 | won't do |",
      '| Fix V | TBD | 2026-12-04 | open |',
      '',
    ].join('\n');

    it('colours the owner, date and status cells of a row', () => {
      const d = tokenize(table);
      const row = '| Fix X';
      assert.deepEqual(colouredAs(d, '@kim', row), [OWNER]);
      assert.deepEqual(colouredAs(d, '2026-12-01', row), [DATE]);
      assert.deepEqual(colouredAs(d, 'done', row), [DONE]);
      assert.deepEqual(aarScopesOn(d, 'Fix X'), []);
      assert.deepEqual(colouredAs(d, '5 Dec 2026'), [DATE]);
      assert.deepEqual(colouredAs(d, 'in progress'), [IN_PROGRESS]);
      assert.deepEqual(colouredAs(d, 'June 28'), [DATE]);
      assert.deepEqual(colouredAs(d, 'On hold'), [BLOCKED]);
      assert.deepEqual(colouredAs(d, "won't do"), [CANCELLED]);
      assert.deepEqual(colouredAs(d, 'open', '| Fix V'), [OPEN]);
      assert.deepEqual(aarScopesOn(d, '| Action | Owner | Due | Status |'), [], 'the header row');
    });

    it('keeps every cell pipe Markdown table punctuation, next to a status cell too', () => {
      const d = tokenize(table);
      const row = d.lines.indexOf('| Fix X | @kim | 2026-12-01 | done |');
      const pipes = [...d.lines[row]].flatMap((ch, i) => (ch === '|' ? [d.scopes[row][i]] : []));
      assert.equal(pipes.length, 5);
      for (const scopes of pipes) assert.ok(scopes.includes('punctuation.definition.table.markdown'), scopes.join(' '));
    });
  });

  describe('what is not an owner, a date, an id or a status', () => {
    it('nothing inside a fenced code block, with or without a language', () => {
      const d = tokenize(
        ['```', '- [ ] A-9 Fenced @sam due:2026-12-01 status: done', '```', '', '```yaml', 'owner: "@kim" # IMP-3 due 2026-12-01', '```', ''].join('\n'),
      );
      assert.deepEqual(aarScopesOn(d, '- [ ] A-9 Fenced @sam due:2026-12-01 status: done'), []);
      assert.deepEqual(aarScopesOn(d, 'owner: "@kim" # IMP-3 due 2026-12-01'), []);
    });

    it('nothing inside an indented code block', () => {
      const d = tokenize('Run this:\n\n    ssh @sam A-7 due:2026-12-01 | done |\n');
      assert.deepEqual(aarScopesOn(d, 'ssh @sam A-7 due:2026-12-01 | done |'), []);
    });

    it('nothing inside inline code', () => {
      const d = tokenize('Mention `@sam due:2026-12-01 A-7 status: done` in the channel, not @kim.\n');
      assert.deepEqual(aarScopesOn(d, '`@sam due:2026-12-01 A-7 status: done`'), []);
      assert.deepEqual(colouredAs(d, '@kim'), [OWNER]);
    });

    it('not the middle of an email address', () => {
      const d = tokenize('Mail sam@example.com or ops.team@example.co.uk, then ask @sam.\n');
      assert.deepEqual(aarScopesOn(d, 'sam@example.com'), []);
      assert.deepEqual(aarScopesOn(d, 'ops.team@example.co.uk'), []);
      assert.deepEqual(colouredAs(d, '@sam', 'ask'), [OWNER]);
      assert.deepEqual(aarScopesOn(d, '.', 'ask @sam'), [], 'the full stop after a handle');
    });

    it('nothing inside a URL, bare or linked', () => {
      const d = tokenize(
        [
          'Profile https://social.example/@sam and https://tracker.example/issues?assignee=@kim.',
          'Ticket https://jira.example.com/browse/IMP-2, [board](https://example.com/?owner=@lee&due=2026-12-01) and <https://example.com/@ana>.',
          '',
        ].join('\n'),
      );
      assert.deepEqual(aarScopesOn(d, 'https://social.example/@sam'), []);
      assert.deepEqual(aarScopesOn(d, 'https://tracker.example/issues?assignee=@kim'), []);
      assert.deepEqual(aarScopesOn(d, 'https://jira.example.com/browse/IMP-2'), []);
      assert.deepEqual(aarScopesOn(d, 'https://example.com/?owner=@lee&due=2026-12-01'), []);
      assert.deepEqual(aarScopesOn(d, 'https://example.com/@ana'), []);
    });

    it('nothing inside an HTML comment, and no id inside a longer word', () => {
      const d = tokenize('<!-- aar-disable-next-line @sam A-7 due:2026-12-01 -->\nSee DATA-7, A-7b and COVID-19.\n');
      assert.deepEqual(aarScopesOn(d, '<!-- aar-disable-next-line @sam A-7 due:2026-12-01 -->'), []);
      assert.deepEqual(aarScopesOn(d, 'See DATA-7, A-7b and COVID-19.'), []);
    });
  });

  it('changes no Markdown scope outside what it colours', () => {
    const report = [
      '---',
      'title: A-7 retro for @sam',
      'delivery_owner: "@dana"',
      "team: ['@sam', \"@kim\"]",
      'date: 2026-11-20',
      'status: in-review',
      '---',
      '# Release 2.4 review',
      '',
      '@dana ran the review; see https://wiki.example/retros/2.4 and **the timeline**.',
      'A-7 and `A-8` were *raised* late.',
      '',
      '## Improvements',
      '',
      '- IMP-2: The canary stage was **skipped**; see [the log](https://ci.example/@sam/42).',
      '',
      '## Actions',
      '',
      '- [ ] A-7 Add a canary stage @sam due:2026-12-01 (IMP-2) status: blocked',
      '  Details in `deploy.yml`, owner @kim.',
      '  - [x] Nested step @lee',
      '',
      '    indented continuation of the item @ana',
      '',
      '1. [x] A-8 Done already @kim',
      '2. Plain item _without_ a box @lee due 2026-12-05',
      '',
      '| Action | Owner | Due | Status |',
      '|:--|--|--|--:|',
      '| Fix X | @kim | 2026-12-01 | done |',
      '| **Fix Y** | @lee | 5 Dec 2026 | blocked |',
      '',
      '> @sam: quote with **A-9** and [a link](https://example.com).',
      '',
      '### A-9 follow-up with @kim',
      '',
      '```js',
      'const owner = "@sam";',
      '```',
      '',
    ].join('\n');
    const injected = tokenize(report);
    const plain = tokenize(report, markdownOnly);
    injected.lines.forEach((line, row) => {
      for (let column = 0; column < line.length; column++) {
        const ours = injected.scopes[row][column];
        if (ours.some(isAar)) continue;
        assert.deepEqual(ours, plain.scopes[row][column], `line ${row + 1}, column ${column + 1} ("${line[column]}") of: ${line}`);
      }
    });
    assert.deepEqual(colouredAs(injected, '@ana'), [OWNER], 'the indented continuation stays part of the item');
    assert.deepEqual(colouredAs(injected, '@dana', '@dana ran'), [OWNER], 'at the start of a paragraph');
    assert.deepEqual(colouredAs(injected, '@dana'), [OWNER], 'the delivery owner in the front matter');
    assert.deepEqual(colouredAs(injected, '@kim'), [OWNER], 'the team in the front matter');
    assert.deepEqual(aarScopesOn(injected, '2026-11-20'), [], 'the review date is not a due date');
    assert.deepEqual(colouredAs(injected, 'A-9', '### '), [ID], 'in a heading');
  });
});
