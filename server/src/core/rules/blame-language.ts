import { lineMapOf } from '../text';
import type { Rule } from './rule';

// Wording that puts the cause in a person rather than in the system that let it happen.
const BLAME =
  /\bhuman errors?\b|\b[\p{L}]+['’]s fault\b|\bat fault\b|\bfault of\b|\bshould(?: have|'ve) known\b|\bcareless(?:ness|ly)?\b|\bnegligen(?:t|ce|tly)\b|\bscrewed up\b|\bblam(?:e|ed|es|ing)\b|\bincompeten(?:t|ce)\b|\bdropped the ball\b/giu;

/**
 * A word every blaming phrase above contains, with the same flags: text without one has no match,
 * and the slow phrase search (its `\p{L}` part) runs only on the lines that have one.
 */
const BLAME_WORD = /human|fault|should|careless|negligen|screwed|blam|incompeten|dropped/iu;
const BLAME_WORDS = new RegExp(BLAME_WORD.source, 'giu');

/** Blanks out what is not prose: HTML comments (tracking ones that span lines) and inline code. */
function proseOf(line: string, inComment: boolean): { prose: string; inComment: boolean } {
  let out = '';
  let i = 0;
  while (i < line.length) {
    if (inComment) {
      const end = line.indexOf('-->', i);
      const stop = end < 0 ? line.length : end + 3;
      out += ' '.repeat(stop - i);
      i = stop;
      inComment = end < 0;
    } else {
      const open = line.indexOf('<!--', i);
      const stop = open < 0 ? line.length : open;
      out += line.slice(i, stop);
      i = stop;
      inComment = open >= 0;
    }
  }
  return { prose: out.replace(/(`+)[^`]*?\1/g, (m) => ' '.repeat(m.length)), inComment };
}

export const blameLanguage: Rule = {
  id: 'blame-language',
  defaultSeverity: 'info',
  description: 'Wording that assigns blame or assumes failure ("human error", "X\'s fault").',
  tags: ['wording', 'blameless'],
  check(ctx) {
    // The lines that hold such a word, found in one pass: a phrase search runs on those only.
    const wordLines = new Set<number>();
    const lineMap = lineMapOf(ctx.report.text);
    for (const m of ctx.report.text.matchAll(BLAME_WORDS)) wordLines.add(lineMap.positionAt(m.index).line);
    if (!wordLines.size) return;
    const lines = ctx.report.text.split('\n');
    const fmEnd = ctx.report.frontMatter ? ctx.report.frontMatter.range.end.line : -1;
    let fence: string | undefined;
    let inComment = false;
    lines.forEach((raw, line) => {
      if (line <= fmEnd) return;
      const text = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
      const marker = /^\s{0,3}(`{3,}|~{3,})/.exec(text)?.[1];
      if (fence) {
        if (marker && marker[0] === fence[0] && marker.length >= fence.length && !text.trim().slice(marker.length).trim()) fence = undefined;
        return;
      }
      if (marker) {
        fence = marker;
        return;
      }
      // Outside comments the prose is the line with code blanked out: no blaming word in the line, none in the prose.
      if (!inComment && !wordLines.has(line) && !text.includes('<!--')) return;
      const scanned = proseOf(text, inComment);
      inComment = scanned.inComment;
      if (!BLAME_WORD.test(scanned.prose)) return;
      for (const m of scanned.prose.matchAll(BLAME)) {
        ctx.add({
          message: `"${m[0]}" assigns blame: describe what in the system, process or tooling allowed it to happen.`,
          range: { start: { line, character: m.index }, end: { line, character: m.index + m[0].length } },
        });
      }
    });
  },
};
