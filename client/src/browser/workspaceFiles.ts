// The client's answers to the browser server's file requests (server/src/browser/host.ts): in a web
// worker the server has no file system, so it reads and lists the workspace through VS Code's.
import * as vscode from 'vscode';
import type { BaseLanguageClient } from 'vscode-languageclient';
import { FileTypeRequest, MarkdownFilesRequest, WorkspaceFileRequest, type WorkspaceFileResult } from '../../../server/src/protocol';

/** As the server's walk on Node (server/src/node/files.ts): no dependencies, no dot folders. */
const EXCLUDED = '{**/node_modules/**,**/.*/**}';

export function answerFileRequests(client: BaseLanguageClient): vscode.Disposable[] {
  return [
    client.onRequest(WorkspaceFileRequest.type, ({ uri, maxBytes }) => readWorkspaceFile(vscode.Uri.parse(uri), maxBytes)),
    client.onRequest(MarkdownFilesRequest.type, async ({ folders }) => {
      const found = await Promise.all(
        folders.map((folder) => vscode.workspace.findFiles(new vscode.RelativePattern(vscode.Uri.parse(folder), '**/*.{md,markdown}'), EXCLUDED)),
      );
      return found.flat().map((uri) => uri.toString());
    }),
    client.onRequest(FileTypeRequest.type, async ({ uri }) => {
      try {
        const { type } = await vscode.workspace.fs.stat(vscode.Uri.parse(uri));
        return type & vscode.FileType.Directory ? 'folder' : 'file';
      } catch {
        return 'none';
      }
    }),
  ];
}

async function readWorkspaceFile(uri: vscode.Uri, maxBytes: number): Promise<WorkspaceFileResult> {
  let stat: vscode.FileStat;
  try {
    stat = await vscode.workspace.fs.stat(uri);
  } catch (e) {
    return unreadable(e);
  }
  if (!(stat.type & vscode.FileType.File)) return { unread: 'notFile' };
  if (stat.size > maxBytes) return { unread: 'tooLarge', size: stat.size };
  let bytes: Uint8Array;
  try {
    bytes = await vscode.workspace.fs.readFile(uri);
  } catch (e) {
    return unreadable(e);
  }
  if (bytes.length > maxBytes) return { unread: 'tooLarge', size: bytes.length };
  if (bytes.includes(0)) return { unread: 'binary' };
  try {
    // The BOM stays a character, as on Node, so that positions match what the editor shows.
    return { text: new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes), size: bytes.length, mtime: stat.mtime };
  } catch {
    return { unread: 'notUtf8' };
  }
}

function unreadable(error: unknown): WorkspaceFileResult {
  if (error instanceof vscode.FileSystemError && error.code === 'FileNotFound') return { unread: 'missing' };
  return { unread: 'unreadable', message: (error as Error).message };
}
