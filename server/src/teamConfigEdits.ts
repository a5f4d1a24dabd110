// Quick fixes that change the team's `.aar.yml` rather than the report ("Count “Timeline” as the
// outcomes section"): one workspace edit that creates the file when there is none (never replacing
// one that appeared meanwhile) or inserts into it, versioned against the open buffer when the
// editor has it open, so that an unsaved change is never overwritten.
import {
  CreateFile,
  OptionalVersionedTextDocumentIdentifier,
  TextDocumentEdit,
  type WorkspaceEdit,
} from 'vscode-languageserver';
import { addSectionHeadingEdits } from './core/teamConfigEdit';
import type { SectionKind } from './core/types';

export interface TeamConfigTarget {
  /** The configuration file's path: the one the folder has, else where a new one goes. */
  file: string;
  /** Its URI, as the editor names it. */
  uri: string;
  /** The editor's open buffer of it, when there is one. */
  open?: { text: string; version: number };
}

/** What the client can do with workspace edits: versioned document changes, and creating files. */
export interface EditCapabilities {
  documentChanges: boolean;
  createFiles: boolean;
}

/**
 * The edit that adds `heading` to `sections.<kind>`, or undefined when the client cannot apply it
 * (no versioned edits, or no file creation where a file is needed) or the file cannot be read as
 * a configuration (it is never rewritten then). `readSaved` reads the file when it is not open:
 * undefined when there is none, throwing when it cannot be read. Throws nothing.
 */
export async function teamSectionEdit(
  target: TeamConfigTarget,
  kind: SectionKind,
  heading: string,
  can: EditCapabilities,
  readSaved: (file: string) => Promise<string | undefined>,
): Promise<WorkspaceEdit | undefined> {
  if (!can.documentChanges) return undefined;
  let text = target.open?.text;
  if (text === undefined) {
    try {
      text = await readSaved(target.file);
    } catch {
      return undefined;
    }
  }
  let edits;
  try {
    edits = addSectionHeadingEdits(text, kind, heading);
  } catch {
    return undefined;
  }
  if (!edits.length) return undefined;
  const uri = target.uri;
  if (text === undefined) {
    if (!can.createFiles) return undefined;
    // `overwrite: false` without `ignoreIfExists`: a file that appeared since it was read fails the edit, untouched.
    return { documentChanges: [CreateFile.create(uri, { overwrite: false, ignoreIfExists: false }), TextDocumentEdit.create(OptionalVersionedTextDocumentIdentifier.create(uri, null), edits)] };
  }
  const version = target.open ? target.open.version : null;
  return { documentChanges: [TextDocumentEdit.create(OptionalVersionedTextDocumentIdentifier.create(uri, version), edits)] };
}
