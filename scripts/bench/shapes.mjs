// Report shapes for the typing benchmark (scripts/bench/typing.mjs and lspTyping.mjs), beside the
// corpus of corpus.mjs: the shapes that make an edit costly when an engine re-reads more than the
// edit touched. Written the way teams write them (see test/fixtures/real-world/), never tidied up
// for the engine's sake:
//
// - one-list register: years of actions in ONE list under `## Action Items` (~7,000 items, 620 KB),
//   every owner and date style people mix, items that wrap onto a second line, nested field lines;
// - action table: 3,000 rows of `| ID | Action | Owner | Due | Status |` under `## Actions`;
// - hostile: tab-indented lists and tabs in text; block quotes and link reference definitions;
//   autolinks, inline HTML and character references (about 200 KB each, with action lists);
// - the size curve: the one list and the corpus' many-lists report (`largeReport`) at 10 KB–1.5 MB.
//
// Every shape comes with `points`: line numbers where the traces type (the last line of an item at
// the end or middle of a list, an item without owner or due date, the last row of the table...).
// Deterministic: a seeded PRNG, no clock. Line numbers are 0-based.
import { CAUSES, iso, largeReport, LESSONS, MONTHS, OBJECTS, pad, PEOPLE, Picker, STRANGERS, SYSTEMS, VAGUE, VERBS, WENT_WELL } from './corpus.mjs';

const SEED = 0x5ab3e13;
export const KB = 1024;

/** Lines with a running size, and named points (line numbers) where traces will type. */
class Lines {
  constructor() {
    this.lines = [];
    this.bytes = 0;
  }
  push(...lines) {
    for (const line of lines) {
      this.lines.push(line);
      this.bytes += Buffer.byteLength(line) + 1;
    }
  }
  /** Number of the last line pushed. */
  get last() {
    return this.lines.length - 1;
  }
  text() {
    return `${this.lines.join('\n')}\n`;
  }
}

const handleOf = (person) => person[0];
const nameOf = (person) => person[1];
const lowerFirst = (s) => `${s[0].toLowerCase()}${s.slice(1)}`;
const dmy = (y, m, d) => `${pad(d)}/${pad(m)}/${y}`;
const mdyShort = (y, m, d) => `${m}/${d}/${y}`;
const words = (y, m, d) => `${MONTHS[m - 1]} ${d}, ${y}`;

/** A date `days` after the first of (year, month), as [y, m, d] (months of 28 days are enough here). */
function later([y, m, d], days) {
  let day = d + days;
  let month = m;
  let year = y;
  while (day > 28) {
    day -= 28;
    month++;
    if (month > 12) {
      month = 1;
      year++;
    }
  }
  return [year, month, day];
}

function actionText(p) {
  if (p.chance(0.04)) return p.pick(VAGUE);
  const text = `${p.pick(VERBS)} ${p.pick(OBJECTS)}`;
  return p.chance(0.4) ? `${text} for ${p.pick(SYSTEMS)}` : text;
}

function owner(p) {
  const roll = p.random();
  return roll < 0.04 ? p.pick(STRANGERS) : p.pick(PEOPLE);
}

/**
 * One register item as teams write them over the years, `n` its number and `when` the review it
 * came from. Returns its lines (two or three when it wraps or has field lines) and whether it is a
 * plain one-line item without owner or due date (where a trace can type them in).
 */
