// Reading the dates people write in reports: ISO first, then the common written forms.
import { matchesOf } from './text';

const MONTHS: Record<string, number> = {
  jan: 1, january: 1, feb: 2, february: 2, mar: 3, march: 3, apr: 4, april: 4, may: 5, jun: 6, june: 6,
  jul: 7, july: 7, aug: 8, august: 8, sep: 9, sept: 9, september: 9, oct: 10, october: 10, nov: 11, november: 11,
  dec: 12, december: 12,
};

const MONTH_WORD = '(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\\.?';

/** Date shapes as regular-expression sources, for finding dates inside a line. */
export const DATE_PATTERN_SOURCE = [
  '\\d{4}-\\d{1,2}-\\d{1,2}',
  '\\d{4}/\\d{1,2}/\\d{1,2}',
  '\\d{1,2}/\\d{1,2}/\\d{2,4}',
  '\\d{1,2}\\.\\d{1,2}\\.\\d{4}',
  `\\d{1,2}(?:st|nd|rd|th)?\\s+${MONTH_WORD}(?:,?\\s+\\d{4})?`,
  `${MONTH_WORD}\\s+\\d{4}`,
  `${MONTH_WORD}\\s+\\d{1,2}(?:st|nd|rd|th)?(?!\\d)(?:,?\\s+\\d{4})?`,
  '(?:end\\s+of\\s+)?Q[1-4]\\s+\\d{4}',
  '\\d{4}[-\\s]?Q[1-4]',
].join('|');

export interface DateReading {
  iso?: string;
  problem?: string;
}

export function isoFrom(year: number, month: number, day: number): string | undefined {
  if (month < 1 || month > 12 || day < 1 || year < 1900 || year > 2999) return undefined;
  const days = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (day > days) return undefined;
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/**
 * Reads one written date. `defaultYear` completes dates written without a year (`June 28`).
 * Returns `problem` for what cannot be read or does not exist (`2026-02-30`).
 */
/** How a report writes `05/01/2027`: month first or day first, when its other dates say (`09/23/2026` is month first). */
export type DateOrder = 'md' | 'dm';

/** Which orders a text's unambiguous slash dates show: `09/23/2026` month first, `23/09/2026` day first. */
export interface SlashDateEvidence {
  md: boolean;
  dm: boolean;
}

const SLASH_DATE = /(?<![\d/])(\d{1,2})\/(\d{1,2})\/(?:\d{4}|\d{2})(?![\d/])/g;

export function slashDateEvidence(text: string): SlashDateEvidence {
  const seen = { md: false, dm: false };
  if (!text.includes('/')) return seen;
  for (const m of matchesOf(SLASH_DATE, text)) {
    const a = +m[1];
    const b = +m[2];
    if (a > 12 && b <= 12) seen.dm = true;
    else if (b > 12 && a <= 12) seen.md = true;
    if (seen.md && seen.dm) break;
  }
  return seen;
}

/** The order slash dates are written in, when some show it and none show the other. */
export function slashDateOrder(evidence: readonly SlashDateEvidence[]): DateOrder | undefined {
  const md = evidence.some((e) => e.md);
  const dm = evidence.some((e) => e.dm);
  return md && !dm ? 'md' : dm && !md ? 'dm' : undefined;
}

// Made once: a RegExp made in the function would be compiled again (or looked up) on each call, and
// a half-typed due date (`due 2`) goes through all of them on each keystroke.
const MONTH_YEAR = new RegExp(`^(?:end of |by )?${MONTH_WORD}\\s+(\\d{4})$`, 'i');
const DAY_MONTH = new RegExp(`^(\\d{1,2})(?:st|nd|rd|th)?\\s+${MONTH_WORD}(?:,?\\s+(\\d{4}))?$`, 'i');
const MONTH_DAY = new RegExp(`^${MONTH_WORD}\\s+(\\d{1,2})(?:st|nd|rd|th)?(?:,?\\s+(\\d{4}))?$`, 'i');

export function readDate(raw: string, defaultYear: number, order?: DateOrder): DateReading {
  const s = raw.trim().replace(/\s+/g, ' ');
  let m: RegExpExecArray | null;
  if ((m = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})$/.exec(s))) {
    const iso = isoFrom(+m[1], +m[2], +m[3]);
    return iso ? { iso } : { problem: `${s} is not a real date` };
  }
  if ((m = /^(\d{1,2})\/(\d{1,2})\/(\d{2}|\d{4})$/.exec(s))) {
    const year = m[3].length === 2 ? 2000 + +m[3] : +m[3];
    const a = +m[1];
    const b = +m[2];
    // Day-first and month-first both exist in teams; only an unambiguous one is read.
    if (a > 12 && b <= 12) return wrap(isoFrom(year, b, a), s);
    if (b > 12 && a <= 12) return wrap(isoFrom(year, a, b), s);
    if (a === b) return wrap(isoFrom(year, a, b), s);
    // The report's other dates tell which it is.
    if (order) return wrap(order === 'md' ? isoFrom(year, a, b) : isoFrom(year, b, a), s);
    return { problem: `${s} is ambiguous (day/month or month/day?); write it as YYYY-MM-DD` };
  }
  if ((m = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/.exec(s))) {
    // Dots are written day first wherever they are used for dates.
    return wrap(isoFrom(+m[3], +m[2], +m[1]), s);
  }
  // The rest name a month or a quarter: digits alone (`2`, `2026-0`: a date half typed) are none of them.
  if (!/[a-z]/i.test(s)) return { problem: `"${s}" is not a date; write it as YYYY-MM-DD` };
  // A month or a quarter: due by its last day.
  if ((m = MONTH_YEAR.exec(s))) {
    const month = monthNumber(m[1]);
    return wrap(isoFrom(+m[2], month, lastDay(+m[2], month)), s);
  }
  if ((m = /^(?:end of |by )?Q([1-4])\s+(\d{4})$/i.exec(s)) || (m = /^(\d{4})[-\s]?Q([1-4])$/i.exec(s))) {
    const [quarter, year] = m[1].length === 4 ? [+m[2], +m[1]] : [+m[1], +m[2]];
    return wrap(isoFrom(year, quarter * 3, lastDay(year, quarter * 3)), s);
  }
  if ((m = DAY_MONTH.exec(s))) {
    return wrap(isoFrom(m[3] ? +m[3] : defaultYear, monthNumber(m[2]), +m[1]), s);
  }
  if ((m = MONTH_DAY.exec(s))) {
    return wrap(isoFrom(m[3] ? +m[3] : defaultYear, monthNumber(m[1]), +m[2]), s);
  }
  return { problem: `"${s}" is not a date; write it as YYYY-MM-DD` };
}

function lastDay(year: number, month: number): number {
  return month >= 1 && month <= 12 ? new Date(Date.UTC(year, month, 0)).getUTCDate() : 0;
}

function monthNumber(word: string): number {
  return MONTHS[word.toLowerCase().replace(/\.$/, '')] ?? 0;
}

function wrap(iso: string | undefined, s: string): DateReading {
  return iso ? { iso } : { problem: `${s} is not a real date` };
}

/** Whole days from `fromIso` to `toIso` (positive when `toIso` is later). */
export function daysBetween(fromIso: string, toIso: string): number {
  const a = Date.parse(`${fromIso}T00:00:00Z`);
  const b = Date.parse(`${toIso}T00:00:00Z`);
  return Math.round((b - a) / 86_400_000);
}

export function addDays(iso: string, days: number): string {
  const d = new Date(Date.parse(`${iso}T00:00:00Z`) + days * 86_400_000);
  return d.toISOString().slice(0, 10);
}
