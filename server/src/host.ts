// What the language server needs from where it runs, apart from the LSP connection: files, the
// Markdown of the workspace folders, a cache folder, worker threads and git. The Node host
// (node/host.ts) is the only one today; a browser build would hand `startServer` its own.
import type { SetupFile } from './core/setup';
import type { LoadedConfig } from './node/config';
import type { ReadResult } from './node/files';
import type { GitTag, ReadGitTagsOptions } from './node/gitTags';

export interface ServerHost {
  /** A file's text, or why it was not read: over `maxBytes`, binary, not UTF-8, or unreadable. */
  readTextFile(file: string, maxBytes: number): Promise<ReadResult>;
  /** A workspace folder's team configuration (`.aar.yml`) as saved, over the defaults. */
  loadTeamConfig(folder: string): Promise<LoadedConfig>;
  /** A team configuration file's text as saved: undefined when there is none; throws when it cannot be read. */
  readTeamConfigText(file: string): Promise<string | undefined>;
  /** The Markdown files under a folder with their text, for a set-up proposal; told of folders it cannot list. */
  readSetupFiles(folder: string, maxFileSize: number, onUnreadableFolder: (folder: string, error: { code?: string; message: string }) => void): Promise<SetupFile[]>;
  /** Where the workspace index persists between starts, given what the editor asked for (`initializationOptions.cacheDir`); undefined: nowhere. */
  indexCacheDir(given: unknown): string | undefined;
  /** Whether the workspace index may analyse in worker threads. */
  readonly workerThreads: boolean;
  /** Whether a folder lies in a git repository. */
  inGitRepository(folder: string): Promise<boolean>;
  /** The git tags of the repository holding a folder, with their dates as the options ask. */
  readGitTags(folder: string, options?: ReadGitTagsOptions): Promise<GitTag[]>;
  /** Where the rule pages are, as a URI ending in `/`, when the server's options do not say. */
  readonly ruleDocsBase: string;
}