function registerItem(p, n, when) {
  const due = later(when, p.int(7, 90));
  const done = when[0] < 2026 ? p.chance(0.85) : p.chance(0.35);
  const box = `[${done ? 'x' : ' '}]`;
  const id = p.chance(0.3) ? `A-${n} ` : '';
  const idColon = id ? `A-${n}: ` : '';
  const who = owner(p);
  const text = actionText(p);
  const roll = p.random();
  if (roll < 0.3) {
    const sep = p.pick([' — ', ' — ', ' - ', ' – ']);
    return { lines: [`- ${box} ${id}${text}${sep}@${handleOf(who)}, due ${iso(...due)}`] };
  }
  if (roll < 0.4) {
    // "- **[Sam Lee]** to add the canary stage by 12/03/2026": name first, British dates.
    const verb = lowerFirst(text);
    return { lines: [`- ${done && p.chance(0.5) ? '[x] ' : ''}**[${nameOf(who)}]** ${p.pick(['to ', '', 'will '])}${verb} by ${dmy(...due)}`] };
  }
  if (roll < 0.47) {
    return p.chance(0.5)
      ? { lines: [`- ${box} ${id}${text} [${nameOf(who)}]${p.chance(0.5) ? ` (due ${mdyShort(...due)})` : ''}`] }
      : { lines: [`- [${nameOf(who)}] ${idColon}${text}${p.chance(0.4) ? ` by ${words(...due)}` : ''}`] };
  }
  if (roll < 0.55) {
    const dueField = p.chance(0.5) ? `, due ${iso(...due)}` : '';
    return { lines: [`- ${idColon}${text} (owner: ${p.chance(0.7) ? handleOf(who) : nameOf(who)}${dueField})${done ? ' **done**' : ''}`] };
  }
  if (roll < 0.63) {
    // Field lines under the item (a lazy paragraph continuation for Markdown).
    const lines = [`- ${box} ${idColon}${text}`, `  Owner: ${p.chance(0.5) ? nameOf(who) : `@${handleOf(who)}`}`];
    if (p.chance(0.8)) lines.push(`  Due: ${p.chance(0.7) ? iso(...due) : dmy(...due)}`);
    if (p.chance(0.4)) lines.push(`  Status: ${done ? p.pick(['Done', 'Closed', 'Complete']) : p.pick(['Open', 'In progress', 'Blocked'])}`);
    return { lines };
  }
  if (roll < 0.71) {
    const ticket = `${p.pick(['OPS', 'INFRA', 'PAY', 'SRE'])}-${p.int(100, 9999)}`;
    return { lines: [`- ${box} ${id}${text} ([${ticket}](https://jira.example.com/browse/${ticket})) @${handleOf(who)} due:${iso(...due)}`] };
  }
  if (roll < 0.79) {
    // Wraps onto a second line: lazily (no indent) or indented under the item.
    const indent = p.chance(0.5) ? '' : '  ';
    const more = p.pick(['and tell the support team once it is live', 'so that the next on-call engineer does not have to guess',
      `after the ${p.pick(SYSTEMS)} team agrees the window`, 'including the runbook link in the alert description']);
    return { lines: [`- ${box} ${id}${text}`, `${indent}${more} — @${handleOf(who)}, due ${iso(...due)}`] };
  }
  if (roll < 0.86) {
    // No owner and no due date yet: the items a trace gives an owner.
    const plain = `- ${box} ${id}${text}`;
    return p.chance(0.7) ? { lines: [plain], bare: !done } : { lines: [`${plain} (${p.pick(['TBD', 'owner: TBD', 'unassigned', '?'])})`] };
  }
  if (roll < 0.9) {
    return { lines: [`- [x] ~~${id}${text}~~ @${handleOf(who)} ${p.pick(['(dropped)', "won't do", '(superseded)'])}`] };
  }
  if (roll < 0.95) {
    const second = p.pick(PEOPLE);
    return { lines: [`- ${box} ${id}${text} @${handleOf(who)} @${handleOf(second)} due ${iso(...due)} (IMP-${p.int(1, 12)})`] };
  }
  return { lines: [`- ${box} ${id}${handleOf(who)[0].toUpperCase()}${handleOf(who).slice(1)} to ${lowerFirst(text)} by ${dmy(...due)}`] };
}

/**
 * The actions register a team has kept for years: ONE list of about 7,000 items in one
 * `## Action Items` section (at 620 KB), between a short introduction and a parking lot.
 */
