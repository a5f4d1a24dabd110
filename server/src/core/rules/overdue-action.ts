import { daysBetween } from '../dates';
import { memoizeByObjectAnd } from '../memo';
import { OPEN_STATUSES, type Action } from '../types';
import { actionRule } from './rule';
import { shortTextOf } from './words';

/** How many days an open action is overdue on `today`, and the message that says so; undefined when it is not. */
const overdue = memoizeByObjectAnd((action: Action, today: string): { days: number; message: string } | undefined => {
  const iso = action.due?.iso;
  if (!iso || !OPEN_STATUSES.includes(action.status) || iso >= today) return undefined;
  const days = daysBetween(iso, today);
  const message = `"${shortTextOf(action)}" is overdue by ${days} day${days === 1 ? '' : 's'} (due ${iso}): finish it, mark it done, or agree a new date.`;
  return { days, message };
});

export const overdueAction = actionRule({
  id: 'overdue-action',
  defaultSeverity: 'warning',
  description: 'An open action is past its due date.',
  tags: ['actions', 'dates', 'follow-up'],
  inputs: (ctx) => ctx.today,
  // The index is only in the findings' data (and commands): kept findings follow their actions.
  indexOnlyInData: true,
  checkAction(action, actionIndex, ctx) {
    // Most actions are done or have no date: no need to look up what was worked out about them.
    if (!action.due?.iso || !OPEN_STATUSES.includes(action.status)) return;
    const late = overdue(action, ctx.today);
    if (!late) return;
    // A date the heading gives is one for many actions: each is told where it stands.
    const range = action.due.inherited ? action.textRange : action.due.range;
    ctx.add({ message: late.message, range, data: { actionIndex, daysOverdue: late.days } });
  },
});
