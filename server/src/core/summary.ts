// The stakeholder summary: what the communication plan's audiences need from a report, as Markdown,
// as one self-contained HTML page, and as an SVG chart of the actions by owner. Pure: the host
// writes the files and opens the preview.
import { personKey, personMatches, type Audience } from './config';
import { daysBetween, readDate } from './dates';
import { ownerAsWritten } from './features/owners';
import { lineMapOf, splitOn } from './text';

import { OPEN_STATUSES, type Action, type ActionStatus, type Finding, type Person, type Report } from './types';
import { isPlaceholderOwner } from './vocabulary';
import { plural } from './words';

const PATH_SEPARATORS = /[\\/]/g;
const BLANK_LINES = /\n\s*\n/g;

export interface SummaryInput {
  report: Report;
  /** The report's findings: they become the note of open problems. */
  findings: Finding[];
  /** ISO `YYYY-MM-DD`: what is overdue is overdue on this day. */
  today: string;
  audiences?: Audience[];
  /** The chart's file name, relative to the Markdown file; without it the Markdown shows no chart. */
  chartFile?: string;
}

/** How the chart counts an action; cancelled actions are not drawn. */
export type ChartState = 'overdue' | 'open' | 'done';
export const CHART_STATES: readonly ChartState[] = ['overdue', 'open', 'done'];

export interface SummaryAction {
  /** The owner as the summary shows it: the roster's `Maya Okafor (@maya)`, else as written; `Unowned` when nobody owns it. */
  owner: string;
  id?: string;
  text: string;
  /** ISO date when the due date could be read. */
  due?: string;
  /** The due date in words: the ISO date, `no date`, or what is written with `(cannot be read)`. */
  dueText: string;
  status: ActionStatus;
  /** The status in words, e.g. `in progress`, `overdue by 13 days`, `blocked, overdue by 1 day`. */
  statusText: string;
  /** Days past the due date, for an open action that is late. */
  overdueDays?: number;
  /** How the chart counts it; undefined for a cancelled action. */
  state?: ChartState;
}

export interface OwnerGroup {
  owner: string;
  unowned: boolean;
  /** By due date (undated last), then as written. */
  actions: SummaryAction[];
  counts: Record<ChartState, number>;
}

export interface StakeholderSummary {
  title: string;
  today: string;
  /** The report's file name. */
  source: string;
  date?: string;
  milestone?: string;
  trigger?: string;
  status?: string;
  deliveryOwner?: string;
  summary?: string;
  outcomes: string[];
  improvements: string[];
  /** Unowned first, then by owner name. */
  groups: OwnerGroup[];
  totals: Record<ChartState | 'cancelled' | 'actions', number>;
  /** One phrase per kind of open problem, e.g. `2 actions have no owner`; hints are left out. */
  problems: string[];
  problemCount: number;
  audiences: Audience[];
}

export const UNOWNED = 'Unowned';

const STATUS_WORDS: Record<ActionStatus, string> = {
  open: 'open',
  'in-progress': 'in progress',
  blocked: 'blocked',
  done: 'done',
  cancelled: 'cancelled',
};


/** What a stakeholder reads for each kind of finding, by rule id. */
const PROBLEM_PHRASES: Record<string, (n: number) => string> = {
  'front-matter': (n) => `${plural(n, 'metadata problem', 'metadata problems')} to fix`,
  'missing-section': (n) => `${plural(n, 'required section is', 'required sections are')} missing`,
  'empty-section': (n) => `${plural(n, 'section is', 'sections are')} empty`,
  'missing-delivery-owner': () => 'no Delivery Owner is named',
  'action-missing-owner': (n) => `${plural(n, 'action has', 'actions have')} no owner`,
  'unknown-owner': (n) => `${plural(n, 'owner is', 'owners are')} not on the team`,
  'invalid-due-date': (n) => `${plural(n, 'due date', 'due dates')} cannot be read`,
  'overdue-action': (n) => `${plural(n, 'action is', 'actions are')} overdue`,
  'duplicate-action': (n) => `${plural(n, 'action is written', 'actions are written')} twice`,
  'vague-action': (n) => `${plural(n, 'action has', 'actions have')} no checkable result`,
  'improvement-without-action': (n) => `${plural(n, 'improvement has', 'improvements have')} no action`,
  'blame-language': (n) => `${plural(n, 'passage reads', 'passages read')} as blame`,
};
const SEVERITY_ORDER = ['error', 'warning', 'info'];

