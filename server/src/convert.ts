// Engine values to LSP values. The engine's ranges are LSP-shaped already (0-based, UTF-16);
// what changes is severities, kinds and how edits travel.
import {
  CompletionItemKind,
  DiagnosticSeverity,
  InsertTextFormat,
  MarkupKind,
  OptionalVersionedTextDocumentIdentifier,
  SymbolKind,
  TextDocumentEdit,
  type CompletionItem,
  type Diagnostic,
  type DocumentSymbol,
  type Hover,
  type WorkspaceEdit,
} from 'vscode-languageserver';
import { ruleDocsUrl, type Finding, type Severity, type TextEdit } from './core';
import type { Completion, CompletionKind } from './core/features/completion';
import type { HoverResult } from './core/features/hover';
import type { OutlineKind, OutlineSymbol } from './core/features/symbols';

export const DIAGNOSTIC_SOURCE = 'aar';

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

/** One `codeDescription` per rule and docs base, shared by its diagnostics: a long report has thousands. */
const codeDescriptions = new Map<string, { href: string }>();

function codeDescriptionOf(ruleId: string, docsBase: string): { href: string } {
  const key = `${docsBase}\n${ruleId}`;
  let description = codeDescriptions.get(key);
  if (!description) codeDescriptions.set(key, (description = { href: ruleDocsUrl(ruleId, docsBase) }));
  return description;
}

/**
 * A finding as a diagnostic: what the editor shows, nothing more. Nothing reads a diagnostic's
 * `data` back (fixes come from the server's analysis of the current version, and their edits carry
 * that version), and a long report sends thousands of diagnostics on every keystroke.
 */
export function toDiagnostic(finding: Finding, docsBase: string): Diagnostic {
  let made = diagnostics.get(docsBase);
  if (!made) diagnostics.set(docsBase, (made = new WeakMap()));
  let diagnostic = made.get(finding);
  if (!diagnostic) made.set(finding, (diagnostic = newDiagnostic(finding, docsBase)));
  return diagnostic;
}

/**
 * The diagnostic made for each finding, by docs base. The engine hands over the same findings for
 * the parts of a report an edit did not touch, so a keystroke in a long report makes diagnostics
 * for the few that changed; they are shared, so never changed.
 */
const diagnostics = new Map<string, WeakMap<Finding, Diagnostic>>();

function newDiagnostic(finding: Finding, docsBase: string): Diagnostic {
  return {
    range: finding.range,
    severity: SEVERITY[finding.severity],
    source: DIAGNOSTIC_SOURCE,
    code: finding.ruleId,
    codeDescription: codeDescriptionOf(finding.ruleId, docsBase),
    message: finding.message,
  };
}

/** Edits to one document as a versioned change, so a client refuses them once the document moved on. */
export function toWorkspaceEdit(uri: string, version: number, edits: TextEdit[], versioned: boolean): WorkspaceEdit {
  if (!versioned) return { changes: { [uri]: edits } };
  return { documentChanges: [TextDocumentEdit.create(OptionalVersionedTextDocumentIdentifier.create(uri, version), edits)] };
}

const COMPLETION_KIND: Record<CompletionKind, CompletionItemKind> = {
  person: CompletionItemKind.Reference,
  section: CompletionItemKind.Module,
  key: CompletionItemKind.Property,
  value: CompletionItemKind.Value,
};

export function toCompletionItem(c: Completion): CompletionItem {
  return {
    label: c.label,
    kind: COMPLETION_KIND[c.kind],
    ...(c.detail ? { detail: c.detail } : {}),
    ...(c.documentation ? { documentation: { kind: MarkupKind.Markdown, value: c.documentation } } : {}),
    textEdit: c.edit,
    insertTextFormat: InsertTextFormat.PlainText,
    ...(c.filterText ? { filterText: c.filterText } : {}),
    sortText: c.sortText,
  };
}

export function toHover(h: HoverResult): Hover {
  return { contents: { kind: MarkupKind.Markdown, value: h.contents }, range: h.range };
}

const SYMBOL_KIND: Record<OutlineKind, SymbolKind> = {
  action: SymbolKind.Event,
};

export function toDocumentSymbol(s: OutlineSymbol): DocumentSymbol {
  return {
    name: s.name,
    ...(s.detail ? { detail: s.detail } : {}),
    kind: SYMBOL_KIND[s.kind],
    range: s.range,
    selectionRange: s.selectionRange,
    children: s.children.map(toDocumentSymbol),
  };
}
