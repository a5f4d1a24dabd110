import { addSectionFix, countHeadingAsFixes } from '../fixes';
import { closingOpenEnd } from '../openEnd';
import { SECTION_KINDS, type Severity } from '../types';
import type { Rule } from './rule';
import { reportStartRange } from './words';

const HINTS = {
  summary: 'a few sentences on what was reviewed and why',
  outcomes: 'what happened and what it led to',
  improvements: 'what the team learnt and would do differently',
  actions: 'what will be done, each with an owner',
};

export const missingSection: Rule = {
  id: 'missing-section',
  defaultSeverity: 'error',
  description: 'The report has no summary (a warning), outcomes, improvements or actions section.',
  tags: ['structure', 'sections'],
  check(ctx) {
    const present = new Set(ctx.report.sections.map((s) => s.kind));
    // A missing summary is a warning by default; a severity the user set applies to every kind.
    const configured = ctx.config.severities['missing-section'];
    for (const kind of SECTION_KINDS) {
      if (present.has(kind)) continue;
      // Actions marked where they arose (`**[Action Item]** …` under the feedback) are the report's actions.
      if (kind === 'actions' && ctx.report.actionGroups.some((group) => group.length)) continue;
      const severity: Severity = configured && configured !== 'off' ? configured : kind === 'summary' ? 'warning' : 'error';
      ctx.add({
        message: `No ${kind} section: add one for ${HINTS[kind]}.`,
        range: reportStartRange(ctx.report),
        severity,
        fixes: () => [closingOpenEnd(ctx.report, addSectionFix(ctx.report, kind)), ...countHeadingAsFixes(ctx.report, kind)],
        data: { kind },
      });
    }
  },
};
