// Commands on a whole report: move it along its lifecycle, show what its stakeholders read, and
// show the configuration in effect. The server decides and computes; edits are applied only to the
// document version they were made for, and files are written only where the user chose.
import * as vscode from 'vscode';
import type { EffectiveConfig, ReviewStatus, StakeholderSummaryResult } from '../../server/src/protocol';
import type { AarServer } from './aarServer';
import { exists } from './newReview';

export type StatusOutcome =
  | { outcome: 'applied'; from?: ReviewStatus; to: ReviewStatus }
  | { outcome: 'refused'; to?: ReviewStatus; reasons: string[] }
  | { outcome: 'stale' | 'nothing' | 'failed' };

/** A report's Uri from a row of a view, a Uri, a `{uri}` record, or the active editor. */
export function reportUriOf(arg: unknown): vscode.Uri | undefined {
  if (arg instanceof vscode.Uri) return arg;
  const uri = (arg as { uri?: unknown } | undefined)?.uri;
  if (typeof uri === 'string') return vscode.Uri.parse(uri);
  if (uri instanceof vscode.Uri) return uri;
  return vscode.window.activeTextEditor?.document.uri;
}

/**
 * Moves the report to `to` (default: its next status). A refusal is shown with its reasons and
 * an offer to open the Problems panel; the edit, when there is one, leaves the document unsaved
 * for the user to look at.
 */
export async function moveReviewStatus(server: AarServer, arg?: unknown, to?: ReviewStatus): Promise<StatusOutcome> {
  const uri = reportUriOf(arg);
  if (!uri) {
    void vscode.window.showInformationMessage('Open a report, or pick one in the Reviews view, to move it along.');
    return { outcome: 'nothing' };
  }
  const document = await vscode.workspace.openTextDocument(uri);
  const versionSeen = document.version;
  const result = await server.reviewStatus({ uri: uri.toString(), version: versionSeen, ...(to ? { to } : {}) });
  if (result.reasons?.[0] === 'stale' || (result.version !== null && result.version !== versionSeen)) {
    void vscode.window.showWarningMessage('The report changed meanwhile, so its status was not changed. Try again.');
    return { outcome: 'stale' };
  }
  if (!result.edits.length) {
    const reasons = result.reasons ?? [];
    const head = result.to ? `Not moved to ${result.to}:` : 'Not moved:';
    void vscode.window.showWarningMessage(`${head} ${reasons.join(' · ')}`, 'Show Problems').then((choice) => {
      if (choice) void vscode.commands.executeCommand('workbench.actions.view.problems');
    });
    return { outcome: 'refused', ...(result.to ? { to: result.to } : {}), reasons };
  }
  const edit = new vscode.WorkspaceEdit();
  for (const e of result.edits) {
    edit.replace(uri, new vscode.Range(e.range.start.line, e.range.start.character, e.range.end.line, e.range.end.character), e.newText);
  }
  if (document.version !== versionSeen) return { outcome: 'stale' };
  if (!(await vscode.workspace.applyEdit(edit))) return { outcome: 'failed' };
  void vscode.window.setStatusBarMessage(`Review status: ${result.from ?? 'none'} → ${result.to}`, 4000);
  return { outcome: 'applied', ...(result.from ? { from: result.from } : {}), to: result.to! };
}

/** One preview panel per report, reused when asked again. */
const panels = new Map<string, vscode.WebviewPanel>();

/**
 * Shows the stakeholder summary of a report in a preview beside it: the server's self-contained
 * HTML (no scripts, nothing from the network), with commands to save it as HTML or Markdown.
 */
