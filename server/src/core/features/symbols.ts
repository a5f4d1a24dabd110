// What a report adds to the editor's outline: its actions, each with its owner, due date and
// status. The headings are the Markdown outline's already (VS Code's own provider shows them beside
// ours): repeating them would show every heading twice; how a heading was read as a section is
// what hovering it says. Pure.
import { lineMapOf, type LineMap } from '../text';
import type { Action, Range, Report } from '../types';
import { ownerAsWritten } from './owners';

export type OutlineKind = 'action';

export interface OutlineSymbol {
  name: string;
  detail?: string;
  kind: OutlineKind;
  /** Everything the symbol covers: the action's list item or table row. */
  range: Range;
  /** What to reveal and select: the action's text. */
  selectionRange: Range;
  children: OutlineSymbol[];
}

/** The report's actions in document order. */
export function documentSymbols(report: Report | undefined): OutlineSymbol[] {
  if (!report) return [];
  const lines = lineMapOf(report.text);
  return report.actions.map((action) => actionSymbol(report, action, lines));
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
