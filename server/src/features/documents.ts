// Open documents: each analysed by its own incremental analyzer as typing allows, its diagnostics
// published (within the problem limit), its analysis kept for the features that ask (`stateOf`),
// and told to the workspace index once typing pauses.
import { createDocumentAnalyzer, type AarConfig, type Analysis, type DocumentAnalyzer } from '../core';
import { toDiagnostic } from '../convert';
import { DEFAULT_MAX_PROBLEMS, problemLimitNote, shownFindings } from '../problemLimit';
import { afterTwoTurns } from '../scheduling';
import type { WorkspaceIndex } from '../workspaceIndex';
import type { Configuration } from './configuration';
import type { ServerContext } from './context';

/** Typing pauses shorter than this do not trigger a new analysis of a document that is slow to analyse. */
const DEBOUNCE_MS = 150;
/**
 * A document whose last analysis took less than this is analysed as soon as the changes queued so
 * far are in: typing leaves such a server mostly idle (an edit of a 600 KB report takes 15-35 ms).
 */
const CHEAP_ANALYSIS_MS = 50;
/** A pause in typing this long lets the index hear of the document's latest version (sidebar, status bar). */
const INDEX_UPDATE_DELAY_MS = 250;

export interface DocumentState {
  version: number;
  /** Settings generation the analysis was made with; a configuration change makes it stale. */
  generation: number;
  analysis: Analysis;
  config: AarConfig;
  today: string;
  /** How many of its problems are published at most (0: all). */
  maxProblems: number;
  /**
   * How long the analysis took, in milliseconds, when it followed an earlier one of the document:
   * it decides how long typing waits for the next. A first analysis reads everything, so says nothing.
   */
  cost?: number;
  /** Whether the workspace index has been told of this analysis. */
  indexed: boolean;
}

export interface OpenDocuments {
  /** The analysis of the document's current text, computed once per version and settings generation; none for a document not open, or a team configuration. */
  stateOf(uri: string): Promise<DocumentState | undefined>;
  /** Tells the index of every version whose diagnostics are out, so that what it answers includes them. */
  flushIndexUpdates(): void;
  /** Cancels the validations waiting. */
  shutdown(): void;
}

