// Releases awaiting a review: git tags that match one of the team's tag triggers and that no
// report's `milestone` names. Pure: the host reads the tags (server/src/node/gitTags.ts) and the reports.
import type { TagTrigger } from './config';
import { splitOn } from './text';

export interface ReleaseTag {
  name: string;
  /** ISO 8601 date-time, when known. */
  date?: string;
}

export interface ReportMilestone {
  milestone?: string;
  uri: string;
}

export interface ReleaseAwaitingReview {
  tag: string;
  /** The first of the team's triggers that the tag matches. */
  trigger: TagTrigger;
  date?: string;
}

/** The tags that require a review and have none, newest first (by date, then by version). */
export function releasesAwaitingReview(
  tags: readonly ReleaseTag[],
  triggers: readonly TagTrigger[],
  reports: readonly ReportMilestone[],
): ReleaseAwaitingReview[] {
  const matchers = triggers.flatMap((trigger) => {
    const re = tagPatternRegExp(trigger.tag);
    return re ? [{ trigger, re }] : [];
  });
  if (!matchers.length) return [];
  const covered = new Set(reports.flatMap((r) => milestoneTags(r.milestone)).map(tagKey));
  const seen = new Set<string>();
  const out: ReleaseAwaitingReview[] = [];
  for (const tag of tags) {
    if (seen.has(tag.name)) continue;
    seen.add(tag.name);
    const match = matchers.find((m) => m.re.test(tag.name));
    if (!match || covered.has(tagKey(tag.name))) continue;
    out.push({ tag: tag.name, trigger: match.trigger, ...(tag.date ? { date: tag.date } : {}) });
  }
  return out.sort(newestFirst);
}

/** The `trigger` a new review of a release carries: the trigger's name, else `release`. */
export function reviewTrigger(trigger: TagTrigger): string {
  return trigger.name?.trim() || 'release';
}

/** Whether a report whose `milestone` is this covers the tag (see `milestoneTags`). */
export function milestoneCovers(milestone: string | undefined, tag: string): boolean {
  const key = tagKey(tag);
  return milestoneTags(milestone).some((m) => tagKey(m) === key);
}

const MILESTONE_SEPARATORS = /[,;]/g;

/**
 * The tags a `milestone` value names. People write one tag (`v2.4.0`), several for a review that
 * covers a release and its patch (`v2.4.0, v2.4.1`, also `;`-separated), or a phrase (`Release
 * v2.4.0`): each comma- or semicolon-separated entry names a tag, with a leading "Release" word
 * dropped. Entries are compared with tag names case-insensitively, and a leading `v` before a digit
 * is optional on either side (`2.4.0` names `v2.4.0`). Anything looser (`v2.4` for `v2.4.1`)
 * would let one review silence another release, so it does not count.
 */
