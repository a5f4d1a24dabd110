// Finding and reading a team's `.aar.yml` from disk; the engine parses and merges it.
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { defaultConfig, mergeConfig, parseTeamConfig, type ConfigLayer } from '../core/config';
import { CONFIG_FILE_NAMES, teamConfigFromText, type LoadedConfig } from '../workspaceFiles';

async function exists(p: string): Promise<boolean> {
  try {
    await fs.stat(p);
    return true;
  } catch {
    return false;
  }
}

/**
 * Reads one configuration file and layers it over the defaults, then `overrides`. Problems in the
 * file come back as errors (what is valid still applies); a file that cannot be read throws.
 */
export async function loadConfigFile(file: string, overrides?: ConfigLayer): Promise<LoadedConfig> {
  const text = await fs.readFile(file, 'utf8');
  const parsed = parseTeamConfig(text);
  return { config: mergeConfig(defaultConfig(), parsed.layer, overrides), file, errors: parsed.errors };
}

/** A configuration file's text: undefined when there is no such file; throws when it cannot be read. */
export async function readConfigText(file: string): Promise<string | undefined> {
  try {
    return await fs.readFile(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
}

/** The workspace folder's `.aar.yml` (or `.aar.yaml`) over the defaults, then `overrides`. */
export async function loadWorkspaceConfig(folder: string, overrides?: ConfigLayer): Promise<LoadedConfig> {
  for (const name of CONFIG_FILE_NAMES) {
    const file = path.join(folder, name);
    let text: string;
    try {
      text = await fs.readFile(file, 'utf8');
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') continue;
      return {
        config: mergeConfig(defaultConfig(), overrides),
        file,
        errors: [{ message: `Cannot read the file (${code ?? (e as Error).message}); using the defaults.`, line: 0 }],
      };
    }
    return teamConfigFromText(file, text, overrides);
  }
  return { config: mergeConfig(defaultConfig(), overrides), errors: [] };
}

/**
 * The nearest folder at or above `start` (its folder, for a file) that holds a `.aar.yml`,
 * `.aar.yaml` or `.git`; undefined when there is none up to the file system's root.
 */
export async function findMarkedRoot(start: string): Promise<string | undefined> {
  let folder = await folderOf(start);
  for (;;) {
    for (const marker of [...CONFIG_FILE_NAMES, '.git']) {
      if (await exists(path.join(folder, marker))) return folder;
    }
    const parent = path.dirname(folder);
    if (parent === folder) return undefined;
    folder = parent;
  }
}

/**
 * Where report globs are relative to: the nearest folder at or above `start` that holds a
 * `.aar.yml`/`.aar.yaml` or a `.git`, else `start` itself (its folder, for a file).
 */
export async function findConfigRoot(start: string): Promise<string> {
  return (await findMarkedRoot(start)) ?? (await folderOf(start));
}

async function folderOf(start: string): Promise<string> {
  const resolved = path.resolve(start);
  try {
    return (await fs.stat(resolved)).isDirectory() ? resolved : path.dirname(resolved);
  } catch {
    return resolved; // a path that does not exist (yet): look up from it all the same
  }
}
