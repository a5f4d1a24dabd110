// Edits to one action of a report (`aar/actionEdit`: assign an owner, mark done or open), made
// against the very version of the document the client holds; the lifecycle's requests use the
// same target (`analysisForEdit`).
import { ErrorCodes, ResponseError } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { analyze, type Action, type Analysis } from '../core';
import { ownerPersonOf, setActionStatusFix, setOwnerEdits } from '../core/fixes';
import { ActionEditRequest, type ActionEditParams, type ActionEditResult } from '../protocol';
import type { Configuration } from './configuration';
import type { ServerContext } from './context';
import type { OpenDocuments } from './documents';

/** How long an action edit waits for the document version the client says it holds to arrive. */
const VERSION_WAIT_MS = 1000;

/** What an edit is made against: an analysis and the document version it is of (null: the file on disk), or why there is none (`stale`: the document moved on). */
export type EditTarget = { analysis: Analysis; version: number | null } | { reason: string; version: number | null };

export interface EditTargets {
  /** The analysis an edit is made against: the open document's exact version, else the file on disk. */
  analysisForEdit(uri: string, version: number | undefined): Promise<EditTarget>;
}

export function registerActionEdits(
  ctx: ServerContext,
  openDocuments: Pick<OpenDocuments, 'stateOf'>,
  configuration: Pick<Configuration, 'fileSettings'>,
): EditTargets {
  const { connection, documents, host, guarded } = ctx;

  /**
   * The open document once it has reached `version` (the client sends its change before the
   * request, so normally at once), or as it is after a short wait; undefined when it is not open.
   */
  function documentAt(uri: string, version: number): Promise<TextDocument | undefined> {
    const reached = () => {
      const doc = documents.get(uri);
      return doc && doc.version >= version ? doc : undefined;
    };
    const now = reached();
    if (now) return Promise.resolve(now);
    return new Promise((resolve) => {
      const finish = () => {
        clearTimeout(timer);
        opened.dispose();
        changed.dispose();
        resolve(documents.get(uri));
      };
      const check = () => void (reached() && finish());
      const opened = documents.onDidOpen(check);
      const changed = documents.onDidChangeContent(check);
      const timer = setTimeout(finish, VERSION_WAIT_MS);
    });
  }

  async function analysisForEdit(uri: string, version: number | undefined): Promise<EditTarget> {
    const doc = version === undefined ? documents.get(uri) : await documentAt(uri, version);
    if (doc) {
      if (version !== undefined && doc.version !== version) return { reason: 'stale', version: doc.version };
      // The analysis of the current text, made now if the debounced one has not run yet.
      const state = await openDocuments.stateOf(uri);
      if (!state) return { reason: 'stale', version: null };
      if (version !== undefined && state.version !== version) return { reason: 'stale', version: state.version };
      return { analysis: state.analysis, version: state.version };
    }
    // The client holds a version the server never saw: its text cannot be known here.
    if (version !== undefined) return { reason: 'stale', version: null };
    const file = host.fileOf(uri);
    if (file === undefined) return { reason: 'The document is not open and is not a file on disk.', version: null };
    const settings = await configuration.fileSettings(uri);
    const read = await host.readTextFile(file, settings.config.maxFileSize);
    if (!('text' in read)) return { reason: read.skipped, version: null };
    const analysis = analyze(read.text, { uri, relativePath: settings.relativePath, config: settings.config, today: settings.today });
    return { analysis, version: null };
  }

  async function actionEdit(params: ActionEditParams): Promise<ActionEditResult> {
    const { uri, line, change } = params;
    if (typeof uri !== 'string' || typeof line !== 'number' || !change || typeof change !== 'object') {
      throw new ResponseError(ErrorCodes.InvalidParams, 'aar/actionEdit needs a uri, a line and a change.');
    }
    const version = typeof params.version === 'number' ? params.version : undefined;
    const target = await analysisForEdit(uri, version);
    const nothing = (reason: string): ActionEditResult => ({ uri, version: target.version, edits: [], reason });
    if ('reason' in target) return nothing(target.reason);
    const report = target.analysis.report;
    if (!report) return nothing('The file is not an After Action Report.');
    const action = actionOnLine(report.actions, line);
    if (!action) return nothing(`There is no action on line ${line + 1}.`);
    if ('status' in change) {
      if (change.status !== 'done' && change.status !== 'open') throw new ResponseError(ErrorCodes.InvalidParams, 'The status must be "done" or "open".');
      const done = change.status === 'done';
      const fix = setActionStatusFix(report, action, done);
      if (fix) return { uri, version: target.version, edits: fix.edits };
      if (!done) return nothing('The action is already open.');
      return nothing(action.status === 'done' ? 'The action is already done.' : 'A struck-through action is cancelled; remove the strike-through to reopen it first.');
    }
    if ('owner' in change && typeof change.owner === 'string') {
      const edits = setOwnerEdits(report, action, change.owner);
      if (edits.length) return { uri, version: target.version, edits };
      if (!ownerPersonOf(change.owner)) return nothing(`"${change.owner.trim()}" does not name a person: use a handle such as @sam, or a name.`);
      return nothing(`${change.owner.trim()} already owns the action.`);
    }
    throw new ResponseError(ErrorCodes.InvalidParams, 'The change must be {owner} or {status: "done" | "open"}.');
  }

  connection.onRequest(
    ActionEditRequest.type,
    guarded('Action edit', (params) => actionEdit(params)),
  );

  return { analysisForEdit };
}

/** The innermost action whose range holds the line (a nested item before the item it is nested in). */
function actionOnLine(actions: Action[], line: number): Action | undefined {
  return actions
    .filter((a) => a.range.start.line <= line && line <= a.range.end.line)
    .sort((a, b) => b.range.start.line - a.range.start.line || b.range.start.character - a.range.start.character)[0];
}
