// The "Open Actions" view: every open action of every report, grouped by owner, report or due
// date, with filters for "mine" and "overdue". The server reads, filters, groups and pages
// (aar/actionGroups, then aar/openActions for a group's rows): a workspace of 100,000 open actions
// sends its groups first and a page of rows per group opened. This only arranges and draws.
import * as vscode from 'vscode';
import { daysBetween, GROUP_BYS, type GroupBy } from '../../../server/src/actionGroups';
import type { ActionGroupInfo, ActionGroupsResult, OpenAction } from '../../../server/src/protocol';
import type { AarServer } from '../aarServer';
import { affectsSetting, setting } from '../settings';
import { actionDescription } from './actionRows';
import { dueInWords, todayIso } from './dueWords';

export interface GroupNode {
  type: 'group';
  group: ActionGroupInfo;
}

export interface ActionNode {
  type: 'action';
  action: OpenAction;
  /** The group it is listed in (absent for a node made outside the view, a command's argument). */
  group?: ActionGroupInfo;
}

/** The last row of a group that has more rows than it shows: clicking it shows the next page. */
export interface MoreNode {
  type: 'more';
  group: ActionGroupInfo;
  shown: number;
}

/** The last row of the view when there are more groups than it shows (one per report, grouped by report). */
export interface MoreGroupsNode {
  type: 'moreGroups';
  shown: number;
  count: number;
}

export type ActionsTreeNode = GroupNode | ActionNode | MoreNode | MoreGroupsNode;

/** What the view shows, row by row: for tests and for anyone scripting the extension. */
export interface ActionsViewSnapshot {
  groupBy: GroupBy;
  mineOnly: boolean;
  overdueOnly: boolean;
  groups: {
    /** The group's id (`aar.actions.showMore` takes it). */
    id: string;
    label: string;
    description: string;
    /** The rows loaded: all of a group's, or its first pages (`more` says how many are not). */
    actions: { label: string; description: string; icon: string; uri: string; line: number }[];
    more: number;
  }[];
  /** Groups not loaded yet (`aar.actions.showMore` without a group loads the next page). */
  moreGroups: number;
}

const STATE_KEYS = { groupBy: 'aar.actions.groupBy', mine: 'aar.actions.mineOnly', overdue: 'aar.actions.overdueOnly' } as const;
/** Rows of a group fetched at a time. */
export const ACTIONS_PAGE = 200;
/** Groups fetched at a time. */
export const GROUPS_PAGE = 200;
/** Up to this many open actions in all, every group opens expanded; beyond, they open collapsed and load when opened. */
const EXPAND_ALL_UP_TO = 1000;

export function currentToday(): string {
  return todayIso(setting<string>('today'));
}

export function myHandle(): string | undefined {
  return setting<string>('me')?.trim() || undefined;
}

