// Bulk suppressions for `aar lint`, as ESLint's (`--suppress-all`, `--prune-suppressions`): a team
// that adopts the tool on a folder of old reports records today's problems in
// `aar-suppressions.json`, and later runs report only the problems beyond what was recorded.
//
// The file, as ESLint's `eslint-suppressions.json`: file → rule id → `{count}`, paths relative to
// the file's own folder and `/`-separated, keys sorted, two-space JSON, so that it diffs well in
// review. Beside the count, each rule lists `texts`: what each recorded problem is about (the
// action, improvement, heading, phrase or owner its message quotes; the whole message when it
// quotes nothing), so a reviewer sees which problems are being accepted.
//
// Where this differs from ESLint, and why. ESLint keeps counts only: with one problem more than
// recorded it shows every problem of that rule in that file, old and new alike; and when one is
// fixed and another added, the new one takes the fixed one's place unseen. Here a problem is held
// back only when its text was recorded (each recorded text once), so the problem shown is the one
// that is really new, and fixing one unowned action never pays for adding another. The quoted
// text, not the whole message, is matched, because messages also carry what changes without the
// problem changing ("overdue by 13 days", "repeats the action on line 12"). The price: rewording
// an action that has a recorded problem shows that problem again, as a new one. A count beyond
// the texts listed (a file written by hand, with counts only) still works as ESLint's does.
//
// Everything here but the last two functions is pure: suppressions and findings in, suppressions
// or findings out. Suppression is applied to the findings after the analysis, so the cache
// (`--cache`) and the worker threads (`--jobs`) never see it, and the editor shows every problem.
import { promises as fs } from 'node:fs';
import { writeFileAtomically } from '../node/fileCache';

export const SUPPRESSIONS_FILE_NAME = 'aar-suppressions.json';

/**
 * Findings that are never recorded: a skipped file says the report was not checked at all, not
 * what is wrong in it, and suppressing that would hide a report from CI for good. (It is an info,
 * so it never fails a run anyway.)
 */
const NEVER_RECORDED = new Set(['file-skipped']);

/** Whether `--suppress-all` records findings of this rule. */
export const isRecordable = (ruleId: string): boolean => !NEVER_RECORDED.has(ruleId);

/** The problems recorded for one rule in one file. */
export interface RecordedRule {
  count: number;
  /** What each problem is about (`suppressionText`), sorted; may be fewer than `count` (a file written by hand, by count only). */
  texts: string[];
}

/** File (relative to the suppressions file's folder, `/`-separated) → rule id → what was recorded. */
export type Suppressions = Map<string, Map<string, RecordedRule>>;

/** The least a finding needs to be matched against the suppressions. */
export interface FindingLike {
  ruleId: string;
  message: string;
}

/** One report's findings, with its path as the suppressions file names it. */
export interface CheckedFile<T extends FindingLike> {
  key: string;
  findings: T[];
}

/** A report's findings split into those still shown and those the suppressions file holds back. */
export interface SplitFindings<T> {
  shown: T[];
  suppressed: T[];
}

/** A suppressions file that cannot be used; the message says what is wrong, the caller names the file. */
export class InvalidSuppressions extends Error {}

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * What a finding is about, as recorded: the first quoted part of its message (every rule quotes
 * the action, improvement, heading, phrase or owner it is about first), else the whole message.
 */
export function suppressionText(message: string): string {
  const quoted = /"([^"]*)"/.exec(message);
  return quoted ? quoted[1] : message;
}

const isObject = (value: unknown): value is Record<string, unknown> => !!value && typeof value === 'object' && !Array.isArray(value);

