// Custom requests between the VS Code client and the language server, declared once and imported
// by both sides (as vscode-eslint does in `$shared/customMessages.ts`).
import { NotificationType, RequestType, type Position, type Range } from 'vscode-languageserver-protocol';
import type { Person } from './core/types';
import type { ActionGroupKind, GroupBy } from './actionGroups';

// Each custom request and notification is an object rather than a namespace (the lint config bans
// namespaces), used the same way: `OpenActionsRequest.type`, `OpenActionsRequest.method`.
function request<P, R>(method: string) {
  return { method, type: new RequestType<P, R, void>(method) } as const;
}

function notification<P>(method: string) {
  return { method, type: new NotificationType<P>(method) } as const;
}

export type OpenActionStatus = 'open' | 'in-progress' | 'blocked';

/** An action that is not done yet, from any report in the workspace. */
export interface OpenAction {
  /** The report's URI. */
  uri: string;
  /** The report's title, or its file name when it has none. */
  report: string;
  /** The action's text without its inline fields. */
  text: string;
  /** The owner as written (`@sam`, `Kim Park`); absent for an unowned action. */
  owner?: string;
  /** The roster entry the owner matched (so `@priya` and `Priya Raman` are one person); absent when off the roster. */
  ownerPerson?: { handle?: string; name?: string };
  collaborators: string[];
  /** ISO `YYYY-MM-DD`, when the action has a readable due date. */
  due?: string;
  overdue: boolean;
  status: OpenActionStatus;
  /** The action's id (`A-12`), when it has one. */
  id?: string;
  /** The whole action (list item or table row). */
  range: Range;
}

export interface OpenActionsParams {
  /** Only the actions of this owner (`@sam`, `sam`, a name or an email). */
  owner?: string;
  overdueOnly?: boolean;
  /**
   * Only the actions of one group of the Open Actions view (an id from `aar/actionGroups`, with
   * the same `groupBy` and `today`), in the view's order; with `offset` and `limit`, one page of it.
   */
  group?: string;
  groupBy?: GroupBy;
  /** ISO date the due-date groups are measured from (the view's today); the server's when absent. */
  today?: string;
  offset?: number;
  limit?: number;
}

export const OpenActionsRequest = request<OpenActionsParams, OpenAction[]>('aar/openActions');

export interface ActionGroupsParams {
  groupBy: GroupBy;
  owner?: string;
  overdueOnly?: boolean;
  /** ISO date the due-date groups are measured from (the view's today); the server's when absent. */
  today?: string;
  /** One page of the groups: grouped by report, a large workspace has one group per report. */
  offset?: number;
  limit?: number;
}

/** One group of the Open Actions view, without its rows (`aar/openActions` with `group` pages them). */
export interface ActionGroupInfo {
  id: string;
  label: string;
  kind: ActionGroupKind;
  count: number;
  overdue: number;
}

export interface ActionGroupsResult {
  /** The groups asked for: all of them, or the page `offset` and `limit` chose. */
  groups: ActionGroupInfo[];
  /** How many groups there are in all. */
  groupCount: number;
  /** Open actions in all groups, and how many are overdue. */
  total: number;
  overdue: number;
}

/** The sidebar's first request: its groups and their counts, in its order; rows come per group. */
export const ActionGroupsRequest = request<ActionGroupsParams, ActionGroupsResult>('aar/actionGroups');

/** A report of the workspace, for the Reviews view. */
export interface ReportInfo {
  uri: string;
  /** The title, else the first heading, else the file name. */
  report: string;
  /** `status` from the metadata (`draft`, `in-review`, `approved`, `published`) when the report has one. */
  status?: string;
  /** `date` from the metadata, ISO, when readable. */
  date?: string;
  milestone?: string;
  trigger?: string;
  /** Findings of the rules as configured for that file (severity `off` excluded). */
  problems: { error: number; warning: number; info: number; hint: number };
  actions: { total: number; open: number; overdue: number; unowned: number };
}

