// Every command in one table; each takes optional arguments so tests and keybindings can run it
// without a prompt.
import * as vscode from 'vscode';
import type { BaseLanguageClient } from 'vscode-languageclient';
import type { AarServer } from './aarServer';
import { actionTarget, changeAction, revealAction, showChange } from './actionEdits';
import { assignOwner } from './assignOwner';
import { newReview, type NewReviewArgs } from './newReview';
import { setUpRepository, type SetUpArgs } from './setUpRepository';
import { moveReviewStatus, saveStakeholderSummary, showEffectiveConfig, showStakeholderSummary } from './reviewCommands';
import type { ReleaseDue, ReviewStatus } from '../../server/src/protocol';
import { newReviewArgsFor, type ReleasesDueView } from './views/releasesDueView';
import type { ActionsView } from './views/actionsView';
import type { GroupBy } from '../../server/src/actionGroups';
import type { ReviewsView } from './views/reviewsView';
import { setting, updateSetting } from './settings';

export interface CommandContext {
  client: BaseLanguageClient;
  server: AarServer;
  output: vscode.OutputChannel;
  actions: ActionsView;
  reviews: ReviewsView;
  releasesDue: ReleasesDueView;
}

type CommandFactory = (ctx: CommandContext) => (...args: never[]) => unknown;

const log = (ctx: CommandContext) => (message: string) => ctx.output.appendLine(message);

async function markActionDone(ctx: CommandContext, arg?: unknown) {
  const target = actionTarget(arg);
  if (!target) {
    void vscode.window.showInformationMessage('Put the cursor on an action in a report, or use the Open Actions view, to mark it done.');
    return 'nothing';
  }
  const outcome = await changeAction(ctx.server, target, { status: 'done' });
  if (outcome === 'applied' && (arg as { type?: string } | undefined)?.type === 'action') await showChange(target);
  return outcome;
}

/** A report's Uri from a row of either view, a Uri, or the active editor. */
function reportUri(arg: unknown): vscode.Uri | undefined {
  if (arg instanceof vscode.Uri) return arg;
  const record = arg as { type?: string; action?: { uri: string }; group?: { actions: { uri: string }[] }; uri?: string } | undefined;
  const uri = record?.action?.uri ?? record?.group?.actions[0]?.uri ?? record?.uri;
  return uri ? vscode.Uri.parse(uri) : vscode.window.activeTextEditor?.document.uri;
}

async function setMe(): Promise<string | undefined> {
  const me = await vscode.window.showInputBox({
    title: 'Show my actions',
    prompt: 'Your handle as written in actions (saved as the setting afterActionReports.me)',
    placeHolder: '@handle',
    validateInput: (value) => (value.trim() ? undefined : 'Type your handle, e.g. @sam.'),
  });
  if (!me?.trim()) return undefined;
  await updateSetting('me', me.trim().replace(/^@/, ''), vscode.ConfigurationTarget.Global);
  return me;
}

export const commands: Record<string, CommandFactory> = {
  'aar.showOutput': (ctx) => () => ctx.output.show(true),
  'aar.restartServer': (ctx) => async () => {
    ctx.output.appendLine('[client] restarting the language server on request.');
    await ctx.client.stop();
    await ctx.client.start();
  },
  'aar.newReview': (ctx) => (args?: NewReviewArgs) => newReview(ctx.server, args, log(ctx)),
  'aar.assignOwner': (ctx) => (arg?: unknown) => assignOwner(ctx.server, arg),
  'aar.markActionDone': (ctx) => (arg?: unknown) => markActionDone(ctx, arg),
  'aar.revealAction': () => (arg?: unknown) => revealAction(arg),
  'aar.openReport': () => async (arg?: unknown) => {
    const uri = reportUri(arg);
    if (uri) await vscode.window.showTextDocument(uri, { preview: false });
  },
  'aar.refreshActions': (ctx) => () => {
    ctx.actions.refresh();
    ctx.reviews.refresh();
    ctx.releasesDue.refresh();
  },
  'aar.startReviewForRelease': (ctx) => (release?: ReleaseDue) => (release ? newReview(ctx.server, newReviewArgsFor(release), log(ctx)) : newReview(ctx.server, undefined, log(ctx))),
  'aar.moveReviewAlong': (ctx) => (arg?: unknown, to?: ReviewStatus) => moveReviewStatus(ctx.server, arg, to),
  'aar.showStakeholderSummary': (ctx) => (arg?: unknown) => showStakeholderSummary(ctx.server, arg),
  'aar.saveStakeholderSummary': (ctx) => (arg?: unknown, target?: vscode.Uri) => saveStakeholderSummary(ctx.server, arg, target),
  'aar.showEffectiveConfig': () => (arg?: unknown) => showEffectiveConfig(arg),
  'aar.setUpRepository': (ctx) => (args?: SetUpArgs) => setUpRepository(ctx.server, args),
  'aar.actions.groupByOwner': (ctx) => () => ctx.actions.setGroupBy('owner'),
  'aar.actions.groupByReport': (ctx) => () => ctx.actions.setGroupBy('report'),
  'aar.actions.groupByDue': (ctx) => () => ctx.actions.setGroupBy('due'),
  'aar.actions.groupBy': (ctx) => (groupBy?: GroupBy) => (groupBy ? ctx.actions.setGroupBy(groupBy) : undefined),
  'aar.actions.showMine': (ctx) => async () => {
    const me = setting<string>('me')?.trim() || (await setMe());
    if (me) await ctx.actions.setMineOnly(true);
  },
  'aar.actions.showEveryone': (ctx) => () => ctx.actions.setMineOnly(false),
  // With a group's id, that group's next rows; without, the next groups.
  'aar.actions.showMore': (ctx) => (groupId?: string) => (typeof groupId === 'string' ? ctx.actions.showMore(groupId) : ctx.actions.showMoreGroups()),
  'aar.actions.showOverdue': (ctx) => () => ctx.actions.setOverdueOnly(true),
  'aar.actions.showAllDue': (ctx) => () => ctx.actions.setOverdueOnly(false),
};

export function registerCommands(context: vscode.ExtensionContext, ctx: CommandContext): void {
  for (const [id, factory] of Object.entries(commands)) {
    context.subscriptions.push(vscode.commands.registerCommand(id, factory(ctx)));
  }
}
