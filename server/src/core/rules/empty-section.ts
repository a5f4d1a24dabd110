import type { Rule } from './rule';

export const emptySection: Rule = {
  id: 'empty-section',
  defaultSeverity: 'warning',
  description: 'A required section has a heading but no content.',
  tags: ['structure', 'sections'],
  check(ctx) {
    for (const section of ctx.report.sections) {
      if (!section.empty) continue;
      ctx.add({
        message: `The "${section.heading.text}" section is empty: write its ${section.kind} or remove the heading.`,
        range: section.heading.textRange,
        data: { kind: section.kind },
      });
    }
  },
};
