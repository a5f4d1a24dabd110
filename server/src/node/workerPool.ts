// Analysis of many files on every core: a pool of worker threads, and a batcher that keeps small
// inputs in the calling thread (a worker costs a bundle load to start) and falls back to it when a
// worker fails. Workers run the CLI bundle (dist/cli.js), which serves tasks when started as one.
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { parentPort, Worker } from 'node:worker_threads';

/** `workerData` key that tells the bundle it runs as an analysis worker. */
export const WORKER_MARK = 'aarAnalysisWorker';

/** Below this many files (or bytes), starting workers costs more than it saves. */
const POOL_MIN_FILES = 24;
const POOL_MIN_BYTES = 512 * 1024;
/** A batch is sent to a worker once it has this many files or bytes: fewer messages, still balanced. */
const BATCH_FILES = 8;
const BATCH_BYTES = 64 * 1024;
/** Batches in flight per worker: one running, one waiting, so a worker never idles between messages. */
const IN_FLIGHT_PER_WORKER = 2;

/** The bundle that serves analysis tasks (dist/cli.js beside the running bundle); undefined when running from source. */
export function bundledWorkerScript(): string | undefined {
  const candidate = path.join(__dirname, 'cli.js');
  return existsSync(candidate) ? candidate : undefined;
}

interface TaskMessage {
  id: number;
  kind: string;
  jobs: unknown[];
}

type ReplyMessage = { id: number; results: unknown[] } | { id: number; error: string };

/** In a worker: answers each batch with the handler of its kind. */
export function serveAnalysisTasks(handlers: Record<string, (job: never) => unknown>): void {
  const port = parentPort;
  if (!port) throw new Error('serveAnalysisTasks runs in a worker thread.');
  port.on('message', (message: TaskMessage) => {
    let reply: ReplyMessage;
    try {
      const handler = handlers[message.kind];
      if (!handler) throw new Error(`No handler for ${message.kind} tasks.`);
      reply = { id: message.id, results: message.jobs.map((job) => handler(job as never)) };
    } catch (e) {
      reply = { id: message.id, error: (e as Error).stack ?? String(e) };
    }
    port.postMessage(reply);
  });
}

interface Task {
  message: TaskMessage;
  resolve(results: unknown[]): void;
  reject(error: Error): void;
}

interface Slot {
  worker: Worker;
  running: Map<number, Task>;
  alive: boolean;
}

/** A fixed set of worker threads running `script`; tasks queue until a worker has room. */
export class WorkerPool {
  private readonly slots: Slot[] = [];
  private readonly queue: Task[] = [];
  private nextId = 0;
  private closed = false;

  constructor(script: string, size: number) {
    for (let i = 0; i < size; i++) {
      // stdout piped and drained: in the language server, stdout is the LSP channel and must stay clean.
      const worker = new Worker(script, { workerData: { [WORKER_MARK]: true }, stdout: true, execArgv: [] });
      worker.stdout.resume();
      const slot: Slot = { worker, running: new Map(), alive: true };
      worker.on('message', (reply: ReplyMessage) => {
        const task = slot.running.get(reply.id);
        if (!task) return;
        slot.running.delete(reply.id);
        if ('error' in reply) task.reject(new Error(reply.error));
        else task.resolve(reply.results);
        this.dispatch();
      });
      const die = (error: Error) => {
        if (!slot.alive) return;
        slot.alive = false;
        for (const task of slot.running.values()) task.reject(error);
        slot.running.clear();
        if (!this.slots.some((s) => s.alive)) for (const task of this.queue.splice(0)) task.reject(error);
        else this.dispatch();
      };
      worker.on('error', die);
      worker.on('exit', (code) => die(new Error(`The analysis worker stopped (exit code ${code}).`)));
      this.slots.push(slot);
    }
  }

  get size(): number {
    return this.slots.length;
  }

  /** Takes the next task no worker has started, to run it elsewhere (the calling thread). */
  takeQueued(): { kind: string; jobs: unknown[]; resolve(results: unknown[]): void; reject(error: Error): void } | undefined {
    const task = this.queue.shift();
    return task && { kind: task.message.kind, jobs: task.message.jobs, resolve: task.resolve, reject: task.reject };
  }

  /** Runs `jobs` with the worker handler of `kind`; the results in the jobs' order. */
  run(kind: string, jobs: unknown[]): Promise<unknown[]> {
    if (this.closed || !this.slots.some((s) => s.alive)) return Promise.reject(new Error('The worker pool is closed.'));
    return new Promise((resolve, reject) => {
      this.queue.push({ message: { id: this.nextId++, kind, jobs }, resolve, reject });
      this.dispatch();
    });
  }

