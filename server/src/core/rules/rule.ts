// What every rule is: metadata a reader can see on one screen, and a check over the report model.
import type { AarConfig } from '../config';
import type { Action, Finding, Fix, Position, Range, Report, Severity } from '../types';

export interface RuleContext {
  report: Report;
  config: AarConfig;
  /** Today's date as ISO `YYYY-MM-DD`, handed in by the host so analysis is deterministic. */
  today: string;
  /**
   * Records a finding. Severity defaults to the rule's effective severity. Fixes that take work to
   * make are given as a function: hosts that show no fixes (`aar lint`, the workspace index) never call it.
   */
  add(finding: { message: string; range: Range; fixes?: Fix[] | (() => Fix[]); data?: Record<string, unknown>; severity?: Severity }): void;
}

export interface Rule {
  /** Stable id, the diagnostic `code`, e.g. `action-missing-owner`. */
  id: string;
  defaultSeverity: Severity;
  /**
   * The severity while the report's `status` is `draft`, unless the team set one: a review being
   * written has sections and people still to fill in, and a fresh draft is not a wall of warnings.
   */
  draftSeverity?: Severity;
  /** One sentence: what the rule finds. */
  description: string;
  /** Why it matters to a delivery team and how to fix it (the docs page is generated from this and `docs/rules/<id>.md`). */
  tags: string[];
  check(ctx: RuleContext): void;
}

/**
 * A rule that looks at one action at a time. The engine runs `checkAction` over the actions of each
 * list or table of the report (`Report.actionGroups`) and keeps a group's findings while the group,
 * the index of its first action and the rule's `inputs` stay the same: on a keystroke in a long
 * report, only the list typed in is checked again. So `checkAction` may read nothing but the
 * action, its index, and what `inputs` and `actionInputs` name.
 */
export interface ActionRule extends Rule {
  checkAction(action: Action, actionIndex: number, ctx: RuleContext): void;
  /** What the findings depend on besides the action (today's date, the roster...): a string that changes when that does. */
  inputs?(ctx: RuleContext): string;
  /**
   * What the findings of each action depend on besides the action and `inputs` (for instance,
   * other groups' actions), as `perAction` numbers for each action of the report, one array for
   * the report: a group's findings are kept while its actions' numbers are the same. One array,
   * not one a group, so that the groups a keystroke did not touch are compared without making one.
   */
  actionInputs?: { perAction: number; of(ctx: RuleContext): Int32Array };
  /**
   * The indexes in the group of the only actions that may have a finding, when the rule can tell
   * without reading the others: they are not read (the actions of a group moved to other lines are
   * made when first read, see lazyGroup). An array, not a generator: a generator makes an object
   * for every index it gives.
   */
  candidates?(group: Action[], firstIndex: number, ctx: RuleContext): readonly number[];
  /**
   * Set when the action's index shows only as `actionIndex` in a finding's data and in its fixes'
   * command arguments: when actions come or go above a group, its kept findings are given their new
   * indexes (`reindexed`) instead of the group being checked again.
   */
  indexOnlyInData?: boolean;
}

/**
 * A kept finding whose actions moved `lines` down (see `findingWithin`) and `indexes` places on in
 * the report's list of actions: its range, data and fixes follow, worked out when first read.
 */
export function shiftedFinding(finding: Finding, lines: number, indexes: number): Finding {
  return KeptFinding.of(finding, lines, indexes);
}

/** A finding's fields as a plain object, in the order a rule's finding has them (fixes made if they were not). */
function asPlainFinding(finding: Finding): Finding {
  const out: Finding = { ruleId: finding.ruleId, severity: finding.severity, message: finding.message, range: finding.range, fixes: finding.fixes };
  if (finding.data) out.data = finding.data;
  return out;
}

/**
 * The range of the findings each class of finding keeps alive for its hidden class. V8 keeps the
 * hidden class that a class's fields give its instances only while one instance lives: after a
 * full collection with none alive, it makes it anew and throws away the code compiled for the old
 * one (docs/architecture.md).
 */
const NO_RANGE: Range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

