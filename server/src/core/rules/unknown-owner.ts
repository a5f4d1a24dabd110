import { personMatches } from '../config';
import { replaceOwnerFixes } from '../fixes';
import type { Person } from '../types';
import type { Rule } from './rule';
import { editDistance } from './words';

/** The roster members whose handle or name is nearest to what was written, best first. */
function closest(roster: Person[], written: string, count = 3): Person[] {
  const w = written.replace(/^@/, '').toLowerCase();
  const score = (p: Person) =>
    Math.min(...[p.handle, p.name, p.email?.split('@')[0]].filter((v): v is string => !!v).map((v) => editDistance(w, v.toLowerCase())));
  return roster
    .map((p, i) => ({ p, i, d: score(p) }))
    .sort((a, b) => a.d - b.d || a.i - b.i)
    .slice(0, count)
    .map((x) => x.p);
}

export const unknownOwner: Rule = {
  id: 'unknown-owner',
  defaultSeverity: 'warning',
  description: 'An action owner is not on the roster (checked only when the report or the team has one).',
  tags: ['actions', 'owners', 'roster'],
  check(ctx) {
    const { roster, metadata } = ctx.report;
    // The Delivery Owner alone is not a roster: a team list in the report or the workspace is.
    const hasTeam = ctx.config.roster.length > 0 || metadata.all.team !== undefined || metadata.all.participants !== undefined;
    if (!roster.length || !hasTeam) return;
    ctx.report.actions.forEach((action, actionIndex) => {
      const owner = action.owner;
      if (!owner || roster.some((p) => personMatches(p, owner.value))) return;
      const candidates = closest(roster, owner.value);
      const suggestion = candidates[0] ? ` Did you mean ${candidates[0].handle ? '@' + candidates[0].handle : candidates[0].name}?` : '';
      ctx.add({
        message: `Owner "${owner.value}" is not on the team roster.${suggestion}`,
        range: owner.range,
        fixes: replaceOwnerFixes(ctx.report, action, candidates),
        data: { actionIndex },
      });
    });
  },
};
