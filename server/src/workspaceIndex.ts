// Every report in the workspace folders, summarised (open actions, counts) so that owners' actions
// can be listed without opening the files. An open document's live text wins over the disk.
//
// The summaries are kept on disk between starts (in the editor's storage for the workspace): a
// start stats every file and reads only those whose size, time, configuration or date changed.
// What must be analysed is analysed in worker threads when there is enough of it; the build yields
// to the event loop as it goes, so requests are answered while it runs.
import { URI } from 'vscode-uri';
import { analyze, detectReport, OPEN_STATUSES, personMatches, type AarConfig, type Analysis, type Finding, type Person, type Report } from './core';
import { ownerKey } from './core/config';
import { addDays, readDate } from './core/dates';
import type { OwnedActions } from './core/features/hover';
import { ownerAsWritten } from './core/features/owners';
import { lineMapOf } from './core/text';
import { plural } from './core/words';
import type { Analyser, IndexHost, IndexResultCache, MarkdownEntry } from './host';
import type { DayWindow, ResultCodec } from './node/fileCache';
import { concurrencyLimit, nextTurn } from './scheduling';
import { byViewOrder, compareGroupLabels, firstInViewOrder, groupActions, groupOf, inGroupOrder, labelKey, ranksOf, sortInViewOrder, type ActionGroup, type GroupBy } from './actionGroups';
import { localToday } from './core/analyze';
import type { ActionGroupInfo, ActionGroupsParams, ActionGroupsResult, OpenAction, OpenActionsParams, OpenActionStatus, ReportInfo } from './protocol';

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
  /** How many problems of an open document the server publishes (0: all); the index does not use it. */
  maxProblems?: number;
}

export interface IndexEnvironment {
  /** Where the index lists and reads files, keeps its results and runs its analyses. */
  host: IndexHost;
  /** The URI of a path the host walked (`ServerHost.uriOf`); default: a file URI. */
  uriOf?(file: string): string;
  /** The path of a URI for the host (`ServerHost.fileOf`); default: a file URI's path. */
  fileOf?(uri: string): string | undefined;
  /** Configuration, today's date and relative path for a file of the workspace. */
  settingsFor(uri: string): Promise<FileSettings>;
  log(message: string): void;
  /** A path as the log shows it to a user (`shownPath` in host.ts); default: as it is. */
  shownPath?(file: string): string;
  /** Called whenever what the index holds may have changed (the host debounces). */
  changed?(): void;
}

export interface IndexOptions {
  /** Where summaries are kept between starts; none: every start reads every file. */
  cacheDir?: string;
  /** Worker threads for the analyses of a build (default: one per core, up to 4; 1: none). */
  threads?: number;
  /** The bundle a worker thread runs (default: dist/cli.js beside this bundle, when there is one). */
  workerScript?: string;
}

/** What a build did, for the log. */
export interface BuildStats {
  files: number;
  fromCache: number;
  analysed: number;
  /** Open in the editor: their live text counts, not the disk's. */
  open: number;
  workers: number;
  ms: number;
  /** Why the cache was not used, when it was not. */
  cacheNote?: string;
}

/** One analysis, as sent to a worker thread. */
export interface IndexJob {
  text: string;
  uri: string;
  relativePath?: string;
  config: AarConfig;
  today: string;
}

/** Runs in a worker thread or here: a file's summary, or null when it is not a report. */
export function indexJob(job: IndexJob): IndexedReport | null {
  const analysis = analyze(job.text, { uri: job.uri, relativePath: job.relativePath, config: job.config, today: job.today, withoutFixes: true });
  return analysis.report ? summarise(analysis.report, job.today, analysis.findings) : null;
}

/**
 * A file this long is analysed in a worker thread even when it is the only one to index: its
 * analysis takes a few hundred milliseconds, which a document opened meanwhile (often that very
 * file) would otherwise wait for.
 */
const HEAVY_INDEX_JOB_BYTES = 128 * 1024;
/** How many files a build reads at once. */
const READ_CONCURRENCY = 16;
/** Texts read and waiting for their analysis, at most. */
const MAX_WAITING_ANALYSES = 256;
/**
 * How long a build works between two turns of the event loop when nothing else makes it wait: a
 * request waits about this long at most. A turn costs some 0.1 ms on Node and 4 ms or more in a
 * browser worker, whose timers are clamped, so turns are taken by time, not every few files.
 */
const WORK_PER_TURN_MS = 8;

export class WorkspaceIndex {
  private readonly reports = new Map<string, IndexedReport>();
  /** What summaries repeat (the roster, owners, dates, statuses), kept once. */
  private readonly shared = new SharedValues();
  /** Per owner as written (`ownerKey`), the reports with an open action of theirs: a hover asks for one owner's. */
  private readonly byOwner = new Map<string, Set<string>>();
  /**
   * Per owner as written, their open actions in `byViewOrder` order with the overdue ones
   * counted: made when a hover first asks, then kept in order as reports change (not while a
   * build stores thousands of reports: they are made afresh after it).
   */
  private readonly ownerLists = new Map<string, { actions: OpenAction[]; overdue: number }>();
  private buildsRunning = 0;
  private readonly shown = (file: string) => this.env.shownPath?.(file) ?? file;
  /** Counts what listeners may see change (a report stored differently, or gone): keeps `groupings` honest. */
  private changes = 0;
  /**
   * The view's groups as last asked for, by what was asked (group-by, filters, day), kept while
   * `changes` says they hold; by owner and by due date, unfiltered, they are kept in order as
   * reports change (`regroup`), as the sidebar asks again after each.
   */
  private readonly groupings = new Map<string, Grouping>();
  /**
   * The reports with open actions in the order of the view's groups by report, kept in order as
   * reports change (none while a build runs): a workspace of 20,000 reports has 20,000 such groups,
   * and a change moves one.
   */
  private reportsInGroupOrder: IndexedReport[] | undefined;
  /** Each report's open actions in the view's order, made when first asked (`put` stores a new object). */
  private readonly viewOrders = new WeakMap<IndexedReport, OpenAction[]>();
  /** Each report's first open action in the view's order, which places its group: found once, not sorted for. */
  private readonly firstActions = new WeakMap<IndexedReport, OpenAction>();
  /**
   * Every open action in the view's order (`byViewOrder`): sorted when first asked for, then kept
   * in order as reports change (a change merges its report's actions in: linear, where sorting
   * again would cost a hundred milliseconds at 20,000 reports). Dropped while a build runs.
   */
  private ordered: OpenAction[] | undefined;
  /** Documents open in the editor: the server feeds their live analyses; the disk is ignored for them. */
  private readonly live = new Set<string>();
  /** The version of each open document the index last heard of. */
  private readonly liveVersions = new Map<string, number>();
  /**
   * Open documents whose file was deleted, with the version they had then. Analysed again unchanged
   * (after a settings change, say) they stay out of the views; an edit brings them back.
   */
  private readonly deletedWhileOpen = new Map<string, number>();
  /** Per URI, the latest update started, so that a slow read finishing late cannot overwrite a newer one. */
  private readonly latest = new Map<string, number>();
  private sequence = 0;
  private ready: Promise<void> = Promise.resolve();
  private readonly pending = new Set<Promise<void>>();
  /** The latest build; an older one still running stops and its results are dropped. */
  private buildGeneration = 0;
  /** The analyses of the latest build, cancelled when a newer build starts. */
  private analyses: Analyser<IndexJob, IndexedReport | null> | undefined;
  /**
   * The cache as loaded for the builds in progress: a build that is superseded (the editor sends
   * its settings right after start) leaves what it read there for the next. Released once saved.
   */
  private openCache: { key: string; loaded: Promise<{ cache?: IndexResultCache<IndexedReport | null>; note?: string }> } | undefined;