  private dispatch(): void {
    while (this.queue.length) {
      const slot = this.slots
        .filter((s) => s.alive && s.running.size < IN_FLIGHT_PER_WORKER)
        .sort((a, b) => a.running.size - b.running.size)[0];
      if (!slot) return;
      const task = this.queue.shift()!;
      slot.running.set(task.message.id, task);
      slot.worker.postMessage(task.message);
    }
  }

  /** Stops the workers; tasks not answered yet are rejected. */
  async close(): Promise<void> {
    this.closed = true;
    const closed = new Error('The worker pool is closed.');
    for (const task of this.queue.splice(0)) task.reject(closed);
    await Promise.all(
      this.slots.map((slot) => {
        slot.alive = false;
        for (const task of slot.running.values()) task.reject(closed);
        slot.running.clear();
        return slot.worker.terminate().catch(() => undefined);
      }),
    );
  }
}

export interface BatchAnalyserOptions<Job, Result> {
  /** The worker handler that runs these jobs. */
  kind: string;
  /** Worker threads to use; 1 or less analyses in the calling thread. */
  threads: number;
  /** The worker bundle; without it, everything runs in the calling thread. */
  workerScript?: string;
  /** The same analysis in the calling thread: for small inputs, and when a worker fails. */
  analyse(job: Job): Result;
  /** The job's size in bytes, for batching. */
  weight(job: Job): number;
  /**
   * A job at least this heavy goes to the workers even alone, so that the calling thread stays
   * free: the language server's, which must answer the editor meanwhile (a CLI has nothing else to
   * do, and leaves it unset).
   */
  heavyJobBytes?: number;
  /**
   * The calling thread analyses too, as one of `threads` (which then starts one worker fewer),
   * taking batches no worker has started: for the CLI, whose thread has little else to do. Threads
   * beyond the cores only take turns, and each worker costs a bundle load and its own warm-up.
   */
  analyseHereToo?: boolean;
  /** Called once if workers are started. */
  onWorkersStarted?(count: number): void;
  /** Called when a worker failed and its jobs ran in the calling thread instead. */
  onWorkerError?(error: Error): void;
}

interface Pending<Job, Result> {
  job: Job;
  weight: number;
  resolve(result: Result): void;
  reject(error: Error): void;
}

import { nextTurn } from '../scheduling';
export { concurrencyLimit, nextTurn } from '../scheduling';

/**
 * Takes analysis jobs one by one and answers each with its result. Jobs wait until enough have
 * come to be worth workers (then they go out in batches) or until `flush()` says no more are
 * coming (then they run here, one per turn of the event loop, so that the thread stays responsive).
 */
export class BatchAnalyser<Job, Result> {
  private waiting: Pending<Job, Result>[] = [];
  private waitingWeight = 0;
  private submitted = 0;
  private submittedWeight = 0;
  private pool: WorkerPool | undefined;
  private poolFailed = false;
  private cancelled = false;
  private local: Promise<void> = Promise.resolve();
  private readonly sent = new Set<Promise<void>>();
  /** Jobs submitted and not answered yet. */
  private outstanding = 0;
  private readonly roomWaiters: { below: number; resolve(): void }[] = [];

  constructor(private readonly options: BatchAnalyserOptions<Job, Result>) {}

  /** How many worker threads were started (0: everything ran in the calling thread). */
  get workersStarted(): number {
    return this.pool?.size ?? 0;
  }

  private get workersAllowed(): boolean {
    return !!this.options.workerScript && this.workerThreads > 0 && !this.poolFailed;
  }

  private get workerThreads(): number {
    const threads = Math.max(1, this.options.threads);
    return this.options.analyseHereToo ? threads - 1 : threads > 1 ? threads : 0;
  }

  /** Whether the calling thread is taking batches from the pool's queue now. */
  private helping = false;

  /** With `analyseHereToo`: runs here, one per turn of the event loop, the batches no worker has started. */
  private helpHere(): void {
    if (!this.options.analyseHereToo || this.helping || !this.pool) return;
    this.helping = true;
    const pool = this.pool;
    const next = () => {
      const task = this.cancelled ? undefined : pool.takeQueued();
      if (!task) {
        this.helping = false;
        return;
      }
      try {
        task.resolve(task.jobs.map((job) => this.options.analyse(job as Job)));
      } catch (e) {
        task.reject(e as Error);
      }
      setImmediate(next);
    };
    setImmediate(next);
  }

