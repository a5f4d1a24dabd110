// What the model read from each top-level block of a document, or each part of a long list or
// table (see partsOf in parse.ts), kept between versions: the chunked parser hands back the very
// same nodes for the chunks an edit did not touch, so what was read from them holds, moved by the
// lines the edit added or removed above them.
import type { RootContent } from 'mdast';
import { memoizeByObject, movedCopyOf, ObjectCache } from './memo';
import { leadingByteOrderMarks } from './text';
import type { SlashDateEvidence } from './dates';
import type { HeadingReading } from './headings';
import type { Action, FrontMatter, Heading, Item, Located, Person, Position, Range, SectionKind, TableRowInfo } from './types';

export interface BlockReading {
  /** The block's first line (1-based, as the parser counts) when it was read. */
  line: number;
  /** The front matter, when the block is its node. */
  frontMatter?: FrontMatter;
  heading?: Heading;
  /** The paragraph as a title (`**Action Items**`), or null when it is not one. */
  title?: { heading: Heading; text: string; bold: boolean } | null;
  /** The section the heading names, with the team's section synonyms it was matched against. */
  section?: { synonyms: string; reading: HeadingReading };
  summary?: string;
  items?: { kind: SectionKind; items: Item[] };
  /** Actions, with the year they were read for and the ids whose being an improvement's id they depend on. */
  actions?: { year: number; dateOrder: 'md' | 'dm' | undefined; asked: Map<string, boolean>; actions: Action[]; head?: string };
  /** Which ways its slash dates are written (`09/23/2026` is month first), for the report's date order. */
  slashDates?: SlashDateEvidence;
  /** Whether the block holds a colon at all: without one it holds no `Label:` line. */
  hasColon?: boolean;
  /** Outside the actions sections: whether a list holds a word that could mark an action (`action`, `todo`). */
  mayHoldMarker?: boolean;
  /** Under a heading of the people involved: the people its list names. */
  people?: Person[];
  /** Outside the actions sections: the items marked as actions (`**[Action Item]** …`), read the same way. */
  markedActions?: { year: number; dateOrder: 'md' | 'dm' | undefined; asked: Map<string, boolean>; actions: Action[]; head?: string };
}

export interface ModelCache {
  /**
   * Called once per version, before any reading. A reading holds while its node's lines hold: not
   * when a byte order mark came or went (it moves the first line's characters), nor in a text with
   * lone `\r` line endings (the parser's lines are then not the lines positions count).
   */
  startVersion(text: string): ModelCache;
  /** What was read from the node so far, at the line it stands on now. Fill in what is missing. */
  readingOf(node: RootContent): BlockReading;
  /** `now` is `was` parsed again from the same text on the same lines: what was read from the one holds for the other. */
  readAgainAs(was: RootContent, now: RootContent): void;
  /** List items read as actions, by what their reading depends on (see `itemActionOf` in model.ts); undefined without a cache. */
  readonly itemActions: Map<string, ItemReading> | undefined;
}

/** What reading a list item gave, at which line, and which improvement ids it asked about (and the answers). */
export interface ItemReading {
  action: Action | undefined;
  line: number;
  asked: [string, boolean][];
}

const LONE_CR = /\r(?!\n)/;

/** A cache for one document's versions (the incremental analyzer makes one per document). */
export function createModelCache(): ModelCache {
  let readings = new ObjectCache<RootContent, BlockReading>();
  let marks = 0;
  return {
    itemActions: new Map(),
    startVersion(text) {
      // `indexOf` first: it is far quicker than the expression on a long text, and most texts have no `\r`.
      if (text.indexOf('\r') >= 0 && LONE_CR.test(text)) return NO_MODEL_CACHE;
      if (leadingByteOrderMarks(text) !== marks) {
        readings = new ObjectCache();
        this.itemActions?.clear();
        marks = leadingByteOrderMarks(text);
      }
      return this;
    },
    readingOf(node) {
      const line = node.position?.start.line ?? 0;
      let reading = readings.get(node);
      if (!reading) {
        reading = newReading(line);
        readings.set(node, reading);
      } else if (reading.line !== line) {
        // Copies: the last version's report still holds the readings where they were.
        reading = movedReading(reading, line - reading.line, line);
        readings.set(node, reading);
      }
      return reading;
    },
    readAgainAs(was, now) {
      const reading = readings.get(was);
      if (reading && !readings.get(now)) readings.set(now, reading);
    },
  };
}

/** No cache: every block is read afresh. */
export const NO_MODEL_CACHE: ModelCache = {
  itemActions: undefined,
  startVersion: () => NO_MODEL_CACHE,
  readingOf: (node) => newReading(node.position?.start.line ?? 0),
  readAgainAs: () => undefined,
};

/** Every field there from the start, so that all readings have one shape. */
function newReading(line: number): BlockReading {
  return { line, frontMatter: undefined, heading: undefined, title: undefined, section: undefined, summary: undefined, items: undefined, actions: undefined, markedActions: undefined, people: undefined, slashDates: undefined, hasColon: undefined, mayHoldMarker: undefined };
}