  constructor(
    private readonly env: IndexEnvironment,
    private folders: string[] = [],
    private options: IndexOptions = {},
  ) {}

  setFolders(folders: string[]): void {
    this.folders = folders;
  }

  /** Where summaries are kept between starts (created when first written). */
  setCacheDir(cacheDir: string | undefined): void {
    this.options = { ...this.options, cacheDir };
  }

  /**
   * Reads the Markdown files of the workspace folders again (those unchanged since the cache was
   * written are not read). Requests for open actions wait for it; others do not.
   */
  rebuild(onProgress?: (done: number, total: number) => void): Promise<BuildStats | undefined> {
    const generation = ++this.buildGeneration;
    this.analyses?.cancel();
    this.buildsRunning++;
    this.ownerLists.clear();
    this.ordered = undefined;
    this.reportsInGroupOrder = undefined;
    const build = this.build(generation, onProgress).finally(() => this.buildsRunning--);
    const logged = build.catch((e: Error) => {
      this.env.log(`Indexing the workspace failed: ${e.stack ?? e.message}`);
      return undefined;
    });
    this.ready = logged.then(() => undefined);
    return logged;
  }

  private loadCache(): Promise<{ cache?: IndexResultCache<IndexedReport | null>; note?: string }> {
    const dir = this.options.cacheDir;
    if (!dir) return Promise.resolve({ note: 'no folder to save the index in' });
    const key = JSON.stringify([dir, ...[...this.folders].sort()]);
    if (this.openCache?.key !== key) this.openCache = { key, loaded: this.env.host.loadCache(this.folders, dir, indexCodecSharing(this.shared), this.workerScript()) };
    return this.openCache.loaded;
  }

  private workerScript(): string | undefined {
    return 'workerScript' in this.options ? this.options.workerScript : this.env.host.workerScript();
  }

  private uriOf(file: string): string {
    return this.env.uriOf ? this.env.uriOf(file) : URI.file(file).toString();
  }

  private fileOf(uri: string): string | undefined {
    if (this.env.fileOf) return this.env.fileOf(uri);
    const parsed = URI.parse(uri);
    return parsed.scheme === 'file' ? parsed.fsPath : undefined;
  }