/** The summary as data: what every format shows. */
export function stakeholderSummary(input: SummaryInput): StakeholderSummary {
  const { report, today } = input;
  const { metadata } = report;
  const lines = lineMapOf(report.text);
  const field = (v: unknown) => (typeof v === 'string' && v.trim() ? v.trim() : typeof v === 'number' ? String(v) : undefined);

  const groups = new Map<string, OwnerGroup>();
  const totals = { actions: report.actions.length, overdue: 0, open: 0, done: 0, cancelled: 0 };
  report.actions.forEach((action) => {
    const { key, owner } = ownerOf(action, report, lines);
    const item = summaryAction(action, owner, today);
    if (item.state) totals[item.state]++;
    else totals.cancelled++;
    let group = groups.get(key);
    if (!group) groups.set(key, (group = { owner, unowned: key === '', actions: [], counts: { overdue: 0, open: 0, done: 0 } }));
    group.actions.push(item);
    if (item.state) group.counts[item.state]++;
  });
  const sortedGroups = [...groups.values()].sort((a, b) => Number(b.unowned) - Number(a.unowned) || compareNames(a.owner, b.owner));
  for (const group of sortedGroups) {
    // A stable sort: actions due the same day (or undated) stay in the order the report gives them.
    group.actions.sort((a, b) => (a.due ?? '9999-99-99').localeCompare(b.due ?? '9999-99-99'));
  }

  const deliveryOwnerRaw = field(metadata.deliveryOwner?.value);
  const dateRaw = field(metadata.date?.value);
  const { problems, count } = problemPhrases(input.findings);
  return {
    title: reportTitle(report),
    today,
    source: fileName(report.uri),
    ...optional('date', dateRaw && (readDate(dateRaw, report.year).iso ?? dateRaw)),
    ...optional('milestone', field(metadata.milestone?.value)),
    ...optional('trigger', field(metadata.trigger?.value)),
    ...optional('status', field(metadata.status?.value)),
    ...optional('deliveryOwner', deliveryOwnerRaw && !isPlaceholderOwner(deliveryOwnerRaw) ? personLabelFor(deliveryOwnerRaw, report.roster) : undefined),
    ...optional('summary', report.summary?.trim()),
    outcomes: report.outcomes.map((o) => o.text).filter(Boolean),
    improvements: report.improvements.map((i) => i.text).filter(Boolean),
    groups: sortedGroups,
    totals,
    problems,
    problemCount: count,
    audiences: (input.audiences ?? []).filter((a) => a.name.trim()),
  };
}

function optional<K extends string>(key: K, value: string | undefined): Partial<Record<K, string>> {
  return value ? ({ [key]: value } as Record<K, string>) : {};
}

function reportTitle(report: Report): string {
  const title = report.metadata.title?.value;
  if (typeof title === 'string' && title.trim()) return title.trim();
  const h1 = report.headings.find((h) => h.depth === 1 && h.text.trim());
  return h1 ? h1.text.trim() : fileName(report.uri);
}

function fileName(uri: string): string {
  const last = splitOn(uri, PATH_SEPARATORS).pop() ?? uri;
  try {
    return decodeURIComponent(last);
  } catch {
    return last;
  }
}

/** How a roster person is named: `Maya Okafor (@maya)`, else the name, the handle or the email. */
function personLabel(p: Person): string {
  if (p.name && p.handle) return `${p.name} (@${p.handle})`;
  return p.name ?? (p.handle ? `@${p.handle}` : (p.email ?? ''));
}