export const ReportsRequest = request<Record<string, never> | undefined, ReportInfo[]>('aar/reports');

/**
 * What to change on one action. `owner` makes that person the owner (a handle such as `@sam` or
 * `sam`, or a name), replacing a placeholder owner or the current owner; `status` marks it done
 * or reopens it.
 */
export type ActionChange = { owner: string } | { status: 'done' | 'open' };

export interface ActionEditParams {
  uri: string;
  /** 0-based line inside the action (its first line, as `OpenAction.range.start.line`). */
  line: number;
  /** The document version the client holds; the server answers for exactly that text or refuses. */
  version?: number;
  change: ActionChange;
}

/**
 * The edits that make the change, against the text at `version` (`null`: the file on disk, not
 * open in the editor). Empty `edits` with a `reason` when there is nothing to do or it cannot be
 * done (no action on that line, already done, stale version).
 */
export interface ActionEditResult {
  uri: string;
  version: number | null;
  edits: { range: Range; newText: string }[];
  reason?: string;
}

export const ActionEditRequest = request<ActionEditParams, ActionEditResult>('aar/actionEdit');

/** Sent by the server (debounced) whenever the open actions or the reports it knows have changed. */
export const IndexChangedNotification = notification<{ reports: number; openActions: number; overdueActions: number }>('aar/indexChanged');

/** The configuration in effect for a folder or file: `.aar.yml` merged with the user's settings. */
export interface EffectiveConfigParams {
  /** A workspace folder, a report, or any file inside a folder. */
  uri: string;
}

export interface EffectiveConfig {
  /** Workspace-relative folder for new reviews (default `after-action-reports`). */
  reviewsFolder: string;
  /** Workspace-relative path of the team's template for new reviews, when it has one. */
  template?: string;
  /** Allowed values of `trigger`. */
  triggers: string[];
  /** The workspace roster (`.aar.yml` and `afterActionReports.roster`), Delivery Owner first when known. */
  roster: { handle?: string; name?: string; email?: string; deliveryOwner?: boolean }[];
  /** Severity per rule id as in effect. */
  severities: Record<string, string>;
  /** Where each part came from, e.g. `{ roster: '.aar.yml + settings' }`, for `aar.showEffectiveConfig`. */
  sources: string[];
}

export const EffectiveConfigRequest = request<EffectiveConfigParams, EffectiveConfig>('aar/effectiveConfig');

export type ReviewStatus = 'draft' | 'in-review' | 'approved' | 'published';

export interface ReviewStatusParams {
  uri: string;
  /** The document version the client holds (absent: the file on disk); the answer is for exactly that text. */
  version?: number;
  /** Where to move the report; absent: the next status after the current one. */
  to?: ReviewStatus;
}

/**
 * The edits that write the new status, against the text at `version`; or, when the move is
 * refused, no edits and the `reasons` (one line each, with the line to look at).
 */
export interface ReviewStatusResult {
  uri: string;
  version: number | null;
  from?: ReviewStatus;
  to?: ReviewStatus;
  edits: { range: Range; newText: string }[];
  reasons?: string[];
}

export const ReviewStatusRequest = request<ReviewStatusParams, ReviewStatusResult>('aar/reviewStatus');

export interface StakeholderSummaryParams {
  uri: string;
  version?: number;
  /** The chart's file name beside the Markdown, which links to it; without it the Markdown has no chart. */
  chartFile?: string;
}

/** What the communication plan's audiences read: one self-contained HTML page, and the same as Markdown. */
export interface StakeholderSummaryResult {
  uri: string;
  title: string;
  html: string;
  markdown: string;
  /** The chart alone (SVG), for saving beside the Markdown. */
  chartSvg: string;
}

export const StakeholderSummaryRequest = request<StakeholderSummaryParams, StakeholderSummaryResult>('aar/stakeholderSummary');

