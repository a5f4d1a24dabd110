// The benchmark's corpus: 2,000 reports of about 4 KB in the shapes teams really write (YAML front
// matter with task lists, action tables, Google SRE bold labels, `Key: value` metadata with numbered
// and emoji headings, PagerDuty post-incident reviews), some with problems, and one report of about
// 600 KB that holds years of actions. Deterministic: a seeded PRNG, no clock. Regenerated only when
// GENERATOR_VERSION changes (or the files are gone).
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** Bump whenever the output changes, so old corpora are replaced. */
export const GENERATOR_VERSION = 1;
export const REPORT_COUNT = 2000;
/** The date every measurement treats as today (overdue checks, cache keys). */
export const TODAY = '2026-11-25';
const SEED = 0x4aa2026;

/** mulberry32: small, fast and good enough to pick words. */
export function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class Picker {
  constructor(seed) {
    this.random = prng(seed);
  }
  int(min, max) {
    return min + Math.floor(this.random() * (max - min + 1));
  }
  chance(p) {
    return this.random() < p;
  }
  pick(list) {
    return list[Math.floor(this.random() * list.length)];
  }
  some(list, n) {
    const copy = [...list];
    const out = [];
    while (out.length < n && copy.length) out.push(copy.splice(Math.floor(this.random() * copy.length), 1)[0]);
    return out;
  }
}

export const PEOPLE = [
  ['sam', 'Sam Lee'], ['kim', 'Kim Park'], ['dana', 'Dana Reyes'], ['lee', 'Lee Park'], ['priya', 'Priya Nair'],
  ['tom', 'Tom Ellis'], ['jo', 'Jo Martin'], ['amir', 'Amir Haddad'], ['bea', 'Bea Santos'], ['chen', 'Chen Wei'],
  ['maria', 'Maria Rossi'], ['omar', 'Omar Farouk'], ['wen', 'Wen Zhao'], ['ravi', 'Ravi Shah'], ['jonas', 'Jonas Berg'],
  ['ines', 'Ines Duarte'], ['kofi', 'Kofi Mensah'], ['lena', 'Lena Vogel'], ['mateo', 'Mateo Cruz'], ['nora', 'Nora Quinn'],
];
/** Owners who are not on the roster (an unknown-owner finding). */
export const STRANGERS = [['wenn', 'Wenn Zhao'], ['kimp', 'Kim P.'], ['docbrown', 'Emmett Brown']];
const PLACEHOLDERS = ['TBD', '?', 'n/a', 'unassigned', ''];

export const SYSTEMS = ['checkout', 'search', 'payments', 'the login service', 'the CDN', 'the message queue', 'the data warehouse',
  'the mobile app', 'billing', 'the API gateway', 'the nightly export', 'the recommendation service', 'the status page',
  'the build pipeline', 'staging', 'the feature flag service', 'the DNS zone', 'the object store', 'email delivery'];
export const CAUSES = ['a configuration change', 'an expired certificate', 'a schema migration', 'a dependency upgrade',
  'a traffic spike after a marketing email', 'a full disk', 'a leaked file descriptor', 'a retry storm',
  'a missing database index', 'a clock skew between hosts', 'an unreviewed feature flag', 'a stale cache entry'];
export const EFFECTS = ['returned errors for', 'slowed down for', 'dropped requests for', 'served stale data to',
  'timed out for', 'rejected logins for', 'double-charged'];
export const AUDIENCES = ['a third of customers', 'every user in Europe', 'mobile users', 'the support team', 'enterprise tenants',
  'new sign-ups', 'about 2% of requests', 'partners using the public API'];
export const VERBS = ['Add', 'Write', 'Automate', 'Document', 'Alert on', 'Rehearse', 'Split', 'Rotate', 'Review', 'Remove',
  'Load-test', 'Cap', 'Backfill', 'Publish', 'Schedule', 'Move', 'Tag', 'Migrate'];
export const OBJECTS = ['the rollback runbook', 'a canary stage for the release pipeline', 'queue depth over 1000 for 5 minutes',
  'the on-call handover checklist', 'certificate expiry 30 days ahead', 'the staging credentials', 'the retry budget',
  'the release notes template', 'a smoke test after every deploy', 'the CDN configuration into the repository',
  'the database connection pool limit', 'a dashboard for p99 latency', 'the incident comms template',
  'the feature flag clean-up', 'a game day for regional failover', 'the capacity plan for Q1', 'the alert thresholds'];
