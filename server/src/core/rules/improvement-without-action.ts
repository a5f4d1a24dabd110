import { createActionForImprovementFix } from '../fixes';
import { concatAll, memoizeByObject } from '../memo';
import { memoizeByGroup, positionFree } from '../modelCache';
import { closingOpenEnd } from '../openEnd';
import type { Action, Improvement } from '../types';
import type { Rule } from './rule';
import { shortTextOf, significantWords } from './words';

const wordsOf = memoizeByObject((item: Action | Improvement): ReadonlySet<string> => significantWords(item.text));
const refsOf = memoizeByObject((action: Action) => action.improvementRefs.map((r) => r.value.toUpperCase()));
/** The improvement ids a list of actions points at, each once: a keystroke changes one list, the others are not read again. */
const refsOfGroup = memoizeByGroup((group) => [...new Set(group.flatMap(refsOf))]);

/**
 * Whether some action follows up an improvement: by its id when it has one, else by sharing two
 * meaningful words with it (all of them, when one of the two has fewer: "Be more careful"). Each action's words are read once, not once per improvement: long
 * reports have hundreds of both.
 */
function followUpFinder(groups: Action[][]): (improvement: Improvement) => boolean {
  const referenced = new Set<string>();
  for (const group of groups) for (const ref of refsOfGroup(group)) referenced.add(ref);
  /** What improvements without an id are matched by, made for the first of them (most reports give ids or have none). */
  let byWord: { actions: Action[]; index: Map<string, number[]>; metBy: Int32Array; metCount: Int32Array } | undefined;
  const wordMatching = () => {
    // Words do not depend on positions: the groups' originals have them, and a lazy copy moved to
    // other lines (see lazyGroup) is not made for them.
    const actions = concatAll(groups.map(positionFree));
    const index = new Map<string, number[]>();
    actions.forEach((action, i) => {
      for (const word of wordsOf(action)) {
        const list = index.get(word);
        if (list) list.push(i);
        else index.set(word, [i]);
      }
    });
    // Which improvement last met each action, and by how many of its words.
    return { actions, index, metBy: new Int32Array(actions.length), metCount: new Int32Array(actions.length) };
  };
  let asked = 0;
  return (improvement) => {
    if (improvement.id) return referenced.has(improvement.id.value.toUpperCase());
    const { actions, index: actionsByWord, metBy, metCount } = (byWord ??= wordMatching());
    asked++;
    const words = wordsOf(improvement);
    for (const word of words) {
      for (const index of actionsByWord.get(word) ?? []) {
        if (metBy[index] !== asked) {
          metBy[index] = asked;
          metCount[index] = 0;
        }
        // Two shared words, or all the words one of them has when it has fewer.
        if (++metCount[index] >= Math.min(2, words.size, wordsOf(actions[index]).size)) return true;
      }
    }
    return false;
  };
}

export const improvementWithoutAction: Rule = {
  id: 'improvement-without-action',
  defaultSeverity: 'info',
  description: 'An improvement that no action points at.',
  tags: ['improvements', 'actions', 'follow-up'],
  check(ctx) {
    const isFollowedUp = followUpFinder(ctx.report.actionGroups);
    for (const improvement of ctx.report.improvements) {
      if (isFollowedUp(improvement)) continue;
      const how = improvement.id ? `reference ${improvement.id.value} from an action` : 'add an action for it';
      ctx.add({
        message: `No action follows up the improvement "${shortTextOf(improvement)}": ${how}, or say why none is needed.`,
        range: improvement.range,
        // Without an id or a meaningful word, no action could be matched to it: a fix would not make the finding go.
        fixes: () => {
          const fix = improvement.id || wordsOf(improvement).size ? createActionForImprovementFix(ctx.report, improvement) : undefined;
          return fix ? [closingOpenEnd(ctx.report, fix)] : [];
        },
      });
    }
  },
};
