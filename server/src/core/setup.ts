// Adopting a repository's existing reports in one step (`aar init`, and the editor's "Set Up This
// Repository"): from the repository's Markdown, its git tags and its `.aar.yml` (if any) to a
// proposed `.aar.yml` that finds exactly the reports already there, reads the team's own section
// headings, knows the team, and says what it changes. Pure: the host walks the files and reads
// the tags; nothing here touches a disk.
//
// How each part is decided, and why it errs on the side of proposing less:
// - Reports. Front matter (`type: postmortem`) and `.aar.md` names decide as detection does. Any
//   other file is read as a report would be (forced, with today's configuration) and taken when its
//   headings have a report's signature: two of the four sections, one of them outcomes or
//   improvements (a design document has a summary and next steps too); or two sections plus one
//   other sign; or one section plus two other signs: a report's title (`Postmortem`, `Retro`, in a
//   heading, the title or the file name), a date or version it is about (`2026-03-14-…`,
//   `release-1.10.md`, dated headings), a report folder (`postmortems/`, `incidents/`), actions with
//   owners, and people named as a report names them (Delivery Owner, team, attendees). The opening
//   paragraph that the engine reads as a summary counts for nothing here: any document has one.
//   README, index and template files are never reports, as detection already has it.
// - `reports:` globs. A folder glob (`docs/postmortems/**/*.md`) for the deepest folder holding a
//   group of reports when every Markdown file below it is a report or a file detection skips by
//   its name; where notes sit beside reports, a name pattern (`docs/incidents/20*.md`,
//   `wiki/*-Retrospective.md`); else the files themselves. The result is checked by matching every
//   path of the input with the very function detection uses.
// - `sections:`. A kind a report lacks is given the team's own heading only with evidence from
//   several reports: the heading is top-level (at the level of the report's sections, within none),
//   the engine does not read it as anything else (it is unknown to the vocabulary, or the
//   vocabulary says such a heading often stands in for that very section), and it stands exactly
//   where the missing section belongs: between the recognised sections before and after it in the
//   usual order (summary, outcomes, improvements, actions), one heading for each missing kind of
//   that gap. Before the first section only context and titles stand, so nothing is taken from
//   there; after the last, only actions, and only a heading whose body holds tasks or owners. The
//   heading must be found so in at least two reports and at least half of those missing that kind
//   in its group of reports, and in at least half of all reports where it stands unread. A team
//   heading would read every heading containing it (`Timeline` reads `Timeline summary`), so a
//   recognised heading that it would take over is kept where it is by adding it, as written,
//   under its own kind.
// - `team:`: the people each report lists as its team (front matter `team:`/`participants:`, an
//   Attendees section) and its Delivery Owner, and the owners of actions in reports that list no
//   team. An owner that a report's own team list does not hold is left out (usually a typo, which
//   `unknown-owner` should keep showing), and so are groups (`team`, `Leads`).
// - `delivery_owner:` when one person is the Delivery Owner of most reports that name one.
// - `triggers:` one tag pattern per family of version-like tags (`v*` for `v1.2.3`, `release-*` for
//   `release-2026-01`); none without tags.
// - The problems before (today's configuration: `.aar.yml` if there is one, else the defaults) and
//   after (the proposed file), each found report analysed as a report.
// - The file: commented so a reader knows where each part came from. An existing `.aar.yml` is
//   never rewritten: what is missing is inserted into its text, everything else stays byte for byte.
import { isMap, isScalar, parseDocument, type Node, type Pair } from 'yaml';
import { analyze, unreadableReason } from './analyze';
import { DEFAULT_REPORT_GLOBS, defaultConfig, foldName, uniqueFirstNames, mergeConfig, mergeRosters, parsePeople, parseTeamConfig, personKey, personMatches, type AarConfig, type TagTrigger } from './config';
import { detectReport, frontMatterType, globToRegExp, NOT_A_REPORT_NAME } from './detect';
import { ownerAsWritten } from './features/owners';
import { headingCore, headingReader, headingWords } from './headings';
import { editDistance } from './rules/words';
import { lineMapOf, splitOn, WHITESPACE_RUNS } from './text';
import { tagPatternProblem } from './triggers';
import { SECTION_KINDS, type Finding, type Heading, type Person, type Report, type SectionKind } from './types';
import { isPlaceholderOwner } from './vocabulary';
import {
  addToMapping,
  appendToSequence,
  applyInsertions,
  commentLines,
  sequenceItemLines,
  yamlFlowScalar,
  yamlScalar,
  type SequenceItem,
  type YamlInsertion,
} from './yamlText';
import { plural } from './words';

export interface SetupFile {
  /** `/`-separated, relative to the repository's root. */
  path: string;
  text: string;
  /** Why the host could not read the file (too large, not UTF-8); `text` is then ignored. */
  skipped?: string;
}

export interface SetupTag {
  name: string;
  /** ISO 8601, when known. */
  date?: string;
}

export interface SetupInput {
  /** Every Markdown file of the repository (the host leaves out dependencies and dot folders). */
  files: readonly SetupFile[];
  /** The repository's git tags. */
  tags?: readonly SetupTag[];
  /** The text of the repository's `.aar.yml`, when there is one. */
  existingConfig?: string;
  /** ISO `YYYY-MM-DD`, for the problem counts (overdue actions). */
  today: string;
}

/** How a report was found: its front matter, its `.aar.md` name, or what it holds. */
export type FoundBy = 'front-matter' | 'file-name' | 'headings' | 'evidence';

export interface FoundReport {
  path: string;
  by: FoundBy;
  /** In a few words, e.g. `its headings: outcomes, improvements, actions`. */
  why: string;
  /** The sections recognised in it before the proposal. */
  sections: SectionKind[];
}

export type LeftOutReason = 'name' | 'template' | 'other-type' | 'no-signature' | 'unreadable';

export interface LeftOutFile {
  path: string;
  reason: LeftOutReason;
  why: string;
}

export interface ProposedGlob {
  glob: string;
  /** A whole folder, a name pattern within one folder, or one file. */
  shape: 'folder' | 'names' | 'file';
  /** The folder it covers (`''` for the root). */
  folder: string;
  /** The reports it matches. */
  reports: string[];
  /** For the file's comment: `6 reports under ops/reviews/, found by their front matter`. */
  why: string;
}

export interface ProposedHeading {
  kind: SectionKind;
  /** As the team writes it. */
  heading: string;
  /** The reports where it stands for `kind`. */
  reports: string[];
  /** How many reports of its group lack `kind`. */
  missing: number;
  why: string;
  /** Headings elsewhere that it will read as `kind` too (`Key Events Timeline`), which were read as no section. */
  alsoReads: { path: string; heading: string }[];
}

/** A recognised heading added under its own kind so that a proposed heading does not take it over. */
export interface PinnedHeading {
  kind: SectionKind;
  heading: string;
  reports: string[];
  /** The proposed heading that would otherwise read it. */
  because: string;
}

export interface ProposedPerson {
  handle?: string;
  name?: string;
  email?: string;
  /** As `.aar.yml` will hold it: `@sam`, `Kim Park`. */
  written: string;
  /** The reports that name this person. */
  reports: string[];
  /** A group or a role (`Leads`, `Design`) that the reports make owner of actions, not one person. */
  group?: boolean;
}

export interface LeftOutPerson {
  written: string;
  reports: string[];
  why: string;
}

