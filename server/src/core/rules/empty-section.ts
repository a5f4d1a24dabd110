import type { Rule } from './rule';

export const emptySection: Rule = {
  id: 'empty-section',
  defaultSeverity: 'warning',
  // A new review starts with every section empty: what is still to write, not yet a problem.
  draftSeverity: 'info',
  description: 'A required section has a heading but no content.',
  tags: ['structure', 'sections'],
  check(ctx) {
    for (const section of ctx.report.sections) {
      if (!section.empty) continue;
      ctx.add({
        // Not "remove the heading": every section this rule looks at is required (missing-section).
        message: `The "${section.heading.text}" section is empty: write its ${section.kind}.`,
        range: section.heading.textRange,
        data: { kind: section.kind },
      });
    }
  },
};
