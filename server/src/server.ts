// The language server: LSP glue around the engine. Each handler finds the document, asks the engine
// and converts the answer; everything that knows about reports lives in `core/`.
import * as path from 'node:path';
import {
  CodeActionKind,
  ErrorCodes,
  LSPErrorCodes,
  ResponseError,
  TextDocumentSyncKind,
  type Connection,
  type InitializeResult,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { URI } from 'vscode-uri';
import {
  analyze,
  parsePerson,
  personMatches,
  rules,
  type Action,
  type Analysis,
  type Person,
} from './core';
import { ownerPersonOf, setActionStatusFix, setOwnerEdits } from './core/fixes';
import { moveReviewStatus } from './core/lifecycle';
import { actionsChartSvg, stakeholderSummary, stakeholderSummaryHtml, stakeholderSummaryMarkdown } from './core/summary';
import { releasesAwaitingReview, reviewTrigger, tagMatches } from './core/triggers';
import { REPORT_STATUSES, type ReportStatus } from './core/types';
import { isPlaceholderOwner } from './core/vocabulary';
import { assignablePeople, newReviewText } from './reviewDrafts';
import { CONFIG_FILE_NAMES } from './node/config';
import { proposeSetup } from './core/setup';
import {
  ActionEditRequest,
  EffectiveConfigRequest,
  AssignablePeopleRequest,
  GitFoldersRequest,
  type GitFolder,
  NewReviewTextRequest,
  ReleasesDueRequest,
  ReviewStatusRequest,
  SetupProposalRequest,
  type SetupProposal,
  StakeholderSummaryRequest,
  type ActionEditParams,
  type ActionEditResult,
  type EffectiveConfig,
  type ReleaseDue,
  type ReviewStatusParams,
  type ReviewStatusResult,
  type StakeholderSummaryParams,
  type StakeholderSummaryResult,
} from './protocol';
import { settingsLayer } from './settings';
import type { ServerHost } from './host';
import { nodeHost } from './node/host';
import { registerConfiguration } from './features/configuration';
import { registerDocuments } from './features/documents';
import { FIX_ALL_KIND, registerLanguageFeatures } from './features/languageFeatures';
import { registerWorkspaceIndex, registerWorkspaceRequests } from './features/workspaceRequests';
import { createContext, setClientSupport } from './features/context';

export interface ServerOptions {
  /** Where the rule pages are (a URL or file URI ending in `/`); defaults to `<extension>/docs/rules/` next to the bundle. */
  docsBase?: string;
  /** Reported in `serverInfo`. */
  version?: string;
  /** Files, cache, worker threads and git where the server runs; defaults to Node's. */
  host?: ServerHost;
}

/** How long an action edit waits for the document version the client says it holds to arrive. */
const VERSION_WAIT_MS = 1000;

export function startServer(connection: Connection, options: ServerOptions = {}): void {
  const host = options.host ?? nodeHost;
  const ctx = createContext(connection, host, options.docsBase ?? host.ruleDocsBase);
  const { documents, logError, guarded } = ctx;
  const configuration = registerConfiguration(ctx);
  const { fileSettings, folderOf, settingsFor, teamConfigFile } = configuration;
  const workspace = registerWorkspaceIndex(ctx, configuration);
  const { index } = workspace;
  const openDocuments = registerDocuments(ctx, configuration, index);
  const { stateOf, flushIndexUpdates } = openDocuments;
  registerWorkspaceRequests(ctx, index, openDocuments);
  registerLanguageFeatures(ctx, openDocuments, configuration, index);

  // ---- lifecycle ------------------------------------------------------------------------------

  connection.onInitialize((params): InitializeResult => {
    setClientSupport(ctx.client, params.capabilities);
    configuration.initialize(params);
    workspace.initialize(params);
    return {
      capabilities: {
        textDocumentSync: TextDocumentSyncKind.Incremental,
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, CodeActionKind.RefactorRewrite, FIX_ALL_KIND] },
        completionProvider: { triggerCharacters: ['@', '#', ':', '|'] },
        hoverProvider: true,
        documentSymbolProvider: true,
        workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
      },
      serverInfo: { name: 'aar-language-server', ...(options.version ? { version: options.version } : {}) },
    };
  });

  connection.onInitialized(() => {
    configuration.initialized();
    workspace.initialized();
  });

  connection.onShutdown(() => {
    openDocuments.shutdown();
    workspace.shutdown();
  });

  // ---- requests -------------------------------------------------------------------------------

  connection.onRequest(
    ActionEditRequest.type,
    guarded('Action edit', (params) => actionEdit(params)),
  );

  connection.onRequest(
    EffectiveConfigRequest.type,
    guarded('Effective configuration', (params) => effectiveConfig(params.uri)),
  );

  connection.onRequest(
    GitFoldersRequest.type,
    guarded('Git folders', () => gitFolders()),
  );

  connection.onRequest(
    NewReviewTextRequest.type,
    guarded('New review text', async (params) => newReviewText(params)),
  );

  connection.onRequest(
    AssignablePeopleRequest.type,
    guarded('Assignable people', async (params) => {
      const open = documents.get(params.uri);
      const text = open ? open.getText() : await host.readTextFile(URI.parse(params.uri).fsPath, Number.MAX_SAFE_INTEGER).then((r) => ('text' in r ? r.text : ''), () => '');
      return assignablePeople(text, (await effectiveConfig(params.uri)).roster as Person[]);
    }),
  );

  connection.onRequest(
    SetupProposalRequest.type,
    guarded('Set-up proposal', (params) => setupProposal(params.folder)),
  );

  /** What `aar init` proposes for a workspace folder, against its `.aar.yml` as the editor has it. */
  async function setupProposal(folderUri: string | undefined): Promise<SetupProposal> {
    const folder = folderUri ? URI.parse(folderUri).fsPath : configuration.folders()[0];
    if (!folder) throw new ResponseError(ErrorCodes.InvalidParams, 'No folder to set up: open the folder of the repository first.');
    const settings = await fileSettings(URI.file(folder).toString());
    const loaded = await teamConfigFile(folder);
    const configFile = loaded.file ?? path.join(folder, CONFIG_FILE_NAMES[0]);
    const open = documents.get(URI.file(configFile).toString());
    const existing = open ? open.getText() : loaded.file ? (await host.readTextFile(loaded.file, Number.MAX_SAFE_INTEGER).then((r) => ('text' in r ? r.text : undefined), () => undefined)) : undefined;
    const files = await host.readSetupFiles(folder, settings.config.maxFileSize, (unreadable, e) => logError(`Set-up: cannot read the folder ${unreadable} (${e.code ?? e.message}).`));
    const tags = await host.readGitTags(folder).catch((e: Error) => {
      logError(`Set-up: cannot read the git tags of ${folder}: ${e.message}`);
      return [];
    });
    const proposal = proposeSetup({ files, tags: tags.map((t) => ({ name: t.name, ...(t.date ? { date: t.date } : {}) })), existingConfig: existing, today: settings.today });
    return {
      folder: URI.file(folder).toString(),
      configFile: URI.file(configFile).toString(),
      ...(existing === undefined ? {} : { existing }),
      proposed: proposal.file.proposed,
      reports: proposal.reports.length,
      markdownFiles: files.length,
      problemsBefore: proposal.problems.before.total,
      problemsAfter: proposal.problems.after.total,
      notes: [...(proposal.file.unmerged ? [proposal.file.unmerged] : []), ...proposal.notes],
    };
  }

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

  // ---- action edits ---------------------------------------------------------------------------

  /**
   * The open document once it has reached `version` (the client sends its change before the
   * request, so normally at once), or as it is after a short wait; undefined when it is not open.
   */
  function documentAt(uri: string, version: number): Promise<TextDocument | undefined> {
    const reached = () => {
      const doc = documents.get(uri);
      return doc && doc.version >= version ? doc : undefined;
    };
    const now = reached();
    if (now) return Promise.resolve(now);
    return new Promise((resolve) => {
      const finish = () => {
        clearTimeout(timer);
        opened.dispose();
        changed.dispose();
        resolve(documents.get(uri));
      };
      const check = () => void (reached() && finish());
      const opened = documents.onDidOpen(check);
      const changed = documents.onDidChangeContent(check);
      const timer = setTimeout(finish, VERSION_WAIT_MS);
    });
  }

  /** The analysis an action edit is made against: the open document's exact version, else the file on disk. */
  async function analysisForEdit(uri: string, version: number | undefined): Promise<{ analysis: Analysis; version: number | null } | { reason: string; version: number | null }> {
    const doc = version === undefined ? documents.get(uri) : await documentAt(uri, version);
    if (doc) {
      if (version !== undefined && doc.version !== version) return { reason: 'stale', version: doc.version };
      // The analysis of the current text, made now if the debounced one has not run yet.
      const state = await stateOf(uri);
      if (!state) return { reason: 'stale', version: null };
      if (version !== undefined && state.version !== version) return { reason: 'stale', version: state.version };
      return { analysis: state.analysis, version: state.version };
    }
    // The client holds a version the server never saw: its text cannot be known here.
    if (version !== undefined) return { reason: 'stale', version: null };
    const file = URI.parse(uri);
    if (file.scheme !== 'file') return { reason: 'The document is not open and is not a file on disk.', version: null };
    const settings = await fileSettings(uri);
    const read = await host.readTextFile(file.fsPath, settings.config.maxFileSize);
    if (!('text' in read)) return { reason: read.skipped, version: null };
    const analysis = analyze(read.text, { uri, relativePath: settings.relativePath, config: settings.config, today: settings.today });
    return { analysis, version: null };
  }

  /** The innermost action whose range holds the line (a nested item before the item it is nested in). */
  function actionOnLine(actions: Action[], line: number): Action | undefined {
    return actions
      .filter((a) => a.range.start.line <= line && line <= a.range.end.line)
      .sort((a, b) => b.range.start.line - a.range.start.line || b.range.start.character - a.range.start.character)[0];
  }

  async function actionEdit(params: ActionEditParams): Promise<ActionEditResult> {
    const { uri, line, change } = params;
    if (typeof uri !== 'string' || typeof line !== 'number' || !change || typeof change !== 'object') {
      throw new ResponseError(ErrorCodes.InvalidParams, 'aar/actionEdit needs a uri, a line and a change.');
    }
    const version = typeof params.version === 'number' ? params.version : undefined;
    const target = await analysisForEdit(uri, version);
    const nothing = (reason: string): ActionEditResult => ({ uri, version: target.version, edits: [], reason });
    if ('reason' in target) return nothing(target.reason);
    const report = target.analysis.report;
    if (!report) return nothing('The file is not an After Action Report.');
    const action = actionOnLine(report.actions, line);
    if (!action) return nothing(`There is no action on line ${line + 1}.`);
    if ('status' in change) {
      if (change.status !== 'done' && change.status !== 'open') throw new ResponseError(ErrorCodes.InvalidParams, 'The status must be "done" or "open".');
      const done = change.status === 'done';
      const fix = setActionStatusFix(report, action, done);
      if (fix) return { uri, version: target.version, edits: fix.edits };
      if (!done) return nothing('The action is already open.');
      return nothing(action.status === 'done' ? 'The action is already done.' : 'A struck-through action is cancelled; remove the strike-through to reopen it first.');
    }
    if ('owner' in change && typeof change.owner === 'string') {
      const edits = setOwnerEdits(report, action, change.owner);
      if (edits.length) return { uri, version: target.version, edits };
      if (!ownerPersonOf(change.owner)) return nothing(`"${change.owner.trim()}" does not name a person: use a handle such as @sam, or a name.`);
      return nothing(`${change.owner.trim()} already owns the action.`);
    }
    throw new ResponseError(ErrorCodes.InvalidParams, 'The change must be {owner} or {status: "done" | "open"}.');
  }

  // ---- review lifecycle, stakeholder summary, releases awaiting a review ----------------------

  async function reviewStatus(params: ReviewStatusParams): Promise<ReviewStatusResult> {
    const { uri } = params;
    if (typeof uri !== 'string') throw new ResponseError(ErrorCodes.InvalidParams, 'aar/reviewStatus needs a uri.');
    if (params.to !== undefined && !(REPORT_STATUSES as readonly string[]).includes(params.to)) {
      throw new ResponseError(ErrorCodes.InvalidParams, `The status must be one of ${REPORT_STATUSES.join(', ')}.`);
    }
    const target = await analysisForEdit(uri, typeof params.version === 'number' ? params.version : undefined);
    if ('reason' in target) return { uri, version: target.version, edits: [], reasons: [target.reason] };
    const move = moveReviewStatus(target.analysis, params.to as ReportStatus | undefined);
    const { from, to } = move;
    if (!move.moved) return { uri, version: target.version, from, to, edits: [], reasons: move.reasons };
    return { uri, version: target.version, from, to, edits: move.edits };
  }

  async function summaryOf(params: StakeholderSummaryParams): Promise<StakeholderSummaryResult> {
    const { uri } = params;
    if (typeof uri !== 'string') throw new ResponseError(ErrorCodes.InvalidParams, 'aar/stakeholderSummary needs a uri.');
    const target = await analysisForEdit(uri, typeof params.version === 'number' ? params.version : undefined);
    if ('reason' in target) throw new ResponseError(LSPErrorCodes.RequestFailed, target.reason === 'stale' ? 'The document changed; try again.' : target.reason);
    const report = target.analysis.report;
    if (!report) throw new ResponseError(LSPErrorCodes.RequestFailed, 'This file is not an After Action Report.');
    const settings = await fileSettings(uri);
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
    return Promise.all(configuration.folders().map(async (folder) => ({ folderUri: URI.file(folder).toString(), repository: await host.inGitRepository(folder).catch(() => false) })));
  }

  async function releasesDue(): Promise<ReleaseDue[]> {
    flushIndexUpdates();
    const reports = await index.reportInfos();
    const out: ReleaseDue[] = [];
    for (const folder of configuration.folders()) {
      const folderUri = URI.file(folder).toString();
      const { config } = await fileSettings(folderUri);
      if (!config.tagTriggers.length) continue;
      const tags = await host.readGitTags(folder, { dates: (name) => config.tagTriggers.some((t) => tagMatches(t.tag, name)) });
      const here = reports.filter((r) => folderOf(r.uri) === folder);
      for (const due of releasesAwaitingReview(tags, config.tagTriggers, here)) {
        out.push({ folderUri, tag: due.tag, pattern: due.trigger.tag, trigger: reviewTrigger(due.trigger), ...(due.date ? { date: due.date } : {}) });
      }
    }
    return out;
  }

  // ---- effective configuration ----------------------------------------------------------------

  async function effectiveConfig(uri: string): Promise<EffectiveConfig> {
    const folder = folderOf(uri);
    const [settings, loaded, { config }] = await Promise.all([
      settingsFor(uri),
      folder ? teamConfigFile(folder) : undefined,
      fileSettings(uri),
    ]);
    const fromSettings = settingsLayer(settings);
    const team = loaded?.layer ?? {};
    const teamFile = loaded?.file ? path.basename(loaded.file) : '.aar.yml';
    const sources: string[] = [];
    if (!folder) sources.push('Not inside a workspace folder: defaults and settings only.');
    else if (loaded?.file) sources.push(`Team configuration: ${loaded.file}`);
    else sources.push(`Team configuration: none (no .aar.yml in ${folder}).`);
    for (const error of loaded?.errors ?? []) sources.push(`${teamFile} line ${error.line + 1}: ${error.message} (ignored)`);
    const from = (...parts: (string | false | undefined)[]) => parts.filter(Boolean).join(' + ') || 'defaults';

    // Who is accountable: the report's own Delivery Owner, else the one the team file names.
    const teamDeliveryOwner = loaded?.raw?.delivery_owner ?? loaded?.raw?.deliveryOwner;
    const reportDeliveryOwner = (await stateOf(uri))?.analysis.report?.metadata.deliveryOwner?.value ?? index.get(uri)?.deliveryOwner;
    const named = [reportDeliveryOwner, typeof teamDeliveryOwner === 'string' ? teamDeliveryOwner : undefined];
    const deliveryOwner = named.find((who) => who?.trim() && !isPlaceholderOwner(who))?.trim();
    const roster = withDeliveryOwner(config.roster, deliveryOwner);

    sources.push(`reviewsFolder: ${config.reviewsFolder} (${team.reviewsFolder ? teamFile : 'default'})`);
    if (config.template) sources.push(`template: ${config.template} (${teamFile})`);
    sources.push(`triggers: ${config.triggers.join(', ')} (${team.triggers ? teamFile : 'default'})`);
    const rosterFrom = from(!!team.roster?.length && teamFile, !!fromSettings.roster?.length && 'settings aar.roster');
    sources.push(`roster: ${roster.length} ${roster.length === 1 ? 'person' : 'people'} (${rosterFrom === 'defaults' ? 'nobody listed' : rosterFrom})`);
    if (deliveryOwner) sources.push(`Delivery Owner: ${deliveryOwner} (${deliveryOwner === reportDeliveryOwner?.trim() ? 'the report' : teamFile})`);
    const teamRules = Object.keys(team.severities ?? {});
    const settingRules = Object.keys(fromSettings.severities ?? {});
    sources.push(
      `severities: ${from(
        'rule defaults',
        teamRules.length > 0 && `${teamFile} (${teamRules.join(', ')})`,
        settingRules.length > 0 && `settings aar.rules (${settingRules.join(', ')})`,
      )}`,
    );
    if (team.reportGlobs || fromSettings.reportGlobs) {
      sources.push(`reports: ${config.reportGlobs.join(', ')} (${fromSettings.reportGlobs ? 'settings aar.reportGlobs' : teamFile})`);
    }
    return {
      reviewsFolder: config.reviewsFolder,
      ...(config.template ? { template: config.template } : {}),
      triggers: [...config.triggers],
      roster: roster.map((p) => ({
        ...(p.handle ? { handle: p.handle } : {}),
        ...(p.name ? { name: p.name } : {}),
        ...(p.email ? { email: p.email } : {}),
        ...(p.deliveryOwner ? { deliveryOwner: true } : {}),
      })),
      severities: Object.fromEntries(rules.map((rule) => [rule.id, config.severities[rule.id] ?? rule.defaultSeverity])),
      sources,
    };
  }

  documents.listen(connection);
}

/** The roster with the Delivery Owner marked and first (added when the roster does not list them). */
function withDeliveryOwner(roster: Person[], deliveryOwner: string | undefined): Person[] {
  const people = roster.map((p) => ({ ...p }));
  // `Dana Reyes (@dana)` is the roster's `@dana`: matched by handle, name or e-mail.
  const wanted = deliveryOwner ? parsePerson(deliveryOwner, 'workspace') : undefined;
  if (wanted) {
    const known = people.find((p) => [wanted.handle, wanted.name, wanted.email].some((id) => !!id && personMatches(p, id)));
    if (known) known.deliveryOwner = true;
    else people.push({ ...wanted, deliveryOwner: true });
  }
  return [...people.filter((p) => p.deliveryOwner), ...people.filter((p) => !p.deliveryOwner)];
}
