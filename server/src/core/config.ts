// Team configuration: `.aar.yml` in the workspace, overridden by editor settings. Pure: hosts
// read the files and hand their text to `parseTeamConfig`.
import { parseDocument } from 'yaml';
import type { Person, SectionKind, SeveritySetting } from './types';

export interface AarConfig {
  /** Globs (workspace-relative, `/`-separated) whose Markdown files are reports even without front matter. */
  reportGlobs: string[];
  /** Extra headings per section, added to the defaults. */
  sectionSynonyms: Partial<Record<SectionKind, string[]>>;
  /** Severity per rule id, `off` to switch a rule off. */
  severities: Record<string, SeveritySetting>;
  /** The team: who may own actions. */
  roster: Person[];
  /** Allowed values of `trigger`. */
  triggers: string[];
  /** Folder (workspace-relative) for new reviews. */
  reviewsFolder: string;
  /** Template for new reviews (workspace-relative path), when the team has one. */
  template?: string;
  /** Files larger than this (bytes) are not analysed; they get one diagnostic saying so. */
  maxFileSize: number;
}

export const DEFAULT_REPORT_GLOBS = [
  '**/after-action-reports/**/*.md',
  '**/after-action-reviews/**/*.md',
  '**/aar/**/*.md',
  '**/reviews/**/*.md',
  '**/postmortems/**/*.md',
  '**/post-mortems/**/*.md',
  '**/retrospectives/**/*.md',
  '**/retros/**/*.md',
  '**/*.aar.md',
];

export const DEFAULT_TRIGGERS = ['release', 'milestone', 'incident', 'learning'];

export function defaultConfig(): AarConfig {
  return {
    reportGlobs: [...DEFAULT_REPORT_GLOBS],
    sectionSynonyms: {},
    severities: {},
    roster: [],
    triggers: [...DEFAULT_TRIGGERS],
    reviewsFolder: 'after-action-reports',
    maxFileSize: 2 * 1024 * 1024,
  };
}

/** What a `.aar.yml` or a settings object may hold; every part optional. */
export interface ConfigLayer {
  reportGlobs?: string[];
  sectionSynonyms?: Partial<Record<SectionKind, string[]>>;
  severities?: Record<string, SeveritySetting>;
  roster?: Person[];
  triggers?: string[];
  reviewsFolder?: string;
  template?: string;
  maxFileSize?: number;
}

/**
 * Later layers win for scalars; rosters and synonyms are merged (a person listed twice keeps
 * the first entry's details, filled in from later ones).
 */
export function mergeConfig(base: AarConfig, ...layers: (ConfigLayer | undefined)[]): AarConfig {
  const out: AarConfig = {
    ...base,
    reportGlobs: [...base.reportGlobs],
    sectionSynonyms: { ...base.sectionSynonyms },
    severities: { ...base.severities },
    roster: [...base.roster],
    triggers: [...base.triggers],
  };
  for (const layer of layers) {
    if (!layer) continue;
    if (layer.reportGlobs) out.reportGlobs = [...layer.reportGlobs];
    if (layer.sectionSynonyms) {
      for (const [kind, words] of Object.entries(layer.sectionSynonyms) as [SectionKind, string[]][]) {
        out.sectionSynonyms[kind] = [...(out.sectionSynonyms[kind] ?? []), ...words];
      }
    }
    if (layer.severities) Object.assign(out.severities, layer.severities);
    if (layer.roster) out.roster = mergeRosters(out.roster, layer.roster);
    if (layer.triggers) out.triggers = [...layer.triggers];
    if (layer.reviewsFolder) out.reviewsFolder = layer.reviewsFolder;
    if (layer.template) out.template = layer.template;
    if (layer.maxFileSize) out.maxFileSize = layer.maxFileSize;
  }
  return out;
}

export function personKey(p: Person): string {
  return (p.handle ?? p.name ?? p.email ?? '').toLowerCase();
}

/** Is `owner` (as written: `@sam`, `Sam Lee`, `sam@example.com`) this person? */
export function personMatches(p: Person, owner: string): boolean {
  const o = owner.trim().replace(/^@/, '').toLowerCase();
  if (!o) return false;
  return [p.handle, p.name, p.email, p.email?.split('@')[0]]
    .filter((v): v is string => !!v)
    .some((v) => v.replace(/^@/, '').toLowerCase() === o);
}

export function mergeRosters(first: Person[], second: Person[]): Person[] {
  const out = first.map((p) => ({ ...p }));
  for (const p of second) {
    const same = out.find(
      (q) =>
        (p.handle && personMatches(q, p.handle)) || (p.name && personMatches(q, p.name)) || (p.email && personMatches(q, p.email)),
    );
    if (same) {
      same.handle ??= p.handle;
      same.name ??= p.name;
      same.email ??= p.email;
      same.deliveryOwner ||= p.deliveryOwner;
    } else {
      out.push({ ...p });
    }
  }
  return out;
}

/**
 * Reads one roster entry as people write it: `@sam`, `Sam Lee`, `Sam Lee <sam@example.com>`,
 * `Sam Lee (@sam)`, or a mapping `{handle, name, email}`.
 */
