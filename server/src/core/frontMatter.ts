// The YAML front matter of a report: its data, where each top-level key stands, and what is wrong
// with it. Hostile YAML gets a bounded answer: nesting past a limit and alias bombs are refused
// with one finding each, and a long run of parse errors is cut short.
import { Composer, isMap, isScalar, Parser, YAMLParseError, type CST, type Document } from 'yaml';
import type { LineMap } from './text';
import type { FrontMatter } from './types';

/**
 * Lists and maps nested deeper than this are not read. Real front matter nests two or three
 * levels; the YAML library's recursion would overflow the stack some thousands of levels down.
 */
export const MAX_FRONT_MATTER_DEPTH = 64;
/** Alias expansions allowed (the `yaml` option): enough for any honest use, far too few for a "billion laughs". */
const MAX_ALIAS_COUNT = 50;
/** YAML errors listed at most: past the first few, more of them only hide the rest of the report's findings. */
const MAX_ERRORS = 10;

interface Shape {
  /** Where collections first nest past the limit. */
  tooDeepAt?: number;
  /** The first alias (`*name`). */
  firstAlias?: number;
  /** Where flow collections and quoted strings open that never close. */
  unclosed: number[];
}

function isUnclosedQuote(token: CST.FlowScalar): boolean {
  if (token.type !== 'single-quoted-scalar' && token.type !== 'double-quoted-scalar') return false;
  const quote = token.source[0];
  const body = token.source.slice(1);
  if (!body.endsWith(quote)) return true;
  // `"a\"` ends with an escaped quote in a double-quoted string: count the backslashes before it.
  if (quote === '"') return (/\\*$/.exec(body.slice(0, -1))?.[0].length ?? 0) % 2 === 1;
  return false;
}

/** What the CST says about nesting, aliases and unclosed openers. Walked without recursion. */
function inspect(tokens: CST.Token[]): Shape {
  const shape: Shape = { unclosed: [] };
  const stack: { token: CST.Token; depth: number }[] = tokens.map((token) => ({ token, depth: 0 }));
  while (stack.length) {
    const { token, depth: at } = stack.pop()!;
    if (token.type === 'document') {
      if (token.value) stack.push({ token: token.value, depth: at });
    } else if (token.type === 'block-map' || token.type === 'block-seq' || token.type === 'flow-collection') {
      const inside = at + 1;
      if (inside > MAX_FRONT_MATTER_DEPTH) {
        // The first place in the text where the nesting goes past the limit, whatever the walk's order.
        if (shape.tooDeepAt === undefined || token.offset < shape.tooDeepAt) shape.tooDeepAt = token.offset;
        continue;
      }
      if (token.type === 'flow-collection' && !token.end.some((t) => t.type === 'flow-map-end' || t.type === 'flow-seq-end')) shape.unclosed.push(token.offset);
      for (const item of token.items) {
        if (item.key) stack.push({ token: item.key, depth: inside });
        if (item.value) stack.push({ token: item.value, depth: inside });
      }
    } else if (token.type === 'alias') {
      if (shape.firstAlias === undefined || token.offset < shape.firstAlias) shape.firstAlias = token.offset;
    } else if ((token.type === 'single-quoted-scalar' || token.type === 'double-quoted-scalar') && isUnclosedQuote(token)) {
      shape.unclosed.push(token.offset);
    }
  }
  return shape;
}

/** Errors YAML reports where it gave up, at the end, about something opened earlier. */
const REPORTED_AT_THE_END = /end with a [\]}]|Missing closing/;

/**
 * Reads the front matter whose node spans `start`..`end` of `text` (the fences included). Invalid
 * YAML gives errors at the offending lines and empty data; the rest of the report is read anyway.
 */
