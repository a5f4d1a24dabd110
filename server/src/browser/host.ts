// The language server's host in a browser's web worker (vscode.dev, github.dev): no file system,
// so the client reads and lists the workspace for it (protocol.ts: WorkspaceFileRequest and the
// others, answered with vscode.workspace.fs and findFiles). Nothing is kept between starts, the
// index analyses in this thread, and there are no git tags to read.
//
// The features key folders by path. Here a URI's path is `/<scheme>/<authority>/<path>`, so that
// every workspace (github.dev's `vscode-vfs://github/…`, a remote's `vscode-remote://…`) has one,
// and `uriOf` gives back the URI exactly as the client writes it.
import type { Connection } from 'vscode-languageserver';
import { URI } from 'vscode-uri';
import { defaultConfig } from '../core/config';
import { SIZE_LIMIT_SETTINGS, sizeText } from '../core/analyze';
import type { SetupFile } from '../core/setup';
import type { HostPaths, IndexHost, ReadResult, ServerHost } from '../host';
import { FileTypeRequest, MarkdownFilesRequest, WorkspaceFileRequest, type WorkspaceFileResult } from '../protocol';
import { InlineAnalyser } from '../scheduling';
import { CONFIG_FILE_NAMES, teamConfigFromText } from '../workspaceFiles';

/** Schemes that are never workspace files. */
const NOT_FILES = new Set(['untitled', 'vscode-userdata', 'output', 'vscode-notebook-cell']);

export function fileOfUri(uri: string): string | undefined {
  const parsed = URI.parse(uri);
  if (NOT_FILES.has(parsed.scheme)) return undefined;
  return `/${parsed.scheme}/${parsed.authority || '-'}${parsed.path.replace(/\/+$/, '')}`;
}

export function uriOfFile(file: string): string {
  const match = /^\/([^/]+)\/([^/]*)(.*)$/.exec(file);
  if (!match) throw new Error(`Not a path of this host: ${file}`);
  return URI.from({ scheme: match[1], authority: match[2] === '-' ? '' : match[2], path: match[3] || '/' }).toString();
}

export const browserPaths: HostPaths = {
  join: (folder, name) => `${folder.replace(/\/+$/, '')}/${name}`,
  dirname: (file) => file.slice(0, Math.max(file.lastIndexOf('/'), 0)) || '/',
  basename: (file) => file.slice(file.lastIndexOf('/') + 1),
  relative: (root, file) => (file === root ? '.' : file.startsWith(`${root}/`) ? file.slice(root.length + 1) : file),
  contains: (folder, file) => file === folder || file.startsWith(`${folder}/`),
};

/** Folders a walk passes over, as on Node (node/files.ts): dependencies and dot folders. */
const skipFolder = (name: string) => name === 'node_modules' || name.startsWith('.');

function unreadMessage(result: Exclude<WorkspaceFileResult, { text: string }>, maxBytes: number): string {
  switch (result.unread) {
    case 'missing':
      return 'Not analysed: the file no longer exists.';
    case 'notFile':
      return 'Not analysed: this is not a regular file.';
    case 'tooLarge':
      return `Not analysed: the file is ${sizeText(result.size ?? maxBytes + 1)}, over the ${sizeText(maxBytes)} limit (${SIZE_LIMIT_SETTINGS}).`;
    case 'binary':
      return 'Not analysed: the file holds NUL bytes, so it looks binary (or UTF-16) rather than UTF-8 Markdown.';
    case 'notUtf8':
      return 'Not analysed: the file is not valid UTF-8 text.';
    default:
      return `Not analysed: the file cannot be read (${result.message ?? 'unknown error'}).`;
  }
}

export function createBrowserHost(connection: Connection, ruleDocsBase: string): ServerHost {
  const readFile = (file: string, maxBytes: number) => connection.sendRequest(WorkspaceFileRequest.type, { uri: uriOfFile(file), maxBytes });

  async function readTextFile(file: string, maxBytes: number): Promise<ReadResult> {
    const read = await readFile(file, maxBytes);
    return 'text' in read ? { text: read.text } : { skipped: unreadMessage(read, maxBytes) };
  }

  async function* walkMarkdown(folders: string[]) {
    if (!folders.length) return;
    const uris = await connection.sendRequest(MarkdownFilesRequest.type, { folders: folders.map(uriOfFile) });
    const files = uris.map(fileOfUri).filter((f): f is string => f !== undefined && folders.some((root) => walkReaches(root, f)));
    for (const file of [...new Set(files)].sort()) yield { file, size: -1, mtimeMs: -1 };
  }

  function walkReaches(root: string, file: string): boolean {
    if (!browserPaths.contains(root, file)) return false;
    const relative = browserPaths.relative(root, file);
    return relative === '.' || !relative.split('/').slice(0, -1).some(skipFolder);
  }

  const index: IndexHost = {
    walkMarkdown,
    walkReaches,
    isFolder: async (file) => (await connection.sendRequest(FileTypeRequest.type, { uri: uriOfFile(file) })) === 'folder',
    readTextFileInfo: async (file, maxBytes) => ({ ...(await readTextFile(file, maxBytes)), size: -1, mtimeMs: -1, hash: '' }),
    loadCache: async () => ({ note: 'nothing is kept between starts in a browser' }),
    // Only a cache compares hashes, and there is none here.
    hashOf: (value) => JSON.stringify(value),
    workerScript: () => undefined,
    analyser: (options) => new InlineAnalyser(options),
  };

  return {
    fileOf: fileOfUri,
    uriOf: uriOfFile,
    paths: browserPaths,
    readTextFile,
    async loadTeamConfig(folder) {
      for (const name of CONFIG_FILE_NAMES) {
        const file = browserPaths.join(folder, name);
        const read = await readFile(file, Number.MAX_SAFE_INTEGER);
        if ('text' in read) return teamConfigFromText(file, read.text);
        if (read.unread === 'missing') continue;
        return { config: defaultConfig(), file, errors: [{ message: `Cannot read the file (${read.message ?? read.unread}); using the defaults.`, line: 0 }] };
      }
      return { config: defaultConfig(), errors: [] };
    },
    async readTeamConfigText(file) {
      const read = await readFile(file, Number.MAX_SAFE_INTEGER);
      if ('text' in read) return read.text;
      if (read.unread === 'missing') return undefined;
      throw new Error(unreadMessage(read, Number.MAX_SAFE_INTEGER));
    },
    async readSetupFiles(folder, maxFileSize) {
      const files: SetupFile[] = [];
      for await (const entry of walkMarkdown([folder])) {
        const read = await readTextFile(entry.file, maxFileSize);
        const path = browserPaths.relative(folder, entry.file);
        files.push('text' in read ? { path, text: read.text } : { path, text: '', skipped: read.skipped });
      }
      return files;
    },
    indexCacheDir: () => undefined,
    workerThreads: false,
    index,
    // A virtual workspace has no `.git` folder to read, and a web worker starts no `git`.
    inGitRepository: async () => false,
    readGitTags: async () => [],
    ruleDocsBase,
  };
}
