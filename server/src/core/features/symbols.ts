// The outline of a report: headings nested by level (with the section each names), and the actions
// as children of the heading they stand under. Pure.
import { lineMapOf, type LineMap } from '../text';
import type { Action, Range, Report } from '../types';
import { ownerAsWritten } from './owners';

export type OutlineKind = 'heading' | 'section' | 'action';

export interface OutlineSymbol {
  name: string;
  detail?: string;
  kind: OutlineKind;
  /** Everything the symbol covers (a heading: up to the next heading of the same or a higher level). */
  range: Range;
  /** What to reveal and select: the heading's text, the action's first line. */
  selectionRange: Range;
  children: OutlineSymbol[];
}

export function documentSymbols(report: Report | undefined): OutlineSymbol[] {
  if (!report) return [];
  const lines = lineMapOf(report.text);
  const end = lines.positionAt(report.text.length);
  const roots: OutlineSymbol[] = [];
  const stack: { depth: number; symbol: OutlineSymbol }[] = [];
  for (const heading of report.headings) {
    while (stack.length && stack[stack.length - 1].depth >= heading.depth) stack.pop();
    const symbol: OutlineSymbol = {
      name: heading.text.trim() || '(untitled)',
      detail: headingDetail(heading),
      kind: heading.kind ? 'section' : 'heading',
      // Closed below, when the next heading of the same or a higher level starts.
      range: { start: heading.range.start, end },
      selectionRange: heading.textRange,
      children: [],
    };
    (stack.length ? stack[stack.length - 1].symbol.children : roots).push(symbol);
    stack.push({ depth: heading.depth, symbol });
  }
  closeRanges(roots, end, lines);
  for (const action of report.actions) {
    const parent = innermostContaining(roots, action.range.start.line);
    (parent ? parent.children : roots).push(actionSymbol(report, action, lines));
  }
  sortChildren(roots);
  return roots;
}

/** Each heading's range ends where the next sibling (or the parent's end) begins, minus the blank lines between. */
function closeRanges(symbols: OutlineSymbol[], parentEnd: Range['end'], lines: LineMap): void {
  symbols.forEach((symbol, i) => {
    const next = symbols[i + 1];
    let endLine = next ? next.range.start.line - 1 : parentEnd.line;
    while (endLine > symbol.range.start.line && !lines.lineText(endLine).trim()) endLine--;
    const end = next || endLine < parentEnd.line ? { line: endLine, character: lines.lineText(endLine).length } : parentEnd;
    symbol.range = { start: symbol.range.start, end };
    closeRanges(symbol.children, end, lines);
  });
}

function innermostContaining(symbols: OutlineSymbol[], line: number): OutlineSymbol | undefined {
  for (const symbol of symbols) {
    if (symbol.kind === 'action' || line < symbol.range.start.line || line > symbol.range.end.line) continue;
    return innermostContaining(symbol.children, line) ?? symbol;
  }
  return undefined;
}

/** What the outline says beside a heading: the section it was read as, or the section it is a part of. */
function headingDetail(heading: Report['headings'][number]): string | undefined {
  if (heading.kind) return heading.reading?.source === 'team' ? `${heading.kind} section · your team's heading` : `${heading.kind} section`;
  if (heading.within) return `part of the ${heading.within} section`;
  return undefined;
}

function actionSymbol(report: Report, action: Action, lines: LineMap): OutlineSymbol {
  const owner = action.owner ? ownerAsWritten(report, action.owner, lines) : 'no owner';
  const due = action.due ? `due ${action.due.iso ?? action.due.raw}` : undefined;
  return {
    name: action.text.trim() || action.rawText.trim() || '(action)',
    detail: [owner, due, action.status].filter(Boolean).join(' · '),
    kind: 'action',
    range: action.range,
    selectionRange: action.textRange,
    children: [],
  };
}

function sortChildren(symbols: OutlineSymbol[]): void {
  symbols.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
  for (const s of symbols) sortChildren(s.children);
}