export function oneListRegister(targetBytes = 620 * KB, seed = SEED) {
  const p = new Picker(seed);
  const out = new Lines();
  out.push(
    '# Platform actions register', '',
    'Every action agreed in a platform incident review or retrospective since 2019. Add new ones at the bottom, tick them off when done and leave them here: the history is the point.', '',
    '## Summary', '',
    `The register started after the ${p.pick(SYSTEMS)} outage in January 2019, when three reviews in a row found the same missing alert. Owners are people, not teams.`, '',
    '## Lessons we keep relearning', '',
    ...p.some(LESSONS, 6).map((l) => `- ${l}`), '',
    '## Action Items', '',
  );
  const first = out.lines.length;
  const tail = ['', '## Parking lot', '', '- Revisit the on-call rota once the new team joins.', '- Ask finance about the pager budget.', ''];
  const tailBytes = tail.reduce((n, l) => n + l.length + 1, 0);
  const ends = [];
  const bare = [];
  const itemBytes = 88;
  const expected = Math.max(20, Math.round((targetBytes - out.bytes - tailBytes) / itemBytes));
  let n = 0;
  while (out.bytes + tailBytes < targetBytes) {
    n++;
    // The review the item came from, 2019 onwards in order, spread over the expected count.
    const month = Math.min(12 * 8 - 1, Math.floor(((n - 1) / expected) * 12 * 7.9));
    const item = registerItem(p, n, [2019 + Math.floor(month / 12), (month % 12) + 1, p.int(1, 28)]);
    out.push(...item.lines);
    ends.push(out.last);
    if (item.bare) bare.push(out.last);
  }
  out.push(...tail);
  const middle = Math.floor(ends.length / 2);
  // Items around the middle, a few hundred apart: each mid-list trace types after its own, so that
  // no trace meets text an earlier one made (the engine remembers parses by their text).
  const around = Object.fromEntries([42, 46, 50, 54, 58, 62].map((pct) => [`mid${pct}`, ends[Math.floor((ends.length * pct) / 100)]]));
  return {
    text: out.text(),
    items: ends.length,
    points: {
      listStart: first,
      listEnd: ends.at(-1),
      listMiddle: ends[middle],
      ...around,
      // An item with neither owner nor due date, from the middle on.
      bareMiddle: bare.find((line) => line >= ends[middle]) ?? bare.at(-1),
    },
  };
}

/** 3,000 rows of `| ID | Action | Owner | Due | Status |` under `## Actions`, as a tracker kept in Markdown. */
export function actionTable(rows = 3000, seed = SEED + 1) {
  const p = new Picker(seed);
  const out = new Lines();
  out.push(
    '# Payments platform: action tracker', '',
    'Maintained by @dana. One row per action from every payments incident review since 2021; the review it came from is in the ticket.', '',
    '## Summary', '',
    `Most rows are done. The open ones are reviewed every second Tuesday in the ${p.pick(SYSTEMS)} sync.`, '',
    '## Improvements', '',
    ...p.some(LESSONS, 5).map((l) => `- ${l}`), '',
    '## Actions', '',
    '| ID | Action | Owner | Due | Status |',
    '|----|--------|-------|-----|--------|',
  );
  const ends = [];
  for (let n = 1; n <= rows; n++) {
    const when = [2021 + Math.floor(((n - 1) / rows) * 5.9), p.int(1, 12), p.int(1, 28)];
    const due = later(when, p.int(7, 90));
    const who = owner(p);
    let text = actionText(p);
    if (p.chance(0.12)) {
      const ticket = `PAY-${p.int(100, 9999)}`;
      text += ` ([${ticket}](https://jira.example.com/browse/${ticket}))`;
    }
    if (p.chance(0.04)) text += '<br>see the runbook';
    if (p.chance(0.03)) text = text.replace(' ', ' \\| ');
    const roll = p.random();
    const ownerCell = roll < 0.5 ? `@${handleOf(who)}` : roll < 0.75 ? nameOf(who) : roll < 0.8 ? 'TBD' : roll < 0.85 ? ''
      : roll < 0.9 ? `@${handleOf(who)}, @${handleOf(p.pick(PEOPLE))}` : `${nameOf(who)} (${p.pick(['SRE', 'Payments', 'Platform'])})`;
    const dueRoll = p.random();
    const dueCell = dueRoll < 0.6 ? iso(...due) : dueRoll < 0.75 ? dmy(...due) : dueRoll < 0.85 ? words(...due) : dueRoll < 0.95 ? '' : `Q${Math.ceil(due[1] / 3)}`;
    const open = due[0] >= 2026 ? p.chance(0.5) : p.chance(0.1);
    const status = open ? p.pick(['Open', 'Open', 'In progress', 'Blocked', '']) : p.pick(['Done', 'Done', 'Done', 'Closed', "Won't do"]);
    out.push(`| A-${n} | ${text} | ${ownerCell} | ${dueCell} | ${status} |`);
    ends.push(out.last);
  }
  out.push('', '## Notes', '', 'Rows are never deleted; a dropped action is marked "Won\'t do".', '');
  return { text: out.text(), rows, points: { tableEnd: ends.at(-1), tableMiddle: ends[Math.floor(ends.length / 2)] } };
}

