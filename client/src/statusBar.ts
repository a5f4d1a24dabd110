// The status-bar count of open and overdue actions; a click opens the Actions view. Hidden in
// workspaces without reports, so the extension stays silent there.
import * as vscode from 'vscode';
import type { AarServer, IndexCounts } from './aarServer';

export function statusText(counts: IndexCounts): string {
  const open = `$(checklist) ${counts.openActions} open`;
  return counts.overdueActions ? `${open}  $(warning) ${counts.overdueActions} overdue` : open;
}

export class ActionsStatusBar implements vscode.Disposable {
  readonly item = vscode.window.createStatusBarItem('aar.actions', vscode.StatusBarAlignment.Left, 50);
  private readonly disposables: vscode.Disposable[] = [this.item];

  constructor(private readonly server: AarServer) {
    this.item.name = 'After Action Reports: open actions';
    this.item.command = 'aar.actions.focus';
    this.disposables.push(server.onDidChange(() => this.update()));
    this.update();
  }

  private update(): void {
    const counts = this.server.counts;
    void vscode.commands.executeCommand('setContext', 'aar.hasReports', !!counts?.reports);
    if (!counts?.reports) {
      this.item.hide();
      return;
    }
    this.item.text = statusText(counts);
    this.item.tooltip = `After Action Reports: ${counts.openActions} open action${counts.openActions === 1 ? '' : 's'}, ${counts.overdueActions} overdue, in ${counts.reports} report${counts.reports === 1 ? '' : 's'}. Click to show them.`;
    this.item.backgroundColor = counts.overdueActions ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
    this.item.show();
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}