export interface ProposedTrigger {
  tag: string;
  name: string;
  /** The tags it matches, newest first when dates are known. */
  tags: string[];
}

export interface ProblemCount {
  total: number;
  errors: number;
  byRule: Record<string, number>;
}

export interface SetupProposal {
  reports: FoundReport[];
  leftOut: LeftOutFile[];
  globs: ProposedGlob[];
  sections: ProposedHeading[];
  pinned: PinnedHeading[];
  team: ProposedPerson[];
  peopleLeftOut: LeftOutPerson[];
  deliveryOwner?: { written: string; reports: number; of: number };
  triggers: ProposedTrigger[];
  /** What the proposal sets, as the configuration reader gives it back from `file.proposed` (when there was no file before). */
  values: {
    reportGlobs: string[];
    sectionSynonyms: Partial<Record<SectionKind, string[]>>;
    roster: Pick<Person, 'handle' | 'name' | 'email'>[];
    deliveryOwner?: string;
    tagTriggers: TagTrigger[];
  };
  /** Problems of the found reports (each analysed as a report) with today's configuration, and with the proposed file. */
  problems: { before: ProblemCount; after: ProblemCount };
  /** How many of the found reports detection takes for reports with today's configuration, and with the proposed file. */
  detected: { before: number; after: number };
  file: {
    /** The `.aar.yml` as it is, when there is one. */
    existing?: string;
    /** The whole proposed file: the existing one with what is missing added, or a new one. */
    proposed: string;
    /** Whether `proposed` differs from `existing` (always true for a new file with something in it). */
    changed: boolean;
    /** Why nothing could be added to the existing file (it is not valid YAML, say): `proposed` is then the file as it is. */
    unmerged?: string;
  };
  /** What a reader should know: parts of an existing file left as they are, a glob that could not be exact. */
  notes: string[];
}

const KIND_ORDER: Record<SectionKind, number> = { summary: 0, outcomes: 1, improvements: 2, actions: 3 };

const baseName = (path: string) => path.slice(path.lastIndexOf('/') + 1);
const folderOf = (path: string) => (path.includes('/') ? path.slice(0, path.lastIndexOf('/')) : '');
const shown = (folder: string) => (folder ? `${folder}/` : 'the root');
const byPath = <T extends { path: string }>(a: T, b: T) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0);

/** One file as looked at: a report with its analysis, or left out. */
type Looked =
  | { path: string; text: string; report: FoundReport; model: Report; findings: Finding[] }
  | { path: string; text: string; leftOut: LeftOutFile };

export function proposeSetup(input: SetupInput): SetupProposal {
  const notes: string[] = [];
  const existingParse = input.existingConfig !== undefined ? parseTeamConfig(input.existingConfig) : undefined;
  const base = mergeConfig(defaultConfig(), existingParse?.layer);
  const files = [...input.files].sort(byPath);
  const looked = files.map((f) => lookAt(f, base, input.today));
  const found = looked.filter((l): l is Extract<Looked, { report: FoundReport }> => 'report' in l);

  const globs = proposeGlobs(files, looked, base, notes);
  const clusters = clustersOf(found, globs);
  const chosen = proposeSections(found, clusters, base);
  const { team, peopleLeftOut } = proposeTeam(found);
  const deliveryOwner = proposeDeliveryOwner(found);
  const triggers = proposeTriggers(input.tags ?? []);

  const plan: Plan = { globs, sections: chosen.sections, pinned: chosen.pinned, team, deliveryOwner, triggers, reports: found.length };
  const file = proposedFile(input.existingConfig, existingParse, plan, looked, base, notes);

  const after = mergeConfig(defaultConfig(), parseTeamConfig(file.proposed).layer);
  const afterFindings = found.map((r) => analyze(r.text, { uri: r.path, relativePath: r.path, config: after, today: input.today, force: true }));
  afterFindings.forEach((a, i) => {
    const before = new Set(found[i].report.sections);
    const now = new Set(presentKinds(a.report));
    const lost = [...before].filter((k) => !now.has(k));
    if (lost.length) notes.push(`${found[i].path}: with the proposal its ${lost.join(' and ')} section is no longer found; check sections: before using it.`);
  });

  const fresh = parseTeamConfig(planText(plan, found.length)).layer;
  return {
    reports: found.map((r) => r.report),
    leftOut: looked.filter((l): l is Extract<Looked, { leftOut: LeftOutFile }> => 'leftOut' in l).map((l) => l.leftOut),
    globs,
    sections: chosen.sections,
    pinned: chosen.pinned,
    team,
    peopleLeftOut,
    ...(deliveryOwner ? { deliveryOwner } : {}),
    triggers,
    values: {
      reportGlobs: fresh.reportGlobs ?? [],
      sectionSynonyms: fresh.sectionSynonyms ?? {},
      roster: (fresh.roster ?? []).map(({ handle, name, email }) => ({ ...(handle ? { handle } : {}), ...(name ? { name } : {}), ...(email ? { email } : {}) })),
      ...(fresh.deliveryOwner ? { deliveryOwner: fresh.deliveryOwner } : {}),
      tagTriggers: fresh.tagTriggers ?? [],
    },
    problems: { before: countProblems(found.map((r) => r.findings)), after: countProblems(afterFindings.map((a) => a.findings)) },
    detected: {
      before: found.filter((r) => detectReport(r.text, r.path, base).isReport).length,
      after: found.filter((r) => detectReport(r.text, r.path, after).isReport).length,
    },
    file,
    notes,
  };
}

// ---------------------------------------------------------------------------------------------
// Which files are reports

/** The kinds a report has: its sections, and actions marked where they arose (`**[Action Item]**`). */
function presentKinds(report: Report | undefined): SectionKind[] {
  if (!report) return [];
  const kinds = new Set(report.sections.map((s) => s.kind));
  if (report.actions.length) kinds.add('actions');
  return SECTION_KINDS.filter((k) => kinds.has(k));
}

const NAME_KINDS: [RegExp, string][] = [
  [/^readme\./i, "a folder's README"],
  [/^_?index\./i, 'an index'],
  [/^(?:contributing|changelog|license|summary)\./i, 'a repository file'],
];

function notAReportName(name: string): string {
  return NAME_KINDS.find(([re]) => re.test(name))?.[1] ?? 'a template';
}

const REPORT_TITLE = /\b(?:after[- ]action|aars?|post[- ]?mortems?|post[- ]incident|pirs?|rca|retros?|retrospectives?|hot[- ]?wash(?:es)?|wash[- ]?ups?|incident (?:reports?|reviews?)|lessons[- ]learn(?:ed|t))\b/i;
const REPORT_FOLDER = /^(?:incidents?|incident[-_ ]?(?:reports?|reviews?)|pirs?|aars?|after[-_ ]action[-_ ]\w+|post[-_ ]?mortems?|retros?|retrospectives?|reviews?|wash[-_ ]?ups?|hot[-_ ]?wash(?:es)?|lessons[-_ ]learn(?:ed|t))$/i;
const MONTHS = 'jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?';
const DATE_IN_NAME = /(?:^|\D)(?:19|20)\d\d(?:[-_. ]?(?:0[1-9]|1[0-2])|[-_ ]?q[1-4])(?!\d)|(?:^|\D)\d{1,2}[-_.]\d{1,2}[-_.](?:19|20)?\d\d(?!\d)/i;
const VERSION_IN_NAME = /(?:^|[-_ v])\d+\.\d+(?:\.\d+)*(?:[-_ ]|$)/i;
const DATE_IN_TEXT = new RegExp(
  `\\b(?:\\d{1,2}/\\d{1,2}/\\d{2,4}|(?:19|20)\\d\\d-\\d\\d(?:-\\d\\d)?|\\d{1,2}(?:-\\d{1,2})? (?:${MONTHS}) (?:19|20)\\d\\d|(?:${MONTHS}) \\d{1,2},? (?:19|20)\\d\\d|(?:${MONTHS}) (?:19|20)\\d\\d)\\b`,
  'i',
);

