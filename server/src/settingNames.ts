// The names of the settings, declared once for the client and the server (as protocol.ts declares
// the requests), and how a value set under the first names (`aar.*`) still counts. No imports: the
// client bundles this file.
//
// VS Code's Settings editor makes a setting's displayed name from its key: the part before the
// last dot becomes the category, dropped inside the extension's own group when it is the
// extension's id (`after-action-reports`, hyphens and case aside). So `afterActionReports.maxFileSize`
// reads "Max File Size" under "After Action Reports", and "After Action Reports: Max File Size" in a
// search; `aar.maxFileSize` read "Aar: Max File Size" everywhere.

/** The settings section: `afterActionReports.me`, `afterActionReports.rules`, … */
export const SETTINGS_SECTION = 'afterActionReports';

/** The first name of the section: still registered (deprecated, hidden unless set) and still read. */
export const LEGACY_SETTINGS_SECTION = 'aar';

/** Every setting, relative to the section. `today` is hidden (not in package.json): tests and demos pin the date with it. */
export const SETTING_KEYS = ['rules', 'roster', 'reportGlobs', 'sectionSynonyms', 'maxFileSize', 'maxProblemsPerFile', 'me', 'today', 'trace.server'] as const;

export type SettingKey = (typeof SETTING_KEYS)[number];

/** One setting's values in each settings file, as VS Code's `WorkspaceConfiguration.inspect` gives them. */
export interface SettingLayers {
  defaultValue?: unknown;
  globalValue?: unknown;
  workspaceValue?: unknown;
  workspaceFolderValue?: unknown;
}

const isPlainObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);

/** `over` written over `under` as VS Code merges settings files: objects key by key, anything else replaced. */
function overlay(under: unknown, over: unknown): unknown {
  if (over === undefined) return under;
  if (!isPlainObject(under) || !isPlainObject(over)) return over;
  const merged: Record<string, unknown> = { ...under };
  for (const [key, value] of Object.entries(over)) merged[key] = overlay(merged[key], value);
  return merged;
}

/**
 * A setting's value when it may be written under its old name as well: as though each settings
 * file held the old key under the new name, the new key winning within one file. So a more
 * specific file wins as before (a folder's over the workspace's over the user's), whichever name
 * it uses, and a user who sets the new key where the old one was set gets the new one.
 */
export function effectiveSetting(current: SettingLayers | undefined, legacy: SettingLayers | undefined): unknown {
  let value = current?.defaultValue;
  for (const layer of ['globalValue', 'workspaceValue', 'workspaceFolderValue'] as const) {
    value = overlay(value, legacy?.[layer]);
    value = overlay(value, current?.[layer]);
  }
  return value;
}

/**
 * The settings an editor answered for the new section, with what it answered for the old one
 * where the new one has nothing. For editors that answer from a settings object (Neovim's
 * `settings = { aar = {…} }`): VS Code's client answers the new section already merged (see
 * effectiveSetting), with every key present.
 */
export function withLegacySettings(current: unknown, legacy: unknown): unknown {
  if (!isPlainObject(legacy)) return current;
  if (!isPlainObject(current)) return legacy;
  const merged: Record<string, unknown> = { ...legacy };
  for (const [key, value] of Object.entries(current)) if (value !== undefined && value !== null) merged[key] = value;
  return merged;
}
