import { createActionForImprovementFix } from '../fixes';
import { memoizeByObject } from '../memo';
import { memoizeByGroup } from '../modelCache';
import { closingOpenEnd } from '../openEnd';
import type { Action, Improvement } from '../types';
import type { Rule } from './rule';
import { shortTextOf, significantWords } from './words';

const wordsOf = memoizeByObject((item: Action | Improvement): ReadonlySet<string> => significantWords(item.text));
const refsOf = memoizeByObject((action: Action) => action.improvementRefs.map((r) => r.value.toUpperCase()));
/** The improvement ids a list of actions points at: a keystroke changes one list, the others are not read again. */
const refsOfGroup = memoizeByGroup((group): ReadonlySet<string> => new Set(group.flatMap(refsOf)));

/**
 * A list's actions by their meaningful words, and how many each action has. Kept per list and
 * shared by its moved copies (words do not depend on positions): a keystroke indexes again only
 * the list it touched, not every action of the report.
 */
const wordIndexOfGroup = memoizeByGroup((group) => {
  const index = new Map<string, number[]>();
  const sizes = new Int32Array(group.length);
  group.forEach((action, i) => {
    const words = wordsOf(action);
    sizes[i] = words.size;
    for (const word of words) {
      const list = index.get(word);
      if (list) list.push(i);
      else index.set(word, [i]);
    }
  });
  return { index, sizes };
});

/** Which (improvement, list) last met each action of a list, and by how many words: reused, never cleared. */
let metBy = new Int32Array(256);
let metCount = new Int32Array(256);
let asked = 0;

/**
 * Whether an action of a list shares two meaningful words with an improvement (all of them, when
 * one of the two has fewer: "Be more careful"). Each action's words are read once per list, not
 * once per improvement: long reports have hundreds of both.
 */
function groupFollowsUp(group: Action[], words: ReadonlySet<string>): boolean {
  const { index, sizes } = wordIndexOfGroup(group);
  if (metBy.length < sizes.length) {
    metBy = new Int32Array(2 * sizes.length);
    metCount = new Int32Array(2 * sizes.length);
    asked = 0;
  }
  if (++asked === 0x7fffffff) {
    metBy.fill(0);
    asked = 1;
  }
  for (const word of words) {
    for (const i of index.get(word) ?? []) {
      if (metBy[i] !== asked) {
        metBy[i] = asked;
        metCount[i] = 0;
      }
      // Two shared words, or all the words one of them has when it has fewer.
      if (++metCount[i] >= Math.min(2, words.size, sizes[i])) return true;
    }
  }
  return false;
}

/**
 * A list's answers by improvement text, kept per list and shared by its moved copies: a keystroke
 * changes one list, so only that one is asked again. Without it, every improvement no action
 * follows up walked the word index of every list on every keystroke: a third of a keystroke in a
 * 10 KB register whose improvements have no ids.
 */
const answersOfGroup = memoizeByGroup((): Map<string, boolean> => new Map());

/** Whether some action follows up an improvement: by its id when it has one, else by its words (`groupFollowsUp`). */
function followUpFinder(groups: Action[][], improvements: number): (improvement: Improvement) => boolean {
  // Each list's ids asked, not one set made of them all on every keystroke.
  const refs = groups.map(refsOfGroup);
  // Texts an improvement no longer has (typed over) are let go now and then, not kept for as long as the list.
  const kept = 2 * improvements + 64;
  // Looked up once a report, not once an improvement.
  const answers = groups.map(answersOfGroup);
  return (improvement) => {
    if (improvement.id) {
      const id = improvement.id.value.toUpperCase();
      for (let g = 0; g < refs.length; g++) if (refs[g].has(id)) return true;
      return false;
    }
    for (let g = 0; g < groups.length; g++) {
      const known = answers[g];
      if (known.size > kept) known.clear();
      let answer = known.get(improvement.text);
      if (answer === undefined) known.set(improvement.text, (answer = groupFollowsUp(groups[g], wordsOf(improvement))));
      if (answer) return true;
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
    const isFollowedUp = followUpFinder(ctx.report.actionGroups, ctx.report.improvements.length);
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
