// The stakeholder summary, read the way its readers read it: the Markdown's sections and action
// table, the HTML page (self-contained, inert, well-formed) and the chart's bars.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyze } from '../../server/src/core/analyze';
import { defaultConfig, mergeConfig, parseTeamConfig, type AarConfig } from '../../server/src/core/config';
import type { Audience } from '../../server/src/core/config';
import { actionsChartSvg, stakeholderSummaryHtml, stakeholderSummaryMarkdown, type SummaryInput } from '../../server/src/core/summary';
import { OPEN_STATUSES } from '../../server/src/core/types';

const ROOT = join(__dirname, '..', '..');
const EXAMPLES = join(ROOT, 'examples', 'after-action-reports');
const FIXTURES = join(ROOT, 'test', 'fixtures');
const TODAY = '2026-11-26';
const TEAM = mergeConfig(defaultConfig(), parseTeamConfig(readFileSync(join(ROOT, 'examples', '.aar.yml'), 'utf8')).layer);

function inputFor(text: string, relativePath: string, config: AarConfig = defaultConfig(), extra: Partial<SummaryInput> = {}): SummaryInput {
  const analysis = analyze(text, { uri: `file:///work/${relativePath}`, relativePath, config, today: TODAY });
  assert.ok(analysis.report, `${relativePath} is read as a report`);
  return { report: analysis.report, findings: analysis.findings, today: TODAY, ...extra };
}

const example = (name: string, extra: Partial<SummaryInput> = {}) =>
  inputFor(readFileSync(join(EXAMPLES, name), 'utf8'), `after-action-reports/${name}`, TEAM, extra);

/** Every report among the examples (with the team's configuration) and the fixtures (with none). */
function allReports(): { name: string; input: SummaryInput }[] {
  const out: { name: string; input: SummaryInput }[] = [];
  for (const name of readdirSync(EXAMPLES).filter((f) => f.endsWith('.md'))) out.push({ name: `examples/${name}`, input: example(name) });
  for (const name of readdirSync(FIXTURES).filter((f) => f.endsWith('.md'))) {
    const relativePath = `test/fixtures/${name}`;
    const analysis = analyze(readFileSync(join(FIXTURES, name), 'utf8'), { uri: `file:///work/${relativePath}`, relativePath, today: TODAY });
    if (analysis.report) out.push({ name: relativePath, input: { report: analysis.report, findings: analysis.findings, today: TODAY } });
  }
  return out;
}

// --- Reading the Markdown ----------------------------------------------------------------------

const unescapeMd = (s: string) =>
  s.replace(/\\(.)|&(lt|gt|amp);/g, (_, escaped: string | undefined, entity: string | undefined) => escaped ?? { lt: '<', gt: '>', amp: '&' }[entity!]!);

/** The body of a `## heading` section, up to the next one. */
function section(md: string, heading: string): string | undefined {
  const start = md.indexOf(`\n## ${heading}\n`);
  if (start < 0) return undefined;
  const end = md.indexOf('\n## ', start + 1);
  return md.slice(start, end < 0 ? undefined : end);
}

/** The rows of the table whose header starts with `firstColumn`, as unescaped cells. */
function tableRows(md: string, firstColumn: string): string[][] {
  const lines = md.split('\n');
  const header = lines.findIndex((l) => l.startsWith(`| ${firstColumn} |`));
  if (header < 0) return [];
  const rows: string[][] = [];
  for (let i = header + 2; i < lines.length && lines[i].startsWith('|'); i++) {
    rows.push(lines[i].slice(1, -1).split(/(?<!\\)\|/).map((c) => unescapeMd(c.trim())));
  }
  return rows;
}

const actionRows = (md: string) => tableRows(md, 'Owner').map(([owner, action, due, status]) => ({ owner, action, due, status }));

const listItems = (body: string | undefined) =>
  (body ?? '')
    .split('\n')
    .filter((l) => l.startsWith('- '))
    .map((l) => unescapeMd(l.slice(2)));

const sortKey = (owner: string) => owner.replace(/^@/, '').toLowerCase();

