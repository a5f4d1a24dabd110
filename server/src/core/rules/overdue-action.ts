import { daysBetween } from '../dates';
import { OPEN_STATUSES } from '../types';
import type { Rule } from './rule';
import { shorten } from './words';

export const overdueAction: Rule = {
  id: 'overdue-action',
  defaultSeverity: 'warning',
  description: 'An open action is past its due date.',
  tags: ['actions', 'dates', 'follow-up'],
  check(ctx) {
    ctx.report.actions.forEach((action, actionIndex) => {
      const iso = action.due?.iso;
      if (!iso || !OPEN_STATUSES.includes(action.status) || iso >= ctx.today) return;
      const days = daysBetween(iso, ctx.today);
      ctx.add({
        message: `"${shorten(action.text)}" is overdue by ${days} day${days === 1 ? '' : 's'} (due ${iso}): finish it, mark it done, or agree a new date.`,
        range: action.due!.range,
        data: { actionIndex, daysOverdue: days },
      });
    });
  },
};
