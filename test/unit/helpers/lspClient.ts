// A small LSP client for protocol tests: spawns the bundled server over stdio, answers the
// requests a real editor answers, and waits for notifications with a timeout (never a sleep).
import { spawn, type ChildProcess } from 'node:child_process';
import {
  createProtocolConnection,
  StreamMessageReader,
  StreamMessageWriter,
  type ProtocolConnection,
} from 'vscode-languageserver-protocol/node';
import type {
  ClientCapabilities,
  ConfigurationParams,
  InitializeResult,
  PublishDiagnosticsParams,
  Registration,
  RegistrationParams,
  TextEdit,
} from 'vscode-languageserver-protocol';

export interface Waiter<T> {
  matches(value: T): boolean;
  resolve(value: T): void;
}

/** Custom notifications the server sends, recorded for `notification()`. */
const SERVER_NOTIFICATIONS = ['aar/indexChanged'];

export class LspClient {
  readonly connection: ProtocolConnection;
  /** What the client answers to `workspace/configuration` for the `afterActionReports` section; tests change it. */
  settings: Record<string, unknown> = {};
  /** What it answers for the old `aar` section, as an editor configured before the rename does; tests change it. */
  legacySettings: Record<string, unknown> | null = null;
  /** How many `workspace/configuration` requests the server made. */
  configurationRequests = 0;
  readonly registrations: Registration[] = [];
  readonly logs: string[] = [];
  private readonly published: PublishDiagnosticsParams[] = [];
  private readonly waiters = new Set<Waiter<PublishDiagnosticsParams>>();
  /** The server's custom notifications (`SERVER_NOTIFICATIONS`), in order. */
  private readonly notifications: { method: string; params: unknown }[] = [];
  private readonly notificationWaiters = new Set<Waiter<{ method: string; params: unknown }>>();
  private readonly exited: Promise<number | null>;

  private constructor(private readonly child: ChildProcess) {
    this.connection = createProtocolConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
    this.exited = new Promise((resolve) => child.on('exit', (code) => resolve(code)));
    child.stderr!.on('data', (chunk: Buffer) => this.logs.push(chunk.toString()));
    this.connection.onNotification('textDocument/publishDiagnostics', (params: PublishDiagnosticsParams) => {
      this.published.push(params);
      for (const waiter of this.waiters) {
        if (waiter.matches(params)) {
          this.waiters.delete(waiter);
          waiter.resolve(params);
        }
      }
    });
    this.connection.onNotification('window/logMessage', (params: { message: string }) => this.logs.push(params.message));
    this.connection.onRequest('workspace/configuration', (params: ConfigurationParams) => {
      this.configurationRequests++;
      return params.items.map((item) => (item.section === 'afterActionReports' ? this.settings : item.section === 'aar' ? this.legacySettings : null));
    });
    this.connection.onRequest('client/registerCapability', (params: RegistrationParams) => {
      this.registrations.push(...params.registrations);
      return null;
    });
    for (const method of SERVER_NOTIFICATIONS) {
      this.connection.onNotification(method, (params: unknown) => {
        const message = { method, params };
        this.notifications.push(message);
        for (const waiter of this.notificationWaiters) {
          if (waiter.matches(message)) {
            this.notificationWaiters.delete(waiter);
            waiter.resolve(message);
          }
        }
      });
    }
    this.connection.onRequest('window/workDoneProgress/create', () => null);
    this.connection.onNotification('$/progress', () => undefined);
    this.connection.listen();
  }

