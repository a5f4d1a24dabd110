import { foldName, ownerKey, uniqueFirstNames, type AarConfig } from '../config';
import { ownerFixInputs, replaceOwnerFixes } from '../fixes';
import { memoizeByObject, memoizeByObjectAnd, ObjectCache } from '../memo';
import type { Action, Person, Report } from '../types';
import { actionRule } from './rule';
import { withoutAt } from '../ownerKey';
import { editDistance, editDistanceWithin } from './words';

/**
 * The nearest roster members to an action's owner, kept with the action (and its moved copies) for
 * the last roster. Not kept by the name written: that string is a slice of one version of the
 * document, and would keep the whole version alive.
 */
const closestTo = memoizeByObjectAnd((action: Action, roster: Person[]) => nearest(roster, action.owner!.value));

/**
 * The roster member an action's owner reads as a slip for (see `slipFor`), kept like
 * `closestTo`: the message needs only this, so the nearest three are worked out when the editor
 * asks for the fixes. Typing `@priya` asks on each of its letters.
 */
const slipOf = memoizeByObjectAnd((action: Action, roster: Person[]) => slipFor(roster, action.owner!.value));

/** Each roster member's handle, name and email name, lower-cased once per roster: an owner is compared with them on every keystroke of its name. */
const spellings = new ObjectCache<Person[], string[][]>();
function spellingsOf(roster: Person[]): string[][] {
  let known = spellings.get(roster);
  if (!known) spellings.set(roster, (known = roster.map((p) => [p.handle, p.name, p.email?.split('@')[0]].filter((v): v is string => !!v).map((v) => v.toLowerCase()))));
  return known;
}

/** How many edits turn what was written (`w`: without its `@`, lower-cased) into the person's handle, name or email name, whichever is nearest. */
function distanceTo(spellings: string[], w: string): number {
  let best = Infinity;
  for (let k = 0; k < spellings.length; k++) best = Math.min(best, editDistance(w, spellings[k]));
  return best;
}

/** How many edits a slip may be: a third of what was written (without its `@`), one at least. */
function slipLimit(written: string): number {
  return Math.max(1, Math.floor(withoutAt(written).length / 3));
}

/** The nearest roster member within a slip of what was written, the first on the roster of those as near; undefined when none is. */
function slipFor(roster: Person[], written: string): Person | undefined {
  const spellings = spellingsOf(roster);
  const w = withoutAt(written).toLowerCase();
  let best = slipLimit(written) + 1;
  let meant: Person | undefined;
  for (let i = 0; i < roster.length; i++) {
    const own = spellings[i];
    // Only a nearer one counts: the first of those as near stays.
    for (let k = 0; k < own.length && best > 0; k++) {
      const d = editDistanceWithin(w, own[k], best - 1);
      if (d < best) {
        best = d;
        meant = roster[i];
      }
    }
  }
  return meant;
}

/** The roster members whose handle or name is nearest to what was written, best first. */
function nearest(roster: Person[], written: string, count = 3): Person[] {
  const spellings = spellingsOf(roster);
  const w = withoutAt(written).toLowerCase();
  const ranked = roster
    .map((p, i) => ({ p, i, d: distanceTo(spellings[i], w) }))
    .sort((a, b) => a.d - b.d || a.i - b.i)
    .slice(0, count);
  return ranked.map((x) => x.p);
}

/** An action's owner as `personMatches` compares it, worked out once per action. */
const ownerKeyOf = memoizeByObject((action: Action) => (action.owner ? ownerKey(action.owner.value) : ''));

/** Whether the owner of an action is someone on the roster, as `personMatches` says, in one lookup. */
function rosterLookup(roster: Person[]): (action: Action) => boolean {
  const known = new Set<string>();
  for (const p of roster) {
    for (const v of [p.handle, p.name, p.email, p.email?.split('@')[0]]) if (v) known.add(withoutAt(v).toLowerCase());
  }
  // `Joe` is Joe Whitlock when the roster has one Joe.
  const firstNames = uniqueFirstNames(roster);
  return (action) => {
    const o = ownerKeyOf(action);
    return !!o && (known.has(o) || firstNames.has(foldName(o)));
  };
}

/** One lookup per roster: the rule asks for it once per list of actions. */
const lookups = new ObjectCache<Person[], (action: Action) => boolean>();

function onRoster(roster: Person[], action: Action): boolean {
  let lookup = lookups.get(roster);
  if (!lookup) lookups.set(roster, (lookup = rosterLookup(roster)));
  return lookup(action);
}

/** Whether owners are checked at all: the Delivery Owner alone is not a roster, a team list in the report or the workspace is. */
function hasTeam(report: Report, config: AarConfig): boolean {
  return (
    report.roster.length > 0 &&
    (config.roster.length > 0 || report.teamListed || report.metadata.all.team !== undefined || report.metadata.all.participants !== undefined)
  );
}

export const unknownOwner = actionRule({
  id: 'unknown-owner',
  defaultSeverity: 'warning',
  description: 'An action owner is not on the roster (checked only when the report or the team has one).',
  tags: ['actions', 'owners', 'roster'],
  // The roster decides, and the fixes offer its nearest names.
  inputs: (ctx) => {
    const team = hasTeam(ctx.report, ctx.config);
    const owners = ownerFixInputs(ctx.report);
    // The same string as last time when nothing changed: the engine compares it in one step.
    if (lastInputs?.team !== team || lastInputs.owners !== owners) lastInputs = { team, owners, inputs: `${team} ${owners}` };
    return lastInputs.inputs;
  },
  // The index is only in the findings' data (and commands): kept findings follow their actions.
  indexOnlyInData: true,
  checkAction(action, actionIndex, ctx) {
    const owner = action.owner;
    const { roster } = ctx.report;
    if (!owner || !hasTeam(ctx.report, ctx.config) || onRoster(roster, action)) return;
    // Asked only of a near miss (`@kimp` for Kim Park): `@alex` is nobody's typo for `@tom`. The
    // fixes offer the nearest members either way.
    const meant = slipOf(action, roster);
    const suggestion = meant ? ` Did you mean ${meant.handle ? '@' + meant.handle : meant.name}?` : '';
    ctx.add({
      message: `Owner "${owner.value}" is not on the team roster.${suggestion}`,
      range: owner.range,
      fixes: () => replaceOwnerFixes(ctx.report, action, closestTo(action, roster)),
      data: { actionIndex },
    });
  },
});

let lastInputs: { team: boolean; owners: string; inputs: string } | undefined;
