// One call from text to findings: skip what cannot be read, detect, model, run the rules.
import type { Root } from 'mdast';
import { defaultConfig, type AarConfig } from './config';
import { detectReport } from './detect';
import { concatAll, ObjectCache, sameElements } from './memo';
import { buildReport } from './model';
import { movedFrom, type ModelCache } from './modelCache';
import { createChunkedParser, MAX_NESTING, NestingTooDeepError, parseMarkdown, tooDeepLine } from './parse';
import { rules } from './rules';
import type { TextChange } from './text';
import { FindingWithLazyFixes, findingWithin, isActionRule, shiftedFinding, type ActionRule, type Rule, type RuleContext } from './rules/rule';
import type { Action, Analysis, Finding, Fix, Range, Severity } from './types';

export interface AnalyzeOptions {
  /** The document's URI (or path); used for detection by file name. */
  uri: string;
  /** Workspace-relative path with `/` separators, for the report globs; defaults to the URI's path. */
  relativePath?: string;
  config?: AarConfig;
  /** Today as ISO `YYYY-MM-DD`; defaults to the host's local date. */
  today?: string;
  /** Analyse even when detection says the file is not a report (e.g. `aar lint` on a named file). */
  force?: boolean;
  /**
   * Findings without their fixes, for hosts that never offer them (`aar lint`, the workspace
   * index): making a fix can cost more than finding the problem (a Delivery Owner fix rewrites the
   * front matter).
   */
  withoutFixes?: boolean;
}