/**
 * A copy of a value with every position `lines` further down. Positions are the only
 * objects of the model with a numeric `line` and `character`; columns stay, since whole lines moved.
 */
export function movedDown<T>(value: T, lines: number): T {
  if (typeof value !== 'object' || value === null || value instanceof Map) return value;
  if (Array.isArray(value)) {
    const copy: unknown[] = new Array(value.length);
    for (let i = 0; i < value.length; i++) copy[i] = movedDown(value[i], lines);
    return copy as T;
  }
  const record = value as Record<string, unknown>;
  if (typeof record.line === 'number' && typeof record.character === 'number') return { line: record.line + lines, character: record.character } as T;
  const copy: Record<string, unknown> = {};
  for (const key in record) copy[key] = movedDown(record[key], lines);
  return copy as T;
}

/** A reading moved down by `lines`; its actions, items and heading are recorded as moved copies of the originals. */
function movedReading(reading: BlockReading, lines: number, line: number): BlockReading {
  // Actions are most of what a long report holds: moved lazily (a line typed at the top of a long
  // list moves thousands), the rest by the general mover.
  // Field by field into a new reading: made as `{ ...rest, actions, line }`, each moved reading had
  // a hidden class of its own in V8, and a line typed above a long list moves hundreds of them.
  const { actions, markedActions } = reading;
  const moved = newReading(line) as BlockReading & Record<string, unknown>;
  for (const key in reading) {
    if (key !== 'line' && key !== 'actions' && key !== 'markedActions') moved[key] = movedDown((reading as BlockReading & Record<string, unknown>)[key], lines);
  }
  if (actions) moved.actions = { ...actions, actions: movedGroup(actions.actions, lines) };
  if (markedActions) moved.markedActions = { ...markedActions, actions: movedGroup(markedActions.actions, lines) };
  const pairs: [object[] | undefined, object[] | undefined][] = [
    [moved.items?.items, reading.items?.items],
    [moved.heading && [moved.heading], reading.heading && [reading.heading]],
  ];
  for (const [copies, originals] of pairs) copies?.forEach((copy, i) => movedCopyOf(copy, originals![i]));
  return moved;
}

/**
 * Groups of actions that are copies of an original group moved down, and by how many lines in all.
 * Each copy points at the original, not at the copy it was made from: a long editing session
 * keeps one original per group alive, not every version in between.
 */
const movedGroups = new ObjectCache<Action[], { from: Action[]; lines: number }>();

/** `group` moved down by `lines`: the original itself when that is where it stood, else a lazy copy of it. */
function movedGroup(group: Action[], lines: number): Action[] {
  const earlier = movedGroups.get(group);
  const from = earlier?.from ?? group;
  const total = (earlier?.lines ?? 0) + lines;
  if (total === 0) return from;
  const move = actionMover(total);
  const moved = lazyGroup(group.length, (i) => move(from[i]));
  movedGroups.set(moved, { from, lines: total });
  return moved;
}

/**
 * An array of `length` actions, each made by `make` when it is first read. A line typed or deleted
 * above a long list moves thousands of actions, and a keystroke seldom reads them: the rules keep
 * their findings, which move by themselves (see analyze.ts), and a host reads the actions when it
 * asks for them (an outline, a hover). Reading the length, or the memoized results kept under a
 * symbol (memo.ts), makes nothing. `make` must not read lazy groups of earlier versions (move from
 * the original): a chain of them would keep every version alive.
 */
export function lazyGroup(length: number, make: (index: number) => Action): Action[] {
  const actions: Action[] = new Array<Action>(length);
  // Symbols are let through: iteration and the array's methods read the elements through the proxy.
  // Writes need no trap of their own: an assignment asks for the property's descriptor first.
  return new Proxy(actions, new LazyGroupTraps(actions, make));
}

/**
 * The traps of a lazy group. A class: its methods are one function for every group, where an
 * object of arrow functions made them anew for each group, and V8 keeps the optimised code of such
 * closures only while one lives (each full collection threw it away: docs/architecture.md).
 */
class LazyGroupTraps implements ProxyHandler<Action[]> {
  private made = 0;
  private readonly length: number;

  constructor(
    private readonly actions: Action[],
    private readonly make: (index: number) => Action,
  ) {
    this.length = actions.length;
  }

  get(target: Action[], key: string | symbol, receiver: unknown): unknown {
    this.before(key);
    return Reflect.get(target, key, receiver);
  }

  has(target: Action[], key: string | symbol): boolean {
    this.before(key);
    return Reflect.has(target, key);
  }

  ownKeys(target: Action[]): ArrayLike<string | symbol> {
    this.makeAll();
    return Reflect.ownKeys(target);
  }