  private async build(generation: number, onProgress?: (done: number, total: number) => void): Promise<BuildStats | undefined> {
    const started = Date.now();
    // Updates numbered after this were announced while the build ran: they are newer than its walk.
    const startedAt = this.sequence;
    const superseded = () => generation !== this.buildGeneration;
    // The cache is read while the folders are walked: neither needs the other.
    const loading = this.loadCache();
    const entries: MarkdownEntry[] = [];
    const onUnreadableFolder = (folder: string, e: { code?: string; message: string }) => this.env.log(`Cannot read the folder ${this.shown(folder)} (${e.code ?? e.message}): the reports in it are not indexed.`);
    for await (const entry of this.env.host.walkMarkdown(this.folders, onUnreadableFolder)) entries.push(entry);
    if (superseded()) return undefined;
    const { cache, note } = await loading;
    const stats: BuildStats = { files: entries.length, fromCache: 0, analysed: 0, open: 0, workers: 0, ms: 0, ...(note ? { cacheNote: note } : {}) };
    const analyser = this.env.host.analyser<IndexJob, IndexedReport | null>({
      kind: 'index',
      threads: this.options.threads,
      workerScript: this.workerScript(),
      analyse: indexJob,
      weight: (job) => job.text.length,
      heavyJobBytes: HEAVY_INDEX_JOB_BYTES,
      onWorkerError: (e) => this.env.log(`An indexing worker failed; indexing in the server instead: ${e.message}`),
    });
    this.analyses = analyser;

    /** Stores what a file is now, unless something newer (an edit, a later build) got there first. */
    const accept = (uri: string, sequence: number, summary: IndexedReport | null) => {
      if (superseded() || this.latest.get(uri) !== sequence || this.live.has(uri)) return;
      if (summary) this.put(uri, summary);
      else this.remove(uri);
    };

    type Prepared = { summary: IndexedReport | null } | { job: IndexJob; store(summary: IndexedReport | null): IndexedReport | null };
    /** A file the saved index does not hold as it is: read, and analysed if it is a report. */
    const prepare = async (entry: MarkdownEntry, uri: string, settings: FileSettings, inputs: string): Promise<Prepared | undefined> => {
      if (superseded()) return undefined;
      const checkedAt = Date.now();
      const read = await this.env.host.readTextFileInfo(entry.file, settings.config.maxFileSize);
      const same = cache?.sameContent(uri, read, read.hash, inputs, checkedAt, settings.today);
      if (same !== undefined && (!same || same.uri === uri)) {
        stats.fromCache++;
        return { summary: same };
      }
      const store = (summary: IndexedReport | null) => {
        if (read.size >= 0) cache?.set(uri, read, read.hash, inputs, checkedAt, summary, summary ? daysSummaryHolds(summary, settings.today) : undefined);
        return summary;
      };
      if (!('text' in read)) return { summary: store(null) };
      // Detection reads the front matter and the path only: Markdown that is not a report is never parsed.
      if (!detectReport(read.text, settings.relativePath ?? uri, settings.config).isReport) return { summary: store(null) };
      await analyser.whenFewerThan(MAX_WAITING_ANALYSES);
      stats.analysed++;
      return { job: { text: read.text, uri, relativePath: settings.relativePath, config: settings.config, today: settings.today }, store };
    };
    const failed = (entry: MarkdownEntry, uri: string, sequence: number, e: Error) => {
      if (superseded()) return;
      // A file that vanished or cannot be read is not a report we can use.
      accept(uri, sequence, null);
      this.env.log(`Could not index ${this.shown(entry.file)}: ${e.message}`);
    };

    const limit = concurrencyLimit(READ_CONCURRENCY);
    const seen = new Set<string>();
    const prepared: Promise<unknown>[] = [];
    const finished: Promise<void>[] = [];
    let done = 0;
    const progress = () => onProgress?.(++done, entries.length);
    let turnStarted = performance.now();
    // A file the saved index holds as it is, which is most of them on a warm start, is taken in this
    // loop, without a promise of its own: 2,000 of them spent more on scheduling than on their
    // work. Settings are per folder, known at once after the first file's.
    for (let i = 0; i < entries.length; i++) {
      const entry = entries[i];
      const uri = this.uriOf(entry.file);
      seen.add(uri);
      const sequence = ++this.sequence;
      if (!this.live.has(uri)) this.latest.set(uri, sequence);
      if (performance.now() - turnStarted >= WORK_PER_TURN_MS) {
        await nextTurn();
        turnStarted = performance.now();
      }
      if (superseded()) {
        progress();
        continue;
      }
      if (this.live.has(uri)) {
        stats.open++;
        progress();
        continue;
      }
      let settings: FileSettings;
      try {
        settings = await this.env.settingsFor(uri);
      } catch (e) {
        failed(entry, uri, sequence, e as Error);
        progress();
        continue;
      }
      // Today's date is not an input: each entry says for which days it holds (`daysSummaryHolds`).
      const inputs = cache ? `${this.env.host.hashOf(settings.config)}|${settings.relativePath ?? ''}` : '';
      const known = cache?.unchanged(uri, entry, inputs, settings.today);
      if (known !== undefined && (!known || known.uri === uri)) {
        stats.fromCache++;
        accept(uri, sequence, known);
        progress();
        continue;
      }
      const ready = limit(() => prepare(entry, uri, settings, inputs));
      prepared.push(ready);
      finished.push(
        ready
          .then(async (p) => {
            if (!p) return;
            const summary = 'summary' in p ? p.summary : p.store(this.shared.summaryOrNull(await analyser.submit(p.job)));
            accept(uri, sequence, summary);
          })
          .catch((e: Error) => failed(entry, uri, sequence, e))
          .finally(progress),
      );
    }
    await Promise.allSettled(prepared);
    analyser.flush();
    await Promise.all(finished);
    await analyser.close();
    stats.workers = analyser.workersStarted;
    if (superseded()) return undefined;

    // What the walk did not find is gone, unless the watcher announced it after the build started
    // (a report created meanwhile, perhaps in a folder the walk had passed): that news is newer.
    for (const uri of [...this.reports.keys()]) {
      if (!seen.has(uri) && !this.live.has(uri) && (this.latest.get(uri) ?? 0) <= startedAt) this.remove(uri);
    }
    if (cache) {
      cache.retain((uri) => seen.has(uri));
      this.openCache = undefined;
      try {
        await cache.save();
      } catch (e) {
        this.env.log(`The index could not be saved to ${cache.file}: ${(e as Error).message}`);
      } finally {
        await cache.close();
      }
    }
    stats.ms = Date.now() - started;
    const how = [
      // Without a saved index nothing came from one: the reason, not "0 from the cache".
      stats.cacheNote ?? `${stats.fromCache} from the saved index`,
      `${stats.analysed} analysed${stats.workers ? ` in ${plural(stats.workers, 'worker thread')}` : ''}`,
      ...(stats.open ? [`${stats.open} open in the editor`] : []),
    ];
    this.env.log(`Indexed ${plural(this.reports.size, 'report')} in ${plural(this.folders.length, 'folder')} in ${stats.ms} ms: ${plural(stats.files, 'Markdown file')}, ${how.join(', ')}.`);
    // Even when nothing differs, a finished build is news: listeners waiting for the first one can ask now.
    this.env.changed?.();
    if (stats.files >= LARGE_BUILD_FILES) releaseBuildGarbage();
    return stats;
  }

  /** Stores a report's summary; tells the host only when something a listener shows has changed. */
  private put(uri: string, summary: IndexedReport): void {
    const indexed = this.shared.summary(summary);
    const before = this.reports.get(uri);
    // Actions that read exactly as before keep their objects: the owners' lists and the view's
    // order hold those, and only what changed moves (typing in a 7,000-action register changes one).
    let gone: OpenAction[] = [];
    let added: OpenAction[] = indexed.openActions;
    let same = false;
    if (before) {
      // Found by where they start (one action a line), then compared field by field.
      const waiting = new Map<string, OpenAction>();
      for (const action of before.openActions) waiting.set(`${action.range.start.line}:${action.range.start.character}`, action);
      added = [];
      indexed.openActions = indexed.openActions.map((action) => {
        const place = `${action.range.start.line}:${action.range.start.character}`;
        const kept = waiting.get(place);
        if (kept && sameAction(kept, action)) {
          waiting.delete(place);
          return kept;
        }
        added.push(action);
        return action;
      });
      gone = [...waiting.values()];
      same = !added.length && !gone.length && JSON.stringify(before.info) === JSON.stringify(indexed.info);
    }
    this.reports.set(uri, indexed);
    if (same) {
      // Read again as it was (a watcher announces a file twice): it sorts where the old one did.
      this.replaceInGroupOrder(before!, indexed);
      return;
    }
    this.listOwners(uri, before?.openActions ?? [], indexed.openActions, gone, added);
    this.reorder(gone, added);
    this.placeReport(before, indexed);
    this.changes++;
    this.regroup(gone, added);
    this.env.changed?.();
  }

  /** Keeps `ordered` in order: `gone` out, `added` merged in. */
  private reorder(gone: readonly OpenAction[], added: readonly OpenAction[]): void {
    // None is kept while a build runs (rebuild drops it, inViewOrder keeps none): nothing to do.
    if (!this.ordered) return;
    if (gone.length + added.length <= FEW_CHANGED) {
      // Found and moved in place: a saved report changes a few of 100,000 actions. Callers read
      // `ordered` before they next wait, so none sees it change under them.
      for (const action of gone) removeInOrder(this.ordered, action);
      for (const action of added) insertInOrder(this.ordered, action);
      return;
    }
    const leaving = new Set(gone);
    const kept = leaving.size ? this.ordered.filter((a) => !leaving.has(a)) : this.ordered;
    const coming = [...added].sort(byViewOrder);
    const merged: OpenAction[] = [];
    let i = 0;
    let j = 0;
    while (i < kept.length && j < coming.length) merged.push(byViewOrder(coming[j], kept[i]) < 0 ? coming[j++] : kept[i++]);
    while (i < kept.length) merged.push(kept[i++]);
    while (j < coming.length) merged.push(coming[j++]);
    this.ordered = merged;
  }

