// Inline fields of a list-item action: `@owner`, `owner: Name`, `due:2026-12-05`, ids, status.
import { DATE_PATTERN_SOURCE, readDate, type DateOrder } from './dates';
import type { ActionStatus, DueDate, Located, Range } from './types';
import { detached, matchesOf, splitOn } from './text';
import { isPlaceholderOwner, readStatus } from './vocabulary';
import { withoutAt } from './ownerKey';

/** A match found in a piece of text, by offsets relative to that text. */
export interface Span {
  value: string;
  start: number;
  end: number;
}

export interface InlineFields {
  owner?: Span;
  ownerPlaceholder?: Span;
  collaborators: Span[];
  due?: { raw: string; start: number; end: number; iso?: string; problem?: string };
  id?: Span;
  refs: Span[];
  ticket?: Span;
  priority?: Span;
  status?: { value: ActionStatus; span: Span };
  /** The text with the fields taken out, as a person would say the action. */
  text: string;
}

// `@` not preceded by a word character, a slash or a dot: e-mail addresses and URLs are not owners.
const HANDLE = /(?<![\w/.@`])@([A-Za-z0-9](?:[\w.-]*[A-Za-z0-9_])?)/g;
const OWNER_FIELD =
  /(?:\*\*|__)?\b(?:owner|owners|assignee|assigned to|responsible|who)(?:\*\*|__)?\s*[:=]\s*(?:\*\*|__)?\s*([^,;()[\]|\n]*?)\s*(?=$|[,;)\]|\n]|\s+(?:due\b|status\b|priority\b|@|\(|#\d|[A-Z][A-Z0-9]*-\d))/gi;
// A due date is found in two steps: the words before it, then the date (or, after a colon, any
// value) where they end. The date's expression, large with its month names, is then one object
// for both ways of writing it, and stays compiled while either is read: V8 drops the code of an
// expression unused through two full collections, and compiling a whole `due … <date>`
// expression again took over a millisecond on the first `due 2026…` typed in a report that wrote
// `due:` (CONTRIBUTING.md, "Looking into a slow keystroke"). The matches are those of one
// expression: no shorter choice of the words before a date lets a date or value start.
const DUE_WITH_COLON = /\bdue(?:\s+date)?\s*[:=]\s*/gi;
const DUE_WORDS = /\bdue(?:\s+date)?\s+(?:by\s+|on\s+)?/gi;
const DATE_HERE = new RegExp(`(?:${DATE_PATTERN_SOURCE})`, 'iy');
const VALUE_HERE = /[^\s,;()[\]|]+/y;
const ID_TOKEN = /(?<![\w-])([A-Z][A-Z0-9]{0,9})-(\d+)(?![\w-])/g;
const ACTION_ID_PREFIX = /^(?:A|ACT|ACTION|AI|AR)$/;
const IMPROVEMENT_ID_PREFIX = /^(?:IMP|IMPR|I|L|LL|LES)$/;
const STATUS_FIELD = /\bstatus\s*[:=]\s*([A-Za-z][\w' -]*?)(?=$|[,;)\]|\n]|\s+(?:due\b|owner\b|@))/gi;
const STATUS_WORDS = "done|closed|complete|completed|fixed|resolved|shipped|in progress|ongoing|on hold|blocked|cancelled|canceled|won'?t do|wip|to ?do|open|not started|waiting(?:\\s+(?:for|on)\\b[^*_)\\]\\n]*)?";
/** What may follow a status at the end of an item: when it happened (`on 08/28/2020`, `6/3`). */
const COMPLETION_TAIL = '\\s*(?:(?:on\\s+)?(?:\\d{1,4}[/.-]\\d{1,2}(?:[/.-]\\d{2,4})?|[A-Za-z]{3,9}\\.?\\s+\\d{1,2}(?:,?\\s+\\d{4})?))?';
const STATUS_TAG = new RegExp(`[([]\\s*(${STATUS_WORDS})\\s*[)\\]]`, 'gi');
/** A status set in emphasis at the end of an item: `**completed** on 08/28/2020`, `*ongoing*`, `Bug 123 **TODO**`. */
const COMPLETION_TAIL_AT_START = new RegExp(`^${COMPLETION_TAIL}`);
const EMPHASIS_STATUS = new RegExp(`(\\*\\*|__|\\*|_)\\s*(${STATUS_WORDS})\\s*\\1(?=${COMPLETION_TAIL}\\s*[.)]?\\s*$)`, 'gi');
/** Due dates under other names; only a real date counts, since these words also come before other values. */
const DUE_SYNONYM = new RegExp(`\\b(?:deadline|target(?:\\s+(?:date|completion(?:\\s+date)?))?|eta|estimated\\s+completion(?:\\s+date)?|by\\s+when)\\s*[:=]\\s*(${DATE_PATTERN_SOURCE})(?![\\w/])`, 'gi');
const MAY_NAME_DUE_SYNONYM = /\b(?:deadline|target|eta|estimated|by when)\b/i;
/** The people in trailing parentheses: `(Ana, Ben & Chen)`, `(Ana and Ben)`. */
const OWNER_PARTS = /[^,;+/&]+/g;
const AND_WORD = /\s+and\s+/g;
/** Owners in parentheses at the end of an item: `(Tif)`, `(Sam Lee + Dev Team)`, `(@kim / @lee)`. */
const TRAILING_OWNERS = /\(([^()\n]{1,80})\)(?:\s+[*_]{1,2}[^*_\n]+[*_]{1,2})?[\s.\-–—]*$/;
/** Lower-case words for a group of people, read as an owner in parentheses: `(team)`, `(design/dev)`. */
const TEAM_WORDS = /^(?:team|the team|whole team|everyone|all|dev|devs|developers|design|designers|qa|ops|sre|leads|product|eng|engineering|support|security|infra|platform|data)$/i;
const OWNER_NAME = /^(?:@[A-Za-z0-9][\w.-]*|[A-Z][\p{L}'.-]*(?:\s+[A-Z][\p{L}'.-]*){0,2}(?:\s+[Tt]eam)?)$/u;
const NOT_OWNER_WORDS = /^(?:description|assigned to|due date|owner|name|date|details|link|ticket|status|optional|stretch|maybe|later|urgent|critical|high|low|medium|nice to have|tbc later|see above|see below|ongoing|done|wip|in progress|completed|complete|closed|open|blocked|cancelled|canceled|pending|draft|new|note|example|e\.g|i\.e|etc|approved|proposed|implemented|recurring|weekly|monthly|daily|yes|no)$/i;

/** A due date found in a text: where its words start (`from`), and the date (or value) and where it starts. */
interface DueFound {
  from: number;
  start: number;
  raw: string;
}

/** The first due date after `words` (a global expression): a date where they end, or with `orValue` (after a colon) any value. */
function dueAfter(text: string, words: RegExp, orValue: boolean): DueFound | undefined {
  words.lastIndex = 0;
  for (let m = words.exec(text); m; m = words.exec(text)) {
    const at = m.index + m[0].length;
    DATE_HERE.lastIndex = at;
    let value = DATE_HERE.exec(text);
    if (!value && orValue) {
      VALUE_HERE.lastIndex = at;
      value = VALUE_HERE.exec(text);
    }
    if (value) return { from: m.index, start: at, raw: value[0] };
    words.lastIndex = m.index + 1;
  }
  return undefined;
}

/** The first due date under another name (`deadline: …`); only a real date counts. */
function dueSynonym(text: string): DueFound | undefined {
  for (const m of matchesOf(DUE_SYNONYM, text)) {
    const raw = m[1];
    return { from: m.index, start: m.index + m[0].lastIndexOf(raw), raw };
  }
  return undefined;
}

/** The status an emphasised word at the end of a text gives (`**completed** on 08/28/2020`), with where the word stands. */
export function emphasisStatus(text: string): { value: ActionStatus; span: Span; whole: [number, number] } | undefined {
  let found: { value: ActionStatus; span: Span; whole: [number, number] } | undefined;
  for (const m of matchesOf(EMPHASIS_STATUS, text)) {
    const status = readStatus(m[2]);
    if (!status) continue;
    const start = m.index + m[0].indexOf(m[2], m[1].length);
    // What goes from the action's text: the marks, and a completion date after them (`**completed** on 08/28/2020`).
    const after = COMPLETION_TAIL_AT_START.exec(text.slice(m.index + m[0].length));
    found = { value: status, span: { value: m[2], start, end: start + m[2].length }, whole: [m.index, m.index + m[0].length + (after ? after[0].length : 0)] };
  }
  return found;
}

const PRIORITY = /(?<![\w-])(P[0-4])(?![\w-])|\bpriority\s*[:=]\s*(\w+)/gi;
const TICKET = /(?<![\w&])#(\d+)\b|\bhttps?:\/\/\S+\/(?:issues|pull|browse|tickets?)\/[\w-]+/g;

/** Inline code spans, link destinations and HTML comments hide what looks like fields (`@types/node`, URLs, notes). */
function maskCode(text: string): string {
  return text
    .replace(/`+[^`]*`+/g, (m) => ' '.repeat(m.length))
    .replace(/<!--[\s\S]*?-->/g, (m) => m.replace(/[^\n]/g, ' '))
    .replace(/\]\(([^)]*)\)/g, (m) => '](' + ' '.repeat(m.length - 3) + ')');
}