  /** Resolves once fewer than `count` jobs wait for their results (so a caller can hold back). */
  whenFewerThan(count: number): Promise<void> {
    if (this.outstanding < count) return Promise.resolve();
    return new Promise((resolve) => this.roomWaiters.push({ below: count, resolve }));
  }

  private answered(): void {
    this.outstanding--;
    for (let i = this.roomWaiters.length - 1; i >= 0; i--) {
      if (this.outstanding < this.roomWaiters[i].below) this.roomWaiters.splice(i, 1)[0].resolve();
    }
  }

  submit(job: Job): Promise<Result> {
    if (this.cancelled) return Promise.reject(new Error('The analysis was cancelled.'));
    const weight = this.options.weight(job);
    this.outstanding++;
    const result = new Promise<Result>((resolve, reject) => {
      this.waiting.push({
        job,
        weight,
        resolve: (value) => {
          this.answered();
          resolve(value);
        },
        reject: (error) => {
          this.answered();
          reject(error);
        },
      });
    });
    this.waitingWeight += weight;
    this.submitted++;
    this.submittedWeight += weight;
    if (!this.workersAllowed) {
      this.runHere(this.takeWaiting());
    } else if (this.pool) {
      if (this.waiting.length >= BATCH_FILES || this.waitingWeight >= BATCH_BYTES) this.sendWaiting();
    } else if (
      this.submitted >= POOL_MIN_FILES ||
      (this.submittedWeight >= POOL_MIN_BYTES && this.submitted >= 2) ||
      weight >= (this.options.heavyJobBytes ?? Infinity)
    ) {
      this.startPool();
      this.sendWaiting();
    }
    return result;
  }

  /** No more jobs for now: what waits goes to the workers, or runs here when there are none. */
  flush(): void {
    if (this.pool && !this.poolFailed) this.sendWaiting();
    else this.runHere(this.takeWaiting());
  }

  /** Gives up: jobs without a result are rejected, workers are stopped (a newer build took over). */
  cancel(): void {
    if (this.cancelled) return;
    this.cancelled = true;
    const error = new Error('The analysis was cancelled.');
    for (const p of this.takeWaiting()) p.reject(error);
    void this.pool?.close();
  }

  /** Stops the workers once every job has its result. */
  async close(): Promise<void> {
    this.flush();
    while (this.sent.size) await Promise.all([...this.sent]);
    await this.local;
    await this.pool?.close();
  }

  private takeWaiting(): Pending<Job, Result>[] {
    const taken = this.waiting;
    this.waiting = [];
    this.waitingWeight = 0;
    return taken;
  }

  private startPool(): void {
    try {
      this.pool = new WorkerPool(this.options.workerScript!, this.workerThreads);
      this.options.onWorkersStarted?.(this.pool.size);
    } catch (e) {
      this.poolFailed = true;
      this.options.onWorkerError?.(e as Error);
    }
  }

  private sendWaiting(): void {
    const all = this.takeWaiting();
    if (!this.pool || this.poolFailed) {
      this.runHere(all);
      return;
    }
    const pool = this.pool;
    for (let i = 0; i < all.length; ) {
      const batch: Pending<Job, Result>[] = [];
      let weight = 0;
      while (i < all.length && batch.length < BATCH_FILES && (weight < BATCH_BYTES || !batch.length)) {
        weight += all[i].weight;
        batch.push(all[i++]);
      }
      const done: Promise<void> = pool.run(this.options.kind, batch.map((p) => p.job)).then(
        (results) => batch.forEach((p, k) => p.resolve(results[k] as Result)),
        (error: Error) => {
          if (this.cancelled) {
            batch.forEach((p) => p.reject(error));
            return;
          }
          // A worker that fails is not trusted again: the rest runs here.
          if (!this.poolFailed) this.options.onWorkerError?.(error);
          this.poolFailed = true;
          this.runHere(batch);
        },
      );
      this.sent.add(done);
      void done.finally(() => this.sent.delete(done));
    }
    this.helpHere();
  }

  /** Runs jobs in this thread, one per turn of the event loop, in the order they came. */
  private runHere(pending: Pending<Job, Result>[]): void {
    if (!pending.length) return;
    this.local = this.local.then(async () => {
      for (const p of pending) {
        await nextTurn();
        if (this.cancelled) {
          p.reject(new Error('The analysis was cancelled.'));
          continue;
        }
        try {
          p.resolve(this.options.analyse(p.job));
        } catch (e) {
          p.reject(e as Error);
        }
      }
    });
  }
}
