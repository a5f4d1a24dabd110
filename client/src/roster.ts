// The people an action can be assigned to, read from the same places the engine reads: the
// report's front matter (`team`, `participants`, `delivery_owner`), the workspace `.aar.yml`
// and the `aar.roster` / `aar.me` settings.
import * as vscode from 'vscode';
import { parseDocument } from 'yaml';
import { mergeRosters, parsePeople, parseTeamConfig } from '../../server/src/core/config';
import type { Person } from '../../server/src/core/types';

function frontMatterPeople(text: string): Person[] {
  const match = /^\uFEFF?---[ \t]*\r?\n([\s\S]*?)\r?\n(?:---|\.\.\.)[ \t]*(?:\r?\n|$)/.exec(text);
  if (!match) return [];
  const doc = parseDocument(match[1]);
  if (doc.errors.length) return [];
  const data = doc.toJS() as Record<string, unknown> | null;
  if (!data || typeof data !== 'object') return [];
  const owner = parsePeople(data.delivery_owner, 'report').map((p) => ({ ...p, deliveryOwner: true }));
  return mergeRosters(owner, [...parsePeople(data.team, 'report'), ...parsePeople(data.participants, 'report')]);
}

async function workspacePeople(uri: vscode.Uri): Promise<Person[]> {
  const folder = vscode.workspace.getWorkspaceFolder(uri);
  if (!folder) return [];
  try {
    const bytes = await vscode.workspace.fs.readFile(vscode.Uri.joinPath(folder.uri, '.aar.yml'));
    return parseTeamConfig(new TextDecoder().decode(bytes)).layer.roster ?? [];
  } catch {
    return [];
  }
}

export async function rosterFor(document: vscode.TextDocument): Promise<{ people: Person[]; me?: string }> {
  const settings = vscode.workspace.getConfiguration('aar', document.uri);
  const me = settings.get<string>('me')?.trim().replace(/^@/, '') || undefined;
  const people = mergeRosters(
    mergeRosters(frontMatterPeople(document.getText()), await workspacePeople(document.uri)),
    parsePeople(settings.get<unknown[]>('roster') ?? [], 'settings'),
  );
  return { people, me };
}
