import { memoizeByObject, memoizeByObjectAnd } from '../memo';
import { memoizeByGroup, movedFrom, positionFree } from '../modelCache';
import type { Action, Report } from '../types';
import { actionRule } from './rule';
import { isAsciiLetterOrDigit, shortTextOf } from './words';

/** Case, punctuation and spacing do not make two actions different. */
export function normalise(text: string): string {
  return asciiWords(text) ?? text.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
}

/**
 * `normalise` of a text of ASCII characters only (most actions), without the expression: its
 * Unicode classes cost some 10 µs an action typed in a document with one character past Latin-1
 * (V8 then matches them over the two-byte text); undefined for any other text.
 */
function asciiWords(text: string): string | undefined {
  let out = '';
  let i = 0;
  const n = text.length;
  while (i < n) {
    while (i < n && !isAsciiLetterOrDigit(text.charCodeAt(i))) if (text.charCodeAt(i++) > 127) return undefined;
    const start = i;
    while (i < n && isAsciiLetterOrDigit(text.charCodeAt(i))) i++;
    if (i > start) out = out ? `${out} ${text.slice(start, i)}` : text.slice(start, i);
  }
  return out.toLowerCase();
}

const keyOf = memoizeByObject((action: Action) => normalise(action.text));
const messageOf = memoizeByObjectAnd(
  (action: Action, line: number) => `"${shortTextOf(action)}" repeats the action on line ${line}: merge them so one owner tracks it.`,
);

const textLine = (action: Action) => action.textRange.start.line;

/**
 * The text line of each action of a group that is no moved copy, read once: the line of the first
 * of each repeated text is looked up on every keystroke, hundreds of them in a long register.
 */
const textLinesOf = memoizeByObject((group: Action[]) => Int32Array.from(group, textLine));

/** The text line of a group's `index`th action, without making a lazy copy's actions. */
function textLineOf(group: Action[], index: number): number {
  const moved = movedFrom(group);
  return moved ? textLinesOf(moved.from)[index] + moved.lines : textLinesOf(group)[index];
}

/**
 * Action keys as small numbers: a report's repeats are then found in typed arrays, not in a map of
 * thousands of long strings built again on every keystroke. Keys typed and gone pile up in the
 * table, so it starts again when it grows past a limit; numbers given before then are not used after.
 */
const keyIds = {
  ids: new Map<string, number>(),
  generation: 0,
  idOf(key: string): number {
    if (!key) return -1;
    let id = this.ids.get(key);
    if (id === undefined) this.ids.set(key, (id = this.ids.size));
    return id;
  },
};
const KEY_IDS_LIMIT = 200_000;

/** The key of each action of a group, as a number (-1: no key): a keystroke changes one group, the others are not read again. */
const groupKeyIdsOf = memoizeByGroup((): { generation: number; ids: Int32Array } => ({ generation: -1, ids: new Int32Array(0) }));
function keyIdsOf(group: Action[]): Int32Array {
  const memo = groupKeyIdsOf(group);
  if (memo.generation !== keyIds.generation) {
    // The original's keys (see memoizeByGroup): a lazy copy moved to other lines is not made for them.
    const original = positionFree(group);
    const ids = new Int32Array(original.length);
    for (let i = 0; i < original.length; i++) ids[i] = keyIds.idOf(keyOf(original[i]));
    memo.ids = ids;
    memo.generation = keyIds.generation;
  }
  return memo.ids;
}

/**
 * `keyIdsOf` a group that replaces `was` (whose ids were `wasIds`), of the same length: an action
 * the two share keeps its number, and only the others are looked up (a keystroke changes one).
 */
function keyIdsAfterEdit(group: Action[], was: Action[], wasIds: Int32Array): Int32Array {
  const memo = groupKeyIdsOf(group);
  if (memo.generation === keyIds.generation) return memo.ids;
  if (movedFrom(group) || movedFrom(was) || wasIds.length !== group.length) return keyIdsOf(group);
  const ids = new Int32Array(group.length);
  for (let i = 0; i < group.length; i++) ids[i] = group[i] === was[i] ? wasIds[i] : keyIds.idOf(keyOf(group[i]));
  memo.ids = ids;
  memo.generation = keyIds.generation;
  return ids;
}

/**
 * Per key number: in which pass it was last seen, and at which action index and in which group
 * first in that pass; in which pass that action's line was looked up, and the line.
 */
