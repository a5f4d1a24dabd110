// What a heading means: which of the four sections it names, if any, and why. Teams qualify and
// annotate their headings (`Issue Summary`, `Action Items (achievable in the short term):`) and
// use words of their own (`Fallout`, `What could have gone better?`), so a heading is read by the
// phrases it contains, not only by an exact synonym, and the reading says how it was reached so
// the editor can explain it.
import type { SectionKind } from './types';

/** What a heading is read as: one of the four sections, a part that holds what went well, or something else. */
export type HeadingRole = SectionKind | 'neutral' | 'other';

interface Phrase {
  /** As people write it; matched by its words, case, punctuation and plurals aside. */
  text: string;
  role: HeadingRole;
  /**
   * Only the whole heading, never a part of one: the one-word headings of retrospective formats
   * (`Start`, `Stop`, `Keep`, `Try`), which in other headings mean something else (`Start of the incident`).
   */
  whole?: boolean;
  /** Names a section only where no other section's heading stands above it; below one, it is a part of that section. */
  weak?: boolean;
  /** For `other`: what such a heading holds, in a few words ("the timeline"). */
  holds?: string;
  /**
   * For `other`: the section such a heading most often stands in for in a team's own template
   * (a `Timeline` as the outcomes): offered first when that section is missing, never assumed.
   */
  standsInFor?: SectionKind;
}

const p = (role: HeadingRole, ...texts: string[]): Phrase[] => texts.map((text) => ({ text, role }));
const whole = (role: HeadingRole, ...texts: string[]): Phrase[] => texts.map((text) => ({ text, role, whole: true }));
const weak = (role: HeadingRole, ...texts: string[]): Phrase[] => texts.map((text) => ({ text, role, weak: true }));
const other = (holds: string, standsInFor: SectionKind | undefined, ...texts: string[]): Phrase[] =>
  texts.map((text) => ({ text, role: 'other', holds, ...(standsInFor ? { standsInFor } : {}) }));

/**
 * The built-in vocabulary, from the postmortem, retrospective, wash-up and After Action Report
 * templates of many organisations (see docs/real-world-shapes.md). A heading *containing* one of
 * these phrases is read as it; when it contains several, the longest phrase wins (it is the more
 * specific), then the one the heading is about (`Summary of impact` is a summary). Phrases of the
 * `other` role are here so that `Root cause of the impact` or `Actions taken` are not read as the
 * outcomes or the actions. What went well is an outcome of the event; kudos and luck are neither
 * outcomes nor improvements.
 */
