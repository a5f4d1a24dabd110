import { memoizeByObject, memoizeByObjectAnd } from '../memo';
import type { Action, Report } from '../types';
import { actionRule } from './rule';
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

/** For each action of a report, the index of the first action with the same text (-1: none before it), and that action's line. */
interface Repeats {
  earlier: Int32Array;
  /** The line of each action that others repeat (0-based); not set for the others. */
  line: Int32Array;
}

/** Worked out once per report: every group of its actions asks. */
const repeatsOf = memoizeByObject((report: Report): Repeats => {
  const { actions } = report;
  const earlier = new Int32Array(actions.length).fill(-1);
  const line = new Int32Array(actions.length);
  const first = new Map<string, number>();
  for (let i = 0; i < actions.length; i++) {
    const key = keyOf(actions[i]);
    if (!key) continue;
    const seen = first.get(key);
    if (seen === undefined) {
      first.set(key, i);
      line[i] = actions[i].textRange.start.line;
    } else {
      earlier[i] = seen;
    }
  }
  return { earlier, line };
});

export const duplicateAction = actionRule({
  id: 'duplicate-action',
  defaultSeverity: 'warning',
  description: 'Two actions have the same text.',
  tags: ['actions'],
  // Which earlier action each one repeats, and where that one stands, may change in another group.
  groupInputs(group, firstIndex, ctx) {
    const { earlier, line } = repeatsOf(ctx.report);
    let inputs = '';
    for (let i = firstIndex; i < firstIndex + group.length; i++) if (earlier[i] >= 0) inputs += `${i}=${earlier[i]}:${line[earlier[i]]},`;
    return inputs;
  },
  checkAction(action, actionIndex, ctx) {
    const { earlier, line } = repeatsOf(ctx.report);
    const firstActionIndex = earlier[actionIndex];
    if (firstActionIndex < 0) return;
    ctx.add({
      message: messageOf(action, line[firstActionIndex] + 1),
      range: action.textRange,
      data: { actionIndex, firstActionIndex },
    });
  },
});