function personLabelFor(written: string, roster: Person[]): string {
  const person = roster.find((p) => personMatches(p, written));
  return person ? personLabel(person) : written;
}

/** Whose the action is: the group key (empty for nobody) and the name shown. */
function ownerOf(action: Action, report: Report, lines: ReturnType<typeof lineMapOf>): { key: string; owner: string } {
  if (!action.owner) return { key: '', owner: UNOWNED };
  const person = report.roster.find((p) => personMatches(p, action.owner!.value));
  if (person) return { key: `person:${personKey(person)}`, owner: personLabel(person) };
  const written = ownerAsWritten(report, action.owner, lines);
  return { key: `written:${written.replace(/^@/, '').toLowerCase()}`, owner: written };
}

function summaryAction(action: Action, owner: string, today: string): SummaryAction {
  const due = action.due?.iso;
  const open = OPEN_STATUSES.includes(action.status);
  const overdueDays = open && due && due < today ? daysBetween(due, today) : undefined;
  const late = overdueDays ? `overdue by ${plural(overdueDays, 'day', 'days')}` : undefined;
  const statusText = late ? (action.status === 'open' ? late : `${STATUS_WORDS[action.status]}, ${late}`) : STATUS_WORDS[action.status];
  const dueText = due ?? (action.due?.raw.trim() ? `${action.due.raw.trim()} (cannot be read)` : 'no date');
  const state: ChartState | undefined = action.status === 'done' ? 'done' : action.status === 'cancelled' ? undefined : overdueDays ? 'overdue' : 'open';
  return {
    owner,
    ...(action.id ? { id: action.id.value } : {}),
    text: action.text || action.rawText,
    ...(due ? { due } : {}),
    dueText,
    status: action.status,
    statusText,
    ...(overdueDays ? { overdueDays } : {}),
    ...(state ? { state } : {}),
  };
}

/** Names compared as people read them: case and a leading `@` ignored, then exactly, so the order never depends on the input's. */
function compareNames(a: string, b: string): number {
  const key = (s: string) => s.replace(/^@/, '').toLowerCase();
  const ka = key(a);
  const kb = key(b);
  return ka < kb ? -1 : ka > kb ? 1 : a < b ? -1 : a > b ? 1 : 0;
}

function problemPhrases(findings: Finding[]): { problems: string[]; count: number } {
  const byRule = new Map<string, { n: number; severity: number }>();
  let count = 0;
  for (const f of findings) {
    const severity = SEVERITY_ORDER.indexOf(f.severity);
    if (severity < 0) continue;
    count++;
    const entry = byRule.get(f.ruleId) ?? { n: 0, severity };
    entry.n++;
    entry.severity = Math.min(entry.severity, severity);
    byRule.set(f.ruleId, entry);
  }
  const ruleOrder = Object.keys(PROBLEM_PHRASES);
  const rank = (id: string) => (ruleOrder.includes(id) ? ruleOrder.indexOf(id) : ruleOrder.length);
  const problems = [...byRule.entries()]
    .sort(([a, x], [b, y]) => x.severity - y.severity || rank(a) - rank(b) || a.localeCompare(b))
    .map(([id, { n }]) => PROBLEM_PHRASES[id]?.(n) ?? `${plural(n, 'other problem', 'other problems')} (${id})`);
  return { problems, count };
}

function totalsSentence(s: StakeholderSummary): string {
  const { totals } = s;
  if (!totals.actions) return 'No actions.';
  const parts = [`${totals.overdue} overdue`, `${totals.open} open`, `${totals.done} done`];
  if (totals.cancelled) parts.push(`${totals.cancelled} cancelled`);
  return `${plural(totals.actions, 'action', 'actions')}: ${parts.join(', ')}.`;
}