  /** Every open action, in the view's order. */
  private inViewOrder(): OpenAction[] {
    if (this.ordered) return this.ordered;
    const all: OpenAction[] = [];
    for (const indexed of this.reports.values()) for (const action of indexed.openActions) all.push(action);
    const ordered = sortInViewOrder(all);
    if (!this.buildsRunning) this.ordered = ordered;
    return ordered;
  }

  private remove(uri: string): void {
    const before = this.reports.get(uri);
    if (!before) return;
    this.listOwners(uri, before.openActions, [], before.openActions, []);
    this.reports.delete(uri);
    this.reorder(before.openActions, []);
    this.placeReport(before, undefined);
    this.changes++;
    this.regroup(before.openActions, []);
    this.env.changed?.();
  }

  /**
   * Keeps the owners' reports (`byOwner`) and lists (`ownerLists`) as the report's open actions
   * went from `before` to `now`: `gone` left the lists, `added` joined them.
   */
  private listOwners(uri: string, before: readonly OpenAction[], now: readonly OpenAction[], gone: readonly OpenAction[], added: readonly OpenAction[]): void {
    // A loop, not flatMap: on a warm start this runs once per report, before V8 has compiled it.
    const keysOf = (actions: readonly OpenAction[]) => {
      const keys = new Set<string>();
      for (const a of actions) if (a.owner) keys.add(ownerKey(a.owner));
      return keys;
    };
    const had = keysOf(before);
    const has = keysOf(now);
    for (const key of had) {
      if (has.has(key)) continue;
      const uris = this.byOwner.get(key);
      uris?.delete(uri);
      if (uris && !uris.size) this.byOwner.delete(key);
    }
    for (const key of has) {
      let uris = this.byOwner.get(key);
      if (!uris) this.byOwner.set(key, (uris = new Set()));
      uris.add(uri);
    }
    for (const [actions, listed] of [[gone, false], [added, true]] as const) {
      for (const action of actions) {
        const list = action.owner ? this.ownerLists.get(ownerKey(action.owner)) : undefined;
        if (!list) continue;
        if (listed) insertInOrder(list.actions, action);
        else removeInOrder(list.actions, action);
        if (action.overdue) list.overdue += listed ? 1 : -1;
      }
    }
  }

  /** One owner's open actions in order (`ownerLists`), made from their reports when not kept. */
  private ownerList(key: string): { actions: OpenAction[]; overdue: number } {
    const kept = this.ownerLists.get(key);
    if (kept) return kept;
    const actions: OpenAction[] = [];
    for (const uri of this.byOwner.get(key) ?? []) {
      for (const action of this.reports.get(uri)?.openActions ?? []) if (action.owner && ownerKey(action.owner) === key) actions.push(action);
    }
    const list = { actions: actions.sort(byViewOrder), overdue: actions.filter((a) => a.overdue).length };
    if (!this.buildsRunning) this.ownerLists.set(key, list);
    return list;
  }

  /**
   * How many open actions have an owner who, as written, is one of `owners` (compared by
   * `ownerKey`), how many are overdue, and the first `first` in the order of `currentOpenActions`;
   * without waiting for the build, and at a cost that does not grow with the workspace.
   */
  openActionsOwnedBy(owners: readonly string[], first: number): OwnedActions {
    const owned = [...new Set(owners.map(ownerKey))].map((key) => this.ownerList(key));
    const lists = owned.map((o) => o.actions);
    const overdue = owned.reduce((n, o) => n + o.overdue, 0);
    // The lists are in order: the first few of all of them are merged from their heads.
    const heads = lists.map(() => 0);
    const out: OpenAction[] = [];
    while (out.length < first) {
      let best = -1;
      for (let i = 0; i < lists.length; i++) {
        if (heads[i] < lists[i].length && (best < 0 || byViewOrder(lists[i][heads[i]], lists[best][heads[best]]) < 0)) best = i;
      }
      if (best < 0) break;
      out.push(lists[best][heads[best]++]);
    }
    return { total: lists.reduce((n, l) => n + l.length, 0), overdue, first: out };
  }

  /** A file changed or was created on disk. Ignored while the document is open: its live text wins. */
  fileChanged(uri: string): Promise<void> {
    const file = this.fileOf(uri);
    if (this.live.has(uri) || file === undefined) return Promise.resolve();
    return this.track(this.readFromDisk(uri, file));
  }

  /** Open-action requests wait for reads in flight, so a change reported just before is included. */
  private track(update: Promise<void>): Promise<void> {
    this.pending.add(update);
    const settled = () => void this.pending.delete(update);
    update.then(settled, settled);
    return update;
  }

  /**
   * A file was deleted from disk: its report leaves the views, even while the editor keeps its
   * document (VS Code keeps a closed editor's document for minutes, and sends no close meanwhile).
   * An edit of that document brings it back, as a document being written: a version after
   * `openVersion`, the document's version in the editor when the file went, if it is open (the
   * index hears of a version once its diagnostics are out and typing pauses).
   */
  fileDeleted(uri: string, openVersion?: number): void {
    const wasLive = this.live.delete(uri);
    if (wasLive || openVersion !== undefined) {
      const known = this.liveVersions.get(uri) ?? (wasLive ? Number.MAX_SAFE_INTEGER : -1);
      this.deletedWhileOpen.set(uri, Math.max(known, openVersion ?? -1));
    }
    this.latest.set(uri, ++this.sequence);
    this.remove(uri);
  }

  /**
   * Paths that are not Markdown files were deleted: folders, perhaps. A file watcher may announce a
   * folder deleted with its reports in it as one event for the folder (VS Code does, by design),
   * so the reports under a deleted path go too.
   */
  pathsDeleted(uris: readonly string[], openVersionOf: (uri: string) => number | undefined = () => undefined): void {
    const gone = new Set(uris.map((uri) => uri.replace(/\/+$/, '')));
    // Every file known, read or being read: a read in flight must not bring a deleted report back.
    for (const uri of [...this.latest.keys()]) {
      for (let cut = uri.lastIndexOf('/'); cut > 0; cut = uri.lastIndexOf('/', cut - 1)) {
        if (!gone.has(uri.slice(0, cut))) continue;
        this.fileDeleted(uri, openVersionOf(uri));
        break;
      }
    }
  }