export function readFrontMatter(text: string, start: number, end: number, lines: LineMap): FrontMatter {
  const startLine = lines.positionAt(start).line;
  const contentStart = lines.lineEndWithBreak(startLine);
  const endLine = lines.positionAt(end).line;
  const contentEnd = Math.max(contentStart, lines.lineStart(endLine));
  const yamlText = text.slice(contentStart, contentEnd);
  const fm: FrontMatter = {
    range: lines.range(start, lines.lineEnd(endLine)),
    contentRange: lines.range(contentStart, contentEnd),
    data: {},
    keys: {},
    errors: [],
  };
  const lineAt = (offset: number) => {
    const line = lines.positionAt(contentStart + offset).line;
    return lines.range(lines.lineStart(line), lines.lineEnd(line));
  };

  const simple = readSimpleFrontMatter(yamlText);
  if (simple) {
    fm.data = simple.data;
    for (const [key, [keyStart, keyEnd, valueStart, valueEnd]] of simple.keys) {
      fm.keys[key] = { keyRange: lines.range(contentStart + keyStart, contentStart + keyEnd), valueRange: lines.range(contentStart + valueStart, contentStart + valueEnd) };
    }
    return fm;
  }

  // The parser (text to CST) keeps its own stack: it is safe at any depth. Composing the document
  // and converting it to data recurse, so they run only on what nests within the limit.
  const tokens = [...new Parser().parse(yamlText)];
  const shape = inspect(tokens);
  if (shape.tooDeepAt !== undefined) {
    fm.errors.push({
      message: `Front matter is not read: it nests lists or maps more than ${MAX_FRONT_MATTER_DEPTH} levels deep, from this line on.`,
      range: lineAt(shape.tooDeepAt),
    });
    return fm;
  }
  // logLevel: YAML's own warnings (say, a list used as a key) would go to the server's stderr; errors are read below.
  const composer = new Composer({ prettyErrors: false, uniqueKeys: false, logLevel: 'error' });
  let doc: Document.Parsed | undefined;
  for (const composed of composer.compose(tokens, true, yamlText.length)) {
    if (!doc) doc = composed;
    else {
      // A `...` line ends a YAML document: what follows would be a second one.
      doc.errors.push(new YAMLParseError([composed.range[0], composed.range[1]], 'MULTIPLE_DOCS', 'Front matter holds more than one YAML document.'));
      break;
    }
  }
  if (!doc) return fm;
  const errors = doc.errors.slice(0, MAX_ERRORS).map((e) => {
    const message = e.message.split('\n')[0];
    // An unclosed `[`, `{` or quote is reported where the text ends: the line that opened it is the one to fix.
    const opened = REPORTED_AT_THE_END.test(message) ? shape.unclosed.filter((at) => at <= e.pos[0]).sort((a, b) => b - a)[0] : undefined;
    if (opened !== undefined) return { message, range: lineAt(opened) };
    return { message, range: lines.range(contentStart + e.pos[0], contentStart + Math.max(e.pos[1], e.pos[0] + 1)) };
  });
  if (doc.errors.length > MAX_ERRORS) errors[errors.length - 1].message += ` (and ${doc.errors.length - MAX_ERRORS} more problems after this one)`;
  fm.errors.push(...errors);
  if (doc.errors.length) return fm;
  try {
    const data: unknown = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
    if (data && typeof data === 'object' && !Array.isArray(data)) fm.data = data as Record<string, unknown>;
    else if (data !== null && data !== undefined) fm.errors.push({ message: 'Front matter must be a mapping of keys to values.', range: fm.contentRange });
  } catch (e) {
    const aliasBomb = e instanceof ReferenceError && /alias/i.test(e.message);
    fm.errors.push(
      aliasBomb
        ? {
            message: `Front matter is not read: its aliases (*name) expand to too much data, as in a YAML "billion laughs" attack.`,
            range: shape.firstAlias === undefined ? fm.contentRange : lineAt(shape.firstAlias),
          }
        : { message: (e as Error).message, range: fm.contentRange },
    );
    return fm;
  }
  if (isMap(doc.contents)) {
    for (const pair of doc.contents.items) {
      const key = isScalar(pair.key) ? String(pair.key.value) : undefined;
      const kr = (pair.key as { range?: [number, number, number] } | null)?.range;
      if (!key || !kr) continue;
      const vr = (pair.value as { range?: [number, number, number] } | null)?.range;
      const keyRange = lines.range(contentStart + kr[0], contentStart + kr[1]);
      const valueRange = vr ? lines.range(contentStart + vr[0], contentStart + vr[1]) : keyRange;
      fm.keys[key] = { keyRange, valueRange };
    }
  }
  return fm;
}

// ---- the front matter nearly every report has, read without the YAML library ----------------

/** Where a key and its value stand in the front matter's text: key start and end, value start and end. */
type KeyPlace = [number, number, number, number];