  getOwnPropertyDescriptor(target: Action[], key: string | symbol): PropertyDescriptor | undefined {
    this.before(key);
    return Reflect.getOwnPropertyDescriptor(target, key);
  }

  /** Before `key` is read: its action made, or all of them when `key` could reach any. */
  private before(key: string | symbol): void {
    const length = this.length;
    if (this.made === length || typeof key === 'symbol' || key === 'length') return;
    const index = arrayIndex(key);
    if (index >= 0 && index < length) this.makeAt(index);
    else if (index < 0) this.makeAll();
  }

  private makeAt(index: number): void {
    if (this.actions[index] === undefined) {
      this.actions[index] = this.make(index);
      this.made++;
    }
  }

  private makeAll(): void {
    for (let i = 0; this.made < this.length && i < this.length; i++) this.makeAt(i);
  }
}

/** The array index a property key names (`"12"`), or -1. */
function arrayIndex(key: string): number {
  const code = key.charCodeAt(0);
  if (code < 48 || code > 57) return -1;
  const index = Number(key);
  return Number.isInteger(index) && String(index) === key ? index : -1;
}

/** Records `copy` as `group` moved down by `lines` (made elsewhere than by `movedGroup`). */
export function recordMovedGroup(copy: Action[], group: Action[], lines: number): void {
  const earlier = movedGroups.get(group);
  movedGroups.set(copy, { from: earlier?.from ?? group, lines: (earlier?.lines ?? 0) + lines });
}

/** A line (0-based) of a group's `index`th action, as `lineOf` reads it, without making a lazy group's actions. */
export function lineOfAction(group: Action[], index: number, lineOf: (action: Action) => number): number {
  const moved = movedGroups.get(group);
  return moved ? lineOf(moved.from[index]) + moved.lines : lineOf(group[index]);
}

/**
 * The original group this one is a copy of, moved down by `lines`: what was worked out from that
 * group holds for this one, moved (see `actionMover`).
 */
export function movedFrom(group: Action[]): { from: Action[]; lines: number } | undefined {
  return movedGroups.get(group);
}

/**
 * The group whose results stand for this one's in what does not depend on positions (names, texts,
 * ids): the group it is a moved copy of, or itself. A line typed above a long list then does not
 * make every list below it work these out again.
 */
export function positionFree(group: Action[]): Action[] {
  return movedGroups.get(group)?.from ?? group;
}

/**
 * `fn` remembered per group of actions, and shared by the group's moved copies (see
 * `positionFree`): so `fn` must not depend on positions.
 */
export function memoizeByGroup<R>(fn: (group: Action[]) => R): (group: Action[]) => R {
  const memo = memoizeByObject(fn);
  return (group) => memo(positionFree(group));
}

/**
 * Moves actions down by `lines`, as `movedDown` would, field by field; a table's header and row
 * ranges, which every row's action shares, are moved once and still shared. Each copy is recorded
 * as a moved copy of its original.
 */
export function actionMover(lines: number): (action: Action) => Action {
  const at = (p: Position): Position => ({ line: p.line + lines, character: p.character });
  const range = (r: Range): Range => ({ start: at(r.start), end: at(r.end) });
  // A literal, not a spread: thousands are made when a line is typed above a long list.
  const located = <T>(l: Located<T> | undefined): Located<T> | undefined => l && { value: l.value, range: range(l.range) };
  const shared = new Map<object, unknown>();
  const once = <T extends object>(value: T, move: (value: T) => T): T => {
    let moved = shared.get(value) as T | undefined;
    if (!moved) shared.set(value, (moved = move(value)));
    return moved;
  };
  const table = (t: TableRowInfo): TableRowInfo => ({
    ...t,
    cells: t.cells.map(range),
    headerRange: once(t.headerRange, range),
    delimiterRange: once(t.delimiterRange, range),
  });
  return (a) => {
    // A literal in `newAction`'s field order, not a spread: the spread of an action that carries
    // memoized results takes V8's slow path, and thousands are made when a line is typed above a long list.
    const m: Action = {
      text: a.text,
      rawText: a.rawText,
      form: a.form,
      range: range(a.range),
      textRange: range(a.textRange),
      owner: located(a.owner),
      ownerPlaceholder: located(a.ownerPlaceholder),
      collaborators: a.collaborators.length ? a.collaborators.map((c) => located(c)!) : a.collaborators,
      due: a.due && { ...a.due, range: range(a.due.range) },
      status: a.status,
      statusRaw: located(a.statusRaw),
      checkbox: a.checkbox && range(a.checkbox),
      id: located(a.id),
      improvementRefs: a.improvementRefs.length ? a.improvementRefs.map((r) => located(r)!) : a.improvementRefs,
      ticket: located(a.ticket),
      priority: located(a.priority),
      type: located(a.type),
      table: a.table && table(a.table),
      ownerInsertAt: at(a.ownerInsertAt),
    };
    movedCopyOf(m, a);
    return m;
  };
}