/**
 * A bare URL (`https://…`, `www.…`), without the punctuation that ends a sentence after it. Its
 * query holds what looks like fields (`?assignee=@kim&due=2026-01-01`) and are not the action's.
 */
const BARE_URL = /\b(?:https?:\/\/|www\.)[^\s<>]*[^\s<>)\],.;:!?'"]/gi;

export function readInlineFields(text: string, defaultYear: number, improvementIds: Pick<ReadonlySet<string>, 'has'>, dateOrder?: DateOrder): InlineFields {
  // Tickets may be URLs; every other field is read with the URLs blanked out.
  const withUrls = maskCode(text);
  const masked = withUrls.replace(BARE_URL, (m) => ' '.repeat(m.length));
  const removed: [number, number][] = [];
  // Every field from the start, in one order: the fields an item has (an owner typed, a date
  // completed) then change no hidden class, and the code that reads them is not thrown away for it.
  const out: InlineFields = { owner: undefined, ownerPlaceholder: undefined, collaborators: [], due: undefined, id: undefined, refs: [], ticket: undefined, priority: undefined, status: undefined, text: '' };

  for (const m of matchesOf(OWNER_FIELD, masked)) {
    const value = m[1].replace(/(?:\*\*|__)\s*$/, '').trim();
    const start = m.index + m[0].indexOf(m[1]);
    const span = { value: withoutAt(value), start, end: start + m[1].length };
    if (isPlaceholderOwner(value)) out.ownerPlaceholder ??= { ...span, end: start + Math.max(value.length, 0) };
    else out.owner ??= span;
    removed.push([m.index, m.index + m[0].length]);
  }
  for (const m of matchesOf(HANDLE, masked)) {
    const span = { value: m[1], start: m.index, end: m.index + m[0].length };
    if (out.owner && span.start >= out.owner.start && span.start < out.owner.end) continue;
    if (isPlaceholderOwner(m[1])) {
      out.ownerPlaceholder ??= span;
    } else if (!out.owner) out.owner = span;
    else out.collaborators.push(span);
    removed.push([span.start, span.end]);
  }
  // Each due pattern scans the text for a date at every word; the words it needs say whether it can match.
  const hasDue = /\bdue\b/i.test(masked);
  const found = (hasDue && (dueAfter(masked, DUE_WITH_COLON, true) ?? dueAfter(masked, DUE_WORDS, false))) || (MAY_NAME_DUE_SYNONYM.test(masked) ? dueSynonym(masked) : undefined);
  if (found) {
    const reading = readDate(found.raw, defaultYear, dateOrder);
    out.due = { raw: found.raw, start: found.start, end: found.start + found.raw.length, iso: reading.iso, problem: reading.problem };
    removed.push([found.from, found.start + found.raw.length]);
  }
  for (const m of matchesOf(ID_TOKEN, masked)) {
    const value = `${m[1]}-${m[2]}`;
    const span = { value, start: m.index, end: m.index + m[0].length };
    if (ACTION_ID_PREFIX.test(m[1]) && !out.id) out.id = span;
    else if (IMPROVEMENT_ID_PREFIX.test(m[1]) || improvementIds.has(value.toUpperCase())) out.refs.push(span);
    else if (!out.ticket) out.ticket = span;
    else continue;
    removed.push([span.start, span.end]);
  }
  for (const m of matchesOf(STATUS_FIELD, masked)) {
    const status = readStatus(m[1]);
    if (status) {
      out.status = { value: status, span: { value: m[1], start: m.index + m[0].indexOf(m[1]), end: m.index + m[0].length } };
      removed.push([m.index, m.index + m[0].length]);
      break;
    }
  }
  if (!out.status) {
    const emphasis = /[*_]/.test(masked) ? emphasisStatus(masked) : undefined;
    if (emphasis) {
      out.status = { value: emphasis.value, span: emphasis.span };
      removed.push(emphasis.whole);
    }
  }
  if (!out.status) {
    for (const m of matchesOf(STATUS_TAG, masked)) {
      const status = readStatus(m[1]);
      if (status) {
        out.status = { value: status, span: { value: m[1], start: m.index, end: m.index + m[0].length } };
        removed.push([m.index, m.index + m[0].length]);
        break;
      }
    }
  }
  for (const m of matchesOf(PRIORITY, masked)) {
    const value = m[1] ?? m[2];
    out.priority = { value, start: m.index, end: m.index + m[0].length };
    removed.push([m.index, m.index + m[0].length]);
    break;
  }
  if (!out.ticket) {
    for (const m of matchesOf(TICKET, withUrls)) {
      out.ticket = { value: m[0], start: m.index, end: m.index + m[0].length };
      removed.push([m.index, m.index + m[0].length]);
      break;
    }
  }
  if (!out.owner && !out.ownerPlaceholder && masked.includes(')')) trailingOwners(cutSpans(masked, removed), removed, out);
  out.text = plainText(cutSpans(text, removed));
  // `@priya to write down …`: with the owner taken out, the action starts at its verb.
  if (out.owner && !masked.slice(0, out.owner.start).trim()) out.text = out.text.replace(/^(?:to|will)\s+(?=\p{Ll})/u, '');
  return out;
}

