// Team configuration: `.aar.yml` in the workspace, overridden by editor settings. Pure: hosts
// read the files and hand their text to `parseTeamConfig`.
import { isMap, isScalar, isSeq, parseDocument, type Document } from 'yaml';
import { ownerKey } from './ownerKey';
import { tagPatternProblem } from './triggers';
import { SECTION_KINDS, type Person, type SectionKind, type SeveritySetting } from './types';
import { splitOn, WHITESPACE_RUNS } from './text';

/** A git tag pattern: every tag it matches is a release that requires a review. */
export interface TagTrigger {
  /** Glob on the tag's name, as `git tag -l` reads it: `*` (any run, `/` included), `?`, `[abc]`, `[!a-z]`, `{a,b}`. */
  tag: string;
  /** The `trigger` a review of such a tag carries (e.g. `Release`); `release` when not given. */
  name?: string;
}

/** One audience of the communication plan: who hears about a report, where, and what they are expected to do. */
export interface Audience {
  name: string;
  channel?: string;
  expects?: string;
  when?: string;
}

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
  /** Git tags that require a review; `[]` when the team switched tag triggers off. */
  tagTriggers: TagTrigger[];
  /** Who hears about a report once it is published (the communication plan); empty when the team has none. */
  communication: Audience[];
  /** The team's accountable Delivery Owner as written (`@sam`), written into new reviews. */
  deliveryOwner?: string;
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

/** Without `triggers:` in `.aar.yml`, every tag such as `v2.4.0` requires a review. */
export const DEFAULT_TAG_TRIGGERS: readonly TagTrigger[] = [{ tag: 'v*' }];

export const DEFAULT_MAX_FILE_SIZE = 2 * 1024 * 1024;

export function defaultConfig(): AarConfig {
  return {
    reportGlobs: [...DEFAULT_REPORT_GLOBS],
    sectionSynonyms: {},
    severities: {},
    roster: [],
    triggers: [...DEFAULT_TRIGGERS],
    tagTriggers: DEFAULT_TAG_TRIGGERS.map((t) => ({ ...t })),
    communication: [],
    reviewsFolder: 'after-action-reports',
    maxFileSize: DEFAULT_MAX_FILE_SIZE,
  };
}

/** What a `.aar.yml` or a settings object may hold; every part optional. */
export interface ConfigLayer {
  reportGlobs?: string[];
  sectionSynonyms?: Partial<Record<SectionKind, string[]>>;
  severities?: Record<string, SeveritySetting>;
  roster?: Person[];
  triggers?: string[];
  /** Replaces the tag triggers; `[]` switches them off. */
  tagTriggers?: TagTrigger[];
  /** Replaces the communication plan. */
  communication?: Audience[];
  deliveryOwner?: string;
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
    tagTriggers: base.tagTriggers.map((t) => ({ ...t })),
    communication: base.communication.map((a) => ({ ...a })),
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
    if (layer.tagTriggers) out.tagTriggers = layer.tagTriggers.map((t) => ({ ...t }));
    if (layer.communication) out.communication = layer.communication.map((a) => ({ ...a }));
    if (layer.deliveryOwner) out.deliveryOwner = layer.deliveryOwner;
    if (layer.reviewsFolder) out.reviewsFolder = layer.reviewsFolder;
    if (layer.template) out.template = layer.template;
    if (layer.maxFileSize) out.maxFileSize = layer.maxFileSize;
  }
  return out;
}

export { ownerKey };

export function personKey(p: Person): string {
  return (p.handle ?? p.name ?? p.email ?? '').toLowerCase();
}

/** Is `owner` (as written: `@sam`, `Sam Lee`, `sam@example.com`) this person? */
export function personMatches(p: Person, owner: string): boolean {
  const o = ownerKey(owner);
  if (!o) return false;
  return [p.handle, p.name, p.email, p.email?.split('@')[0]]
    .filter((v): v is string => !!v)
    .some((v) => v.replace(/^@/, '').toLowerCase() === o);
}

/** A name as people are matched by it: lower case, accents aside (`Tomás` is `tomas`). */
export function foldName(name: string): string {
  // An ASCII name (most) has no accents to take off: decomposing it costs microseconds a name in
  // a document with a character past Latin-1, and a pasted list folds hundreds.
  for (let i = 0; i < name.length; i++) if (name.charCodeAt(i) > 127) return name.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
  return name.toLowerCase();
}

