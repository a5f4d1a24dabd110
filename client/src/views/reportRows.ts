// What a row of the Reviews view says about a report. Pure (no vscode).
import type { ReportInfo } from '../../../server/src/protocol';
import { plural } from '../../../server/src/core/words';

/** "draft · 2 errors, 1 warning · 3 open actions": what a row says after the title. */
export function reportDescription(report: ReportInfo): string {
  const { error, warning, info } = report.problems;
  const problems = [error && plural(error, 'error'), warning && plural(warning, 'warning'), info && `${info} info`].filter(Boolean).join(', ');
  const parts = [report.status ?? 'no status', problems || 'no problems'];
  if (report.actions.open) parts.push(`${plural(report.actions.open, 'open action')}${report.actions.overdue ? ` (${report.actions.overdue} overdue)` : ''}`);
  return parts.join(' · ');
}