  /**
   * Paths that are not Markdown files were created: folders, perhaps, announced as one event with
   * the reports in them (a folder moved or checked out). Their reports are read.
   */
  pathsCreated(uris: readonly string[]): Promise<void> {
    const host = this.env.host;
    const candidates = uris.map((uri) => this.fileOf(uri)).filter((file): file is string => file !== undefined && this.folders.some((root) => host.walkReaches(root, file)));
    if (!candidates.length) return Promise.resolve();
    return this.track(
      (async () => {
        // Gone again already, or a file: nothing to walk.
        const folders = (await Promise.all(candidates.map(async (file) => ((await host.isFolder(file)) ? file : undefined)))).filter((f): f is string => f !== undefined);
        if (!folders.length) return;
        const reads: Promise<void>[] = [];
        for await (const entry of host.walkMarkdown(folders)) reads.push(this.fileChanged(this.uriOf(entry.file)));
        await Promise.all(reads);
      })(),
    );
  }

  /** The live analysis of version `version` of an open document (no report: the document is not one). */
  setLive(uri: string, analysis: Analysis, today: string, version: number): void {
    const deletedAt = this.deletedWhileOpen.get(uri);
    if (deletedAt !== undefined) {
      if (version <= deletedAt) return;
      this.deletedWhileOpen.delete(uri);
    }
    this.live.add(uri);
    this.liveVersions.set(uri, version);
    this.latest.set(uri, ++this.sequence);
    if (analysis.report) this.put(uri, summarise(analysis.report, today, analysis.findings));
    else this.remove(uri);
  }

  /** The document was closed: what is on disk counts again. */
  closed(uri: string): Promise<void> {
    this.live.delete(uri);
    this.liveVersions.delete(uri);
    this.deletedWhileOpen.delete(uri);
    if (this.fileOf(uri) !== undefined) return this.fileChanged(uri);
    this.fileDeleted(uri);
    return Promise.resolve();
  }

  private async readFromDisk(uri: string, file: string): Promise<void> {
    const sequence = ++this.sequence;
    this.latest.set(uri, sequence);
    try {
      const settings = await this.env.settingsFor(uri);
      const read = await this.env.host.readTextFileInfo(file, settings.config.maxFileSize, { hash: false });
      if (this.latest.get(uri) !== sequence || this.live.has(uri)) return;
      if (!('text' in read)) {
        this.remove(uri);
        return;
      }
      // The rules run too, as for an open document, so that the problem counts are the ones the user will see.
      const analysis = analyze(read.text, { uri, relativePath: settings.relativePath, config: settings.config, today: settings.today, withoutFixes: true });
      if (!analysis.report) {
        this.remove(uri);
        return;
      }
      this.put(uri, summarise(analysis.report, settings.today, analysis.findings));
    } catch (e) {
      // A file that vanished between the walk and the read, or cannot be read: not a report we can use.
      if (this.latest.get(uri) === sequence) this.remove(uri);
      this.env.log(`Could not index ${this.shown(file)}: ${(e as Error).message}`);
    }
  }

  /** Open actions as known now, in the view's order, without waiting for the build. */
  currentOpenActions(params: OpenActionsParams = {}): OpenAction[] {
    const ordered = this.inViewOrder();
    const wanted = this.filterOf(params);
    return wanted ? ordered.filter(wanted) : ordered;
  }

  /** Which open actions the view's filters keep; undefined when they keep all. */
  private filterOf(params: { owner?: string; overdueOnly?: boolean }): ((action: OpenAction) => boolean) | undefined {
    const owner = params.owner?.trim();
    if (!owner && !params.overdueOnly) return undefined;
    // The owner is matched against each report's roster (`@priya` there may be Priya Raman).
    const personIn = new Map<string, Person | undefined>();
    const person = (uri: string) => {
      if (!personIn.has(uri)) personIn.set(uri, this.reports.get(uri)?.roster.find((p) => personMatches(p, owner!)));
      return personIn.get(uri);
    };
    return (a) => (!params.overdueOnly || a.overdue) && (!owner || isOwner(a.owner, owner, a.owner ? person(a.uri) : undefined));
  }

  /** A report's open actions in the view's order: by due date, then line. */
  private inViewOrderOf(indexed: IndexedReport): OpenAction[] {
    let actions = this.viewOrders.get(indexed);
    if (!actions) this.viewOrders.set(indexed, (actions = [...indexed.openActions].sort(byViewOrder)));
    return actions;
  }

  /** A report's first open action in the view's order (it has one). */
  private firstActionOf(indexed: IndexedReport): OpenAction {
    let first = this.firstActions.get(indexed);
    if (!first) this.firstActions.set(indexed, (first = firstInViewOrder(indexed.openActions)));
    return first;
  }

  /** The order of the groups by report, as `groupActions` has it: by label, then by first action. */
  private compareReportGroups = (a: IndexedReport, b: IndexedReport): number =>
    compareGroupLabels(labelKey(a.report), labelKey(b.report)) || byViewOrder(this.firstActionOf(a), this.firstActionOf(b));

  /** Reports with open actions in the order of their groups; sorted when first asked after a build. */
  private reportsByGroupOrder(): IndexedReport[] {
    if (this.reportsInGroupOrder) return this.reportsInGroupOrder;
    const keyed: { indexed: IndexedReport; label: string; rank: number; first: OpenAction }[] = [];
    for (const indexed of this.reports.values()) {
      if (indexed.openActions.length) keyed.push({ indexed, label: labelKey(indexed.report), rank: 0, first: this.firstActionOf(indexed) });
    }
    // Names are ranked once each: reports of a recurring meeting share one ("Sprint review").
    const ranks = ranksOf(keyed.map((k) => k.label), compareGroupLabels);
    for (const k of keyed) k.rank = ranks.get(k.label)!;
    keyed.sort((a, b) => a.rank - b.rank || byViewOrder(a.first, b.first));
    const sorted = keyed.map((k) => k.indexed);
    if (!this.buildsRunning) this.reportsInGroupOrder = sorted;
    return sorted;
  }

  /** Keeps `reportsInGroupOrder` in order as a report went from `before` to `now`. */
  private placeReport(before: IndexedReport | undefined, now: IndexedReport | undefined): void {
    const sorted = this.reportsInGroupOrder;
    if (!sorted) return;
    if (before?.openActions.length) {
      const at = this.indexInGroupOrder(sorted, before);
      if (at >= 0) sorted.splice(at, 1);
    }
    if (now?.openActions.length) sorted.splice(firstNotBefore(sorted, now, this.compareReportGroups), 0, now);
  }

  /** Where `indexed` is in `sorted`, or -1. */
  private indexInGroupOrder(sorted: readonly IndexedReport[], indexed: IndexedReport): number {
    const at = firstNotBefore(sorted, indexed, this.compareReportGroups);
    // Found where it sorts; else (it cannot be elsewhere, but a lost report must not stay) looked for.
    return sorted[at] === indexed ? at : sorted.indexOf(indexed);
  }

