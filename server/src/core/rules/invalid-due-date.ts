import { actionRule } from './rule';
import { shortTextOf } from './words';

export const invalidDueDate = actionRule({
  id: 'invalid-due-date',
  defaultSeverity: 'error',
  description: 'An action has a due date that cannot be read or does not exist.',
  tags: ['actions', 'dates'],
  // The index is only in the findings' data (and commands): kept findings follow their actions.
  indexOnlyInData: true,
  checkAction(action, actionIndex, ctx) {
    const due = action.due;
    if (!due?.problem) return;
    ctx.add({
      message: `Due date of "${shortTextOf(action)}" cannot be used: ${due.problem}.`,
      range: due.range,
      data: { actionIndex },
    });
  },
});