/** One line of an incident's story in plain words, for the hostile shapes. */
function story(p) {
  const system = p.pick(SYSTEMS);
  return p.pick([
    `${system[0].toUpperCase()}${system.slice(1)} slowed down after ${p.pick(CAUSES)}.`,
    `At ${pad(p.int(0, 23))}:${pad(p.int(0, 59))} UTC the on-call engineer paged ${nameOf(p.pick(PEOPLE))}.`,
    p.pick(LESSONS),
    p.pick(WENT_WELL),
  ]);
}

/**
 * Tabs everywhere: tab-indented nested lists, `-\t` markers, tab-separated fields pasted from a
 * spreadsheet, tabs inside action text.
 */
function tabsSection(p, out, n, lists) {
  const when = [2026, p.int(1, 11), p.int(1, 28)];
  out.push(`### ${iso(...when)}\t${p.pick(SYSTEMS)} ${p.pick(['outage', 'errors', 'slowdown'])}\t(SEV${p.int(1, 3)})`, '');
  out.push(`Reported by:\t${p.pick(['support', 'monitoring', 'a customer'])}\tTicket:\tZD-${p.int(1000, 9999)}`);
  out.push(`Impact:\t\t${p.int(1, 40)}% of requests for ${p.int(3, 120)} minutes`, '');
  out.push('-\tDetection');
  for (let i = 0; i < p.int(1, 3); i++) out.push(`\t-\t${story(p)}\t(${pad(p.int(0, 23))}:${pad(p.int(0, 59))})`);
  out.push('-\tResponse');
  for (let i = 0; i < p.int(1, 3); i++) out.push(`\t-\t${story(p)}`);
  if (p.chance(0.5)) out.push(`\t\t-\tsee the dashboard\tand the logs`);
  out.push('', `| Time\t| Event |`, '|---|---|', `| ${pad(p.int(0, 23))}:00\t| ${story(p)} |`, '');
  out.push('#### Actions', '');
  const ends = [];
  for (let i = 0; i < p.int(3, 7); i++) {
    const who = owner(p);
    const due = iso(...later(when, p.int(7, 60)));
    out.push(p.pick([
      `-\t[ ]\t${actionText(p)}\t@${handleOf(who)}\tdue ${due}`,
      `- [${p.chance(0.4) ? 'x' : ' '}] ${actionText(p)} — @${handleOf(who)},\tdue ${due}`,
      `-\t${actionText(p)}\t(owner:\t${handleOf(who)})`,
      `- [ ]\t${actionText(p)}\tOwner:\t${nameOf(who)}\tDue:\t${due}`,
    ]));
    if (p.chance(0.25)) out.push(`\t-\tsub-task: ${lowerFirst(actionText(p))}\t@${handleOf(p.pick(PEOPLE))}`);
    ends.push(out.last);
  }
  lists.push(ends.at(-1));
  out.push('');
}

