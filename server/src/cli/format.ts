// Output of `aar lint`: ESLint's "stylish" layout for people, a flat JSON array for machines
// (SARIF for code scanning is in sarif.ts). Pure: a writer takes the findings one file at a time
// and gives the text to print for it, then the text that closes the output, so that the CLI prints
// each file as it is checked instead of holding every finding of a large workspace.
import type { Finding, Severity } from '../core';
import { plural } from '../core/words';

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

/** A finding as the json format writes it (and the github format annotates it): 1-based, with its file. */
export function jsonFindingOf(file: string, f: Finding): JsonFinding {
  return {
    file,
    line: f.range.start.line + 1,
    column: f.range.start.character + 1,
    endLine: f.range.end.line + 1,
    endColumn: f.range.end.character + 1,
    rule: f.ruleId,
    severity: f.severity,
    message: f.message,
  };
}

export const FORMATS = ['stylish', 'json', 'sarif', 'github'] as const;
export type Format = (typeof FORMATS)[number];

/** The output, file by file: `file` gives what to print for one file, `end` what closes the output. */
export interface LintWriter {
  file(results: FileFindings): string;
  end(totals: { reportsChecked: number; filesLooked: number }): string;
}

/** Each line indented by `indent`: a value `JSON.stringify(…, null, 2)` printed inside an array or object. */
export function indented(text: string, indent: string): string {
  return `${indent}${text.replace(/\n/g, `\n${indent}`)}`;
}

/** `JSON.stringify(allFindings, null, 2)`, one file at a time; each finding laid out directly (a 20,000-report run prints 60 MB). */
export function jsonWriter(): LintWriter {
  let first = true;
  return {
    file({ file, findings }) {
      if (!findings.length) return '';
      const name = JSON.stringify(file);
      let out = '';
      for (const f of findings) {
        // The keys and layout of JsonFinding as JSON.stringify(…, null, 2) writes it inside the array.
        out += `${first ? '[\n' : ',\n'}  {
    "file": ${name},
    "line": ${f.range.start.line + 1},
    "column": ${f.range.start.character + 1},
    "endLine": ${f.range.end.line + 1},
    "endColumn": ${f.range.end.character + 1},
    "rule": ${JSON.stringify(f.ruleId)},
    "severity": ${JSON.stringify(f.severity)},
    "message": ${JSON.stringify(f.message)}
  }`;
        first = false;
      }
      return out;
    },
    end: () => (first ? '[]\n' : '\n]\n'),
  };
}

export type SeverityCounts = Record<Severity, number>;


const ANSI = { red: 31, yellow: 33, blue: 34, gray: 90, bold: 1, underline: 4, green: 32 } as const;
type Style = keyof typeof ANSI;

export interface StylishOptions {
  /** ANSI colours, for a terminal. */
  color?: boolean;
  /** The suppressions file as shown, named in the closing line when it held findings back. */
  suppressionsFile?: string;
}

/**
 * One block per file with problems (`  line:col  severity  message  rule`, columns aligned), then
 * `✖ N problems (E errors, W warnings, I infos)`; a short all-clear line when there are none. Either
 * ends by saying how many problems the suppressions file held back, when it held any.
 */
export function stylishWriter(options: StylishOptions): LintWriter {
  const paint = (style: Style, text: string) => (options.color ? `\u001b[${ANSI[style]}m${text}\u001b[0m` : text);
  const severityStyle: Record<Severity, Style> = { error: 'red', warning: 'yellow', info: 'blue', hint: 'gray' };
  const counts: SeverityCounts = { error: 0, warning: 0, info: 0, hint: 0 };
  let suppressedCount = 0;
  return {
    file({ file, findings, suppressed }) {
      suppressedCount += suppressed?.length ?? 0;
      if (!findings.length) return '';
      const rows = findings.map((f) => {
        counts[f.severity]++;
        return {
          where: `${f.range.start.line + 1}:${f.range.start.character + 1}`,
          severity: f.severity,
          // One line per finding: a message never breaks the layout.
          message: f.message.replace(/\s*\r?\n\s*/g, ' '),
          rule: f.ruleId,
        };
      });
      const whereWidth = Math.max(...rows.map((r) => r.where.length));
      const severityWidth = Math.max(...rows.map((r) => r.severity.length));
      const messageWidth = Math.max(...rows.map((r) => r.message.length));
      const out = [paint('underline', file)];
      for (const r of rows) {
        out.push(
          `  ${paint('gray', r.where.padEnd(whereWidth))}  ${paint(severityStyle[r.severity], r.severity.padEnd(severityWidth))}  ${r.message.padEnd(messageWidth)}  ${paint('gray', r.rule)}`,
        );
      }
      return `${out.join('\n')}\n\n`;
    },
    end({ reportsChecked, filesLooked }) {
      const total = counts.error + counts.warning + counts.info + counts.hint;
      const suppressed = suppressedCount ? `${suppressedCount} suppressed by ${options.suppressionsFile ?? 'the suppressions file'}` : '';
      if (total === 0) {
        if (reportsChecked === 0) return `No After Action Reports found (${plural(filesLooked, 'Markdown file')} looked at).\n`;
        return `${paint('green', `✔ ${plural(reportsChecked, 'report')} checked: no problems${suppressed ? ` (${suppressed})` : ''}.`)}\n`;
      }
      const parts = [plural(counts.error, 'error'), plural(counts.warning, 'warning'), plural(counts.info, 'info')];
      if (counts.hint) parts.push(plural(counts.hint, 'hint'));
      const summary = `✖ ${plural(total, 'problem')} (${parts.join(', ')})${suppressed ? `, ${suppressed}` : ''}`;
      return `${paint('bold', paint(counts.error ? 'red' : 'yellow', summary))}\n`;
    },
  };
}
