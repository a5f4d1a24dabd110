// What the entry hands every feature: the connection, the open documents, the host, what the client
// can do, the log, and the guard each request handler runs in. What features need of each other
// they take as a second argument, each naming only the functions it calls.
import { ErrorCodes, ResponseError, TextDocuments, type ClientCapabilities, type Connection } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { ServerHost } from '../host';

/** What the client said it can do, as the features ask it. */
export interface ClientSupport {
  configuration: boolean;
  dynamicConfiguration: boolean;
  dynamicWatchers: boolean;
  workspaceFolders: boolean;
  documentChanges: boolean;
  createFiles: boolean;
}

export interface ServerContext {
  readonly connection: Connection;
  readonly documents: TextDocuments<TextDocument>;
  readonly host: ServerHost;
  /** Where the rule pages are (a URI ending in `/`), for the links of diagnostics. */
  readonly docsBase: string;
  /** All false until `setClientSupport` reads the client's `initialize` request. */
  readonly client: ClientSupport;
  log(message: string): void;
  logError(message: string): void;
  /** The handler, made to answer an error and log it when it throws; the server keeps running. */
  guarded<P, R>(name: string, handler: (params: P) => Promise<R>): (params: P) => Promise<R>;
}

export function createContext(connection: Connection, host: ServerHost, docsBase: string): ServerContext {
  const logError = (message: string) => connection.console.error(message);
  return {
    connection,
    documents: new TextDocuments(TextDocument),
    host,
    docsBase,
    client: { configuration: false, dynamicConfiguration: false, dynamicWatchers: false, workspaceFolders: false, documentChanges: false, createFiles: false },
    log: (message) => connection.console.log(message),
    logError,
    guarded: (name, handler) => async (params) => {
      try {
        return await handler(params);
      } catch (e) {
        // A request the client got wrong is answered as such.
        if (e instanceof ResponseError) throw e;
        const error = e as Error;
        logError(`${name} failed: ${error.stack ?? error.message}`);
        throw new ResponseError(ErrorCodes.InternalError, `${name} failed: ${error.message}`);
      }
    },
  };
}

/** Reads what the client can do from its `initialize` request. */
export function setClientSupport(client: ClientSupport, caps: ClientCapabilities): void {
  client.configuration = !!caps.workspace?.configuration;
  client.dynamicConfiguration = !!caps.workspace?.didChangeConfiguration?.dynamicRegistration;
  client.dynamicWatchers = !!caps.workspace?.didChangeWatchedFiles?.dynamicRegistration;
  client.workspaceFolders = !!caps.workspace?.workspaceFolders;
  client.documentChanges = !!caps.workspace?.workspaceEdit?.documentChanges;
  client.createFiles = !!caps.workspace?.workspaceEdit?.resourceOperations?.includes('create');
}