  /** `now` takes the place of `before`, which sorts the same. */
  private replaceInGroupOrder(before: IndexedReport, now: IndexedReport): void {
    const sorted = this.reportsInGroupOrder;
    const at = sorted && before.openActions.length ? this.indexInGroupOrder(sorted, before) : -1;
    if (at >= 0) sorted![at] = now;
  }

  /** The view's groups by report for these filters, in order (what `groupActions` makes, from the reports). */
  private groupsByReport(params: { owner?: string; overdueOnly?: boolean }): ActionGroup[] {
    const wanted = this.filterOf(params);
    const groups: ActionGroup[] = [];
    for (const indexed of this.reportsByGroupOrder()) {
      const actions = wanted ? this.inViewOrderOf(indexed).filter(wanted) : this.inViewOrderOf(indexed);
      if (actions.length) groups.push(this.reportGroup(indexed, actions, !!wanted));
    }
    // A filter may change a group's first action: reports whose names read the same are ordered again.
    if (wanted) groups.sort((a, b) => compareGroupLabels(labelKey(a.label), labelKey(b.label)) || byViewOrder(a.actions[0], b.actions[0]));
    return groups;
  }

  /** A report's group: `actions` are its open actions in view order, or those a filter kept. */
  private reportGroup(indexed: IndexedReport, actions: OpenAction[], filtered: boolean): ActionGroup {
    const overdue = filtered ? actions.reduce((n, a) => n + (a.overdue ? 1 : 0), 0) : indexed.counts.overdue;
    return { ...groupOf(actions[0], 'report', ''), actions, overdue };
  }

  /**
   * The Open Actions view's groups for these filters, each with its rows in order. Kept until the
   * index changes: the sidebar asks for the groups, then a page of each group it opens, and a
   * workspace of 100,000 open actions is grouped once for all of those requests.
   */
  private groupsFor(params: { groupBy: GroupBy; owner?: string; overdueOnly?: boolean; today?: string }): ActionGroup[] {
    const today = params.today ?? localToday();
    const key = JSON.stringify([params.groupBy, params.owner?.trim() ?? '', !!params.overdueOnly, today]);
    const kept = this.groupings.get(key);
    if (kept?.changes === this.changes) {
      // The last asked for, last to go.
      this.groupings.delete(key);
      this.groupings.set(key, kept);
      return kept.groups;
    }
    const groups = params.groupBy === 'report' ? this.groupsByReport(params) : groupActions(this.currentOpenActions(params), params.groupBy, today, { inViewOrder: true });
    // Kept in order as reports change: by owner or due date, of every open action.
    const patchable = params.groupBy !== 'report' && !this.filterOf(params) ? { groupBy: params.groupBy, today, byId: new Map(groups.map((g) => [g.id, g])) } : undefined;
    this.groupings.delete(key);
    this.groupings.set(key, { changes: this.changes, groups, patchable });
    // The sidebar shows one grouping at a time; a few are kept for switching between them.
    if (this.groupings.size > KEPT_GROUPINGS) this.groupings.delete(this.groupings.keys().next().value!);
    return groups;
  }

  /**
   * After a change (`changes` counted it): the groupings by owner and by due date that held before
   * it, with `gone` out and `added` in, each in its group's order, groups made and emptied, labels
   * and the groups' order as grouping them all makes them. The others go: they are made when asked.
   */
  private regroup(gone: readonly OpenAction[], added: readonly OpenAction[]): void {
    for (const [key, grouping] of this.groupings) {
      const patch = grouping.patchable;
      if (!patch || grouping.changes !== this.changes - 1 || !this.ordered || gone.length + added.length > FEW_CHANGED) {
        this.groupings.delete(key);
        continue;
      }
      // Each group touched, with its first action before: where labels read the same, first actions order the groups.
      const touched = new Map<ActionGroup, OpenAction | undefined>();
      for (const action of gone) {
        const group = patch.byId.get(groupOf(action, patch.groupBy, patch.today).id);
        if (!group) continue;
        if (!touched.has(group)) touched.set(group, group.actions[0]);
        removeInOrder(group.actions, action);
        if (action.overdue) group.overdue--;
      }
      let reorder = false;
      for (const action of added) {
        const { id, label, kind } = groupOf(action, patch.groupBy, patch.today);
        let group = patch.byId.get(id);
        if (!group) {
          patch.byId.set(id, (group = { id, label, kind, actions: [], overdue: 0 }));
          grouping.groups.push(group);
          reorder = true;
        }
        if (!touched.has(group)) touched.set(group, group.actions[0]);
        insertInOrder(group.actions, action);
        if (action.overdue) group.overdue++;
      }
      for (const [group, firstBefore] of touched) {
        if (!group.actions.length) {
          patch.byId.delete(group.id);
          grouping.groups.splice(grouping.groups.indexOf(group), 1);
          continue;
        }
        if (group.actions[0] === firstBefore) continue;
        reorder = true;
        // A group's label is its first action's, as grouping them all makes it.
        group.label = groupOf(group.actions[0], patch.groupBy, patch.today).label;
      }
      if (reorder) inGroupOrder(grouping.groups, patch.groupBy);
      grouping.changes = this.changes;
    }
  }

  /** The view's groups and their counts, or a page of them, once the workspace has been read (`aar/actionGroups`). */
  async actionGroups(params: ActionGroupsParams): Promise<ActionGroupsResult> {
    await this.settled();
    const info = (g: ActionGroup): ActionGroupInfo => ({ id: g.id, label: g.label, kind: g.kind, count: g.actions.length, overdue: g.overdue });
    let total = 0;
    let overdue = 0;
    if (params.groupBy === 'report' && !this.filterOf(params)) {
      // By report, unfiltered, the groups are the reports in their order: only the page is made.
      const sorted = this.reportsByGroupOrder();
      for (const indexed of sorted) {
        total += indexed.counts.open;
        overdue += indexed.counts.overdue;
      }
      const page = pageOf(sorted, params).map((indexed) => info(this.reportGroup(indexed, this.inViewOrderOf(indexed), false)));
      return { groups: page, groupCount: sorted.length, total, overdue };
    }
    const groups = this.groupsFor(params);
    for (const g of groups) {
      total += g.actions.length;
      overdue += g.overdue;
    }
    return { groups: pageOf(groups, params).map(info), groupCount: groups.length, total, overdue };
  }

  /** Resolves once the workspace has been read and reads in flight have landed. */
  private async settled(): Promise<void> {
    // A build superseded while this waited stops short: wait for the one that replaced it.
    for (let ready = this.ready; ; ready = this.ready) {
      await ready;
      if (ready === this.ready) break;
    }
    await Promise.all([...this.pending]);
  }

