// Writing YAML into files people wrote by hand (`.aar.yml`, front matter): scalars quoted only when
// YAML needs it, and insertions into sequences and mappings that keep the file's layout, comments
// and line endings, so that an edit adds and never rewrites. Shared by the fixes, new reviews,
// the count-heading quick fix and `aar init`.
import { isScalar, isSeq, parse, stringify, type Node, type Pair, type YAMLMap, type YAMLSeq } from 'yaml';
import { detached } from './text';

/** A YAML double-quoted scalar: every character YAML may not print raw is escaped, so any string survives. */
export function doubleQuoted(value: string): string {
  const escaped = value.replace(/[\\"]|[^\x20-\x7E\u00A0-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, (ch) => {
    if (ch === '\\' || ch === '"') return `\\${ch}`;
    const code = ch.codePointAt(0)!;
    return code < 0x100 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
  return `"${escaped}"`;
}

/** Reads a scalar back as the engine does (YAML 1.2) and as older YAML 1.1 readers would. */
function readsBackAs(scalar: string, value: string): boolean {
  try {
    const modern = parse(`v: ${scalar}`) as { v?: unknown };
    const old = parse(`v: ${scalar}`, { version: '1.1' }) as { v?: unknown };
    return modern?.v === value && (typeof old?.v === 'string' || old?.v instanceof Date);
  } catch {
    return false;
  }
}

/** Scalars written so far: a report's fixes write the same few names on every keystroke, and each costs three YAML parses. */
let scalars = new Map<string, string>();

/** `value` as a mapping value or block sequence item that reads back as the same string: plain when it can be, quoted when it must. */
export function yamlScalar(value: string): string {
  let written = scalars.get(value);
  if (written !== undefined) return written;
  written = stringify(value, { lineWidth: 0 }).trimEnd();
  if (written.includes('\n') || !readsBackAs(written, value)) written = doubleQuoted(value);
  if (scalars.size >= 4096) scalars = new Map();
  // Copies: the value may be a slice of a version of a document, which the cache would keep alive.
  scalars.set(detached(value), detached(written));
  return written;
}

/** `value` inside a flow collection (`[a, b]`), where commas, brackets and `#` need quotes too. */
export function yamlFlowScalar(value: string): string {
  const written = yamlScalar(value);
  return /[,[\]{}#]/.test(written) && !/^["']/.test(written) ? doubleQuoted(value) : written;
}

/** Text put in at an offset of the file (`start === end`), or in place of a span. */
export interface YamlInsertion {
  start: number;
  end: number;
  text: string;
}

/** One new item of a sequence, as a block sequence writes it and as a flow sequence does. */
export interface SequenceItem {
  /** Its lines in a block sequence, the first after `- `. */
  block: string[];
  /** Itself in a flow sequence. */
  flow: string;
  comment?: string;
}

/** One item of a block sequence: its lines at `indent`, the first after `- `. */
export const sequenceItemLines = (indent: string, lines: string[], comment?: string): string[] =>
  lines.map((l, i) => `${indent}${i ? '  ' : '- '}${l}${i === 0 && comment ? `  # ${comment}` : ''}`);

export const commentLines = (indent: string, text: string[]): string[] => text.map((t) => `${indent}# ${t}`);

/** The offset just past the end of the line holding `offset` (past its line break, or the end of the text). */
function afterLine(text: string, offset: number): number {
  const nl = text.indexOf('\n', offset);
  return nl < 0 ? text.length : nl + 1;
}

const lineStartOf = (text: string, offset: number) => text.lastIndexOf('\n', offset - 1) + 1;
const indentOf = (text: string, offset: number) => /^[ \t]*/.exec(text.slice(lineStartOf(text, offset)))![0];

/**
 * Adds items to the sequence a pair holds, as the file writes it: block, flow, a lone scalar (when
 * `scalarIsItem`, it becomes the first item of a flow list) or nothing yet. A block of them opens
 * with `note` as a comment, when given. What cannot be added is said in `notes`, naming `where`.
 */
export function appendToSequence(
  text: string,
  pair: Pair<Node, Node | null>,
  items: SequenceItem[],
  note: string | undefined,
  edits: YamlInsertion[],
  notes: string[],
  where: string,
  scalarIsItem: boolean,
): void {
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const value = pair.value;
  const keyStart = (pair.key as Node).range?.[0] ?? 0;
  const blockAt = (at: number, indent: string, lead: string) => {
    const lines = [...(note ? commentLines(indent, [note]) : []), ...items.flatMap((i) => sequenceItemLines(indent, i.block, i.comment))];
    edits.push({ start: at, end: at, text: `${lead}${lines.join(eol)}${eol}` });
  };
  if (isSeq(value)) {
    const seq = value as YAMLSeq<Node>;
    if (seq.flow || !seq.items.length) {
      const end = (seq.range?.[1] ?? 0) - 1;
      const close = text.lastIndexOf(']', end);
      if (close < 0) return void notes.push(`${where}: could not add ${items.map((i) => i.flow).join(', ')}.`);
      const empty = !seq.items.length;
      edits.push({ start: close, end: close, text: `${empty ? '' : ', '}${items.map((i) => i.flow).join(', ')}` });
      return;
    }
    const first = seq.items[0];
    const last = seq.items[seq.items.length - 1];
    const firstStart = first.range?.[0] ?? 0;
    const prefix = text.slice(lineStartOf(text, firstStart), firstStart);
    const indent = /^([ \t]*)-[ \t]*$/.exec(prefix)?.[1] ?? `${indentOf(text, keyStart)}  `;
    const end = afterLine(text, Math.max(0, (last.range?.[1] ?? 0) - 1));
    blockAt(end, indent, end === text.length && !text.endsWith('\n') ? eol : '');
    return;
  }
  if (value === null || (isScalar(value) && (value.value === null || value.value === undefined || value.value === ''))) {
    const end = afterLine(text, (pair.key as Node).range?.[1] ?? keyStart);
    const scalarRange = isScalar(value) ? value.range : undefined;
    const at = scalarRange && scalarRange[1] > scalarRange[0] ? afterLine(text, scalarRange[1]) : end;
    blockAt(at, `${indentOf(text, keyStart)}  `, at === text.length && !text.endsWith('\n') ? eol : '');
    return;
  }
  if (scalarIsItem && isScalar(value) && typeof value.value === 'string' && value.range) {
    const [start, end] = value.range;
    edits.push({ start, end, text: `[${text.slice(start, end)}, ${items.map((i) => i.flow).join(', ')}]` });
    return;
  }
  notes.push(`${where}: in .aar.yml is not a list, so these were not added: ${items.map((i) => i.flow).join(', ')}.`);
}

/** Adds each key with its sequence of items to a mapping, block or flow, after its last entry. */
export function addToMapping(text: string, map: YAMLMap<unknown, unknown>, entries: { key: string; items: SequenceItem[] }[], edits: YamlInsertion[]): void {
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  if (map.flow || !map.items.length) {
    const close = text.lastIndexOf('}', (map.range?.[1] ?? 0) - 1);
    if (close < 0) return;
    const written = entries.map((k) => `${k.key}: [${k.items.map((i) => i.flow).join(', ')}]`).join(', ');
    edits.push({ start: close, end: close, text: `${map.items.length ? ', ' : ''}${written}` });
    return;
  }
  const firstKey = map.items[0].key as Node;
  const indent = indentOf(text, firstKey.range?.[0] ?? 0);
  const last = map.items[map.items.length - 1];
  const lastEnd = (last.value as Node | null)?.range?.[1] ?? (last.key as Node).range?.[1] ?? 0;
  const at = afterLine(text, Math.max(0, lastEnd - 1));
  const lines = entries.flatMap(({ key, items }) => [
    `${indent}${key}:`,
    ...items.flatMap((i) => [...(i.comment ? commentLines(`${indent}  `, [i.comment]) : []), ...sequenceItemLines(`${indent}  `, i.block)]),
  ]);
  edits.push({ start: at, end: at, text: `${at === text.length && !text.endsWith('\n') ? eol : ''}${lines.join(eol)}${eol}` });
}

/** The text with the insertions made: from the end, and at one offset in the order they were made. */
export function applyInsertions(text: string, edits: YamlInsertion[]): string {
  let out = text;
  const ordered = edits.map((e, i) => ({ e, i })).sort((a, b) => b.e.start - a.e.start || b.i - a.i);
  for (const { e } of ordered) out = out.slice(0, e.start) + e.text + out.slice(e.end);
  return out;
}
