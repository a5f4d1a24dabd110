// The workspace index's I/O on Node: walks and reads of the disk, the results file kept between
// starts (fileCache.ts), and worker threads for the analyses (workerPool.ts).
import { promises as fs } from 'node:fs';
import { availableParallelism } from 'node:os';
import * as path from 'node:path';
import { version } from '../../../package.json';
import type { IndexHost } from '../host';
import { engineFingerprint, FileResultCache, hashOf } from './fileCache';
import { readTextFileInfo, walkMarkdownEntries, walkReaches } from './files';
import { BatchAnalyser, bundledWorkerScript } from './workerPool';

/** Worker threads at most: each loads the engine, and the editor needs memory and a core too. */
const MAX_THREADS = 4;

export const nodeIndexHost: IndexHost = {
  walkMarkdown: (folders, onUnreadableFolder) => walkMarkdownEntries(folders, { onUnreadableFolder }),
  walkReaches,
  isFolder: (file) => fs.stat(file).then((s) => s.isDirectory(), () => false),
  readTextFileInfo,
  async loadCache(folders, cacheDir, codec, workerScript) {
    const file = path.join(cacheDir, `index-${hashOf([...folders].sort())}.json`);
    // The summaries are made by this bundle or the worker bundle: a rebuilt one trusts neither's old ones.
    const engine = await engineFingerprint(version, [__filename, ...(workerScript ? [workerScript] : [])]);
    const { cache, status } = await FileResultCache.load(file, 'index', engine, codec, { eager: true });
    return { cache, note: status === 'loaded' ? undefined : status === 'missing' ? 'no saved index yet' : 'the saved index was unreadable or from another version, so it was ignored' };
  },
  hashOf,
  workerScript: bundledWorkerScript,
  analyser: (options) => new BatchAnalyser({ ...options, threads: options.threads ?? Math.min(availableParallelism(), MAX_THREADS) }),
};
