// What the editor asks about a report as it is typed: code actions (quick fixes, changes to the
// action under the cursor, fix-all), completion, hover and the outline. Each handler finds the
// document's analysis and converts what the engine answers.
import { CodeActionKind, type CodeAction, type Diagnostic } from 'vscode-languageserver';
import { actionCodeActions, fixAllEdits, type Finding, type Range } from '../core';
import { completions } from '../core/features/completion';
import { hover } from '../core/features/hover';
import { documentSymbols } from '../core/features/symbols';
import { rangesTouch } from '../core/text';
import type { SectionKind } from '../core/types';
import { DIAGNOSTIC_SOURCE, toCompletionItem, toDiagnostic, toDocumentSymbol, toHover, toWorkspaceEdit } from '../convert';
import { teamSectionEdit } from '../teamConfigEdits';
import type { WorkspaceIndex } from '../workspaceIndex';
import type { Configuration } from './configuration';
import type { ServerContext } from './context';
import type { OpenDocuments } from './documents';

/** The fix-all code action's kind: offered only when asked for (on save, or the Source Action menu). */
export const FIX_ALL_KIND = `${CodeActionKind.SourceFixAll}.aar`;

export function registerLanguageFeatures(
  ctx: ServerContext,
  openDocuments: Pick<OpenDocuments, 'flushIndexUpdates' | 'stateOf'>,
  configuration: Pick<Configuration, 'teamConfigTarget'>,
  index: Pick<WorkspaceIndex, 'openActionsOwnedBy'>,
): void {
  const { connection, client, docsBase, host, guarded } = ctx;
  const { stateOf, flushIndexUpdates } = openDocuments;

  connection.onCodeAction(
    guarded('Code actions', async (params) => {
      const state = await stateOf(params.textDocument.uri);
      const report = state?.analysis.report;
      if (!state || !report) return [];
      const { uri } = params.textDocument;
      const only = params.context.only;
      const wants = (kind: string) => !only || only.some((o) => kind === o || kind.startsWith(`${o}.`));
      const edit = (edits: Finding['fixes'][number]['edits']) => toWorkspaceEdit(uri, state.version, edits, client.documentChanges);
      const actions: CodeAction[] = [];
      const teamFixes: { action: CodeAction; kind: SectionKind; heading: string }[] = [];

      if (wants(CodeActionKind.QuickFix)) {
        state.analysis.findings.forEach((finding) => {
          // The range first: kept findings make their fixes only when asked for them.
          if (!rangesTouch(finding.range, params.range) || !finding.fixes.length) return;
          const diagnostic = sentDiagnostic(params.context.diagnostics, finding) ?? toDiagnostic(finding, docsBase);
          for (const fix of finding.fixes) {
            const action: CodeAction = {
              title: fix.title,
              kind: CodeActionKind.QuickFix,
              diagnostics: [diagnostic],
              isPreferred: fix.isPreferred ?? finding.fixes.length === 1,
            };
            if (fix.teamSection) {
              teamFixes.push({ action, ...fix.teamSection });
              continue;
            }
            if (fix.edits.length) action.edit = edit(fix.edits);
            if (fix.command) action.command = { title: fix.title, ...fix.command, arguments: withVersion(fix.command.arguments, uri, state.version) };
            actions.push(action);
          }
        });
      }
      // Fixes to the team's `.aar.yml`: offered only where the edit can be made and applied.
      if (teamFixes.length) {
        const target = await configuration.teamConfigTarget(uri);
        for (const { action, kind, heading } of teamFixes) {
          const change = target && (await teamSectionEdit(target, kind, heading, client, host.readTeamConfigText));
          if (!change) continue;
          action.edit = change;
          actions.push(action);
        }
      }

      // Changes to the action under the cursor (mark done, add a due date, ...): not fixes of a problem.
      const refactors = wants(CodeActionKind.RefactorRewrite) ? actionCodeActions(report, params.range, state.today) : [];
      // A quick fix already listed (e.g. "Assign to @sam" for an unowned action) is not offered twice.
      const listed = new Set(actions.map((a) => a.title));
      for (const refactor of refactors) {
        if (listed.has(refactor.title)) continue;
        const action: CodeAction = { title: refactor.title, kind: CodeActionKind.RefactorRewrite };
        if (refactor.edits.length) action.edit = edit(refactor.edits);
        if (refactor.command) action.command = { title: refactor.title, ...refactor.command, arguments: withVersion(refactor.command.arguments, uri, state.version) };
        actions.push(action);
      }

      // Fix-all only when asked for (on save, or the Source Action menu), as vscode-eslint does.
      if (only && wants(FIX_ALL_KIND)) {
        const edits = fixAllEdits(state.analysis);
        if (edits.length) actions.push({ title: 'Fix all auto-fixable After Action Report problems', kind: FIX_ALL_KIND, edit: edit(edits) });
      }
      return actions;
    }),
  );

  connection.onCompletion(
    guarded('Completion', async (params) => {
      const state = await stateOf(params.textDocument.uri);
      if (!state) return [];
      const items = completions(state.analysis.report, params.position, {
        triggers: state.config.triggers,
        sectionSynonyms: state.config.sectionSynonyms,
        today: state.today,
      });
      return items.map(toCompletionItem);
    }),
  );

  connection.onHover(
    guarded('Hover', async (params) => {
      const state = await stateOf(params.textDocument.uri);
      flushIndexUpdates();
      const result = state && hover(state.analysis.report, params.position, (owners, first) => index.openActionsOwnedBy(owners, first));
      return result ? toHover(result) : null;
    }),
  );

  connection.onDocumentSymbol(
    guarded('Document symbols', async (params) => {
      const state = await stateOf(params.textDocument.uri);
      return state ? documentSymbols(state.analysis.report).map(toDocumentSymbol) : [];
    }),
  );
}

/** The diagnostic the client sent back for this finding, so the quick fix is attached to the very same one. */
function sentDiagnostic(diagnostics: Diagnostic[], finding: Finding): Diagnostic | undefined {
  const same = (a: Range, b: Range) =>
    a.start.line === b.start.line && a.start.character === b.start.character && a.end.line === b.end.line && a.end.character === b.end.character;
  // The message too: a report's missing sections are findings of one rule at one place.
  return diagnostics.find((d) => d.source === DIAGNOSTIC_SOURCE && d.code === finding.ruleId && same(d.range, finding.range) && d.message === finding.message);
}

/** A command argument that names the document gets the version the server saw, so the client can refuse a stale edit. */
function withVersion(args: unknown[], uri: string, version: number): unknown[] {
  return args.map((arg) => {
    if (!arg || typeof arg !== 'object' || Array.isArray(arg)) return arg;
    const record = arg as Record<string, unknown>;
    return record.uri === uri && record.version === undefined ? { ...record, version } : arg;
  });
}