/** Reads the text of a suppressions file; throws `InvalidSuppressions` with a one-line reason. */
export function parseSuppressions(text: string): Suppressions {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new InvalidSuppressions(`not valid JSON (${(e as Error).message.replace(/\s*\n\s*/g, ' ')})`);
  }
  if (!isObject(data)) throw new InvalidSuppressions('it must be a JSON object of files, each an object of rule ids');
  const suppressions: Suppressions = new Map();
  for (const [file, rules] of Object.entries(data)) {
    if (!isObject(rules)) throw new InvalidSuppressions(`${JSON.stringify(file)} must be an object of rule ids`);
    const byRule = new Map<string, RecordedRule>();
    for (const [ruleId, recorded] of Object.entries(rules)) {
      const where = `${JSON.stringify(file)} > ${JSON.stringify(ruleId)}`;
      if (!isObject(recorded)) throw new InvalidSuppressions(`${where} must be an object such as {"count": 1}`);
      const { count, texts } = recorded;
      if (typeof count !== 'number' || !Number.isSafeInteger(count) || count < 0) {
        throw new InvalidSuppressions(`${where}: "count" must be a whole number, not ${JSON.stringify(count) ?? 'missing'}`);
      }
      if (texts !== undefined && !(Array.isArray(texts) && texts.every((t) => typeof t === 'string'))) {
        throw new InvalidSuppressions(`${where}: "texts" must be a list of strings`);
      }
      byRule.set(ruleId, { count, texts: texts ? [...texts].sort(compare) : [] });
    }
    suppressions.set(file, byRule);
  }
  return suppressions;
}

/** The file's text: keys sorted at every level, two-space JSON, a trailing newline. */
export function serializeSuppressions(suppressions: Suppressions): string {
  // Objects without a prototype: a file or rule named `__proto__` is a key like any other.
  type Entry = { count: number; texts?: string[] };
  const data: Record<string, Record<string, Entry>> = Object.create(null);
  for (const file of [...suppressions.keys()].sort(compare)) {
    const rules = suppressions.get(file)!;
    if (!rules.size) continue;
    const entry: Record<string, Entry> = Object.create(null);
    for (const ruleId of [...rules.keys()].sort(compare)) {
      const { count, texts } = rules.get(ruleId)!;
      entry[ruleId] = texts.length ? { count, texts: [...texts].sort(compare) } : { count };
    }
    data[file] = entry;
  }
  return `${JSON.stringify(data, null, 2)}\n`;
}

/** How many problems the suppressions record, in how many files. */
export function countRecorded(suppressions: Suppressions): { problems: number; files: number } {
  let problems = 0;
  let files = 0;
  for (const rules of suppressions.values()) {
    let inFile = 0;
    for (const { count } of rules.values()) inFile += count;
    problems += inFile;
    if (inFile) files++;
  }
  return { problems, files };
}

/** The recordable findings of a file by rule, each rule's in the file's order. */
function byRule<T extends FindingLike>(findings: T[], only?: ReadonlySet<string>): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const f of findings) {
    if (!isRecordable(f.ruleId) || (only && !only.has(f.ruleId))) continue;
    let group = groups.get(f.ruleId);
    if (!group) groups.set(f.ruleId, (group = []));
    group.push(f);
  }
  return groups;
}

/**
 * How the findings of one rule in one file meet what was recorded for it: a finding whose text was
 * recorded is matched (each recorded text once, at most `count` in all). What the count holds
 * beyond the texts listed is `anonymous`: it covers the unmatched findings when they all fit in it,
 * and none of them when they do not, as ESLint's counts do, since nothing tells which are new.
 */
function matchRule<T extends FindingLike>(findings: T[], recorded: RecordedRule): { matched: T[]; unmatched: T[]; anonymous: number } {
  const withText = Math.min(recorded.count, recorded.texts.length);
  const left = new Map<string, number>();
  for (const text of recorded.texts) left.set(text, (left.get(text) ?? 0) + 1);
  const matched: T[] = [];
  const unmatched: T[] = [];
  for (const f of findings) {
    const text = suppressionText(f.message);
    const n = left.get(text) ?? 0;
    if (n > 0 && matched.length < withText) {
      left.set(text, n - 1);
      matched.push(f);
    } else {
      unmatched.push(f);
    }
  }
  return { matched, unmatched, anonymous: recorded.count - withText };
}

/** The findings of one rule in one file that what was recorded holds back. */
function heldBack<T extends FindingLike>(findings: T[], recorded: RecordedRule): T[] {
  const { matched, unmatched, anonymous } = matchRule(findings, recorded);
  return unmatched.length <= anonymous ? findings : matched;
}