/** The signs besides its sections that a Markdown file is a report, in words. */
function reportSigns(report: Report, path: string): string[] {
  const signs: string[] = [];
  const name = baseName(path).replace(/\.(?:md|markdown)$/i, '');
  const spaced = name.replace(/[-_.]+/g, ' ');
  const title = report.metadata.title?.value ?? '';
  if (report.headings.some((h) => h.reading?.holds === 'the title of the report') || REPORT_TITLE.test(title) || REPORT_TITLE.test(spaced)) signs.push("a report's title");
  const dated =
    DATE_IN_NAME.test(name) ||
    VERSION_IN_NAME.test(name) ||
    /\d/.test(report.metadata.date?.value ?? '') ||
    report.headings.some((h) => DATE_IN_TEXT.test(h.text));
  if (dated) signs.push('a date or version');
  const folders = folderOf(path).split('/');
  if (DEFAULT_REPORT_GLOBS.some((g) => !g.endsWith('*.aar.md') && globToRegExp(g).test(path)) || folders.some((f) => REPORT_FOLDER.test(f))) signs.push('a report folder');
  if (report.actions.some((a) => a.owner)) signs.push('actions with owners');
  const all = report.metadata.all;
  if (report.metadata.deliveryOwner || all.team || all.participants || all.authors || report.teamListed) signs.push('its people');
  return signs;
}

function lookAt(file: SetupFile, base: AarConfig, today: string): Looked {
  const { path, text } = file;
  const out = (reason: LeftOutReason, why: string): Looked => ({ path, text, leftOut: { path, reason, why } });
  if (file.skipped) return out('unreadable', file.skipped);
  const unreadable = unreadableReason(text, base.maxFileSize);
  if (unreadable) return out('unreadable', unreadable);
  // Front matter, a `.aar.md` name and the team's template decide as detection does; globs are what is being proposed.
  const detection = detectReport(text, path, { ...base, reportGlobs: [] });
  if (detection.by === 'template') return out('template', "the team's review template (reviews.template)");
  if (detection.by === 'front-matter' && !detection.isReport) return out('other-type', `its front matter says type: ${frontMatterType(text)}`);
  const name = baseName(path);
  if (!detection.isReport && NOT_A_REPORT_NAME.test(name)) return out('name', `${notAReportName(name)}: never a report`);
  const analysis = analyze(text, { uri: path, relativePath: path, config: base, today, force: true });
  if (analysis.skipped || !analysis.report) return out('unreadable', analysis.skipped ?? 'could not be read');
  const model = analysis.report;
  const kinds = presentKinds(model);
  // The opening paragraph under any title reads as a summary: a sign of nothing.
  const headed = kinds.filter((k) => model.sections.some((s) => s.kind === k && !s.lead) || (k === 'actions' && model.actions.length));
  const found = (by: FoundBy, why: string): Looked => ({ path, text, report: { path, by, why, sections: kinds }, model, findings: analysis.findings });
  if (detection.isReport) {
    return detection.by === 'front-matter' ? found('front-matter', `its front matter says type: ${frontMatterType(text)}`) : found('file-name', 'its name ends in .aar.md');
  }
  const signs = reportSigns(model, path);
  const distinctive = headed.includes('outcomes') || headed.includes('improvements');
  if (headed.length >= 2 && (distinctive || signs.length >= 1)) {
    return found('headings', `its headings: ${headed.join(', ')}${distinctive ? '' : `, and ${signs[0]}`}`);
  }
  if (headed.length === 1 && signs.length >= 2) return found('evidence', `a heading for ${headed[0]}, with ${signs.join(', ')}`);
  if (!headed.length) return out('no-signature', 'no heading of a report section');
  const only = headed.length === 1 ? `a heading for ${headed[0]}` : `headings for ${headed.join(' and ')}`;
  return out('no-signature', `only ${only}${signs.length ? `, with ${signs.join(', ')}` : ''}: not enough for a report`);
}

// ---------------------------------------------------------------------------------------------
// `reports:` globs

interface FolderNode {
  path: string;
  children: Map<string, FolderNode>;
  files: string[];
}

function proposeGlobs(files: SetupFile[], looked: Looked[], base: AarConfig, notes: string[]): ProposedGlob[] {
  const byFile = new Map(looked.map((l) => [l.path, l]));
  const isReport = (p: string) => 'report' in byFile.get(p)!;
  // A file any glob may match safely: one detection would not take for a report even if a glob matched it.
  const everything = { ...base, reportGlobs: ['**/*'], template: base.template };
  const harmless = new Set(files.filter((f) => !isReport(f.path) && !detectReport(f.text, f.path, everything).isReport).map((f) => f.path));
  const blocking = files.filter((f) => !isReport(f.path) && !harmless.has(f.path)).map((f) => f.path);
  const isBlocking = new Set(blocking);
  const needsGlob = (p: string) => {
    const l = byFile.get(p)!;
    return 'report' in l && (l.report.by === 'headings' || l.report.by === 'evidence');
  };

  const root: FolderNode = { path: '', children: new Map(), files: [] };
  for (const f of files) {
    let node = root;
    for (const part of folderOf(f.path).split('/').filter(Boolean)) {
      let next = node.children.get(part);
      if (!next) node.children.set(part, (next = { path: node.path ? `${node.path}/${part}` : part, children: new Map(), files: [] }));
      node = next;
    }
    node.files.push(f.path);
  }
  const under = (n: FolderNode): string[] => [...n.files, ...[...n.children.values()].flatMap(under)];
  const globs: ProposedGlob[] = [];
  const howFound = (reports: string[]) => {
    const kinds = new Set(reports.map((p) => (byFile.get(p) as Extract<Looked, { report: FoundReport }>).report.by));
    const words: Record<FoundBy, string> = { 'front-matter': 'their front matter', 'file-name': 'their .aar.md name', headings: 'their headings', evidence: 'what they hold' };
    return [...kinds].map((k) => words[k]).join(' and ');
  };
  const describe = (reports: string[], where: string) => `${plural(reports.length, 'report')} ${where}, found by ${howFound(reports)}`;

  const fileGlobs = (reports: string[]) => {
    for (const p of reports.filter(needsGlob)) globs.push({ glob: p, shape: 'file', folder: folderOf(p), reports: [p], why: describe([p], 'named one by one') });
  };

  const namePatterns = (folder: string, reports: string[]) => {
    if (!reports.length) return;
    if (reports.length === 1) return fileGlobs(reports);
    const names = reports.map(baseName);
    const pattern = namePattern(names);
    const glob = pattern && (folder ? `${folder}/${pattern}` : pattern);
    if (glob && !blocking.some((p) => globToRegExp(glob).test(p))) {
      globs.push({ glob, shape: 'names', folder, reports, why: describe(reports, `in ${shown(folder)} named ${pattern}`) });
    } else {
      fileGlobs(reports);
    }
  };

  const cover = (node: FolderNode) => {
    const all = under(node);
    const reports = all.filter(isReport);
    if (!reports.length) return;
    const clean = !all.some((p) => isBlocking.has(p));
    if (clean) {
      const deepest = commonFolder(reports);
      if (deepest !== '') {
        for (const ext of extensionsOf(reports)) {
          const inExt = reports.filter((p) => p.toLowerCase().endsWith(ext));
          globs.push({ glob: `${deepest}/**/*${ext}`, shape: 'folder', folder: deepest, reports: inExt, why: describe(inExt, `under ${deepest}/`) });
        }
        return;
      }
    }
    for (const child of node.children.values()) cover(child);
    namePatterns(node.path, node.files.filter(isReport));
  };
  cover(root);

  // Checked as detection will use them: every report needing a glob matched, no other file that detection would take.
  for (let round = 0; round < 2; round++) {
    const wrong = globs.filter((g) => g.shape !== 'file' && blocking.some((p) => globToRegExp(g.glob).test(p)));
    if (!wrong.length) break;
    for (const g of wrong) {
      globs.splice(globs.indexOf(g), 1);
      fileGlobs(g.reports);
    }
  }
  for (const g of globs) {
    const strays = blocking.filter((p) => globToRegExp(g.glob).test(p));
    if (strays.length) notes.push(`The glob ${g.glob} also matches ${strays.join(', ')}, which ${strays.length === 1 ? 'is' : 'are'} not a report.`);
  }
  const matched = (p: string) => globs.some((g) => globToRegExp(g.glob).test(p));
  for (const f of files) if (needsGlob(f.path) && !matched(f.path)) notes.push(`No glob could be made for ${f.path}.`);
  return globs;
}

