// Output of `aar lint`: ESLint's "stylish" layout for people, a flat JSON array for machines
// (SARIF for code scanning is in sarif.ts). Pure: takes the findings per file, returns text.
import type { Finding, Severity } from '../core';

export interface FileFindings {
  /** The file as shown to the user: relative to the current folder, `/`-separated. */
  file: string;
  findings: Finding[];
  /**
   * Findings held back by the suppressions file (`aar lint --suppress-all`): not shown by stylish
   * or JSON, only counted; SARIF lists them marked as suppressed.
   */
  suppressed?: Finding[];
}

export interface JsonFinding {
  file: string;
  /** 1-based. */
  line: number;
  /** 1-based, in UTF-16 code units like the editors. */
  column: number;
  endLine: number;
  endColumn: number;
  rule: string;
  severity: Severity;
  message: string;
}

export const FORMATS = ['stylish', 'json', 'sarif'] as const;
export type Format = (typeof FORMATS)[number];

export function toJsonFindings(results: FileFindings[]): JsonFinding[] {
  return results.flatMap(({ file, findings }) =>
    findings.map((f) => ({
      file,
      line: f.range.start.line + 1,
      column: f.range.start.character + 1,
      endLine: f.range.end.line + 1,
      endColumn: f.range.end.character + 1,
      rule: f.ruleId,
      severity: f.severity,
      message: f.message,
    })),
  );
}

export function formatJson(results: FileFindings[]): string {
  return `${JSON.stringify(toJsonFindings(results), null, 2)}\n`;
}

export type SeverityCounts = Record<Severity, number>;

export function countSeverities(results: FileFindings[]): SeverityCounts {
  const counts: SeverityCounts = { error: 0, warning: 0, info: 0, hint: 0 };
  for (const { findings } of results) for (const f of findings) counts[f.severity]++;
  return counts;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

const ANSI = { red: 31, yellow: 33, blue: 34, gray: 90, bold: 1, underline: 4, green: 32 } as const;
type Style = keyof typeof ANSI;

export interface StylishOptions {
  /** ANSI colours, for a terminal. */
  color?: boolean;
  /** How many reports were analysed, for the closing line when nothing was found. */
  reportsChecked: number;
  /** How many Markdown files were looked at, for the closing line when none was a report. */
  filesLooked: number;
  /** The suppressions file as shown, named in the closing line when it held findings back. */
  suppressionsFile?: string;
}

/**
 * One block per file with problems (`  line:col  severity  message  rule`, columns aligned), then
 * `✖ N problems (E errors, W warnings, I infos)`; a short all-clear line when there are none. Either
 * ends by saying how many problems the suppressions file held back, when it held any.
 */
export function formatStylish(results: FileFindings[], options: StylishOptions): string {
  const paint = (style: Style, text: string) => (options.color ? `\u001b[${ANSI[style]}m${text}\u001b[0m` : text);
  const severityStyle: Record<Severity, Style> = { error: 'red', warning: 'yellow', info: 'blue', hint: 'gray' };
  const out: string[] = [];
  for (const { file, findings } of results) {
    if (!findings.length) continue;
    const rows = findings.map((f) => ({
      where: `${f.range.start.line + 1}:${f.range.start.character + 1}`,
      severity: f.severity,
      // One line per finding: a message never breaks the layout.
      message: f.message.replace(/\s*\r?\n\s*/g, ' '),
      rule: f.ruleId,
    }));
    const whereWidth = Math.max(...rows.map((r) => r.where.length));
    const severityWidth = Math.max(...rows.map((r) => r.severity.length));
    const messageWidth = Math.max(...rows.map((r) => r.message.length));
    out.push(paint('underline', file));
    for (const r of rows) {
      out.push(
        `  ${paint('gray', r.where.padEnd(whereWidth))}  ${paint(severityStyle[r.severity], r.severity.padEnd(severityWidth))}  ${r.message.padEnd(messageWidth)}  ${paint('gray', r.rule)}`,
      );
    }
    out.push('');
  }
  const counts = countSeverities(results);
  const total = counts.error + counts.warning + counts.info + counts.hint;
  const suppressedCount = results.reduce((n, r) => n + (r.suppressed?.length ?? 0), 0);
  const suppressed = suppressedCount ? `${suppressedCount} suppressed by ${options.suppressionsFile ?? 'the suppressions file'}` : '';
  if (total === 0) {
    if (options.reportsChecked === 0) {
      out.push(`No After Action Reports found (${plural(options.filesLooked, 'Markdown file')} looked at).`);
    } else {
      out.push(paint('green', `✔ ${plural(options.reportsChecked, 'report')} checked: no problems${suppressed ? ` (${suppressed})` : ''}.`));
    }
    return `${out.join('\n')}\n`;
  }
  const parts = [plural(counts.error, 'error'), plural(counts.warning, 'warning'), plural(counts.info, 'info')];
  if (counts.hint) parts.push(plural(counts.hint, 'hint'));
  const summary = `✖ ${plural(total, 'problem')} (${parts.join(', ')})${suppressed ? `, ${suppressed}` : ''}`;
  out.push(paint('bold', paint(counts.error ? 'red' : 'yellow', summary)));
  return `${out.join('\n')}\n`;
}