/** A git tag that a trigger says needs a review and that no report's milestone covers. */
export interface ReleaseDue {
  /** The workspace folder whose repository has the tag. */
  folderUri: string;
  tag: string;
  /** The pattern that matched (`v*`) and the trigger word for the new review (`release`). */
  pattern: string;
  trigger: string;
  /** When the tag (or its commit) was made, ISO 8601, when it could be read. */
  date?: string;
}

export const ReleasesDueRequest = request<Record<string, never> | undefined, ReleaseDue[]>('aar/releasesDue');

/** Per workspace folder, whether it lies in a git repository whose tags can be read (none in a virtual workspace). */
export interface GitFolder {
  folderUri: string;
  repository: boolean;
}

export const GitFoldersRequest = request<Record<string, never> | undefined, GitFolder[]>('aar/gitFolders');

export interface SetupProposalParams {
  /** The folder to set up (a workspace folder's URI); the first workspace folder when absent. */
  folder?: string;
}

/** What `aar init` would propose for a folder: the `.aar.yml` to write, and what it changes. */
export interface SetupProposal {
  /** The folder's URI. */
  folder: string;
  /** The team configuration's URI: the file the folder has, or where a new one goes. */
  configFile: string;
  /** Its text now (the editor's buffer when open), when there is one. */
  existing?: string;
  /** The proposed text: a new file, or the existing one with what the proposal adds. */
  proposed: string;
  /** Reports found, and Markdown files looked at. */
  reports: number;
  markdownFiles: number;
  /** Problems in the reports found, with the configuration now and with the proposed one. */
  problemsBefore: number;
  problemsAfter: number;
  /** What the proposal says, a line each, for people (how reports were found, what is proposed and why). */
  notes: string[];
}

export const SetupProposalRequest = request<SetupProposalParams, SetupProposal>('aar/setupProposal');

/** A new review's text from the team's template (the built-in one when `template` is absent). */
export interface NewReviewTextParams {
  template?: string;
  title: string;
  /** ISO date of the review. */
  date: string;
  trigger: string;
  milestone: string;
  deliveryOwner: string;
}

export interface NewReviewTextResult {
  text: string;
  /** The file name without `.md` (`2026-11-30-checkout-latency`); `-2`, `-3` … when it is taken. */
  fileStem: string;
  /** Where the writing starts: the summary's first line. */
  cursor: Position;
}

export const NewReviewTextRequest = request<NewReviewTextParams, NewReviewTextResult>('aar/newReviewText');

/** The people an action in this open report can be given to (Assign Owner's list). */
export interface AssignablePeopleParams {
  uri: string;
}

export const AssignablePeopleRequest = request<AssignablePeopleParams, Person[]>('aar/assignablePeople');

// Requests the server sends and the client answers: in a browser the server has no file system, so
// the client reads and lists the workspace for it (vscode.workspace.fs, findFiles).

export interface WorkspaceFileParams {
  uri: string;
  /** Larger files are not read: their size is answered instead. */
  maxBytes: number;
}
/** A file's text, or why it was not read. */
export type WorkspaceFileResult = { text: string; size: number; mtime: number } | { unread: 'missing' | 'notFile' | 'tooLarge' | 'binary' | 'notUtf8' | 'unreadable'; size?: number; message?: string };
export const WorkspaceFileRequest = request<WorkspaceFileParams, WorkspaceFileResult>('aar/workspace/readFile');

export interface MarkdownFilesParams {
  /** Folder URIs. */
  folders: string[];
}
/** The Markdown files under the folders (dependencies and dot folders left out), as URIs. */
export const MarkdownFilesRequest = request<MarkdownFilesParams, string[]>('aar/workspace/markdownFiles');

/** What a URI is now. */
export const FileTypeRequest = request<{ uri: string }, 'file' | 'folder' | 'none'>('aar/workspace/fileType');