function extensionsOf(paths: string[]): string[] {
  return [...new Set(paths.map((p) => (/\.markdown$/i.test(p) ? '.markdown' : '.md')))];
}

/** The deepest folder holding every path. */
function commonFolder(paths: string[]): string {
  const parts = paths.map((p) => folderOf(p).split('/').filter(Boolean));
  const out: string[] = [];
  for (let i = 0; parts.every((p) => i < p.length && p[i] === parts[0][i]); i++) out.push(parts[0][i]);
  return out.join('/');
}

const SEPARATOR = /[-_. ]/;

/**
 * One pattern for these file names: what they all start with (a year as `20`, no number cut in two)
 * and what they all end with (from a separator: `-Retrospective.md`, `-aar-ip.md`, at least the
 * extension). Undefined when a name holds a glob character.
 */
function namePattern(names: string[]): string | undefined {
  if (names.some((n) => /[*?[\]{}]/.test(n))) return undefined;
  let prefix = names.reduce((a, b) => {
    let i = 0;
    while (i < a.length && i < b.length && a[i].toLowerCase() === b[i].toLowerCase()) i++;
    return a.slice(0, i);
  });
  if (/^(?:19|20)\d\d/.test(prefix)) prefix = prefix.slice(0, 2);
  else {
    prefix = prefix.replace(/[\d.]+$/, '');
    let cut = -1;
    for (let i = 0; i < prefix.length; i++) if (SEPARATOR.test(prefix[i])) cut = i;
    prefix = prefix.slice(0, cut + 1);
  }
  const common = names.reduce((a, b) => {
    let i = 0;
    while (i < a.length && i < b.length && a[a.length - 1 - i].toLowerCase() === b[b.length - 1 - i].toLowerCase()) i++;
    return a.slice(a.length - i);
  });
  const ext = /\.[^.]*$/.exec(names[0])?.[0] ?? '';
  let suffix = ext;
  for (let i = 0; i < common.length; i++) {
    if (SEPARATOR.test(common[i]) && !/\d/.test(common[i + 1] ?? '')) {
      suffix = common.slice(i);
      break;
    }
  }
  if (!suffix.toLowerCase().endsWith(ext.toLowerCase())) suffix = ext;
  const shortest = Math.min(...names.map((n) => n.length));
  if (prefix.length + suffix.length >= shortest) suffix = ext;
  if (prefix.length + suffix.length >= shortest) prefix = '';
  return `${prefix}*${suffix}`;
}

/** The reports that share a glob are one team's (or one template's): the group a section heading must recur in. */
function clustersOf(found: Extract<Looked, { report: FoundReport }>[], globs: ProposedGlob[]): Map<string, string[]> {
  const clusters = new Map<string, string[]>();
  const placed = new Set<string>();
  for (const g of globs) {
    const key = `${g.folder}\u0000${g.shape}`;
    const list = clusters.get(key) ?? [];
    for (const p of g.reports) {
      if (placed.has(p)) continue;
      placed.add(p);
      list.push(p);
    }
    clusters.set(key, list);
  }
  for (const r of found) {
    if (placed.has(r.path)) continue;
    const key = `${folderOf(r.path)}\u0000loose`;
    clusters.set(key, [...(clusters.get(key) ?? []), r.path]);
  }
  return clusters;
}

// ---------------------------------------------------------------------------------------------
// `sections:`

interface Vote {
  kind: SectionKind;
  key: string;
  written: string;
  path: string;
}

/** The words a heading is compared by: `## 3. Wobbles:` and `Wobbles` are one heading. */
const headingKey = (text: string) => headingWords(headingCore(text).core || text).join(' ');

/** A heading that names a date and nothing else (`## 12 August 2026`): a retro's date, not a section. */
const isDateHeading = (text: string) => !/[a-z]{3,}/i.test(text.replace(new RegExp(`\\b(?:${MONTHS})\\b`, 'gi'), ''));

function bodyOf(report: Report, index: number): string {
  const h = report.headings[index];
  const next = report.headings.slice(index + 1).find((x) => x.depth <= h.depth);
  const lines = lineMapOf(report.text);
  return report.text.slice(lines.offsetAt(h.range.end), next ? lines.offsetAt(next.range.start) : report.text.length);
}

const HOLDS_TASKS = /^\s*(?:[-*+]|\d+[.)])\s+\[[ xX]\]|(?:^|\s)@[A-Za-z][\w.-]*|\bowner\s*:/m;

/**
 * Where a report's headings say its missing kinds are: for each heading unread at the level of its
 * sections, the kinds it is compatible with (`occurs`) and the kind the position gives it (`votes`).
 */
