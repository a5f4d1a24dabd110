// Front matter read without the YAML library (readSimpleFrontMatter), held to the library: on any
// text it reads, the data and the place of every key and value are the library's; on the front
// matter reports are written with, it reads them. `npm run fuzz` runs many more cases.
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { isMap, isScalar, parseDocument } from 'yaml';
import { readSimpleFrontMatter } from '../../server/src/core/frontMatter';

const FUZZ_RUNS = Number(process.env.AAR_FUZZ_RUNS) || 0;
const runs = (inTests: number) => FUZZ_RUNS || inTests;

/** What the library reads: data, and key → [key start, key end, value start, value end]; undefined when it finds an error. */
function library(yamlText: string): { data: Record<string, unknown>; keys: Map<string, number[]> } | undefined {
  const doc = parseDocument(yamlText, { prettyErrors: false, uniqueKeys: false, logLevel: 'error' });
  if (doc.errors.length) return undefined;
  const js: unknown = doc.toJS();
  const data = js === null || js === undefined ? {} : (js as Record<string, unknown>);
  const keys = new Map<string, number[]>();
  if (isMap(doc.contents)) {
    for (const pair of doc.contents.items) {
      if (!isScalar(pair.key) || !pair.key.range) continue;
      const key = String(pair.key.value);
      const value = (pair.value as { range?: number[] } | null)?.range ?? pair.key.range;
      keys.set(key, [pair.key.range[0], pair.key.range[1], value[0], value[1]]);
    }
  }
  return { data, keys };
}

function assertSameAsLibrary(yamlText: string): boolean {
  const simple = readSimpleFrontMatter(yamlText);
  if (!simple) return false;
  const expected = library(yamlText);
  assert.ok(expected, `the library finds an error in what was read without it: ${JSON.stringify(yamlText)}`);
  assert.deepStrictEqual(simple.data, expected.data, JSON.stringify(yamlText));
  assert.deepStrictEqual(new Map([...simple.keys].map(([k, v]) => [k, [...v]])), expected.keys, JSON.stringify(yamlText));
  return true;
}

const KEYS = ['title', 'date', 'status', 'team', 'delivery_owner', 'a', 'b_c', 'x-y', 'K9', 'true', 'Null', '__proto__', 'título', '1st', '-k'];
const SEPARATORS = [': ', ':', ':  ', ' : ', ':\t', ': \t'];
const VALUES = [
  '', ' ', 'plain text', "Kim's review", 'Release [2.5] {x}', '2026-11-26', '26/11/2026', '12:30', 'https://example.com/a?b=c#d', 'C#', 'a # comment',
  'a#b', 'yes', 'No', 'on', 'true', 'True', 'TRUE', 'false', 'False', 'FALSE', 'tRUE', '~', 'null', 'Null', 'nULL', '0', '007', '42', '123456789012345678', '-5', '+3', '1.5', '.5', '1.',
  '1e3', '0x1F', '0o17', '0b1', '.inf', '-.Inf', '.NaN', '1_000', 'v1.2.3', '"quoted"', '"with # hash"', '"a\\"b"', '"tab\\t"', "'single'", "'it''s'",
  '"unclosed', "'unclosed", '"" ', "''", '[a, b]', '["@sam", "Kim Park <kim@example.com>"]', '[ "@sam" , kim ]', '[]', '[ ]', '[a,,b]', '[a, b,]',
  '[1, 2.5, true, ~, null]', '[a: b]', '[a, [b]]', '[a] x', '[a] # c', '[unclosed', '{a: 1}', '@dana', '"@dana"', '`x`', '&anchor v', '*alias',
  '!tag v', '!!str 5', '|', '>', '- item', '-', '? x', ': x', 'a: b', 'ends:', 'x  # c', 'x #', '"q"#c', '"q" x', '"q"  # c', 'é', '中文 名',
  '%d', 'a, b', 'a,b', '  leading', 'trailing  ', "'a' # c", '"a\u00e9"', 'x\u0007y', '\ufeffbom',
];
const OTHER_LINES = ['', '# comment', '  # indented comment', '  nested: 1', '  - item', '- item', '...', '---', '%YAML 1.2', '   ', '#', 'no colon', 'key:value', '\t# tab'];

const line = fc.oneof(
  { weight: 6, arbitrary: fc.tuple(fc.constantFrom(...KEYS), fc.constantFrom(...SEPARATORS), fc.constantFrom(...VALUES)).map(([k, s, v]) => `${k}${s}${v}`) },
  { weight: 1, arbitrary: fc.constantFrom(...OTHER_LINES) },
);
const frontMatter = fc
  .tuple(fc.array(line, { maxLength: 10 }), fc.constantFrom('\n', '\n', '\n', '\r\n', '\r'), fc.boolean())
  .map(([lines, eol, endsWithBreak]) => lines.join(eol) + (endsWithBreak && lines.length ? eol : ''));

/** Front matter as reports in this repository and its fixtures write it. */
function frontMattersOf(folder: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(folder)) {
    const file = join(folder, name);
    if (statSync(file).isDirectory()) out.push(...frontMattersOf(file));
    else if (name.endsWith('.md')) {
      const m = /^---\r?\n([\s\S]*?\r?\n)---\r?\n/.exec(readFileSync(file, 'utf8'));
      if (m) out.push(m[1]);
    }
  }
  return out;
}

describe('front matter read without the YAML library', () => {
  it('reads the data and places the library reads, on whatever text it does not leave to the library', () => {
    let read = 0;
    fc.assert(
      fc.property(frontMatter, (text) => {
        if (assertSameAsLibrary(text)) read++;
      }),
      { numRuns: runs(3000) },
    );
    // The generator is not so hostile that nothing is read: the comparison means something.
    assert.ok(read > 100, `only ${read} of the texts were read without the library`);
  });

  it('reads each value shape it knows the same as the library, line by line', () => {
    for (const key of KEYS) for (const separator of SEPARATORS) for (const value of VALUES) assertSameAsLibrary(`${key}${separator}${value}\n`);
  });

  it('reads the front matter of the example reports and of most real-world fixtures itself', () => {
    const examples = frontMattersOf('examples');
    assert.ok(examples.length >= 3);
    for (const text of examples) assert.ok(assertSameAsLibrary(text), `left to the library: ${text}`);
    const fixtures = frontMattersOf('test/fixtures');
    const readHere = fixtures.filter(assertSameAsLibrary).length;
    assert.ok(readHere >= fixtures.length * 0.6, `${readHere} of ${fixtures.length} fixtures' front matter read without the library`);
  });

  it('leaves to the library what it does not read for certain: nesting, block lists, escapes, numbers, tags, anchors', () => {
    for (const text of [
      'team:\n  - "@sam"\n',
      'owner:\n  name: Kim\n',
      'title: "a\\"b"\n',
      'effort: 1.5\n',
      'x: 0x10\n',
      'x: !tag v\n',
      'x: &a v\ny: *a\n',
      'x: |\n  text\n',
      'title: a: b\n',
      'a: 1\n...\nb: 2\n',
      'title:\tv\n',
      '"quoted key": v\n',
    ]) {
      assert.equal(readSimpleFrontMatter(text), undefined, text);
    }
  });
});