export function parsePerson(entry: unknown, source: Person['source']): Person | undefined {
  if (typeof entry === 'string') {
    const s = entry.trim();
    if (!s) return undefined;
    const p: Person = { source };
    const email = /<?([^\s<>@]+@[^\s<>]+\.[^\s<>]+)>?/.exec(s);
    if (email) p.email = email[1];
    const handle = /(?:^|[\s(])@([A-Za-z0-9][\w.-]*)/.exec(s);
    if (handle) p.handle = handle[1].replace(/[.]+$/, '');
    const name = s
      .replace(/<[^>]*>/g, '')
      .replace(/\(\s*@[^)]*\)/g, '')
      .replace(/(?:^|\s)@[\w.-]+/g, '')
      .replace(email ? email[1] : '\u0000', '')
      .trim();
    if (name) p.name = name;
    return p.handle || p.name || p.email ? p : undefined;
  }
  if (entry && typeof entry === 'object' && !Array.isArray(entry)) {
    const o = entry as Record<string, unknown>;
    const str = (v: unknown) => (typeof v === 'string' && v.trim() ? v.trim() : undefined);
    const p: Person = { source };
    p.handle = str(o.handle)?.replace(/^@/, '') ?? str(o.github)?.replace(/^@/, '');
    p.name = str(o.name);
    p.email = str(o.email);
    return p.handle || p.name || p.email ? p : undefined;
  }
  return undefined;
}

export function parsePeople(value: unknown, source: Person['source']): Person[] {
  if (typeof value === 'string') {
    return value
      .split(/[,;]/)
      .map((s) => parsePerson(s, source))
      .filter((p): p is Person => !!p);
  }
  if (Array.isArray(value)) return value.map((v) => parsePerson(v, source)).filter((p): p is Person => !!p);
  return [];
}

export interface TeamConfigResult {
  layer: ConfigLayer;
  /** Problems with line numbers (0-based) so a host can point at them. */
  errors: { message: string; line: number }[];
  /** Everything else in the file (triggers' tag patterns, the communication plan): kept for later features. */
  raw: Record<string, unknown>;
}

const SEVERITY_WORDS = new Set(['error', 'warning', 'info', 'hint', 'off']);

/** Parses the text of a workspace `.aar.yml`. Bad parts are reported and skipped; the rest applies. */
export function parseTeamConfig(text: string): TeamConfigResult {
  const errors: TeamConfigResult['errors'] = [];
  const lineOf = (offset: number) => text.slice(0, offset).split('\n').length - 1;
  const doc = parseDocument(text, { prettyErrors: false });
  for (const e of doc.errors) errors.push({ message: e.message.split('\n')[0], line: lineOf(e.pos[0]) });
  let raw: unknown;
  try {
    raw = doc.errors.length ? {} : doc.toJS({ maxAliasCount: 100 });
  } catch (e) {
    errors.push({ message: (e as Error).message, line: 0 });
    raw = {};
  }
  const data: Record<string, unknown> = raw && typeof raw === 'object' && !Array.isArray(raw) ? (raw as Record<string, unknown>) : {};
  const layer: ConfigLayer = {};
  const team = data.team ?? data.roster ?? data.members;
  if (team !== undefined) layer.roster = parsePeople(team, 'workspace');
  const synonyms = data.sections ?? data.section_synonyms ?? data.sectionSynonyms;
  if (synonyms && typeof synonyms === 'object') {
    layer.sectionSynonyms = {};
    for (const [k, v] of Object.entries(synonyms as Record<string, unknown>)) {
      if (!['summary', 'outcomes', 'improvements', 'actions'].includes(k)) {
        errors.push({ message: `Unknown section "${k}" in sections: use summary, outcomes, improvements or actions.`, line: 0 });
        continue;
      }
      const words = Array.isArray(v) ? v.filter((w): w is string => typeof w === 'string') : typeof v === 'string' ? [v] : [];
      layer.sectionSynonyms[k as SectionKind] = words;
    }
  }
  const rules = data.rules ?? data.severities;
  if (rules && typeof rules === 'object') {
    layer.severities = {};
    for (const [k, v] of Object.entries(rules as Record<string, unknown>)) {
      const word = v === false ? 'off' : String(v).toLowerCase();
      if (SEVERITY_WORDS.has(word)) layer.severities[k] = word as SeveritySetting;
      else errors.push({ message: `Rule "${k}": severity must be error, warning, info, hint or off.`, line: 0 });
    }
  }
  const reviews = data.reviews as Record<string, unknown> | undefined;
  const folder = reviews?.folder ?? data.folder ?? data.reviews_folder;
  if (typeof folder === 'string') layer.reviewsFolder = folder;
  const template = reviews?.template ?? data.template;
  if (typeof template === 'string') layer.template = template;
  const globs = data.reports ?? data.report_globs ?? data.reportGlobs;
  if (Array.isArray(globs)) layer.reportGlobs = globs.filter((g): g is string => typeof g === 'string');
  const triggers = data.triggers;
  if (Array.isArray(triggers)) {
    const names = triggers
      .map((t) => (typeof t === 'string' ? t : t && typeof t === 'object' ? (t as Record<string, unknown>).name : undefined))
      .filter((t): t is string => typeof t === 'string');
    if (names.length) layer.triggers = names;
  }
  return { layer, errors, raw: data };
}
