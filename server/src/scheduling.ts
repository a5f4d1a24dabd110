// Taking turns with the event loop, on Node and in a browser worker alike: a long build of the index
// yields so that requests are answered while it runs.
import type { Analyser, AnalyserOptions } from './host';

/** Resolves on the next turn of the event loop, after pending I/O callbacks (requests) have run. */
export const nextTurn: () => Promise<void> =
  typeof setImmediate === 'function' ? () => new Promise<void>((resolve) => setImmediate(resolve)) : () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/**
 * Runs `task` on the second turn of the event loop from now, unless the returned function cancels
 * it first: messages already queued (the connection handles one per turn) come in before it.
 */
export function afterTwoTurns(task: () => void): () => void {
  let cancelled = false;
  const later = typeof setImmediate === 'function' ? (f: () => void) => void setImmediate(f) : (f: () => void) => void setTimeout(f, 0);
  later(() => later(() => cancelled || task()));
  return () => {
    cancelled = true;
  };
}

/** The least time between two progress reports of the same task. */
export const PROGRESS_INTERVAL_MS = 200;

/**
 * `report(percent, message)` at most once every `interval` ms, and only when the percentage moved;
 * the first call always reports. A warm start of the index reads 2,000 reports in some 170 ms:
 * reported at every percent, it sent 103 progress messages, each one to write and for the editor
 * to draw, and they were 6% of that start.
 */
export function throttledProgress(
  report: (percent: number, message: string) => void,
  { interval = PROGRESS_INTERVAL_MS, now = () => Date.now() }: { interval?: number; now?: () => number } = {},
): (percent: number, message: string) => void {
  let shownPercent: number | undefined;
  let shownAt = 0;
  return (percent, message) => {
    if (percent === shownPercent) return;
    const at = now();
    if (shownPercent !== undefined && at - shownAt < interval) return;
    shownPercent = percent;
    shownAt = at;
    report(percent, message);
  };
}

/** Runs the tasks given to it with at most `limit` running at once. */
export function concurrencyLimit(limit: number): <T>(task: () => Promise<T>) => Promise<T> {
  let running = 0;
  const waiting: (() => void)[] = [];
  return async (task) => {
    if (running >= limit) await new Promise<void>((resolve) => waiting.push(resolve));
    running++;
    try {
      return await task();
    } finally {
      running--;
      waiting.shift()?.();
    }
  };
}

/**
 * Analyses in the calling thread, one per turn of the event loop, in the order submitted: for a
 * host without worker threads (a browser's web worker).
 */
export class InlineAnalyser<Job, Result> implements Analyser<Job, Result> {
  readonly workersStarted = 0;
  private outstanding = 0;
  private cancelled = false;
  private queue: Promise<void> = Promise.resolve();
  private readonly roomWaiters: { below: number; resolve(): void }[] = [];

  constructor(private readonly options: Pick<AnalyserOptions<Job, Result>, 'analyse'>) {}

  submit(job: Job): Promise<Result> {
    this.outstanding++;
    return new Promise<Result>((resolve, reject) => {
      this.queue = this.queue.then(async () => {
        await nextTurn();
        try {
          if (this.cancelled) throw new Error('The analysis was cancelled.');
          resolve(this.options.analyse(job));
        } catch (e) {
          reject(e as Error);
        } finally {
          this.outstanding--;
          this.wakeWaiters();
        }
      });
    });
  }

  whenFewerThan(count: number): Promise<void> {
    if (this.outstanding < count) return Promise.resolve();
    return new Promise((resolve) => this.roomWaiters.push({ below: count, resolve }));
  }

  flush(): void {
    // Every job runs as soon as its turn comes: nothing waits for a batch.
  }

  cancel(): void {
    this.cancelled = true;
  }

  close(): Promise<void> {
    return this.queue;
  }

  private wakeWaiters(): void {
    for (let i = this.roomWaiters.length - 1; i >= 0; i--) {
      if (this.outstanding < this.roomWaiters[i].below) this.roomWaiters.splice(i, 1)[0].resolve();
    }
  }
}