export const VAGUE = ['Improve monitoring', 'Be more careful', 'Better communication', 'Keep an eye on it', 'Look into it'];
export const LESSONS = ['The alert fired but went to a channel nobody watches.', 'The runbook was two versions out of date.',
  'Nobody owned the dependency upgrade.', 'Staging is much smaller than production, so timings mislead.',
  'The rollback took longer than the fix.', 'Support heard about the outage from customers first.',
  'The change skipped code review because it was "just config".', 'Two teams changed the same setting in one hour.',
  'Dashboards showed averages, which hid the slow tail.', 'The on-call engineer had no access to the logs.',
  'The deploy window overlapped with the batch jobs.', 'Feature flags were left on after the launch.'];
export const WENT_WELL = ['The rollback worked on the first try.', 'Support posted a status update within ten minutes.',
  'The incident channel stayed focused.', 'Monitoring caught the error rate within two minutes.',
  'The fix was reviewed by two people before it shipped.'];
export const FILLER = ['Traffic stayed within normal bounds for the rest of the day.', 'The team met the next morning to go through the timeline.',
  'Error rates returned to baseline once the change was reverted.', 'We kept customers informed on the status page throughout.',
  'Nothing in the logs pointed at the cause during the first hour.', 'The release train was paused until the fix was verified.',
  'Most of the time went into finding which change had caused it.', 'A second responder joined after thirty minutes.',
  'The affected service has no owner listed in the catalogue.', 'The same symptom had been seen once before, in March.'];
const STATUSES = ['draft', 'in-review', 'approved', 'published'];
const TRIGGERS = ['release', 'milestone', 'incident', 'learning'];
export const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

export const pad = (n) => String(n).padStart(2, '0');
export const iso = (y, m, d) => `${y}-${pad(m)}-${pad(d)}`;
const slug = (s) => s.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 48);

/** One report's shared facts, from which each shape writes its text. */
function facts(p, n) {
  const year = p.pick([2024, 2025, 2026, 2026, 2026]);
  const month = year === 2026 ? p.int(1, 11) : p.int(1, 12);
  const day = p.int(1, 28);
  const system = p.pick(SYSTEMS);
  const cause = p.pick(CAUSES);
  const team = p.some(PEOPLE, p.int(3, 6));
  const trigger = p.pick(TRIGGERS);
  const title = trigger === 'release' ? `Release ${p.int(1, 9)}.${p.int(0, 20)} review`
    : trigger === 'milestone' ? `${p.pick(['Beta', 'GA', 'Pilot', 'Migration'])} milestone: ${system}`
    : trigger === 'learning' ? `Sprint ${p.int(1, 90)} retrospective`
    : `${system[0].toUpperCase()}${system.slice(1)} ${p.pick(['outage', 'degradation', 'incident', 'errors'])} (#${n})`;
  const lessons = p.some(LESSONS, p.int(3, 5));
  const actions = [];
  const count = p.int(4, 8);
  for (let i = 0; i < count; i++) {
    const roll = p.random();
    const owner = roll < 0.08 ? null : roll < 0.12 ? p.pick(STRANGERS) : p.pick(team);
    const dueYear = year + (month >= 11 ? 1 : 0);
    const dueMonth = ((month + p.int(0, 2)) % 12) + 1;
    actions.push({
      text: p.chance(0.05) ? p.pick(VAGUE) : `${p.pick(VERBS)} ${p.pick(OBJECTS)}`,
      owner,
      placeholder: p.pick(PLACEHOLDERS),
      due: p.chance(0.85) ? { y: dueYear, m: dueMonth, d: p.int(1, 28) } : undefined,
      done: p.chance(0.35),
      imp: i < lessons.length && p.chance(0.8) ? i + 1 : undefined,
    });
  }
  return { n, year, month, day, date: iso(year, month, day), system, cause, team, trigger, title, lessons, actions,
    status: p.pick(STATUSES), deliveryOwner: p.chance(0.9) ? p.pick(team) : null, brokenYaml: p.chance(0.02) };
}

function sentence(p, f) {
  const r = p.random();
  if (r < 0.3) return `${f.system[0].toUpperCase()}${f.system.slice(1)} ${p.pick(EFFECTS)} ${p.pick(AUDIENCES)} for ${p.int(4, 190)} minutes after ${f.cause}.`;
  if (r < 0.45) return `At ${pad(p.int(0, 23))}:${pad(p.int(0, 59))} UTC the on-call engineer paged ${p.pick(f.team)[1]}.`;
  return p.pick(FILLER);
}

