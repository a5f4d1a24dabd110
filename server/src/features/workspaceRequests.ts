// The workspace index in the server: built once the client is ready (with progress), kept up to
// date by file events, read again when the configuration changes, announced by `aar/indexChanged`;
// and the sidebar's requests for open actions, their groups and the reports.
import { DidChangeWatchedFilesNotification, FileChangeType, WatchKind, type InitializeParams } from 'vscode-languageserver';
import { URI } from 'vscode-uri';
import { CONFIG_FILE_NAMES, MARKDOWN } from '../workspaceFiles';
import { shownPath } from '../host';
import { throttledProgress } from '../scheduling';
import { ActionGroupsRequest, IndexChangedNotification, OpenActionsRequest, ReportsRequest } from '../protocol';
import { WorkspaceIndex } from '../workspaceIndex';
import type { Configuration } from './configuration';
import type { ServerContext } from './context';
import type { OpenDocuments } from './documents';

/** Files the server watches: reports, and the team configuration. */
export const WATCHED_GLOBS = ['**/*.md', '**/*.markdown', ...CONFIG_FILE_NAMES.map((name) => `**/${name}`)];
/**
 * Every path, for creation and deletion only: a watcher may announce a folder deleted or created
 * with its reports as one event for the folder (VS Code does, by design: microsoft/vscode#109754).
 */
const FOLDER_WATCHER = { globPattern: '**/*', kind: WatchKind.Create | WatchKind.Delete };
/** `aar/indexChanged` waits for changes to settle this long, so a burst of them is one notification. */
const INDEX_CHANGED_DEBOUNCE_MS = 300;

export interface WorkspaceIndexFeature {
  readonly index: WorkspaceIndex;
  /** Takes the folders and the cache folder from the `initialize` request. */
  initialize(params: InitializeParams): void;
  /** Asks for file events where the client registers watchers on request, and builds the index. */
  initialized(): void;
  shutdown(): void;
}

export function registerWorkspaceIndex(
  ctx: ServerContext,
  configuration: Pick<Configuration, 'fileSettings' | 'folderOf' | 'folders' | 'forgetTeamConfig' | 'onSettingsChanged' | 'settingsChanged' | 'teamConfigFolder'>,
): WorkspaceIndexFeature {
  const { connection, client, host, log, logError } = ctx;
  let indexChangedTimer: ReturnType<typeof setTimeout> | undefined;

  const folderUris = new Map<string, string>();
  const folderUri = (folder: string) => {
    let uri = folderUris.get(folder);
    if (uri === undefined) folderUris.set(folder, (uri = host.uriOf(folder)));
    return uri;
  };

  const index = new WorkspaceIndex(
    {
      host: host.index,
      uriOf: host.uriOf,
      fileOf: host.fileOf,
      // One configuration request per folder rather than per file.
      settingsFor: (uri) => configuration.fileSettings(uri, (folder) => (folder ? folderUri(folder) : uri)),
      log,
      shownPath: (file) => shownPath(host, configuration.folders(), file),
      changed: scheduleIndexChanged,
    },
    [],
    host.workerThreads ? {} : { threads: 1 },
  );
  // Folders, settings or a team configuration changed: read the workspace again.
  configuration.onSettingsChanged(() => {
    index.setFolders(configuration.folders());
    void index.rebuild();
  });

  /** Tells the client (debounced) that reports, open actions or problem counts may have changed. */
  function scheduleIndexChanged(): void {
    clearTimeout(indexChangedTimer);
    indexChangedTimer = setTimeout(() => {
      indexChangedTimer = undefined;
      void connection.sendNotification(IndexChangedNotification.type, index.totals());
    }, INDEX_CHANGED_DEBOUNCE_MS);
  }

  async function buildIndex(): Promise<void> {
    // The build starts before anything is awaited, so that a request for open actions made right
    // after `initialized` waits for it.
    let report: ((percent: number, message: string) => void) | undefined;
    let reached = { done: 0, total: 0 };
    const showProgress = () => {
      if (!report) return;
      const percent = reached.total ? Math.floor((reached.done * 100) / reached.total) : 0;
      report(percent, `${reached.done} of ${reached.total} Markdown files`);
    };
    const building = index.rebuild((done, total) => {
      reached = { done, total };
      showProgress();
    });
    const progress = await connection.window.createWorkDoneProgress().catch(() => undefined);
    progress?.begin('Reading After Action Reports', 0, undefined, false);
    if (progress) report = throttledProgress((percent, message) => progress.report(percent, message));
    showProgress();
    // The index logs what each build did.
    await building;
    progress?.done();
  }

  connection.onDidChangeWatchedFiles(({ changes }) => {
    let teamConfigChanged = false;
    // Other paths: folders, perhaps, deleted or created with the reports in them (one event each).
    const deleted: string[] = [];
    const created: string[] = [];
    for (const change of changes) {
      const file = URI.parse(change.uri);
      const teamConfigFolder = configuration.teamConfigFolder(change.uri);
      if (teamConfigFolder !== undefined) {
        configuration.forgetTeamConfig(teamConfigFolder);
        teamConfigChanged = true;
      } else if (!MARKDOWN.test(file.path)) {
        if (change.type === FileChangeType.Deleted) deleted.push(change.uri);
        else if (change.type === FileChangeType.Created) created.push(change.uri);
      } else if (change.type === FileChangeType.Deleted) {
        // The editor's version, not the index's: an edit made before the deletion (a revert, say)
        // reaches the index a little later (see documents.ts), and must not bring the report back.
        index.fileDeleted(change.uri, ctx.documents.get(change.uri)?.version);
      } else {
        index.fileChanged(change.uri).catch((e: Error) => logError(`Re-reading ${change.uri} failed: ${e.message}`));
      }
    }
    if (deleted.length) index.pathsDeleted(deleted, (uri) => ctx.documents.get(uri)?.version);
    if (created.length) index.pathsCreated(created).catch((e: Error) => logError(`Reading created folders failed: ${e.message}`));
    if (teamConfigChanged) configuration.settingsChanged();
  });

  return {
    index,
    initialize(params) {
      index.setFolders(configuration.folders());
      index.setCacheDir(host.indexCacheDir((params.initializationOptions as { cacheDir?: unknown } | null | undefined)?.cacheDir));
    },
    initialized() {
      if (client.dynamicWatchers) {
        void connection.client.register(DidChangeWatchedFilesNotification.type, {
          watchers: [...WATCHED_GLOBS.map((globPattern) => ({ globPattern })), FOLDER_WATCHER],
        });
      }
      void buildIndex();
    },
    shutdown: () => clearTimeout(indexChangedTimer),
  };
}

/** What the sidebar asks of the index: it answers with every version whose diagnostics are out. */
export function registerWorkspaceRequests(
  ctx: ServerContext,
  index: Pick<WorkspaceIndex, 'actionGroups' | 'openActions' | 'reportInfos'>,
  openDocuments: Pick<OpenDocuments, 'flushIndexUpdates'>,
): void {
  const { connection, guarded } = ctx;
  const { flushIndexUpdates } = openDocuments;

  connection.onRequest(
    OpenActionsRequest.type,
    guarded('Open actions', (params) => (flushIndexUpdates(), index.openActions(params ?? {}))),
  );

  connection.onRequest(
    ActionGroupsRequest.type,
    guarded('Action groups', (params) => (flushIndexUpdates(), index.actionGroups(params))),
  );

  connection.onRequest(
    ReportsRequest.type,
    guarded('Reports', () => (flushIndexUpdates(), index.reportInfos())),
  );
}
