// The review lifecycle: draft → in-review → approved → published. A report moves along by its
// `status` field; past draft it must be free of errors, and from approved on every action that is
// not cancelled must have an owner, whatever severity the team gave that rule: an approved report
// is a promise that someone does each action.
import { setMetadataEdits } from './fixes';
import { REPORT_STATUSES, type Analysis, type ReportStatus, type TextEdit } from './types';

/** How many reasons are listed one by one before the rest are counted. */
const MAX_REASONS = 8;

/** The report's status as the lifecycle reads it; undefined when it has none or one it does not know. */
export function reviewStatusOf(analysis: Analysis): ReportStatus | undefined {
  const written = analysis.report?.metadata.status?.value;
  if (typeof written !== 'string') return undefined;
  const status = written.trim().toLowerCase().replace(/[\s_]+/g, '-');
  return (REPORT_STATUSES as readonly string[]).includes(status) ? (status as ReportStatus) : undefined;
}

/** The status after `status` (draft after none), or undefined once published. */
export function nextReviewStatus(status: ReportStatus | undefined): ReportStatus | undefined {
  if (!status) return 'draft';
  return REPORT_STATUSES[REPORT_STATUSES.indexOf(status) + 1];
}

export type StatusMove =
  | { moved: true; from?: ReportStatus; to: ReportStatus; edits: TextEdit[] }
  | { moved: false; from?: ReportStatus; to?: ReportStatus; reasons: string[] };

/**
 * Moves the report to `to` (by default the next status): the edits that write it, or why not.
 * Moving back is always allowed; moving forward past draft is refused while errors remain.
 */
export function moveReviewStatus(analysis: Analysis, to?: ReportStatus): StatusMove {
  const report = analysis.report;
  const from = reviewStatusOf(analysis);
  if (!report) return { moved: false, from, to, reasons: ['This file is not an After Action Report.'] };
  const target = to ?? nextReviewStatus(from);
  if (!target) return { moved: false, from, reasons: ['The report is already published: there is no status after that.'] };
  if (target === from) return { moved: false, from, to: target, reasons: [`The report is already ${target}.`] };
  const forward = REPORT_STATUSES.indexOf(target) > (from ? REPORT_STATUSES.indexOf(from) : -1);
  if (forward && target !== 'draft') {
    const reasons = blockers(analysis, target);
    if (reasons.length) return { moved: false, from, to: target, reasons };
  }
  return { moved: true, from, to: target, edits: setMetadataEdits(report, 'status', target) };
}

/** What stands between the report and `target`, one line each, as a person would fix them. */
function blockers(analysis: Analysis, target: ReportStatus): string[] {
  const reasons = analysis.findings.filter((f) => f.severity === 'error').map((f) => ({ line: f.range.start.line, text: f.message, ruleId: f.ruleId }));
  if (target === 'approved' || target === 'published') {
    for (const action of analysis.report!.actions) {
      if (action.owner || action.status === 'cancelled') continue;
      const line = action.range.start.line;
      // The owner rule may already list it as an error.
      if (reasons.some((r) => r.line === line && r.ruleId === 'action-missing-owner')) continue;
      reasons.push({ line, text: `the action "${shortText(action.text)}" has no owner; an ${target} report names who does each action.`, ruleId: '' });
    }
  }
  const listed = reasons.sort((a, b) => a.line - b.line).map((r) => `line ${r.line + 1}: ${r.text}`);
  if (listed.length <= MAX_REASONS) return listed;
  const more = listed.length - MAX_REASONS;
  return [...listed.slice(0, MAX_REASONS), `and ${more} more problem${more === 1 ? '' : 's'}.`];
}

function shortText(text: string): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return oneLine.length > 60 ? `${oneLine.slice(0, 57)}…` : oneLine;
}