function paragraph(p, f, sentences) {
  const out = [];
  for (let i = 0; i < sentences; i++) out.push(sentence(p, f));
  return out.join(' ');
}

/** Adds timeline rows until the report reaches about `target` bytes: real reports grow in the timeline. */
function timelineTable(p, f, current, target) {
  const rows = ['| Time (UTC) | Event |', '|---|---|'];
  let size = current;
  let minute = p.int(0, 600);
  while (size < target) {
    minute += p.int(1, 25);
    const row = `| ${pad(Math.floor(minute / 60) % 24)}:${pad(minute % 60)} | ${sentence(p, f)} |`;
    rows.push(row);
    size += row.length + 1;
  }
  return rows.join('\n');
}

function timelineList(p, f, current, target) {
  const rows = [];
  let size = current;
  let minute = p.int(0, 600);
  while (size < target) {
    minute += p.int(1, 25);
    const row = `- ${pad(Math.floor(minute / 60) % 24)}:${pad(minute % 60)} ${sentence(p, f)}`;
    rows.push(row);
    size += row.length + 1;
  }
  return rows.join('\n');
}

const TARGET = 4096;
const handle = (person) => `@${person[0]}`;
const dueIso = (due) => iso(due.y, due.m, due.d);
const dueWords = (due) => `${due.d} ${MONTHS[due.m - 1]} ${due.y}`;

function frontMatter(f, type, extra = []) {
  const lines = ['---', `type: ${type}`, `title: "${f.title}"`, `date: ${f.date}`, `trigger: ${f.trigger}`];
  if (f.deliveryOwner) lines.push(`delivery_owner: "${handle(f.deliveryOwner)}"`);
  lines.push(f.brokenYaml ? `team: [${f.team.map((t) => `"${handle(t)}"`).join(', ')}` : `team: [${f.team.map((t) => `"${handle(t)}"`).join(', ')}]`);
  lines.push(...extra, `status: ${f.status}`, '---');
  return lines.join('\n');
}

/** YAML front matter, IMP ids, task-list actions with `@owner due:date (IMP-n)`. */
function taskListShape(p, f) {
  const head = [
    frontMatter(f, p.pick(['after-action-report', 'after-action-review', 'retrospective']), [`milestone: v${p.int(1, 9)}.${p.int(0, 20)}.0`]),
    `# ${f.title}`, '', '## Summary', '', paragraph(p, f, 4), '', '## Outcomes', '',
    ...Array.from({ length: p.int(2, 4) }, () => `- ${sentence(p, f)}`), '', '## Improvements', '',
    ...f.lessons.map((l, i) => `- IMP-${i + 1}: ${l}`), '', '## Actions', '',
    ...f.actions.map((a) => {
      const owner = a.owner ? ` ${handle(a.owner)}` : a.placeholder ? ` owner: ${a.placeholder}` : '';
      return `- [${a.done ? 'x' : ' '}] ${a.text}${owner}${a.due ? ` due:${dueIso(a.due)}` : ''}${a.imp ? ` (IMP-${a.imp})` : ''}`;
    }),
    '', '## Timeline', '', '',
  ].join('\n');
  return `${head}${timelineList(p, f, head.length, TARGET)}\n`;
}

/** No front matter; a heading, a paragraph, and an action table with Owner/Due/Status columns. */
function tableShape(p, f) {
  const head = [
    `# ${f.title}`, '', `Facilitator: ${f.deliveryOwner ? f.deliveryOwner[1] : 'TBD'}  `, `Date: ${f.date}`, '',
    '## Overview', '', paragraph(p, f, 3), '', '## Results', '', ...Array.from({ length: p.int(2, 3) }, () => `- ${sentence(p, f)}`), '',
    '## What could be improved', '', ...f.lessons.map((l) => `- ${l}`), '', '## Follow-ups', '',
    '| Action item | Owner | Due date | Status |', '|---|---|---|---|',
    ...f.actions.map((a) => `| ${a.text} | ${a.owner ? p.pick([handle(a.owner), a.owner[1]]) : a.placeholder} | ${a.due ? p.pick([dueIso(a.due), dueWords(a.due)]) : ''} | ${a.done ? 'Done' : p.pick(['Open', 'In progress', 'To do'])} |`),
    '', '## Notes', '', '',
  ].join('\n');
  let body = head;
  while (body.length < TARGET) body += `${paragraph(p, f, p.int(2, 4))}\n\n`;
  return body;
}

