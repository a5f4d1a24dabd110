// `aar.newReview`: a new report from the team's template, in the team's folder, named from the
// date and the title. It never overwrites: a second review with the same title gets its own file.
// With an argument object it runs without prompts and returns the new file's Uri.
import * as vscode from 'vscode';
import type { EffectiveConfig, ReleaseDue } from '../../server/src/protocol';
import type { AarServer } from './aarServer';
import { currentToday, myHandle } from './views/actionsView';

export interface NewReviewArgs {
  title?: string;
  trigger?: string;
  milestone?: string;
  /** Folder for the file, relative to the workspace folder (default: the team's, else `after-action-reports`). */
  folder?: string;
  /** Which workspace folder, when there are several (a Uri or its string); default the active editor's or the first. */
  workspaceFolder?: string | vscode.Uri;
  /** Open the new report in an editor (default true). */
  open?: boolean;
}

/** Most files that could exist with one name: past this, something is wrong and we stop. */
const MAX_ATTEMPTS = 500;
/** A template bigger than this is not a template. */
const MAX_TEMPLATE_BYTES = 256 * 1024;

type ReviewConfig = Pick<EffectiveConfig, 'reviewsFolder' | 'template' | 'triggers' | 'roster'>;

const DEFAULT_CONFIG: ReviewConfig = {
  reviewsFolder: 'after-action-reports',
  triggers: ['release', 'milestone', 'incident', 'learning'],
  roster: [],
};

function pickWorkspaceFolder(arg: NewReviewArgs['workspaceFolder']): vscode.WorkspaceFolder | undefined {
  if (arg) {
    const uri = typeof arg === 'string' ? vscode.Uri.parse(arg) : arg;
    return vscode.workspace.getWorkspaceFolder(uri);
  }
  const active = vscode.window.activeTextEditor?.document.uri;
  return (active && vscode.workspace.getWorkspaceFolder(active)) || vscode.workspace.workspaceFolders?.[0];
}

const hasControlCharacter = (text: string) => [...text].some((ch) => ch.charCodeAt(0) < 0x20 || ch.charCodeAt(0) === 0x7f);

/** `folder` resolved inside the workspace folder; undefined when it would point outside it. */
export function folderInside(root: vscode.Uri, folder: string): vscode.Uri | undefined {
  const parts = folder.replace(/\\/g, '/').split('/').filter((p) => p && p !== '.');
  if (folder.startsWith('/') || /^[A-Za-z]:/.test(folder) || parts.some((p) => p === '..' || hasControlCharacter(p))) return undefined;
  return parts.length ? vscode.Uri.joinPath(root, ...parts) : root;
}

/** The team's template, or undefined for the built-in one (the server has it). */
async function readTemplate(root: vscode.Uri, template: string | undefined, log: (m: string) => void): Promise<string | undefined> {
  if (!template) return undefined;
  const uri = folderInside(root, template);
  if (!uri) {
    log(`[newReview] the template ${template} is outside the workspace folder; using the built-in template.`);
    return undefined;
  }
  try {
    const bytes = await vscode.workspace.fs.readFile(uri);
    if (bytes.byteLength > MAX_TEMPLATE_BYTES || bytes.includes(0)) throw new Error('not a text template');
    return new TextDecoder().decode(bytes);
  } catch (error) {
    void vscode.window.showWarningMessage(`The review template ${template} could not be read (${(error as Error).message}); the built-in template was used.`);
    return undefined;
  }
}

/**
 * Asks for what the arguments do not say. A review started for a release (trigger and milestone
 * given, as "Start Review" on a release awaiting one does) only asks for its title, offering one.
 */
async function ask(
  config: Pick<EffectiveConfig, 'triggers'>,
  preset: Pick<NewReviewArgs, 'trigger' | 'milestone'> = {},
  releasesDue: Promise<ReleaseDue[]> = Promise.resolve([]),
): Promise<Required<Pick<NewReviewArgs, 'title' | 'trigger'>> & { milestone: string } | undefined> {
  if (preset.trigger && preset.milestone) {
    const title = await vscode.window.showInputBox({
      title: `New After Action Review of ${preset.milestone}`,
      prompt: 'What is being reviewed?',
      value: `Release ${preset.milestone}`,
      validateInput: (value) => (value.trim() ? undefined : 'A title is needed: it names the report and its file.'),
    });
    return title?.trim() ? { title: title.trim(), trigger: preset.trigger, milestone: preset.milestone } : undefined;
  }
  const triggers = config.triggers.length ? config.triggers : DEFAULT_CONFIG.triggers;
  const trigger = await vscode.window.showQuickPick(
    triggers.map((t) => ({ label: t })),
    { title: 'New After Action Review (1/3)', placeHolder: 'What triggered this review?' },
  );
  if (!trigger) return undefined;
  const title = await vscode.window.showInputBox({
    title: 'New After Action Review (2/3)',
    prompt: 'What is being reviewed?',
    placeHolder: 'e.g. Release 2.5 of the checkout service',
    validateInput: (value) => (value.trim() ? undefined : 'A title is needed: it names the report and its file.'),
  });
  if (!title?.trim()) return undefined;
  const milestone = await pickMilestone(trigger.label, await releasesDue);
  if (milestone === undefined) return undefined;
  return { title: title.trim(), trigger: trigger.label, milestone };
}

