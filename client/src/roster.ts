// The people an action can be assigned to: the report's own front matter (`delivery_owner`,
// `team`, `participants`) first, then the workspace roster as the server has it (`.aar.yml`
// merged with the `aar.roster` setting), and `aar.me`.
import * as vscode from 'vscode';
import { parseDocument } from 'yaml';
import { mergeRosters, parsePeople } from '../../server/src/core/config';
import type { Person } from '../../server/src/core/types';
import type { AarServer } from './aarServer';

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

export async function rosterFor(server: AarServer, document: vscode.TextDocument): Promise<{ people: Person[]; me?: string }> {
  const me = vscode.workspace.getConfiguration('aar', document.uri).get<string>('me')?.trim().replace(/^@/, '') || undefined;
  const workspace = server.running
    ? await server.effectiveConfig(document.uri).then(
        (config) => config.roster.map((p) => ({ ...p, source: 'workspace' }) as Person),
        () => [] as Person[],
      )
    : [];
  return { people: mergeRosters(frontMatterPeople(document.getText()), workspace), me };
}
