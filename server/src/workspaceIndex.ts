// Every report in the workspace folders, summarised (open actions, counts) so that owners' actions
// can be listed without opening the files. An open document's live text wins over the disk.
import * as path from 'node:path';
import { URI } from 'vscode-uri';
import { analyze, OPEN_STATUSES, personMatches, type AarConfig, type Analysis, type Finding, type Person, type Report } from './core';
import { readDate } from './core/dates';
import { ownerAsWritten } from './core/features/owners';
import { LineMap } from './core/text';
import { readTextFile, walkMarkdownFiles } from './node/files';
import type { OpenAction, OpenActionsParams, OpenActionStatus, ReportInfo } from './protocol';

export interface IndexedReport {
  uri: string;
  /** The title, else the file name. */
  report: string;
  openActions: OpenAction[];
  counts: { actions: number; open: number; overdue: number };
  roster: Person[];
  /** What the Reviews view shows: metadata, problems by severity, action counts. */
  info: ReportInfo;
  /** The report's Delivery Owner as written in its metadata. */
  deliveryOwner?: string;
}

export interface IndexTotals {
  reports: number;
  openActions: number;
  overdueActions: number;
}

export interface FileSettings {
  config: AarConfig;
  today: string;
  /** Path relative to its workspace folder, `/`-separated, for the report globs. */
  relativePath?: string;
}

export interface IndexEnvironment {
  /** Configuration, today's date and relative path for a file of the workspace. */
  settingsFor(uri: string): Promise<FileSettings>;
  log(message: string): void;
  /** Called whenever what the index holds may have changed (the host debounces). */
  changed?(): void;
}

export class WorkspaceIndex {
  private readonly reports = new Map<string, IndexedReport>();
  /** Documents open in the editor: the server feeds their live analyses; the disk is ignored for them. */
  private readonly live = new Set<string>();
  /** Per URI, the latest update started, so that a slow read finishing late cannot overwrite a newer one. */
  private readonly latest = new Map<string, number>();
  private sequence = 0;
  private ready: Promise<void> = Promise.resolve();
  private readonly pending = new Set<Promise<void>>();

  constructor(
    private readonly env: IndexEnvironment,
    private folders: string[] = [],
  ) {}

  setFolders(folders: string[]): void {
    this.folders = folders;
  }

  /** Reads every Markdown file of the workspace folders again. Requests for open actions wait for it. */
  rebuild(onProgress?: (filesRead: number) => void): Promise<void> {
    const build = this.build(onProgress);
    this.ready = build.catch((e) => this.env.log(`Indexing the workspace failed: ${(e as Error).message}`));
    return this.ready;
  }

  private async build(onProgress?: (filesRead: number) => void): Promise<void> {
    const seen = new Set<string>();
    let filesRead = 0;
    for await (const file of walkMarkdownFiles(this.folders)) {
      const uri = URI.file(file).toString();
      seen.add(uri);
      if (!this.live.has(uri)) await this.readFromDisk(uri, file);
      onProgress?.(++filesRead);
    }
    for (const uri of [...this.reports.keys()]) {
      if (!seen.has(uri) && !this.live.has(uri)) this.remove(uri);
    }
    // Even when nothing differs, a finished build is news: listeners waiting for the first one can ask now.
    this.env.changed?.();
  }

  /** Stores a report's summary; tells the host only when something a listener shows has changed. */
  private put(uri: string, indexed: IndexedReport): void {
    const before = this.reports.get(uri);
    this.reports.set(uri, indexed);
    if (!before || fingerprint(before) !== fingerprint(indexed)) this.env.changed?.();
  }

  private remove(uri: string): void {
    if (this.reports.delete(uri)) this.env.changed?.();
  }

  /** A file changed or was created on disk. Ignored while the document is open: its live text wins. */
  fileChanged(uri: string): Promise<void> {
    const file = URI.parse(uri);
    if (this.live.has(uri) || file.scheme !== 'file') return Promise.resolve();
    return this.track(this.readFromDisk(uri, file.fsPath));
  }

