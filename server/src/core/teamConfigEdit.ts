// Edits to the team's `.aar.yml` that add one heading to `sections:`, made as small insertions so
// that everything else in the file (other keys, comments, the team's own layout) stays as written.
// Pure: the host reads the file (or its open buffer) and applies the edits.
import { isMap, isScalar, isSeq, parseDocument, stringify, type Node, type Pair } from 'yaml';
import { parseTeamConfig } from './config';
import { lineMapOf } from './text';
import type { SectionKind, TextEdit } from './types';

/** A new `.aar.yml` holding only this heading, with a word on what the file is for. */
function newFile(kind: SectionKind, heading: string, eol: string): string {
  return [
    '# After Action Reports: what this team shares (see the extension README for every key).',
    '# Headings this team uses for the four sections, added to the built-in ones.',
    'sections:',
    `  ${kind}:`,
    `    - ${blockScalar(heading)}`,
    '',
  ].join(eol);
}

/** One YAML scalar for a block sequence item, quoted only when YAML needs it. */
function blockScalar(value: string): string {
  return stringify(value, { lineWidth: 0 }).trimEnd();
}

/** One YAML scalar inside a flow sequence (`[A, B]`), where commas and brackets also need quotes. */
function flowScalar(value: string): string {
  const plain = blockScalar(value);
  return /[,[\]{}]/.test(plain) && !/^["']/.test(plain) ? JSON.stringify(value) : plain;
}

/**
 * The edits that make `sections.<kind>` of the team configuration `existing` (undefined: no file
 * yet) include `heading`. Empty when it already does. Throws when the file cannot be read as YAML,
 * so that a broken file is never rewritten.
 */
export function addSectionHeadingEdits(existing: string | undefined, kind: SectionKind, heading: string): TextEdit[] {
  const title = heading.trim();
  const start = { line: 0, character: 0 };
  if (existing === undefined || !existing.trim()) {
    const eol = existing?.includes('\r\n') ? '\r\n' : '\n';
    const text = newFile(kind, title, eol);
    return [{ range: { start, end: existing === undefined ? start : lineMapOf(existing).positionAt(existing.length) }, newText: text }];
  }
  const doc = parseDocument(existing, { keepSourceTokens: true });
  if (doc.errors.length) throw new Error(`the team configuration is not valid YAML (${doc.errors[0].message.split('\n')[0]})`);
  const root = doc.contents;
  if (root && !isMap(root)) throw new Error('the team configuration is not a mapping of keys to values');
  const lines = lineMapOf(existing);
  const eol = existing.includes('\r\n') ? '\r\n' : '\n';
  const at = (offset: number) => lines.positionAt(offset);
  const insert = (offset: number, newText: string): TextEdit[] => [{ range: { start: at(offset), end: at(offset) }, newText }];
  const endsWithBreak = /\r?\n$/.test(existing);

  const sectionsPair = root && isMap(root) ? (root.items.find((p) => isScalar(p.key) && SECTION_KEYS.includes(String(p.key.value))) as Pair<Node, Node> | undefined) : undefined;
  if (!sectionsPair) {
    const block = `sections:${eol}  ${kind}:${eol}    - ${blockScalar(title)}${eol}`;
    return insert(existing.length, `${endsWithBreak ? '' : eol}${block}`);
  }
  const sections = sectionsPair.value;
  const keyNode = sectionsPair.key as Node;
  const keyColumn = at(keyNode.range![0]).character;
  if (!sections || (isScalar(sections) && (sections.value === null || sections.value === ''))) {
    // `sections:` with nothing after it: the kind goes on the next line, indented under it.
    const lineEnd = lines.lineEnd(at(keyNode.range![0]).line);
    const indent = ' '.repeat(keyColumn + 2);
    return insert(lineEnd, `${eol}${indent}${kind}:${eol}${indent}  - ${blockScalar(title)}`);
  }
  if (!isMap(sections)) throw new Error('`sections:` in the team configuration is not a mapping of sections to headings');
  const kindPair = sections.items.find((p) => isScalar(p.key) && String(p.key.value) === kind) as Pair<Node, Node> | undefined;
  if (!kindPair) {
    if (sections.flow) {
      // `sections: {actions: [Commitments]}`: one more entry before the closing brace.
      const close = sections.range![1] - 1;
      return insert(close, `${sections.items.length ? ', ' : ''}${kind}: [${flowScalar(title)}]`);
    }
    const firstKey = sections.items[0]?.key as Node | undefined;
    const indent = ' '.repeat(firstKey?.range ? at(firstKey.range[0]).character : keyColumn + 2);
    const end = sections.range![1];
    const lineEnd = lines.lineEnd(at(Math.max(end - 1, 0)).line);
    return insert(lineEnd, `${eol}${indent}${kind}:${eol}${indent}  - ${blockScalar(title)}`);
  }
  const list = kindPair.value;
  const already = (values: unknown[]) => values.some((v) => typeof v === 'string' && v.trim().toLowerCase() === title.toLowerCase());
  if (isSeq(list)) {
    if (already(list.items.map((i) => (isScalar(i) ? i.value : undefined)))) return [];
    if (list.flow) {
      const close = list.range![1] - 1;
      return insert(close, `${list.items.length ? ', ' : ''}${flowScalar(title)}`);
    }
    const last = list.items[list.items.length - 1] as Node;
    const itemLine = at(last.range![0]).line;
    const dash = lines.lineText(itemLine).indexOf('-');
    const indent = ' '.repeat(Math.max(dash, 0));
    const lineEnd = lines.lineEnd(at(Math.max(last.range![1] - 1, last.range![0])).line);
    return insert(lineEnd, `${eol}${indent}- ${blockScalar(title)}`);
  }
  if (isScalar(list)) {
    // `actions: Commitments`: one heading written alone becomes a list of two.
    if (list.value === null || list.value === '') {
      return [{ range: { start: at(list.range![0]), end: at(list.range![1]) }, newText: `[${flowScalar(title)}]` }];
    }
    if (already([list.value])) return [];
    return [{ range: { start: at(list.range![0]), end: at(list.range![1]) }, newText: `[${flowScalar(String(list.value))}, ${flowScalar(title)}]` }];
  }
  throw new Error(`\`sections.${kind}\` in the team configuration is neither a heading nor a list of headings`);
}

/** The keys `sections:` may be written under, as the configuration reader takes them. */
const SECTION_KEYS = ['sections', 'section_synonyms', 'sectionSynonyms'];

/** Whether the configuration text reads `heading` as one of the `kind` headings (for checking an edit before offering it). */
export function teamConfigHasHeading(text: string, kind: SectionKind, heading: string): boolean {
  const { layer } = parseTeamConfig(text);
  return (layer.sectionSynonyms?.[kind] ?? []).some((h) => h.trim().toLowerCase() === heading.trim().toLowerCase());
}