/** Owners named in parentheses at the end of the item, when no other owner is written there. */
function trailingOwners(masked: string, removed: [number, number][], out: InlineFields): void {
  const m = TRAILING_OWNERS.exec(masked.replace(/\s+$/, ''));
  if (!m) return;
  const open = m.index;
  if (removed.some(([s, e]) => s < open + m[0].length && e > open)) return;
  const people: Span[] = [];
  // `(Leads, maybe use Quality sync)`, `(Dev, Chromatic needs implementation first)`: the people come first, a note may follow.
  let note = false;
  for (const part of matchesOf(OWNER_PARTS, m[1])) {
    if (note) break;
    for (const piece of splitOn(part[0], AND_WORD)) {
      const value = piece.trim();
      if (!value) continue;
      const isName = (OWNER_NAME.test(value) || isPlaceholderOwner(value) || TEAM_WORDS.test(value)) && !NOT_OWNER_WORDS.test(value) && !readStatus(value);
      if (!isName) {
        if (!people.length || !/^[,;]/.test(m[1].slice(part.index - 1, part.index))) return;
        note = true;
        break;
      }
      const start = open + 1 + part.index + part[0].indexOf(value);
      people.push({ value: withoutAt(value), start, end: start + value.length });
    }
  }
  if (!people.length) return;
  const [first, ...rest] = people;
  if (isPlaceholderOwner(first.value)) out.ownerPlaceholder = first;
  else out.owner = first;
  out.collaborators.push(...rest.filter((p) => !isPlaceholderOwner(p.value)));
  removed.push([open, masked.indexOf(')', open) + 1]);
}

