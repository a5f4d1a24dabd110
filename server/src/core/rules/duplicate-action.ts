import { memoizeByObject, memoizeByObjectAnd } from '../memo';
import { lineOfAction, memoizeByGroup } from '../modelCache';
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

const textLine = (action: Action) => action.textRange.start.line;

/** The key of each action of a group: a keystroke changes one group, the others are not read again. */
const groupKeysOf = memoizeByGroup((group) => group.map(keyOf));

/**
 * Two numbers for each action of a report: the index of the first action with the same text (-1:
 * none before it), and that action's line (0-based). They are what a group's findings depend on
 * besides the group. Lines are looked up for repeats only: a line typed above a long list moves
 * thousands of actions, and few repeat.
 */
const repeatsOf = memoizeByObject((report: Report): Int32Array => {
  let count = 0;
  for (const group of report.actionGroups) count += group.length;
  const repeats = new Int32Array(2 * count).fill(-1);
  const firstByKey = new Map<string, number>();
  const groupStarts: number[] = [];
  let index = 0;
  for (const [g, group] of report.actionGroups.entries()) {
    groupStarts.push(index);
    const keys = groupKeysOf(group);
    for (let i = 0; i < keys.length; i++, index++) {
      const key = keys[i];
      if (!key) continue;
      const first = firstByKey.get(key);
      if (first === undefined) {
        firstByKey.set(key, index);
      } else {
        let k = g;
        while (groupStarts[k] > first) k--;
        repeats[2 * index] = first;
        repeats[2 * index + 1] = lineOfAction(report.actionGroups[k], first - groupStarts[k], textLine);
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
  // Only the actions that repeat an earlier one are read: a line deleted above a long list changes
  // where the first of each pair below it stands, and so the message of each repeat.
  *candidates(group, firstIndex, ctx) {
    const repeats = repeatsOf(ctx.report);
    for (let i = 0; i < group.length; i++) if (repeats[2 * (firstIndex + i)] >= 0) yield i;
  },
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
