// A new review from a template: the text (variables filled in, front matter kept valid YAML), the
// file's name, and where the cursor goes. Pure: the host reads the team's template and writes the file.
import { isCollection, parseDocument, visit } from 'yaml';
import { localToday } from './analyze';
import { defaultConfig, type AarConfig } from './config';
import { buildReport } from './model';
import { NestingTooDeepError } from './parse';
import { LineMap } from './text';
import type { Position } from './types';
import { doubleQuoted, yamlScalar } from './yamlText';

/**
 * The built-in template. Guidance sits in comments (YAML `#`, HTML `<!-- -->`): it shows while
 * writing and is never read as content, so a new report holds no action without an owner.
 */
export const DEFAULT_REVIEW_TEMPLATE = `---
type: after-action-report
title: {{title}}
date: {{date}}
trigger: {{trigger}} # why the review happened: release, milestone, incident or learning
milestone: {{milestone}} # what it reviews: a release, a milestone, a tag such as v2.5.0
delivery_owner: {{deliveryOwner}} # accountable for the review and its communication
team: [] # the people in the review, e.g. ["@sam", "Kim Park <kim@example.com>"]
status: draft # draft → in-review → approved → published
---

# {{title}}

## Summary

<!-- What was reviewed, when and why, in a few sentences. -->


## Outcomes

<!-- What happened and what it led to, one list item per outcome. -->

## Improvements

<!-- What the team learnt and would do differently, one list item each; an id such as IMP-1 lets actions point at it. -->

## Actions

<!-- One task per action, each with an owner and a due date, e.g. - [ ] Add a smoke test to the release pipeline @owner due:YYYY-MM-DD (IMP-1) -->
`;

export interface ReviewVariables {
  title: string;
  /** ISO `YYYY-MM-DD`. */
  date: string;
  trigger?: string;
  milestone?: string;
  /** `@sam` or a name. */
  deliveryOwner?: string;
}

const VARIABLE = /\{\{\s*([A-Za-z_][\w]*)\s*\}\}/g;
const FRONT_MATTER = /^(\uFEFF?---[ \t]*\r?\n)([\s\S]*?\r?\n)?((?:---|\.\.\.)[ \t]*(?:\r?\n|$))/;

function variableValues(vars: ReviewVariables): Map<string, string> {
  return new Map([
    ['title', vars.title ?? ''],
    ['date', vars.date ?? ''],
    ['trigger', vars.trigger ?? ''],
    ['milestone', vars.milestone ?? ''],
    ['deliveryOwner', vars.deliveryOwner ?? ''],
  ]);
}

/** One line of prose: line breaks become spaces, other control characters go. */
function oneLine(value: string): string {
  return (
    value
      .replace(/[\r\n\t\v\f\u2028\u2029\u0085]+/g, ' ')
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u001f\u007f-\u009f]/g, '')
      .replace(/ {2,}/g, ' ')
      .trim()
  );
}

/** `value` as a YAML scalar that reads back as the same string; in a flow collection (`[a, b]`) always quoted. */
function scalarFor(value: string, inFlow: boolean): string {
  return inFlow ? doubleQuoted(value) : yamlScalar(value);
}

/** Placeholders in the front matter, written so that the YAML stays valid and each value reads back as given. */
function renderFrontMatter(yamlText: string, values: Map<string, string>): string {
  // Placeholders become tokens that are a plain scalar in any position, so the template parses as YAML.
  const names: string[] = [];
  // A prefix the template does not hold, so that no text of its own is taken for a token.
  let prefix = 'aarvar';
  while (yamlText.includes(prefix)) prefix += 'x';
  const token = (i: number) => `${prefix}${i}z`;
  const tokenised = yamlText.replace(VARIABLE, (whole, name: string) => {
    if (!values.has(name)) return whole;
    names.push(name);
    return token(names.length - 1);
  });
  if (!names.length) return yamlText;
  const tokens = new RegExp(`${prefix}(\\d+)z`, 'g');
  const hasToken = new RegExp(`${prefix}\\d+z`);
  /** `s` with each token replaced by its variable's value, as `write` puts it. */
  const fill = (s: string, write: (v: string) => string = (v) => v) =>
    s.replace(tokens, (t, i: string) => (names[+i] === undefined ? t : write(values.get(names[+i]) ?? '')));
  const doc = parseDocument(tokenised, { prettyErrors: false, uniqueKeys: false });
  // A template whose front matter is not valid YAML: fill in what we can, it is the team's to fix.
  if (doc.errors.length) return fill(tokenised, oneLine);

  const edits: { start: number; end: number; text: string }[] = [];
  visit(doc, {
    Scalar(key, node, path) {
      if (typeof node.value !== 'string' || !node.range || !hasToken.test(node.value)) return;
      const [start, end] = node.range;
      if (node.type === 'BLOCK_LITERAL' || node.type === 'BLOCK_FOLDED') {
        edits.push({ start, end, text: fill(tokenised.slice(start, end), oneLine) });
        return;
      }
      const value = fill(node.value);
      const inFlow = path.some((n) => isCollection(n) && n.flow);
      // An empty value of a key is left empty, which YAML reads as null: "no trigger", not a trigger named "".
      if (value === '' && key === 'value' && !inFlow) {
        // `key: # comment` keeps one space before the comment; a bare `key:` keeps none.
        const blank = (i: number) => tokenised[i] === ' ' || tokenised[i] === '\t';
        let from = start;
        let to = end;
        const lineEnd = tokenised.indexOf('\n', end);
        const rest = tokenised.slice(end, lineEnd < 0 ? tokenised.length : lineEnd);
        if (!rest.trim()) while (from > 0 && blank(from - 1)) from--;
        else while (to < tokenised.length && blank(to)) to++;
        edits.push({ start: from, end: to, text: '' });
        return;
      }
      edits.push({ start, end, text: scalarFor(value, inFlow) });
    },
  });
  // Between the values written, tokens are left only in comments, which end at the line's end.
  let out = '';
  let at = 0;
  for (const e of edits.sort((a, b) => a.start - b.start)) {
    out += fill(tokenised.slice(at, e.start), oneLine) + e.text;
    at = e.end;
  }
  return out + fill(tokenised.slice(at), oneLine);
}