/**
 * A finding whose fixes are made when first asked for: the editor asks for one line's at a time,
 * and a roster of twenty makes twenty fixes for every action without an owner (on opening a long
 * report that was most of the work, and of the memory). The getter is the class's, not each
 * finding's: an accessor defined on each of thousands of findings costs twenty times the finding.
 * `toJSON` writes it as any other finding.
 */
abstract class FindingWithFixesWhenAsked implements Finding {
  ruleId: string;
  severity: Finding['severity'];
  message: string;
  range: Range;
  data?: Record<string, unknown>;
  #made: Fix[] | undefined;

  constructor(ruleId: string, severity: Finding['severity'], message: string, range: Range, data: Record<string, unknown> | undefined) {
    this.ruleId = ruleId;
    this.severity = severity;
    this.message = message;
    this.range = range;
    this.data = data;
  }

  protected abstract makeFixes(): Fix[];

  get fixes(): Fix[] {
    return (this.#made ??= this.makeFixes());
  }

  set fixes(fixes: Fix[]) {
    this.#made = fixes;
  }

  /** The fields in the order a rule's finding has them, so that the two print the same. */
  toJSON(): Finding {
    return asPlainFinding(this);
  }
}

/**
 * A kept finding moved to other lines or other action indexes than the one it was made as. Every
 * copy points at the first finding, not at the copy it was made from, so a long editing session
 * keeps no chain of versions alive. Its range, data and fixes are worked out from the first
 * finding's when first read: a line deleted in a long register moves thousands of findings, and
 * what reads them (the editor's problems, at most a thousand of them by default) reads few.
 */
class KeptFinding implements Finding {
  readonly ruleId: string;
  readonly severity: Finding['severity'];
  readonly message: string;
  readonly #original: Finding;
  readonly #lines: number;
  readonly #indexes: number;
  #range: Range | undefined;
  #data: Record<string, unknown> | undefined;
  #fixes: Fix[] | undefined;

  private constructor(original: Finding, lines: number, indexes: number) {
    this.ruleId = original.ruleId;
    this.severity = original.severity;
    this.message = original.message;
    this.#original = original;
    this.#lines = lines;
    this.#indexes = indexes;
  }

  /** One kept, so that V8 keeps the hidden class these findings have (see NO_RANGE). */
  static readonly keptForItsHiddenClass = new KeptFinding({ ruleId: '', severity: 'info', message: '', range: NO_RANGE, fixes: [] }, 0, 0);

