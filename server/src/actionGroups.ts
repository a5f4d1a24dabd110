// How the Open Actions view groups open actions: by owner, by report or by due date. Pure, and
// shared: the server groups (and pages) for the sidebar, so that a workspace of 100,000 actions
// sends a handful of groups first and a group's rows when it is opened; the client imports the
// types and the due-date words. No engine, no vscode.
import { ownerKey } from './core/ownerKey';
import type { OpenAction } from './protocol';

export type GroupBy = 'owner' | 'report' | 'due';
export const GROUP_BYS: readonly GroupBy[] = ['owner', 'report', 'due'];

export type DueBucket = 'overdue' | 'this-week' | 'later' | 'none';

export const DUE_BUCKET_LABELS: Record<DueBucket, string> = {
  overdue: 'Overdue',
  'this-week': 'Due within 7 days',
  later: 'Due later',
  none: 'No due date',
};

/** Whole days from `today` to `due`, both ISO `YYYY-MM-DD` (negative when `due` is past). */
export function daysBetween(today: string, due: string): number {
  const day = (iso: string) => Date.UTC(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)) - 1, Number(iso.slice(8, 10)));
  return Math.round((day(due) - day(today)) / 86_400_000);
}

export function dueBucket(due: string | undefined, today: string): DueBucket {
  if (!due) return 'none';
  const days = daysBetween(today, due);
  if (days < 0) return 'overdue';
  return days <= 7 ? 'this-week' : 'later';
}

export type ActionGroupKind = 'owner' | 'unowned' | 'report' | DueBucket;

export interface ActionGroup {
  /** Stable across refreshes, so the tree keeps what the user expanded. */
  id: string;
  label: string;
  kind: ActionGroupKind;
  /** In the order the view lists them: by due date, then report, then line. */
  actions: OpenAction[];
  overdue: number;
}

const compareText = new Intl.Collator().compare;
const NO_DUE = '9999-99-99';

/** The group an action falls in: its id, label and kind. */
export function groupOf(action: OpenAction, groupBy: GroupBy, today: string): { id: string; label: string; kind: ActionGroupKind } {
  if (groupBy === 'owner') {
    if (!action.owner) return { id: 'owner:', label: 'Unowned', kind: 'unowned' };
    // One group per person: `@priya` and `Priya Raman` are the same roster entry.
    const person = action.ownerPerson;
    const key = person?.handle ?? person?.name ?? action.owner;
    const label = person?.handle ? (person.name ? `@${person.handle} (${person.name})` : `@${person.handle}`) : (person?.name ?? action.owner);
    return { id: `owner:${ownerKey(key)}`, label, kind: 'owner' };
  }
  if (groupBy === 'report') return { id: `report:${action.uri}`, label: action.report, kind: 'report' };
  const bucket = dueBucket(action.due, today);
  return { id: `due:${bucket}`, label: DUE_BUCKET_LABELS[bucket], kind: bucket };
}

const DUE_ORDER: DueBucket[] = ['overdue', 'this-week', 'later', 'none'];

/**
 * The order the view lists actions in, everywhere: by due date (ISO: compared as they are; none
 * last), then report name as people read it, then line, then report URI.
 */
export function byViewOrder(a: OpenAction, b: OpenAction): number {
  const due = a.due ?? NO_DUE;
  const other = b.due ?? NO_DUE;
  if (due !== other) return due < other ? -1 : 1;
  if (a.report !== b.report) {
    const names = compareText(a.report, b.report);
    if (names) return names;
  }
  return a.range.start.line - b.range.start.line || (a.uri < b.uri ? -1 : a.uri > b.uri ? 1 : 0);
}

/**
 * `actions` sorted by `byViewOrder`, fast: report names are ranked once, so that sorting 100,000
 * actions does not compare names by locale a million times.
 */
export function sortInViewOrder(actions: readonly OpenAction[]): OpenAction[] {
  const rank = ranksOf(actions.map((a) => a.report), compareText);
  const keyed = actions.map((action) => ({ action, due: action.due ?? NO_DUE, report: rank.get(action.report)!, line: action.range.start.line, uri: action.uri }));
  keyed.sort((a, b) => (a.due < b.due ? -1 : a.due > b.due ? 1 : a.report - b.report || a.line - b.line || (a.uri < b.uri ? -1 : a.uri > b.uri ? 1 : 0)));
  return keyed.map((k) => k.action);
}

