// Entry of the language server bundled for a browser's web worker (dist/browser/server.js). The
// client posts one message first, the options below; LSP messages follow on the same port.
import { BrowserMessageReader, BrowserMessageWriter, createConnection, ProposedFeatures } from 'vscode-languageserver/browser';
import { version } from '../../../package.json';
import { startServer } from '../server';
import { createBrowserHost } from './host';

/** What the client tells the worker before the first LSP message. */
export interface BrowserServerOptions {
  /** Where the rule pages are, ending in `/`. */
  docsBase: string;
}

declare const self: { addEventListener(type: 'message', listener: (event: { data: unknown }) => void): void; removeEventListener(type: 'message', listener: (event: { data: unknown }) => void): void };
const worker = self as unknown as ConstructorParameters<typeof BrowserMessageReader>[0];

function start(options: BrowserServerOptions): void {
  const connection = createConnection(ProposedFeatures.all, new BrowserMessageReader(worker), new BrowserMessageWriter(worker));
  startServer(connection, { version, host: createBrowserHost(connection, options.docsBase), docsBase: options.docsBase });
  connection.listen();
}

self.addEventListener('message', function first(event) {
  self.removeEventListener('message', first);
  start(event.data as BrowserServerOptions);
});
