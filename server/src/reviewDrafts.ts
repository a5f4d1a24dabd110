// What the client needs of the engine to start a review or assign an owner, answered by the server
// so that the client never bundles the engine (remark, micromark, yaml): a new review's text, file
// name and cursor; and the people an action in a report can be given to.
import { parseDocument } from 'yaml';
import { mergeRosters, parsePeople } from './core/config';
import { DEFAULT_REVIEW_TEMPLATE, renderReviewTemplate, reviewFileStem, summaryCursor } from './core/newReview';
import type { Person } from './core/types';
import type { NewReviewTextParams, NewReviewTextResult } from './protocol';

export function newReviewText(params: NewReviewTextParams): NewReviewTextResult {
  const text = renderReviewTemplate(params.template ?? DEFAULT_REVIEW_TEMPLATE, {
    title: params.title,
    date: params.date,
    trigger: params.trigger,
    milestone: params.milestone,
    deliveryOwner: params.deliveryOwner,
  });
  return { text, fileStem: reviewFileStem(params.date, params.title), cursor: summaryCursor(text) };
}

/** The people a report's front matter names: its Delivery Owner first, then its team and participants. */
export function frontMatterPeople(text: string): Person[] {
  const match = /^\uFEFF?---[ \t]*\r?\n([\s\S]*?)\r?\n(?:---|\.\.\.)[ \t]*(?:\r?\n|$)/.exec(text);
  if (!match) return [];
  const doc = parseDocument(match[1]);
  if (doc.errors.length) return [];
  const data = doc.toJS() as Record<string, unknown> | null;
  if (!data || typeof data !== 'object') return [];
  const owner = parsePeople(data.delivery_owner, 'report').map((p) => ({ ...p, deliveryOwner: true }));
  return mergeRosters(owner, [...parsePeople(data.team, 'report'), ...parsePeople(data.participants, 'report')]);
}

/** Who an action of the report `text` can be assigned to: its own people, then the workspace roster. */
export function assignablePeople(text: string, workspaceRoster: readonly Person[]): Person[] {
  return mergeRosters(
    frontMatterPeople(text),
    workspaceRoster.map((p) => ({ ...p, source: 'workspace' as const })),
  );
}