  /** Open-action requests wait for reads in flight, so a change reported just before is included. */
  private track(update: Promise<void>): Promise<void> {
    this.pending.add(update);
    const settled = () => void this.pending.delete(update);
    update.then(settled, settled);
    return update;
  }

  fileDeleted(uri: string): void {
    this.latest.set(uri, ++this.sequence);
    if (!this.live.has(uri)) this.remove(uri);
  }

  /** The live analysis of an open document (no report: the document is not one). */
  setLive(uri: string, analysis: Analysis, today: string): void {
    this.live.add(uri);
    this.latest.set(uri, ++this.sequence);
    if (analysis.report) this.put(uri, summarise(analysis.report, today, analysis.findings));
    else this.remove(uri);
  }

  /** The document was closed: what is on disk counts again. */
  closed(uri: string): Promise<void> {
    this.live.delete(uri);
    if (URI.parse(uri).scheme === 'file') return this.fileChanged(uri);
    this.fileDeleted(uri);
    return Promise.resolve();
  }

  private async readFromDisk(uri: string, file: string): Promise<void> {
    const sequence = ++this.sequence;
    this.latest.set(uri, sequence);
    try {
      const settings = await this.env.settingsFor(uri);
      const read = await readTextFile(file, settings.config.maxFileSize);
      if (this.latest.get(uri) !== sequence || this.live.has(uri)) return;
      if (!('text' in read)) {
        this.remove(uri);
        return;
      }
      // The rules run too, as for an open document, so that the problem counts are the ones the user will see.
      const analysis = analyze(read.text, { uri, relativePath: settings.relativePath, config: settings.config, today: settings.today });
      if (!analysis.report) {
        this.remove(uri);
        return;
      }
      this.put(uri, summarise(analysis.report, settings.today, analysis.findings));
    } catch (e) {
      // A file that vanished between the walk and the read, or cannot be read: not a report we can use.
      if (this.latest.get(uri) === sequence) this.remove(uri);
      this.env.log(`Could not index ${file}: ${(e as Error).message}`);
    }
  }

  /** Open actions as known now, without waiting for the build (hover must not block). */
  currentOpenActions(params: OpenActionsParams = {}): OpenAction[] {
    const owner = params.owner?.trim();
    const out: OpenAction[] = [];
    for (const indexed of this.reports.values()) {
      const person = owner ? indexed.roster.find((p) => personMatches(p, owner)) : undefined;
      for (const action of indexed.openActions) {
        if (params.overdueOnly && !action.overdue) continue;
        if (owner && !isOwner(action.owner, owner, person)) continue;
        out.push(action);
      }
    }
    return out.sort(
      (a, b) =>
        (a.due ?? '9999-99-99').localeCompare(b.due ?? '9999-99-99') ||
        a.uri.localeCompare(b.uri) ||
        a.range.start.line - b.range.start.line,
    );
  }

  /** Resolves once the workspace has been read and reads in flight have landed. */
  private async settled(): Promise<void> {
    await this.ready;
    await Promise.all([...this.pending]);
  }

  /** Open actions once the workspace has been read (`aar/openActions`). */
  async openActions(params: OpenActionsParams = {}): Promise<OpenAction[]> {
    await this.settled();
    return this.currentOpenActions(params);
  }

  /** Every report once the workspace has been read, newest first, then by name (`aar/reports`). */
  async reportInfos(): Promise<ReportInfo[]> {
    await this.settled();
    return this.all()
      .map((r) => r.info)
      .sort((a, b) => (b.date ?? '').localeCompare(a.date ?? '') || a.report.localeCompare(b.report) || a.uri.localeCompare(b.uri));
  }