export function localToday(now = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

const START: Range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

const STACK_OVERFLOW = 'Not analysed: the Markdown nests too deeply to be read.';

/** A size for people: `3 MB`, `512 KB`, `800 bytes`. */
export function sizeText(bytes: number): string {
  if (bytes >= 1024 ** 3) return `${(bytes / 1024 ** 3).toFixed(1).replace(/\.0$/, '')} GB`;
  if (bytes >= 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(1).replace(/\.0$/, '')} MB`;
  if (bytes >= 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${bytes} bytes`;
}

/** Where the size limit is set, for the note on a file over it. */
export const SIZE_LIMIT_SETTINGS = 'setting afterActionReports.maxFileSize; aar lint --max-file-size';

export { MAX_NESTING };

/**
 * Why a text cannot be analysed as Markdown at all, or undefined when it can, as far as can be told
 * before parsing: nesting too deep for the parser is found by the parser (see `tooDeepLine`).
 */
export function unreadableReason(text: string, maxFileSize: number, changed?: TextChange): string | undefined {
  // Characters, not bytes: an open document's text is all there is; for ASCII they are the same.
  if (text.length > maxFileSize) return `Not analysed: the file is ${sizeText(text.length)}, over the ${sizeText(maxFileSize)} limit (${SIZE_LIMIT_SETTINGS}).`;
  // Only where the text changed, when the rest was read before without a NUL: in a text with a
  // character past U+00FF, looking for a NUL reads every character (0.4 ms at 600 KB, a keystroke's tenth).
  if ((changed ? text.slice(changed.start, changed.end) : text).includes('\u0000')) {
    return 'Not analysed: the file holds NUL bytes, so it looks binary rather than Markdown.';
  }
  // U+FFFD runs are what a UTF-8 decoder leaves of bytes that are not UTF-8. Counted where the text
  // changed when the last text counted is the one it changed from: looking through every
  // character of a 600 KB report took some 40 µs a keystroke.
  const last = lastReplacements;
  let replacements: number;
  if (changed && last?.text === changed.before) {
    const removedEnd = changed.before.length - (text.length - changed.end);
    replacements = last.count - replacementsIn(changed.before, changed.start, removedEnd) + replacementsIn(text, changed.start, changed.end);
  } else {
    replacements = 0;
    for (let at = text.indexOf('\uFFFD'); at >= 0; at = text.indexOf('\uFFFD', at + 1)) replacements++;
  }
  lastReplacements = { text, count: replacements };
  if (replacements > 8 && replacements > text.length / 200) {
    return 'Not analysed: the file is not valid UTF-8 text.';
  }
  return undefined;
}

/** The last text `unreadableReason` counted U+FFFD in, and how many it held. */
let lastReplacements: { text: string; count: number } | undefined;

function replacementsIn(text: string, start: number, end: number): number {
  let count = 0;
  for (let i = start; i < end; i++) if (text.charCodeAt(i) === 0xfffd) count++;
  return count;
}

/**
 * Texts from this length on are parsed in chunks even by a one-off analysis: one parse of a long
 * text costs more than its chunks' parses (the parser is superlinear), and the trees are the same.
 */
const CHUNKED_PARSE_FROM = 64 * 1024;

export function analyze(text: string, options: AnalyzeOptions): Analysis {
  return analyzeWithParser(text, options, text.length >= CHUNKED_PARSE_FROM ? createChunkedParser().parse : parseMarkdown);
}

/**
 * `analyze` with the Markdown parser handed in (the incremental analyzer's chunked parser, or a
 * whole parse), and what earlier versions read. `changedPart`: where the text differs from the
 * last one this parser parsed, which was found readable then (the incremental analyzer's parser).
 */
export function analyzeWithParser(
  text: string,
  options: AnalyzeOptions,
  parse: (markdown: string) => Root,
  cache?: ModelCache,
  changedPart?: (text: string) => TextChange | undefined,
): Analysis {
  const config = options.config ?? defaultConfig();
  const today = options.today ?? localToday();
  const detection = detectReport(text, options.relativePath ?? options.uri, config);
  if (!detection.isReport && !options.force) return { findings: [] };
  const skip = (reason: string): Analysis => ({ skipped: reason, findings: [{ ruleId: 'file-skipped', severity: 'info', message: reason, range: START, fixes: [] }] });
  const change = changedPart?.(text);
  const skipped = unreadableReason(text, config.maxFileSize, change);
  if (skipped) return skip(skipped);
  let report;
  try {
    report = buildReport(text, { uri: options.uri, config, today, detectedBy: detection.isReport ? detection.by : 'forced', parse, cache, change });
  } catch (e) {
    // The parser checks only the text it parses (on a keystroke, the chunk typed in): the note gives the document's line.
    if (e instanceof NestingTooDeepError) return skip(tooDeepNote(tooDeepLine(text) ?? e.line));
    // Nesting under that limit may still be too deep for the stack (of a worker thread, say).
    if (e instanceof RangeError && /call stack/i.test(e.message)) return skip(STACK_OVERFLOW);
    throw e;
  }
  const findings: Finding[] = [];
  const status = report.metadata.status?.value.toLowerCase();
  const tightened = status === 'approved' || status === 'published';
  const drafting = status === 'draft';
  const disabledOnLines = report.disable.lines;
  const withoutFixes = !!options.withoutFixes;
  const active: { rule: ActionRule; inputs: string; ctx: RuleContext; collector: FindingCollector }[] = [];
  // An index, not `for…of`: before V8 optimises this, each step of one makes an object.
  for (let k = 0; k < rules.length; k++) {
    const rule = rules[k];
    const setting = config.severities[rule.id] ?? (drafting ? rule.draftSeverity : undefined) ?? rule.defaultSeverity;
    // An approved or published report with an unowned action is an error whatever the setting.
    const forceError = tightened && rule.id === 'action-missing-owner';
    if (setting === 'off' && !forceError) continue;
    if (isDisabled(report.disable.file, rule.id)) continue;
    const severity: Severity = forceError ? 'error' : (setting as Severity);
    const collector: FindingCollector = { ruleId: rule.id, severity, forceError, withoutFixes, disabledOnLines };
    const ctx: RuleContext = { report, config, today, add: findingsAdder(collector, findings, true) };
    if (!isActionRule(rule)) {
      rule.check(ctx);
      continue;
    }
    if (!cache) {
      active.push({ rule, inputs: '', ctx, collector });
      continue;
    }
    const ruleInputs = rule.inputs?.(ctx) ?? '';
    // The same inputs as last time are that very string, so that each group compares them in one step.
    const last = lastInputs.get(rule);
    let inputs: string;
    if (last && last.ruleInputs === ruleInputs && last.severity === severity && last.withoutFixes === withoutFixes) inputs = last.inputs;
    else {
      inputs = `${severity}${withoutFixes ? ' without fixes' : ''} ${ruleInputs}`;
      if (inputs === last?.inputs) inputs = last.inputs;
      lastInputs.set(rule, { ruleInputs, severity, withoutFixes, inputs });
    }
    active.push({ rule, inputs, ctx, collector });
  }
  if (!cache) {
    // A one-off analysis (`aar lint`, the index) keeps nothing for a next version: each action rule
    // runs over every action, and everything is sorted once. The sort is stable, so the findings
    // come in the order the kept groups below give them.
    const actions = report.actions;
    for (const { rule, ctx } of active) for (let i = 0; i < actions.length; i++) rule.checkAction(actions[i], i, ctx);
    findings.sort(byPlace);
    return { report, findings };
  }
  if (!inPlaceOrder(findings)) findings.sort(byPlace);

  // The action rules group by group, keeping what was found in a group while nothing it depends on
  // changed; and each group's findings of every rule sorted once, kept while they are the same. A
  // group's findings lie on its actions' lines and the groups follow each other down the report, so
  // the groups' sorted findings, one after the other, are in order: a keystroke in a long report
  // sorts the findings of the group it touched, and merges.
  // Not captured by a closure made here: the findings' fixes hold the rules' contexts, and through
  // them this call's closures and what they capture (every earlier version, through these findings).
  const fromEach: GroupsFound = { groups: [], last: undefined, inOrder: true };
  let first = 0;
  const found: Finding[][] = new Array(active.length);
  const version = ++analyses;
  const versions = retainedVersionsOf(cache);
  const retiring = versions.retiring;
  versions.counts.clear();
  const ruleInputs = ruleInputsOf(cache, active);
  /** The rules with action inputs (see ActionRule.actionInputs), by index in `active`. */
  const withActionInputs: number[] = [];
  /** Whether every rule's findings hold a group's first index only in their data: a group whose first index changed keeps them, given new indexes. */
  let indexesOnlyInData = true;
  for (let r = 0; r < active.length; r++) {
    if (active[r].rule.actionInputs) withActionInputs.push(r);
    if (!active[r].rule.indexOnlyInData) indexesOnlyInData = false;
  }
  /** Each rule's action inputs for the whole report (see ActionRule.actionInputs), worked out when first needed. */
  const allInputs: (Int32Array | undefined)[] = new Array(active.length);
  // Indexes, not `for…of`, over the groups and their findings: before V8 optimises this code, each
  // step of one makes an object (a line deleted in a register: 1,200 groups, 6,000 findings).
  const actionGroups = report.actionGroups;
  for (let g = 0; g < actionGroups.length; g++) {
    const group = actionGroups[g];
    let kept = keptFindingsOf(group);
    if (!kept) keepFindings(group, (kept = movedFindingsOf(group) ?? { byRule: new Map(), sorted: undefined, order: undefined, from: [] }));
    // A group no rule has a reason to check again (most groups, on most keystrokes): its findings
    // as they were, without going through the rules one by one.
    const checked = kept.checked;
    if (checked && checked.inputs === ruleInputs && (checked.first === first || indexesOnlyInData) && !retiring.size && kept.sorted && sameGroupInputs(checked.groupInputs, withActionInputs, active, allInputs, group, first)) {
      for (let k = 0; k < checked.retained.length; k++) versions.counts.set(checked.retained[k], (versions.counts.get(checked.retained[k]) ?? 0) + 1);
      if (checked.first !== first) {
        // Actions came or went in a group above (an action typed, `- [`): the findings, in their
        // order, with new indexes. The rules' own arrays are given theirs when one checks again;
        // `from` no longer names what `sorted` was made from, so that sorts again then.
        const by = first - checked.first;
        const sorted = kept.sorted;
        const moved: Finding[] = new Array(sorted.length);
        for (let k = 0; k < sorted.length; k++) moved[k] = shiftedFinding(sorted[k], 0, by);
        kept.sorted = moved;
        kept.from = [];
        kept.checked = { inputs: checked.inputs, first, groupInputs: checked.groupInputs, retained: checked.retained };
      }
      addFound(fromEach, kept.sorted);
      first += group.length;
      continue;
    }
    const retained: number[] = [];
    /** Per rule, the kept findings its findings are each moved from, one for one (see sortedByPlace); undefined where it checked again. */
    const sources: (Finding[] | undefined)[] = new Array(active.length);
    for (let r = 0; r < active.length; r++) {
      const { rule, inputs, ctx, collector } = active[r];
      const all = actionInputsOf(active, allInputs, r);
      const per = rule.actionInputs?.perAction ?? 0;
      let byRule = kept.byRule.get(rule);
      // Findings whose fixes hold a version that is let go (see retainedVersionsOf) are made again, for this one.
      const retired = retiring.size > 0 && !!byRule?.retains && retiring.has(byRule.made);
      if (byRule && !retired && (byRule.first === first || rule.indexOnlyInData) && byRule.inputs === inputs && sameInputs(byRule.groupInputs, all, per * first, per * group.length)) {
        // Lines or actions came or went above the group, nothing else changed: its findings follow their actions.
        const lines = byRule.lines ?? 0;
        const by = first - byRule.first;
        sources[r] = byRule.findings;
        if (lines || by) {
          const findings = byRule.findings.map((f) => shiftedFinding(f, lines, by));
          // New indexes leave the findings on their lines: whether they can move holds.
          kept.byRule.set(rule, (byRule = { first, inputs, groupInputs: byRule.groupInputs, findings, movable: lines ? undefined : byRule.movable, made: byRule.made, retains: byRule.retains }));
        }
      } else if (retired || !byRule || byRule.first !== first || byRule.inputs !== inputs || !sameInputs(byRule.groupInputs, all, per * first, per * group.length)) {
        // A group moved to other lines is checked as its original stands, and what is found is
        // moved with it, when it lies on the group's lines (a list's always does: a fixture test
        // holds every action rule to it) and has no fixes (they read the document where their
        // action stands): the moved actions are then not made (see lazyGroup). A line typed above
        // a long list changes where the first of each repeated action below it stands, and so
        // duplicate-action's messages there.
        const moved = movedFrom(group);
        let into = checkedFindings(rule, group, first, ctx, collector, moved?.lines ? moved.from : group);
        let findings = into;
        if (moved?.lines) {
          const shiftable = into.every(hasNoFixes) && (moved.from[0].form !== 'table' || movableIn(moved.from, into));
          if (shiftable) findings = into.map((f) => shiftedFinding(f, moved.lines, 0));
          else findings = into = checkedFindings(rule, group, first, ctx, collector, group);
        }
        // A copy of the group's part: the whole array belongs to this version of the report.
        const groupInputs = all && group.length ? all.slice(per * first, per * (first + group.length)) : NO_GROUP_INPUTS;
        kept.byRule.set(rule, (byRule = { first, inputs, groupInputs, findings, made: version, retains: findings.some(holdsItsVersion) }));
        // Whether they can move with the group, worked out now for an original list of a document
        // being edited (it costs little): else the first line typed above a long list checks every
        // finding below it. A table's is worked out when it first moves (it makes the fixes).
        if (cache && group.length && !moved && group[0].form !== 'table') byRule.movable = movableIn(group, into);
      }
      found[r] = byRule.findings;
      if (byRule.retains) {
        retained.push(byRule.made);
        if (byRule.made !== version) versions.counts.set(byRule.made, (versions.counts.get(byRule.made) ?? 0) + 1);
      }
    }
    if (!kept.sorted || kept.from.length !== found.length || found.some((f, r) => f !== kept!.from[r])) {
      const sorted = sortedByPlace(found, sources, kept.sorted ? kept : kept.moved);
      kept.sorted = sorted.findings;
      kept.order = sorted.order;
      kept.from = found.slice();
      kept.moved = undefined;
    }
    kept.checked = { inputs: ruleInputs, first, groupInputs: withActionInputs.map((r) => kept!.byRule.get(active[r].rule)!.groupInputs), retained };
    addFound(fromEach, kept.sorted);
    first += group.length;
  }
  // Directives apply here, not in what is kept: one may turn a rule off over many groups.
  const fromGroups = disabledOnLines.size ? concatAll(fromEach.groups).filter((f) => !offOnLine(disabledOnLines, f, f.ruleId)) : concatAll(fromEach.groups);
  if (!fromEach.inOrder) fromGroups.sort(byPlace);
  versions.retiring = versionsToLetGo(versions.counts);
  return { report, findings: mergeByPlace(findings, fromGroups) };
}

/**
 * How one rule's findings are made in one analysis. The functions that make them are module
 * functions, bound to this, not arrows made on each call: V8 keeps a function's optimised code only
 * while a function of it lives, and arrows made on every keystroke lost theirs at every full
 * collection, and were compiled again some keystrokes later.
 */
interface FindingCollector {
  ruleId: string;
  severity: Severity;
  /** An approved or published report's unowned actions are errors whatever the setting. */
  forceError: boolean;
  withoutFixes: boolean;
  disabledOnLines: Map<number, Set<string>>;
}

/** A rule context's `add`: appends the rule's finding to `into`; unless a directive turns the rule off on its line, when `directives` says to look. */
function findingsAdder(collector: FindingCollector, into: Finding[], directives: boolean): RuleContext['add'] {
  return addFinding.bind(undefined, collector, into, directives);
}

function addFinding(collector: FindingCollector, into: Finding[], directives: boolean, f: Parameters<RuleContext['add']>[0]): void {
  if (directives && offOnLine(collector.disabledOnLines, f, collector.ruleId)) return;
  const severity = collector.forceError ? 'error' : (f.severity ?? collector.severity);
  const finding: Finding =
    typeof f.fixes === 'function' && !collector.withoutFixes
      ? new FindingWithLazyFixes(collector.ruleId, severity, f.message, f.range, f.fixes)
      : { ruleId: collector.ruleId, severity, message: f.message, range: f.range, fixes: fixesOf(f.fixes, collector.withoutFixes) };
  if (f.data) finding.data = f.data;
  into.push(finding);
}

function fixesOf(fixes: Fix[] | (() => Fix[]) | undefined, withoutFixes: boolean): Fix[] {
  return typeof fixes === 'function' ? (withoutFixes ? [] : fixes()) : (fixes ?? []);
}

/** Whether a directive turns the rule off on the finding's line. */
function offOnLine(disabledOnLines: Map<number, Set<string>>, finding: { range: Range }, ruleId: string): boolean {
  const off = disabledOnLines.size ? disabledOnLines.get(finding.range.start.line) : undefined;
  return !!off && isDisabled(off, ruleId);
}

/** What one rule finds in a group's actions (or the group's candidates for it), given the group's first index in the report. */
function checkedFindings(rule: ActionRule, group: Action[], first: number, ctx: RuleContext, collector: FindingCollector, actions: Action[]): Finding[] {
  const into: Finding[] = [];
  const groupCtx: RuleContext = { report: ctx.report, config: ctx.config, today: ctx.today, add: findingsAdder(collector, into, false) };
  const candidates = rule.candidates?.(group, first, ctx);
  if (candidates) for (let k = 0; k < candidates.length; k++) rule.checkAction(actions[candidates[k]], first + candidates[k], groupCtx);
  else for (let i = 0; i < actions.length; i++) rule.checkAction(actions[i], first + i, groupCtx);
  return into;
}

/** Each group's sorted findings, one after the other (joined once at the end, into an array of their number), the last of them, and whether they are in order. */
interface GroupsFound {
  groups: Finding[][];
  last: Finding | undefined;
  inOrder: boolean;
}

function addFound(found: GroupsFound, sorted: Finding[]): void {
  if (!sorted.length) return;
  // A rule that reports somewhere else than on its group's lines would break the order: then all is sorted.
  if (found.inOrder && found.last && byPlace(sorted[0], found.last) < 0) found.inOrder = false;
  found.groups.push(sorted);
  found.last = sorted[sorted.length - 1];
}

/**
 * The rules' findings of a group in `byPlace` order, and that order as indexes into the rules'
 * findings one after the other. When each rule's findings are those `last` sorted, moved (by the
 * same lines: a group moves as a whole) or given other indexes one for one (`sources`), the order
 * holds and is not worked out again: a line deleted above a long list moves thousands of findings,
 * and sorting them read every one's range.
 */
function sortedByPlace(found: Finding[][], sources: (Finding[] | undefined)[], last: { from: Finding[][]; order?: Int32Array } | undefined): { findings: Finding[]; order: Int32Array } {
  const all = concatAll(found);
  let order = last?.order;
  if (!order || order.length !== all.length || last!.from.length !== found.length || !sameElements(sources, last!.from)) {
    order = new Int32Array(all.length);
    for (let i = 0; i < order.length; i++) order[i] = i;
    // Ties by index: the order a stable sort of `all` gives.
    sorting = all;
    try {
      order.sort(byPlaceOfIndex);
    } finally {
      sorting = [];
    }
  }
  const findings: Finding[] = new Array(all.length);
  for (let k = 0; k < order.length; k++) findings[k] = all[order[k]];
  return { findings, order };
}

/**
 * The findings `byPlaceOfIndex` compares by their indexes, for the sort under way. A comparator
 * that closes over them would be a new closure on every sort, and V8 keeps the optimised code of
 * such a closure only while one lives: each full collection threw it away (docs/architecture.md).
 */
let sorting: Finding[] = [];
function byPlaceOfIndex(a: number, b: number): number {
  return byPlace(sorting[a], sorting[b]) || a - b;
}

/** Whether findings are in `byPlace` order already (the document rules' most often are): then they need no sort. */
function inPlaceOrder(findings: Finding[]): boolean {
  for (let i = 1; i < findings.length; i++) if (byPlace(findings[i - 1], findings[i]) > 0) return false;
  return true;
}

/** Findings in the order hosts show them: by place, then by rule. */
function byPlace(a: Finding, b: Finding): number {
  return a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character || ruleRank(a.ruleId) - ruleRank(b.ruleId);
}

/** Two lists each in `byPlace` order as one; on a tie, the first list's finding first (as a stable sort of both would). */
function mergeByPlace(a: Finding[], b: Finding[]): Finding[] {
  if (!a.length) return b;
  if (!b.length) return a;
  const out: Finding[] = new Array(a.length + b.length);
  let i = 0;
  let j = 0;
  let k = 0;
  while (i < a.length && j < b.length) out[k++] = byPlace(b[j], a[i]) < 0 ? b[j++] : a[i++];
  while (i < a.length) out[k++] = a[i++];
  while (j < b.length) out[k++] = b[j++];
  return out;
}


/** Rule ids in `localeCompare` order, as ranks: findings on one place are ordered by rule without the cost of collation. */
const RULE_RANKS = new Map(
  rules
    .map((r) => r.id)
    .sort((a, b) => a.localeCompare(b))
    .map((id, i) => [id, i]),
);

function ruleRank(id: string): number {
  return RULE_RANKS.get(id) ?? RULE_RANKS.size;
}

function tooDeepNote(line: number): string {
  return `Not analysed: line ${line} nests lists or block quotes more than ${MAX_NESTING} levels deep.`;
}

/**
 * What each action rule found in each group of actions, for which index of the group's first
 * action and which inputs (`ActionRule`), before directives that turn rules off on lines. The
 * findings are shared by the analyses of successive versions: never changed.
 */
interface KeptFindings {
  /**
   * `movable`: whether the findings stay within the group's lines (worked out when a copy is first
   * moved); `lines`: how far down the findings are still to be moved (a moved copy's, taken from
   * the group it copies).
   */
  byRule: Map<Rule, { first: number; inputs: string; groupInputs: Int32Array; findings: Finding[]; movable?: boolean; lines?: number; made: number; retains: boolean }>;
  /** Every rule's findings in the group in place order, and the rules' arrays they were made from. */
  sorted: Finding[] | undefined;
  /** `sorted` as indexes into `from`'s arrays one after the other. */
  order: Int32Array | undefined;
  from: Finding[][];
  /** Of a moved copy not sorted yet: the original's arrays and order, which its moved findings keep (see sortedByPlace). */
  moved?: { from: Finding[][]; order?: Int32Array };
  /**
   * What every rule's findings were last found to hold for, all at once: the rules and their
   * inputs (`RuleInputs`), the index of the group's first action, and the group inputs of the rules
   * that have them; and the earlier versions those findings hold (see retainedVersionsOf).
   */
  checked?: { inputs: RuleInputs; first: number; groupInputs: Int32Array[]; retained: number[] };
}

/** The active rules of an analysis and their inputs: the same object while none of them changed (in one document). */
interface RuleInputs {
  rules: Rule[];
  inputs: string[];
}
const lastRuleInputs = new ObjectCache<ModelCache, RuleInputs>();

function ruleInputsOf(cache: ModelCache, active: readonly { rule: Rule; inputs: string }[]): RuleInputs {
  const last = lastRuleInputs.get(cache);
  if (last && sameRules(last, active)) return last;
  const now = { rules: active.map((a) => a.rule), inputs: active.map((a) => a.inputs) };
  lastRuleInputs.set(cache, now);
  return now;
}
function sameRules(last: RuleInputs, active: readonly { rule: Rule; inputs: string }[]): boolean {
  if (last.rules.length !== active.length) return false;
  for (let r = 0; r < active.length; r++) if (active[r].rule !== last.rules[r] || active[r].inputs !== last.inputs[r]) return false;
  return true;
}
const groupFindings = new ObjectCache<Action[], KeptFindings>();

/**
 * A moved copy's findings are kept with its original, for the latest copy only, not on the copy:
 * a finding's fixes, made when the editor asks, hold the report of the version the finding was
 * made in, and so that version's copies; had each copy kept its findings, every such version
 * would keep a copy of thousands of findings alive (a line deleted in a long register promoted
 * twice as much to the old generation, and each scavenge took twice as long).
 */
const latestCopyFindings = new ObjectCache<Action[], { copy: Action[]; kept: KeptFindings }>();

function keptFindingsOf(group: Action[]): KeptFindings | undefined {
  const moved = movedFrom(group);
  if (!moved) return groupFindings.get(group);
  const latest = latestCopyFindings.get(moved.from);
  return latest?.copy === group ? latest.kept : undefined;
}

function keepFindings(group: Action[], kept: KeptFindings): void {
  const moved = movedFrom(group);
  if (moved) latestCopyFindings.set(moved.from, { copy: group, kept });
  else groupFindings.set(group, kept);
}

/**
 * For a group that is a moved copy of another (a line typed or deleted above it), the findings
 * kept for the original, moved with it: the rules' checks then only compare their inputs. A rule
 * whose findings point outside the group's lines is left to check the group again.
 */
function movedFindingsOf(group: Action[]): KeptFindings | undefined {
  const moved = movedFrom(group);
  const original = moved && groupFindings.get(moved.from);
  if (!moved || !original || !moved.from.length) return undefined;
  const byRule: KeptFindings['byRule'] = new Map();
  for (const [rule, entry] of original.byRule) {
    // Whether the findings stay within the group's lines: the same for every copy of the original.
    entry.movable ??= movableIn(moved.from, entry.findings);
    // Moved when the group's loop has seen whether the rule's inputs still hold, together with any new indexes.
    if (entry.movable) byRule.set(rule, { first: entry.first, inputs: entry.inputs, groupInputs: entry.groupInputs, findings: entry.findings, lines: moved.lines, made: entry.made, retains: entry.retains });
  }
  return { byRule, sorted: undefined, order: undefined, from: [], moved: original.sorted ? { from: original.from, order: original.order } : undefined };
}
/** Analyses so far, of any document: each analysis' number tells the findings it made from those of others. */
let analyses = 0;

/**
 * Versions of a document other than the latest that kept findings may keep alive; past them, all
 * but the few kept by the most are let go (`versionsToLetGo`). A finding's fixes are made when the editor asks for them, from the
 * report of the version the finding was made in, so a kept finding keeps that whole version (its
 * text above all: 1.2 MB for a 600 KB register with a character past Latin-1). A keystroke re-checks
 * the list it fell in, so each list typed in would keep one more version for as long as it is not
 * typed in again: a register edited in 80 places held 110 MB more than one opened.
 */
const RETAINED_VERSIONS = 4;

/** Per document: how many kept rule findings hold each earlier version, and those to let go in the next analysis. */
interface RetainedVersions {
  counts: Map<number, number>;
  retiring: ReadonlySet<number>;
}
const NONE: ReadonlySet<number> = new Set();
const retainedVersions = new ObjectCache<ModelCache, RetainedVersions>();

function retainedVersionsOf(cache: ModelCache): RetainedVersions {
  let versions = retainedVersions.get(cache);
  if (!versions) retainedVersions.set(cache, (versions = { counts: new Map(), retiring: NONE }));
  return versions;
}

/**
 * Past `RETAINED_VERSIONS`, every version but the few held by the most kept findings (the one opened
 * above all): the groups that hold them are checked again by the next analysis, all in that one
 * version, which most often costs a list or two, once when typing moves to another place. Letting
 * go of one at a time would not do: the groups checked again hold the version they were checked in,
 * one more, and the next keystroke would check them again.
 */
function versionsToLetGo(counts: Map<number, number>): ReadonlySet<number> {
  if (counts.size <= RETAINED_VERSIONS) return NONE;
  const byHolders = [...counts].sort((a, b) => b[1] - a[1] || b[0] - a[0]);
  return new Set(byHolders.slice(RETAINED_VERSIONS - 1).map(([version]) => version));
}

/** Whether a finding's fixes, not made yet, hold the report of the version it was made in. */
function holdsItsVersion(finding: Finding): boolean {
  return finding instanceof FindingWithLazyFixes;
}

/** Whether a finding has no fixes, without making them. */
function hasNoFixes(finding: Finding): boolean {
  return !holdsItsVersion(finding) && finding.fixes.length === 0;
}

/**
 * Whether findings of an original group stay within its lines, fixes included (see
 * `findingWithin`). An action rule's fixes for a list item edit only the item (a test holds every
 * rule to it), so a list's are not made to be looked at: they are made when the editor asks.
 */
function movableIn(group: Action[], findings: Finding[]): boolean {
  const first = group[0].range.start.line;
  const last = group[group.length - 1].range.end.line;
  if (group[0].form !== 'table') return findings.every((finding) => finding.range.start.line >= first && finding.range.end.line <= last);
  return findings.every((finding) => findingWithin(finding, first, last));
}

const NO_GROUP_INPUTS = new Int32Array(0);

/** Whether each rule with action inputs (`withActionInputs`, indexes in `active`) has for the group those it had. */
function sameGroupInputs(had: Int32Array[], withActionInputs: number[], active: readonly { rule: ActionRule; ctx: RuleContext }[], allInputs: (Int32Array | undefined)[], group: Action[], first: number): boolean {
  for (let k = 0; k < withActionInputs.length; k++) {
    const r = withActionInputs[k];
    const per = active[r].rule.actionInputs!.perAction;
    if (!sameInputs(had[k], actionInputsOf(active, allInputs, r), per * first, per * group.length)) return false;
  }
  return true;
}

/** The action inputs of the `r`th active rule for the whole report, worked out once an analysis (a function, not a closure: see GroupsFound). */
function actionInputsOf(active: readonly { rule: ActionRule; ctx: RuleContext }[], allInputs: (Int32Array | undefined)[], r: number): Int32Array | undefined {
  const spec = active[r].rule.actionInputs;
  return spec && (allInputs[r] ??= spec.of(active[r].ctx));
}

/** Whether `had` is what `all` holds from `from` on, `count` numbers; a rule without action inputs (`all` undefined) has the same. */
function sameInputs(had: Int32Array, all: Int32Array | undefined, from: number, count: number): boolean {
  if (!all) return true;
  if (had.length !== count) return false;
  for (let i = 0; i < count; i++) if (had[i] !== all[from + i]) return false;
  return true;
}
/** Each action rule's inputs in the last analysis (of any document). */
const lastInputs = new Map<Rule, { ruleInputs: string; severity: Severity; withoutFixes: boolean; inputs: string }>();

function isDisabled(set: Set<string>, id: string): boolean {
  return set.has('*') || set.has(id);
}