/** Spans by where they start. */
const byStart = (a: [number, number], b: [number, number]) => a[0] - b[0];

function cutSpans(text: string, spans: [number, number][]): string {
  // UTF-16 indexes, like the spans: blank out where the fields stood, a slice at a time (a string
  // per character made most of an action's reading garbage).
  if (!spans.length) return text;
  const sorted = spans.length > 1 ? [...spans].sort(byStart) : spans;
  let out = '';
  let at = 0;
  for (const [s, e] of sorted) {
    const start = Math.max(s, at);
    const end = Math.min(e, text.length);
    if (end <= start) continue;
    out += text.slice(at, start) + ' '.repeat(end - start);
    at = end;
  }
  return out + text.slice(at);
}

/** Markdown marks removed, whitespace folded, dangling separators trimmed. */
export function plainText(markdown: string): string {
  // Each mark is looked for only where its character is: most text has none, and this runs on every item and cell.
  let s = markdown;
  if (s.includes('](')) s = s.replace(/!\[([^\]]*)\]\([^)]*\)/g, '$1').replace(/\[([^\]]*)\]\([^)]*\)/g, '$1');
  if (s.includes('][')) s = s.replace(/\[([^\]]*)\]\[[^\]]*\]/g, '$1');
  if (s.includes('<')) s = s.replace(/<!--[\s\S]*?-->/g, ' ').replace(/<\/?[A-Za-z][^>]*>/g, ' ');
  if (s.includes('**') || s.includes('__') || s.includes('~~')) s = s.replace(/(\*\*|__|~~)(.+?)\1/g, '$2');
  if (s.includes('*') || s.includes('_')) s = s.replace(/(^|[^\w*])[*_]([^*_\n]+)[*_](?![\w*])/g, '$1$2');
  if (s.includes('`')) s = s.replace(/`+([^`]*)`+/g, '$1');
  if (s.includes('\\')) s = s.replace(/\\([\\`*_{}[\]()#+\-.!|])/g, '$1');
  if (s.includes('(') || s.includes('[')) s = s.replace(/\(\s*[,;]?\s*\)|\[\s*\]/g, ' ');
  s = spacesTidied(s);
  // Unchanged, it may be a slice of the whole document, which it would keep alive as long as the
  // model keeps it (V8 points a slice at its parent): an action's text outlives many versions.
  return s === markdown ? detached(s) : s;
}