function problemsIntro(s: StakeholderSummary): string {
  return s.problemCount
    ? `The report still has ${plural(s.problemCount, 'open problem', 'open problems')}:`
    : 'None: the checks find nothing left to fix.';
}

function metadataPairs(s: StakeholderSummary): [string, string][] {
  const pairs: [string, string | undefined][] = [
    ['Date', s.date],
    ['Milestone', s.milestone],
    ['Trigger', s.trigger],
    ['Status', s.status],
    ['Delivery Owner', s.deliveryOwner ?? 'not named'],
  ];
  return pairs.filter((p): p is [string, string] => !!p[1]);
}

const actionLabel = (a: SummaryAction) => (a.id ? `${a.id}: ${a.text}` : a.text);

// ---------------------------------------------------------------------------------------------
// Markdown

/**
 * Text that Markdown shows as it is, on one line: marks and table pipes escaped, and `<`, `>` as
 * entities so that no tag survives even a renderer that ignores backslashes before them.
 */
function mdInline(text: string): string {
  return text
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/&(?=#?\w+;)/g, '&amp;')
    .replace(/[\\`*_[\]|~]/g, '\\$&')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
}

/** `mdInline`, and what would start a heading, a list or a quote at the start of a line escaped too. */
function mdLine(text: string): string {
  return mdInline(text)
    .replace(/^([#+=-])/, '\\$1')
    .replace(/^(\d+)([.)])/, '$1\\$2');
}

/** A link destination Markdown reads whatever the file name holds. */
function mdDestination(file: string): string {
  return encodeURI(file.replace(/\\/g, '/')).replace(/[()]/g, (c) => (c === '(' ? '%28' : '%29'));
}

export function stakeholderSummaryMarkdown(input: SummaryInput): string {
  const s = stakeholderSummary(input);
  const out: string[] = [];
  out.push(`# ${mdInline(s.title)}`, '');
  out.push(metadataPairs(s).map(([k, v]) => `**${k}:** ${mdInline(v)}`).join(' · '), '');
  out.push(`_Stakeholder summary of ${mdInline(s.source)}, prepared on ${s.today}._`, '');

  out.push('## Summary', '');
  const paragraphs = splitOn(s.summary ?? '', BLANK_LINES).map(mdLine).filter(Boolean);
  out.push(...(paragraphs.length ? paragraphs.flatMap((p) => [p, '']) : ['No summary written.', '']));

  for (const [heading, items] of [
    ['Outcomes', s.outcomes],
    ['Improvements', s.improvements],
  ] as const) {
    out.push(`## ${heading}`, '');
    out.push(...(items.length ? items.map((i) => `- ${mdLine(i)}`) : ['None recorded.']), '');
  }

  out.push('## Actions by owner', '', totalsSentence(s), '');
  if (input.chartFile && s.totals.actions) {
    out.push(`![${mdInline(chartLabel(s))}](${mdDestination(input.chartFile)})`, '');
  }
  if (s.totals.actions) {
    out.push('| Owner | Action | Due | Status |', '| --- | --- | --- | --- |');
    for (const g of s.groups) {
      for (const a of g.actions) out.push(`| ${mdInline(g.owner)} | ${mdInline(actionLabel(a))} | ${mdInline(a.dueText)} | ${mdInline(a.statusText)} |`);
    }
    out.push('');
  }

  if (s.audiences.length) {
    out.push('## Audiences', '', '| Audience | Channel | Expected to do | When |', '| --- | --- | --- | --- |');
    for (const a of s.audiences) {
      out.push(`| ${[a.name, a.channel, a.expects, a.when].map((v) => (v?.trim() ? mdInline(v) : '—')).join(' | ')} |`);
    }
    out.push('');
  }

  out.push('## Open problems', '', problemsIntro(s), '');
  if (s.problems.length) out.push(...s.problems.map((p) => `- ${mdLine(p)}`), '');
  return out.join('\n');
}

// ---------------------------------------------------------------------------------------------
// HTML

/** Text and attribute values made inert in HTML and SVG. */
function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

export const SUMMARY_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:";

const PAGE_CSS = `
:root { color-scheme: light dark; --fg: #1f2328; --muted: #59636e; --bg: #ffffff; --panel: #f6f8fa; --line: #d1d9e0; --bad: #b3261e; --accent: #0969da; }
@media (prefers-color-scheme: dark) {
  :root { --fg: #e6edf3; --muted: #9198a1; --bg: #0d1117; --panel: #151b23; --line: #3d444d; --bad: #ff7b72; --accent: #4493f8; }
}
* { box-sizing: border-box; }
body { margin: 0; background: var(--bg); color: var(--fg); font: 15px/1.55 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
main { max-width: 60rem; margin: 0 auto; padding: 2rem 1.5rem 3rem; }
h1 { font-size: 1.9rem; line-height: 1.25; margin: 0.2rem 0 0.8rem; }
h2 { font-size: 1.25rem; margin: 2rem 0 0.6rem; padding-bottom: 0.25rem; border-bottom: 1px solid var(--line); }
.kicker, .prepared { color: var(--muted); margin: 0; font-size: 0.9rem; }
dl.meta { display: flex; flex-wrap: wrap; gap: 0.4rem 1.6rem; margin: 0 0 0.6rem; }
dl.meta div { display: flex; gap: 0.4rem; }
dl.meta dt { color: var(--muted); }
dl.meta dd { margin: 0; font-weight: 600; }
ul { padding-left: 1.3rem; }
li { margin: 0.2rem 0; }
.totals { font-weight: 600; }
figure { margin: 1rem 0; padding: 0.75rem; background: var(--panel); border: 1px solid var(--line); border-radius: 6px; overflow-x: auto; }
figure svg { display: block; max-width: 100%; height: auto; }
table { border-collapse: collapse; width: 100%; margin: 0.8rem 0; }
th, td { text-align: left; vertical-align: top; padding: 0.4rem 0.6rem; border: 1px solid var(--line); }
thead th { background: var(--panel); }
tbody th { font-weight: 600; }
tbody.unowned th { color: var(--bad); }
td.due { white-space: nowrap; }
.overdue { color: var(--bad); font-weight: 600; }
.none { color: var(--muted); }
@media print {
  :root { --fg: #000000; --muted: #444444; --bg: #ffffff; --panel: #ffffff; --line: #999999; --bad: #a00000; }
  main { max-width: none; padding: 0; }
  h2 { break-after: avoid; }
  tr, figure, li { break-inside: avoid; }
  figure { border: none; padding: 0; }
}
`;

export function stakeholderSummaryHtml(input: SummaryInput): string {
  const s = stakeholderSummary(input);
  const e = escapeXml;
  const out: string[] = [];
  out.push(
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    // The policy holds quotes of its own; none of them is `"`.
    `<meta http-equiv="Content-Security-Policy" content="${SUMMARY_CSP}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="color-scheme" content="light dark">',
    `<title>${e(s.title)} — stakeholder summary</title>`,
    `<style>${PAGE_CSS}</style>`,
    '</head>',
    '<body>',
    '<main>',
    '<header>',
    '<p class="kicker">After Action Report · stakeholder summary</p>',
    `<h1>${e(s.title)}</h1>`,
    `<dl class="meta">${metadataPairs(s)
      .map(([k, v]) => `<div><dt>${e(k)}</dt><dd>${e(v)}</dd></div>`)
      .join('')}</dl>`,
    `<p class="prepared">Prepared on ${e(s.today)} from ${e(s.source)}.</p>`,
    '</header>',
  );

  // The chart first: what a stakeholder takes in at a glance, before the prose.
  if (s.totals.actions) out.push('<section>', '<h2>Actions at a glance</h2>', `<p class="totals">${e(totalsSentence(s))}</p>`, `<figure>${chartSvg(s, false)}</figure>`, '</section>');

  out.push('<section>', '<h2>Summary</h2>');
  const paragraphs = splitOn(s.summary ?? '', BLANK_LINES).map((p) => p.trim()).filter(Boolean);
  out.push(...(paragraphs.length ? paragraphs.map((p) => `<p>${e(p)}</p>`) : ['<p class="none">No summary written.</p>']), '</section>');

  for (const [heading, items] of [
    ['Outcomes', s.outcomes],
    ['Improvements', s.improvements],
  ] as const) {
    out.push('<section>', `<h2>${heading}</h2>`);
    out.push(items.length ? `<ul>${items.map((i) => `<li>${e(i)}</li>`).join('')}</ul>` : '<p class="none">None recorded.</p>', '</section>');
  }

  out.push('<section>', '<h2>Actions by owner</h2>');
  if (!s.totals.actions) out.push(`<p class="totals">${e(totalsSentence(s))}</p>`);
  if (s.totals.actions) {
    out.push('<table>', '<thead><tr><th scope="col">Owner</th><th scope="col">Action</th><th scope="col">Due</th><th scope="col">Status</th></tr></thead>');
    for (const g of s.groups) {
      out.push(g.unowned ? '<tbody class="unowned">' : '<tbody>');
      g.actions.forEach((a, i) => {
        const owner = i === 0 ? `<th scope="rowgroup" rowspan="${g.actions.length}">${e(g.owner)}</th>` : '';
        const status = a.overdueDays ? `<td class="overdue">${e(a.statusText)}</td>` : `<td>${e(a.statusText)}</td>`;
        out.push(`<tr>${owner}<td>${e(actionLabel(a))}</td><td class="due">${e(a.dueText)}</td>${status}</tr>`);
      });
      out.push('</tbody>');
    }
    out.push('</table>');
  }
  out.push('</section>');

  if (s.audiences.length) {
    out.push('<section>', '<h2>Audiences</h2>', '<table>');
    out.push('<thead><tr><th scope="col">Audience</th><th scope="col">Channel</th><th scope="col">Expected to do</th><th scope="col">When</th></tr></thead>', '<tbody>');
    for (const a of s.audiences) {
      const cell = (v: string | undefined) => (v?.trim() ? `<td>${e(v.trim())}</td>` : '<td class="none">—</td>');
      out.push(`<tr><th scope="row">${e(a.name.trim())}</th>${cell(a.channel)}${cell(a.expects)}${cell(a.when)}</tr>`);
    }
    out.push('</tbody>', '</table>', '</section>');
  }

  out.push('<section>', '<h2>Open problems</h2>', `<p>${e(problemsIntro(s))}</p>`);
  if (s.problems.length) out.push(`<ul>${s.problems.map((p) => `<li>${e(p)}</li>`).join('')}</ul>`);
  out.push('</section>', '</main>', '</body>', '</html>', '');
  return out.join('\n');
}

// ---------------------------------------------------------------------------------------------
// SVG chart: one row per owner, stacked horizontal bars (overdue, open, done), so that the height,
// not the width, grows with the number of owners.

const CHART = {
  width: 720,
  /** Left column for the owners' names. */
  labelWidth: 210,
  /** Right margin for each bar's total. */
  right: 40,
  top: 62,
  rowHeight: 28,
  barHeight: 18,
  bottom: 50,
  /** Characters of an owner's name that fit the label column at 12 px. */
  labelChars: 29,
};

const STATE_LABELS: Record<ChartState, string> = { overdue: 'Overdue', open: 'Open', done: 'Done' };

const CHART_CSS = [
  '.aar-chart-bg { fill: #ffffff; }',
  '.aar-chart-text { fill: #1f2328; font: 12px system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; }',
  // The `font` shorthand above outweighs presentation attributes: sizes and weights go by class.
  '.aar-chart-text.aar-chart-title { font-size: 14px; font-weight: 600; }',
  '.aar-chart-text.aar-chart-strong { font-weight: 600; }',
  '.aar-chart-text.aar-chart-empty { font-size: 16px; }',
  '.aar-chart-text.aar-chart-muted { fill: #59636e; }',
  '.aar-chart-grid { stroke: #d1d9e0; stroke-width: 1; }',
  '.aar-chart-axis { stroke: #59636e; stroke-width: 1; }',
  '.aar-chart-text.aar-chart-count { fill: #ffffff; font-weight: 600; font-size: 11px; }',
  // Okabe–Ito colours: told apart with the common kinds of colour blindness.
  '.aar-chart-overdue { fill: #d55e00; }',
  '.aar-chart-open { fill: #0072b2; }',
  '.aar-chart-done { fill: #009e73; }',
  '@media (prefers-color-scheme: dark) {',
  '  .aar-chart-bg { fill: #0d1117; }',
  '  .aar-chart-text { fill: #e6edf3; }',
  '  .aar-chart-text.aar-chart-muted { fill: #9198a1; }',
  '  .aar-chart-grid { stroke: #3d444d; }',
  '  .aar-chart-axis { stroke: #9198a1; }',
  '}',
  '@media print { .aar-chart-bg { fill: #ffffff; } .aar-chart-text { fill: #000000; } .aar-chart-grid { stroke: #bbbbbb; } }',
].join('\n');

/** Numbers written the same way every time: at most two decimals, no trailing zeros. */
const num = (n: number) => String(Math.round(n * 100) / 100);

function chartLabel(s: StakeholderSummary): string {
  return s.totals.actions ? `Actions by owner (${totalsSentence(s).replace(/\.$/, '')})` : 'Actions by owner: no actions';
}

/** A step of 1, 2 or 5 times a power of ten that gives at most six ticks up to `max`. */
function tickStep(max: number): number {
  for (let power = 1; ; power *= 10) {
    for (const m of [1, 2, 5]) if (max / (m * power) <= 6) return m * power;
  }
}

function truncate(text: string, chars: number): string {
  const codePoints = [...text];
  return codePoints.length <= chars ? text : `${codePoints.slice(0, chars - 1).join('').trimEnd()}…`;
}

export function actionsChartSvg(input: SummaryInput): string {
  return chartSvg(stakeholderSummary(input), true);
}

/** `standalone`: a file of its own, which needs the SVG namespace; inline in HTML it needs none (and names no URL). */
function chartSvg(s: StakeholderSummary, standalone: boolean): string {
  const e = escapeXml;
  const rows = s.groups.filter((g) => CHART_STATES.some((st) => g.counts[st] > 0));
  const { width, labelWidth, right, top, rowHeight, barHeight, bottom } = CHART;
  const label = chartLabel(s);
  const desc = rows.length
    ? rows.map((g) => `${g.owner}: ${CHART_STATES.filter((st) => g.counts[st]).map((st) => `${g.counts[st]} ${st}`).join(', ')}`).join('; ')
    : s.totals.cancelled
      ? `No open or done actions; ${plural(s.totals.cancelled, 'action is', 'actions are')} cancelled.`
      : 'No actions.';
  const height = rows.length ? top + rows.length * rowHeight + bottom : 96;
  const out: string[] = [];
  out.push(
    `<svg${standalone ? ' xmlns="http://www.w3.org/2000/svg"' : ''} width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="${e(label)}">`,
    `<title>${e(label)}</title>`,
    `<desc>${e(desc)}</desc>`,
    `<style>${CHART_CSS}</style>`,
    // On its own (an image in a Markdown preview, a browser tab) the chart brings the background its text is drawn for.
    ...(standalone ? [`<rect class="aar-chart-bg" x="0" y="0" width="${width}" height="${height}" rx="6"/>`] : []),
    `<text class="aar-chart-text aar-chart-title" x="10" y="20">Actions by owner<tspan class="aar-chart-text aar-chart-muted"> — as of ${e(s.today)}</tspan></text>`,
  );
  if (!rows.length) {
    const message = s.totals.cancelled ? `No open or done actions (${s.totals.cancelled} cancelled)` : 'No actions';
    out.push(`<text class="aar-chart-text aar-chart-muted aar-chart-empty" x="${width / 2}" y="62" text-anchor="middle">${e(message)}</text>`, '</svg>');
    return out.join('\n');
  }

  // Legend, in the order the segments stack.
  let legendX = labelWidth;
  for (const st of CHART_STATES) {
    out.push(
      `<rect class="aar-chart-${st}" x="${legendX}" y="30" width="12" height="12" rx="2"/>`,
      `<text class="aar-chart-text" x="${legendX + 17}" y="40">${STATE_LABELS[st]}</text>`,
    );
    legendX += 17 + STATE_LABELS[st].length * 7 + 22;
  }
  out.push(`<text class="aar-chart-text aar-chart-muted" x="${labelWidth - 10}" y="${top - 6}" text-anchor="end">Owner</text>`);

  const plotWidth = width - labelWidth - right;
  const plotBottom = top + rows.length * rowHeight;
  const maxTotal = Math.max(...rows.map((g) => CHART_STATES.reduce((n, st) => n + g.counts[st], 0)));
  const step = tickStep(maxTotal);
  const scaleMax = Math.ceil(maxTotal / step) * step;
  const unit = plotWidth / scaleMax;
  for (let tick = 0; tick <= scaleMax; tick += step) {
    const x = num(labelWidth + tick * unit);
    out.push(
      `<line class="${tick ? 'aar-chart-grid' : 'aar-chart-axis'}" x1="${x}" y1="${top - 2}" x2="${x}" y2="${plotBottom}"/>`,
      `<text class="aar-chart-text aar-chart-muted" x="${x}" y="${plotBottom + 16}" text-anchor="middle">${tick}</text>`,
    );
  }
  out.push(
    `<line class="aar-chart-axis" x1="${labelWidth}" y1="${plotBottom}" x2="${labelWidth + plotWidth}" y2="${plotBottom}"/>`,
    `<text class="aar-chart-text aar-chart-muted" x="${num(labelWidth + plotWidth / 2)}" y="${plotBottom + 38}" text-anchor="middle">Number of actions</text>`,
  );

  rows.forEach((g, i) => {
    const rowTop = top + i * rowHeight;
    const barY = rowTop + (rowHeight - barHeight) / 2;
    const textY = num(rowTop + rowHeight / 2 + 4);
    const total = CHART_STATES.reduce((n, st) => n + g.counts[st], 0);
    out.push(`<g data-owner="${e(g.owner)}" data-total="${total}">`, `<title>${e(g.owner)}: ${e(CHART_STATES.filter((st) => g.counts[st]).map((st) => `${g.counts[st]} ${st}`).join(', '))}</title>`);
    out.push(`<text class="aar-chart-text${g.unowned ? ' aar-chart-strong' : ''}" x="${labelWidth - 10}" y="${textY}" text-anchor="end">${e(truncate(g.owner, CHART.labelChars))}</text>`);
    let x = labelWidth;
    for (const st of CHART_STATES) {
      const count = g.counts[st];
      if (!count) continue;
      const w = count * unit;
      out.push(
        `<rect class="aar-chart-${st}" data-state="${st}" data-count="${count}" x="${num(x)}" y="${num(barY)}" width="${num(w)}" height="${barHeight}"><title>${e(g.owner)}: ${count} ${st}</title></rect>`,
      );
      if (w >= 18) out.push(`<text class="aar-chart-text aar-chart-count" x="${num(x + w / 2)}" y="${textY}" text-anchor="middle">${count}</text>`);
      x += w;
    }
    out.push(`<text class="aar-chart-text" x="${num(x + 6)}" y="${textY}">${total}</text>`, '</g>');
  });
  out.push('</svg>');
  return out.join('\n');
}