export class ActionsView implements vscode.TreeDataProvider<ActionsTreeNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<ActionsTreeNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  readonly view: vscode.TreeView<ActionsTreeNode>;
  private readonly disposables: vscode.Disposable[] = [this.changed];
  private groups: Promise<ActionGroupsResult> | undefined;
  /** Each group's rows as fetched since the last refresh. */
  private readonly rows = new Map<string, Promise<OpenAction[]>>();
  /** How many rows of a group to show: a page, and another each time "Show more" is clicked. */
  private readonly shown = new Map<string, number>();
  /** How many groups to show: a page, and another each time "Show more groups" is clicked. */
  private groupsShown = GROUPS_PAGE;
  private readonly groupNodes = new Map<string, GroupNode>();
  /** Open actions in all groups, as last fetched. */
  private total = 0;
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
        if (affectsSetting(e, 'me') || affectsSetting(e, 'today')) this.refresh();
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
    this.shown.clear();
    this.groupsShown = GROUPS_PAGE;
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

  /** Shows another page of groups ("Show more groups" at the end of the view). */
  async showMoreGroups(): Promise<void> {
    const firstNew = this.groupsShown;
    this.groupsShown += GROUPS_PAGE;
    // Only the groups are asked for again: the rows of those shown already still hold (a change
    // since then has its own refresh coming).
    this.groups = undefined;
    this.changed.fire(undefined);
    const group = (await this.loadGroups()).groups[firstNew];
    if (group) await this.select({ type: 'group', group });
  }

  /** Shows another page of a group's rows ("Show more" at the end of the group). */
  async showMore(groupId: string): Promise<void> {
    const firstNew = this.shown.get(groupId) ?? ACTIONS_PAGE;
    this.shown.set(groupId, firstNew + ACTIONS_PAGE);
    this.rows.delete(groupId);
    const node = this.groupNodes.get(groupId);
    this.changed.fire(node);
    if (!node) return;
    const action = (await this.loadRows(node.group))[firstNew];
    if (action) await this.select({ type: 'action', action, group: node.group });
  }

  /**
   * The "Show more" row a person pressed is gone once the page loads: the first new row takes its
   * place, selected and focused, so that the keyboard goes on from where it was.
   */
  private async select(node: ActionsTreeNode): Promise<void> {
    await this.view.reveal(node, { select: true, focus: true }).then(undefined, () => undefined);
  }

  /** A row's group (VS Code asks to reveal a row). */
  getParent(node: ActionsTreeNode): ActionsTreeNode | undefined {
    if (node.type === 'group' || node.type === 'moreGroups') return undefined;
    return node.group && (this.groupNodes.get(node.group.id) ?? { type: 'group', group: node.group });
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
    this.rows.clear();
    this.changed.fire(undefined);
  }

  /** Bursts of changes (typing in a report) redraw once. */
  private refreshSoon(): void {
    clearTimeout(this.refreshTimer);
    this.refreshTimer = setTimeout(() => this.refresh(), 250);
  }

  /** The filters as the server takes them. */
  private filters() {
    const me = myHandle();
    const mine = this.mineOnly && !!me;
    return { groupBy: this.groupBy, ...(mine ? { owner: me } : {}), overdueOnly: this.overdueOnly, today: currentToday() };
  }

  private loadGroups(): Promise<ActionGroupsResult> {
    this.groups ??= this.fetchGroups();
    return this.groups;
  }

  private async fetchGroups(): Promise<ActionGroupsResult> {
    const none: ActionGroupsResult = { groups: [], groupCount: 0, total: 0, overdue: 0 };
    if (!this.server.running) return none;
    const result = await this.server.actionGroups({ ...this.filters(), offset: 0, limit: this.groupsShown }).catch(() => none);
    this.total = result.total;
    this.describeView(result);
    return result;
  }

  private loadRows(group: ActionGroupInfo): Promise<OpenAction[]> {
    let rows = this.rows.get(group.id);
    if (!rows) {
      const limit = this.shown.get(group.id) ?? ACTIONS_PAGE;
      rows = this.server.running ? this.server.openActions({ ...this.filters(), group: group.id, offset: 0, limit }).catch(() => [] as OpenAction[]) : Promise.resolve([]);
      this.rows.set(group.id, rows);
    }
    return rows;
  }

  private describeView(result: ActionGroupsResult): void {
    const filters = [this.mineOnly && myHandle() ? `mine (@${myHandle()?.replace(/^@/, '')})` : '', this.overdueOnly ? 'overdue' : ''].filter(Boolean);
    this.view.description = [`by ${this.groupBy === 'due' ? 'due date' : this.groupBy}`, ...filters].join(' · ');
    this.view.badge = result.total
      ? { value: result.total, tooltip: `${result.total} open action${result.total === 1 ? '' : 's'}${result.overdue ? `, ${result.overdue} overdue` : ''}` }
      : undefined;
  }

  async getChildren(node?: ActionsTreeNode): Promise<ActionsTreeNode[]> {
    if (!node) {
      const { groups, groupCount } = await this.loadGroups();
      this.groupNodes.clear();
      const children: ActionsTreeNode[] = groups.map((group) => {
        const groupNode: GroupNode = { type: 'group', group };
        this.groupNodes.set(group.id, groupNode);
        return groupNode;
      });
      if (groupCount > groups.length) children.push({ type: 'moreGroups', shown: groups.length, count: groupCount });
      return children;
    }
    if (node.type !== 'group') return [];
    const rows = await this.loadRows(node.group);
    const children: ActionsTreeNode[] = rows.map((action) => ({ type: 'action', action, group: node.group }));
    if (node.group.count > rows.length) children.push({ type: 'more', group: node.group, shown: rows.length });
    return children;
  }

  getTreeItem(node: ActionsTreeNode): vscode.TreeItem {
    if (node.type === 'group') return this.groupItem(node.group);
    if (node.type === 'more') return this.moreItem(node);
    if (node.type === 'moreGroups') return this.moreGroupsItem(node);
    return this.actionItem(node.action);
  }

  private groupItem(group: ActionGroupInfo): vscode.TreeItem {
    const expanded = this.total <= EXPAND_ALL_UP_TO;
    const item = new vscode.TreeItem(group.label, expanded ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed);
    item.id = `${this.groupBy}/${group.id}`;
    const count = `${group.count} open`;
    item.description = group.overdue && group.kind !== 'overdue' ? `${count} · ${group.overdue} overdue` : count;
    item.iconPath = groupIcon(group);
    item.contextValue = group.kind === 'report' ? 'aarGroup.report' : 'aarGroup';
    return item;
  }

  private moreItem(node: MoreNode): vscode.TreeItem {
    const next = Math.min(ACTIONS_PAGE, node.group.count - node.shown);
    const item = new vscode.TreeItem(`Show ${next} more…`, vscode.TreeItemCollapsibleState.None);
    item.id = `${this.groupBy}/${node.group.id}/more`;
    item.description = `${node.shown} of ${node.group.count} shown`;
    item.iconPath = new vscode.ThemeIcon('ellipsis');
    item.command = { command: 'aar.actions.showMore', title: 'Show More Actions', arguments: [node.group.id] };
    return item;
  }

  private moreGroupsItem(node: MoreGroupsNode): vscode.TreeItem {
    const next = Math.min(GROUPS_PAGE, node.count - node.shown);
    const item = new vscode.TreeItem(`Show ${next} more ${this.groupBy === 'report' ? 'reports' : 'groups'}…`, vscode.TreeItemCollapsibleState.None);
    item.id = `${this.groupBy}/more`;
    item.description = `${node.shown} of ${node.count} shown`;
    item.iconPath = new vscode.ThemeIcon('ellipsis');
    item.command = { command: 'aar.actions.showMore', title: 'Show More Actions', arguments: [] };
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

  /** The rows as a user sees them, each group's loaded pages included (as if every group were open). */
  async snapshot(): Promise<ActionsViewSnapshot> {
    const { groups, groupCount } = await this.loadGroups();
    return {
      groupBy: this.groupBy,
      mineOnly: this.mineOnly,
      overdueOnly: this.overdueOnly,
      groups: await Promise.all(
        groups.map(async (group) => {
          const item = this.groupItem(group);
          const rows = await this.loadRows(group);
          return {
            id: group.id,
            label: String(item.label),
            description: String(item.description ?? ''),
            actions: rows.map((action) => {
              const row = this.actionItem(action);
              return {
                label: String(row.label),
                description: String(row.description ?? ''),
                icon: (row.iconPath as vscode.ThemeIcon).id,
                uri: action.uri,
                line: action.range.start.line,
              };
            }),
            more: group.count - rows.length,
          };
        }),
      ),
      moreGroups: groupCount - groups.length,
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

function groupIcon(group: ActionGroupInfo): vscode.ThemeIcon {
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