/**
 * Whitespace folded to one space, none before punctuation, and separators trimmed from both ends.
 * A loop for text of Latin-1 characters (where `\s` is these seven): a field cut out of an action
 * leaves spaces behind (`Rotate the keys @sam` reads `Rotate the keys    `), and on the keystroke
 * that first cut one (`@p`) the expressions took some 8 µs in the benchmark's order, the loop 1.
 */
function spacesTidied(s: string): string {
  let out = '';
  let copied = 0;
  let changed = false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c > 0xff) return spacesTidiedByExpressions(s);
    if (!isLatin1Space(c)) continue;
    let end = i + 1;
    while (end < s.length && isLatin1Space(s.charCodeAt(end))) end++;
    // One space stays, unless punctuation follows it: a run of more, or of any other space, is one space.
    const beforePunctuation = end < s.length && isClosingPunctuation(s.charCodeAt(end));
    if (beforePunctuation || end - i > 1 || c !== 32) {
      out += s.slice(copied, i) + (beforePunctuation ? '' : ' ');
      copied = end;
      changed = true;
    }
    i = end - 1;
  }
  const folded = changed ? out + s.slice(copied) : s;
  let start = 0;
  let stop = folded.length;
  while (start < stop && isDanglingStart(folded.charCodeAt(start))) start++;
  while (stop > start && isDanglingEnd(folded.charCodeAt(stop - 1))) stop--;
  return start > 0 || stop < folded.length ? folded.slice(start, stop) : folded;
}

/** `spacesTidied` for any text. */
function spacesTidiedByExpressions(s: string): string {
  if (FOLDABLE_SPACE.test(s)) s = s.replace(/\s+/g, ' ');
  if (SPACE_BEFORE_PUNCTUATION.test(s)) s = s.replace(/\s+([,.;:!?])/g, '$1');
  if (DANGLING_START.test(s) || DANGLING_END.test(s)) s = s.replace(/^[\s,;:—–-]+|[\s,;:—–(-]+$/g, '');
  return s;
}

/** What `\s` matches below U+0100: tab, line feed, vertical tab, form feed, carriage return, space, no-break space. */
function isLatin1Space(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13) || c === 0xa0;
}

function isClosingPunctuation(c: number): boolean {
  return c === 44 || c === 46 || c === 59 || c === 58 || c === 33 || c === 63;
}

/** `[\s,;:—–-]` below U+0100. */
function isDanglingStart(c: number): boolean {
  return isLatin1Space(c) || c === 44 || c === 59 || c === 58 || c === 45;
}

/** `[\s,;:—–(-]` below U+0100. */
function isDanglingEnd(c: number): boolean {
  return isDanglingStart(c) || c === 40;
}

/** Whitespace that folding to one space changes: a character other than a space, or two in a row. */
const FOLDABLE_SPACE = /[^\S ]| {2}/;
const SPACE_BEFORE_PUNCTUATION = /\s[,.;:!?]/;
const DANGLING_START = /^[\s,;:—–-]/;
const DANGLING_END = /[\s,;:—–(-]$/;

export function toLocated(span: Span, base: number, range: (start: number, end: number) => Range): Located {
  return { value: span.value, range: range(base + span.start, base + span.end) };
}

/** `toLocated` of each span: a loop, not `map` with a closure made on every item read (docs/architecture.md). */
export function locatedAll(spans: Span[], base: number, range: (start: number, end: number) => Range): Located[] {
  const out: Located[] = new Array(spans.length);
  for (let k = 0; k < spans.length; k++) out[k] = toLocated(spans[k], base, range);
  return out;
}

export function toDue(d: NonNullable<InlineFields['due']>, base: number, range: (s: number, e: number) => Range): DueDate {
  return { raw: d.raw, range: range(base + d.start, base + d.end), ...(d.iso ? { iso: d.iso } : {}), ...(d.problem ? { problem: d.problem } : {}) };
}
