import { assignOwnerFixes, ownerFixInputs } from '../fixes';
import { actionRule } from './rule';
import { shortTextOf } from './words';

export const actionMissingOwner = actionRule({
  id: 'action-missing-owner',
  defaultSeverity: 'error',
  description: 'An action has no owner, or only a placeholder such as TBD.',
  tags: ['actions', 'owners'],
  // The fixes offer the roster.
  inputs: (ctx) => ownerFixInputs(ctx.report),
  // The index is only in the findings' data (and commands): kept findings follow their actions.
  indexOnlyInData: true,
  checkAction(action, actionIndex, ctx) {
    // A cancelled action will not be done, so nobody needs to own it.
    if (action.owner || action.status === 'cancelled') return;
    const placeholder = action.ownerPlaceholder;
    const why = placeholder ? ` ("${placeholder.value}" is not a person)` : '';
    ctx.add({
      message: `Action "${shortTextOf(action)}" has no owner${why}: every action needs someone who does or coordinates it.`,
      range: placeholder?.range ?? action.textRange,
      fixes: () => assignOwnerFixes(ctx.report, action, actionIndex),
      data: { actionIndex },
    });
  },
});
