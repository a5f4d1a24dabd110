// What a worker thread started from the CLI bundle does: analyses for `aar lint`, for `aar actions`
// and `aar reviews`, and for the language server's workspace index, in batches the pool sends
// (server/src/node/workerPool.ts).
import { indexJob } from '../workspaceIndex';
import { serveAnalysisTasks } from '../node/workerPool';
import { lintJob } from './lint';
import { listJob } from './reports';

export function serveWorker(): void {
  serveAnalysisTasks({ lint: lintJob, index: indexJob, list: listJob });
}
