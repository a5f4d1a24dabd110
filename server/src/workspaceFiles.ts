// Which files of a workspace the language server and the CLI read (Markdown, and the team's
// configuration), and a team configuration made from its text. No file system here: each host reads
// the files its own way (node/ on Node, browser/ in a web worker).
import { defaultConfig, mergeConfig, parseTeamConfig, type AarConfig, type ConfigLayer } from './core/config';

/** Markdown files, by name. */
export const MARKDOWN = /\.(?:md|markdown)$/i;

/** A team configuration's file names, in the order they are looked for in a folder. */
export const CONFIG_FILE_NAMES = ['.aar.yml', '.aar.yaml'];

export interface ConfigError {
  message: string;
  /** 0-based line in the configuration file. */
  line: number;
}

export interface LoadedConfig {
  config: AarConfig;
  /** The configuration file read, when there was one. */
  file?: string;
  errors: ConfigError[];
  /** What the file itself set, so that a host can say where each value came from. */
  layer?: ConfigLayer;
  /** The file's whole content, keys the engine does not use included. */
  raw?: Record<string, unknown>;
}

/** A team configuration from its text (an editor's open buffer of `file`, or the file as a host read it). */
export function teamConfigFromText(file: string, text: string, overrides?: ConfigLayer): LoadedConfig {
  const parsed = parseTeamConfig(text);
  return { config: mergeConfig(defaultConfig(), parsed.layer, overrides), file, errors: parsed.errors, layer: parsed.layer, raw: parsed.raw };
}