export function milestoneTags(milestone: string | undefined): string[] {
  if (milestone === undefined || milestone === null) return [];
  return splitOn(String(milestone), MILESTONE_SEPARATORS)
    .map((entry) =>
      entry
        .trim()
        .replace(/^release\s+/i, '')
        .replace(/^[`"']+|[`"']+$/g, '')
        .trim(),
    )
    .filter((entry) => entry !== '');
}

/** How a tag name and a milestone entry are compared: case-insensitive, leading `v` before a digit optional. */
function tagKey(name: string): string {
  return name.trim().toLowerCase().replace(/^v(?=\d)/, '');
}

function newestFirst(a: ReleaseAwaitingReview, b: ReleaseAwaitingReview): number {
  const ta = a.date ? Date.parse(a.date) : NaN;
  const tb = b.date ? Date.parse(b.date) : NaN;
  if (!Number.isNaN(ta) || !Number.isNaN(tb)) {
    if (Number.isNaN(ta)) return 1; // undated after dated
    if (Number.isNaN(tb)) return -1;
    if (ta !== tb) return tb - ta;
  }
  return compareVersions(b.tag, a.tag);
}

/**
 * Orders tag names as versions: digit runs compare as numbers (`v2.10` after `v2.9`), and a
 * pre-release comes before its release (`v2.4.0-rc.1` before `v2.4.0`, as in semver).
 */
export function compareVersions(a: string, b: string): number {
  const ta = a.match(/\d+|\D+/g) ?? [];
  const tb = b.match(/\d+|\D+/g) ?? [];
  for (let i = 0; i < Math.min(ta.length, tb.length); i++) {
    const x = ta[i];
    const y = tb[i];
    if (x === y) continue;
    const nx = /^\d/.test(x);
    const ny = /^\d/.test(y);
    if (nx && ny) return Number(x) - Number(y) || x.length - y.length;
    // `v2.4.0` against `v2.4.0-rc.1`: the one going on with a pre-release marker is the older.
    if (x.startsWith('-') !== y.startsWith('-') && (x.startsWith('-') ? y : x) === '.') return x.startsWith('-') ? -1 : 1;
    return x < y ? -1 : 1;
  }
  if (ta.length === tb.length) return 0;
  const longer = ta.length > tb.length ? ta : tb;
  const sign = ta.length > tb.length ? 1 : -1;
  // `v2.4.0-rc.1` is older than `v2.4.0`; `v2.4.0.1` is newer.
  return longer[Math.min(ta.length, tb.length)].startsWith('-') ? -sign : sign;
}

/** Why a tag pattern cannot be used, or undefined when it can. */
export function tagPatternProblem(pattern: string): string | undefined {
  if (!pattern.trim()) return 'it is empty';
  const compiled = compileGlob(pattern, 0, '');
  return 'problem' in compiled ? compiled.problem : undefined;
}

/** Whether a tag name matches a trigger's pattern (undefined patterns: see `tagPatternProblem`). */
export function tagMatches(pattern: string, tag: string): boolean {
  return tagPatternRegExp(pattern)?.test(tag) ?? false;
}

const compiledPatterns = new Map<string, RegExp | undefined>();

export function tagPatternRegExp(pattern: string): RegExp | undefined {
  if (compiledPatterns.has(pattern)) return compiledPatterns.get(pattern);
  const compiled = pattern.trim() ? compileGlob(pattern, 0, '') : { problem: 'empty' };
  const re = 'problem' in compiled ? undefined : new RegExp(`^${compiled.source}$`, 's');
  if (compiledPatterns.size > 500) compiledPatterns.clear();
  compiledPatterns.set(pattern, re);
  return re;
}

const escapeRegExp = (s: string) => s.replace(/[\\^$.*+?()[\]{}|/-]/g, '\\$&');

/**
 * Glob to RegExp source, as `git tag -l` matches: `*` any run (`/` included), `?` one character,
 * `[abc]`/`[a-z]`/`[!abc]`/`[^abc]` a class, `{a,b}` alternatives (nestable), `\x` a literal x.
 * Reads until the end, or until one of `stopAt` (a `,` or `}` inside braces).
 */
function compileGlob(pattern: string, start: number, stopAt: string): { source: string; end: number } | { problem: string } {
  let source = '';
  let i = start;
  while (i < pattern.length) {
    const c = pattern[i];
    if (stopAt.includes(c)) break;
    if (c === '\\') {
      if (i + 1 >= pattern.length) return { problem: 'it ends with a lone \\' };
      source += escapeRegExp(pattern[i + 1]);
      i += 2;
    } else if (c === '*') {
      source += '.*';
      while (pattern[i] === '*') i++;
    } else if (c === '?') {
      source += '.';
      i++;
    } else if (c === '[') {
      let j = i + 1;
      const negated = pattern[j] === '!' || pattern[j] === '^';
      if (negated) j++;
      const first = j;
      while (j < pattern.length && (pattern[j] !== ']' || j === first)) j += pattern[j] === '\\' ? 2 : 1;
      if (j >= pattern.length) return { problem: 'a [ is not closed' };
      const body = pattern
        .slice(first, j)
        .replace(/\\(.)/g, '$1')
        .replace(/[\\\]^[]/g, '\\$&');
      source += `[${negated ? '^' : ''}${body}]`;
      i = j + 1;
    } else if (c === '{') {
      const alternatives: string[] = [];
      let j = i + 1;
      for (;;) {
        const part = compileGlob(pattern, j, ',}');
        if ('problem' in part) return part;
        alternatives.push(part.source);
        if (part.end >= pattern.length) return { problem: 'a { is not closed' };
        j = part.end + 1;
        if (pattern[part.end] === '}') break;
      }
      source += `(?:${alternatives.join('|')})`;
      i = j;
    } else {
      // `}` and `,` outside braces are plain characters too (inside, `stopAt` caught them).
      source += escapeRegExp(c);
      i++;
    }
  }
  return { source, end: i };
}
