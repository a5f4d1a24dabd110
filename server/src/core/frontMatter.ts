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