/**
 * The roster's first names that stand for one person (`joe` for Joe Whitlock, when the roster has
 * one Joe), folded: an owner written by first name is that person.
 */
export function uniqueFirstNames(roster: Person[]): Map<string, Person> {
  const byFirst = new Map<string, Person | null>();
  for (const p of roster) {
    const words = p.name ? splitOn(p.name.trim(), WHITESPACE_RUNS) : undefined;
    if (!words || words.length < 2) continue;
    const first = foldName(words[0]);
    byFirst.set(first, byFirst.has(first) ? null : p);
  }
  const out = new Map<string, Person>();
  for (const [first, p] of byFirst) if (p) out.set(first, p);
  return out;
}

export function mergeRosters(first: Person[], second: Person[]): Person[] {
  const out = first.map((p) => ({ ...p }));
  // Each person by every name they match (as `personMatches` compares them), so that merging
  // rosters costs their lengths, not their product: a workspace roster meets every report's.
  const byName = new Map<string, number[]>();
  const index = (k: number) => {
    const q = out[k];
    for (const v of [q.handle, q.name, q.email, q.email?.split('@')[0]]) {
      if (!v) continue;
      const key = v.replace(/^@/, '').toLowerCase();
      const at = byName.get(key);
      if (!at) byName.set(key, [k]);
      else if (!at.includes(k)) at.push(k);
    }
  };
  out.forEach((_, k) => index(k));
  for (const p of second) {
    let match = -1;
    for (const written of [p.handle, p.name, p.email]) {
      const key = written && ownerKey(written);
      if (!key) continue;
      for (const k of byName.get(key) ?? []) if (match < 0 || k < match) match = k;
    }
    if (match >= 0) {
      const same = out[match];
      same.handle ??= p.handle;
      same.name ??= p.name;
      same.email ??= p.email;
      same.deliveryOwner ||= p.deliveryOwner;
      index(match);
    } else {
      out.push({ ...p });
      index(out.length - 1);
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

const PEOPLE_SEPARATORS = /[,;]/g;

export function parsePeople(value: unknown, source: Person['source']): Person[] {
  if (typeof value === 'string') {
    return splitOn(value, PEOPLE_SEPARATORS)
      .map((s) => parsePerson(s, source))
      .filter((p): p is Person => !!p);
  }
  if (Array.isArray(value)) return value.map((v) => parsePerson(v, source)).filter((p): p is Person => !!p);
  return [];
}

/**
 * Every key `.aar.yml` understands, aliases included, by where it stands. The reader takes keys
 * only from these lists and reports any other; schemas/aar.schema.json lists exactly these (a unit
 * test checks), so that the schema editors validate with and the reader cannot drift apart.
 */
export const CONFIG_KEYS = {
  top: [
    'team',
    'roster',
    'members',
    'sections',
    'section_synonyms',
    'sectionSynonyms',
    'rules',
    'severities',
    'reports',
    'report_globs',
    'reportGlobs',
    'reviews',
    'folder',
    'reviews_folder',
    'template',
    'triggers',
    'communication',
    'delivery_owner',
    'deliveryOwner',
    'maxFileSize',
    'max_file_size',
  ],
  reviews: ['folder', 'template'],
  person: ['handle', 'github', 'name', 'email'],
  trigger: ['tag', 'tags', 'name'],
  audience: ['audience', 'name', 'channel', 'expects', 'expect', 'when'],
  sections: SECTION_KINDS,
} as const;

type TopKey = (typeof CONFIG_KEYS.top)[number];

/** The keys an unknown-key message suggests: one name per setting. */
const MAIN_KEYS = ['team', 'sections', 'rules', 'reports', 'reviews', 'triggers', 'communication', 'delivery_owner', 'maxFileSize'];

export interface TeamConfigResult {
  layer: ConfigLayer;
  /** Problems with line numbers (0-based) so a host can point at them. */
  errors: { message: string; line: number }[];
  /** The file's whole content as data, for hosts that show it. */
  raw: Record<string, unknown>;
}

export interface TeamConfigOptions {
  /** The engine's rule ids (`rules.map((r) => r.id)`): a `rules:` entry naming any other is reported. */
  ruleIds?: readonly string[];
}

const SEVERITY_WORDS = new Set(['error', 'warning', 'info', 'hint', 'off']);

const isObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);

/** A scalar as text (YAML reads `when: 5` as a number); undefined for anything else or blank. */
function scalarText(v: unknown): string | undefined {
  if (typeof v === 'string') return v.trim() || undefined;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return undefined;
}

type Path = readonly (string | number)[];

/** Offset of the key (or list item) at `path` in the YAML, or of the nearest parent found. */
function offsetOf(doc: Document, path: Path): number {
  let node: unknown = doc.contents;
  let offset = 0;
  for (const segment of path) {
    if (isMap(node)) {
      const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(segment));
      if (!pair) break;
      offset = (isScalar(pair.key) ? pair.key.range?.[0] : undefined) ?? offset;
      node = pair.value;
    } else if (isSeq(node) && typeof segment === 'number') {
      const item = node.items[segment] as { range?: [number, number, number] } | undefined;
      if (!item) break;
      offset = item.range?.[0] ?? offset;
      node = item;
    } else {
      break;
    }
  }
  return offset;
}

/** Parses the text of a workspace `.aar.yml`. Bad parts are reported and skipped; the rest applies. */
export function parseTeamConfig(text: string, options: TeamConfigOptions = {}): TeamConfigResult {
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
  if (raw !== null && raw !== undefined && !isObject(raw)) {
    errors.push({ message: 'The file must be a mapping of settings (team:, rules:, triggers:, …).', line: 0 });
  }
  const data: Record<string, unknown> = isObject(raw) ? raw : {};
  const problem = (path: Path, message: string) => errors.push({ message, line: lineOf(offsetOf(doc, path)) });
  const unknownKeys = (path: Path, value: Record<string, unknown>, known: readonly string[], what: string) => {
    for (const key of Object.keys(value)) {
      if (!known.includes(key)) problem([...path, key], `Unknown key "${key}" in ${what}: use ${known.join(', ')}.`);
    }
  };

  for (const key of Object.keys(data)) {
    if (!(CONFIG_KEYS.top as readonly string[]).includes(key)) problem([key], `Unknown key "${key}": .aar.yml understands ${MAIN_KEYS.join(', ')}.`);
  }
  /** The first of `keys` that is given (an empty value counts as not given); another one given as well is reported. */
  const pick = (...keys: TopKey[]): { key: TopKey; value: unknown } | undefined => {
    const given = keys.filter((k) => data[k] !== undefined && data[k] !== null);
    for (const extra of given.slice(1)) problem([extra], `"${extra}" says the same as "${given[0]}"; "${given[0]}" applies.`);
    return given.length ? { key: given[0], value: data[given[0]] } : undefined;
  };

  const layer: ConfigLayer = {};

  const team = pick('team', 'roster', 'members');
  if (team) {
    if (typeof team.value === 'string') {
      layer.roster = parsePeople(team.value, 'workspace');
    } else if (Array.isArray(team.value)) {
      layer.roster = [];
      team.value.forEach((entry, i) => {
        if (isObject(entry)) unknownKeys([team.key, i], entry, CONFIG_KEYS.person, `a ${team.key} entry`);
        const person = parsePerson(entry, 'workspace');
        if (person) layer.roster!.push(person);
        else problem([team.key, i], `Entry ${i + 1} of ${team.key}: write a handle (@sam), a name, an email, or { handle, name, email }.`);
      });
    } else {
      problem([team.key], `${team.key}: must be a list of people, e.g. ["@sam", "Kim Park <kim@example.com>"].`);
    }
  }

  const synonyms = pick('sections', 'section_synonyms', 'sectionSynonyms');
  if (synonyms) {
    if (!isObject(synonyms.value)) {
      problem([synonyms.key], `${synonyms.key}: must map a section (summary, outcomes, improvements, actions) to its extra headings.`);
    } else {
      layer.sectionSynonyms = {};
      for (const [k, v] of Object.entries(synonyms.value)) {
        if (!(SECTION_KINDS as readonly string[]).includes(k)) {
          problem([synonyms.key, k], `Unknown section "${k}" in ${synonyms.key}: use summary, outcomes, improvements or actions.`);
          continue;
        }
        const list = typeof v === 'string' ? [v] : Array.isArray(v) ? v : undefined;
        if (!list || list.some((w) => typeof w !== 'string')) {
          problem([synonyms.key, k], `Section "${k}": its extra headings must be text, e.g. [Commitments, Next steps].`);
        }
        layer.sectionSynonyms[k as SectionKind] = (list ?? []).filter((w): w is string => typeof w === 'string');
      }
    }
  }

  const rules = pick('rules', 'severities');
  if (rules) {
    if (!isObject(rules.value)) {
      problem([rules.key], `${rules.key}: must map rule ids to a severity, e.g. { vague-action: off }.`);
    } else {
      layer.severities = {};
      for (const [k, v] of Object.entries(rules.value)) {
        const word = v === false ? 'off' : String(v).toLowerCase();
        if (options.ruleIds && !options.ruleIds.includes(k)) {
          problem([rules.key, k], `Unknown rule "${k}": the rules are ${options.ruleIds.join(', ')}.`);
        } else if (SEVERITY_WORDS.has(word)) {
          layer.severities[k] = word as SeveritySetting;
        } else {
          problem([rules.key, k], `Rule "${k}": severity must be error, warning, info, hint or off.`);
        }
      }
    }
  }

  const globs = pick('reports', 'report_globs', 'reportGlobs');
  if (globs) {
    const list = typeof globs.value === 'string' ? [globs.value] : Array.isArray(globs.value) ? globs.value : undefined;
    if (!list || list.some((g) => typeof g !== 'string' || !g.trim())) {
      problem([globs.key], `${globs.key}: must be a list of globs, e.g. ["docs/reviews/**/*.md"].`);
    }
    if (list) layer.reportGlobs = list.filter((g): g is string => typeof g === 'string' && !!g.trim());
  }

  const reviews = pick('reviews');
  const reviewSettings: Record<string, unknown> = {};
  if (reviews) {
    if (isObject(reviews.value)) {
      unknownKeys(['reviews'], reviews.value, CONFIG_KEYS.reviews, 'reviews');
      Object.assign(reviewSettings, reviews.value);
    } else {
      problem(['reviews'], 'reviews: must be a mapping, e.g. { folder: after-action-reports, template: docs/aar-template.md }.');
    }
  }
  const folder = reviewSettings.folder !== undefined ? { key: 'folder', path: ['reviews', 'folder'], value: reviewSettings.folder } : withPath(pick('folder', 'reviews_folder'));
  if (folder && folder.value !== null) {
    if (typeof folder.value === 'string' && folder.value.trim()) layer.reviewsFolder = folder.value.trim();
    else problem(folder.path, `${folder.key}: must be a folder, relative to the workspace, e.g. after-action-reports.`);
  }
  const template = reviewSettings.template !== undefined ? { key: 'template', path: ['reviews', 'template'], value: reviewSettings.template } : withPath(pick('template'));
  if (template && template.value !== null) {
    if (typeof template.value === 'string' && template.value.trim()) layer.template = template.value.trim();
    else problem(template.path, `${template.key}: must be a Markdown file, relative to the workspace, e.g. docs/aar-template.md.`);
  }

  const triggers = pick('triggers');
  if (triggers) readTriggers(triggers.value, layer, problem, unknownKeys);

  const communication = pick('communication');
  if (communication) readCommunication(communication.value, layer, problem, unknownKeys);

  const deliveryOwner = pick('delivery_owner', 'deliveryOwner');
  if (deliveryOwner) {
    if (typeof deliveryOwner.value === 'string' && deliveryOwner.value.trim()) layer.deliveryOwner = deliveryOwner.value.trim();
    else problem([deliveryOwner.key], `${deliveryOwner.key}: write one person, e.g. "@sam" (quoted: YAML does not allow a bare @).`);
  }

  const maxFileSize = pick('maxFileSize', 'max_file_size');
  if (maxFileSize) {
    const size = maxFileSize.value;
    if (typeof size === 'number' && Number.isFinite(size) && size >= 1) layer.maxFileSize = Math.floor(size);
    else problem([maxFileSize.key], `${maxFileSize.key}: must be a number of bytes, e.g. 2097152 for 2 MB.`);
  }

  errors.sort((a, b) => a.line - b.line);
  return { layer, errors, raw: data };
}

function withPath(picked: { key: TopKey; value: unknown } | undefined): { key: string; path: Path; value: unknown } | undefined {
  return picked && { key: picked.key, path: [picked.key], value: picked.value };
}

type Problem = (path: Path, message: string) => void;
type UnknownKeys = (path: Path, value: Record<string, unknown>, known: readonly string[], what: string) => void;

/**
 * `triggers:` lists the team's trigger words (`release`, `incident`: the values `trigger` may take)
 * and its tag triggers (`{ tag: "v*", name: Release }`: every matching git tag requires a review).
 * A list with no tag trigger keeps the default `v*`; `[]` switches tag triggers off. Words, when
 * listed, replace the default words; a tag trigger's name is always an allowed word.
 */
function readTriggers(value: unknown, layer: ConfigLayer, problem: Problem, unknownKeys: UnknownKeys): void {
  if (!Array.isArray(value)) {
    problem(['triggers'], 'triggers: must be a list of trigger words (release, incident) and tag triggers ({ tag: "v*", name: Release }).');
    return;
  }
  // Every word in the file's order; `plainWords` says whether any is more than a tag trigger's name.
  const words: string[] = [];
  let plainWords = false;
  const tagTriggers: TagTrigger[] = [];
  let statesTags = value.length === 0;
  value.forEach((entry, i) => {
    if (typeof entry === 'string' && entry.trim()) {
      words.push(entry.trim());
      plainWords = true;
      return;
    }
    if (!isObject(entry)) {
      problem(['triggers', i], `Trigger ${i + 1}: write a word such as release, or a tag trigger such as { tag: "v*", name: Release }.`);
      return;
    }
    unknownKeys(['triggers', i], entry, CONFIG_KEYS.trigger, 'a trigger');
    const name = entry.name === undefined || entry.name === null ? undefined : scalarText(entry.name);
    if (entry.name !== undefined && entry.name !== null && name === undefined) problem(['triggers', i, 'name'], `Trigger ${i + 1}: its name must be a word, e.g. Release.`);
    const patternKey = entry.tag !== undefined ? 'tag' : entry.tags !== undefined ? 'tags' : undefined;
    if (entry.tag !== undefined && entry.tags !== undefined) problem(['triggers', i, 'tags'], `Trigger ${i + 1}: give tag or tags, not both; tag applies.`);
    if (!patternKey) {
      if (name) {
        words.push(name);
        plainWords = true;
      } else problem(['triggers', i], `Trigger ${i + 1}: give a tag pattern (tag: "v*") or a name.`);
      return;
    }
    statesTags = true;
    const raw = entry[patternKey];
    const patterns = typeof raw === 'string' ? [raw] : Array.isArray(raw) ? raw : [raw];
    for (const pattern of patterns) {
      const why = typeof pattern === 'string' ? tagPatternProblem(pattern) : 'write a glob such as "v*"';
      if (why) {
        problem(['triggers', i, patternKey], `Trigger ${i + 1}: tag pattern ${JSON.stringify(pattern)}: ${why}.`);
        continue;
      }
      tagTriggers.push({ tag: pattern as string, ...(name ? { name } : {}) });
    }
    if (name) words.push(name);
  });
  if (statesTags) layer.tagTriggers = tagTriggers;
  const allowed: string[] = [];
  for (const word of plainWords ? words : [...DEFAULT_TRIGGERS, ...words]) {
    if (!allowed.some((w) => w.toLowerCase() === word.toLowerCase())) allowed.push(word);
  }
  if (words.length) layer.triggers = allowed;
}

/** `communication:` lists audiences: `{ audience, channel, expects, when }` (also `expect`, and `name` for `audience`). */
function readCommunication(value: unknown, layer: ConfigLayer, problem: Problem, unknownKeys: UnknownKeys): void {
  if (!Array.isArray(value)) {
    problem(['communication'], 'communication: must be a list of audiences, e.g. - { audience: Leadership, channel: "#leads", expects: Approve, when: within 5 working days }.');
    return;
  }
  layer.communication = [];
  value.forEach((entry, i) => {
    if (!isObject(entry)) {
      problem(['communication', i], `Audience ${i + 1}: write a mapping { audience, channel, expects, when }.`);
      return;
    }
    unknownKeys(['communication', i], entry, CONFIG_KEYS.audience, 'an audience');
    const field = (...keys: (typeof CONFIG_KEYS.audience)[number][]): string | undefined => {
      const key = keys.find((k) => entry[k] !== undefined && entry[k] !== null);
      if (!key) return undefined;
      const text = scalarText(entry[key]);
      if (text === undefined) problem(['communication', i, key], `Audience ${i + 1}: ${key} must be text.`);
      return text;
    };
    const name = field('audience', 'name');
    const channel = field('channel');
    const expects = field('expects', 'expect');
    const when = field('when');
    if (!name) {
      problem(['communication', i], `Audience ${i + 1}: name it with audience:, e.g. audience: Leadership.`);
      return;
    }
    layer.communication!.push({ name, ...(channel ? { channel } : {}), ...(expects ? { expects } : {}), ...(when ? { when } : {}) });
  });
}
