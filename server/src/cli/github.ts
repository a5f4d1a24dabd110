// `aar lint --format github`: one GitHub Actions workflow command per finding
// (`::error file=…,line=…,col=…::message`), which the runner turns into an annotation on the
// pull request's diff; the Action (action/src/main.ts) writes its annotations with the same
// function. Pure, as the other writers.
import type { Severity } from '../core';
import { jsonFindingOf, stylishWriter, type JsonFinding, type LintWriter } from './format';

/** GitHub has three kinds of annotation; infos and hints are notices. */
export const ANNOTATION_KIND: Record<Severity, 'error' | 'warning' | 'notice'> = { error: 'error', warning: 'warning', info: 'notice', hint: 'notice' };

/** A command's message as the runner reads it back: `%`, CR and LF escaped. */
export function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** A property's value also ends at `:` or `,`. */
export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/** `::kind key=value,…::message`, values and message escaped. */
export function workflowCommand(kind: string, properties: Record<string, string | number | undefined>, message: string): string {
  const props = Object.entries(properties)
    .filter((entry): entry is [string, string | number] => entry[1] !== undefined)
    .map(([key, value]) => `${key}=${escapeProperty(String(value))}`)
    .join(',');
  return `::${kind}${props ? ` ${props}` : ''}::${escapeData(message)}`;
}

/** The annotation of one finding, titled with its rule so that it can be looked up or switched off. */
export function annotation(f: JsonFinding): string {
  return workflowCommand(
    ANNOTATION_KIND[f.severity],
    { file: f.file, line: f.line, endLine: f.endLine, col: f.column, endColumn: f.endColumn, title: `aar ${f.rule}` },
    f.message,
  );
}

/** Annotations, file by file, then the closing line of the stylish format, so the log says how many. */
export function githubWriter(options: { suppressionsFile?: string }): LintWriter {
  const closing = stylishWriter({ color: false, suppressionsFile: options.suppressionsFile });
  return {
    file(results) {
      closing.file(results);
      return results.findings.map((f) => `${annotation(jsonFindingOf(results.file, f))}\n`).join('');
    },
    end: (totals) => closing.end(totals),
  };
}
