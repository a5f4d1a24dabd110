import type { Nodes, RootContent } from 'mdast';
import { partsOf } from '../parse';
import { lineMapOf, leadingByteOrderMarks, matchesOf } from '../text';
import type { Rule } from './rule';
import { ObjectCache } from '../memo';

// Wording that puts the cause in a person rather than in the system that let it happen.
const BLAME =
  /\bhuman errors?\b|\b[\p{L}]+['’]s fault\b|\bat fault\b|\bfault of\b|\bshould(?: have|'ve) known\b|\bcareless(?:ness|ly)?\b|\bnegligen(?:t|ce|tly)\b|\bscrewed up\b|\bblam(?:e|ed|es|ing)\b|\bincompeten(?:t|ce)\b|\bdropped the ball\b/giu;

/**
 * What every blaming phrase above contains, with the same flags: text without it has no match, and
 * the slow phrase search (its `\p{L}` part) runs only on the text that has it. Whole phrases, not
 * words: "should" alone is in most reports.
 */
const BLAME_WORD = /human error|fault|should(?: have|'ve) known|careless|negligen|screwed up|blam|incompeten|dropped the ball/iu;

/** A blaming phrase in a block: where it starts, as an offset from the block's start, and what it is. */
interface Phrase {
  from: number;
  phrase: string;
}

/**
 * The blaming phrases in the prose of a block (its text: not code, HTML or comments, link
 * targets), found once per block: the parser hands over the same node while the block is
 * untouched, and offsets from its start hold wherever it moves.
 */
const phrasesOf = new ObjectCache<RootContent, Phrase[]>();

function phrasesIn(block: RootContent, text: string, bom: number): Phrase[] {
  const start = block.position?.start.offset;
  const end = block.position?.end.offset;
  const found: Phrase[] = [];
  if (start === undefined) return found;
  // Most blocks hold no blaming word anywhere: one search of the block's source, not a walk of its nodes.
  if (end !== undefined && !BLAME_WORD.test(text.slice(start + bom, end + bom))) return found;
  /** Finds the phrases in the source from `from` to `to` (parser offsets). */
  const search = (from: number, to: number) => {
    // The source, not the value: offsets stay those of the text (escapes and entities included).
    const source = text.slice(from + bom, to + bom);
    if (!BLAME_WORD.test(source)) return;
    for (const m of matchesOf(BLAME, source)) found.push({ from: from - start + m.index, phrase: m[0] });
  };
  const visit = (node: Nodes) => {
    const from = node.position?.start.offset;
    const to = node.position?.end.offset;
    if (node.type === 'text') {
      // Text the parser made up has no place (an autolink's, which is its URL anyway).
      if (from !== undefined && to !== undefined) search(from, to);
      return;
    }
    if ((node.type === 'image' || node.type === 'imageReference') && from !== undefined && to !== undefined && node.alt) {
      // An image's alt text is prose a reader (or a screen reader) gets: `![alt](src)`, `![alt][ref]`.
      const close = text.slice(from + bom, to + bom).indexOf(']');
      if (close > 2) search(from + 2, from + close);
      return;
    }
    if (node.type === 'code' || node.type === 'inlineCode' || node.type === 'html' || node.type === 'yaml') return;
    if ('children' in node) for (const child of node.children) visit(child);
  };
  visit(block);
  return found;
}

export const blameLanguage: Rule = {
  id: 'blame-language',
  defaultSeverity: 'info',
  description: 'Wording that assigns blame or assumes failure ("human error", "X\'s fault").',
  tags: ['wording', 'blameless'],
  check(ctx) {
    const { text, blocks } = ctx.report;
    // The parser's offsets do not count byte order marks at the start; the text's do.
    const bom = leadingByteOrderMarks(text);
    const lines = lineMapOf(text);
    for (const block of blocks) {
      // A long list part by part: a keystroke in it makes a new list node, but most of its parts are the same.
      for (const part of partsOf(block)) found(part);
    }
    function found(block: RootContent) {
      let phrases = phrasesOf.get(block);
      if (!phrases) phrasesOf.set(block, (phrases = phrasesIn(block, text, bom)));
      if (!phrases.length) return;
      const start = block.position!.start.offset! + bom;
      for (const { from, phrase } of phrases) {
        ctx.add({
          message: `"${phrase}" assigns blame: describe what in the system, process or tooling allowed it to happen.`,
          range: lines.range(start + from, start + from + phrase.length),
        });
      }
    }
  },
};