function readGaps(report: Report, path: string): { votes: Vote[]; occurs: Vote[] } {
  const votes: Vote[] = [];
  const occurs: Vote[] = [];
  const present = new Set(presentKinds(report));
  const missing = SECTION_KINDS.filter((k) => !present.has(k));
  if (!missing.length) return { votes, occurs };
  const sectionDepths = report.headings.filter((h) => h.kind && h.depth >= 1).map((h) => h.depth);
  if (!sectionDepths.length) return { votes, occurs };
  const level = Math.min(...sectionDepths);
  type Entry = { boundary: number } | { heading: Heading; index: number; key: string; standsInFor?: SectionKind };
  const entries: Entry[] = [];
  report.headings.forEach((h, index) => {
    if (h.depth !== level) return;
    if (h.kind) {
      entries.push({ boundary: KIND_ORDER[h.kind] });
      return;
    }
    const reading = h.reading;
    if (h.within || reading?.role !== 'other' || (reading.phrase && !reading.standsInFor)) return;
    const key = headingKey(h.text);
    const words = key.split(' ').filter(Boolean);
    if (!words.length || words.length > 6 || isDateHeading(h.text)) return;
    entries.push({ heading: h, index, key, standsInFor: reading.standsInFor });
  });
  const vote = (kind: SectionKind, c: { heading: Heading; key: string }) => votes.push({ kind, key: c.key, written: headingCore(c.heading.text).core || c.heading.text.trim(), path });
  for (const e of entries) {
    if ('boundary' in e) continue;
    for (const kind of missing) if (!e.standsInFor || e.standsInFor === kind) occurs.push({ kind, key: e.key, written: e.heading.text, path });
  }
  let previous = -1;
  let gap: Extract<Entry, { heading: Heading }>[] = [];
  const closeGap = (next: number | undefined) => {
    if (previous >= 0 && next !== undefined && previous < next) {
      const fit = missing.filter((k) => previous < KIND_ORDER[k] && KIND_ORDER[k] < next);
      const candidates = gap.filter((c) => !c.standsInFor || fit.includes(c.standsInFor));
      if (fit.length && candidates.length === fit.length) {
        candidates.forEach((c, i) => {
          if (!c.standsInFor || c.standsInFor === fit[i]) vote(fit[i], c);
        });
      } else {
        for (const kind of fit) {
          const named = candidates.filter((c) => c.standsInFor === kind);
          if (named.length === 1) vote(kind, named[0]);
        }
      }
    } else if (previous >= 0 && next === undefined && previous < KIND_ORDER.actions && missing.includes('actions')) {
      const tasks = gap.filter((c) => (!c.standsInFor || c.standsInFor === 'actions') && HOLDS_TASKS.test(bodyOf(report, c.index)));
      if (tasks.length === 1) vote('actions', tasks[0]);
    }
    gap = [];
  };
  for (const e of entries) {
    if ('boundary' in e) {
      closeGap(e.boundary);
      previous = e.boundary;
    } else gap.push(e);
  }
  closeGap(undefined);
  return { votes, occurs };
}

function proposeSections(
  found: Extract<Looked, { report: FoundReport }>[],
  clusters: Map<string, string[]>,
  base: AarConfig,
): { sections: ProposedHeading[]; pinned: PinnedHeading[] } {
  const byPathMap = new Map(found.map((r) => [r.path, r]));
  const gaps = new Map(found.map((r) => [r.path, readGaps(r.model, r.path)]));
  const allVotes = [...gaps.values()].flatMap((g) => g.votes);
  const allOccurs = [...gaps.values()].flatMap((g) => g.occurs);
  const distinctPaths = (vs: Vote[]) => new Set(vs.map((v) => v.path)).size;

  const candidates: ProposedHeading[] = [];
  for (const paths of clusters.values()) {
    const inCluster = new Set(paths);
    for (const kind of SECTION_KINDS) {
      const missing = paths.filter((p) => !byPathMap.get(p)!.report.sections.includes(kind)).length;
      if (!missing) continue;
      const votes = allVotes.filter((v) => v.kind === kind && inCluster.has(v.path));
      for (const key of new Set(votes.map((v) => v.key))) {
        const mine = votes.filter((v) => v.key === key);
        const n = distinctPaths(mine);
        if (n < 2 || n * 2 < missing) continue;
        // Wherever in the repository it stands unread, where that kind is missing, it must mostly stand for it.
        const everywhere = distinctPaths(allVotes.filter((v) => v.kind === kind && v.key === key));
        const occurring = distinctPaths(allOccurs.filter((v) => v.kind === kind && v.key === key));
        if (everywhere * 2 < occurring) continue;
        const written = mostCommon(mine.map((v) => v.written));
        const reports = [...new Set(mine.map((v) => v.path))];
        candidates.push({
          kind,
          heading: written,
          reports,
          missing,
          why: `"${written}" stands where ${kind === 'summary' ? 'the summary goes' : `the ${kind} go`} in ${n} of the ${plural(missing, 'report')} without ${kind === 'summary' ? 'one' : 'them'}${reports.length ? ` (${shown(commonFolder(reports))})` : ''}`,
          alsoReads: [],
        });
      }
    }
  }
  // One kind per heading: a heading that two kinds claim (in different groups) is left to the team.
  const sections: ProposedHeading[] = [];
  for (const c of candidates) {
    const key = headingKey(c.heading);
    const rivals = candidates.filter((o) => headingKey(o.heading) === key);
    if (rivals.some((o) => o.kind !== c.kind)) continue;
    const same = sections.find((s) => s.kind === c.kind && headingKey(s.heading) === key);
    if (same) {
      same.reports = [...new Set([...same.reports, ...c.reports])];
      same.missing += c.missing;
    } else sections.push(c);
  }

  // A team heading reads every heading containing it: keep each recognised heading it would take over where it is.
  const pinned: PinnedHeading[] = [];
  const synonyms = () => {
    const out: Partial<Record<SectionKind, string[]>> = {};
    for (const kind of SECTION_KINDS) {
      const extra = [...sections.filter((s) => s.kind === kind).map((s) => s.heading), ...pinned.filter((p) => p.kind === kind).map((p) => p.heading)];
      const all = [...(base.sectionSynonyms[kind] ?? []), ...extra];
      if (all.length) out[kind] = all;
    }
    return out;
  };
  for (let round = 0; round < 4; round++) {
    const read = headingReader(synonyms());
    let changed = false;
    for (const r of found) {
      for (const h of r.model.headings) {
        if (!h.kind) continue;
        const now = read(h.text);
        if (now.role === h.kind || now.source !== 'team') continue;
        const takerKey = headingKey(now.phrase ?? '');
        const written = headingCore(h.text).core || h.text.trim();
        const pin = pinned.find((p) => p.kind === h.kind && headingKey(p.heading) === headingKey(written));
        if (!pin) {
          pinned.push({ kind: h.kind, heading: written, reports: [r.path], because: now.phrase ?? '' });
        } else {
          // Pinned and still taken over: the heading that takes it cannot be added without harm.
          const taker = [...sections, ...pinned].find((x) => headingKey(x.heading) === takerKey);
          if (!taker) continue;
          if ('missing' in taker) sections.splice(sections.indexOf(taker), 1);
          else pinned.splice(pinned.indexOf(taker), 1);
          for (let i = pinned.length - 1; i >= 0; i--) if (headingKey(pinned[i].because) === takerKey) pinned.splice(i, 1);
        }
        changed = true;
      }
    }
    if (!changed) break;
  }
  for (const p of pinned) {
    p.reports = [...new Set(found.filter((r) => r.model.headings.some((h) => h.kind === p.kind && headingKey(h.text) === headingKey(p.heading))).map((r) => r.path))];
  }
  const read = headingReader(synonyms());
  for (const s of sections) {
    for (const r of found) {
      for (const h of r.model.headings) {
        if (h.kind || s.reports.includes(r.path)) continue;
        const now = read(h.text);
        if (now.role === s.kind && headingKey(now.phrase ?? '') === headingKey(s.heading)) s.alsoReads.push({ path: r.path, heading: h.text });
      }
    }
  }
  sections.sort((a, b) => KIND_ORDER[a.kind] - KIND_ORDER[b.kind] || b.reports.length - a.reports.length);
  return { sections, pinned };
}

function mostCommon(values: string[]): string {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0][0];
}

// ---------------------------------------------------------------------------------------------
// `team:` and `delivery_owner:`

