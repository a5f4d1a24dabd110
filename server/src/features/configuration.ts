// Configuration: the user's settings per resource, the workspace folders, and each folder's team
// configuration (teamConfigs.ts), merged per file. A change to any of them is one
// `settingsChanged`: analyses made before it are stale.
import { DidChangeConfigurationNotification, type InitializeParams } from 'vscode-languageserver';
import { defaultConfig, mergeConfig, type AarConfig } from '../core';
import { localToday } from '../core/analyze';
import type { LoadedConfig } from '../workspaceFiles';
import { DEFAULT_MAX_PROBLEMS } from '../problemLimit';
import { defaultSettings, readSettings, settingsLayer, type AarSettings } from '../settings';
import { LEGACY_SETTINGS_SECTION, SETTINGS_SECTION, withLegacySettings } from '../settingNames';
import type { TeamConfigTarget } from '../teamConfigEdits';
import type { FileSettings } from '../workspaceIndex';
import type { ServerContext } from './context';
import { createTeamConfigs } from './teamConfigs';

/** A client that never answers `workspace/configuration` (some editors) must not hold diagnostics back. */
const CONFIGURATION_TIMEOUT_MS = 2000;

export interface Configuration {
  /** The workspace folders, as file system paths. */
  folders(): string[];
  /** The workspace folder a document lies in, when it is a file in one (the innermost). */
  folderOf(uri: string): string | undefined;
  /** The user's settings for a resource, as the client answers them (cached), else as it pushed them. */
  settingsFor(scopeUri: string | undefined): Promise<AarSettings>;
  /**
   * Configuration for a file: defaults, then its folder's `.aar.yml`, then the user's settings for
   * the resource `scopeOf` gives for the file's folder (default: the file itself).
   */
  fileSettings(uri: string, scopeOf?: (folder: string | undefined) => string): Promise<FileSettings>;
  /** The folder's `.aar.yml` as read: from its open buffer, else from disk (cached until either changes). */
  teamConfigFile(folder: string): Promise<LoadedConfig>;
  /** The team configuration a report's folder has, or where a new one goes, and its open buffer. */
  teamConfigTarget(uri: string): Promise<TeamConfigTarget | undefined>;
  /** The folder whose team configuration `uri` is, when it is one. */
  teamConfigFolder(uri: string): string | undefined;
  /** Drops what was read of the folder's `.aar.yml`, which changed on disk; `settingsChanged` makes it count. */
  forgetTeamConfig(folder: string): void;
  /** Counts the changes of configuration: an analysis made in an older generation is stale. */
  generation(): number;
  /** Settings, folders or a team configuration changed: forget the settings read and tell the listeners. */
  settingsChanged(): void;
  /** Called, in the order given, on every `settingsChanged`. */
  onSettingsChanged(listener: () => void): void;
  /** Takes the workspace folders from the `initialize` request. */
  initialize(params: InitializeParams): void;
  /** Asks the client, where it can be asked, to tell of settings and workspace folders that change. */
  initialized(): void;
}