// --- Reading the HTML and the SVG --------------------------------------------------------------

const VOID_ELEMENTS = new Set(['meta', 'link', 'br', 'hr', 'img', 'input', 'col', 'wbr', 'source']);

/** Every tag closed in order, attributes quoted, no `<` left in the text: what a strict reader needs. */
function assertWellFormed(markup: string, label: string): void {
  const body = markup
    .replace(/^<!DOCTYPE html>/i, '')
    .replace(/<!--[\s\S]*?-->/g, '')
    .replace(/(<style>)[\s\S]*?(<\/style>)/g, '$1$2');
  const stack: string[] = [];
  const tag = /<(\/?)([a-zA-Z][\w-]*)((?:\s+[\w:-]+="[^"<>]*")*)\s*(\/?)>/g;
  let text = '';
  let last = 0;
  for (const m of body.matchAll(tag)) {
    text += body.slice(last, m.index);
    last = m.index + m[0].length;
    const [, closing, name, , selfClosing] = m;
    if (closing) assert.equal(stack.pop(), name, `${label}: </${name}> closes what is open`);
    else if (!selfClosing && !VOID_ELEMENTS.has(name)) stack.push(name);
  }
  text += body.slice(last);
  assert.deepEqual(stack, [], `${label}: every tag is closed`);
  assert.doesNotMatch(text, /</, `${label}: no "<" outside a tag`);
}

const unescapeXml = (s: string) =>
  s.replace(/&(lt|gt|quot|#39|amp);/g, (_, e: string) => ({ lt: '<', gt: '>', quot: '"', '#39': "'", amp: '&' })[e]!);

interface Segment {
  owner: string;
  state: string;
  count: number;
  x: number;
  y: number;
  width: number;
}

/** The bar segments the chart draws, with the owner of their row. */
function segments(svg: string): Segment[] {
  const out: Segment[] = [];
  for (const row of svg.split('<g data-owner="').slice(1)) {
    const owner = unescapeXml(row.slice(0, row.indexOf('"')));
    for (const m of row.matchAll(/<rect [^>]*data-state="(\w+)" data-count="(\d+)" x="([\d.]+)" y="([\d.]+)" width="([\d.]+)"/g)) {
      out.push({ owner, state: m[1], count: Number(m[2]), x: Number(m[3]), y: Number(m[4]), width: Number(m[5]) });
    }
  }
  return out;
}

const svgHeight = (svg: string) => Number(/<svg[^>]* height="(\d+)"/.exec(svg)?.[1]);

/** The chart state a table row's status stands for. */
function stateOfStatus(status: string): string | undefined {
  if (status === 'cancelled') return undefined;
  if (status === 'done') return 'done';
  return status.includes('overdue by') ? 'overdue' : 'open';
}

const daysFrom = (iso: string) => Math.round((Date.parse(`${TODAY}T00:00:00Z`) - Date.parse(`${iso}T00:00:00Z`)) / 86_400_000);

/** A report with these actions (list items with inline fields). */
const reportWith = (actions: string[], frontMatter = 'title: Test review') =>
  `---\n${frontMatter}\ntype: after-action-report\n---\n\n# Test review\n\n## Summary\n\nIt happened.\n\n## Actions\n\n${actions.map((a) => `- ${a}`).join('\n')}\n`;

describe('stakeholder summary', () => {
  const reports = allReports();

  it('reads every example and fixture report', () => {
    assert.ok(reports.length >= 11, `found ${reports.length} reports`);
  });

  describe('Markdown', () => {
    it('has one table row per action with its owner, due date and status, Unowned first, then by owner name and due date', () => {
      for (const { name, input } of reports) {
        const md = stakeholderSummaryMarkdown(input);
        const rows = actionRows(md);
        assert.equal(rows.length, input.report.actions.length, `${name}: rows`);
        for (const action of input.report.actions) {
          const matching = rows.filter((r) => r.action === (action.id ? `${action.id.value}: ${action.text}` : action.text));
          assert.ok(matching.length >= 1, `${name}: a row for "${action.text}"`);
          const row = matching[0];
          if (!action.owner) assert.equal(row.owner, 'Unowned', `${name}: "${action.text}" has no owner`);
          else assert.notEqual(row.owner, 'Unowned', `${name}: "${action.text}" has an owner`);
          assert.equal(row.due, action.due?.iso ?? (action.due ? `${action.due.raw} (cannot be read)` : 'no date'), `${name}: due of "${action.text}"`);
          const iso = action.due?.iso;
          if (iso && iso < TODAY && OPEN_STATUSES.includes(action.status)) {
            const days = daysFrom(iso);
            assert.match(row.status, new RegExp(`overdue by ${days} day${days === 1 ? '' : 's'}$`), `${name}: "${action.text}" is late`);
          } else {
            assert.equal(row.status, action.status.replace('-', ' '), `${name}: status of "${action.text}"`);
          }
        }
        const owners = rows.map((r) => r.owner).filter((o, i, all) => all.indexOf(o) === i);
        const named = owners.filter((o) => o !== 'Unowned');
        assert.deepEqual(owners, [...(owners.includes('Unowned') ? ['Unowned'] : []), ...[...named].sort((a, b) => sortKey(a).localeCompare(sortKey(b)))], `${name}: owner order`);
        for (const owner of owners) {
          const mine = rows.map((r, i) => ({ ...r, i })).filter((r) => r.owner === owner);
          assert.equal(mine[mine.length - 1].i - mine[0].i + 1, mine.length, `${name}: ${owner}'s actions stand together`);
          const dates = mine.map((r) => (/^\d{4}-\d\d-\d\d$/.test(r.due) ? r.due : '9999'));
          assert.deepEqual(dates, [...dates].sort(), `${name}: ${owner}'s actions by due date`);
        }
      }
    });

    it('carries the summary, outcomes and improvements of every report', () => {
      for (const { name, input } of reports) {
        const md = stakeholderSummaryMarkdown(input);
        const { report } = input;
        const summary = unescapeMd(section(md, 'Summary') ?? '');
        if (report.summary) for (const p of report.summary.split('\n\n')) assert.ok(summary.includes(p), `${name}: summary`);
        else assert.match(summary, /No summary written\./, name);
        assert.deepEqual(listItems(section(md, 'Outcomes')), report.outcomes.map((o) => o.text), `${name}: outcomes`);
        assert.deepEqual(listItems(section(md, 'Improvements')), report.improvements.map((i) => i.text), `${name}: improvements`);
      }
    });

    it('search outage: unowned actions first, the overdue one in words, the owners named as the roster names them, the open problems counted', () => {
      const md = stakeholderSummaryMarkdown(example('2026-11-02-search-outage.md'));
      assert.deepEqual(actionRows(md), [
        { owner: 'Unowned', action: 'Refuse the alias swap when the new index holds fewer than 95% of the documents of the old one', due: 'no date', status: 'open' },
        { owner: 'Unowned', action: 'Alert when more than 10% of searches return no results', due: 'no date', status: 'open' },
        { owner: '@alex', action: 'Write the search section of the on-call runbook', due: '2026-12-18', status: 'open' },
        { owner: 'Jonas Weber (@jonas)', action: 'Add a lock so only one re-index job runs at a time', due: '2026-11-13', status: 'overdue by 13 days' },
      ]);
      assert.match(md, /^# Product search returned no results$/m);
      assert.match(md, /\*\*Date:\*\* 2026-11-02 · \*\*Trigger:\*\* incident · \*\*Status:\*\* in-review · \*\*Delivery Owner:\*\* Tom Lindqvist \(@tom\)/);
      assert.match(md, /^4 actions: 1 overdue, 3 open, 0 done\.$/m);
      const problems = section(md, 'Open problems')!;
      assert.match(problems, /The report still has 5 open problems:/);
      assert.deepEqual(listItems(problems), ['2 actions have no owner', '1 owner is not on the team', '1 action is overdue', '1 improvement has no action']);
    });

    it('release 2.4: ids, done actions, milestone and Delivery Owner; nothing left to fix', () => {
      const md = stakeholderSummaryMarkdown(example('2026-10-14-release-2.4.md'));
      assert.deepEqual(
        actionRows(md).map((r) => [r.owner, r.action.slice(0, 4), r.due, r.status]),
        [
          ['Jonas Weber (@jonas)', 'A-3:', '2026-11-06', 'done'],
          ['Priya Raman (@priya)', 'A-2:', '2027-03-15', 'open'],
          ['Tom Lindqvist (@tom)', 'A-1:', '2026-10-28', 'done'],
        ],
      );
      assert.match(md, /\*\*Milestone:\*\* v2\.4\.0/);
      assert.match(md, /\*\*Status:\*\* published/);
      assert.match(md, /\*\*Delivery Owner:\*\* Maya Okafor \(@maya\)/);
      assert.match(section(md, 'Open problems')!, /None: the checks find nothing left to fix\./);
    });

    it('sprint 31 retro: a table with names, an impossible date and statuses in words; no Delivery Owner', () => {
      const md = stakeholderSummaryMarkdown(example('2026-11-20-sprint-31-retro.md'));
      assert.deepEqual(actionRows(md), [
        { owner: 'Unowned', action: 'Try a daily 30-minute review pairing slot for one sprint', due: '2026-12-04', status: 'open' },
        { owner: 'Maya Okafor (@maya)', action: 'Agree the ledger API contract with the Ledger team before Sprint 32 planning', due: '2026-12-01', status: 'in progress' },
        { owner: 'Priya Raman (@priya)', action: 'Turn on refunds for all merchants after the pilot', due: '31 Nov 2026 (cannot be read)', status: 'blocked' },
      ]);
      assert.match(md, /\*\*Delivery Owner:\*\* not named/);
      assert.deepEqual(listItems(section(md, 'Open problems')), ['1 action has no owner', '1 due date cannot be read', 'no Delivery Owner is named']);
    });

    it('a postmortem without front matter: named by its heading, and an owner or Delivery Owner of TBD is nobody', () => {
      const md = stakeholderSummaryMarkdown(example('2026-09-03-checkout-latency-postmortem.md'));
      assert.match(md, /^# Postmortem: Checkout latency spike after cache eviction change\n/, 'without a title, the first heading names it');
      assert.match(md, /\*\*Date:\*\* 2026-09-03 · \*\*Status:\*\* Complete, action items in progress · \*\*Delivery Owner:\*\* not named/, 'a Delivery Owner of TBD is none');
      const rows = actionRows(md);
      assert.deepEqual(
        rows.map((r) => r.owner),
        ['Unowned', 'Jonas Weber (@jonas)', 'Priya Raman (@priya)', 'Tom Lindqvist (@tom)'],
      );
      assert.equal(rows[0].action, 'Add a load test that replays checkout traffic against a cold pricing cache');
    });

    it('says how late an action is, in days, whatever its open status', () => {
      const text = [
        reportWith(['[ ] Ship the fix @sam due:2026-11-25', '[ ] Write the runbook @kim due:2026-11-26', '[x] Rotate the keys @sam due:2026-11-01']),
        '| Action | Owner | Due | Status |',
        '|---|---|---|---|',
        '| Start the migration | @kim | 2026-11-16 | in progress |',
        '| Pause the job | @kim | 2026-11-20 | blocked |',
        '| Drop the old index | @kim | 2026-11-02 | cancelled |',
        '',
      ].join('\n');
      const rows = actionRows(stakeholderSummaryMarkdown(inputFor(text, 'reviews/late.aar.md')));
      const status = (action: string) => rows.find((r) => r.action === action)?.status;
      assert.equal(status('Ship the fix'), 'overdue by 1 day');
      assert.equal(status('Start the migration'), 'in progress, overdue by 10 days');
      assert.equal(status('Pause the job'), 'blocked, overdue by 6 days');
      assert.equal(status('Write the runbook'), 'open', 'due today is not late');
      assert.equal(status('Rotate the keys'), 'done', 'a done action is never late');
      assert.equal(status('Drop the old index'), 'cancelled', 'nor is a cancelled one');
    });

    it('lists the audiences when given, and has no Audiences section otherwise', () => {
      const audiences: Audience[] = [
        { name: 'Delivery team', channel: '#payments-team', expects: 'Pick up the actions you own.', when: 'On publication' },
        { name: 'Engineering leads', expects: 'Help with overdue actions.' },
      ];
      const md = stakeholderSummaryMarkdown(example('2026-10-14-release-2.4.md', { audiences }));
      assert.deepEqual(tableRows(md, 'Audience'), [
        ['Delivery team', '#payments-team', 'Pick up the actions you own.', 'On publication'],
        ['Engineering leads', '—', 'Help with overdue actions.', '—'],
      ]);
      assert.equal(section(stakeholderSummaryMarkdown(example('2026-10-14-release-2.4.md')), 'Audiences'), undefined);
    });

    it('shows the chart as an image only when the caller names its file', () => {
      const withChart = stakeholderSummaryMarkdown(example('2026-11-02-search-outage.md', { chartFile: 'search outage (summary).svg' }));
      assert.match(withChart, /^!\[Actions by owner \(4 actions: 1 overdue, 3 open, 0 done\)\]\(search%20outage%20%28summary%29\.svg\)$/m);
      assert.doesNotMatch(stakeholderSummaryMarkdown(example('2026-11-02-search-outage.md')), /!\[/);
    });

    it('a report without actions says so, with no table and no chart', () => {
      const md = stakeholderSummaryMarkdown(example('2026-11-24-beta-milestone.md', { chartFile: 'beta.svg' }));
      assert.match(section(md, 'Actions by owner')!, /^No actions\.$/m);
      assert.deepEqual(actionRows(md), []);
      assert.doesNotMatch(md, /beta\.svg/);
    });

    it('escapes what the report holds: HTML, Markdown marks and table pipes stay text', () => {
      const input = inputFor(
        reportWith(['[ ] Split the `a|b` table owner: @a&b due:2026-12-01', '[ ] Check *every* row @kim'], 'title: "<script>alert(1)</script> *review*"'),
        'reviews/escape.aar.md',
      );
      const md = stakeholderSummaryMarkdown(input);
      assert.doesNotMatch(md, /<script/);
      assert.match(md, /^# &lt;script&gt;alert\(1\)&lt;\/script&gt; \\\*review\\\*$/m);
      assert.deepEqual(actionRows(md), [
        { owner: '@a&b', action: 'Split the a|b table', due: '2026-12-01', status: 'open' },
        { owner: '@kim', action: 'Check every row', due: 'no date', status: 'open' },
      ]);
    });
  });

  describe('HTML', () => {
    it('is one well-formed, self-contained page: strict CSP, no scripts, no URLs', () => {
      for (const { name, input } of reports) {
        const html = stakeholderSummaryHtml({ ...input, audiences: [{ name: 'Delivery team', channel: '#team' }] });
        assertWellFormed(html, name);
        assert.match(html, /^<!DOCTYPE html>\n<html lang="en">/, name);
        assert.ok(html.includes(`<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">`), `${name}: CSP`);
        assert.doesNotMatch(html, /<script/i, name);
        assert.doesNotMatch(html, /https?:\/\//i, `${name}: no URL at all`);
        assert.doesNotMatch(html, /\b(?:src|href)=|url\(|@import/i, `${name}: nothing loaded`);
      }
    });

    it('has the content of the Markdown: metadata, sections, actions with their status, audiences, problems, and the chart inline', () => {
      const html = stakeholderSummaryHtml(example('2026-11-02-search-outage.md', { audiences: [{ name: 'Engineering leads', channel: 'Monthly ops review', expects: 'Help with overdue actions.' }] }));
      assert.match(html, /<h1>Product search returned no results<\/h1>/);
      assert.match(html, /<dt>Delivery Owner<\/dt><dd>Tom Lindqvist \(@tom\)<\/dd>/);
      assert.match(html, /<p>From 18:40 to 19:55 UTC on 2026-10-30, product search returned an empty list/);
      assert.match(html, /<li>60% of searches returned nothing for 75 minutes\.<\/li>/);
      assert.match(html, /<li>Two re-index jobs could run at once\.<\/li>/);
      assert.match(html, /<th scope="rowgroup" rowspan="2">Unowned<\/th>/);
      assert.match(html, /<td>Add a lock so only one re-index job runs at a time<\/td><td class="due">2026-11-13<\/td><td class="overdue">overdue by 13 days<\/td>/);
      assert.match(html, /<tr><th scope="row">Engineering leads<\/th><td>Monthly ops review<\/td><td>Help with overdue actions\.<\/td><td class="none">—<\/td><\/tr>/);
      assert.match(html, /<li>2 actions have no owner<\/li>/);
      assert.match(html, /<figure><svg width="720" [^>]*role="img"/);
      assert.equal(segments(html).length, 3, 'the chart is inline');
      assert.match(html, /@media \(prefers-color-scheme: dark\)/);
      assert.match(html, /@media print/);
    });

    it('escapes a title and owners that hold markup', () => {
      const input = inputFor(reportWith(['[ ] Ship it owner: @a&b due:2026-12-01', '[ ] Test it owner: Ann "<b>" O\'Neil'], 'title: "<script>alert(1)</script>"'), 'reviews/x.aar.md');
      const html = stakeholderSummaryHtml(input);
      assertWellFormed(html, 'escaped page');
      assert.doesNotMatch(html, /<script|<b>/i);
      assert.match(html, /<h1>&lt;script&gt;alert\(1\)&lt;\/script&gt;<\/h1>/);
      assert.match(html, /<title>&lt;script&gt;alert\(1\)&lt;\/script&gt; — stakeholder summary<\/title>/);
      assert.match(html, />@a&amp;b<\/th>/);
      assert.match(html, />Ann &quot;&lt;b&gt;&quot; O&#39;Neil<\/th>/);
    });
  });

  describe('SVG chart', () => {
    it('draws one segment per owner and state with a count, as the action table has them', () => {
      for (const { name, input } of reports) {
        const expected = new Map<string, number>();
        for (const row of actionRows(stakeholderSummaryMarkdown(input))) {
          const state = stateOfStatus(row.status);
          if (state) expected.set(`${row.owner} | ${state}`, (expected.get(`${row.owner} | ${state}`) ?? 0) + 1);
        }
        const svg = actionsChartSvg(input);
        assertWellFormed(svg, name);
        const drawn = segments(svg);
        assert.deepEqual(new Map(drawn.map((s) => [`${s.owner} | ${s.state}`, s.count])), expected, `${name}: segments`);
        assert.equal(drawn.length, expected.size, `${name}: one segment each`);
      }
    });

    it('draws bars in proportion to the counts, stacked overdue, open, done, one row per owner', () => {
      const input = inputFor(
        reportWith([
          '[ ] One @zoe due:2026-11-01',
          '[ ] Two @zoe due:2026-11-02',
          '[ ] Three @zoe due:2027-01-01',
          '[x] Four @zoe',
          '[x] Five @zoe',
          '[x] Six @zoe',
          '[x] Seven @zoe',
          '[ ] Eight @bob',
          '[ ] Nine',
        ]),
        'reviews/bars.aar.md',
      );
      const drawn = segments(actionsChartSvg(input));
      assert.deepEqual(
        drawn.map((s) => [s.owner, s.state, s.count]),
        [
          ['Unowned', 'open', 1],
          ['@bob', 'open', 1],
          ['@zoe', 'overdue', 2],
          ['@zoe', 'open', 1],
          ['@zoe', 'done', 4],
        ],
      );
      const unit = drawn[0].width / drawn[0].count;
      assert.ok(unit > 0);
      for (const s of drawn) assert.ok(Math.abs(s.width - s.count * unit) < 0.02, `${s.owner} ${s.state}: ${s.width} wide for ${s.count}`);
      const zoe = drawn.filter((s) => s.owner === '@zoe');
      for (let i = 1; i < zoe.length; i++) assert.ok(Math.abs(zoe[i].x - (zoe[i - 1].x + zoe[i - 1].width)) < 0.02, 'segments stack end to end');
      assert.equal(new Set(zoe.map((s) => s.y)).size, 1, "one row for zoe's segments");
      assert.equal(new Set(drawn.map((s) => s.y)).size, 3, 'one row per owner');
    });

    it('is accessible: role, label, title, a text description and a legend', () => {
      const svg = actionsChartSvg(example('2026-11-02-search-outage.md'));
      assert.match(svg, /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" width="720" height="\d+" viewBox="0 0 720 \d+" role="img" aria-label="Actions by owner \(4 actions: 1 overdue, 3 open, 0 done\)">/);
      assert.match(svg, /<title>Actions by owner \(4 actions: 1 overdue, 3 open, 0 done\)<\/title>/);
      assert.match(svg, /<desc>Unowned: 2 open; @alex: 1 open; Jonas Weber \(@jonas\): 1 overdue<\/desc>/);
      for (const legend of ['Overdue', 'Open', 'Done', 'Owner', 'Number of actions']) assert.ok(svg.includes(`>${legend}</text>`), legend);
      assert.doesNotMatch(svg.replace('xmlns="http://www.w3.org/2000/svg"', ''), /https?:\/\/|\bhref=/, 'loads nothing');
    });

    it('escapes owner names', () => {
      const svg = actionsChartSvg(inputFor(reportWith(['[ ] Ship it owner: @a&b', '[ ] Test it owner: <script>x</script>'], 'title: "<script>alert(1)</script>"'), 'reviews/x.aar.md'));
      assertWellFormed(svg, 'escaped chart');
      assert.doesNotMatch(svg, /<script/);
      assert.ok(svg.includes('data-owner="@a&amp;b"'));
      assert.ok(svg.includes('>@a&amp;b</text>'));
      assert.deepEqual(segments(svg).map((s) => s.owner).sort(), ['<script>x</script>', '@a&b'].sort());
    });

    it('says "No actions" when there are none', () => {
      const svg = actionsChartSvg(example('2026-11-24-beta-milestone.md'));
      assertWellFormed(svg, 'empty chart');
      assert.match(svg, /role="img" aria-label="Actions by owner: no actions"/);
      assert.match(svg, />No actions<\/text>/);
      assert.deepEqual(segments(svg), []);
    });

    it('grows in height with the owners, keeps every name, sorts them whatever the order in the report', () => {
      const names = Array.from({ length: 30 }, (_, i) => `${String.fromCharCode(65 + ((i * 7) % 26))}${'x'.repeat(i % 3)} Person ${i}`);
      const many = inputFor(reportWith(names.map((n, i) => `[${i % 2 ? 'x' : ' '}] Task ${i} owner: ${n}`)), 'reviews/many.aar.md');
      const few = inputFor(reportWith(names.slice(0, 3).map((n, i) => `[ ] Task ${i} owner: ${n}`)), 'reviews/few.aar.md');
      const svg = actionsChartSvg(many);
      assertWellFormed(svg, '30 owners');
      const drawn = segments(svg);
      assert.equal(new Set(drawn.map((s) => s.owner)).size, 30);
      const rows = [...new Map(drawn.map((s) => [s.owner, s.y])).entries()];
      assert.deepEqual(
        rows.map(([owner]) => owner),
        [...names].sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase())),
        'owners by name',
      );
      assert.deepEqual(rows.map(([, y]) => y), [...rows.map(([, y]) => y)].sort((a, b) => a - b), 'rows top to bottom in that order');
      const height = svgHeight(svg);
      assert.ok(height > svgHeight(actionsChartSvg(few)) + 27 * 20, `30 owners: ${height} high`);
      assert.ok(Math.max(...drawn.map((s) => s.y)) < height - 40, 'the last row and the axis fit');
    });
  });
});
