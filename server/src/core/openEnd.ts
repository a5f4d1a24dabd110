// A report that ends inside a block never closed (a fenced code block, an HTML comment, a
// `<style>` ...) swallows whatever is appended after it: a section or an action added there by a
// fix would be read as code. Such a fix closes the block first.
import { parseMarkdown } from './parse';
import { leadingByteOrderMarks, lineMapOf, splitOn } from './text';
import type { Fix, Report } from './types';

const LINE_BREAKS = /\r\n|\r|\n/g;

const FENCE_OPEN = /^ {0,3}(`{3,}|~{3,})/;
/** Lines that open or close a fence, anywhere in a text: the fence, and what follows it on the line. */
const FENCE_LINES = /^ {0,3}(`{3,}|~{3,})(.*)$/gm;
/** HTML blocks that end at a marker rather than at a blank line (CommonMark types 1 to 5), with the marker. */
const HTML_BLOCKS: [RegExp, (m: RegExpExecArray) => string][] = [
  [/^ {0,3}<(script|pre|style|textarea)(?=[\s>]|$)/i, (m) => `</${m[1].toLowerCase()}>`],
  [/^ {0,3}<!--/, () => '-->'],
  [/^ {0,3}<\?/, () => '?>'],
  [/^ {0,3}<!\[CDATA\[/, () => ']]>'],
  [/^ {0,3}<![A-Za-z]/, () => '>'],
];
/** The same openers, found at the start of any line. */
const HTML_OPENERS_ANYWHERE = HTML_BLOCKS.map(([opens, closerOf]) => [new RegExp(opens.source, `${opens.flags}gm`), closerOf] as const);

/**
 * Past this, the end is not parsed again for each analysis (a last section this long is rare): a
 * fix appended there may then be swallowed, as it would have been anyway.
 */
const MAX_TAIL = 256 * 1024;

/** The last answer: the fixes of one analysis (several missing sections, say) ask the same question. */
let lastAsked: { text: string; from: number; closer: string | undefined } | undefined;

/**
 * What closes the block left open at the end of `text`, when the last block from `from` on runs
 * to the end unclosed: a fence (```` ``` ````), or the end marker of an HTML block. Undefined when
 * text appended at the end would start a block of its own.
 */
export function closerOfOpenEnd(text: string, from: number): string | undefined {
  if (lastAsked?.text === text && lastAsked.from === from) return lastAsked.closer;
  const closer = text.length - from > MAX_TAIL ? undefined : readCloser(text, from);
  lastAsked = { text, from, closer };
  return closer;
}

/**
 * Cheap test before any parse: a fence left open, or an HTML block opener with no end marker
 * after it. Reports full of closed `<!-- guidance -->` comments and fences are not parsed again.
 */
function mayEndOpen(tail: string): boolean {
  // Fences pair up as CommonMark pairs them (a closing fence: the same character, at least as
  // long, nothing after it), containers aside: the parse below has the last word.
  let open: string | undefined;
  FENCE_LINES.lastIndex = 0;
  for (let m = FENCE_LINES.exec(tail); m; m = FENCE_LINES.exec(tail)) {
    if (!open) open = m[1];
    else if (m[1][0] === open[0] && m[1].length >= open.length && !m[2].trim()) open = undefined;
  }
  if (open) return true;
  for (const [anywhere, closerOf] of HTML_OPENERS_ANYWHERE) {
    anywhere.lastIndex = 0;
    let last: RegExpExecArray | undefined;
    for (let m = anywhere.exec(tail); m; m = anywhere.exec(tail)) last = m;
    if (last && !tail.slice(last.index + last[0].length).toLowerCase().includes(closerOf(last))) return true;
  }
  return false;
}

function readCloser(text: string, from: number): string | undefined {
  let tail = text.slice(from);
  tail = tail.slice(leadingByteOrderMarks(tail));
  if (!mayEndOpen(tail)) return undefined;
  const last = parseMarkdown(tail).children.at(-1);
  const start = last?.position?.start.offset;
  const end = last?.position?.end.offset;
  if (!last || start === undefined || end === undefined) return undefined;
  const source = tail.slice(start, end);
  if (last.type === 'code') {
    const open = FENCE_OPEN.exec(source);
    if (!open) return undefined;
    const lines = splitOn(source, LINE_BREAKS);
    const closing = new RegExp(`^ {0,3}${open[1][0] === '`' ? '`' : '~'}{${open[1].length},}[ \\t]*$`);
    return lines.length > 1 && closing.test(lines[lines.length - 1]) ? undefined : open[1];
  }
  if (last.type === 'html') {
    for (const [opens, closerOf] of HTML_BLOCKS) {
      const m = opens.exec(source);
      if (!m) continue;
      const closer = closerOf(m);
      return source.slice(m[0].length).toLowerCase().includes(closer) ? undefined : closer;
    }
  }
  return undefined;
}

/**
 * The fix, made to close the block left open at the end of the report first when its one edit
 * inserts text after everything else there. Other fixes are returned as they are.
 */
export function closingOpenEnd(report: Report, fix: Fix): Fix {
  if (fix.edits.length !== 1) return fix;
  const [edit] = fix.edits;
  const { start, end } = edit.range;
  if (start.line !== end.line || start.character !== end.character) return fix;
  const lines = lineMapOf(report.text);
  const offset = lines.offsetAt(start);
  if (report.text.slice(offset).trim() !== '') return fix;
  // A block that runs to the end starts after the last heading: any heading after it would be swallowed.
  const heading = report.headings.filter((h) => h.range.start.line <= start.line).pop();
  const closer = closerOfOpenEnd(report.text, heading ? lines.lineStart(heading.range.start.line) : 0);
  if (!closer) return fix;
  return { ...fix, edits: [{ range: edit.range, newText: `${report.eol}${closer}${edit.newText}` }] };
}
