// Every command in one table; each takes optional arguments so tests and keybindings can run it
// without a prompt.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { assignOwner, type AssignOwnerArgs } from './assignOwner';

export interface CommandContext {
  client: LanguageClient;
  output: vscode.OutputChannel;
}

type CommandFactory = (ctx: CommandContext) => (...args: never[]) => unknown;

export const commands: Record<string, CommandFactory> = {
  'aar.showOutput': (ctx) => () => ctx.output.show(true),
  'aar.restartServer': (ctx) => async () => {
    ctx.output.appendLine('[client] restarting the language server on request.');
    await ctx.client.restart();
  },
  'aar.assignOwner': () => (args?: AssignOwnerArgs) => assignOwner(args),
};

export function registerCommands(context: vscode.ExtensionContext, ctx: CommandContext): void {
  for (const [id, factory] of Object.entries(commands)) {
    context.subscriptions.push(vscode.commands.registerCommand(id, factory(ctx)));
  }
}