  static start(serverScript: string, args: string[] = ['--stdio']): LspClient {
    const child = spawn(process.execPath, [serverScript, ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
    return new LspClient(child);
  }

  /** `configuration: false` plays an editor that cannot answer `workspace/configuration`. */
  async initialize(
    workspaceFolder: { uri: string; name: string },
    settings: Record<string, unknown>,
    { configuration = true }: { configuration?: boolean } = {},
  ): Promise<InitializeResult> {
    this.settings = settings;
    const capabilities: ClientCapabilities = {
      workspace: {
        configuration,
        workspaceFolders: true,
        didChangeConfiguration: { dynamicRegistration: true },
        didChangeWatchedFiles: { dynamicRegistration: true },
        workspaceEdit: { documentChanges: true, resourceOperations: ['create'] },
      },
      textDocument: {
        publishDiagnostics: { versionSupport: true, codeDescriptionSupport: true, dataSupport: true },
        codeAction: {
          codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix', 'refactor', 'source'] } },
          isPreferredSupport: true,
        },
        completion: { completionItem: { snippetSupport: false } },
        hover: { contentFormat: ['markdown', 'plaintext'] },
        documentSymbol: { hierarchicalDocumentSymbolSupport: true },
      },
      window: { workDoneProgress: true },
    };
    const result = (await this.connection.sendRequest('initialize', {
      processId: process.pid,
      rootUri: workspaceFolder.uri,
      workspaceFolders: [workspaceFolder],
      capabilities,
    })) as InitializeResult;
    await this.connection.sendNotification('initialized', {});
    return result;
  }

  request<R>(method: string, params: unknown): Promise<R> {
    return this.connection.sendRequest(method, params) as Promise<R>;
  }

  notify(method: string, params: unknown): Promise<void> {
    return this.connection.sendNotification(method, params);
  }

  open(uri: string, text: string, version = 1): Promise<void> {
    return this.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'markdown', version, text } });
  }

  change(uri: string, version: number, text: string): Promise<void> {
    return this.notify('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ text }] });
  }

  close(uri: string): Promise<void> {
    return this.notify('textDocument/didClose', { textDocument: { uri } });
  }

  /**
   * The next diagnostics published for `uri` that satisfy `matches` (or the last ones already
   * published, if they do), failing after `timeoutMs`.
   */
  diagnostics(uri: string, matches: (p: PublishDiagnosticsParams) => boolean = () => true, timeoutMs = 10_000): Promise<PublishDiagnosticsParams> {
    const last = [...this.published].reverse().find((p) => p.uri === uri);
    if (last && matches(last)) return Promise.resolve(last);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters.delete(waiter);
        const seen = this.published.filter((p) => p.uri === uri).map((p) => `v${p.version}: ${p.diagnostics.map((d) => d.code).join(', ')}`);
        reject(new Error(`No matching diagnostics for ${uri} within ${timeoutMs} ms. Published: ${seen.join(' | ') || 'none'}\n${this.logs.join('\n')}`));
      }, timeoutMs);
      const waiter: Waiter<PublishDiagnosticsParams> = {
        matches: (p) => p.uri === uri && matches(p),
        resolve: (p) => {
          clearTimeout(timer);
          resolve(p);
        },
      };
      this.waiters.add(waiter);
    });
  }

  /**
   * The next `method` notification that satisfies `matches` (or the last one already received,
   * if it does and `onlyNew` is not set), failing after `timeoutMs`.
   */
  notification<P>(method: string, matches: (params: P) => boolean = () => true, { onlyNew = false, timeoutMs = 10_000 } = {}): Promise<P> {
    const last = [...this.notifications].reverse().find((n) => n.method === method);
    if (!onlyNew && last && matches(last.params as P)) return Promise.resolve(last.params as P);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.notificationWaiters.delete(waiter);
        const seen = this.notifications.filter((n) => n.method === method).map((n) => JSON.stringify(n.params));
        reject(new Error(`No matching ${method} within ${timeoutMs} ms. Received: ${seen.join(' | ') || 'none'}`));
      }, timeoutMs);
      const waiter: Waiter<{ method: string; params: unknown }> = {
        matches: (n) => n.method === method && matches(n.params as P),
        resolve: (n) => {
          clearTimeout(timer);
          resolve(n.params as P);
        },
      };
      this.notificationWaiters.add(waiter);
    });
  }

  /** Sends shutdown and exit, and resolves with the server's exit code. */
  async stop(): Promise<number | null> {
    await this.request('shutdown', null);
    await this.notify('exit', null);
    const code = await this.exited;
    this.connection.dispose();
    return code;
  }

  kill(): void {
    if (this.child.exitCode === null) this.child.kill();
  }
}

/** The text after applying LSP edits (non-overlapping) to it. */
export function applyTextEdits(text: string, edits: TextEdit[]): string {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') starts.push(i + 1);
  const offset = (p: { line: number; character: number }) => (p.line < starts.length ? starts[p.line] + p.character : text.length);
  const sorted = edits
    .map((e) => ({ start: offset(e.range.start), end: offset(e.range.end), newText: e.newText }))
    .sort((a, b) => b.start - a.start || b.end - a.end);
  let out = text;
  for (const e of sorted) out = out.slice(0, e.start) + e.newText + out.slice(e.end);
  return out;
}