/** Owners that mean everyone, so no one in particular: on the roster they would hide that nobody owns the action. */
const ANYONE = /^(?:the )?(?:whole )?(?:team|everyone|everybody|all|all of us|us|we|anyone|someone|somebody)$/i;

/** Owners that are a group or a role: the team's way of owning actions, kept on the roster with a word saying so. */
const GROUP = /^(?:the )?(?:leads?|devs?|developers?|design(?:ers)?|engineering|eng|ops|operations|qa|sre|security|support|product|marketing|management|managers?|tpm|pm|ic|incident commander|scribe|delivery manager|[\w-]+ team|team [\w-]+)$/i;

/** A team list the engine itself checks owners against: `team:`/`participants:` or an Attendees section. */
const listsTeam = (r: Report) => !!(r.teamListed || r.metadata.all.team || r.metadata.all.participants);

const fold = foldName;

/** The roster entry an owner is, as `unknown-owner` finds it: handle, name, email, or a first name only one person has. */
function onRoster(roster: Person[], owner: string): Person | undefined {
  const direct = roster.find((p) => personMatches(p, owner));
  if (direct) return direct;
  return uniqueFirstNames(roster).get(fold(owner.replace(/^@/, '')));
}

function writtenPerson(p: Pick<Person, 'handle' | 'name' | 'email'>): string {
  if (p.handle) return `@${p.handle}`;
  if (p.name && p.email) return `${p.name} <${p.email}>`;
  return p.name ?? p.email ?? '';
}

function proposeTeam(found: Extract<Looked, { report: FoundReport }>[]): { team: ProposedPerson[]; peopleLeftOut: LeftOutPerson[] } {
  let people: Person[] = [];
  const seenIn = new Map<string, Set<string>>();
  const left = new Map<string, LeftOutPerson>();
  const add = (p: Person, path: string) => {
    if (ANYONE.test(p.name ?? p.handle ?? '')) return leaveOut(writtenPerson(p), path, 'everyone, so no one in particular');
    people = mergeRosters(people, [{ ...p, source: 'workspace', deliveryOwner: undefined }]);
    const key = personKey(people.find((q) => (p.handle && personMatches(q, p.handle)) || (p.name && personMatches(q, p.name)) || (p.email && personMatches(q, p.email)))!);
    seenIn.set(key, new Set([...(seenIn.get(key) ?? []), path]));
  };
  const leaveOut = (written: string, path: string, why: string) => {
    const k = `${written.toLowerCase()}\u0000${why}`;
    const entry = left.get(k) ?? { written, reports: [], why };
    if (!entry.reports.includes(path)) entry.reports.push(path);
    left.set(k, entry);
  };
  const lines = new Map<string, ReturnType<typeof lineMapOf>>();
  const owners: { written: string; path: string; report: Report }[] = [];
  for (const r of found) {
    const report = r.model;
    const team = listsTeam(report);
    for (const p of report.roster) {
      if (p.source === 'report' && (team || p.deliveryOwner) && !isPlaceholderOwner(p.handle ?? p.name ?? '')) add(p, r.path);
    }
    for (const a of report.actions) {
      if (!a.owner) continue;
      let map = lines.get(r.path);
      if (!map) lines.set(r.path, (map = lineMapOf(report.text)));
      // `@sam` as written where a handle is used; else the name the model read (`owner: Kim Park` is Kim Park).
      const asWritten = ownerAsWritten(report, a.owner, map);
      owners.push({ written: asWritten.startsWith('@') ? asWritten : a.owner.value, path: r.path, report });
    }
  }
  for (const { written, path, report } of owners) {
    const person = onRoster(report.roster, written);
    if (person) {
      if (listsTeam(report) || person.deliveryOwner) continue;
    } else if (listsTeam(report)) {
      const near = report.roster
        .map((p) => ({ p, d: editDistance(fold(written.replace(/^@/, '')), fold(p.handle ?? p.name ?? '')) }))
        .sort((a, b) => a.d - b.d)[0];
      leaveOut(written, path, `not on the report's team list${near && near.d <= 2 ? ` (${writtenPerson(near.p)}?)` : ''}`);
      continue;
    }
    const parsed = parsePeople(written, 'workspace')[0];
    if (parsed) add(parsed, path);
  }
  // `@katka` and `Katka Dvořáková` are one person when only one named person has that first name.
  for (const p of [...people]) {
    if (!p.handle || p.name) continue;
    const named = people.filter((q) => !q.handle && q.name?.includes(' ') && !GROUP.test(q.name) && fold(splitOn(q.name, WHITESPACE_RUNS)[0]) === fold(p.handle!));
    if (named.length !== 1) continue;
    const q = named[0];
    const keys = [personKey(p), personKey(q)];
    p.name = q.name;
    p.email ??= q.email;
    people.splice(people.indexOf(q), 1);
    seenIn.set(personKey(p), new Set(keys.flatMap((k) => [...(seenIn.get(k) ?? [])])));
  }
  // A one-word name that is the first name of exactly one other person is that person, written short.
  for (const p of [...people]) {
    if (p.handle || !p.name || p.name.includes(' ')) continue;
    const full = people.filter((q) => q !== p && q.name?.includes(' ') && !GROUP.test(q.name) && fold(splitOn(q.name, WHITESPACE_RUNS)[0]) === fold(p.name!));
    if (full.length !== 1) continue;
    const keys = [personKey(p), personKey(full[0])];
    people.splice(people.indexOf(p), 1);
    seenIn.set(personKey(full[0]), new Set(keys.flatMap((k) => [...(seenIn.get(k) ?? [])])));
  }
  const team = people
    .map((p) => ({
      ...(p.handle ? { handle: p.handle } : {}),
      ...(p.name ? { name: p.name } : {}),
      ...(p.email ? { email: p.email } : {}),
      written: writtenPerson(p),
      reports: [...(seenIn.get(personKey(p)) ?? [])].sort(),
      ...(GROUP.test(p.name ?? p.handle ?? '') ? { group: true } : {}),
    }))
    .sort((a, b) => b.reports.length - a.reports.length || fold(a.written.replace(/^@/, '')).localeCompare(fold(b.written.replace(/^@/, ''))));
  const peopleLeftOut = [...left.values()].filter((l) => !team.some((t) => t.written.toLowerCase() === l.written.toLowerCase()));
  return { team, peopleLeftOut };
}

function proposeDeliveryOwner(found: Extract<Looked, { report: FoundReport }>[]): { written: string; reports: number; of: number } | undefined {
  const named: Person[] = [];
  for (const r of found) {
    const value = r.model.metadata.deliveryOwner?.value;
    if (!value || isPlaceholderOwner(value)) continue;
    const people = parsePeople(value, 'report');
    if (people.length === 1) named.push(people[0]);
  }
  if (!named.length) return undefined;
  const counts = new Map<string, { person: Person; n: number }>();
  for (const p of named) {
    const key = [...counts.keys()].find((k) => personMatches(counts.get(k)!.person, p.handle ?? p.name ?? p.email ?? '')) ?? personKey(p);
    const entry = counts.get(key) ?? { person: p, n: 0 };
    entry.n++;
    counts.set(key, entry);
  }
  const [best] = [...counts.values()].sort((a, b) => b.n - a.n);
  if (best.n < 2 || best.n * 2 <= named.length) return undefined;
  return { written: writtenPerson(best.person), reports: best.n, of: named.length };
}

// ---------------------------------------------------------------------------------------------
// `triggers:`