/** Customer messages in block quotes, `[text][n]` links and `[n]: https://…` definitions at the bottom. */
function referencesSection(p, out, n, lists, definitions) {
  const when = [2026, p.int(1, 11), p.int(1, 28)];
  const ref = (label, url) => {
    definitions.push(`[${label}]: ${url}${p.chance(0.3) ? ` "${label}"` : ''}`);
    return label;
  };
  const zd = ref(`z${n}`, `https://acme.zendesk.com/agent/tickets/${p.int(10000, 99999)}`);
  const ops = ref(String(definitions.length + 1), `https://jira.example.com/browse/OPS-${p.int(100, 9999)}`);
  out.push(`### ESC-${1000 + n}: ${p.pick(['Double charge on renewal', 'Exports missing rows', 'Login loop on mobile', 'Webhook retries flooded us', 'Invoices sent twice'])}`, '');
  out.push(
    `> Hi team, ${lowerFirst(story(p))} Our finance`,
    `> team noticed it on the ${p.int(2, 28)}th and we need an answer before month end.`,
    'Can you please confirm what happened and refund the second charge?',
    '>',
    `> — ${p.pick(['Customer', 'Account admin', 'CFO'])}, via [Zendesk][${zd}]`,
    '',
  );
  if (p.chance(0.5)) out.push('> **Note**', `> The refund was issued on ${iso(...later(when, 2))}. See [the runbook][runbook] and [OPS][${ops}].`, '');
  if (p.chance(0.3)) out.push('> - first quoted point', '> - second quoted point', '>   with a lazy line', '');
  out.push(`Root cause: ${lowerFirst(story(p))} ([graph][${ops}], [@${handleOf(p.pick(PEOPLE))}][])`, '');
  out.push('#### Actions', '');
  const ends = [];
  for (let i = 0; i < p.int(3, 7); i++) {
    const who = owner(p);
    const due = iso(...later(when, p.int(7, 60)));
    const ticket = ref(String(definitions.length + 1), `https://jira.example.com/browse/OPS-${p.int(100, 9999)}`);
    out.push(p.pick([
      `- [ ] ${actionText(p)} ([OPS][${ticket}]) @${handleOf(who)} due ${due}`,
      `- [${p.chance(0.4) ? 'x' : ' '}] ${actionText(p)} in [the runbook][runbook] — [@${handleOf(who)}][], due ${due}`,
      `- ${actionText(p)} [${nameOf(who)}][${ticket}]`,
      `- [ ] ${actionText(p)} (owner: ${handleOf(who)}) [^${n}]`,
    ]));
    ends.push(out.last);
  }
  lists.push(ends.at(-1));
  out.push('');
  if (p.chance(0.3)) out.push(`[^${n}]: Agreed with the customer on the call of ${iso(...when)}.`, '');
}