  /** Open actions once the workspace has been read (`aar/openActions`). */
  async openActions(params: OpenActionsParams = {}): Promise<OpenAction[]> {
    await this.settled();
    if (params.group === undefined) return pageOf(this.currentOpenActions(params), params);
    if (params.groupBy === 'report') {
      // A report's group is its own open actions: found by its id, without grouping the workspace.
      const indexed = params.group.startsWith('report:') ? this.reports.get(params.group.slice('report:'.length)) : undefined;
      const wanted = this.filterOf(params);
      return indexed ? pageOf(wanted ? this.inViewOrderOf(indexed).filter(wanted) : this.inViewOrderOf(indexed), params) : [];
    }
    const group = this.groupsFor({ ...params, groupBy: params.groupBy ?? 'owner' }).find((g) => g.id === params.group);
    return group ? pageOf(group.actions, params) : [];
  }

  /** Every report once the workspace has been read, newest first, then by name (`aar/reports`). */
  async reportInfos(): Promise<ReportInfo[]> {
    await this.settled();
    return this.all()
      .map((r) => r.info)
      .sort((a, b) => compareText(b.date ?? '', a.date ?? '') || compareText(a.report, b.report) || compareText(a.uri, b.uri));
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

/** Actions gone and come in one change past which the view's order and groups are made afresh: merging costs less then. */
const FEW_CHANGED = 64;
/** Groupings kept, the last asked for: the sidebar's group-by choices, with and without its filters. */
const KEPT_GROUPINGS = 8;

interface Grouping {
  changes: number;
  groups: ActionGroup[];
  /** What a grouping by owner or due date of every open action is kept in order with. */
  patchable?: { groupBy: Exclude<GroupBy, 'report'>; today: string; byId: Map<string, ActionGroup> };
}

/** A build of this many files leaves enough garbage to collect at once (see releaseBuildGarbage). */
const LARGE_BUILD_FILES = 1000;
let collectTimer: ReturnType<typeof setTimeout> | undefined;

/**
 * A build of a large workspace leaves most of what it allocated as garbage (at 20,000 reports the
 * heap holds 210 MB, 70 of them alive), and V8 collects it only when something else allocates
 * enough, which an idle editor does not: the server would keep 320 MB. One full collection soon
 * after the build lets V8's memory reducer hand the rest back (150 MB some 25 seconds later). Only
 * where the process was started with --expose-gc (the VS Code client does; see docs/other-editors.md for
 * other editors); a collection takes 60 ms at 20,000 reports, once, off the typing path.
 */
function releaseBuildGarbage(): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (typeof gc !== 'function') return;
  clearTimeout(collectTimer);
  collectTimer = setTimeout(() => gc(), 2000);
  // Node's timers keep the process alive unless told not to; a browser's have no such method.
  (collectTimer as { unref?: () => void }).unref?.();
}

/** Distinct values the shared tables may hold before they are started afresh (a long session types many owners). */
const MAX_SHARED_VALUES = 100_000;

/**
 * One copy of what report after report repeats. A summary arrives from a worker thread or the
 * cache with copies of its own: every report's roster (the team's dozen people, again and again),
 * owners, due dates and statuses. At 20,000 reports the copies were three quarters of the index's
 * strings and a third of its objects.
 */
export class SharedValues {
  private strings = new Map<string, string>();
  private objects = new Map<string, object>();
  /** Each object handed out (kept ones, and summaries made here), with a number that names it in a roster's key. */
  private made = new WeakMap<object, number>();
  private counter = 0;

  text<T extends string | undefined>(value: T): T {
    if (value === undefined) return value;
    const known = this.strings.get(value);
    if (known !== undefined) return known as T;
    if (this.strings.size >= MAX_SHARED_VALUES) this.strings = new Map();
    this.strings.set(value, value);
    return value;
  }

  /** An object equal to `value` (same `key`) met before, or `value` from now on; never changed by the index. */
  private keep<T extends object>(value: T, key: string): T {
    const known = this.objects.get(key);
    if (known) return known as T;
    if (this.objects.size >= MAX_SHARED_VALUES) {
      this.objects = new Map();
      this.made = new WeakMap();
    }
    this.objects.set(key, value);
    this.made.set(value, ++this.counter);
    return value;
  }

  object<T extends object>(value: T): T {
    return this.made.has(value) ? value : this.keep(value, JSON.stringify(value));
  }

  /** A roster met before: its people are shared first, then the list is known by theirs. */
  private roster(people: Person[]): Person[] {
    if (this.made.has(people)) return people;
    const shared = people.map((p) => this.object(p));
    return this.keep(shared, `roster:${shared.map((p) => this.made.get(p)).join(',')}`);
  }

  summaryOrNull(indexed: IndexedReport | null): IndexedReport | null {
    return indexed && this.summary(indexed);
  }

  /**
   * The summary with its repeated values shared, changed in place: summaries reach the index fresh
   * (from a worker, the cache's decoder or `summarise`) and nothing else holds them.
   */
  summary(indexed: IndexedReport): IndexedReport {
    if (this.made.has(indexed)) return indexed;
    const { uri, report } = indexed;
    indexed.roster = this.roster(indexed.roster);
    for (const action of indexed.openActions) {
      action.uri = uri;
      action.report = report;
      action.status = this.text(action.status);
      if (action.owner !== undefined) action.owner = this.text(action.owner);
      if (action.ownerPerson) action.ownerPerson = this.object(action.ownerPerson);
      if (action.due !== undefined) action.due = this.text(action.due);
      action.collaborators = action.collaborators.length ? action.collaborators.map((c) => this.text(c)) : NO_COLLABORATORS;
    }
    const info = indexed.info;
    info.uri = uri;
    for (const key of ['status', 'date', 'milestone', 'trigger'] as const) if (info[key] !== undefined) info[key] = this.text(info[key]);
    if (indexed.deliveryOwner !== undefined) indexed.deliveryOwner = this.text(indexed.deliveryOwner);
    this.made.set(indexed, 0);
    return indexed;
  }
}

const NO_COLLABORATORS: string[] = [];

/** `localeCompare`'s order, with the collator made once rather than on each of a sort's many calls. */
const compareText = new Intl.Collator().compare;

const COMPARED_FIELDS = { uri: true, report: true, text: true, owner: true, ownerPerson: true, collaborators: true, due: true, overdue: true, status: true, id: true, range: true } as const;

/**
 * Whether two open actions read the same in every field (`ownerPerson` is shared by SharedValues:
 * the same person is the same object).
 */
function sameAction(a: OpenAction, b: OpenAction): boolean {
  // Every field of OpenAction is compared below: a new field fails to compile here until it is.
  void (COMPARED_FIELDS satisfies Record<keyof OpenAction, true>);
  return (
    a.text === b.text &&
    a.owner === b.owner &&
    a.ownerPerson === b.ownerPerson &&
    a.due === b.due &&
    a.overdue === b.overdue &&
    a.status === b.status &&
    a.id === b.id &&
    a.uri === b.uri &&
    a.report === b.report &&
    a.range.start.line === b.range.start.line &&
    a.range.start.character === b.range.start.character &&
    a.range.end.line === b.range.end.line &&
    a.range.end.character === b.range.end.character &&
    a.collaborators.length === b.collaborators.length &&
    a.collaborators.every((c, i) => c === b.collaborators[i])
  );
}

/** The first place in `sorted` (in `compare`'s order) whose item does not come before `item`: where it goes. */
function firstNotBefore<T>(sorted: readonly T[], item: T, compare: (a: T, b: T) => number): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (compare(sorted[middle], item) < 0) low = middle + 1;
    else high = middle;
  }
  return low;
}

