// The people an action can be assigned to: the report's own front matter (`delivery_owner`,
// `team`, `participants`) first, then the workspace roster as the server has it (`.aar.yml`
// merged with the `afterActionReports.roster` setting), and `afterActionReports.me`.
import * as vscode from 'vscode';
import type { Person } from '../../server/src/core/types';
import type { AarServer } from './aarServer';
import { setting } from './settings';

export async function rosterFor(server: AarServer, document: vscode.TextDocument): Promise<{ people: Person[]; me?: string }> {
  const me = setting<string>('me', document.uri)?.trim().replace(/^@/, '') || undefined;
  // The server reads the report's front matter and merges the workspace roster (server/src/reviewDrafts.ts).
  const people = server.running ? await server.assignablePeople(document.uri).catch(() => [] as Person[]) : [];
  return { people, me };
}
