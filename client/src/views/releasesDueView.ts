// The "Reviews Due" view: releases (git tags matching the team's triggers) that no report covers
// yet, newest first, each with a one-click "Start Review" (aar/releasesDue).
import * as vscode from 'vscode';
import type { ReleaseDue } from '../../../server/src/protocol';
import type { AarServer } from '../aarServer';
import type { NewReviewArgs } from '../newReview';
import { currentToday } from './actionsView';

export interface ReleasesDueSnapshot {
  /** What the view's title line says beside its name (how many await a review). */
  viewDescription: string | undefined;
  releases: { label: string; description: string; tag: string }[];
}

/** "tagged 3 days ago", "tagged today", or the date when it is long ago. */
export function taggedWords(date: string | undefined, today: string): string {
  if (!date) return 'no review yet';
  const day = date.slice(0, 10);
  const days = Math.round((Date.parse(`${today}T00:00:00Z`) - Date.parse(`${day}T00:00:00Z`)) / 86_400_000);
  if (!Number.isFinite(days)) return 'no review yet';
  if (days <= 0) return 'tagged today · no review yet';
  if (days === 1) return 'tagged yesterday · no review yet';
  if (days < 60) return `tagged ${days} days ago · no review yet`;
  return `tagged ${day} · no review yet`;
}

export class ReleasesDueView implements vscode.TreeDataProvider<ReleaseDue>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<ReleaseDue | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  readonly view: vscode.TreeView<ReleaseDue>;
  private readonly disposables: vscode.Disposable[] = [this.changed];
  private releases: Promise<ReleaseDue[]> | undefined;
  private refreshTimer: NodeJS.Timeout | undefined;

  constructor(private readonly server: AarServer) {
    this.view = vscode.window.createTreeView('aar.releasesDue', { treeDataProvider: this });
    this.disposables.push(
      this.view,
      // A new report may cover a release; a new tag shows when the view is next shown or refreshed.
      server.onDidChange(() => {
        clearTimeout(this.refreshTimer);
        this.refreshTimer = setTimeout(() => this.refresh(), 250);
      }),
      this.view.onDidChangeVisibility((e) => {
        if (e.visible) this.refresh();
      }),
    );
  }

  refresh(): void {
    clearTimeout(this.refreshTimer);
    this.releases = undefined;
    this.changed.fire(undefined);
  }

  private load(): Promise<ReleaseDue[]> {
    if (!this.releases) {
      this.releases = this.server.running ? this.server.releasesDue().catch(() => []) : Promise.resolve([]);
      void this.sayWhetherTagsCanBeRead();
    }
    return this.releases.then((releases) => {
      // In the view's title, not a badge: VS Code adds every view's badge into the activity-bar
      // icon's, which would then count releases as if they were open actions.
      this.view.description = releases.length ? `${releases.length} awaiting a review` : undefined;
      return releases;
    });
  }

  /**
   * Outside a git repository (or in a virtual workspace such as github.dev) there are no tags to
   * list: the empty view says so, instead of saying that every tag is covered (package.json,
   * viewsWelcome, on `aar.releasesDue.noRepository`).
   */
  private async sayWhetherTagsCanBeRead(): Promise<void> {
    const folders = this.server.running ? await this.server.gitFolders().catch(() => undefined) : undefined;
    const noRepository = !!folders && !folders.some((f) => f.repository);
    await vscode.commands.executeCommand('setContext', 'aar.releasesDue.noRepository', noRepository);
  }

  async getChildren(node?: ReleaseDue): Promise<ReleaseDue[]> {
    return node ? [] : this.load();
  }

  getTreeItem(release: ReleaseDue): vscode.TreeItem {
    const item = new vscode.TreeItem(release.tag, vscode.TreeItemCollapsibleState.None);
    item.id = `${release.folderUri}#${release.tag}`;
    item.description = taggedWords(release.date, currentToday());
    item.iconPath = new vscode.ThemeIcon('tag');
    item.contextValue = 'aarReleaseDue';
    item.tooltip = `${release.tag} matches the trigger "${release.pattern}" (${release.trigger}), and no report names it as its milestone. Start a review, or set the milestone of the report that covers it.`;
    item.command = { command: 'aar.startReviewForRelease', title: 'Start Review', arguments: [release] };
    return item;
  }

  async snapshot(): Promise<ReleasesDueSnapshot> {
    const releases = await this.load();
    return {
      viewDescription: this.view.description,
      releases: releases.map((release) => {
        const item = this.getTreeItem(release);
        return { label: String(item.label), description: String(item.description), tag: release.tag };
      }),
    };
  }

  dispose(): void {
    clearTimeout(this.refreshTimer);
    for (const d of this.disposables) d.dispose();
  }
}

/** The arguments of `aar.newReview` for a release awaiting its review. */
export function newReviewArgsFor(release: ReleaseDue): NewReviewArgs {
  return { trigger: release.trigger, milestone: release.tag, workspaceFolder: release.folderUri };
}
