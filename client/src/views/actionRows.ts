// What an Open Actions row says after its text. Pure (no vscode). The grouping itself is the
// server's (server/src/actionGroups.ts).
import type { GroupBy } from '../../../server/src/actionGroups';
import type { OpenAction } from '../../../server/src/protocol';
import { dueInWords } from './dueWords';

/** What the row says after the text: what the grouping does not already say. */
export function actionDescription(action: OpenAction, groupBy: GroupBy, today: string): string {
  const parts: string[] = [];
  if (groupBy !== 'owner') parts.push(action.owner ?? 'unowned');
  parts.push(dueInWords(action.due, today));
  if (action.status !== 'open') parts.push(action.status === 'in-progress' ? 'in progress' : action.status);
  if (groupBy !== 'report') parts.push(action.report);
  return parts.join(' · ');
}
