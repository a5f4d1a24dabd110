import { assignOwnerFixes } from '../fixes';
import type { Rule } from './rule';
import { shortTextOf } from './words';

export const actionMissingOwner: Rule = {
  id: 'action-missing-owner',
  defaultSeverity: 'error',
  description: 'An action has no owner, or only a placeholder such as TBD.',
  tags: ['actions', 'owners'],
  check(ctx) {
    ctx.report.actions.forEach((action, actionIndex) => {
      // A cancelled action will not be done, so nobody needs to own it.
      if (action.owner || action.status === 'cancelled') return;
      const placeholder = action.ownerPlaceholder;
      const why = placeholder ? ` ("${placeholder.value}" is not a person)` : '';
      ctx.add({
        message: `Action "${shortTextOf(action)}" has no owner${why}: every action needs someone who does or coordinates it.`,
        range: placeholder?.range ?? action.textRange,
        fixes: assignOwnerFixes(ctx.report, action, actionIndex),
        data: { actionIndex },
      });
    });
  },
};
