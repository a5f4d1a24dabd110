// Due dates in words, as the sidebar shows them ("due in 3 days", "2 days overdue"). Pure, so it
// is tested on plain Node.
import { daysBetween } from '../../../server/src/actionGroups';

function span(days: number): string {
  if (days < 14) return days === 1 ? '1 day' : `${days} days`;
  if (days < 60) {
    const weeks = Math.round(days / 7);
    return `${weeks} weeks`;
  }
  const months = Math.round(days / 30.44);
  if (months < 24) return `${months} months`;
  return `${Math.round(days / 365.25)} years`;
}

/** "due today", "due tomorrow", "due in 3 days", "1 day overdue", "3 weeks overdue", "no due date". */
export function dueInWords(due: string | undefined, today: string): string {
  if (!due) return 'no due date';
  const days = daysBetween(today, due);
  if (days === 0) return 'due today';
  if (days === 1) return 'due tomorrow';
  if (days > 0) return `due in ${span(days)}`;
  return `${span(-days)} overdue`;
}

/** Today in the local time zone, as ISO; `override` (the hidden `afterActionReports.today` setting) wins, for tests and demos. */
export function todayIso(override?: string): string {
  if (override && /^\d{4}-\d{2}-\d{2}$/.test(override)) return override;
  const now = new Date();
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}
