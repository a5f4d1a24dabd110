// The language server: an entry that wires the features over a host. Each feature registers its
// own handlers and keeps its own state (features/); the engine that knows about reports lives in
// `core/`, and what differs between Node and a browser sits behind `ServerHost` (host.ts).
import { CodeActionKind, TextDocumentSyncKind, type Connection, type InitializeResult } from 'vscode-languageserver';
import { registerActionEdits } from './features/actionEdits';
import { registerConfiguration } from './features/configuration';
import { createContext, setClientSupport } from './features/context';
import { registerDocuments } from './features/documents';
import { registerEffectiveConfiguration } from './features/effectiveConfiguration';
import { FIX_ALL_KIND, registerLanguageFeatures } from './features/languageFeatures';
import { registerLifecycle } from './features/lifecycle';
import { registerWorkspaceIndex, registerWorkspaceRequests } from './features/workspaceRequests';
import type { ServerHost } from './host';

export interface ServerOptions {
  /** Where the rule pages are (a URL or file URI ending in `/`); defaults to `<extension>/docs/rules/` next to the bundle. */
  docsBase?: string;
  /** Reported in `serverInfo`. */
  version?: string;
  /** Files, cache, worker threads and git where the server runs: `node/host.ts` or `browser/host.ts`. */
  host: ServerHost;
}

export function startServer(connection: Connection, options: ServerOptions): void {
  const { host } = options;
  const ctx = createContext(connection, host, options.docsBase ?? host.ruleDocsBase);

  // In this order: each takes what it needs of those before it. A change of configuration rebuilds
  // the index, then checks the open documents again.
  const configuration = registerConfiguration(ctx);
  const workspace = registerWorkspaceIndex(ctx, configuration);
  const { index } = workspace;
  const openDocuments = registerDocuments(ctx, configuration, index);
  registerWorkspaceRequests(ctx, index, openDocuments);
  registerLanguageFeatures(ctx, openDocuments, configuration, index);
  const editTargets = registerActionEdits(ctx, openDocuments, configuration);
  registerLifecycle(ctx, editTargets, configuration, openDocuments, index);
  registerEffectiveConfiguration(ctx, configuration, openDocuments, index);

  connection.onInitialize((params): InitializeResult => {
    setClientSupport(ctx.client, params.capabilities);
    configuration.initialize(params);
    workspace.initialize(params);
    return {
      capabilities: {
        textDocumentSync: TextDocumentSyncKind.Incremental,
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, CodeActionKind.RefactorRewrite, FIX_ALL_KIND] },
        completionProvider: { triggerCharacters: ['@', '#', ':', '|'] },
        hoverProvider: true,
        documentSymbolProvider: true,
        workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
      },
      serverInfo: { name: 'aar-language-server', ...(options.version ? { version: options.version } : {}) },
    };
  });

  connection.onInitialized(() => {
    configuration.initialized();
    workspace.initialized();
  });

  connection.onShutdown(() => {
    openDocuments.shutdown();
    workspace.shutdown();
  });

  ctx.documents.listen(connection);
}
