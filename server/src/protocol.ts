// Custom requests between the VS Code client and the language server, declared once and imported
// by both sides (as vscode-eslint does in `$shared/customMessages.ts`).
import { RequestType, type Range } from 'vscode-languageserver-protocol';

export type OpenActionStatus = 'open' | 'in-progress' | 'blocked';

/** An action that is not done yet, from any report in the workspace. */
export interface OpenAction {
  /** The report's URI. */
  uri: string;
  /** The report's title, or its file name when it has none. */
  report: string;
  /** The action's text without its inline fields. */
  text: string;
  /** The owner as written (`@sam`, `Kim Park`); absent for an unowned action. */
  owner?: string;
  collaborators: string[];
  /** ISO `YYYY-MM-DD`, when the action has a readable due date. */
  due?: string;
  overdue: boolean;
  status: OpenActionStatus;
  /** The action's id (`A-12`), when it has one. */
  id?: string;
  /** The whole action (list item or table row). */
  range: Range;
}

export interface OpenActionsParams {
  /** Only the actions of this owner (`@sam`, `sam`, a name or an email). */
  owner?: string;
  overdueOnly?: boolean;
}

// An object rather than a namespace (the lint config bans namespaces); used the same way:
// `OpenActionsRequest.type`, `OpenActionsRequest.method`.
export const OpenActionsRequest = {
  method: 'aar/openActions',
  type: new RequestType<OpenActionsParams, OpenAction[], void>('aar/openActions'),
} as const;
