// Each workspace folder's team configuration (`.aar.yml`): read from the editor's open buffer when
// there is one, so that an unsaved edit counts once typing pauses, else from disk through the host;
// its mistakes shown as problems on the file itself.
import type { Diagnostic } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { defaultConfig } from '../core';
import { DIAGNOSTIC_SOURCE } from '../convert';
import { CONFIG_FILE_NAMES, teamConfigFromText, type LoadedConfig } from '../workspaceFiles';
import type { TeamConfigTarget } from '../teamConfigEdits';
import { shownPath } from '../host';
import type { ServerContext } from './context';

/** After typing in an open `.aar.yml` pauses this long, reports are checked against what it says. */
const TEAM_CONFIG_EDIT_DEBOUNCE_MS = 300;

export interface TeamConfigs {
  /** The folder's `.aar.yml` as read: from its open buffer, else from disk (cached until either changes). */
  file(folder: string): Promise<LoadedConfig>;
  /** The folder's team configuration file, or where a new one goes, and its open buffer. */
  target(folder: string): Promise<TeamConfigTarget>;
  /** The folder whose team configuration `uri` is, when it is one (`.aar.yml` is synchronised so edits to it can be versioned). */
  folderOf(uri: string): string | undefined;
  /** Drops what was read of the folder's team configuration. */
  forget(folder: string): void;
}

/**
 * Team configurations, read when first asked for; `edited` is called once typing in an open one
 * pauses. `folders` are the workspace folders, for the paths the log shows.
 */
export function createTeamConfigs(ctx: ServerContext, edited: () => void, folders: () => readonly string[]): TeamConfigs {
  const { connection, documents, host, logError } = ctx;
  const shown = (file: string) => shownPath(host, folders(), file);
  const loadedConfigs = new Map<string, Promise<LoadedConfig>>();

  /** The team configuration file open in the editor for this folder, whose buffer counts before it is saved. */
  function openTeamConfig(folder: string): TextDocument | undefined {
    for (const name of CONFIG_FILE_NAMES) {
      const open = documents.get(host.uriOf(host.paths.join(folder, name)));
      if (open) return open;
    }
    return undefined;
  }

  function file(folder: string): Promise<LoadedConfig> {
    let loaded = loadedConfigs.get(folder);
    if (!loaded) {
      const open = openTeamConfig(folder);
      const openFile = open && host.fileOf(open.uri);
      const reading = open && openFile ? Promise.resolve(teamConfigFromText(openFile, open.getText())) : host.loadTeamConfig(folder);
      loaded = reading.then(
        (result) => {
          for (const error of result.errors) logError(`${shown(result.file ?? folder)}:${error.line + 1}: ${error.message}`);
          publishProblems(folder, result);
          return result;
        },
        (e: Error) => {
          logError(`Reading the team configuration of ${shown(folder)} failed: ${e.message}`);
          return { config: defaultConfig(), errors: [{ message: e.message, line: 0 }] };
        },
      );
      loadedConfigs.set(folder, loaded);
    }
    return loaded;
  }

  /** The `.aar.yml` each folder's problems were last published for. */
  const problemFiles = new Map<string, string>();

  /**
   * Mistakes in `.aar.yml` show in the editor's Problems on the file itself, at their line, whether
   * or not a YAML extension is installed; fixed or deleted, they go.
   */
  function publishProblems(folder: string, loaded: LoadedConfig): void {
    const previous = problemFiles.get(folder);
    const uri = loaded.file ? host.uriOf(loaded.file) : undefined;
    if (previous && previous !== uri) void connection.sendDiagnostics({ uri: previous, diagnostics: [] });
    if (!uri) {
      problemFiles.delete(folder);
      return;
    }
    problemFiles.set(folder, uri);
    const diagnostics: Diagnostic[] = loaded.errors.map((error) => ({
      range: { start: { line: error.line, character: 0 }, end: { line: error.line + 1, character: 0 } },
      severity: 2,
      source: DIAGNOSTIC_SOURCE,
      code: 'team-config',
      message: error.message,
    }));
    void connection.sendDiagnostics({ uri, diagnostics });
  }

  function folderOf(uri: string): string | undefined {
    const file = host.fileOf(uri);
    return file !== undefined && CONFIG_FILE_NAMES.includes(host.paths.basename(file)) ? host.paths.dirname(file) : undefined;
  }

  let editTimer: ReturnType<typeof setTimeout> | undefined;

  /** Edits in an open `.aar.yml` count as the team's configuration at once, after a pause in typing. */
  function teamConfigEdited(folder: string): void {
    loadedConfigs.delete(folder);
    clearTimeout(editTimer);
    editTimer = setTimeout(edited, TEAM_CONFIG_EDIT_DEBOUNCE_MS);
  }

  /** Open `.aar.yml` buffers by the text they were opened with: opening one changes nothing unless it differs from disk. */
  const openedVersions = new Map<string, number>();

  documents.onDidOpen(({ document }) => {
    const folder = folderOf(document.uri);
    if (!folder) return;
    openedVersions.set(document.uri, document.version);
    host.readTextFile(host.fileOf(document.uri)!, Number.MAX_SAFE_INTEGER).then(
      (read) => {
        if (!('text' in read) || read.text !== document.getText()) teamConfigEdited(folder);
      },
      () => teamConfigEdited(folder),
    );
  });
  documents.onDidChangeContent(({ document }) => {
    const folder = folderOf(document.uri);
    if (folder && openedVersions.get(document.uri) !== document.version) teamConfigEdited(folder);
  });
  documents.onDidClose(({ document }) => {
    const folder = folderOf(document.uri);
    if (!folder) return;
    // Closed unsaved, the file on disk is the configuration again.
    openedVersions.delete(document.uri);
    teamConfigEdited(folder);
  });

  return {
    file,
    async target(folder) {
      const loaded = await file(folder);
      const configFile = loaded.file ?? host.paths.join(folder, CONFIG_FILE_NAMES[0]);
      const uri = host.uriOf(configFile);
      const open = documents.get(uri);
      return { file: configFile, uri, open: open && { text: open.getText(), version: open.version } };
    },
    folderOf,
    forget: (folder) => void loadedConfigs.delete(folder),
  };
}
