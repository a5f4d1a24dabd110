import { memoizeByObject, memoizeByObjectAnd } from '../memo';
import { memoizeByGroup } from '../modelCache';
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

/** The key of each action of a group, and its line: a keystroke changes one group, the others are not read again. */
const groupKeysOf = memoizeByGroup((group) => group.map(keyOf));
const groupLinesOf = memoizeByObject((group: Action[]) => Int32Array.from(group, (action) => action.textRange.start.line));

/**
 * Two numbers for each action of a report: the index of the first action with the same text (-1:
 * none before it), and that action's line (0-based). They are what a group's findings depend on
 * besides the group.
 */
const repeatsOf = memoizeByObject((report: Report): Int32Array => {
  const repeats = new Int32Array(2 * report.actions.length).fill(-1);
  const firstByKey = new Map<string, number>();
  const lineOfFirst = new Int32Array(report.actions.length);
  let index = 0;
  for (const group of report.actionGroups) {
    const keys = groupKeysOf(group);
    const lines = groupLinesOf(group);
    for (let i = 0; i < keys.length; i++, index++) {
      const key = keys[i];
      if (!key) continue;
      const first = firstByKey.get(key);
      if (first === undefined) {
        firstByKey.set(key, index);
        lineOfFirst[index] = lines[i];
      } else {
        repeats[2 * index] = first;
        repeats[2 * index + 1] = lineOfFirst[first];
      }
    }
  }
  return repeats;
});

export const duplicateAction = actionRule({
  id: 'duplicate-action',
  defaultSeverity: 'warning',
  description: 'Two actions have the same text.',
  tags: ['actions'],
  // Which earlier action each one repeats, and where that one stands, may change in another group.
  groupInputs: (group, firstIndex, ctx) => repeatsOf(ctx.report).subarray(2 * firstIndex, 2 * (firstIndex + group.length)),
  // The index is only in the findings' data (and commands): kept findings follow their actions.
  indexOnlyInData: true,
  checkAction(action, actionIndex, ctx) {
    const repeats = repeatsOf(ctx.report);
    const firstActionIndex = repeats[2 * actionIndex];
    if (firstActionIndex < 0) return;
    ctx.add({
      message: messageOf(action, repeats[2 * actionIndex + 1] + 1),
      range: action.textRange,
      data: { actionIndex, firstActionIndex },
    });
  },
});
