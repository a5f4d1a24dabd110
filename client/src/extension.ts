// The extension's entry on Node (package.json `main`): the language server runs as a Node process.
import type * as vscode from 'vscode';
import { activateWith, deactivate, type AarExtensionApi } from './activation';
import { createLanguageClient } from './languageClient';

export type { AarExtensionApi };
export { deactivate };

export function activate(context: vscode.ExtensionContext): Promise<AarExtensionApi> {
  return activateWith(context, createLanguageClient);
}
