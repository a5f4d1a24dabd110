// `aar lint --format sarif`: SARIF 2.1.0, the format code-scanning services (GitHub, Azure DevOps,
// GitLab) read, so findings show up on pull requests. Pure: findings one file at a time in, JSON
// text out (see LintWriter).
import { rules, type Finding, type Severity } from '../core';
import { indented, type LintWriter } from './format';

/** Findings that come from the hosts, not from a rule of the engine. */
const HOST_RULES: { id: string; description: string; defaultSeverity: Severity }[] = [
  { id: 'file-skipped', description: 'The file was not analysed: too large, binary, not UTF-8, or unreadable.', defaultSeverity: 'info' },
];

/** SARIF has three levels that show; infos and hints are notes. */
const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', info: 'note', hint: 'note' };

/** A `/`-separated relative path as a URI reference: each segment escaped, so `#`, `?` and `%` in names stay names. */
function relativeUri(file: string): string {
  return file
    .split('/')
    .map((segment) => encodeURIComponent(segment))
    .join('/');
}

export interface SarifOptions {
  version: string;
  /** The suppressions file as shown, named in each suppressed result's justification. */
  suppressionsFile?: string;
}

/** Where the results go in the log as `JSON.stringify(…, null, 2)` lays it out. */
const RESULTS_MARK = '\u0000results\u0000';

export function sarifWriter(options: SarifOptions): LintWriter {
  const known = [...rules.map((r) => ({ id: r.id, description: r.description, defaultSeverity: r.defaultSeverity })), ...HOST_RULES];
  const descriptors: typeof known = [];
  for (const rule of known) if (!descriptors.some((d) => d.id === rule.id)) descriptors.push(rule);
  const index = new Map(descriptors.map((d, i) => [d.id, i]));
  const resultOf = (file: string, f: Finding) => ({
    ruleId: f.ruleId,
    // A rule this build does not list (should not happen) is named by its id alone.
    ...(index.has(f.ruleId) ? { ruleIndex: index.get(f.ruleId) } : {}),
    level: LEVEL[f.severity],
    message: { text: f.message },
    locations: [
      {
        physicalLocation: {
          artifactLocation: { uri: relativeUri(file), uriBaseId: '%SRCROOT%' },
          region: {
            startLine: f.range.start.line + 1,
            startColumn: f.range.start.character + 1,
            endLine: f.range.end.line + 1,
            endColumn: f.range.end.character + 1,
          },
        },
      },
    ],
  });
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'aar',
            fullName: 'After Action Reports (aar lint)',
            version: options.version,
            semanticVersion: options.version,
            rules: descriptors.map((d) => ({
              id: d.id,
              name: d.id.replace(/(^|-)([a-z])/g, (_, _dash: string, c: string) => c.toUpperCase()),
              shortDescription: { text: d.description },
              fullDescription: { text: d.description },
              defaultConfiguration: { level: LEVEL[d.defaultSeverity] },
              properties: { tags: ['after-action-report'] },
            })),
          },
        },
        // Columns count UTF-16 code units, as the editors and the other formats do.
        columnKind: 'utf16CodeUnits',
        originalUriBaseIds: { '%SRCROOT%': { description: { text: 'The folder aar lint ran in.' } } },
        // Findings the suppressions file holds back are kept, marked as suppressed in an external
        // store (SARIF 2.1.0 §3.35, kind "external"), so that a viewer that honours it shows them
        // as suppressed rather than open, and nothing set aside is lost from the log.
        results: [RESULTS_MARK],
      },
    ],
  };
  // The log around its results: the results are printed between, as the files are checked.
  const log = JSON.stringify(sarif, null, 2);
  const mark = log.indexOf(JSON.stringify(RESULTS_MARK));
  const lineStart = log.lastIndexOf('\n', mark) + 1;
  const indent = log.slice(lineStart, mark);
  const head = log.slice(0, log.lastIndexOf('[', lineStart));
  const tail = log.slice(log.indexOf(']', mark) + 1);
  let first = true;
  const result = (value: object) => {
    const text = `${first ? `${head}[\n` : ',\n'}${indented(JSON.stringify(value, null, 2), indent)}`;
    first = false;
    return text;
  };
  return {
    file({ file, findings, suppressed = [] }) {
      let out = '';
      for (const f of findings) out += result(resultOf(file, f));
      for (const f of suppressed) {
        out += result({
          ...resultOf(file, f),
          suppressions: [{ kind: 'external', justification: `Recorded in ${options.suppressionsFile ?? 'the suppressions file'} by aar lint --suppress-all.` }],
        });
      }
      return out;
    },
    end: () => `${first ? `${head}[]` : `\n${indent.slice(2)}]`}${tail}\n`,
  };
}
