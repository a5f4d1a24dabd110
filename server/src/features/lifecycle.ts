// A review's life: its new text, its status moved along the lifecycle, the summary for its
// stakeholders, and the releases (git tags) still awaiting one, with the folders that have no git
// repository to read tags from.
import { ErrorCodes, LSPErrorCodes, ResponseError } from 'vscode-languageserver';
import { moveReviewStatus } from '../core/lifecycle';
import { actionsChartSvg, stakeholderSummary, stakeholderSummaryHtml, stakeholderSummaryMarkdown } from '../core/summary';
import { releasesAwaitingReview, reviewTrigger, tagMatches } from '../core/triggers';
import { REPORT_STATUSES, type ReportStatus } from '../core/types';
import {
  GitFoldersRequest,
  NewReviewTextRequest,
  ReleasesDueRequest,
  ReviewStatusRequest,
  StakeholderSummaryRequest,
  type GitFolder,
  type ReleaseDue,
  type ReviewStatusParams,
  type ReviewStatusResult,
  type StakeholderSummaryParams,
  type StakeholderSummaryResult,
} from '../protocol';
import { newReviewText } from '../reviewDrafts';
import type { WorkspaceIndex } from '../workspaceIndex';
import type { EditTargets } from './actionEdits';
import type { Configuration } from './configuration';
import type { ServerContext } from './context';
import type { OpenDocuments } from './documents';

export function registerLifecycle(
  ctx: ServerContext,
  editTargets: EditTargets,
  configuration: Pick<Configuration, 'fileSettings' | 'folderOf' | 'folders'>,
  openDocuments: Pick<OpenDocuments, 'flushIndexUpdates'>,
  index: Pick<WorkspaceIndex, 'reportInfos'>,
): void {
  const { connection, host, guarded } = ctx;

  connection.onRequest(
    NewReviewTextRequest.type,
    guarded('New review text', async (params) => newReviewText(params)),
  );

  connection.onRequest(
    ReviewStatusRequest.type,
    guarded('Review status', (params) => reviewStatus(params)),
  );

  connection.onRequest(
    StakeholderSummaryRequest.type,
    guarded('Stakeholder summary', (params) => summaryOf(params)),
  );

  connection.onRequest(
    ReleasesDueRequest.type,
    guarded('Releases due', () => releasesDue()),
  );

  connection.onRequest(
    GitFoldersRequest.type,
    guarded('Git folders', () => gitFolders()),
  );

  async function reviewStatus(params: ReviewStatusParams): Promise<ReviewStatusResult> {
    const { uri } = params;
    if (typeof uri !== 'string') throw new ResponseError(ErrorCodes.InvalidParams, 'aar/reviewStatus needs a uri.');
    if (params.to !== undefined && !(REPORT_STATUSES as readonly string[]).includes(params.to)) {
      throw new ResponseError(ErrorCodes.InvalidParams, `The status must be one of ${REPORT_STATUSES.join(', ')}.`);
    }
    const target = await editTargets.analysisForEdit(uri, typeof params.version === 'number' ? params.version : undefined);
    if ('reason' in target) return { uri, version: target.version, edits: [], reasons: [target.reason] };
    const move = moveReviewStatus(target.analysis, params.to as ReportStatus | undefined);
    const { from, to } = move;
    if (!move.moved) return { uri, version: target.version, from, to, edits: [], reasons: move.reasons };
    return { uri, version: target.version, from, to, edits: move.edits };
  }

  async function summaryOf(params: StakeholderSummaryParams): Promise<StakeholderSummaryResult> {
    const { uri } = params;
    if (typeof uri !== 'string') throw new ResponseError(ErrorCodes.InvalidParams, 'aar/stakeholderSummary needs a uri.');
    const target = await editTargets.analysisForEdit(uri, typeof params.version === 'number' ? params.version : undefined);
    if ('reason' in target) throw new ResponseError(LSPErrorCodes.RequestFailed, target.reason === 'stale' ? 'The document changed; try again.' : target.reason);
    const report = target.analysis.report;
    if (!report) throw new ResponseError(LSPErrorCodes.RequestFailed, 'This file is not an After Action Report.');
    const settings = await configuration.fileSettings(uri);
    const input = { report, findings: target.analysis.findings, today: settings.today, audiences: settings.config.communication, ...(typeof params.chartFile === 'string' ? { chartFile: params.chartFile } : {}) };
    return {
      uri,
      title: stakeholderSummary(input).title,
      html: stakeholderSummaryHtml(input),
      markdown: stakeholderSummaryMarkdown(input),
      chartSvg: actionsChartSvg(input),
    };
  }

  /** Which workspace folders lie in a git repository: the Reviews Due view says why it is empty. */
  async function gitFolders(): Promise<GitFolder[]> {
    return Promise.all(configuration.folders().map(async (folder) => ({ folderUri: host.uriOf(folder), repository: await host.inGitRepository(folder).catch(() => false) })));
  }

  async function releasesDue(): Promise<ReleaseDue[]> {
    openDocuments.flushIndexUpdates();
    const reports = await index.reportInfos();
    const out: ReleaseDue[] = [];
    for (const folder of configuration.folders()) {
      const folderUri = host.uriOf(folder);
      const { config } = await configuration.fileSettings(folderUri);
      if (!config.tagTriggers.length) continue;
      const tags = await host.readGitTags(folder, { dates: (name) => config.tagTriggers.some((t) => tagMatches(t.tag, name)) });
      const here = reports.filter((r) => configuration.folderOf(r.uri) === folder);
      for (const due of releasesAwaitingReview(tags, config.tagTriggers, here)) {
        out.push({ folderUri, tag: due.tag, pattern: due.trigger.tag, trigger: reviewTrigger(due.trigger), ...(due.date ? { date: due.date } : {}) });
      }
    }
    return out;
  }
}
