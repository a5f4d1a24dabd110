// `aar lint` on disk: walk the paths, find each file's configuration root, read, detect, analyse.
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { analyze, detectReport, type AarConfig, type Finding } from '../core';
import { findMarkedRoot, loadWorkspaceConfig } from '../node/config';
import { readHead, readTextFile, toPosixRelative, walkMarkdownFiles } from '../node/files';
import type { FileFindings } from './format';

export interface LintOptions {
  /** Files and folders as given on the command line. */
  paths: string[];
  /** Where relative paths start and what shown paths are relative to. */
  cwd: string;
  /** A configuration given with `--config`: used for every file instead of each root's `.aar.yml`. */
  config?: AarConfig;
  /** ISO date, for overdue checks. */
  today?: string;
  /** Told about problems in `.aar.yml` files (once per file). */
  onConfigWarning?: (message: string) => void;
}

export interface LintResult {
  files: FileFindings[];
  reportsChecked: number;
  filesLooked: number;
}

function isInside(file: string, folder: string): boolean {
  const relative = path.relative(folder, file);
  return relative !== '' && relative !== '..' && !relative.startsWith(`..${path.sep}`) && !path.isAbsolute(relative);
}

async function isFolder(p: string): Promise<boolean> {
  try {
    return (await fs.stat(p)).isDirectory();
  } catch {
    return false;
  }
}

const START = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

function memo<T>(compute: (key: string) => Promise<T>): (key: string) => Promise<T> {
  const cache = new Map<string, Promise<T>>();
  return (key) => {
    let value = cache.get(key);
    if (!value) cache.set(key, (value = compute(key)));
    return value;
  };
}

export async function lint(options: LintOptions): Promise<LintResult> {
  const cwd = path.resolve(options.cwd);
  const roots = options.paths.map((p) => path.resolve(cwd, p));
  const markedRootOf = memo(findMarkedRoot);
  // Without a `.git` or `.aar.yml` above a file, globs are matched from the highest of the current
  // folder and the folders named, so `aar lint ..` from inside `reviews/` still sees `reviews/`.
  const folderRoots: string[] = [];
  for (const root of roots) if (await isFolder(root)) folderRoots.push(root);
  const unmarkedRootOf = (file: string) =>
    [cwd, ...folderRoots].filter((r) => isInside(file, r)).sort((a, b) => a.length - b.length)[0] ?? path.dirname(file);
  const configOfRoot = memo(async (root) => {
    if (options.config) return options.config;
    const loaded = await loadWorkspaceConfig(root);
    for (const e of loaded.errors) {
      options.onConfigWarning?.(`${path.relative(cwd, loaded.file ?? root) || loaded.file}:${e.line + 1}: ${e.message}`);
    }
    return loaded.config;
  });
  // Files named on the command line are analysed even when nothing marks them as reports.
  const named = new Set(roots);

  const result: LintResult = { files: [], reportsChecked: 0, filesLooked: 0 };
  for await (const file of walkMarkdownFiles(roots)) {
    result.filesLooked++;
    const root = (await markedRootOf(path.dirname(file))) ?? unmarkedRootOf(file);
    const config = await configOfRoot(root);
    const relativePath = toPosixRelative(file, root);
    const force = named.has(file);
    const shown = toPosixRelative(file, cwd);
    const read = await readTextFile(file, config.maxFileSize);
    let findings: Finding[];
    if ('skipped' in read) {
      // Only a file that would be a report is worth a note; other Markdown stays silent.
      const head = await readHead(file);
      if (!force && !detectReport(head, relativePath, config).isReport) continue;
      findings = [{ ruleId: 'file-skipped', severity: 'info', message: read.skipped, range: START, fixes: [] }];
    } else {
      const analysis = analyze(read.text, { uri: pathToFileURL(file).href, relativePath, config, today: options.today, force });
      if (!analysis.report && !analysis.skipped) continue;
      findings = analysis.findings;
    }
    result.reportsChecked++;
    result.files.push({ file: shown, findings });
  }
  return result;
}
