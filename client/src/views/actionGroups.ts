// How the Actions view groups open actions: by owner, by report or by due date. Pure (no vscode).
import type { OpenAction } from '../../../server/src/protocol';
import { DUE_BUCKET_LABELS, dueBucket, dueInWords, type DueBucket } from './dueWords';

export type GroupBy = 'owner' | 'report' | 'due';
export const GROUP_BYS: readonly GroupBy[] = ['owner', 'report', 'due'];

export interface ActionGroup {
  /** Stable across refreshes, so the tree keeps what the user expanded. */
  id: string;
  label: string;
  kind: 'owner' | 'unowned' | 'report' | DueBucket;
  actions: OpenAction[];
  overdue: number;
}

const byDue = (a: OpenAction, b: OpenAction) =>
  (a.due ?? '9999-99-99').localeCompare(b.due ?? '9999-99-99') || a.report.localeCompare(b.report) || a.range.start.line - b.range.start.line;

const ownerKey = (owner: string) => owner.trim().replace(/^@/, '').toLowerCase();

function group(id: string, label: string, kind: ActionGroup['kind'], actions: OpenAction[]): ActionGroup {
  const sorted = [...actions].sort(byDue);
  return { id, label, kind, actions: sorted, overdue: sorted.filter((a) => a.overdue).length };
}

export function groupActions(actions: readonly OpenAction[], groupBy: GroupBy, today: string): ActionGroup[] {
  const buckets = new Map<string, { label: string; kind: ActionGroup['kind']; actions: OpenAction[] }>();
  const add = (key: string, label: string, kind: ActionGroup['kind'], action: OpenAction) => {
    const bucket = buckets.get(key) ?? { label, kind, actions: [] };
    bucket.actions.push(action);
    buckets.set(key, bucket);
  };
  for (const action of actions) {
    if (groupBy === 'owner') {
      if (action.owner) {
        // One group per person: `@priya` and `Priya Raman` are the same roster entry.
        const person = action.ownerPerson;
        const key = person?.handle ?? person?.name ?? action.owner;
        const label = person?.handle ? (person.name ? `@${person.handle} (${person.name})` : `@${person.handle}`) : (person?.name ?? action.owner);
        add(`owner:${ownerKey(key)}`, label, 'owner', action);
      }
      else add('owner:', 'Unowned', 'unowned', action);
    } else if (groupBy === 'report') {
      add(`report:${action.uri}`, action.report, 'report', action);
    } else {
      const bucket = dueBucket(action.due, today);
      add(`due:${bucket}`, DUE_BUCKET_LABELS[bucket], bucket, action);
    }
  }
  const groups = [...buckets.entries()].map(([id, b]) => group(id, b.label, b.kind, b.actions));
  if (groupBy === 'due') {
    const order: DueBucket[] = ['overdue', 'this-week', 'later', 'none'];
    return groups.sort((a, b) => order.indexOf(a.kind as DueBucket) - order.indexOf(b.kind as DueBucket));
  }
  // Unowned actions are the ones that need someone now: they come first.
  return groups.sort((a, b) => Number(b.kind === 'unowned') - Number(a.kind === 'unowned') || a.label.replace(/^@/, '').localeCompare(b.label.replace(/^@/, ''), undefined, { sensitivity: 'base' }));
}

/** What the row says after the text: what the grouping does not already say. */
export function actionDescription(action: OpenAction, groupBy: GroupBy, today: string): string {
  const parts: string[] = [];
  if (groupBy !== 'owner') parts.push(action.owner ?? 'unowned');
  parts.push(dueInWords(action.due, today));
  if (action.status !== 'open') parts.push(action.status === 'in-progress' ? 'in progress' : action.status);
  if (groupBy !== 'report') parts.push(action.report);
  return parts.join(' · ');
}
