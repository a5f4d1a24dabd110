// The client's side of the custom requests (server/src/protocol.ts), in one place, with an event
// for "the reports changed" that the views, the status bar and the tests listen to.
import * as vscode from 'vscode';
import { State, type BaseLanguageClient } from 'vscode-languageclient';
import type { Person } from '../../server/src/core/types';
import {
  ActionEditRequest,
  ActionGroupsRequest,
  AssignablePeopleRequest,
  GitFoldersRequest,
  NewReviewTextRequest,
  EffectiveConfigRequest,
  IndexChangedNotification,
  OpenActionsRequest,
  ReleasesDueRequest,
  ReportsRequest,
  ReviewStatusRequest,
  SetupProposalRequest,
  StakeholderSummaryRequest,
  type ActionEditParams,
  type ActionEditResult,
  type ActionGroupsParams,
  type ActionGroupsResult,
  type GitFolder,
  type NewReviewTextParams,
  type NewReviewTextResult,
  type EffectiveConfig,
  type OpenAction,
  type OpenActionsParams,
  type ReleaseDue,
  type ReportInfo,
  type ReviewStatusParams,
  type ReviewStatusResult,
  type SetupProposal,
  type StakeholderSummaryResult,
} from '../../server/src/protocol';

export interface IndexCounts {
  reports: number;
  openActions: number;
  overdueActions: number;
}

export class AarServer implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fires when the server says the reports or their actions changed, and when it (re)starts. */
  readonly onDidChange = this.changed.event;
  private readonly disposables: vscode.Disposable[] = [this.changed];

  /** The latest totals the server announced (undefined until its index is built). */
  counts: IndexCounts | undefined;

  constructor(readonly client: BaseLanguageClient) {
    this.disposables.push(
      client.onDidChangeState((event) => {
        // A restarted server has a new index; the views ask again once it runs.
        if (event.newState === State.Running) this.changed.fire();
      }),
      // The library keeps this handler across restarts of the server.
      client.onNotification(IndexChangedNotification.type, (counts) => {
        this.counts = counts;
        this.changed.fire();
      }),
    );
  }

  get running(): boolean {
    return this.client.state === State.Running;
  }

  /** Tells listeners to ask again (the Refresh button). */
  refresh(): void {
    this.changed.fire();
  }

  openActions(params: OpenActionsParams = {}): Promise<OpenAction[]> {
    return this.client.sendRequest(OpenActionsRequest.type, params);
  }

  actionGroups(params: ActionGroupsParams): Promise<ActionGroupsResult> {
    return this.client.sendRequest(ActionGroupsRequest.type, params);
  }

  newReviewText(params: NewReviewTextParams): Promise<NewReviewTextResult> {
    return this.client.sendRequest(NewReviewTextRequest.type, params);
  }

  assignablePeople(uri: vscode.Uri): Promise<Person[]> {
    return this.client.sendRequest(AssignablePeopleRequest.type, { uri: uri.toString() });
  }

  reports(): Promise<ReportInfo[]> {
    return this.client.sendRequest(ReportsRequest.type, {});
  }

  actionEdit(params: ActionEditParams): Promise<ActionEditResult> {
    return this.client.sendRequest(ActionEditRequest.type, params);
  }

  effectiveConfig(uri: vscode.Uri): Promise<EffectiveConfig> {
    return this.client.sendRequest(EffectiveConfigRequest.type, { uri: uri.toString() });
  }

  reviewStatus(params: ReviewStatusParams): Promise<ReviewStatusResult> {
    return this.client.sendRequest(ReviewStatusRequest.type, params);
  }

  stakeholderSummary(uri: vscode.Uri, version?: number, chartFile?: string): Promise<StakeholderSummaryResult> {
    return this.client.sendRequest(StakeholderSummaryRequest.type, { uri: uri.toString(), ...(version === undefined ? {} : { version }), ...(chartFile ? { chartFile } : {}) });
  }

  setupProposal(folder: vscode.Uri): Promise<SetupProposal> {
    return this.client.sendRequest(SetupProposalRequest.type, { folder: folder.toString() });
  }

  gitFolders(): Promise<GitFolder[]> {
    return this.client.sendRequest(GitFoldersRequest.type, {});
  }

  releasesDue(): Promise<ReleaseDue[]> {
    return this.client.sendRequest(ReleasesDueRequest.type, {});
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}