export function registerDocuments(
  ctx: ServerContext,
  configuration: Pick<Configuration, 'fileSettings' | 'generation' | 'onSettingsChanged' | 'teamConfigFolder'>,
  index: Pick<WorkspaceIndex, 'setLive' | 'closed'>,
): OpenDocuments {
  const { connection, documents, docsBase, logError, host } = ctx;
  const states = new Map<string, DocumentState>();
  const analysing = new Map<string, Promise<DocumentState | undefined>>();
  /** One incremental analyzer per open document: an edit re-reads only the part of the text it touched. */
  const analyzers = new Map<string, DocumentAnalyzer>();
  /** The validation each document waits for, as the way to cancel it. */
  const pending = new Map<string, () => void>();

  function stateOf(uri: string): Promise<DocumentState | undefined> {
    // `.aar.yml` is synchronised for versioned edits to it; it is not a report.
    if (configuration.teamConfigFolder(uri)) return Promise.resolve(undefined);
    const cached = states.get(uri);
    const current = documents.get(uri);
    if (!current) return Promise.resolve(undefined);
    if (cached && cached.version === current.version && cached.generation === configuration.generation()) return Promise.resolve(cached);
    // Diagnostics, code actions and completion often ask for the same version at once: analyse it once.
    const key = `${uri}#${current.version}#${configuration.generation()}`;
    let running = analysing.get(key);
    if (!running) {
      running = analyse(uri).finally(() => analysing.delete(key));
      analysing.set(key, running);
    }
    return running;
  }

  async function analyse(uri: string): Promise<DocumentState | undefined> {
    const settingsGeneration = configuration.generation();
    const settings = await configuration.fileSettings(uri);
    // The text may have moved on while settings were read: analyse what is there now.
    const doc = documents.get(uri);
    if (!doc) return undefined;
    const known = analyzers.get(uri);
    const analyzer = known ?? createDocumentAnalyzer();
    analyzers.set(uri, analyzer);
    const started = performance.now();
    const analysis = analyzer.analyze(doc.getText(), { uri, relativePath: settings.relativePath, config: settings.config, today: settings.today });
    const cost = known ? performance.now() - started : undefined;
    const state: DocumentState = {
      version: doc.version,
      generation: settingsGeneration,
      analysis,
      config: settings.config,
      today: settings.today,
      maxProblems: settings.maxProblems ?? DEFAULT_MAX_PROBLEMS,
      cost,
      indexed: !known,
    };
    if (settingsGeneration === configuration.generation()) states.set(uri, state);
    // A document just opened is the index's business at once (the file on disk no longer counts);
    // while it is typed in, the index hears of each version after its diagnostics are out.
    if (!known) index.setLive(uri, analysis, settings.today, doc.version);
    return state;
  }

  /**
   * Validates the document once typing allows: after the changes already queued when its last
   * analysis was cheap (or is not known yet), else after a pause of `DEBOUNCE_MS`. `delay` 0
   * validates as soon as the queued changes are in.
   */
  function scheduleValidation(uri: string, delay?: number): void {
    pending.get(uri)?.();
    const run = () => {
      pending.delete(uri);
      validate(uri).catch((e: Error) => logError(`Checking ${uri} failed: ${e.stack ?? e.message}`));
    };
    const cost = states.get(uri)?.cost;
    if (delay === undefined) delay = cost !== undefined && cost >= CHEAP_ANALYSIS_MS ? DEBOUNCE_MS : 0;
    if (delay) {
      const timer = setTimeout(run, delay);
      pending.set(uri, () => clearTimeout(timer));
      return;
    }
    // The connection handles one queued message per turn: waiting two turns lets the next queued
    // change in first, which cancels this run, so that a burst of changes is analysed once.
    pending.set(uri, afterTwoTurns(run));
  }

  /** The idle collection waiting for its turn (see ServerHost.collectIdleGarbage), as the way to cancel it. */
  let idleCollection: (() => void) | undefined;

  /** Lets the host collect young garbage once nothing waits: no change queued, no analysis running. */
  function collectWhenIdle(): void {
    if (!host.collectIdleGarbage) return;
    idleCollection?.();
    idleCollection = afterTwoTurns(() => {
      idleCollection = undefined;
      // A change that came in meanwhile is analysed first, and its diagnostics ask again.
      if (pending.size || analysing.size) return;
      host.collectIdleGarbage?.();
    });
  }

  async function validate(uri: string): Promise<void> {
    const state = await stateOf(uri);
    const doc = documents.get(uri);
    // Never publish for a version the editor no longer shows: the newer change has its own run.
    if (!state || !doc || state.version !== doc.version) return;
    const { findings } = state.analysis;
    const { shown, hidden } = shownFindings(findings, state.maxProblems);
    const diagnostics = shown.map((f) => toDiagnostic(f, docsBase));
    if (hidden) diagnostics.push(problemLimitNote(findings.length, hidden));
    await connection.sendDiagnostics({ uri, version: state.version, diagnostics });
    collectWhenIdle();
    // Typing waits for the diagnostics only: the index hears of the version once typing pauses
    // (summarising a long report takes milliseconds that the next keystroke would wait for), or at
    // once when someone asks it for actions or reports.
    if (!state.indexed && states.get(uri) === state) indexLater(uri, state);
  }

  /** Open documents whose latest analysis the index has not heard of yet, and when it will. */
  const indexUpdates = new Map<string, { state: DocumentState; timer: ReturnType<typeof setTimeout> }>();

  function indexLater(uri: string, state: DocumentState): void {
    clearTimeout(indexUpdates.get(uri)?.timer);
    indexUpdates.set(uri, { state, timer: setTimeout(() => indexNow(uri), INDEX_UPDATE_DELAY_MS) });
  }

  function indexNow(uri: string): void {
    const update = indexUpdates.get(uri);
    if (!update) return;
    clearTimeout(update.timer);
    indexUpdates.delete(uri);
    const { state } = update;
    if (state.indexed || states.get(uri) !== state) return;
    state.indexed = true;
    index.setLive(uri, state.analysis, state.today, state.version);
  }

  // Analyses made with the old configuration are stale: check every open document again at once.
  configuration.onSettingsChanged(() => {
    for (const doc of documents.all()) scheduleValidation(doc.uri, 0);
  });

  documents.onDidChangeContent(({ document }) => {
    if (!configuration.teamConfigFolder(document.uri)) scheduleValidation(document.uri);
  });
  documents.onDidClose(({ document }) => {
    if (configuration.teamConfigFolder(document.uri)) return;
    const update = indexUpdates.get(document.uri);
    if (update) clearTimeout(update.timer);
    indexUpdates.delete(document.uri);
    pending.get(document.uri)?.();
    pending.delete(document.uri);
    states.delete(document.uri);
    analyzers.delete(document.uri);
    void connection.sendDiagnostics({ uri: document.uri, diagnostics: [] });
    index.closed(document.uri).catch((e: Error) => logError(`Re-reading ${document.uri} failed: ${e.message}`));
  });

  return {
    stateOf,
    flushIndexUpdates() {
      for (const uri of [...indexUpdates.keys()]) indexNow(uri);
    },
    shutdown() {
      for (const cancel of pending.values()) cancel();
      pending.clear();
      idleCollection?.();
    },
  };
}
