// A small LSP client for the benchmark (the .mjs sibling of test/unit/helpers/lspClient.ts): spawns
// the bundled server over stdio, answers what an editor answers, and waits for diagnostics of a
// given version.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { pathToFileURL, URL } from 'node:url';
import protocol from 'vscode-languageserver-protocol/node.js';

const { createProtocolConnection, StreamMessageReader, StreamMessageWriter } = protocol;

/** The Node options the VS Code client starts the server with (`server/nodeOptions.json`). */
export const SERVER_EXEC_ARGV = JSON.parse(readFileSync(new URL('../../server/nodeOptions.json', import.meta.url), 'utf8')).execArgv;

export class BenchClient {
  /**
   * Started as the VS Code client starts it (`SERVER_EXEC_ARGV`); `nodeArgs`: more options for
   * Node before the script (`--require` a probe) when profiling.
   */
  constructor(serverScript, { nodeArgs = [] } = {}) {
    this.child = spawn(process.execPath, [...SERVER_EXEC_ARGV, ...nodeArgs, serverScript, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
    this.stderr = [];
    this.child.stderr.on('data', (chunk) => this.stderr.push(chunk.toString()));
    this.exited = new Promise((resolve) => this.child.on('exit', (code) => resolve(code)));
    this.connection = createProtocolConnection(new StreamMessageReader(this.child.stdout), new StreamMessageWriter(this.child.stdin));
    this.settings = {};
    this.waiters = new Set();
    this.connection.onNotification('textDocument/publishDiagnostics', (params) => {
      for (const waiter of this.waiters) {
        if (waiter.matches(params)) {
          this.waiters.delete(waiter);
          waiter.resolve(params);
        }
      }
    });
    this.connection.onNotification('window/logMessage', () => undefined);
    this.indexChanges = 0;
    this.indexChangeWaiters = [];
    this.connection.onNotification('aar/indexChanged', () => {
      this.indexChanges++;
      for (const resolve of this.indexChangeWaiters.splice(0)) resolve();
    });
    this.connection.onNotification('$/progress', () => undefined);
    this.connection.onRequest('workspace/configuration', (params) => params.items.map((item) => (item.section === 'afterActionReports' ? this.settings : null)));
    this.connection.onRequest('client/registerCapability', () => null);
    this.connection.onRequest('window/workDoneProgress/create', () => null);
    this.connection.listen();
  }

  get pid() {
    return this.child.pid;
  }

  /** Sends `initialize`; `initialized` is left to the caller, which may want to time from it. */
  async initialize(folderPath, { settings = {}, initializationOptions = { cacheDir: false } } = {}) {
    // No persisted index unless the caller gives a folder: each measure starts from the same state.
    this.settings = settings;
    const uri = pathToFileURL(folderPath).href;
    return this.connection.sendRequest('initialize', {
      processId: process.pid,
      rootUri: uri,
      workspaceFolders: [{ uri, name: 'bench' }],
      initializationOptions,
      capabilities: {
        workspace: { configuration: true, workspaceFolders: true, didChangeWatchedFiles: { dynamicRegistration: true } },
        textDocument: { publishDiagnostics: { versionSupport: true } },
        window: { workDoneProgress: true },
      },
    });
  }

  initialized() {
    return this.connection.sendNotification('initialized', {});
  }

  request(method, params) {
    return this.connection.sendRequest(method, params);
  }

  notify(method, params) {
    return this.connection.sendNotification(method, params);
  }

  /** The next diagnostics for `uri` that satisfy `matches`; registered before the change that causes them. */
  nextDiagnostics(uri, matches = () => true, timeoutMs = 120_000) {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters.delete(waiter);
        reject(new Error(`No diagnostics for ${uri} within ${timeoutMs} ms.\n${this.stderr.join('')}`));
      }, timeoutMs);
      const waiter = {
        matches: (p) => p.uri === uri && matches(p),
        resolve: (p) => {
          clearTimeout(timer);
          resolve(p);
        },
      };
      this.waiters.add(waiter);
    });
  }

  /** Resolves at the next `aar/indexChanged` notification. */
  nextIndexChange() {
    return new Promise((resolve) => this.indexChangeWaiters.push(resolve));
  }

  /** Resident memory of the server process, in bytes (Linux: /proc/<pid>/status VmRSS). */
  rss() {
    return this.status('VmRSS');
  }

  /** The most resident memory the server process has had so far, in bytes (VmHWM). */
  peakRss() {
    return this.status('VmHWM');
  }

  status(field) {
    const status = readFileSync(`/proc/${this.child.pid}/status`, 'utf8');
    const kb = new RegExp(`^${field}:\\s+(\\d+)\\s+kB`, 'm').exec(status);
    return kb ? Number(kb[1]) * 1024 : NaN;
  }

  async stop() {
    try {
      await this.request('shutdown', null);
      await this.notify('exit', null);
    } catch {
      // the process is gone already
    }
    const timer = setTimeout(() => this.child.kill(), 5000);
    await this.exited;
    clearTimeout(timer);
    this.connection.dispose();
  }
}
