// Inline fields of a list-item action: `@owner`, `owner: Name`, `due:2026-12-05`, ids, status.
import { DATE_PATTERN_SOURCE, readDate } from './dates';
import type { ActionStatus, DueDate, Located, Range } from './types';
import { isPlaceholderOwner, readStatus } from './vocabulary';

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
const DUE_WITH_COLON = new RegExp(`\\bdue(?:\\s+date)?\\s*[:=]\\s*(${DATE_PATTERN_SOURCE}|[^\\s,;()\\[\\]|]+)`, 'gi');
const DUE_WORDS = new RegExp(`\\bdue(?:\\s+date)?\\s+(?:by\\s+|on\\s+)?(${DATE_PATTERN_SOURCE})`, 'gi');
const ID_TOKEN = /(?<![\w-])([A-Z][A-Z0-9]{0,9})-(\d+)(?![\w-])/g;
const ACTION_ID_PREFIX = /^(?:A|ACT|ACTION|AI|AR)$/;
const IMPROVEMENT_ID_PREFIX = /^(?:IMP|IMPR|I|L|LL|LES)$/;
const STATUS_FIELD = /\bstatus\s*[:=]\s*([A-Za-z][\w' -]*?)(?=$|[,;)\]|\n]|\s+(?:due\b|owner\b|@))/gi;
const STATUS_TAG = /[([]\s*(done|closed|complete|completed|in progress|blocked|cancelled|canceled|won'?t do|wip)\s*[)\]]/gi;
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

export function readInlineFields(text: string, defaultYear: number, improvementIds: Pick<ReadonlySet<string>, 'has'>): InlineFields {
  // Tickets may be URLs; every other field is read with the URLs blanked out.
  const withUrls = maskCode(text);
  const masked = withUrls.replace(BARE_URL, (m) => ' '.repeat(m.length));
  const removed: [number, number][] = [];
  const out: InlineFields = { collaborators: [], refs: [], text: '' };

  for (const m of masked.matchAll(OWNER_FIELD)) {
    const value = m[1].replace(/(?:\*\*|__)\s*$/, '').trim();
    const start = m.index + m[0].indexOf(m[1]);
    const span = { value: value.replace(/^@/, ''), start, end: start + m[1].length };
    if (isPlaceholderOwner(value)) out.ownerPlaceholder ??= { ...span, end: start + Math.max(value.length, 0) };
    else out.owner ??= span;
    removed.push([m.index, m.index + m[0].length]);
  }
  for (const m of masked.matchAll(HANDLE)) {
    const span = { value: m[1], start: m.index, end: m.index + m[0].length };
    if (out.owner && span.start >= out.owner.start && span.start < out.owner.end) continue;
    if (isPlaceholderOwner(m[1])) {
      out.ownerPlaceholder ??= span;
    } else if (!out.owner) out.owner = span;
    else out.collaborators.push(span);
    removed.push([span.start, span.end]);
  }
  for (const re of [DUE_WITH_COLON, DUE_WORDS]) {
    if (out.due) break;
    for (const m of masked.matchAll(re)) {
      const raw = m[1];
      const start = m.index + m[0].lastIndexOf(raw);
      const reading = readDate(raw, defaultYear);
      out.due = { raw, start, end: start + raw.length, ...reading };
      removed.push([m.index, m.index + m[0].length]);
      break;
    }
  }
  for (const m of masked.matchAll(ID_TOKEN)) {
    const value = `${m[1]}-${m[2]}`;
    const span = { value, start: m.index, end: m.index + m[0].length };
    if (ACTION_ID_PREFIX.test(m[1]) && !out.id) out.id = span;
    else if (IMPROVEMENT_ID_PREFIX.test(m[1]) || improvementIds.has(value.toUpperCase())) out.refs.push(span);
    else if (!out.ticket) out.ticket = span;
    else continue;
    removed.push([span.start, span.end]);
  }
  for (const m of masked.matchAll(STATUS_FIELD)) {
    const status = readStatus(m[1]);
    if (status) {
      out.status = { value: status, span: { value: m[1], start: m.index + m[0].indexOf(m[1]), end: m.index + m[0].length } };
      removed.push([m.index, m.index + m[0].length]);
      break;
    }
  }
  if (!out.status) {
    for (const m of masked.matchAll(STATUS_TAG)) {
      const status = readStatus(m[1]);
      if (status) {
        out.status = { value: status, span: { value: m[1], start: m.index, end: m.index + m[0].length } };
        removed.push([m.index, m.index + m[0].length]);
        break;
      }
    }
  }
  for (const m of masked.matchAll(PRIORITY)) {
    const value = m[1] ?? m[2];
    out.priority = { value, start: m.index, end: m.index + m[0].length };
    removed.push([m.index, m.index + m[0].length]);
    break;
  }
  if (!out.ticket) {
    for (const m of withUrls.matchAll(TICKET)) {
      out.ticket = { value: m[0], start: m.index, end: m.index + m[0].length };
      removed.push([m.index, m.index + m[0].length]);
      break;
    }
  }
  out.text = plainText(cutSpans(text, removed));
  return out;
}

function cutSpans(text: string, spans: [number, number][]): string {
  // UTF-16 indexes, like the spans: blank out where the fields stood.
  const chars = text.split('');
  for (const [s, e] of spans) for (let i = s; i < e && i < chars.length; i++) chars[i] = ' ';
  return chars.join('');
}

/** Markdown marks removed, whitespace folded, dangling separators trimmed. */
export function plainText(markdown: string): string {
  return markdown
    .replace(/!\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/\[([^\]]*)\]\[[^\]]*\]/g, '$1')
    .replace(/<!--[\s\S]*?-->/g, ' ')
    .replace(/<\/?[A-Za-z][^>]*>/g, ' ')
    .replace(/(\*\*|__|~~)(.+?)\1/g, '$2')
    .replace(/(^|[^\w*])[*_]([^*_\n]+)[*_](?![\w*])/g, '$1$2')
    .replace(/`+([^`]*)`+/g, '$1')
    .replace(/\\([\\`*_{}[\]()#+\-.!|])/g, '$1')
    .replace(/\(\s*[,;]?\s*\)|\[\s*\]/g, ' ')
    .replace(/\s+/g, ' ')
    .replace(/\s+([,.;:!?])/g, '$1')
    .replace(/^[\s,;:—–-]+|[\s,;:—–(-]+$/g, '')
    .trim();
}

export function toLocated(span: Span, base: number, range: (start: number, end: number) => Range): Located {
  return { value: span.value, range: range(base + span.start, base + span.end) };
}

export function toDue(d: NonNullable<InlineFields['due']>, base: number, range: (s: number, e: number) => Range): DueDate {
  return { raw: d.raw, range: range(base + d.start, base + d.end), ...(d.iso ? { iso: d.iso } : {}), ...(d.problem ? { problem: d.problem } : {}) };
}