/**
 * A rank for each distinct string, in `compare`'s order; strings that compare equal share one. Each
 * distinct string is compared, not each occurrence: 20,000 reports have a few thousand names.
 */
export function ranksOf(values: readonly string[], compare: (a: string, b: string) => number): Map<string, number> {
  const distinct = [...new Set(values)].sort(compare);
  const rank = new Map<string, number>();
  distinct.forEach((value, i) => rank.set(value, i && compare(distinct[i - 1], value) === 0 ? rank.get(distinct[i - 1])! : i));
  return rank;
}

/** The first of `actions` in the view's order. */
export function firstInViewOrder(actions: readonly OpenAction[]): OpenAction {
  let first = actions[0];
  for (let i = 1; i < actions.length; i++) if (byViewOrder(actions[i], first) < 0) first = actions[i];
  return first;
}

/**
 * The view's groups of `actions`, each in view order, the groups in the view's order. `inViewOrder`:
 * the actions are sorted already (the server keeps them so), and each group keeps their order.
 */
export function groupActions(actions: readonly OpenAction[], groupBy: GroupBy, today: string, { inViewOrder = false } = {}): ActionGroup[] {
  const sorted = inViewOrder ? actions : sortInViewOrder(actions);
  const buckets = new Map<string, ActionGroup>();
  const weekAhead = addDaysIso(today, 7);
  // The key an action is grouped by, before its group's id and label are made (once per group).
  const keyOf = (a: OpenAction): unknown => {
    if (groupBy === 'owner') return a.ownerPerson ?? a.owner ?? '';
    if (groupBy === 'report') return a.uri;
    return !a.due ? 'none' : a.due < today ? 'overdue' : a.due <= weekAhead ? 'this-week' : 'later';
  };
  const byKey = new Map<unknown, ActionGroup>();
  for (const action of sorted) {
    const key = keyOf(action);
    let group = byKey.get(key);
    if (!group) {
      const { id, label, kind } = groupOf(action, groupBy, today);
      group = buckets.get(id);
      if (!group) buckets.set(id, (group = { id, label, kind, actions: [], overdue: 0 }));
      byKey.set(key, group);
    }
    group.actions.push(action);
    if (action.overdue) group.overdue++;
  }
  return inGroupOrder([...buckets.values()], groupBy);
}

/**
 * Groups in the view's order: due dates by bucket; otherwise unowned actions first,
 * since they are the ones that need someone now, the others by label (`@` aside), and groups whose
 * labels read the same by where their first actions stand. `groups` is sorted in place.
 */
export function inGroupOrder(groups: ActionGroup[], groupBy: GroupBy): ActionGroup[] {
  if (groupBy === 'due') return groups.sort((a, b) => DUE_ORDER.indexOf(a.kind as DueBucket) - DUE_ORDER.indexOf(b.kind as DueBucket));
  const labelled = groups.map((group) => ({ group, unowned: group.kind === 'unowned', label: labelKey(group.label) }));
  labelled.sort((a, b) => Number(b.unowned) - Number(a.unowned) || compareGroupLabels(a.label, b.label) || byViewOrder(a.group.actions[0], b.group.actions[0]));
  for (let i = 0; i < labelled.length; i++) groups[i] = labelled[i].group;
  return groups;
}

/** Group labels compared as people read them: case and accents aside (on `labelKey`s). */
export const compareGroupLabels = new Intl.Collator(undefined, { sensitivity: 'base' }).compare;

/** What a group's label is sorted by: `@sam` among the names as `sam`. */
export function labelKey(label: string): string {
  return label.charCodeAt(0) === 64 ? label.slice(1) : label;
}

/** The ISO date `days` after `iso`. */
function addDaysIso(iso: string, days: number): string {
  const date = new Date(Date.UTC(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)) - 1, Number(iso.slice(8, 10)) + days));
  return date.toISOString().slice(0, 10);
}