export async function showStakeholderSummary(server: AarServer, arg?: unknown): Promise<StakeholderSummaryResult | undefined> {
  const uri = reportUriOf(arg);
  if (!uri) {
    void vscode.window.showInformationMessage('Open a report, or pick one in the Reviews view, to see its stakeholder summary.');
    return undefined;
  }
  const document = await vscode.workspace.openTextDocument(uri);
  let summary: StakeholderSummaryResult;
  try {
    summary = await server.stakeholderSummary(uri, document.version);
  } catch (e) {
    void vscode.window.showWarningMessage(`No stakeholder summary: ${(e as Error).message}`);
    return undefined;
  }
  let panel = panels.get(uri.toString());
  if (!panel) {
    // No scripts and no local resources: the page is complete in itself.
    panel = vscode.window.createWebviewPanel('aar.stakeholderSummary', '', { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, { enableScripts: false, localResourceRoots: [] });
    const key = uri.toString();
    panels.set(key, panel);
    panel.onDidDispose(() => panels.delete(key));
  }
  panel.title = `Summary: ${summary.title}`;
  panel.webview.html = summary.html;
  panel.reveal(vscode.ViewColumn.Beside, true);
  return summary;
}

/**
 * Saves the summary where the user picks (the save dialog asks before replacing a file): HTML as
 * one file, Markdown with its chart beside it as `<name>.svg`, which is never replaced silently.
 */
export async function saveStakeholderSummary(server: AarServer, arg?: unknown, target?: vscode.Uri): Promise<vscode.Uri | undefined> {
  const uri = reportUriOf(arg);
  if (!uri) return undefined;
  const document = await vscode.workspace.openTextDocument(uri);
  const base = uri.path.replace(/\.(md|markdown)$/i, '');
  const chosen =
    target ??
    (await vscode.window.showSaveDialog({
      title: 'Save stakeholder summary',
      defaultUri: uri.with({ path: `${base}.summary.html` }),
      filters: { 'HTML page': ['html'], Markdown: ['md'] },
    }));
  if (!chosen) return undefined;
  // A file named by the caller (not picked in the dialog, which asks) is never replaced.
  if (target && (await exists(target))) {
    void vscode.window.showWarningMessage(`${vscode.workspace.asRelativePath(target)} exists; the summary was not saved over it.`);
    return undefined;
  }
  const encode = (text: string) => new TextEncoder().encode(text);
  if (/\.(md|markdown)$/i.test(chosen.path)) {
    const chart = chosen.with({ path: chosen.path.replace(/\.(md|markdown)$/i, '.svg') });
    const chartName = chart.path.slice(chart.path.lastIndexOf('/') + 1);
    const summary = await server.stakeholderSummary(uri, document.version, chartName);
    if (!target && (await exists(chart))) {
      const replace = await vscode.window.showWarningMessage(`${chartName} exists. Replace it with the summary's chart?`, { modal: true }, 'Replace');
      if (replace !== 'Replace') return undefined;
    }
    await vscode.workspace.fs.writeFile(chosen, encode(summary.markdown));
    await vscode.workspace.fs.writeFile(chart, encode(summary.chartSvg));
  } else {
    const summary = await server.stakeholderSummary(uri, document.version);
    await vscode.workspace.fs.writeFile(chosen, encode(summary.html));
  }
  return chosen;
}

/** The configuration in effect for a file or folder, as Markdown: what applies and where it came from. */
export function effectiveConfigMarkdown(config: EffectiveConfig, where: string): string {
  const person = (p: EffectiveConfig['roster'][number]) =>
    [p.name, p.handle ? `@${p.handle}` : undefined, p.email ? `<${p.email}>` : undefined].filter(Boolean).join(' ') + (p.deliveryOwner ? ' — Delivery Owner' : '');
  const lines = [
    `# After Action Reports: effective configuration`,
    '',
    `For \`${where}\`. Precedence: defaults, then \`.aar.yml\`, then user and workspace settings (\`afterActionReports.*\`), each overriding the one before.`,
    '',
    '## Where it comes from',
    '',
    ...config.sources.map((s) => `- ${s}`),
    '',
    '## Roster',
    '',
    ...(config.roster.length ? config.roster.map((p) => `- ${person(p)}`) : ['- (nobody: owners are not checked against a roster)']),
    '',
    '## New reviews',
    '',
    `- Folder: \`${config.reviewsFolder}\``,
    `- Template: ${config.template ? `\`${config.template}\`` : 'the built-in one'}`,
    `- Triggers: ${config.triggers.join(', ')}`,
    '',
    '## Rules',
    '',
    '| Rule | Severity |',
    '| --- | --- |',
    ...Object.entries(config.severities).map(([id, severity]) => `| ${id} | ${severity} |`),
    '',
  ];
  return lines.join('\n');
}

/**
 * Effective configurations are read-only documents of their own scheme, made when opened: closing
 * one asks nothing, and nobody edits what is computed from `.aar.yml` and the settings. The query
 * is the report or folder they are about.
 */
const EFFECTIVE_CONFIG_SCHEME = 'aar-config';

export function registerEffectiveConfigDocuments(context: vscode.ExtensionContext, server: AarServer): void {
  const changed = new vscode.EventEmitter<vscode.Uri>();
  effectiveConfigChanged = changed;
  context.subscriptions.push(
    changed,
    vscode.workspace.registerTextDocumentContentProvider(EFFECTIVE_CONFIG_SCHEME, {
      onDidChange: changed.event,
      async provideTextDocumentContent(uri) {
        const about = vscode.Uri.parse(uri.query);
        return effectiveConfigMarkdown(await server.effectiveConfig(about), vscode.workspace.asRelativePath(about));
      },
    }),
  );
}

let effectiveConfigChanged: vscode.EventEmitter<vscode.Uri> | undefined;

export async function showEffectiveConfig(arg?: unknown): Promise<vscode.TextDocument | undefined> {
  const about = reportUriOf(arg) ?? vscode.workspace.workspaceFolders?.[0]?.uri;
  if (!about) {
    void vscode.window.showInformationMessage('Open a folder or a report first.');
    return undefined;
  }
  // A workspace folder by its name: asRelativePath gives a folder itself as its whole absolute path.
  const folder = vscode.workspace.getWorkspaceFolder(about);
  const described = folder && folder.uri.toString() === about.toString() ? folder.name : vscode.workspace.asRelativePath(about);
  const name = `Effective configuration of ${described.replace(/[\\/]/g, ' › ')}.md`;
  const uri = vscode.Uri.from({ scheme: EFFECTIVE_CONFIG_SCHEME, path: `/${name}`, query: about.toString() });
  // Shown again, it is computed again: the configuration may have changed since.
  effectiveConfigChanged?.fire(uri);
  // Markdown by its name's extension: the preview and the outline work on it.
  const document = await vscode.workspace.openTextDocument(uri);
  await vscode.window.showTextDocument(document, { preview: true });
  return document;
}
