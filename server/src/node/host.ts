// The language server's host on Node: the file system, the platform's cache folder, worker
// threads and git tags read from `.git`.
import * as path from 'node:path';
import { URI } from 'vscode-uri';
import type { ServerHost } from '../host';
import { indexCacheDir } from './cacheDir';
import { loadWorkspaceConfig, readConfigText } from './config';
import { readSetupFiles, readTextFile } from './files';
import { findGitRepository, readGitTags } from './gitTags';
import { nodeIndexHost } from './indexHost';
import { fileUri, nodePaths } from './paths';
import { collectYoungGarbage } from './youngGarbage';

export const nodeHost: ServerHost = {
  fileOf(uri) {
    const parsed = URI.parse(uri);
    return parsed.scheme === 'file' ? parsed.fsPath : undefined;
  },
  uriOf: fileUri,
  paths: nodePaths,
  readTextFile,
  loadTeamConfig: (folder) => loadWorkspaceConfig(folder),
  readTeamConfigText: readConfigText,
  readSetupFiles,
  indexCacheDir,
  workerThreads: true,
  index: nodeIndexHost,
  inGitRepository: async (folder) => !!(await findGitRepository(folder)),
  readGitTags,
  // The bundle is dist/server.js; the rule pages ship in docs/rules beside dist.
  ruleDocsBase: `${URI.file(path.resolve(__dirname, '..', 'docs', 'rules')).toString()}/`,
  collectIdleGarbage: () => void collectYoungGarbage(),
};
