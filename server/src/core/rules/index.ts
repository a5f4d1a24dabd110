// Every rule, in the order of the format page's Checks table, and where each one's docs live.
import { actionMissingOwner } from './action-missing-owner';
import { blameLanguage } from './blame-language';
import { duplicateAction } from './duplicate-action';
import { emptySection } from './empty-section';
import { frontMatter } from './front-matter';
import { improvementWithoutAction } from './improvement-without-action';
import { invalidDueDate } from './invalid-due-date';
import { missingDeliveryOwner } from './missing-delivery-owner';
import { missingSection } from './missing-section';
import { overdueAction } from './overdue-action';
import type { Rule } from './rule';
import { unknownOwner } from './unknown-owner';
import { vagueAction } from './vague-action';

export type { Rule, RuleContext } from './rule';

export const rules: Rule[] = [
  missingSection,
  emptySection,
  actionMissingOwner,
  unknownOwner,
  missingDeliveryOwner,
  invalidDueDate,
  overdueAction,
  improvementWithoutAction,
  duplicateAction,
  frontMatter,
  vagueAction,
  blameLanguage,
];

const byId = new Map(rules.map((r) => [r.id, r]));

export function ruleById(id: string): Rule | undefined {
  return byId.get(id);
}

/** Where the rule pages live, relative to the repository root; hosts pass an absolute base (a URL or a file URI). */
export const RULES_DOCS_BASE = 'docs/rules/';

export function ruleDocsUrl(id: string, base: string = RULES_DOCS_BASE): string {
  return `${base}${base === '' || base.endsWith('/') ? '' : '/'}${id}.md`;
}
