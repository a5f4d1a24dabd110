// The "Open Actions" view: every open action of every report, grouped by owner, report or due
// date, with filters for "mine" and "overdue". The server does the reading and the filtering
// (aar/openActions); this only arranges and draws.
import * as vscode from 'vscode';
import type { OpenAction } from '../../../server/src/protocol';
import type { AarServer } from '../aarServer';
import { actionDescription, groupActions, GROUP_BYS, type ActionGroup, type GroupBy } from './actionGroups';
import { daysBetween, dueInWords, todayIso } from './dueWords';

export interface GroupNode {
  type: 'group';
  group: ActionGroup;
}

export interface ActionNode {
  type: 'action';
  action: OpenAction;
}

export type ActionsTreeNode = GroupNode | ActionNode;

/** What the view shows, row by row: for tests and for anyone scripting the extension. */
export interface ActionsViewSnapshot {
  groupBy: GroupBy;
  mineOnly: boolean;
  overdueOnly: boolean;
  groups: { label: string; description: string; actions: { label: string; description: string; icon: string; uri: string; line: number }[] }[];
}

const STATE_KEYS = { groupBy: 'aar.actions.groupBy', mine: 'aar.actions.mineOnly', overdue: 'aar.actions.overdueOnly' } as const;

export function currentToday(): string {
  return todayIso(vscode.workspace.getConfiguration('aar').get<string>('today'));
}

export function myHandle(): string | undefined {
  return vscode.workspace.getConfiguration('aar').get<string>('me')?.trim() || undefined;
}

export class ActionsView implements vscode.TreeDataProvider<ActionsTreeNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<ActionsTreeNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  readonly view: vscode.TreeView<ActionsTreeNode>;
  private readonly disposables: vscode.Disposable[] = [this.changed];
  private groups: Promise<ActionGroup[]> | undefined;
  private refreshTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly server: AarServer,
    private readonly state: vscode.Memento,
  ) {
    this.view = vscode.window.createTreeView('aar.actions', { treeDataProvider: this, showCollapseAll: true });
    this.disposables.push(
      this.view,
      server.onDidChange(() => this.refreshSoon()),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('aar.me') || e.affectsConfiguration('aar.today')) this.refresh();
      }),
    );
    void this.updateContext();
  }

  get groupBy(): GroupBy {
    const stored = this.state.get<GroupBy>(STATE_KEYS.groupBy);
    return stored && GROUP_BYS.includes(stored) ? stored : 'owner';
  }

  get mineOnly(): boolean {
    return this.state.get<boolean>(STATE_KEYS.mine, false);
  }

  get overdueOnly(): boolean {
    return this.state.get<boolean>(STATE_KEYS.overdue, false);
  }

  async setGroupBy(groupBy: GroupBy): Promise<void> {
    await this.state.update(STATE_KEYS.groupBy, groupBy);
    await this.updateContext();
    this.refresh();
  }

  async setMineOnly(on: boolean): Promise<void> {
    await this.state.update(STATE_KEYS.mine, on);
    await this.updateContext();
    this.refresh();
  }

  async setOverdueOnly(on: boolean): Promise<void> {
    await this.state.update(STATE_KEYS.overdue, on);
    await this.updateContext();
    this.refresh();
  }

  /** Context keys that pick which toolbar buttons show (menus in package.json). */
  private async updateContext(): Promise<void> {
    await vscode.commands.executeCommand('setContext', 'aar.actions.groupBy', this.groupBy);
    await vscode.commands.executeCommand('setContext', 'aar.actions.mineOnly', this.mineOnly);
    await vscode.commands.executeCommand('setContext', 'aar.actions.overdueOnly', this.overdueOnly);
  }

  refresh(): void {
    clearTimeout(this.refreshTimer);
    this.groups = undefined;
    this.changed.fire(undefined);
  }

  /** Bursts of changes (typing in a report) redraw once. */
  private refreshSoon(): void {
    clearTimeout(this.refreshTimer);
    this.refreshTimer = setTimeout(() => this.refresh(), 250);
  }

  private load(): Promise<ActionGroup[]> {
    this.groups ??= this.fetch();
    return this.groups;
  }

  private async fetch(): Promise<ActionGroup[]> {
    if (!this.server.running) return [];
    const me = myHandle();
    const mine = this.mineOnly && !!me;
    const actions = await this.server.openActions({ ...(mine ? { owner: me } : {}), overdueOnly: this.overdueOnly }).catch(() => [] as OpenAction[]);
    const groups = groupActions(actions, this.groupBy, currentToday());
    this.describeView(actions, mine);
    return groups;
  }

  private describeView(actions: OpenAction[], mine: boolean): void {
    const filters = [mine ? `mine (@${myHandle()?.replace(/^@/, '')})` : '', this.overdueOnly ? 'overdue' : ''].filter(Boolean);
    this.view.description = [`by ${this.groupBy === 'due' ? 'due date' : this.groupBy}`, ...filters].join(' · ');
    const overdue = actions.filter((a) => a.overdue).length;
    this.view.badge = actions.length
      ? { value: actions.length, tooltip: `${actions.length} open action${actions.length === 1 ? '' : 's'}${overdue ? `, ${overdue} overdue` : ''}` }
      : undefined;
  }

  async getChildren(node?: ActionsTreeNode): Promise<ActionsTreeNode[]> {
    if (!node) return (await this.load()).map((group) => ({ type: 'group', group }));
    if (node.type === 'group') return node.group.actions.map((action) => ({ type: 'action', action }));
    return [];
  }

  getTreeItem(node: ActionsTreeNode): vscode.TreeItem {
    return node.type === 'group' ? this.groupItem(node.group) : this.actionItem(node.action);
  }

  private groupItem(group: ActionGroup): vscode.TreeItem {
    const item = new vscode.TreeItem(group.label, vscode.TreeItemCollapsibleState.Expanded);
    item.id = `${this.groupBy}/${group.id}`;
    const count = `${group.actions.length} open`;
    item.description = group.overdue && group.kind !== 'overdue' ? `${count} · ${group.overdue} overdue` : count;
    item.iconPath = groupIcon(group);
    item.contextValue = group.kind === 'report' ? 'aarGroup.report' : 'aarGroup';
    return item;
  }

  private actionItem(action: OpenAction): vscode.TreeItem {
    const today = currentToday();
    const label = action.id ? `${action.id}: ${action.text}` : action.text;
    const item = new vscode.TreeItem(label, vscode.TreeItemCollapsibleState.None);
    item.id = `${this.groupBy}/${action.uri}#${action.range.start.line}`;
    item.description = actionDescription(action, this.groupBy, today);
    item.iconPath = actionIcon(action, today);
    item.tooltip = actionTooltip(action, today);
    item.contextValue = action.owner ? 'aarAction' : 'aarAction.unowned';
    item.command = { command: 'aar.revealAction', title: 'Go to Action', arguments: [action] };
    item.accessibilityInformation = { label: `${label}, ${item.description}` };
    return item;
  }

  /** The rows as a user sees them. */
  async snapshot(): Promise<ActionsViewSnapshot> {
    const groups = await this.load();
    return {
      groupBy: this.groupBy,
      mineOnly: this.mineOnly,
      overdueOnly: this.overdueOnly,
      groups: groups.map((group) => {
        const item = this.groupItem(group);
        return {
          label: String(item.label),
          description: String(item.description ?? ''),
          actions: group.actions.map((action) => {
            const row = this.actionItem(action);
            return {
              label: String(row.label),
              description: String(row.description ?? ''),
              icon: (row.iconPath as vscode.ThemeIcon).id,
              uri: action.uri,
              line: action.range.start.line,
            };
          }),
        };
      }),
    };
  }

  dispose(): void {
    clearTimeout(this.refreshTimer);
    for (const d of this.disposables) d.dispose();
  }
}

