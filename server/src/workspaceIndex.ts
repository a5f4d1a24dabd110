// Every report in the workspace folders, summarised (open actions, counts) so that owners' actions
// can be listed without opening the files. An open document's live text wins over the disk.
import * as path from 'node:path';
import { URI } from 'vscode-uri';
import { buildReport, detectReport, OPEN_STATUSES, personMatches, type AarConfig, type Person, type Report } from './core';
import { readTextFile, walkMarkdownFiles } from './node/files';
import { ownerAsWritten } from './core/features/owners';
import { LineMap } from './core/text';
import type { OpenAction, OpenActionsParams, OpenActionStatus } from './protocol';

export interface IndexedReport {
  uri: string;
  /** The title, else the file name. */
  report: string;
  openActions: OpenAction[];
  counts: { actions: number; open: number; overdue: number };
  roster: Person[];
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
      if (!seen.has(uri) && !this.live.has(uri)) this.reports.delete(uri);
    }
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
    if (!this.live.has(uri)) this.reports.delete(uri);
  }

  /** The live analysis of an open document (no report: the document is not one). */
  setLive(uri: string, report: Report | undefined, today: string): void {
    this.live.add(uri);
    this.latest.set(uri, ++this.sequence);
    if (report) this.reports.set(uri, summarise(report, today));
    else this.reports.delete(uri);
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
        this.reports.delete(uri);
        return;
      }
      const detection = detectReport(read.text, settings.relativePath ?? uri, settings.config);
      if (!detection.isReport) {
        this.reports.delete(uri);
        return;
      }
      const report = buildReport(read.text, { uri, config: settings.config, today: settings.today, detectedBy: detection.by });
      this.reports.set(uri, summarise(report, settings.today));
    } catch (e) {
      // A file that vanished between the walk and the read, or cannot be read: not a report we can use.
      if (this.latest.get(uri) === sequence) this.reports.delete(uri);
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

  /** Open actions once the workspace has been read (`aar/openActions`). */
  async openActions(params: OpenActionsParams = {}): Promise<OpenAction[]> {
    await this.ready;
    await Promise.all([...this.pending]);
    return this.currentOpenActions(params);
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

export function summarise(report: Report, today: string): IndexedReport {
  const name = reportName(report);
  const openActions: OpenAction[] = [];
  const lines = new LineMap(report.text);
  for (const action of report.actions) {
    if (!OPEN_STATUSES.includes(action.status)) continue;
    const due = action.due?.iso;
    openActions.push({
      uri: report.uri,
      report: name,
      text: action.text,
      ...(action.owner ? { owner: ownerAsWritten(report, action.owner, lines) } : {}),
      collaborators: action.collaborators.map((c) => ownerAsWritten(report, c, lines)),
      ...(due ? { due } : {}),
      overdue: !!due && due < today,
      status: action.status as OpenActionStatus,
      ...(action.id ? { id: action.id.value } : {}),
      range: action.range,
    });
  }
  return {
    uri: report.uri,
    report: name,
    openActions,
    counts: { actions: report.actions.length, open: openActions.length, overdue: openActions.filter((a) => a.overdue).length },
    roster: report.roster,
  };
}