/** A key as reports write them, and not one YAML reads as null, a boolean or a number. */
const SIMPLE_KEY = /^([A-Za-z_][A-Za-z0-9_-]*):(?= |$)/;
const NOT_A_STRING_KEY = /^(?:[Nn]ull|NULL|[Tt]rue|TRUE|[Ff]alse|FALSE)$/;
/** What YAML does not allow in a document, or reads otherwise than a line at a time. */
// eslint-disable-next-line no-control-regex -- control characters are what it looks for
const NOT_SIMPLE_TEXT = /[\t\r\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ufeff\ufffe\uffff]/;
/** A plain value may not start with an indicator (quotes and `[` are read apart). */
const INDICATOR_START = /^[-?:,\]{}#&*!|>%@`]/;
const QUOTED = /^(?:"[^"\\]*"|'[^']*')/;
const NULL_WORD = /^(?:~|[Nn]ull|NULL)$/;
const BOOLEAN_WORD = /^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/;
const SMALL_WHOLE_NUMBER = /^[0-9]{1,15}$/;
/** The YAML 1.2 core schema's numbers (ints, octal, hex, floats, infinities, not-a-number): left to the library. */
const MAY_BE_NUMBER = /^[-+]?(?:[0-9]|\.[0-9]|\.(?:inf|Inf|INF)$)|^\.(?:nan|NaN|NAN)$/;
const CORE_NUMBER = /^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+|[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/;
/** What may follow a value on its line: spaces, then a comment. */
const LINE_REST = /^(?: +(?:#.*)?)?$/;

/**
 * Front matter as nearly every report writes it: one `key: value` per line, each value nothing, a
 * quoted string without escapes, a plain one-line scalar or a one-line `[list]` of those, with
 * comments and blank lines between. Composing a YAML document costs about a tenth of a report's
 * whole analysis; this reads the same data and places in a pass over the lines. Whatever it does not
 * know for certain (nesting, block lists, multi-line or escaped strings, numbers other than small
 * whole ones, anchors, tags, tabs, documents) is the library's: undefined. A property test holds it
 * to the library on what it reads.
 */
export function readSimpleFrontMatter(yamlText: string): { data: Record<string, unknown>; keys: Map<string, KeyPlace> } | undefined {
  if (NOT_SIMPLE_TEXT.test(yamlText)) return undefined;
  const data: Record<string, unknown> = {};
  const keys = new Map<string, KeyPlace>();
  let lineStart = 0;
  while (lineStart < yamlText.length) {
    let lineEnd = yamlText.indexOf('\n', lineStart);
    if (lineEnd < 0) lineEnd = yamlText.length;
    const line = yamlText.slice(lineStart, lineEnd);
    const at = lineStart;
    lineStart = lineEnd + 1;
    const first = line.charCodeAt(0);
    // Blank lines and comment lines (indented ones too); any other indented line belongs to a value above.
    if (first === 32) {
      if (/^ *(?:#.*)?$/.test(line)) continue;
      return undefined;
    }
    if (!line || first === 35 /* # */) continue;
    const key = SIMPLE_KEY.exec(line);
    if (!key || NOT_A_STRING_KEY.test(key[1]) || key[1] === '__proto__') return undefined;
    const afterColon = key[0].length;
    let valueStart = afterColon;
    while (line.charCodeAt(valueStart) === 32) valueStart++;
    const written = line.slice(valueStart);
    let value: unknown;
    let valueEnd: number;
    if (!written || written[0] === '#') {
      // `key:` alone, or with a comment: null, at where the comment (or the line's end) starts.
      if (written && valueStart === afterColon) return undefined;
      value = null;
      valueEnd = valueStart;
    } else if (written[0] === '[') {
      const list = readFlowList(written);
      if (!list) return undefined;
      value = list.items;
      valueEnd = valueStart + list.length;
    } else {
      const quoted = QUOTED.exec(written);
      if (quoted) {
        value = quoted[0].slice(1, -1);
        valueEnd = valueStart + quoted[0].length;
      } else {
        const comment = written.indexOf(' #');
        const plain = (comment < 0 ? written : written.slice(0, comment)).trimEnd();
        const read = plainScalar(plain, false);
        if (read === NOT_SIMPLE) return undefined;
        value = read;
        valueEnd = valueStart + plain.length;
      }
    }
    if (!LINE_REST.test(line.slice(valueEnd))) return undefined;
    data[key[1]] = value;
    keys.set(key[1], [at, at + key[1].length, at + valueStart, at + valueEnd]);
  }
  return { data, keys };
}

const NOT_SIMPLE = Symbol('not simple');

/** A plain scalar's value as the YAML 1.2 core schema reads it, or NOT_SIMPLE when the library should decide. */
function plainScalar(plain: string, inFlow: boolean): unknown {
  if (!plain || INDICATOR_START.test(plain) || plain[0] === '"' || plain[0] === "'" || plain[0] === '[') return NOT_SIMPLE;
  // `a: b` inside a value is a nested mapping (or an error); a trailing `:` too. In a list, `,[]{}` and `#` end or break it.
  if (plain.includes(': ') || plain.endsWith(':') || plain.includes(' #')) return NOT_SIMPLE;
  if (inFlow && /[,[\]{}#:"']/.test(plain)) return NOT_SIMPLE;
  if (NULL_WORD.test(plain)) return null;
  if (BOOLEAN_WORD.test(plain)) return plain[0] === 't' || plain[0] === 'T';
  if (MAY_BE_NUMBER.test(plain)) {
    if (SMALL_WHOLE_NUMBER.test(plain)) return Number(plain);
    if (CORE_NUMBER.test(plain)) return NOT_SIMPLE;
  }
  return plain;
}

/** A one-line flow list of quoted or plain scalars, `[a, "b c", 3]`, and how long it is written; undefined otherwise. */
function readFlowList(written: string): { items: unknown[]; length: number } | undefined {
  const close = written.indexOf(']');
  if (close < 0) return undefined;
  const inside = written.slice(1, close);
  if (!inside.trim()) return { items: [], length: close + 1 };
  const items: unknown[] = [];
  for (const part of inside.split(',')) {
    const item = part.trim();
    if (!item) return undefined;
    if (QUOTED.test(item)) {
      if (QUOTED.exec(item)![0].length !== item.length) return undefined;
      items.push(item.slice(1, -1));
      continue;
    }
    const read = plainScalar(item, true);
    if (read === NOT_SIMPLE) return undefined;
    items.push(read);
  }
  return { items, length: close + 1 };
}