/** Google SRE book style: bold labels for metadata, lessons with went well/wrong, an action table with Type/Owner/Bug. */
function sreShape(p, f) {
  const head = [
    `# ${f.title} Postmortem`, '', `**Date:** ${f.date}`, '', `**Authors:** ${f.team.map((t) => t[0]).join(', ')}`, '',
    `**Postmortem Owner:** ${f.deliveryOwner ? f.deliveryOwner[0] : 'TBD'}`, '', `**Status:** ${p.pick(['Draft', 'Complete, action items in progress', 'Final'])}`, '',
    `**Summary:** ${paragraph(p, f, 2)}`, '', `**Impact:** ${sentence(p, f)}`, '', `**Root Causes:** ${f.cause[0].toUpperCase()}${f.cause.slice(1)} in ${f.system}.`, '',
    `**Trigger:** ${p.pick(['Latent bug triggered by a traffic increase.', 'A routine change.', 'A scheduled job.'])}`, '',
    `**Resolution:** ${sentence(p, f)}`, '', '## Lessons Learned', '', '### What went well', '', ...p.some(WENT_WELL, 2).map((w) => `- ${w}`), '',
    '### What went wrong', '', ...f.lessons.map((l) => `- ${l}`), '', '## Action Items', '',
    '| Action Item | Type | Owner | Bug |', '|---|---|---|---|',
    ...f.actions.map((a) => `| ${a.text} | ${p.pick(['mitigate', 'prevent', 'process'])} | ${a.owner ? a.owner[0] : p.pick(['n/a', 'TBD'])} | Bug ${p.int(1000000, 9999999)} **${a.done ? 'DONE' : 'TODO'}** |`),
    '', '## Timeline', '', `${f.date} (all times UTC)`, '', '',
  ].join('\n');
  return `${head}${timelineList(p, f, head.length, TARGET)}\n`;
}

/** `Key: value` metadata under a setext title, numbered and emoji headings, numbered actions with `owner:`. */
function keyValueShape(p, f) {
  const head = [
    `${f.title}`, '='.repeat(f.title.length), '', `Date: ${f.date}`, `Owner: ${f.deliveryOwner ? f.deliveryOwner[1] : 'TBD'}`,
    `Status: ${f.status}`, `Participants: ${f.team.map((t) => t[1]).join(', ')}`, '', '## 1. What Happened', '', paragraph(p, f, 4), '',
    '## 2. Timeline', '', timelineList(p, f, 0, 700), '', '### 3. Lessons Learnt', '', ...f.lessons.map((l, i) => `${i + 1}. ${l}`), '',
    `## ${p.pick(['✅ Action Items', '🛠️ Next steps', '4. Action items & follow-ups'])}`, '',
    ...f.actions.map((a, i) => {
      const owner = a.owner ? p.pick([` owner: ${a.owner[1]}`, ` — Owner: ${handle(a.owner)},`]) : '';
      return `${i + 1}. ${a.text}${owner}${a.due ? ` (due ${dueIso(a.due)})` : ''}${a.done ? ' ✔ done' : ''}`;
    }),
    '', '## 5. Background', '', '',
  ].join('\n');
  let body = head;
  while (body.length < TARGET) body += `${paragraph(p, f, p.int(2, 4))}\n\n`;
  return body;
}