/**
 * The milestone: a release tag that awaits a review (as Reviews Due lists them, newest first), none,
 * or whatever is typed. For a release the newest tag comes first; for anything else, none does.
 */
function pickMilestone(trigger: string, releasesDue: ReleaseDue[]): Promise<string | undefined> {
  const none: vscode.QuickPickItem = { label: 'No milestone', description: 'the review covers no release or tag' };
  const tags = releasesDue.map((r) => ({ label: r.tag, description: `${r.date ? `tagged ${r.date.slice(0, 10)} · ` : ''}awaits a review` }));
  const offered = releasesDue.some((r) => r.trigger === trigger) ? [...tags, none] : [none, ...tags];
  const pick = vscode.window.createQuickPick();
  pick.title = 'New After Action Review (3/3)';
  pick.placeholder = 'Which milestone, release or tag does it cover? Pick one, or type it';
  pick.items = offered;
  pick.onDidChangeValue((value) => {
    const typed = value.trim();
    pick.items = typed && !offered.some((item) => item.label === typed) ? [{ label: typed, description: 'as typed' }, ...offered] : offered;
  });
  return new Promise((resolve) => {
    pick.onDidAccept(() => {
      const chosen = pick.selectedItems[0];
      resolve(!chosen || chosen === none ? '' : chosen.label);
      pick.hide();
    });
    pick.onDidHide(() => {
      resolve(undefined);
      pick.dispose();
    });
    pick.show();
  });
}

export async function newReview(server: AarServer, args: NewReviewArgs | undefined, log: (m: string) => void): Promise<vscode.Uri | undefined> {
  const workspaceFolder = pickWorkspaceFolder(args?.workspaceFolder);
  if (!workspaceFolder) {
    void vscode.window.showErrorMessage('Open a folder first: a new review is created inside the workspace.');
    return undefined;
  }
  if (!server.running) {
    // The server renders the template: without it there is no review to write.
    void vscode.window.showErrorMessage('The After Action Reports language server is not running: run "After Action Reports: Restart Language Server", then try again.');
    return undefined;
  }
  const config: ReviewConfig = await server.effectiveConfig(workspaceFolder.uri).catch(() => DEFAULT_CONFIG);
  const answers = args?.title?.trim()
    ? { title: args.title.trim(), trigger: args.trigger ?? '', milestone: args.milestone ?? '' }
    : await ask(config, args, server.releasesDue().catch(() => []));
  if (!answers) return undefined;

  const folderSetting = args?.folder ?? config.reviewsFolder ?? DEFAULT_CONFIG.reviewsFolder;
  const folder = folderInside(workspaceFolder.uri, folderSetting);
  if (!folder) {
    void vscode.window.showErrorMessage(`The folder for new reviews must be inside the workspace folder; "${folderSetting}" is not.`);
    return undefined;
  }
  const date = currentToday();
  const deliveryOwner = config.roster.find((p) => p.deliveryOwner);
  const me = myHandle();
  const template = await readTemplate(workspaceFolder.uri, config.template, log);
  const draft = await server.newReviewText({
    ...(template === undefined ? {} : { template }),
    title: answers.title,
    date,
    trigger: answers.trigger,
    milestone: answers.milestone,
    deliveryOwner: deliveryOwner?.handle ? `@${deliveryOwner.handle}` : (deliveryOwner?.name ?? (me ? `@${me.replace(/^@/, '')}` : '')),
  });
  const text = draft.text;

  const uri = await createUnique(folder, draft.fileStem, text);
  if (!uri) return undefined;
  log(`[newReview] created ${vscode.workspace.asRelativePath(uri)}`);
  if (args?.open !== false) {
    const position = new vscode.Position(draft.cursor.line, draft.cursor.character);
    await vscode.window.showTextDocument(uri, { selection: new vscode.Range(position, position), preview: false });
  }
  return uri;
}

/** Creates `<stem>.md`, else `<stem>-2.md`, … The create itself refuses an existing file, so a race cannot overwrite one either. */
async function createUnique(folder: vscode.Uri, stem: string, text: string): Promise<vscode.Uri | undefined> {
  const contents = new TextEncoder().encode(text);
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
    const uri = vscode.Uri.joinPath(folder, `${stem}${attempt > 1 ? `-${attempt}` : ''}.md`);
    if (await exists(uri)) continue;
    const edit = new vscode.WorkspaceEdit();
    edit.createFile(uri, { overwrite: false, ignoreIfExists: false, contents });
    if ((await vscode.workspace.applyEdit(edit)) && (await exists(uri))) {
      // A created file opens as a document VS Code treats as saved; nothing is left dirty.
      return uri;
    }
  }
  void vscode.window.showErrorMessage(`Could not create a new review in ${vscode.workspace.asRelativePath(folder)}.`);
  return undefined;
}

/** Whether something is at `uri` (a file or a folder). */
export async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}
