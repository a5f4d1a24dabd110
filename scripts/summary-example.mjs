// Writes the example stakeholder summary that the README links to: docs/examples/stakeholder-summary.md,
// .html and .svg, made from the example workspace's search-outage report with today fixed, so that
// running it again gives the same files.
//
//   node scripts/summary-example.mjs
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { require as tsxRequire } from 'tsx/cjs/api';
import { parse as parseYaml } from 'yaml';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const load = (file) => tsxRequire(join(root, file), import.meta.url);
const { analyze } = load('server/src/core/analyze.ts');
const { defaultConfig, mergeConfig, parseTeamConfig } = load('server/src/core/config.ts');
const { actionsChartSvg, stakeholderSummaryHtml, stakeholderSummaryMarkdown } = load('server/src/core/summary.ts');

const TODAY = '2026-11-26';
const REPORT = 'after-action-reports/2026-11-02-search-outage.md';
const OUT = join(root, 'docs', 'examples');
const NAME = 'stakeholder-summary';

const teamText = readFileSync(join(root, 'examples', '.aar.yml'), 'utf8');
const config = mergeConfig(defaultConfig(), parseTeamConfig(teamText).layer);
// The communication plan: as the configuration reads it, else straight from the YAML.
const audiences = config.communication ?? (parseYaml(teamText).communication ?? []).map((a) => ({
  name: String(a.audience ?? a.name ?? ''),
  ...(a.channel ? { channel: String(a.channel) } : {}),
  ...(a.expect ?? a.expects ? { expects: String(a.expect ?? a.expects) } : {}),
  ...(a.when ? { when: String(a.when) } : {}),
}));

const text = readFileSync(join(root, 'examples', REPORT), 'utf8');
const analysis = analyze(text, { uri: `examples/${REPORT}`, relativePath: REPORT, config, today: TODAY });
if (!analysis.report) throw new Error(`${REPORT} is not read as a report`);
const input = { report: analysis.report, findings: analysis.findings, today: TODAY, audiences, chartFile: `${NAME}.svg` };

mkdirSync(OUT, { recursive: true });
writeFileSync(join(OUT, `${NAME}.md`), stakeholderSummaryMarkdown(input));
writeFileSync(join(OUT, `${NAME}.html`), stakeholderSummaryHtml(input));
writeFileSync(join(OUT, `${NAME}.svg`), `${actionsChartSvg(input)}\n`);
console.log(`Wrote docs/examples/${NAME}.md, .html and .svg from examples/${REPORT}`);