const NOT_RELEASES = /nightly|build|^ci\b|snapshot|^dev|test|tmp|wip|deploy|staging|canary|backup|archive/i;

/** Tags of one family: the same letters before a version or a date (`v1.2.3`, `release-2026-01`). */
function proposeTriggers(tags: readonly SetupTag[]): ProposedTrigger[] {
  const families = new Map<string, SetupTag[]>();
  for (const tag of tags) {
    const m = /^([A-Za-z][\w./-]*?)?(\d[\w.+-]*)$/.exec(tag.name);
    if (!m) continue;
    const prefix = m[1] ?? '';
    if (!/^\d+(?:[._-]\d+)*(?:[-+.][\w.-]*)?$/.test(m[2]) && !/^\d{4}[-_]?(?:q[1-4]|\d\d)/i.test(m[2])) continue;
    // Builds are not releases: `nightly-1`, `build-482`, `ci-20260101` need no review. A release has a
    // dotted version or a date, or says it is one.
    if (NOT_RELEASES.test(prefix)) continue;
    if (!/\d[._]\d/.test(m[2]) && !/^\d{4}[-_]?(?:q[1-4]|\d\d)/i.test(m[2]) && !/release|rel\b/i.test(prefix)) continue;
    families.set(prefix, [...(families.get(prefix) ?? []), tag]);
  }
  const out: ProposedTrigger[] = [];
  for (const [prefix, members] of families) {
    const tag = prefix ? `${prefix}*` : '[0-9]*';
    if (tagPatternProblem(tag)) continue;
    const sorted = [...members].sort((a, b) => (b.date ?? '').localeCompare(a.date ?? '') || (a.name < b.name ? 1 : -1));
    out.push({ tag, name: 'release', tags: sorted.map((t) => t.name) });
  }
  return out.sort((a, b) => b.tags.length - a.tags.length || (a.tag < b.tag ? -1 : 1));
}

// ---------------------------------------------------------------------------------------------
// Problems

function countProblems(all: Finding[][]): ProblemCount {
  const byRule: Record<string, number> = {};
  let total = 0;
  let errors = 0;
  for (const findings of all) {
    for (const f of findings) {
      total++;
      if (f.severity === 'error') errors++;
      byRule[f.ruleId] = (byRule[f.ruleId] ?? 0) + 1;
    }
  }
  return { total, errors, byRule };
}

// ---------------------------------------------------------------------------------------------
// The file

interface Plan {
  globs: ProposedGlob[];
  sections: ProposedHeading[];
  pinned: PinnedHeading[];
  team: ProposedPerson[];
  deliveryOwner?: { written: string; reports: number; of: number };
  triggers: ProposedTrigger[];
  reports: number;
}

/** Globs, tags and handles always in double quotes: `*` and `@` cannot start a plain scalar, and a reader sees the pattern whole. */
const quoted = (value: string) => JSON.stringify(value);
const personEntry = (p: ProposedPerson): string[] =>
  p.handle && p.name ? [`handle: ${yamlScalar(p.handle)}`, `name: ${yamlScalar(p.name)}`, ...(p.email ? [`email: ${yamlScalar(p.email)}`] : [])] : [p.written.startsWith('@') ? quoted(p.written) : yamlScalar(p.written)];

const personFlow = (p: ProposedPerson) => (p.handle && p.name ? `{ handle: ${yamlFlowScalar(p.handle)}, name: ${yamlFlowScalar(p.name)}${p.email ? `, email: ${yamlFlowScalar(p.email)}` : ''} }` : p.written.startsWith('@') ? quoted(p.written) : yamlFlowScalar(p.written));

const KEY_COMMENTS = {
  reports: ["Where the reports are: every Markdown file these globs match is a report (README, index and", 'template files never are). This list replaces the built-in report folders.'],
  sections: ['Headings this team writes for the four sections, read besides the built-in ones.'],
  team: ["Who may own actions: the people the reports list as their team, their Delivery Owners, and the", "owners of actions in reports without a team list. Owners not on this list are reported."],
  triggers: ['Git tags that require a review: each tag matching one of these needs a report whose milestone names it.'],
};

function reportsLines(globs: ProposedGlob[], indent = '  '): string[] {
  return globs.flatMap((g) => [...commentLines(indent, [g.why]), ...sequenceItemLines(indent, [quoted(g.glob)])]);
}

function sectionLines(plan: Plan, kind: SectionKind, indent: string): string[] {
  const out: string[] = [];
  for (const s of plan.sections.filter((x) => x.kind === kind)) out.push(...commentLines(indent, [s.why]), ...sequenceItemLines(indent, [yamlScalar(s.heading)]));
  for (const p of plan.pinned.filter((x) => x.kind === kind)) {
    out.push(...commentLines(indent, [`keeps "${p.heading}" (${plural(p.reports.length, 'report')}) ${kind === 'summary' ? 'the summary' : `among the ${kind}`}: "${p.because}" alone would take it over`]), ...sequenceItemLines(indent, [yamlScalar(p.heading)]));
  }
  return out;
}

const kindsOf = (plan: Plan) => SECTION_KINDS.filter((k) => plan.sections.some((s) => s.kind === k) || plan.pinned.some((p) => p.kind === k));

const personNote = (p: ProposedPerson) => `${p.group ? 'a group, not one person: ' : ''}${plural(p.reports.length, 'report')}`;

function teamLines(people: ProposedPerson[], indent = '  '): string[] {
  return people.flatMap((p) => sequenceItemLines(indent, personEntry(p), personNote(p)));
}

function triggerLines(triggers: ProposedTrigger[], indent = '  '): string[] {
  return triggers.flatMap((t) => [
    ...commentLines(indent, [`${plural(t.tags.length, 'tag')}, such as ${t.tags.slice(0, 3).join(', ')}`]),
    ...sequenceItemLines(indent, [`name: ${yamlScalar(t.name)}`, `tag: ${quoted(t.tag)}`]),
  ]);
}

/** The blocks of a new file, key by key: each with its comment. */
function keyBlocks(plan: Plan): Record<'reports' | 'sections' | 'team' | 'delivery_owner' | 'triggers', string[] | undefined> {
  const kinds = kindsOf(plan);
  return {
    reports: plan.globs.length ? [...commentLines('', KEY_COMMENTS.reports), 'reports:', ...reportsLines(plan.globs)] : undefined,
    sections: kinds.length ? [...commentLines('', KEY_COMMENTS.sections), 'sections:', ...kinds.flatMap((k) => [`  ${k}:`, ...sectionLines(plan, k, '    ')])] : undefined,
    team: plan.team.length ? [...commentLines('', KEY_COMMENTS.team), 'team:', ...teamLines(plan.team)] : undefined,
    delivery_owner: plan.deliveryOwner
      ? [
          ...commentLines('', [`Accountable for reviews happening and reaching people: the Delivery Owner of ${plan.deliveryOwner.reports} of the ${plural(plan.deliveryOwner.of, 'report')} that name one.`]),
          `delivery_owner: ${quoted(plan.deliveryOwner.written)}`,
        ]
      : undefined,
    triggers: plan.triggers.length ? [...commentLines('', KEY_COMMENTS.triggers), 'triggers:', ...triggerLines(plan.triggers)] : undefined,
  };
}