/** PagerDuty's post-incident review template. */
function pagerDutyShape(p, f) {
  const responders = p.some(f.team, 2);
  const head = [
    frontMatter(f, 'post-incident-review', [`participants: [${f.team.map((t) => `"${handle(t)}"`).join(', ')}]`]),
    `# ${f.title}`, '', '## Overview', '', paragraph(p, f, 2), '', '## What Happened', '', paragraph(p, f, 3), '',
    '## Resolution', '', sentence(p, f), '', '## Root Cause', '', `${f.cause[0].toUpperCase()}${f.cause.slice(1)} in ${f.system}.`, '',
    '## Impact', '', `- ${sentence(p, f)}`, `- ${sentence(p, f)}`, '', '## Responders', '',
    `- Incident Commander: ${handle(responders[0])}`, `- Subject Matter Experts: ${responders.map(handle).join(', ')}`, '',
    "## How'd We Do?", '', '### What Went Well', '', `- ${p.pick(WENT_WELL)}`, '', "### What Didn't Go So Well", '',
    ...f.lessons.map((l) => `- ${l}`), '', '## Action Items', '',
    ...f.actions.map((a) => `- [${a.done ? 'x' : ' '}] ${a.text} ([PD-${p.int(1000, 9999)}](https://example.atlassian.net/browse/PD-${p.int(1000, 9999)}))${a.owner ? ` ${handle(a.owner)}` : ''}${a.due ? ` due:${dueIso(a.due)}` : ''}`),
    '', '## Timeline', '', '',
  ].join('\n');
  return `${head}${timelineTable(p, f, head.length, TARGET - 200)}\n\n## Messaging\n\n### Internal\n\nPosted in #eng-incidents.\n\n### External\n\nStatus page updated.\n`;
}

/** Each shape, the folder it lives in (how it is detected) and how it is named. */
const SHAPES = [
  { write: taskListShape, folder: (f) => `after-action-reports/${f.year}`, name: (f) => `${f.date}-${slug(f.title)}.md` },
  { write: tableShape, folder: (f) => `retrospectives/${f.year}`, name: (f) => `${f.date}-${slug(f.title)}.md` },
  { write: sreShape, folder: (f) => `postmortems/${f.year}`, name: (f) => `${slug(f.title)}-${f.n}.md` },
  { write: keyValueShape, folder: (f) => `teams/team-${f.n % 7}/notes`, name: (f) => `${f.date}-${slug(f.title)}.aar.md` },
  { write: pagerDutyShape, folder: (f) => `docs/incidents/${f.year}`, name: (f) => `${f.date}-${slug(f.title)}.md` },
];

export const TEAM_CONFIG = `# The team that owns the reports of the benchmark corpus.
team:
${PEOPLE.map(([h, name]) => `  - "${name} (@${h})"`).join('\n')}
rules:
  blame-language: warning
`;

/** The files of the corpus, path relative to its root → text; `count` reports (the scale curve asks for more). */
export function corpusFiles(count = REPORT_COUNT) {
  const files = new Map();
  files.set('.aar.yml', TEAM_CONFIG);
  for (let n = 0; n < count; n++) {
    const p = new Picker(SEED + n);
    const f = facts(p, n);
    const shape = SHAPES[n % SHAPES.length];
    let file = `${shape.folder(f)}/${shape.name(f)}`;
    if (files.has(file)) file = file.replace(/(\.aar)?\.md$/, `-${n}$&`);
    files.set(file, shape.write(p, f));
  }
  return files;
}

/**
 * One report that has collected seven years of actions: about 600 KB, many sections each with its
 * list (or, every fourth month, its table) of actions. `targetBytes` makes the same shape at other
 * sizes (the size curve of scripts/bench/shapes.mjs); the default is the corpus' large report.
 */