/** Each file's findings split into those shown and those the suppressions hold back, in the files' order. */
export function applySuppressions<T extends FindingLike>(files: CheckedFile<T>[], suppressions: Suppressions): SplitFindings<T>[] {
  return files.map(({ key, findings }) => {
    const recorded = suppressions.get(key);
    if (!recorded?.size) return { shown: findings, suppressed: [] };
    const held = new Set<T>();
    for (const [ruleId, group] of byRule(findings)) {
      const rule = recorded.get(ruleId);
      if (rule) for (const f of heldBack(group, rule)) held.add(f);
    }
    if (!held.size) return { shown: findings, suppressed: [] };
    return { shown: findings.filter((f) => !held.has(f)), suppressed: findings.filter((f) => held.has(f)) };
  });
}

const copy = (suppressions: Suppressions): Suppressions => new Map([...suppressions].map(([file, rules]) => [file, new Map(rules)]));

const recordOf = <T extends FindingLike>(findings: T[]): RecordedRule => ({
  count: findings.length,
  texts: findings.map((f) => suppressionText(f.message)).sort(compare),
});

/**
 * `--suppress-all` (or `--suppress-rule`, with `rules`): the problems found now replace what was
 * recorded for every file this run speaks for (`covers`, and every file in `files`), for those
 * rules; what was recorded for other files, or other rules, stays. A run on a subfolder thus never
 * drops the rest of the repository's entries.
 */
export function recordSuppressions<T extends FindingLike>(
  suppressions: Suppressions,
  files: CheckedFile<T>[],
  covers: (key: string) => boolean,
  rules?: ReadonlySet<string>,
): Suppressions {
  const next = copy(suppressions);
  const checked = new Set(files.map((f) => f.key));
  for (const [file, recorded] of next) {
    if (!checked.has(file) && !covers(file)) continue;
    for (const ruleId of [...recorded.keys()]) if (!rules || rules.has(ruleId)) recorded.delete(ruleId);
  }
  for (const { key, findings } of files) {
    for (const [ruleId, group] of byRule(findings, rules)) {
      let recorded = next.get(key);
      if (!recorded) next.set(key, (recorded = new Map()));
      recorded.set(ruleId, recordOf(group));
    }
  }
  for (const [file, recorded] of [...next]) if (!recorded.size) next.delete(file);
  return next;
}

/**
 * `--prune-suppressions`: for every file this run speaks for, each rule keeps only the recorded
 * problems that are still there (a rule or file with none left goes); nothing is added. Counts
 * beyond the texts (ESLint-style) come down to the problems there when those fit, and stay as
 * they are when more are found, as ESLint's do.
 */
export function pruneSuppressions<T extends FindingLike>(
  suppressions: Suppressions,
  files: CheckedFile<T>[],
  covers: (key: string) => boolean,
): Suppressions {
  const next = copy(suppressions);
  const findingsOf = new Map(files.map((f) => [f.key, f.findings]));
  for (const [file, recorded] of [...next]) {
    const findings = findingsOf.get(file);
    if (!findings && !covers(file)) continue;
    const groups = byRule(findings ?? []);
    for (const [ruleId, rule] of [...recorded]) {
      const { matched, unmatched, anonymous } = matchRule(groups.get(ruleId) ?? [], rule);
      const fits = unmatched.length <= anonymous;
      const kept = recordOf(fits ? [...matched, ...unmatched] : matched);
      const count = kept.count + (fits ? 0 : anonymous);
      if (count) recorded.set(ruleId, { count, texts: kept.texts });
      else recorded.delete(ruleId);
    }
    if (!recorded.size) next.delete(file);
  }
  return next;
}

/** The suppressions in `file`; undefined when there is no such file. Throws what `fs` and `parseSuppressions` throw. */
export async function readSuppressionsFile(file: string): Promise<Suppressions | undefined> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    throw e;
  }
  return parseSuppressions(text);
}

/** Writes the suppressions through a temporary file in the same folder and a rename: a killed run never leaves half a file. */
export async function writeSuppressionsFile(file: string, suppressions: Suppressions): Promise<void> {
  await writeFileAtomically(file, serializeSuppressions(suppressions));
}
