// How many of a document's findings are published as diagnostics. VS Code shows at most 1,000
// problems per file (errors first, then warnings, information and hints, each in document order)
// and drops the rest in the extension host; a 600 KB report can have 3,000. Sending them all costs
// every keystroke the time to serialise, send and parse what will not be shown, so the server
// chooses as VS Code would, up to a setting, and says how many more there are.
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver';
import { DIAGNOSTIC_SOURCE } from './convert';
import type { Finding, Severity } from './core';

/** VS Code's own limit per file (`ExtHostDiagnostics._maxDiagnosticsPerFile`); the default of `afterActionReports.maxProblemsPerFile`. */
export const DEFAULT_MAX_PROBLEMS = 1000;

/** The diagnostic code of the note that says how many problems are not shown. */
export const PROBLEM_LIMIT_CODE = 'problem-limit';

const SEVERITY_ORDER: Severity[] = ['error', 'warning', 'info', 'hint'];

/**
 * The findings to publish when at most `limit` diagnostics may be (0: no limit): all of them when
 * they fit; else `limit - 1` chosen as VS Code chooses (the note takes the last place), in their
 * order, and how many are left out.
 */
export function shownFindings(findings: readonly Finding[], limit: number): { shown: readonly Finding[]; hidden: number } {
  if (limit <= 0 || findings.length <= limit) return { shown: findings, hidden: 0 };
  const room = limit - 1;
  const counts: Record<Severity, number> = { error: 0, warning: 0, info: 0, hint: 0 };
  for (const f of findings) counts[f.severity]++;
  // Every finding of a more severe kind fits; of the first kind that does not fit whole, the first few.
  const taken: Record<Severity, number> = { error: 0, warning: 0, info: 0, hint: 0 };
  let left = room;
  for (const severity of SEVERITY_ORDER) {
    taken[severity] = Math.min(counts[severity], left);
    left -= taken[severity];
  }
  const shown: Finding[] = [];
  for (const f of findings) {
    if (taken[f.severity] > 0) {
      taken[f.severity]--;
      shown.push(f);
    }
  }
  return { shown, hidden: findings.length - shown.length };
}

/** The note published in place of the findings left out: at the top of the document, with how to see them all. */
export function problemLimitNote(total: number, hidden: number): Diagnostic {
  const n = (count: number) => count.toLocaleString('en-US');
  return {
    range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
    severity: DiagnosticSeverity.Information,
    source: DIAGNOSTIC_SOURCE,
    code: PROBLEM_LIMIT_CODE,
    message: `${n(hidden)} of this report's ${n(total)} problems are not shown (errors come first, then warnings): \`aar lint\` lists them all, and the setting afterActionReports.maxProblemsPerFile shows more here.`,
  };
}