export function largeReport(targetBytes = 600 * 1024) {
  const p = new Picker(SEED - 1);
  const out = [
    '---', 'type: after-action-report', 'title: Platform reliability actions 2019–2026', 'date: 2026-01-15', 'trigger: learning',
    'delivery_owner: "@dana"', `team: [${PEOPLE.map(([h]) => `"@${h}"`).join(', ')}]`, 'status: in-review', '---', '',
    '# Platform reliability actions 2019–2026', '', '## Summary', '',
    'Every action the platform team agreed in its monthly reviews since 2019, in one place so that nothing is lost between reviews.', '',
    '## Outcomes', '', '- Mean time to recovery fell from 94 to 21 minutes.', '- Paging volume halved.', '', '## Improvements', '',
  ];
  let imp = 0;
  // 120 improvements at 600 KB, fewer in a smaller report so that it still holds actions.
  const improvements = Math.min(120, Math.max(5, Math.round(targetBytes / 5120)));
  for (let i = 0; i < improvements; i++) out.push(`- IMP-${++imp}: ${p.pick(LESSONS)} (${p.pick(SYSTEMS)})`);
  out.push('', '## Actions', '');
  let id = 0;
  const size = () => out.reduce((n, l) => n + l.length + 1, 0);
  for (let year = 2019; size() < targetBytes; year++) {
    for (let month = 1; month <= 12 && size() < targetBytes; month++) {
      out.push(`### ${MONTHS[month - 1]} ${year} review`, '', paragraph(p, { system: p.pick(SYSTEMS), cause: p.pick(CAUSES), team: PEOPLE }, 2), '');
      const useTable = month % 4 === 0;
      if (useTable) out.push('| ID | Action item | Owner | Due date | Status |', '|---|---|---|---|---|');
      const count = p.int(45, 60);
      for (let i = 0; i < count; i++) {
        const owner = p.chance(0.04) ? null : p.pick(PEOPLE);
        const due = iso(year, month, p.int(1, 28));
        const done = year < 2026 ? p.chance(0.9) : p.chance(0.4);
        const text = `${p.pick(VERBS)} ${p.pick(OBJECTS)} for ${p.pick(SYSTEMS)}`;
        const ref = p.chance(0.3) ? ` (IMP-${p.int(1, imp)})` : '';
        id++;
        if (useTable) out.push(`| A-${id} | ${text}${ref} | ${owner ? handle(owner) : 'TBD'} | ${due} | ${done ? 'Done' : 'Open'} |`);
        else out.push(`- [${done ? 'x' : ' '}] A-${id}: ${text}${owner ? ` ${handle(owner)}` : ''} due:${due}${ref}`);
      }
      out.push('');
      if (month % 6 === 0) out.push('```text', `Exported from the tracker on ${iso(year, month, 28)}: ${count} actions`, '```', '');
    }
  }
  return `${out.join('\n')}\n`;
}

/** Writes `files` (path relative to `dir` → text) under `dir`; how many reports, and their bytes. */
function writeFiles(dir, files) {
  let bytes = 0;
  let reports = 0;
  for (const [relative, text] of files) {
    const full = join(dir, relative);
    mkdirSync(dirname(full), { recursive: true });
    writeFileSync(full, text);
    if (relative.endsWith('.md')) {
      bytes += Buffer.byteLength(text);
      reports++;
    }
  }
  return { bytes, reports };
}

/**
 * Writes the corpus into `corpusDir` and the large report into `largeDir` unless both are there
 * from this generator version already. Returns what was written.
 */
export function ensureCorpus(corpusDir, largeDir, log = () => undefined) {
  const stampFile = join(corpusDir, '.generated.json');
  const largeFile = join(largeDir, 'after-action-reports', 'platform-actions-2019-2026.md');
  let stamp;
  try {
    stamp = JSON.parse(readFileSync(stampFile, 'utf8'));
  } catch {
    stamp = undefined;
  }
  if (stamp?.version === GENERATOR_VERSION && existsSync(largeFile)) {
    return { corpusDir, largeFile, reports: stamp.reports, bytes: stamp.bytes, largeBytes: stamp.largeBytes, generated: false };
  }
  log(`Generating the corpus (generator version ${GENERATOR_VERSION})…`);
  rmSync(corpusDir, { recursive: true, force: true });
  rmSync(largeDir, { recursive: true, force: true });
  const { bytes, reports } = writeFiles(corpusDir, corpusFiles());
  const large = largeReport();
  mkdirSync(dirname(largeFile), { recursive: true });
  writeFileSync(largeFile, large);
  const written = { version: GENERATOR_VERSION, reports, bytes, largeBytes: Buffer.byteLength(large) };
  writeFileSync(stampFile, `${JSON.stringify(written, null, 2)}\n`);
  return { corpusDir, largeFile, reports, bytes, largeBytes: written.largeBytes, generated: true };
}

/**
 * A workspace of `count` reports in the corpus' shapes (the first 2,000 are the corpus' own), for
 * the scale curve of scripts/bench/scale.mjs; regenerated only when missing or older.
 */
export function ensureScaleCorpus(dir, count, log = () => undefined) {
  const stampFile = join(dir, '.generated.json');
  try {
    const stamp = JSON.parse(readFileSync(stampFile, 'utf8'));
    if (stamp.version === GENERATOR_VERSION && stamp.reports === count) return { dir, ...stamp, generated: false };
  } catch {
    // not there yet
  }
  log(`Generating ${count.toLocaleString('en-US')} reports…`);
  rmSync(dir, { recursive: true, force: true });
  const written = { version: GENERATOR_VERSION, ...writeFiles(dir, corpusFiles(count)) };
  writeFileSync(stampFile, `${JSON.stringify(written, null, 2)}\n`);
  return { dir, ...written, generated: true };
}