export function registerConfiguration(ctx: ServerContext): Configuration {
  const { connection, client, host, logError } = ctx;
  let folders: string[] = [];
  let generation = 0;
  /** Used when the client cannot answer `workspace/configuration`: what `didChangeConfiguration` carried. */
  let pushedSettings: AarSettings = defaultSettings();
  const settingsRequests = new Map<string, Promise<AarSettings>>();
  const answeredSettings = new Map<string, AarSettings>();
  const listeners: (() => void)[] = [];
  const teamConfigs = createTeamConfigs(ctx, settingsChanged, () => folders);

  function settingsFor(scopeUri: string | undefined): Promise<AarSettings> {
    if (!client.configuration) return Promise.resolve(pushedSettings);
    const key = scopeUri ?? '';
    const answered = answeredSettings.get(key);
    // Asked once per folder and then for each of its files: once answered, no timer per file.
    if (answered) return Promise.resolve(answered);
    let request = settingsRequests.get(key);
    if (!request) {
      // The old section too: a value set under `aar.*` counts where the new key is not set.
      const asked: Promise<AarSettings> = connection.workspace
        .getConfiguration([
          { scopeUri, section: SETTINGS_SECTION },
          { scopeUri, section: LEGACY_SETTINGS_SECTION },
        ])
        .then(([current, legacy]: unknown[]) => readSettings(withLegacySettings(current, legacy)), (e: Error) => {
          logError(`Reading the ${SETTINGS_SECTION} settings failed, using defaults: ${e.message}`);
          return defaultSettings();
        })
        .then((settings) => {
          if (settingsRequests.get(key) === asked) answeredSettings.set(key, settings);
          return settings;
        });
      settingsRequests.set(key, (request = asked));
    }
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<AarSettings>((resolve) => {
      timer = setTimeout(() => resolve(defaultSettings()), CONFIGURATION_TIMEOUT_MS);
    });
    return Promise.race([request, timeout]).finally(() => clearTimeout(timer));
  }

  function folderOf(uri: string): string | undefined {
    const file = host.fileOf(uri);
    return file === undefined ? undefined : folderOfFile(file);
  }

  function folderOfFile(file: string): string | undefined {
    return folders
      .filter((f) => host.paths.contains(f, file))
      .sort((a, b) => b.length - a.length)[0];
  }

  /** Merged configurations by team configuration and settings as read: one object for every file they apply to. */
  const mergedConfigs = new WeakMap<AarConfig, WeakMap<AarSettings, AarConfig>>();

  function mergedConfig(team: AarConfig, settings: AarSettings): AarConfig {
    let bySettings = mergedConfigs.get(team);
    if (!bySettings) mergedConfigs.set(team, (bySettings = new WeakMap()));
    let config = bySettings.get(settings);
    if (!config) bySettings.set(settings, (config = mergeConfig(team, settingsLayer(settings))));
    return config;
  }

  /**
   * The settings and merged configuration of a settings scope and folder, once both were read
   * (forgotten on every `settingsChanged`): a build of the index asks for them for each of thousands
   * of files, one after the other, and two promises to wait on for each were a sixth of a warm start.
   */
  const resolvedParts = new Map<string, { team: Promise<LoadedConfig> | undefined; settings: AarSettings; config: AarConfig }>();

  function fileSettings(uri: string, scopeOf?: (folder: string | undefined) => string): Promise<FileSettings> {
    const file = host.fileOf(uri);
    const folder = file && folderOfFile(file);
    const scopeUri = scopeOf ? scopeOf(folder) : uri;
    const relativePath = file && folder ? host.paths.relative(folder, file) : undefined;
    const team = folder ? teamConfigs.file(folder) : undefined;
    const key = `${scopeUri}\n${folder ?? ''}`;
    const known = resolvedParts.get(key);
    if (known && known.team === team) return Promise.resolve(settingsOfFile(known.settings, known.config, relativePath));
    const asked = generation;
    return Promise.all([settingsFor(scopeUri), team ? team.then((loaded) => loaded.config) : defaultConfig()]).then(([settings, teamConfig]) => {
      const config = mergedConfig(teamConfig, settings);
      // Not the defaults that stand in for a client that has not answered in time (see settingsFor).
      const answered = client.configuration ? answeredSettings.get(scopeUri) : pushedSettings;
      if (asked === generation && settings === answered) resolvedParts.set(key, { team, settings, config });
      return settingsOfFile(settings, config, relativePath);
    });
  }

  function settingsOfFile(settings: AarSettings, config: AarConfig, relativePath: string | undefined): FileSettings {
    return { config, today: settings.today ?? localToday(), relativePath, maxProblems: settings.maxProblemsPerFile ?? DEFAULT_MAX_PROBLEMS };
  }

  function settingsChanged(): void {
    generation++;
    settingsRequests.clear();
    answeredSettings.clear();
    resolvedParts.clear();
    for (const listener of listeners) listener();
  }

  connection.onDidChangeConfiguration((params) => {
    if (!client.configuration) {
      const settings = params.settings as Record<string, unknown> | null | undefined;
      pushedSettings = readSettings(withLegacySettings(settings?.[SETTINGS_SECTION], settings?.[LEGACY_SETTINGS_SECTION]));
    }
    settingsChanged();
  });

  return {
    folders: () => folders,
    folderOf,
    settingsFor,
    fileSettings,
    teamConfigFile: teamConfigs.file,
    async teamConfigTarget(uri) {
      const folder = folderOf(uri);
      return folder ? teamConfigs.target(folder) : undefined;
    },
    teamConfigFolder: teamConfigs.folderOf,
    forgetTeamConfig: teamConfigs.forget,
    generation: () => generation,
    settingsChanged,
    onSettingsChanged: (listener) => void listeners.push(listener),
    initialize(params) {
      const roots = params.workspaceFolders?.map((f) => f.uri) ?? (params.rootUri ? [params.rootUri] : []);
      folders = roots.map(host.fileOf).filter((f): f is string => f !== undefined);
      if (!roots.length && params.rootPath) folders = [params.rootPath];
    },
    initialized() {
      if (client.dynamicConfiguration) {
        void connection.client.register(DidChangeConfigurationNotification.type, { section: [SETTINGS_SECTION, LEGACY_SETTINGS_SECTION] });
      }
      if (!client.workspaceFolders) return;
      connection.workspace.onDidChangeWorkspaceFolders((event) => {
        const removed = new Set(event.removed.map((f) => host.fileOf(f.uri)).filter((f): f is string => f !== undefined));
        const added = event.added.map((f) => host.fileOf(f.uri)).filter((f): f is string => f !== undefined);
        folders = [...folders.filter((f) => !removed.has(f)), ...added];
        for (const f of removed) teamConfigs.forget(f);
        settingsChanged();
      });
    },
  };
}