export const HEADING_PHRASES: readonly Phrase[] = [
  ...p(
    'summary',
    'Summary',
    'Overview',
    'Executive summary',
    'Synopsis',
    'Abstract',
    'TL;DR',
    'TLDR',
    'At a glance',
    'In brief',
    'Description',
    'Incident description',
    'Outage description',
    'Event description',
  ),
  ...p(
    'outcomes',
    'Outcomes',
    'Outcome',
    'Results',
    'What happened',
    'What actually happened',
    'What did happen',
    'Impact',
    'Impact statement',
    'Fallout',
    'Consequences',
    "How'd we do",
    'How did we do',
    'What we achieved',
    'What we delivered',
    'Achievements',
    'Description of impact',
    'Detailed description of impact',
    'Damage',

    'What went well',
    'Went well',
    'What worked',
    'What worked well',
    'What we did well',
    'Things that went well',
    'Successes',
    'Strengths',
    'Sustain',
    'Sustains',
    'Keep doing',
    'Continue doing',
  ),
  ...whole('outcomes', 'Keep', 'Continue', 'Glad', 'Liked', 'Plus', 'Pluses', 'Wins', 'Highlights', 'Positives'),
  ...p(
    'improvements',
    'Improvements',
    'Improvement',
    'Lessons',
    'Lessons learned',
    'Lessons learnt',
    'What we learned',
    'What we learnt',
    'What did we learn',
    'Learnings',
    'Takeaways',
    'Insights',
    'Conclusions',
    'What went wrong',
    "What didn't go so well",
    'What did not go so well',
    "What didn't go well",
    'What did not go well',
    'What went badly',
    'What went poorly',
    'Things that went poorly',
    "What didn't work",
    'What did not work',
    'What could be improved',
    'What can be improved',
    'What could have gone better',
    'What could have been better',
    'What could go better',
    'What can we do better',
    'What we could do better',
    'Do better',
    'What could we do differently',
    'What would we do differently',
    'What will we do differently',
    'Do differently',
    'How can we improve',
    'What can we improve',
    'What could we improve',
    'To improve',
    'Could improve',
    'Needs improvement',
    'Even better if',
    'Opportunities for improvement',
    'Opportunities to improve',
    'Areas for improvement',
    'Ideas for next time',
    'Recommendations',
    'Challenges',
    'Puzzling',
    'Frustrating',
    'Pain points',
    'Problems encountered',
    'Issues encountered',
    'Stop doing',
    'Start doing',
    'Why was there a difference',

    'Where we got unlucky',
  ),
  ...whole('improvements', 'Start', 'Stop', 'Problem', 'Problems', 'Issues', 'Deltas', 'Delta', 'Sad', 'Mad', 'Learned', 'Lacked', 'Longed for', 'Ideas', 'More of', 'Less of'),
  ...p(
    'neutral',
    // Ideas not yet taken on are not actions until the team commits to them, nor lessons.
    'Potential action items',
    'Potential actions',
    'Proposed action items',
    'Proposed actions',
    'Possible actions',
    'Suggested actions',
    'Action ideas',
    'Where we got lucky',
    'Where did we get lucky',
    'Kudos',
    'Shout outs',
    'Shoutouts',
    'Appreciations',
    'Praise',
  ),
  ...p(
    'actions',
    'Actions',
    'Action',
    'Action items',
    'Action plan',
    'Next steps',
    'Follow-ups',
    'Follow-up',
    'Follow-up actions',
    'Follow up items',
    'Corrective actions',
    'Corrective and preventative measures',
    'Corrective and preventive measures',
    'Preventive measures',
    'Preventative measures',
    'Preventive actions',
    'Remediation',
    'Remediations',
    'Remediation and prevention',
    'Remediation items',
    'Improvement plan',
    'Tasks',
    'Tasks for next time',
    'TODO',
    'TODOs',
    'Work items',
    'What we will do',
    'What will we do',
    "What we're doing about it",
    'What are we doing about it',
    'From happening again',
    'Less likely',
    'What should we decide',
    'What should we change',
    'Change for next time',
    'What will we change',
  ),
  ...whole('actions', 'Try', 'Do next'),
  // Steps of recovery and prevention name a section of their own, but under another section's heading
  // they are its parts (PostHog's DERP checklist: Detection, Escalation, Recovery, Prevention).
  ...weak('outcomes', 'Resolution', 'Resolution and recovery', 'Recovery', 'Stabilization steps', 'Stabilisation steps'),
  ...weak('actions', 'Prevention'),
  ...p('improvements', 'DERP checklist', 'DERP'),
  // What a report's own title says it is: `After Action Report (AAR): Granite Sky` is not an actions section.
  ...other(
    'the title of the report',
    undefined,
    'After action report',
    'After action reports',
    'After action review',
    'After-action',
    'AAR',
    'Post mortem',
    'Postmortem',
    'Post-incident review',
    'Post incident report',
    'Incident report',
    'Incident review',
    'Retrospective',
    'Retro',
    'Hot wash',
    'Hotwash',
    'Wash-up',
    'Lessons learned review',
  ),
  ...other('the timeline', 'outcomes', 'Timeline', 'Chronology', 'Sequence of events', 'Follow-up timeline'),
  ...other(
    'the root cause',
    undefined,
    'Root cause',
    'Root causes',
    'Root cause analysis',
    'Technical cause',
    'Cause',
    'Causes',
    'Five whys',
    '5 whys',
    'Why it happened',
    'How did it happen',
    'Why did it happen',
    'Leadup',
    'Lead-up',
    'Fault',
  ),
  ...other('the contributing factors', 'improvements', 'Contributing factors', 'Contributing causes'),
  ...other('how the event was detected', undefined, 'Detection', 'How we found out', 'Trigger'),
  ...other('how the team responded', 'outcomes', 'Mitigation', 'Response', 'Actions taken', 'Steps taken', 'Immediate actions taken', 'How did we respond'),
  ...other('the context', 'summary', 'Background', 'Context', 'Introduction', 'Purpose', 'What was supposed to happen', 'What was planned', 'Goals', 'Scope'),
  ...other('the people involved', undefined, 'Participants', 'Attendees', 'Attendance', 'Responders', 'People involved', 'Team', 'Team members', 'Contacts', 'Staff present', 'Present'),
  ...other('the people involved', undefined, 'Who', 'Who was there').map((phrase) => ({ ...phrase, whole: true })),
  ...other('the sign-off', undefined, 'Signatures', 'Sign-off', 'Approvals'),
  ...other('how it was communicated', undefined, 'Communication', 'Communications', 'Messaging', 'Customer comms', 'Status page updates'),
  ...other(
    'supporting material',
    undefined,
    'Appendix',
    'Glossary',
    'References',
    'Resources',
    'Supporting information',
    'Documentation links',
    'Related incidents',
    'Links',
    'Notes',
    'Questions',
    'Open questions',
    'Metadata',
    'Details',
    'Agenda',
    'Guidelines',
    'Stats',
    'Severity',
  ),
];

