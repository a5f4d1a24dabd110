// Edits to the team's `.aar.yml` that add one heading to `sections:`, made as small insertions so
// that everything else in the file (other keys, comments, the team's own layout) stays as written.
// Pure: the host reads the file (or its open buffer) and applies the edits.
import { isMap, isScalar, isSeq, parseDocument, type Node, type Pair } from 'yaml';
import { parseTeamConfig } from './config';
import { lineMapOf } from './text';
import type { SectionKind, TextEdit } from './types';
import { addToMapping, appendToSequence, yamlFlowScalar, yamlScalar, type YamlInsertion } from './yamlText';

/** A new `.aar.yml` holding only this heading, with a word on what the file is for. */
function newFile(kind: SectionKind, heading: string, eol: string): string {
  return [
    '# After Action Reports: what this team shares (see the extension README for every key).',
    '# Headings this team uses for the four sections, added to the built-in ones.',
    'sections:',
    `  ${kind}:`,
    `    - ${yamlScalar(heading)}`,
    '',
  ].join(eol);
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
  const doc = parseDocument(existing);
  if (doc.errors.length) throw new Error(`the team configuration is not valid YAML (${doc.errors[0].message.split('\n')[0]})`);
  const root = doc.contents;
  if (root && !isMap(root)) throw new Error('the team configuration is not a mapping of keys to values');
  const eol = existing.includes('\r\n') ? '\r\n' : '\n';
  const edits: YamlInsertion[] = [];
  const item = { block: [yamlScalar(title)], flow: yamlFlowScalar(title) };
  const sectionsPair = root && isMap(root) ? (root.items.find((p) => isScalar(p.key) && SECTION_KEYS.includes(String(p.key.value))) as Pair<Node, Node | null> | undefined) : undefined;
  const sections = sectionsPair?.value;
  if (!sectionsPair) {
    edits.push({ start: existing.length, end: existing.length, text: `${/\r?\n$/.test(existing) ? '' : eol}sections:${eol}  ${kind}:${eol}    - ${item.block[0]}${eol}` });
  } else if (!sections || (isScalar(sections) && (sections.value === null || sections.value === ''))) {
    // `sections:` with nothing after it: the kind goes on the next line, indented under it.
    const key = sectionsPair.key as Node;
    const lineEnd = existing.indexOf('\n', key.range![0]);
    const at = lineEnd < 0 ? existing.length : existing[lineEnd - 1] === '\r' ? lineEnd - 1 : lineEnd;
    const indent = ' '.repeat(key.range![0] - (existing.lastIndexOf('\n', key.range![0] - 1) + 1) + 2);
    edits.push({ start: at, end: at, text: `${eol}${indent}${kind}:${eol}${indent}  - ${item.block[0]}` });
  } else {
    if (!isMap(sections)) throw new Error('`sections:` in the team configuration is not a mapping of sections to headings');
    const kindPair = sections.items.find((p) => isScalar(p.key) && String(p.key.value) === kind) as Pair<Node, Node | null> | undefined;
    if (!kindPair) addToMapping(existing, sections, [{ key: kind, items: [item] }], edits);
    else {
      const list = kindPair.value;
      const written = isSeq(list) ? list.items.map((i) => (isScalar(i) ? i.value : undefined)) : isScalar(list) ? [list.value] : [];
      if (written.some((v) => typeof v === 'string' && v.trim().toLowerCase() === title.toLowerCase())) return [];
      const notes: string[] = [];
      appendToSequence(existing, kindPair, [item], undefined, edits, notes, `sections.${kind}`, true);
      if (notes.length) throw new Error(`\`sections.${kind}\` in the team configuration is neither a heading nor a list of headings`);
    }
  }
  const lines = lineMapOf(existing);
  return edits.map((e) => ({ range: lines.range(e.start, e.end), newText: e.text }));
}

/** The keys `sections:` may be written under, as the configuration reader takes them. */
const SECTION_KEYS = ['sections', 'section_synonyms', 'sectionSynonyms'];

/** Whether the configuration text reads `heading` as one of the `kind` headings (for checking an edit before offering it). */
export function teamConfigHasHeading(text: string, kind: SectionKind, heading: string): boolean {
  const { layer } = parseTeamConfig(text);
  return (layer.sectionSynonyms?.[kind] ?? []).some((h) => h.trim().toLowerCase() === heading.trim().toLowerCase());
}