/** Autolinks, bare URLs, `www.`, e-mail addresses, inline and block HTML, character references. */
function inlineSection(p, out, n, lists) {
  const when = [2026, p.int(1, 11), p.int(1, 28)];
  out.push(`### ${iso(...when)} &mdash; ${p.pick(['Search outage &amp; recovery', 'Checkout &lt;500&gt; errors', 'Status page stale', 'CDN purge &#8212; twice'])}`, '');
  out.push(
    `Reported at <https://status.example.com/incidents/${p.int(1000, 9999)}> and in www.example.com/forum/t/${p.int(100, 999)}; contact ${handleOf(p.pick(PEOPLE))}@example.com.<br>`,
    `Customers saw \`502\` errors&nbsp;for ${p.int(3, 90)} minutes&#8212;mostly in EU. See https://grafana.example.com/d/abc?orgId=1&from=now-6h&to=now.`,
    '',
  );
  if (p.chance(0.5)) {
    out.push('<details>', '<summary>Raw log excerpt</summary>', '', '```', `ERROR upstream timed out after ${p.int(10, 60)}s`, '```', '', '</details>', '');
  }
  if (p.chance(0.4)) out.push(`<!-- TODO: attach the graph from ${iso(...when)} -->`, '');
  out.push(`Lessons: ${story(p)}<br/>${story(p)} &copy; nobody &#x2014; really.`, '');
  out.push('#### Actions', '');
  const ends = [];
  for (let i = 0; i < p.int(3, 7); i++) {
    const who = owner(p);
    const due = iso(...later(when, p.int(7, 60)));
    out.push(p.pick([
      `- [ ] ${actionText(p)} &amp; tell support — @${handleOf(who)}, due ${due}<br>see <https://jira.example.com/browse/OPS-${p.int(100, 9999)}>`,
      `- [${p.chance(0.4) ? 'x' : ' '}] ${actionText(p)} (owner: ${handleOf(who)}) &#10003;`,
      `- [ ] Email ${handleOf(who)}@example.com the notes, ${lowerFirst(actionText(p))} @${handleOf(who)} due ${due}`,
      `- [ ] ${actionText(p)} <kbd>Ctrl</kbd>+<kbd>K</kbd> https://wiki.example.com/x?a=1&b=2 @${handleOf(who)}`,
      `- ${actionText(p)} <span style="color:red">urgent</span> @${handleOf(who)} by ${dmy(...later(when, 14))}`,
    ]));
    ends.push(out.last);
  }
  lists.push(ends.at(-1));
  out.push('');
}

const HOSTILE = {
  tabs: { title: 'Escalations log (pasted from the team spreadsheet)', section: tabsSection },
  references: { title: 'Customer escalations 2026', section: referencesSection },
  inline: { title: 'Incident notes 2026', section: inlineSection },
};
export const HOSTILE_KINDS = Object.keys(HOSTILE);

/** A report of about `targetBytes` made of one kind of hostile section, each with its action list. */
export function hostileReport(kind, targetBytes = 200 * KB, seed = SEED + 2) {
  const { title, section } = HOSTILE[kind];
  const p = new Picker(seed + HOSTILE_KINDS.indexOf(kind));
  const out = new Lines();
  const definitions = ['[runbook]: https://wiki.example.com/runbooks/payments', ...PEOPLE.map(([h]) => `[@${h}]: https://github.com/${h}-acme`)];
  out.push(`# ${title}`, '', '## Summary', '', `${story(p)} ${story(p)}`, '', '## What went well', '', ...p.some(WENT_WELL, 3).map((w) => `- ${w}`), '', '## Escalations', '');
  const lists = [];
  const defBytes = () => definitions.reduce((s, d) => s + d.length + 1, 0);
  for (let n = 1; out.bytes + defBytes() < targetBytes; n++) section(p, out, n, lists, definitions);
  if (kind === 'references') out.push('---', '', ...definitions, '');
  return { text: out.text(), points: { listEnd: lists[Math.floor(lists.length / 2)], lastListEnd: lists.at(-1) } };
}

/** The corpus' many-lists report at another size, with the end of its middle action list. */
export function manyLists(targetBytes) {
  const text = largeReport(targetBytes);
  const lines = text.split('\n');
  const lists = [];
  let current;
  lines.forEach((line, i) => {
    if (/^- \[[ x]\] A-\d+: /.test(line)) {
      if (!current) lists.push((current = { start: i, end: i }));
      current.end = i;
    } else {
      current = undefined;
    }
  });
  if (!lists.length) throw new Error(`The many-lists report of ${targetBytes} bytes has no action list.`);
  return { text, lists: lists.length, points: { listEnd: lists[Math.floor(lists.length / 2)].end, lastListEnd: lists.at(-1).end } };
}

export const SIZE_CURVE = [10 * KB, 50 * KB, 200 * KB, 600 * KB, 1536 * KB];