let seenIn = new Int32Array(1024);
let firstAt = new Int32Array(1024);
let firstGroup = new Int32Array(1024);
let lineIn = new Int32Array(1024);
let firstLine = new Int32Array(1024);
let pass = 0;

/**
 * Two numbers for each action of a report: the index of the first action with the same text (-1:
 * none before it), and that action's line (0-based). They are what a group's findings depend on
 * besides the group. Lines are looked up for repeats only: a line typed above a long list moves
 * thousands of actions, and few repeat.
 */
const repeatsOf = memoizeByObject((report: Report): Int32Array => {
  const kept = repeatsKept(report);
  if (kept) return kept;
  if (keyIds.ids.size > KEY_IDS_LIMIT || pass === 0x7fffffff) {
    keyIds.ids.clear();
    keyIds.generation++;
    seenIn.fill(0);
    lineIn.fill(0);
    pass = 0;
  }
  pass++;
  const groupIds = report.actionGroups.map(keyIdsOf);
  if (seenIn.length < keyIds.ids.size) {
    const size = Math.max(keyIds.ids.size, 2 * seenIn.length);
    const grown = (stamps: Int32Array) => {
      const copy = new Int32Array(size);
      copy.set(stamps);
      return copy;
    };
    seenIn = grown(seenIn);
    lineIn = grown(lineIn);
    countIn = grown(countIn);
    countOf = new Int32Array(size);
    firstAt = new Int32Array(size);
    firstGroup = new Int32Array(size);
    firstLine = new Int32Array(size);
  }
  let count = 0;
  for (const ids of groupIds) count += ids.length;
  const repeats = new Int32Array(2 * count).fill(-1);
  const groupStarts: number[] = [];
  let index = 0;
  for (let g = 0; g < groupIds.length; g++) {
    groupStarts.push(index);
    const ids = groupIds[g];
    for (let i = 0; i < ids.length; i++, index++) {
      const id = ids[i];
      if (id < 0) continue;
      countOne(id, 1);
      if (seenIn[id] !== pass) {
        seenIn[id] = pass;
        firstAt[id] = index;
        firstGroup[id] = g;
        continue;
      }
      const first = firstAt[id];
      if (lineIn[id] !== pass) {
        lineIn[id] = pass;
        const k = firstGroup[id];
        firstLine[id] = textLineOf(report.actionGroups[k], first - groupStarts[k]);
      }
      repeats[2 * index] = first;
      repeats[2 * index + 1] = firstLine[id];
    }
  }
  lastRepeats = { groups: report.actionGroups, groupIds, repeats, pass, generation: keyIds.generation };
  return repeats;
});

/** How many actions of the last report worked out have each key (by number, for the pass it was counted in). */
let countIn = new Int32Array(1024);
let countOf = new Int32Array(1024);

function countOne(id: number, by: 1 | -1): void {
  if (countIn[id] !== pass) {
    countIn[id] = pass;
    countOf[id] = 0;
  }
  countOf[id] += by;
}

/** The report whose repeats were worked out last (of any document), and what they were worked out from. */
let lastRepeats: { groups: Action[][]; groupIds: Int32Array[]; repeats: Int32Array; pass: number; generation: number } | undefined;

/**
 * The last report's repeats, when they are this one's too: its groups are the last report's but
 * one of the same length, in which one action at most has another text, and a text no other
 * action has, before and after (a keystroke in an action, most often), and the others stand on
 * the lines they stood on. The counts of texts then follow the change.
 */
function repeatsKept(report: Report): Int32Array | undefined {
  const last = lastRepeats;
  const groups = report.actionGroups;
  if (!last || last.pass !== pass || last.generation !== keyIds.generation) return undefined;
  if (last.groups.length !== groups.length) return Math.abs(last.groups.length - groups.length) === 1 ? repeatsAfterGroupChange(last, groups) : undefined;
  let changed = -1;
  for (let g = 0; g < groups.length; g++) {
    if (groups[g] === last.groups[g]) continue;
    if (changed >= 0 || groups[g].length !== last.groups[g].length) return undefined;
    changed = g;
  }
  const groupIds = changed < 0 ? last.groupIds : last.groupIds.slice();
  if (changed >= 0) {
    const before = last.groupIds[changed];
    const now = groups[changed];
    const was = last.groups[changed];
    const after = keyIdsAfterEdit(now, was, before);
    // Where neither is a moved copy, an action the two share stands where it stood.
    const shared = !movedFrom(now) && !movedFrom(was);
    let at = -1;
    for (let i = 0; i < after.length; i++) {
      if (after[i] === before[i]) {
        if (!(shared && now[i] === was[i]) && textLineOf(now, i) !== textLineOf(was, i)) return undefined;
        continue;
      }
      if (at >= 0) return undefined;
      at = i;
    }
    if (at >= 0) {
      const was = before[at];
      const now = after[at];
      // (A number given since the arrays last grew has no count: worked out afresh.)
      if (now >= countIn.length || (was >= 0 && countOf[was] !== 1) || (now >= 0 && countIn[now] === pass && countOf[now] !== 0)) return undefined;
      if (was >= 0) countOne(was, -1);
      if (now >= 0) countOne(now, 1);
    }
    groupIds[changed] = after;
  }
  lastRepeats = { groups, groupIds, repeats: last.repeats, pass, generation: keyIds.generation };
  return last.repeats;
}

