// What the language server needs from where it runs, apart from the LSP connection: files, the
// Markdown of the workspace folders, a cache folder, worker threads and git. The Node host
// (node/host.ts) is the only one today; a browser build would hand `startServer` its own.
import type { SetupFile } from './core/setup';
import type { LoadedConfig } from './workspaceFiles';

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

/** A file's text, or why it was not read. */
export type ReadResult = { text: string } | { skipped: string };

export interface GitTag {
  /** Without `refs/tags/`, e.g. `v2.4.0` or `release/2024-q1`. */
  name: string;
  /** The object the tag points at (a tag object for annotated tags), as hex. */
  object: string;
  /**
   * When the tag was made, as ISO 8601 with the author's UTC offset (`2026-11-20T14:03:00+01:00`):
   * the tagger's date of an annotated tag, the committer's date of the commit a lightweight tag
   * points at (what `git for-each-ref` calls `creatordate`). Undefined when it cannot be read.
   */
  date?: string;
}

export interface ReadGitTagsOptions {
  /** Which tags to read dates for (reading objects costs file reads): all (default), none, or those a test accepts. */
  dates?: boolean | ((tag: string) => boolean);
}