function insertInOrder(list: OpenAction[], action: OpenAction): void {
  list.splice(firstNotBefore(list, action, byViewOrder), 0, action);
}

function removeInOrder(list: OpenAction[], action: OpenAction): void {
  // Among actions that compare equal (none, unless two share a line), the very one.
  for (let i = firstNotBefore(list, action, byViewOrder); i < list.length && byViewOrder(list[i], action) === 0; i++) {
    if (list[i] === action) {
      list.splice(i, 1);
      return;
    }
  }
}

const isRecord = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);
const isRange = (v: unknown) =>
  isRecord(v) && isRecord(v.start) && isRecord(v.end) && [v.start.line, v.start.character, v.end.line, v.end.character].every((n) => typeof n === 'number');

/** Whether a summary read back from the cache has the shape the views rely on (null: not a report). */
export function isIndexResult(value: unknown): value is IndexedReport | null {
  if (value === null) return true;
  if (!isRecord(value) || typeof value.uri !== 'string' || typeof value.report !== 'string') return false;
  const { openActions, counts, roster, info } = value;
  return (
    Array.isArray(openActions) &&
    openActions.every(
      (a) =>
        isRecord(a) &&
        typeof a.uri === 'string' &&
        typeof a.text === 'string' &&
        typeof a.status === 'string' &&
        isRange(a.range) &&
        Array.isArray(a.collaborators) &&
        (a.ownerPerson === undefined || isRecord(a.ownerPerson)),
    ) &&
    isRecord(counts) &&
    ['actions', 'open', 'overdue'].every((k) => typeof counts[k] === 'number') &&
    Array.isArray(roster) &&
    roster.every(isRecord) &&
    isRecord(info) &&
    typeof info.uri === 'string' &&
    isRecord(info.problems) &&
    isRecord(info.actions)
  );
}

/**
 * Summaries as the index keeps them on disk, in half the space (and half the time a warm start
 * spends reading them): an open action's uri and report name are its report's, so they are not
 * repeated; a range is four numbers; and people, the same in report after report, are written once.
 */
export const indexCodecSharing = (values?: SharedValues): ResultCodec<IndexedReport | null> => ({
  encode: (summary, share) =>
    summary && {
      ...summary,
      roster: summary.roster.map(share),
      openActions: summary.openActions.map((action) => {
        const stored: Record<string, unknown> = {};
        // Key by key, so that what is read back has the keys in the order `summarise` gives them.
        for (const [key, value] of Object.entries(action)) {
          if ((key === 'uri' && value === summary.uri) || (key === 'report' && value === summary.report)) continue;
          stored[key] = key === 'ownerPerson' ? share(value) : key === 'range' ? [action.range.start.line, action.range.start.character, action.range.end.line, action.range.end.character] : value;
        }
        return stored;
      }),
    },
  decode: (stored, shared) => {
    if (stored === null) return null;
    if (!isRecord(stored) || !Array.isArray(stored.roster) || !Array.isArray(stored.openActions)) return undefined;
    const openActions = stored.openActions.map((a: unknown) => {
      if (!isRecord(a)) return a;
      // Spread, then replaced in place: the keys keep the order they were written in.
      const action: Record<string, unknown> = { uri: stored.uri, report: stored.report, ...a };
      if (typeof a.ownerPerson === 'number') action.ownerPerson = shared[a.ownerPerson];
      const range = a.range;
      if (Array.isArray(range)) action.range = { start: { line: range[0], character: range[1] }, end: { line: range[2], character: range[3] } };
      return action;
    });
    const summary = { ...stored, roster: stored.roster.map((i: unknown) => shared[i as number]), openActions };
    return isIndexResult(summary) ? (values?.summary(summary) ?? summary) : undefined;
  },
});

/** Summaries as the index keeps them on disk (`indexCodecSharing`), read back without sharing values. */
export const indexCodec = indexCodecSharing();

function isOwner(actionOwner: string | undefined, wanted: string, person: Person | undefined): boolean {
  if (!actionOwner) return false;
  return ownerKey(actionOwner) === ownerKey(wanted) || (!!person && personMatches(person, actionOwner));
}

export function reportName(report: Report): string {
  const title = report.metadata.title?.value;
  if (typeof title === 'string' && title.trim()) return title.trim();
  const h1 = report.headings.find((h) => h.depth === 1);
  if (h1?.text.trim()) return h1.text.trim();
  return URI.parse(report.uri).path.replace(/^.*\//, '');
}

/**
 * The days on which a report summarised on `today` summarises the same: today's date counts only
 * through open actions passing their due dates (and the year, for dates written without one). So
 * the summary holds from the day after the latest due date already passed to the earliest one not
 * passed yet, within the year: a new morning re-reads only the reports with an action that fell due.
 */
export function daysSummaryHolds(summary: IndexedReport, today: string): DayWindow {
  const year = today.slice(0, 4);
  let from = `${year}-01-01`;
  let until = `${year}-12-31`;
  for (const action of summary.openActions) {
    const due = action.due;
    if (!due) continue;
    if (due < today) {
      const after = addDays(due, 1);
      if (after > from) from = after;
    } else if (due < until) {
      until = due;
    }
  }
  return { from, until };
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
  const lines = lineMapOf(report.text);
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

/** The items from `offset`, at most `limit` of them (all, without a limit); a copy either way. */
function pageOf<T>(items: readonly T[], { offset, limit }: { offset?: number; limit?: number }): T[] {
  const from = Math.max(0, Math.floor(offset ?? 0));
  return items.slice(from, limit === undefined ? undefined : from + Math.max(0, Math.floor(limit)));
}
