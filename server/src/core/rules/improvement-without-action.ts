import { createActionForImprovementFix } from '../fixes';
import type { Action, Improvement } from '../types';
import type { Rule } from './rule';
import { shorten, significantWords } from './words';

/** An action points at an improvement by its id, or (when the improvement has none) by sharing two meaningful words. */
function pointsAt(action: Action, improvement: Improvement, improvementWords: Set<string>): boolean {
  const id = improvement.id?.value.toUpperCase();
  if (id) return action.improvementRefs.some((r) => r.value.toUpperCase() === id);
  let shared = 0;
  for (const w of significantWords(action.text)) if (improvementWords.has(w) && ++shared >= 2) return true;
  return false;
}

export const improvementWithoutAction: Rule = {
  id: 'improvement-without-action',
  defaultSeverity: 'info',
  description: 'An improvement that no action points at.',
  tags: ['improvements', 'actions', 'follow-up'],
  check(ctx) {
    for (const improvement of ctx.report.improvements) {
      const words = significantWords(improvement.text);
      if (ctx.report.actions.some((a) => pointsAt(a, improvement, words))) continue;
      const fix = createActionForImprovementFix(ctx.report, improvement);
      const how = improvement.id ? `reference ${improvement.id.value} from an action` : 'add an action for it';
      ctx.add({
        message: `No action follows up the improvement "${shorten(improvement.text)}": ${how}, or say why none is needed.`,
        range: improvement.range,
        fixes: fix ? [fix] : [],
      });
    }
  },
};
