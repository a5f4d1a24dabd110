import { addDeliveryOwnerFixes } from '../fixes';
import { isPlaceholderOwner } from '../vocabulary';
import type { Rule } from './rule';
import { reportStartRange } from './words';

export const missingDeliveryOwner: Rule = {
  id: 'missing-delivery-owner',
  defaultSeverity: 'warning',
  // Often settled at the review itself: a draft names them before it goes for review.
  draftSeverity: 'info',
  description: 'The metadata names no accountable Delivery Owner.',
  tags: ['metadata', 'owners'],
  check(ctx) {
    const field = ctx.report.metadata.deliveryOwner;
    if (field && !isPlaceholderOwner(field.value)) return;
    // Front matter that is not valid YAML may well name one: the front-matter finding comes first.
    if (ctx.report.frontMatter?.errors.length) return;
    // Without front matter the heading is where a reader looks; with it, the opening `---` where the key belongs.
    const fm = ctx.report.frontMatter;
    const what = field ? `"${field.value}" is not a person` : 'no delivery_owner in the metadata';
    ctx.add({
      message: `No Delivery Owner (${what}): name the person accountable for this review and its communication.`,
      range: field?.range ?? (fm ? { start: fm.range.start, end: { line: fm.range.start.line, character: 3 } } : reportStartRange(ctx.report)),
      fixes: () => addDeliveryOwnerFixes(ctx.report),
    });
  },
};