/** A new `.aar.yml` holding the whole proposal. */
function planText(plan: Plan, reports: number): string {
  const blocks = Object.values(keyBlocks(plan)).filter((b): b is string[] => !!b);
  const header = [
    `# After Action Reports: this team's configuration, proposed by \`aar init\` from ${plural(reports, 'report')} found in the repository.`,
    '# Every key is described in the README, under "Team configuration: .aar.yml".',
  ];
  return [header, ...blocks].map((b) => b.join('\n')).join('\n\n') + '\n';
}

/** Aliases the reader accepts, the main name first. */
const KEY_NAMES = {
  reports: ['reports', 'report_globs', 'reportGlobs'],
  sections: ['sections', 'section_synonyms', 'sectionSynonyms'],
  team: ['team', 'roster', 'members'],
  delivery_owner: ['delivery_owner', 'deliveryOwner'],
  triggers: ['triggers'],
} as const;


function proposedFile(
  existing: string | undefined,
  existingParse: ReturnType<typeof parseTeamConfig> | undefined,
  plan: Plan,
  looked: Looked[],
  base: AarConfig,
  notes: string[],
): SetupProposal['file'] {
  const found = looked.filter((l) => 'report' in l);
  const nothing = !plan.globs.length && !kindsOf(plan).length && !plan.team.length && !plan.deliveryOwner && !plan.triggers.length;
  if (existing === undefined) return { proposed: nothing ? '' : planText(plan, plan.reports), changed: !nothing };
  const keep = (why: string): SetupProposal['file'] => ({ existing, proposed: existing, changed: false, unmerged: why });
  const doc = parseDocument(existing);
  if (doc.errors.length || existingParse?.errors.some((e) => /YAML|mapping/i.test(e.message))) {
    return keep(`it cannot be read as YAML (${(doc.errors[0]?.message ?? existingParse?.errors[0]?.message ?? '').split('\n')[0]}): fix that first.`);
  }
  const root = doc.contents;
  if (root && (!isMap(root) || root.flow)) return keep('it is not a mapping of keys written one a line, so nothing could be added to it.');
  const eol = existing.includes('\r\n') ? '\r\n' : '\n';
  const edits: YamlInsertion[] = [];
  const appendBlocks: string[][] = [];
  const pairOf = (names: readonly string[]) => (root && isMap(root) ? (root.items.find((p) => isScalar(p.key) && names.includes(String(p.key.value))) as Pair<Node, Node | null> | undefined) : undefined);
  const blocks = keyBlocks(plan);
  const added = 'added by aar init';

  // reports: globs for the reports today's configuration does not find. Without `reports:` the
  // built-in folders apply: they are replaced only when they miss a report or take another file.
  const reportsPair = pairOf(KEY_NAMES.reports);
  if (!reportsPair) {
    const right = looked.every((l) => 'report' in l === detectReport(l.text, l.path, base).isReport || ('leftOut' in l && l.leftOut.reason === 'unreadable'));
    if (blocks.reports && !right) appendBlocks.push(blocks.reports);
  } else {
    const missed = found.filter((r) => !detectReport(r.text, r.path, base).isReport).map((r) => r.path);
    const needed = plan.globs.filter((g) => g.reports.some((p) => missed.includes(p)));
    if (needed.length) appendToSequence(existing, reportsPair, needed.map((g) => ({ block: [quoted(g.glob)], flow: quoted(g.glob), comment: g.why })), added, edits, notes, String(reportsPair.key), true);
  }

  // sections: the proposed headings the file does not have yet.
  const sectionsPair = pairOf(KEY_NAMES.sections);
  if (!sectionsPair) {
    if (blocks.sections) appendBlocks.push(blocks.sections);
  } else if (kindsOf(plan).length) {
    const map = sectionsPair.value;
    if (!isMap(map)) notes.push(`sections: in .aar.yml is not a mapping, so the proposed headings were not added: ${plan.sections.map((s) => `${s.kind}: ${s.heading}`).join(', ')}.`);
    else {
      const newKinds: { kind: SectionKind; items: SequenceItem[] }[] = [];
      for (const kind of kindsOf(plan)) {
        const has = (base.sectionSynonyms[kind] ?? []).map(headingKey);
        const wanted = [
          ...plan.sections.filter((s) => s.kind === kind).map((s) => ({ heading: s.heading, why: s.why })),
          ...plan.pinned.filter((p) => p.kind === kind).map((p) => ({ heading: p.heading, why: `keeps "${p.heading}" read as ${kind}: "${p.because}" alone would take it over` })),
        ].filter((w) => !has.includes(headingKey(w.heading)));
        if (!wanted.length) continue;
        const items = wanted.map((w) => ({ block: [yamlScalar(w.heading)], flow: yamlFlowScalar(w.heading), comment: w.why }));
        const kindPair = map.items.find((p) => isScalar(p.key) && String(p.key.value) === kind) as Pair<Node, Node | null> | undefined;
        if (kindPair) appendToSequence(existing, kindPair, items, added, edits, notes, `sections.${kind}`, true);
        else newKinds.push({ kind, items });
      }
      if (newKinds.length) addToMapping(existing, map, newKinds.map((k) => ({ key: k.kind, items: k.items })), edits);
    }
  }

  // team: people the roster does not have.
  const teamPair = pairOf(KEY_NAMES.team);
  if (!teamPair) {
    if (blocks.team) appendBlocks.push(blocks.team);
  } else {
    const newcomers = plan.team.filter((p) => !base.roster.some((q) => [p.handle, p.name, p.email].some((v) => v && personMatches(q, v))));
    if (newcomers.length) appendToSequence(existing, teamPair, newcomers.map((p) => ({ block: personEntry(p), flow: personFlow(p), comment: personNote(p) })), added, edits, notes, String(teamPair.key), false);
  }

  const ownerPair = pairOf(KEY_NAMES.delivery_owner);
  if (!ownerPair) {
    if (blocks.delivery_owner) appendBlocks.push(blocks.delivery_owner);
  } else if (plan.deliveryOwner && base.deliveryOwner && !personMatches(parsePeople(base.deliveryOwner, 'workspace')[0] ?? { source: 'workspace' }, plan.deliveryOwner.written)) {
    notes.push(`.aar.yml names ${base.deliveryOwner} as Delivery Owner; the reports mostly name ${plan.deliveryOwner.written}. Left as it is.`);
  }

  const triggersPair = pairOf(KEY_NAMES.triggers);
  if (!triggersPair) {
    if (blocks.triggers) appendBlocks.push(blocks.triggers);
  } else if (plan.triggers.some((t) => !base.tagTriggers.some((b) => b.tag === t.tag))) {
    notes.push(`triggers: in .aar.yml is kept as it is; the tags suggest ${plan.triggers.map((t) => `"${t.tag}"`).join(', ')}.`);
  }

  if (appendBlocks.length) {
    const tail = existing.length && !/\n$/.test(existing) ? eol : '';
    const gap = existing.trim().length ? eol : '';
    const header = existing.trim().length ? [`# Added by \`aar init\` from ${plural(plan.reports, 'report')} found in the repository.`] : [];
    edits.push({ start: existing.length, end: existing.length, text: `${tail}${gap}${[header, ...appendBlocks].filter((b) => b.length).map((b) => b.join(eol)).join(eol + eol)}${eol}` });
  }
  const proposed = applyInsertions(existing, edits);
  const check = parseTeamConfig(proposed);
  if (check.errors.length > (existingParse?.errors.length ?? 0)) {
    return keep(`adding the proposal would break it (${check.errors[0].message}), so nothing was added.`);
  }
  return { existing, proposed, changed: proposed !== existing };
}
