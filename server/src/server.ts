// The language server: LSP glue around the engine. Each handler finds the document, asks the engine
// and converts the answer; everything that knows about reports lives in `core/`.
import * as path from 'node:path';
import {
  CodeActionKind,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  ErrorCodes,
  FileChangeType,
  ResponseError,
  TextDocuments,
  TextDocumentSyncKind,
  type CodeAction,
  type Connection,
  type Diagnostic,
  type InitializeResult,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { URI } from 'vscode-uri';
import {
  actionCodeActions,
  analyze,
  defaultConfig,
  fixAllEdits,
  mergeConfig,
  type AarConfig,
  type Analysis,
  type Finding,
  type Range,
} from './core';
import { localToday } from './core/analyze';
import { completions } from './core/features/completion';
import { hover } from './core/features/hover';
import { documentSymbols } from './core/features/symbols';
import { rangesTouch } from './core/text';
import { DIAGNOSTIC_SOURCE, toCompletionItem, toDiagnostic, toDocumentSymbol, toHover, toWorkspaceEdit } from './convert';
import { CONFIG_FILE_NAMES, loadWorkspaceConfig } from './node/config';
import { toPosixRelative } from './node/files';
import { OpenActionsRequest } from './protocol';
import { defaultSettings, readSettings, settingsLayer, type AarSettings } from './settings';
import { WorkspaceIndex, type FileSettings } from './workspaceIndex';

export interface ServerOptions {
  /** Where the rule pages are (a URL or file URI ending in `/`); defaults to `<extension>/docs/rules/` next to the bundle. */
  docsBase?: string;
  /** Reported in `serverInfo`. */
  version?: string;
}

/** Typing pauses shorter than this do not trigger a new analysis. */
const DEBOUNCE_MS = 150;
/** A client that never answers `workspace/configuration` (some editors) must not hold diagnostics back. */
const CONFIGURATION_TIMEOUT_MS = 2000;

export const FIX_ALL_KIND = `${CodeActionKind.SourceFixAll}.aar`;

interface DocumentState {
  version: number;
  /** Settings generation the analysis was made with; a configuration change makes it stale. */
  generation: number;
  analysis: Analysis;
  config: AarConfig;
  today: string;
}

function defaultDocsBase(): string {
  // The bundle is dist/server.js; the rule pages ship in docs/rules beside dist.
  return `${URI.file(path.resolve(__dirname, '..', 'docs', 'rules')).toString()}/`;
}

export function startServer(connection: Connection, options: ServerOptions = {}): void {
  const documents = new TextDocuments(TextDocument);
  const docsBase = options.docsBase ?? defaultDocsBase();
  const log = (message: string) => connection.console.log(message);
  const logError = (message: string) => connection.console.error(message);

  const client = {
    configuration: false,
    dynamicConfiguration: false,
    dynamicWatchers: false,
    workspaceFolders: false,
    documentChanges: false,
  };
  let folders: string[] = [];
  let generation = 0;
  /** Used when the client cannot answer `workspace/configuration`: what `didChangeConfiguration` carried. */
  let pushedSettings: AarSettings = defaultSettings();
  const settingsRequests = new Map<string, Promise<AarSettings>>();
  const teamConfigs = new Map<string, Promise<AarConfig>>();
  const states = new Map<string, DocumentState>();
  const analysing = new Map<string, Promise<DocumentState | undefined>>();
  const timers = new Map<string, ReturnType<typeof setTimeout>>();

  // ---- settings and configuration -------------------------------------------------------------

  function settingsFor(scopeUri: string | undefined): Promise<AarSettings> {
    if (!client.configuration) return Promise.resolve(pushedSettings);
    const key = scopeUri ?? '';
    let request = settingsRequests.get(key);
    if (!request) {
      request = connection.workspace
        .getConfiguration({ scopeUri, section: 'aar' })
        .then(readSettings, (e: Error) => {
          logError(`Reading the aar settings failed, using defaults: ${e.message}`);
          return defaultSettings();
        });
      settingsRequests.set(key, request);
    }
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<AarSettings>((resolve) => {
      timer = setTimeout(() => resolve(defaultSettings()), CONFIGURATION_TIMEOUT_MS);
    });
    return Promise.race([request, timeout]).finally(() => clearTimeout(timer));
  }

  function folderOf(uri: string): string | undefined {
    const parsed = URI.parse(uri);
    if (parsed.scheme !== 'file') return undefined;
    const file = parsed.fsPath;
    return folders
      .filter((f) => file === f || file.startsWith(f.endsWith(path.sep) ? f : f + path.sep))
      .sort((a, b) => b.length - a.length)[0];
  }

  function teamConfig(folder: string): Promise<AarConfig> {
    let config = teamConfigs.get(folder);
    if (!config) {
      config = loadWorkspaceConfig(folder).then(
        (loaded) => {
          for (const error of loaded.errors) logError(`${loaded.file ?? folder}:${error.line + 1}: ${error.message}`);
          return loaded.config;
        },
        (e: Error) => {
          logError(`Reading the team configuration of ${folder} failed: ${e.message}`);
          return defaultConfig();
        },
      );
      teamConfigs.set(folder, config);
    }
    return config;
  }

  /** Configuration for a file: defaults, then its folder's `.aar.yml`, then the user's settings. */
  async function fileSettings(uri: string, scopeUri: string = uri): Promise<FileSettings> {
    const folder = folderOf(uri);
    const [settings, team] = await Promise.all([settingsFor(scopeUri), folder ? teamConfig(folder) : defaultConfig()]);
    const relativePath = folder ? toPosixRelative(URI.parse(uri).fsPath, folder) : undefined;
    return { config: mergeConfig(team, settingsLayer(settings)), today: settings.today ?? localToday(), relativePath };
  }

  const index = new WorkspaceIndex({
    // One configuration request per folder rather than per file.
    settingsFor: (uri) => {
      const folder = folderOf(uri);
      return fileSettings(uri, folder ? URI.file(folder).toString() : uri);
    },
    log,
  });

  // ---- analysis and diagnostics ---------------------------------------------------------------

  /** The analysis of the document's current text, computed once per version and settings generation. */
  function stateOf(uri: string): Promise<DocumentState | undefined> {
    const cached = states.get(uri);
    const current = documents.get(uri);
    if (!current) return Promise.resolve(undefined);
    if (cached && cached.version === current.version && cached.generation === generation) return Promise.resolve(cached);
    // Diagnostics, code actions and completion often ask for the same version at once: analyse it once.
    const key = `${uri}#${current.version}#${generation}`;
    let running = analysing.get(key);
    if (!running) {
      running = analyse(uri).finally(() => analysing.delete(key));
      analysing.set(key, running);
    }
    return running;
  }

  async function analyse(uri: string): Promise<DocumentState | undefined> {
    const settingsGeneration = generation;
    const settings = await fileSettings(uri);
    // The text may have moved on while settings were read: analyse what is there now.
    const doc = documents.get(uri);
    if (!doc) return undefined;
    const analysis = analyze(doc.getText(), { uri, relativePath: settings.relativePath, config: settings.config, today: settings.today });
    const state: DocumentState = { version: doc.version, generation: settingsGeneration, analysis, config: settings.config, today: settings.today };
    if (settingsGeneration === generation) states.set(uri, state);
    index.setLive(uri, analysis.report, settings.today);
    return state;
  }

  function scheduleValidation(uri: string, delay = DEBOUNCE_MS): void {
    clearTimeout(timers.get(uri));
    timers.set(
      uri,
      setTimeout(() => {
        timers.delete(uri);
        validate(uri).catch((e: Error) => logError(`Checking ${uri} failed: ${e.stack ?? e.message}`));
      }, delay),
    );
  }

  async function validate(uri: string): Promise<void> {
    const state = await stateOf(uri);
    const doc = documents.get(uri);
    // Never publish for a version the editor no longer shows: the newer change has its own run.
    if (!state || !doc || state.version !== doc.version) return;
    const diagnostics = state.analysis.findings.map((f, i) => toDiagnostic(f, i, state.version, docsBase));
    await connection.sendDiagnostics({ uri, version: state.version, diagnostics });
  }

  function revalidateOpenDocuments(): void {
    for (const doc of documents.all()) scheduleValidation(doc.uri, 0);
  }

  function settingsChanged(): void {
    generation++;
    settingsRequests.clear();
    void index.rebuild();
    revalidateOpenDocuments();
  }

  documents.onDidChangeContent(({ document }) => scheduleValidation(document.uri));
  documents.onDidClose(({ document }) => {
    clearTimeout(timers.get(document.uri));
    timers.delete(document.uri);
    states.delete(document.uri);
    void connection.sendDiagnostics({ uri: document.uri, diagnostics: [] });
    index.closed(document.uri).catch((e: Error) => logError(`Re-reading ${document.uri} failed: ${e.message}`));
  });

  // ---- lifecycle ------------------------------------------------------------------------------

  connection.onInitialize((params): InitializeResult => {
    const caps = params.capabilities;
    client.configuration = !!caps.workspace?.configuration;
    client.dynamicConfiguration = !!caps.workspace?.didChangeConfiguration?.dynamicRegistration;
    client.dynamicWatchers = !!caps.workspace?.didChangeWatchedFiles?.dynamicRegistration;
    client.workspaceFolders = !!caps.workspace?.workspaceFolders;
    client.documentChanges = !!caps.workspace?.workspaceEdit?.documentChanges;
    const roots = params.workspaceFolders?.map((f) => f.uri) ?? (params.rootUri ? [params.rootUri] : []);
    folders = roots.map((u) => URI.parse(u)).filter((u) => u.scheme === 'file').map((u) => u.fsPath);
    if (!roots.length && params.rootPath) folders = [params.rootPath];
    index.setFolders(folders);
    return {
      capabilities: {
        textDocumentSync: TextDocumentSyncKind.Incremental,
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, CodeActionKind.RefactorRewrite, FIX_ALL_KIND] },
        completionProvider: { triggerCharacters: ['@', '#', ':', '|'] },
        hoverProvider: true,
        documentSymbolProvider: true,
        workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
      },
      serverInfo: { name: 'aar-language-server', ...(options.version ? { version: options.version } : {}) },
    };
  });

  connection.onInitialized(() => {
    if (client.dynamicConfiguration) {
      void connection.client.register(DidChangeConfigurationNotification.type, { section: 'aar' });
    }
    if (client.dynamicWatchers) {
      void connection.client.register(DidChangeWatchedFilesNotification.type, {
        watchers: [{ globPattern: '**/*.md' }, ...CONFIG_FILE_NAMES.map((name) => ({ globPattern: `**/${name}` }))],
      });
    }
    if (client.workspaceFolders) {
      connection.workspace.onDidChangeWorkspaceFolders((event) => {
        const removed = new Set(event.removed.map((f) => URI.parse(f.uri).fsPath));
        const added = event.added.map((f) => URI.parse(f.uri)).filter((u) => u.scheme === 'file').map((u) => u.fsPath);
        folders = [...folders.filter((f) => !removed.has(f)), ...added];
        index.setFolders(folders);
        for (const f of removed) teamConfigs.delete(f);
        settingsChanged();
      });
    }
    void buildIndex();
  });

  async function buildIndex(): Promise<void> {
    const progress = await connection.window.createWorkDoneProgress().catch(() => undefined);
    progress?.begin('Reading After Action Reports', undefined, undefined, false);
    const started = Date.now();
    await index.rebuild((n) => progress?.report(`${n} Markdown files read`));
    progress?.done();
    log(`Indexed ${index.all().length} reports in ${folders.length} folder(s) in ${Date.now() - started} ms.`);
  }

  connection.onShutdown(() => {
    for (const timer of timers.values()) clearTimeout(timer);
    timers.clear();
  });

  // ---- notifications from the client -----------------------------------------------------------

  connection.onDidChangeConfiguration((params) => {
    if (!client.configuration) {
      const settings = (params.settings as { aar?: unknown } | null | undefined)?.aar;
      pushedSettings = readSettings(settings);
    }
    settingsChanged();
  });

  connection.onDidChangeWatchedFiles(({ changes }) => {
    let teamConfigChanged = false;
    for (const change of changes) {
      const file = URI.parse(change.uri);
      if (CONFIG_FILE_NAMES.includes(path.posix.basename(file.path))) {
        const folder = path.dirname(file.fsPath);
        teamConfigs.delete(folder);
        teamConfigChanged = true;
      } else if (change.type === FileChangeType.Deleted) {
        index.fileDeleted(change.uri);
      } else {
        index.fileChanged(change.uri).catch((e: Error) => logError(`Re-reading ${change.uri} failed: ${e.message}`));
      }
    }
    if (teamConfigChanged) settingsChanged();
  });

  // ---- requests -------------------------------------------------------------------------------

  /** A handler that throws answers an error and logs it; the server keeps running. */
  function guarded<P, R>(name: string, handler: (params: P) => Promise<R>): (params: P) => Promise<R> {
    return async (params) => {
      try {
        return await handler(params);
      } catch (e) {
        const error = e as Error;
        logError(`${name} failed: ${error.stack ?? error.message}`);
        throw new ResponseError(ErrorCodes.InternalError, `${name} failed: ${error.message}`);
      }
    };
  }

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

      if (wants(CodeActionKind.QuickFix)) {
        state.analysis.findings.forEach((finding, i) => {
          if (!finding.fixes.length || !rangesTouch(finding.range, params.range)) return;
          const diagnostic = sentDiagnostic(params.context.diagnostics, finding) ?? toDiagnostic(finding, i, state.version, docsBase);
          for (const fix of finding.fixes) {
            const action: CodeAction = {
              title: fix.title,
              kind: CodeActionKind.QuickFix,
              diagnostics: [diagnostic],
              isPreferred: fix.isPreferred ?? finding.fixes.length === 1,
            };
            if (fix.edits.length) action.edit = edit(fix.edits);
            if (fix.command) action.command = { title: fix.title, ...fix.command, arguments: withVersion(fix.command.arguments, uri, state.version) };
            actions.push(action);
          }
        });
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
      const result = state && hover(state.analysis.report, params.position, index.currentOpenActions());
      return result ? toHover(result) : null;
    }),
  );

  connection.onDocumentSymbol(
    guarded('Document symbols', async (params) => {
      const state = await stateOf(params.textDocument.uri);
      return state ? documentSymbols(state.analysis.report).map(toDocumentSymbol) : [];
    }),
  );

  connection.onRequest(
    OpenActionsRequest.type,
    guarded('Open actions', (params) => index.openActions(params ?? {})),
  );

  documents.listen(connection);
}

/** The diagnostic the client sent back for this finding, so the quick fix is attached to the very same one. */
function sentDiagnostic(diagnostics: Diagnostic[], finding: Finding): Diagnostic | undefined {
  const same = (a: Range, b: Range) =>
    a.start.line === b.start.line && a.start.character === b.start.character && a.end.line === b.end.line && a.end.character === b.end.character;
  return diagnostics.find((d) => d.source === DIAGNOSTIC_SOURCE && d.code === finding.ruleId && same(d.range, finding.range));
}

/** A command argument that names the document gets the version the server saw, so the client can refuse a stale edit. */
function withVersion(args: unknown[], uri: string, version: number): unknown[] {
  return args.map((arg) => {
    if (!arg || typeof arg !== 'object' || Array.isArray(arg)) return arg;
    const record = arg as Record<string, unknown>;
    return record.uri === uri && record.version === undefined ? { ...record, version } : arg;
  });
}