  /** `finding` moved `lines` down and `indexes` places on. */
  static of(finding: Finding, lines: number, indexes: number): KeptFinding {
    if (finding instanceof KeptFinding) return new KeptFinding(finding.#original, finding.#lines + lines, finding.#indexes + indexes);
    return new KeptFinding(finding, lines, indexes);
  }

  get range(): Range {
    if (!this.#range) {
      const r = this.#original.range;
      const lines = this.#lines;
      this.#range = lines ? { start: { line: r.start.line + lines, character: r.start.character }, end: { line: r.end.line + lines, character: r.end.character } } : r;
    }
    return this.#range;
  }

  set range(range: Range) {
    this.#range = range;
  }

  get data(): Record<string, unknown> | undefined {
    const data = this.#original.data;
    if (!this.#data && data) this.#data = this.#indexes ? withIndexMoved(data, this.#indexes) : data;
    return this.#data;
  }

  set data(data: Record<string, unknown> | undefined) {
    this.#data = data;
  }

  get fixes(): Fix[] {
    return (this.#fixes ??= movedFixes(this.#original.fixes, this.#lines, this.#indexes));
  }

  set fixes(fixes: Fix[]) {
    this.#fixes = fixes;
  }

  /** The fields in the order a rule's finding has them, so that the two print the same. */
  toJSON(): Finding {
    return asPlainFinding(this);
  }
}

/** A rule's finding whose fixes the rule gave as a function, called when they are first asked for. */
export class FindingWithLazyFixes extends FindingWithFixesWhenAsked {
  /** One kept, so that V8 keeps the hidden class these findings have (see NO_RANGE). */
  static readonly keptForItsHiddenClass = new FindingWithLazyFixes('', 'info', '', NO_RANGE, () => []);

  #make: (() => Fix[]) | undefined;

  constructor(ruleId: string, severity: Finding['severity'], message: string, range: Range, make: () => Fix[]) {
    super(ruleId, severity, message, range, undefined);
    this.#make = make;
  }

  protected makeFixes(): Fix[] {
    const fixes = this.#make!();
    // What the function holds on to (the report it was made for) is let go.
    this.#make = undefined;
    return fixes;
  }
}

/** A finding's data or a command argument with its `actionIndex` moved on by `indexes`. */
function withIndexMoved<T>(value: T, indexes: number): T {
  const index = (value as { actionIndex?: unknown } | undefined)?.actionIndex;
  return typeof index === 'number' ? { ...value, actionIndex: index + indexes } : value;
}

/** Fixes moved `lines` down (edits, and lines, ranges and positions in command arguments) and `indexes` actions on. */
function movedFixes(fixes: Fix[], lines: number, indexes: number): Fix[] {
  if (!lines && !indexes) return fixes;
  const position = (p: Position): Position => ({ line: p.line + lines, character: p.character });
  const range = (r: Range): Range => ({ start: position(r.start), end: position(r.end) });
  const argument = (value: unknown): unknown => {
    if (!value || typeof value !== 'object' || Array.isArray(value)) return value;
    const out: Record<string, unknown> = {};
    for (const [key, v] of Object.entries(value)) {
      out[key] = key === 'line' && typeof v === 'number' ? v + lines : key === 'actionIndex' && typeof v === 'number' ? v + indexes : isRange(v) ? range(v) : isPosition(v) ? position(v) : v;
    }
    return out;
  };
  return fixes.map((fix) => {
    const out: Fix = lines ? { ...fix, edits: fix.edits.map((edit) => ({ ...edit, range: range(edit.range) })) } : { ...fix };
    if (fix.command) out.command = { ...fix.command, arguments: fix.command.arguments.map(argument) };
    return out;
  });
}

/** An action rule whose `check` runs `checkAction` over every action (for callers without the engine's cache). */
export function actionRule(rule: Omit<ActionRule, 'check'>): ActionRule {
  return {
    ...rule,
    check(ctx) {
      ctx.report.actions.forEach((action, actionIndex) => rule.checkAction(action, actionIndex, ctx));
    },
  };
}

export function isActionRule(rule: Rule): rule is ActionRule {
  return 'checkAction' in rule;
}


const isPosition = (v: unknown): v is Position => !!v && typeof (v as Position).line === 'number' && typeof (v as Position).character === 'number';
const isRange = (v: unknown): v is Range => !!v && isPosition((v as Range).start) && isPosition((v as Range).end);

/**
 * Whether a finding and its fixes point only at lines `first` to `last` (a group's): then, when
 * those lines move, `shiftedFinding` moves it with them. Something outside (a table's header, say)
 * may not have moved with them. Command arguments give lines as `line` and places as ranges or
 * positions, as the host reads them.
 */
export function findingWithin(finding: Finding, first: number, last: number): boolean {
  const inside = (l: number) => l >= first && l <= last;
  const rangeInside = (r: Range) => inside(r.start.line) && inside(r.end.line);
  const argumentInside = (value: unknown): boolean => {
    if (!value || typeof value !== 'object' || Array.isArray(value)) return true;
    const record = value as Record<string, unknown>;
    for (const key in record) {
      const v = record[key];
      if (key === 'line' && typeof v === 'number' ? !inside(v) : isRange(v) ? !rangeInside(v) : isPosition(v) ? !inside(v.line) : false) return false;
    }
    return true;
  };
  if (!rangeInside(finding.range)) return false;
  // Loops, not callbacks: the first line typed above a long list checks every fix of every finding below it.
  for (const fix of finding.fixes) {
    for (const edit of fix.edits) if (!rangeInside(edit.range)) return false;
    if (fix.command) for (const argument of fix.command.arguments) if (!argumentInside(argument)) return false;
  }
  return true;
}

export type { Finding };

