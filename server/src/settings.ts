// The `afterActionReports` settings as the client sends them (with what is still set under the old
// `aar` names, see settingNames.ts), read into one typed interface and mapped to a config layer
// that goes over the workspace's `.aar.yml`.
import { DEFAULT_REPORT_GLOBS, parsePeople, SECTION_KINDS, type ConfigLayer, type SectionKind, type SeveritySetting } from './core';
import { sameElements } from './core/memo';

export type RosterSetting = string | { handle?: string; name?: string; email?: string };

export interface AarSettings {
  /** Severity per rule id, `off` to switch a rule off. */
  rules: Record<string, SeveritySetting>;
  roster: RosterSetting[];
  reportGlobs?: string[];
  sectionSynonyms?: Partial<Record<SectionKind, string[]>>;
  maxFileSize?: number;
  /** Problems published per document at most (0: all); VS Code shows 1,000. */
  maxProblemsPerFile?: number;
  /** The user's own handle. */
  me?: string;
  /** Today as ISO `YYYY-MM-DD`: for tests only, so that overdue checks do not depend on the clock. Not in package.json. */
  today?: string;
}

export function defaultSettings(): AarSettings {
  return { rules: {}, roster: [] };
}

const SEVERITIES = new Set(['error', 'warning', 'info', 'hint', 'off']);
const isObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);
const strings = (v: unknown): string[] | undefined => (Array.isArray(v) ? v.filter((s): s is string => typeof s === 'string') : undefined);

/** Reads whatever the client answered (possibly `null` or a partial object) without trusting its shape. */
export function readSettings(raw: unknown): AarSettings {
  const out = defaultSettings();
  if (!isObject(raw)) return out;
  if (isObject(raw.rules)) {
    for (const [id, value] of Object.entries(raw.rules)) {
      const word = typeof value === 'string' ? value.toLowerCase() : '';
      if (SEVERITIES.has(word)) out.rules[id] = word as SeveritySetting;
    }
  }
  if (Array.isArray(raw.roster)) {
    out.roster = raw.roster.filter((p): p is RosterSetting => typeof p === 'string' || isObject(p));
  }
  const globs = strings(raw.reportGlobs);
  if (globs) out.reportGlobs = globs;
  if (isObject(raw.sectionSynonyms)) {
    const synonyms: Partial<Record<SectionKind, string[]>> = {};
    for (const kind of SECTION_KINDS) {
      const words = strings(raw.sectionSynonyms[kind]);
      if (words?.length) synonyms[kind] = words;
    }
    out.sectionSynonyms = synonyms;
  }
  if (typeof raw.maxFileSize === 'number' && raw.maxFileSize > 0) out.maxFileSize = raw.maxFileSize;
  if (typeof raw.maxProblemsPerFile === 'number' && raw.maxProblemsPerFile >= 0) out.maxProblemsPerFile = Math.floor(raw.maxProblemsPerFile);
  if (typeof raw.me === 'string' && raw.me.trim()) out.me = raw.me.trim().replace(/^@/, '');
  if (typeof raw.today === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(raw.today)) out.today = raw.today;
  return out;
}

/** The settings as a config layer. */
export function settingsLayer(settings: AarSettings): ConfigLayer {
  const layer: ConfigLayer = {};
  if (Object.keys(settings.rules).length) layer.severities = { ...settings.rules };
  if (settings.roster.length) layer.roster = parsePeople(settings.roster, 'settings');
  // VS Code always sends the declared default; only a list the user changed should override the
  // team's `reports:` in `.aar.yml`.
  if (settings.reportGlobs && !sameElements(settings.reportGlobs, DEFAULT_REPORT_GLOBS)) layer.reportGlobs = [...settings.reportGlobs];
  if (settings.sectionSynonyms && Object.keys(settings.sectionSynonyms).length) layer.sectionSynonyms = settings.sectionSynonyms;
  if (settings.maxFileSize) layer.maxFileSize = settings.maxFileSize;
  return layer;
}
