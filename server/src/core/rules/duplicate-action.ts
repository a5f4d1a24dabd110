import { memoizeByObject, memoizeByObjectAnd } from '../memo';
import type { Action } from '../types';
import type { Rule } from './rule';
import { shortTextOf } from './words';

/** Case, punctuation and spacing do not make two actions different. */
function normalise(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

const keyOf = memoizeByObject((action: Action) => normalise(action.text));
const messageOf = memoizeByObjectAnd(
  (action: Action, line: number) => `"${shortTextOf(action)}" repeats the action on line ${line}: merge them so one owner tracks it.`,
);

export const duplicateAction: Rule = {
  id: 'duplicate-action',
  defaultSeverity: 'warning',
  description: 'Two actions have the same text.',
  tags: ['actions'],
  check(ctx) {
    const first = new Map<string, number>();
    ctx.report.actions.forEach((action, actionIndex) => {
      const key = keyOf(action);
      if (!key) return;
      const earlier = first.get(key);
      if (earlier === undefined) {
        first.set(key, actionIndex);
        return;
      }
      const line = ctx.report.actions[earlier].textRange.start.line + 1;
      ctx.add({
        message: messageOf(action, line),
        range: action.textRange,
        data: { actionIndex, firstActionIndex: earlier },
      });
    });
  },
};