function actionIcon(action: OpenAction, today: string): vscode.ThemeIcon {
  if (action.overdue) return new vscode.ThemeIcon('warning', new vscode.ThemeColor('list.errorForeground'));
  if (!action.owner) return new vscode.ThemeIcon('person-add', new vscode.ThemeColor('list.warningForeground'));
  if (action.status === 'blocked') return new vscode.ThemeIcon('circle-slash', new vscode.ThemeColor('list.warningForeground'));
  if (action.status === 'in-progress') return new vscode.ThemeIcon('play-circle');
  if (action.due && daysBetween(today, action.due) <= 7) return new vscode.ThemeIcon('clock');
  return new vscode.ThemeIcon('circle-large-outline');
}

function groupIcon(group: ActionGroup): vscode.ThemeIcon {
  switch (group.kind) {
    case 'unowned':
      return new vscode.ThemeIcon('person-add', new vscode.ThemeColor('list.warningForeground'));
    case 'owner':
      return new vscode.ThemeIcon('person');
    case 'report':
      return new vscode.ThemeIcon('notebook');
    case 'overdue':
      return new vscode.ThemeIcon('warning', new vscode.ThemeColor('list.errorForeground'));
    case 'this-week':
      return new vscode.ThemeIcon('clock');
    case 'later':
      return new vscode.ThemeIcon('calendar');
    default:
      return new vscode.ThemeIcon('circle-large-outline');
  }
}

function actionTooltip(action: OpenAction, today: string): vscode.MarkdownString {
  const md = new vscode.MarkdownString(undefined, true);
  md.appendMarkdown(`**${escape(action.id ? `${action.id}: ${action.text}` : action.text)}**\n\n`);
  md.appendMarkdown(`- Owner: ${action.owner ? escape(action.owner) : '_nobody yet_'}\n`);
  if (action.collaborators.length) md.appendMarkdown(`- With: ${action.collaborators.map(escape).join(', ')}\n`);
  md.appendMarkdown(`- ${action.due ? `Due ${action.due} (${dueInWords(action.due, today)})` : 'No due date'}\n`);
  md.appendMarkdown(`- Status: ${action.status}\n`);
  md.appendMarkdown(`- Report: ${escape(action.report)}, line ${action.range.start.line + 1}\n`);
  return md;
}

function escape(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>]/g, '\\$&');
}