/**
 * The last report's repeats, when this one's groups are its groups with one made or taken away
 * (the first action typed in a list part, `- [`, or its last deleted), and that group's texts are
 * each the only one of its kind: no action repeats them, so the others' repeats hold, at indexes
 * moved by the group's length.
 */
function repeatsAfterGroupChange(last: NonNullable<typeof lastRepeats>, groups: Action[][]): Int32Array | undefined {
  const made = groups.length > last.groups.length;
  const more = made ? groups : last.groups;
  const fewer = made ? last.groups : groups;
  let at = 0;
  while (at < fewer.length && fewer[at] === more[at]) at++;
  for (let g = at; g < fewer.length; g++) if (fewer[g] !== more[g + 1]) return undefined;
  const ids = made ? keyIdsOf(more[at]) : last.groupIds[at];
  for (let i = 0; i < ids.length; i++) {
    const id = ids[i];
    if (id < 0) continue;
    // (A number given since the arrays last grew has no count: worked out afresh.)
    if (id >= countIn.length) return undefined;
    const count = countIn[id] === pass ? countOf[id] : 0;
    if (count !== (made ? 0 : 1)) return undefined;
    // Two of the group's own actions alike repeat each other.
    for (let j = 0; j < i; j++) if (ids[j] === id) return undefined;
  }
  let from = 0;
  for (let g = 0; g < at; g++) from += fewer[g].length;
  const n = ids.length;
  const before = last.repeats;
  const repeats = new Int32Array(before.length + (made ? 2 * n : -2 * n));
  repeats.set(before.subarray(0, 2 * from));
  const by = made ? n : -n;
  // The actions after the group: each at its index moved, and the first of its repeats too when that comes after.
  for (let k = 2 * from + (made ? 0 : 2 * n), to = 2 * (from + (made ? n : 0)); k < before.length; k += 2, to += 2) {
    const first = before[k];
    repeats[to] = first >= from ? first + by : first;
    repeats[to + 1] = before[k + 1];
  }
  if (made) repeats.fill(-1, 2 * from, 2 * (from + n));
  for (let i = 0; i < n; i++) if (ids[i] >= 0) countOne(ids[i], made ? 1 : -1);
  const groupIds = last.groupIds.slice();
  if (made) groupIds.splice(at, 0, ids);
  else groupIds.splice(at, 1);
  lastRepeats = { groups, groupIds, repeats, pass, generation: keyIds.generation };
  return repeats;
}

export const duplicateAction = actionRule({
  id: 'duplicate-action',
  defaultSeverity: 'warning',
  description: 'Two actions have the same text.',
  tags: ['actions'],
  // Which earlier action each one repeats, and where that one stands, may change in another group.
  actionInputs: { perAction: 2, of: (ctx) => repeatsOf(ctx.report) },
  // Only the actions that repeat an earlier one are read: a line deleted above a long list changes
  // where the first of each pair below it stands, and so the message of each repeat.
  candidates(group, firstIndex, ctx) {
    const repeats = repeatsOf(ctx.report);
    const indexes: number[] = [];
    for (let i = 0; i < group.length; i++) if (repeats[2 * (firstIndex + i)] >= 0) indexes.push(i);
    return indexes;
  },
  // The index is only in the findings' data (and commands): kept findings follow their actions.
  indexOnlyInData: true,
  checkAction(action, actionIndex, ctx) {
    const repeats = repeatsOf(ctx.report);
    const firstActionIndex = repeats[2 * actionIndex];
    if (firstActionIndex < 0) return;
    ctx.add({
      message: messageOf(action, repeats[2 * actionIndex + 1] + 1),
      range: action.textRange,
      data: { actionIndex, firstActionIndex },
    });
  },
});
