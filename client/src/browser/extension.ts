// The extension's entry in a browser (package.json `browser`): vscode.dev, github.dev, or a remote
// window whose user runs it as a web extension. The language server runs in a web worker.
import type * as vscode from 'vscode';
import { activateWith, deactivate, type AarExtensionApi } from '../activation';
import { createBrowserLanguageClient } from './languageClient';

export { deactivate };

export function activate(context: vscode.ExtensionContext): Promise<AarExtensionApi> {
  return activateWith(context, createBrowserLanguageClient);
}
