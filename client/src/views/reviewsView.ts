// The "Reviews" view: every report of the workspace with its lifecycle status and how many
// problems it has, newest first (aar/reports).
import * as vscode from 'vscode';
import type { ReportInfo } from '../../../server/src/protocol';
import type { AarServer } from '../aarServer';
import { plural } from '../../../server/src/core/words';
import { reportDescription } from './reportRows';

export interface ReviewsViewSnapshot {
  reports: { label: string; description: string; icon: string; uri: string }[];
}

function reportIcon(report: ReportInfo): vscode.ThemeIcon {
  if (report.problems.error) return new vscode.ThemeIcon('error', new vscode.ThemeColor('list.errorForeground'));
  if (report.problems.warning) return new vscode.ThemeIcon('warning', new vscode.ThemeColor('list.warningForeground'));
  return new vscode.ThemeIcon('pass', new vscode.ThemeColor('testing.iconPassed'));
}

export class ReviewsView implements vscode.TreeDataProvider<ReportInfo>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<ReportInfo | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  readonly view: vscode.TreeView<ReportInfo>;
  private readonly disposables: vscode.Disposable[] = [this.changed];
  private reports: Promise<ReportInfo[]> | undefined;
  private refreshTimer: NodeJS.Timeout | undefined;

  constructor(private readonly server: AarServer) {
    this.view = vscode.window.createTreeView('aar.reviews', { treeDataProvider: this });
    this.disposables.push(
      this.view,
      server.onDidChange(() => {
        clearTimeout(this.refreshTimer);
        this.refreshTimer = setTimeout(() => this.refresh(), 250);
      }),
    );
  }

  refresh(): void {
    clearTimeout(this.refreshTimer);
    this.reports = undefined;
    this.changed.fire(undefined);
  }

  private load(): Promise<ReportInfo[]> {
    this.reports ??= this.server.running ? this.server.reports().catch(() => []) : Promise.resolve([]);
    return this.reports;
  }

  async getChildren(node?: ReportInfo): Promise<ReportInfo[]> {
    return node ? [] : this.load();
  }

  getTreeItem(report: ReportInfo): vscode.TreeItem {
    const uri = vscode.Uri.parse(report.uri);
    const item = new vscode.TreeItem(report.report, vscode.TreeItemCollapsibleState.None);
    item.id = report.uri;
    item.description = reportDescription(report);
    item.iconPath = reportIcon(report);
    item.contextValue = 'aarReport';
    item.command = { command: 'vscode.open', title: 'Open Report', arguments: [uri] };
    const md = new vscode.MarkdownString();
    md.appendText(report.report);
    md.appendMarkdown('\n\n');
    const facts = [
      report.date && `Date: ${report.date}`,
      report.trigger && `Trigger: ${report.trigger}`,
      report.milestone && `Milestone: ${report.milestone}`,
      `Status: ${report.status ?? 'not set'}`,
      `Actions: ${report.actions.total} (${report.actions.open} open, ${report.actions.overdue} overdue, ${report.actions.unowned} unowned)`,
      `Problems: ${plural(report.problems.error, 'error')}, ${plural(report.problems.warning, 'warning')}, ${report.problems.info} info`,
      vscode.workspace.asRelativePath(uri),
    ].filter(Boolean) as string[];
    for (const fact of facts) md.appendMarkdown(`- ${fact.replace(/[\\`*_[\]<>]/g, '\\$&')}\n`);
    item.tooltip = md;
    return item;
  }

  async snapshot(): Promise<ReviewsViewSnapshot> {
    const reports = await this.load();
    return {
      reports: reports.map((report) => {
        const item = this.getTreeItem(report);
        return { label: String(item.label), description: String(item.description), icon: (item.iconPath as vscode.ThemeIcon).id, uri: report.uri };
      }),
    };
  }

  dispose(): void {
    clearTimeout(this.refreshTimer);
    for (const d of this.disposables) d.dispose();
  }
}