/** Connecting words that put what follows after the thing the heading is about (`Summary of impact`). */
const PREPOSITIONS = new Set(['of', 'on', 'for', 'from', 'in', 'to', 'about', 'during', 'after', 'with']);
/** Words that add nothing to what a heading names. */
const FILLER = new Set(['the', 'a', 'an', 'section', 'our']);

/** One heading's words: lower case, emoji, numbering and punctuation gone, `&` read as `and`, plurals folded. */
export function headingWords(text: string): string[] {
  const words = text
    .normalize('NFKC')
    .replace(/\p{Extended_Pictographic}|\uFE0F|\u200D/gu, ' ')
    .replace(/&/g, ' and ')
    .replace(/^\s*(?:(?:\d+|[ivxlc]+|[a-z])[.)]|\d+(?:\.\d+)*)\s+/i, ' ')
    .replace(/['’`]/g, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()
    .toLowerCase()
    .split(' ')
    .filter(Boolean);
  while (words.length > 1 && /^\d+$/.test(words[0])) words.shift();
  return words.flatMap((w) => (w === 'followups' ? ['follow', 'ups'] : [w])).map(singular);
}

/** `items` → `item`, `lessons` → `lesson`; `process`, `status`, `analysis` stay. */
function singular(word: string): string {
  return word.length > 3 && word.endsWith('s') && !/(?:ss|us|is)$/.test(word) ? word.slice(0, -1) : word;
}

/** The heading's text without what annotates it: notes in brackets, a trailing colon, text after a dash. */
export function headingCore(text: string): { core: string; ignored: string[] } {
  const ignored: string[] = [];
  let core = text;
  for (let before = ''; before !== core; ) {
    before = core;
    core = core.replace(/\s*[([{]([^()[\]{}]*)[)\]}]/g, (m, inner: string) => {
      if (inner.trim()) ignored.push(m.trim());
      return ' ';
    });
  }
  const dash = /\s+[-–—]+\s+|\s*[–—]\s*/.exec(core);
  if (dash && dash.index > 0) {
    const rest = core.slice(dash.index + dash[0].length).trim();
    if (rest) ignored.push(`${dash[0].trim()} ${rest}`);
    core = core.slice(0, dash.index);
  }
  return { core: core.replace(/[\s:?!.]+$/, '').trim(), ignored };
}

/** What a heading was read as, and how: enough for the editor to explain it in a sentence. */
export interface HeadingReading {
  role: HeadingRole;
  /** The phrase that decided, as written in the vocabulary or the team's `sections:`. */
  phrase?: string;
  /** `team` when the team's `sections:` named it; `built-in` for the engine's vocabulary. */
  source?: 'team' | 'built-in';
  /** Parts of the heading that were not read: notes in brackets, text after a dash. */
  ignored: string[];
  /** Phrases of other sections the heading also contains, which lost to `phrase`, and why. */
  outranked: { phrase: string; role: HeadingRole; because: 'longer' | 'subject' }[];
  /** The phrase names a section only where no other section's heading stands above it. */
  weak?: boolean;
  /** For `other`: what such a heading holds. */
  holds?: string;
  /** For `other`: the section a team's heading like this most often stands in for. */
  standsInFor?: SectionKind;
}

interface Entry {
  words: string[];
  phrase: Phrase;
  team: boolean;
}

interface Candidate {
  entry: Entry;
  start: number;
}

/**
 * Reads headings with the built-in vocabulary and the team's own headings (`sections:` in
 * `.aar.yml`, `afterActionReports.sectionSynonyms`), which win over the built-in ones wherever they match.
 */
export function headingReader(team: Partial<Record<SectionKind, string[]>>): (heading: string) => HeadingReading {
  const key = JSON.stringify(team);
  let reader = readers.get(key);
  if (!reader) {
    if (readers.size > 16) readers.clear();
    readers.set(key, (reader = newHeadingReader(team)));
  }
  return reader;
}

/** Readers by the team's headings: every analysis of a workspace asks for the same one. */
const readers = new Map<string, (heading: string) => HeadingReading>();

function newHeadingReader(team: Partial<Record<SectionKind, string[]>>): (heading: string) => HeadingReading {
  const entries: Entry[] = [];
  for (const [kind, texts] of Object.entries(team) as [SectionKind, string[]][]) {
    for (const text of texts ?? []) entries.push({ words: meaningful(headingWords(headingCore(text).core || text)), phrase: { text, role: kind }, team: true });
  }
  for (const phrase of HEADING_PHRASES) entries.push({ words: meaningful(headingWords(phrase.text)), phrase, team: false });
  const byFirstWord = new Map<string, Entry[]>();
  for (const e of entries) {
    if (!e.words.length) continue;
    const list = byFirstWord.get(e.words[0]);
    if (list) list.push(e);
    else byFirstWord.set(e.words[0], [e]);
  }
  const cache = new Map<string, HeadingReading>();
  return (heading) => {
    let reading = cache.get(heading);
    if (!reading) {
      reading = read(heading, byFirstWord);
      if (cache.size > 2000) cache.clear();
      cache.set(heading, reading);
    }
    return reading;
  };
}

function meaningful(words: string[]): string[] {
  const kept = words.filter((w) => !FILLER.has(w));
  return kept.length ? kept : words;
}

function read(heading: string, byFirstWord: Map<string, Entry[]>): HeadingReading {
  const { core, ignored } = headingCore(heading);
  // The core decides; the whole heading only when its core names nothing (`Q3 - Action items`).
  for (const [text, dropped] of [
    [core, ignored],
    [heading, []],
  ] as const) {
    const words = meaningful(headingWords(text));
    const found = candidates(words, byFirstWord);
    if (!found.length) continue;
    return decide(words, found, [...dropped]);
  }
  return { role: 'other', ignored, outranked: [] };
}

function candidates(words: string[], byFirstWord: Map<string, Entry[]>): Candidate[] {
  const out: Candidate[] = [];
  for (let i = 0; i < words.length; i++) {
    for (const entry of byFirstWord.get(words[i]) ?? []) {
      if (i + entry.words.length > words.length) continue;
      if (entry.phrase.whole && (i > 0 || entry.words.length !== words.length)) continue;
      let all = true;
      for (let j = 1; j < entry.words.length && all; j++) all = words[i + j] === entry.words[j];
      if (all) out.push({ entry, start: i });
    }
  }
  return out;
}

/**
 * The team's phrases first; then the longest phrase; then the one the heading is about: the last
 * before a connecting word (`Summary of impact`, `Impact summary` are summaries).
 */
function decide(words: string[], found: Candidate[], ignored: string[]): HeadingReading {
  const team = found.filter((c) => c.entry.team);
  const pool = team.length ? team : found;
  const preposition = words.findIndex((w, i) => i > 0 && PREPOSITIONS.has(w));
  const headEnd = preposition > 0 ? preposition : words.length;
  const subjectRank = (c: Candidate) => (c.start < headEnd ? c.start : -1 - c.start);
  let best = [...pool].sort(
    (a, b) => b.entry.words.length - a.entry.words.length || subjectRank(b) - subjectRank(a) || a.start - b.start,
  )[0];
  if (best.entry.team) {
    // A team's phrase that only qualifies what the heading is about gives way to it: a team's
    // `Timeline` is its outcomes, but `Timeline summary` is still a summary.
    const subject = found
      .filter((c) => !c.entry.team && c.entry.phrase.role !== 'other' && c.start < headEnd && c.start >= best.start + best.entry.words.length)
      .sort((a, b) => subjectRank(b) - subjectRank(a))[0];
    if (subject && best.start < headEnd) best = subject;
  }
  const winner = best.entry.phrase;
  const outranked: HeadingReading['outranked'] = [];
  const seen = new Set<string>();
  for (const c of found) {
    const role = c.entry.phrase.role;
    if (role === winner.role || seen.has(role) || covers(best, c)) continue;
    seen.add(role);
    outranked.push({ phrase: c.entry.phrase.text, role, because: c.entry.words.length < best.entry.words.length ? 'longer' : 'subject' });
  }
  const reading: HeadingReading = { role: winner.role, phrase: winner.text, source: best.entry.team ? 'team' : 'built-in', ignored, outranked };
  if (winner.weak) reading.weak = true;
  if (winner.holds) reading.holds = winner.holds;
  if (winner.standsInFor) reading.standsInFor = winner.standsInFor;
  return reading;
}

/** Whether `a`'s words include all of `b`'s, where they stand (`Action items` covers `Action`). */
function covers(a: Candidate, b: Candidate): boolean {
  return b.start >= a.start && b.start + b.entry.words.length <= a.start + a.entry.words.length;
}

const ROLE_NAMES: Record<HeadingRole, string> = {
  summary: 'the summary',
  outcomes: 'the outcomes',
  improvements: 'the improvements',
  actions: 'the actions',
  neutral: 'what went well',
  other: 'none of the four sections',
};

/** A sentence or two on how a heading was read, for hovers and the set-up report. */
export function explainReading(heading: string, reading: HeadingReading): string {
  const quoted = `“${heading.trim()}”`;
  const parts: string[] = [];
  if (reading.role === 'other' && !reading.phrase) {
    parts.push(`${quoted} is not one of the headings the engine reads as a section.`);
  } else if (reading.source === 'team') {
    parts.push(`Your team's \`sections:\` list “${reading.phrase}” under ${reading.role}.`);
  } else if (reading.role === 'other') {
    parts.push(`${quoted} reads as ${reading.holds ?? 'something else'}, not as one of the four sections.`);
  } else if (reading.role === 'neutral') {
    parts.push(`${quoted} holds what went well: its items are not improvements.`);
  } else {
    const core = headingCore(heading).core;
    const exact = headingWords(core).join(' ') === headingWords(reading.phrase ?? '').join(' ');
    parts.push(exact ? `“${core}” is one of the ${reading.role} headings.` : `${quoted} contains “${reading.phrase}”, one of the ${reading.role} headings.`);
  }
  for (const o of reading.outranked) {
    parts.push(
      o.because === 'longer'
        ? `It also contains “${o.phrase}” (${ROLE_NAMES[o.role]}), but “${reading.phrase}” is more specific.`
        : `It also contains “${o.phrase}” (${ROLE_NAMES[o.role]}), but the heading is about “${reading.phrase}”.`,
    );
  }
  if (reading.ignored.length) parts.push(`Not read: ${reading.ignored.map((i) => `“${i}”`).join(', ')}.`);
  return parts.join(' ');
}
