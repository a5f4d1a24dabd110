import { isoFrom } from '../dates';
import { leadingByteOrderMarks, lineMapOf } from '../text';
import { ObjectCache } from '../memo';
import { REPORT_STATUSES, type Fix, type FrontMatter, type Range, type Report } from '../types';
import type { Rule, RuleContext } from './rule';

/** `deliveryOwner`, `Delivery-Owner` and `delivery_owner` are the same key. */
function canonical(key: string): string {
  return key.replace(/([a-z])([A-Z])/g, '$1_$2').toLowerCase().replace(/[\s-]+/g, '_');
}

const isScalar = (v: unknown) => ['string', 'number', 'boolean'].includes(typeof v) || v instanceof Date;

function validDate(v: unknown): boolean {
  if (v instanceof Date) return !isNaN(v.getTime());
  const m = typeof v === 'string' ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(v.trim()) : null;
  return !!m && !!isoFrom(+m[1], +m[2], +m[3]);
}

/** What is wrong with a known key's value, or undefined when it is fine. Empty values are left to other rules. */
function problemOf(key: string, v: unknown, triggers: string[]): string | undefined {
  if (v === null || v === undefined) return undefined;
  switch (key) {
    case 'date':
      return validDate(v) ? undefined : `date ${JSON.stringify(v)} is not an ISO date (YYYY-MM-DD) that exists`;
    case 'status':
      return typeof v === 'string' && (REPORT_STATUSES as readonly string[]).includes(v.trim().toLowerCase())
        ? undefined
        : `status ${JSON.stringify(v)} is not one of ${REPORT_STATUSES.join(', ')}`;
    case 'trigger':
      return typeof v === 'string' && triggers.some((t) => t.toLowerCase() === v.trim().toLowerCase())
        ? undefined
        : `trigger ${JSON.stringify(v)} is not one of the team's triggers: ${triggers.join(', ')}`;
    case 'team':
    case 'participants':
      return typeof v === 'string' || Array.isArray(v) ? undefined : `${key} must be a list of people or a comma-separated string`;
    case 'type':
    case 'title':
    case 'milestone':
    case 'delivery_owner':
    case 'zone':
      return isScalar(v) ? undefined : `${key} must be a single value, not a list or mapping`;
  }
  return undefined;
}

const FENCE = /^---[ \t]*$/;
const YAML_KEY = /^[A-Za-z_][\w -]*:(?:[ \t]|$)/;

/**
 * A first line `---` followed by `key: value` lines and no closing fence: front matter left open.
 * Markdown then reads it as text (and, with remark, no list anywhere in the file), so it needs saying.
 * Returns the opening line's range and a fix that closes it after the last line that looks like YAML.
 */
function unclosedFrontMatter(report: Report): { range: Range; fix: Fix } | undefined {
  const lines = lineMapOf(report.text);
  const bom = leadingByteOrderMarks(report.text);
  if (lines.lineCount < 2 || !FENCE.test(lines.lineText(0).slice(bom)) || !YAML_KEY.test(lines.lineText(1))) return undefined;
  const range = lines.range(bom, lines.lineEnd(0));
  // YAML goes on while lines are keys, indented continuations, list items or comments.
  let last = 1;
  while (last + 1 < lines.lineCount && /^(?:[ \t]+\S|- |#|[A-Za-z_][\w -]*:(?:[ \t]|$))/.test(lines.lineText(last + 1))) last++;
  const at = lines.lineEndWithBreak(last);
  const eol = report.eol;
  // A file whose last line has no line break gets one before the fence.
  const newText = at === lines.lineEnd(last) ? `${eol}---${eol}` : `---${eol}`;
  const where = lines.positionAt(at);
  return { range, fix: { title: `Close the front matter after line ${last + 1}`, edits: [{ range: { start: where, end: where }, newText }], isPreferred: true } };
}

export const frontMatter: Rule = {
  id: 'front-matter',
  defaultSeverity: 'error',
  description: 'The front matter is not valid YAML, or a known key has a value of the wrong type.',
  tags: ['metadata'],
  check(ctx) {
    const fm = ctx.report.frontMatter;
    if (!fm) {
      const open = unclosedFrontMatter(ctx.report);
      if (open) {
        ctx.add({
          message: 'Front matter is never closed: add a line `---` after its last key. Until then it is read as text, and the rest of the report may be misread.',
          range: open.range,
          fixes: [open.fix],
        });
      }
      return;
    }
    // A keystroke below the front matter leaves it the same object (the model keeps what it read): so are its problems.
    let known = problemsFound.get(fm);
    if (known?.triggers !== ctx.config.triggers) problemsFound.set(fm, (known = { triggers: ctx.config.triggers, found: problemsIn(fm, ctx.config.triggers) }));
    for (const finding of known.found) ctx.add(finding);
  },
};

type Found = Parameters<RuleContext['add']>[0];
const problemsFound = new ObjectCache<FrontMatter, { triggers: string[]; found: Found[] }>();

function problemsIn(fm: FrontMatter, triggers: string[]): Found[] {
  const found: Found[] = [];
  // The YAML library's messages need saying what they are about; the model's own (limits) say it.
  for (const e of fm.errors) found.push({ message: e.message.startsWith('Front matter') ? e.message : `Front matter is not valid YAML: ${e.message}`, range: e.range });
  for (const [key, value] of Object.entries(fm.data)) {
    const problem = problemOf(canonical(key), value, triggers);
    if (!problem) continue;
    const where: Range | undefined = fm.keys[key]?.valueRange ?? fm.keys[key]?.keyRange;
    found.push({ message: `Front matter: ${problem}.`, range: where ?? fm.contentRange, data: { key } });
  }
  return found;
}