/**
 * The template with `{{title}}`, `{{date}}`, `{{trigger}}`, `{{milestone}}` and
 * `{{deliveryOwner}}` (spaces inside the braces allowed) replaced by their values; any other
 * `{{name}}` stays as typed. Nothing is evaluated. In the front matter each value is written as a
 * YAML scalar that reads back as the same string, and an empty value leaves the key empty (null);
 * in the body values are one line, without control characters.
 */
export function renderReviewTemplate(template: string, vars: ReviewVariables): string {
  const values = variableValues(vars);
  const body = (text: string) => text.replace(VARIABLE, (whole, name: string) => (values.has(name) ? oneLine(values.get(name)!) : whole));
  const fm = FRONT_MATTER.exec(template);
  if (!fm) return body(template);
  const rest = template.slice(fm[0].length);
  return fm[1] + renderFrontMatter(fm[2] ?? '', values) + fm[3] + body(rest);
}

const FOLDED: Record<string, string> = { ß: 'ss', æ: 'ae', œ: 'oe', ø: 'o', ł: 'l', đ: 'd', ð: 'd', þ: 'th', ı: 'i' };
/** File names Windows refuses whatever the extension. */
const WINDOWS_RESERVED = /^(?:con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])$/i;
const MAX_STEM = 80;

/** Lower-case ASCII words joined by `-`: accents folded, everything else a separator. */
function slug(text: string): string {
  return text
    .toLowerCase()
    .replace(/[ßæœøłđðþı]/g, (ch) => FOLDED[ch])
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/** Cut at the last word boundary within `max` characters (mid-word only when one word is longer). */
function capAtWord(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max + 1);
  const boundary = cut.lastIndexOf('-');
  return (boundary > 0 ? cut.slice(0, boundary) : text.slice(0, max)).replace(/-+$/, '');
}

/**
 * The file name without extension for a review: `2026-11-26-release-2-5-checkout`. One safe path
 * segment on every system: lower-case ASCII letters, digits and `-`, at most 80 characters, never
 * a name Windows reserves; `review` when the title has nothing usable.
 */
export function reviewFileStem(date: string, title: string): string {
  const day = /^\d{4}-\d{2}-\d{2}$/.test(date.trim()) ? date.trim() : capAtWord(slug(date), 20);
  const room = Math.max(1, MAX_STEM - (day ? day.length + 1 : 0));
  const name = capAtWord(slug(title), room) || 'review';
  const stem = day ? `${day}-${name}` : name;
  return WINDOWS_RESERVED.test(stem) ? `${stem}-review` : stem;
}

/** `stem.md` for the first attempt, then `stem-2.md`, `stem-3.md`, … */
export function reviewFileName(stem: string, attempt: number): string {
  const n = Math.floor(attempt);
  return n > 1 ? `${stem}-${n}.md` : `${stem}.md`;
}

/**
 * Where the cursor goes in a new review: the first line of the summary section's content; when it
 * has only guidance comments, the first blank line after them; without a summary section (as the
 * engine recognises it, with the team's headings when `config` is given), the end of the text.
 */
export function summaryCursor(text: string, config: AarConfig = defaultConfig()): Position {
  const lines = new LineMap(text);
  const end = lines.positionAt(text.length);
  let report;
  try {
    report = buildReport(text, { uri: 'untitled:new-review.md', config, today: localToday(), detectedBy: 'forced' });
  } catch (e) {
    // A template nesting too deep to read still makes a review; the cursor just goes to its end.
    if (e instanceof NestingTooDeepError) return end;
    throw e;
  }
  const section = report.sections.find((s) => s.kind === 'summary');
  if (!section) return end;
  if (section.inline) return section.range.end;
  const headingLine = section.heading.range.end.line;
  const next = report.headings.find((h) => h.range.start.line > headingLine && h.depth <= section.heading.depth);
  const stop = next ? next.range.start.line : lines.lineCount;
  let afterGuidance = headingLine + 1;
  let inComment = false;
  for (let line = headingLine + 1; line < stop; line++) {
    const t = lines.lineText(line).trim();
    if (inComment) {
      if (t.includes('-->')) {
        inComment = false;
        afterGuidance = line + 1;
      }
      continue;
    }
    if (!t) continue;
    if (t.startsWith('<!--')) {
      if (t.indexOf('-->', 4) < 0) inComment = true;
      else afterGuidance = line + 1;
      continue;
    }
    const lineText = lines.lineText(line);
    return { line, character: lineText.length - lineText.trimStart().length };
  }
  for (let line = afterGuidance; line < stop; line++) {
    if (!lines.lineText(line).trim()) return { line, character: 0 };
  }
  // No room in the section: the end of its heading or guidance, where a line break starts the text.
  const last = Math.min(afterGuidance - 1, lines.lineCount - 1);
  return { line: last, character: lines.lineText(last).length };
}
