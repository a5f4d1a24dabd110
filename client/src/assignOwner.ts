// `aar.assignOwner`: make someone the owner of an action. Run from the "Assign owner…" quick fix,
// a row of the Actions view, or the action at the cursor; asks who (the roster first, anyone
// else by typing) unless an `owner` argument says it.
import * as vscode from 'vscode';
import type { Person } from '../../server/src/core/types';
import type { AarServer } from './aarServer';
import { actionTarget, changeAction, showChange, type EditOutcome } from './actionEdits';
import { rosterFor } from './roster';

const HANDLE = /^@?[A-Za-z0-9][\w.-]*$/;

/** `sam` and `@sam` become `@sam`; a name with spaces stays a name. */
export function ownerText(input: string): string {
  const trimmed = input.trim();
  return HANDLE.test(trimmed) ? `@${trimmed.replace(/^@/, '')}` : trimmed;
}

function describe(p: Person): vscode.QuickPickItem & { owner: string } {
  const owner = p.handle ? `@${p.handle}` : (p.name ?? p.email ?? '');
  const detail = [p.handle ? p.name : undefined, p.email].filter(Boolean).join(' · ');
  return { label: owner, description: [detail, p.deliveryOwner ? 'Delivery Owner' : ''].filter(Boolean).join(' — '), owner };
}

async function askForOwner(server: AarServer, document: vscode.TextDocument): Promise<string | undefined> {
  const { people, me } = await rosterFor(server, document);
  const askByName = () =>
    vscode.window.showInputBox({
      title: 'Assign owner',
      prompt: 'Who does or coordinates this action? A handle such as @sam, or a name.',
      placeHolder: '@handle',
      validateInput: (value) => (ownerText(value) ? undefined : 'Type a handle or a name.'),
    });
  if (!people.length && !me) return askByName();
  const items: (vscode.QuickPickItem & { owner?: string })[] = [];
  if (me) items.push({ label: `@${me}`, description: 'me (setting afterActionReports.me)', owner: `@${me}` });
  for (const p of people) {
    const item = describe(p);
    if (item.owner && !items.some((i) => i.owner?.toLowerCase() === item.owner.toLowerCase())) items.push(item);
  }
  items.push({ label: 'Someone else…', description: 'type a handle or a name', alwaysShow: true });
  const picked = await vscode.window.showQuickPick(items, { title: 'Assign owner', placeHolder: 'Who owns this action?' });
  if (!picked) return undefined;
  return picked.owner ?? askByName();
}

export async function assignOwner(server: AarServer, arg?: unknown): Promise<EditOutcome> {
  const target = actionTarget(arg);
  if (!target) {
    void vscode.window.showInformationMessage('Put the cursor on an action in a report, or use the Open Actions view, to assign an owner.');
    return 'nothing';
  }
  const given = (arg as { owner?: unknown } | undefined)?.owner;
  const outcome = await changeAction(server, target, async (document) => {
    const owner = typeof given === 'string' ? given : await askForOwner(server, document);
    return owner?.trim() ? { owner: ownerText(owner) } : undefined;
  });
  if (outcome === 'applied' && (arg as { type?: string } | undefined)?.type === 'action') await showChange(target);
  return outcome;
}
