// Where and what to write when a person is assigned to an unowned action. Pure (no vscode), so
// it works on plain text.

export interface OwnerEditPosition {
  line: number;
  character: number;
}

export interface OwnerEdit {
  line: number;
  start: number;
  end: number;
  newText: string;
}

/** Where the server says the owner goes; either is optional. */
export interface OwnerPlacement {
  /** A placeholder owner (`TBD`, `?`) to replace. */
  replace?: { start: OwnerEditPosition; end: OwnerEditPosition };
  /** Where an owner is inserted: the end of the item's first paragraph, or inside the owner cell. */
  insertAt?: OwnerEditPosition;
}

import { isPlaceholderOwner } from '../../server/src/core/vocabulary';

const HANDLE = /^@?[A-Za-z0-9][\w.-]*$/;
// `owner: TBD`, `Assignee = ?`, `@nobody`: an owner written that means nobody.
const OWNER_FIELD_VALUE = /\b(?:owners?|assignee|assigned to|responsible|who)\s*[:=]\s*([^\s,;()[\]|]+)/gi;
const HANDLE_TOKEN = /(?<![\w/.@`])@([^\s,;()[\]|]+)/g;

/** `sam` and `@sam` become `@sam`; a name with spaces stays a name. */
export function ownerText(input: string): string {
  const trimmed = input.trim();
  return HANDLE.test(trimmed) ? `@${trimmed.replace(/^@/, '')}` : trimmed;
}

export function isTableRow(lineText: string): boolean {
  return /^\s*\|/.test(lineText);
}

/** Offsets of the unescaped `|` of a table row. */
function pipeOffsets(lineText: string): number[] {
  const out: number[] = [];
  for (let i = 0; i < lineText.length; i++) {
    if (lineText[i] === '\\') i++;
    else if (lineText[i] === '|') out.push(i);
  }
  return out;
}

/** In a list item a handle stands alone; a name needs the `owner:` label to be read as the owner. */
function inlineOwner(text: string): string {
  return text.startsWith('@') ? text : `owner: ${text}`;
}

/**
 * The edit that makes `owner` the owner of the action whose first line is `lineText` (line
 * `line`). Without a placement from the server, a placeholder owner (`owner: TBD`, `@nobody`, a
 * `TBD` or empty table cell) is replaced; otherwise a list item gets ` @owner` at the end of its
 * first line. Undefined when a table row has no cell for it.
 */
export function ownerEdit(lineText: string, line: number, owner: string, placement: OwnerPlacement = {}): OwnerEdit | undefined {
  const text = ownerText(owner);
  if (!text) return undefined;
  const table = isTableRow(lineText);
  const { replace, insertAt } = placement;
  if (replace && replace.start.line === replace.end.line) {
    return { line: replace.start.line, start: replace.start.character, end: replace.end.character, newText: text };
  }
  if (insertAt) {
    if (table) return { line: insertAt.line, start: insertAt.character, end: insertAt.character, newText: text };
    const before = insertAt.line === line ? lineText.slice(0, insertAt.character) : 'x';
    const newText = /(^|\s)$/.test(before) ? inlineOwner(text) : ` ${inlineOwner(text)}`;
    return { line: insertAt.line, start: insertAt.character, end: insertAt.character, newText };
  }
  if (table) {
    // The action cell comes first and is never the owner's; the first empty or placeholder cell after it is.
    const pipes = pipeOffsets(lineText);
    for (let i = 1; i + 1 < pipes.length; i++) {
      const start = pipes[i] + 1;
      const end = pipes[i + 1];
      if (isPlaceholderOwner(lineText.slice(start, end))) return { line, start, end, newText: ` ${text} ` };
    }
    return undefined;
  }
  for (const re of [OWNER_FIELD_VALUE, HANDLE_TOKEN]) {
    for (const m of lineText.matchAll(re)) {
      if (!isPlaceholderOwner(m[1])) continue;
      const start = m.index + m[0].length - m[1].length - (re === HANDLE_TOKEN ? 1 : 0);
      return { line, start, end: m.index + m[0].length, newText: text };
    }
  }
  const end = lineText.replace(/\s+$/, '').length;
  return { line, start: end, end: lineText.length, newText: ` ${inlineOwner(text)}` };
}