  /** The counts `aar/indexChanged` carries. */
  totals(): IndexTotals {
    let openActions = 0;
    let overdueActions = 0;
    for (const r of this.reports.values()) {
      openActions += r.counts.open;
      overdueActions += r.counts.overdue;
    }
    return { reports: this.reports.size, openActions, overdueActions };
  }

  get(uri: string): IndexedReport | undefined {
    return this.reports.get(uri);
  }

  /** Every indexed report. */
  all(): IndexedReport[] {
    return [...this.reports.values()];
  }
}

function isOwner(actionOwner: string | undefined, wanted: string, person: Person | undefined): boolean {
  if (!actionOwner) return false;
  const norm = (s: string) => s.trim().replace(/^@/, '').toLowerCase();
  return norm(actionOwner) === norm(wanted) || (!!person && personMatches(person, actionOwner));
}

export function reportName(report: Report): string {
  const title = report.metadata.title?.value;
  if (typeof title === 'string' && title.trim()) return title.trim();
  const h1 = report.headings.find((h) => h.depth === 1);
  if (h1?.text.trim()) return h1.text.trim();
  return path.posix.basename(URI.parse(report.uri).path);
}

/** What listeners show of a report; two summaries with the same fingerprint look the same in every view. */
function fingerprint(indexed: IndexedReport): string {
  return JSON.stringify([indexed.info, indexed.openActions]);
}

/** Findings of the rules as run for the file, counted by severity. */
function countProblems(findings: Finding[]): ReportInfo['problems'] {
  const problems = { error: 0, warning: 0, info: 0, hint: 0 };
  for (const f of findings) problems[f.severity]++;
  return problems;
}

export function summarise(report: Report, today: string, findings: Finding[] = []): IndexedReport {
  const name = reportName(report);
  const openActions: OpenAction[] = [];
  const lines = new LineMap(report.text);
  for (const action of report.actions) {
    if (!OPEN_STATUSES.includes(action.status)) continue;
    const due = action.due?.iso;
    const person = action.owner ? report.roster.find((p) => personMatches(p, action.owner!.value)) : undefined;
    openActions.push({
      uri: report.uri,
      report: name,
      text: action.text,
      ...(action.owner ? { owner: ownerAsWritten(report, action.owner, lines) } : {}),
      ...(person && (person.handle || person.name) ? { ownerPerson: { ...(person.handle ? { handle: person.handle } : {}), ...(person.name ? { name: person.name } : {}) } } : {}),
      collaborators: action.collaborators.map((c) => ownerAsWritten(report, c, lines)),
      ...(due ? { due } : {}),
      overdue: !!due && due < today,
      status: action.status as OpenActionStatus,
      ...(action.id ? { id: action.id.value } : {}),
      range: action.range,
    });
  }
  const counts = { actions: report.actions.length, open: openActions.length, overdue: openActions.filter((a) => a.overdue).length };
  const { metadata } = report;
  const date = metadata.date ? readDate(metadata.date.value, report.year).iso : undefined;
  const info: ReportInfo = {
    uri: report.uri,
    report: name,
    ...(metadata.status?.value.trim() ? { status: metadata.status.value.trim() } : {}),
    ...(date ? { date } : {}),
    ...(metadata.milestone?.value.trim() ? { milestone: metadata.milestone.value.trim() } : {}),
    ...(metadata.trigger?.value.trim() ? { trigger: metadata.trigger.value.trim() } : {}),
    problems: countProblems(findings),
    actions: {
      total: counts.actions,
      open: counts.open,
      overdue: counts.overdue,
      // As the action-missing-owner rule counts them: a cancelled action needs nobody.
      unowned: report.actions.filter((a) => !a.owner && a.status !== 'cancelled').length,
    },
  };
  return {
    uri: report.uri,
    report: name,
    openActions,
    counts,
    roster: report.roster,
    info,
    ...(metadata.deliveryOwner?.value.trim() ? { deliveryOwner: metadata.deliveryOwner.value.trim() } : {}),
  };
}
