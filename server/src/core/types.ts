// The engine's own vocabulary. Positions are 0-based lines and UTF-16 characters, like LSP,
// so hosts map them one to one; the engine itself imports nothing from LSP.
import type { RootContent } from 'mdast';
import type { HeadingReading } from './headings';

export interface Position {
  line: number;
  character: number;
}

export interface Range {
  start: Position;
  end: Position;
}

export interface TextEdit {
  range: Range;
  newText: string;
}

export type Severity = 'error' | 'warning' | 'info' | 'hint';
export type SeveritySetting = Severity | 'off';

export type SectionKind = 'summary' | 'outcomes' | 'improvements' | 'actions';
export const SECTION_KINDS: readonly SectionKind[] = ['summary', 'outcomes', 'improvements', 'actions'];

export type ReportStatus = 'draft' | 'in-review' | 'approved' | 'published';
export const REPORT_STATUSES: readonly ReportStatus[] = ['draft', 'in-review', 'approved', 'published'];

/** A value read from the text, with where it stands so that diagnostics and edits can point at it. */
export interface Located<T = string> {
  value: T;
  range: Range;
}

/** A person on the roster: the team that owners are checked against. */
export interface Person {
  /** Handle without the leading `@`, e.g. `sam`. */
  handle?: string;
  name?: string;
  email?: string;
  /** Where this person came from: the report's own metadata, the workspace `.aar.yml` or settings. */
  source: 'report' | 'workspace' | 'settings';
  /** True for the report's accountable Delivery Owner. */
  deliveryOwner?: boolean;
}

export type MetadataSource = 'front-matter' | 'inline';

export interface MetadataField<T = unknown> {
  key: string;
  value: T;
  /** Range of the value (the whole `Key: value` line for inline metadata). */
  range: Range;
  /** Range of the key. */
  keyRange: Range;
  source: MetadataSource;
}

/** A `**Key:** value` or `Key: value` line at the top of a report written without front matter. */
export interface InlineMetadataLine {
  /** Key as written, e.g. `Postmortem Owner`. */
  label: string;
  /** Canonical front-matter key it maps to (`delivery_owner`, `date`, ...), or the label slugged. */
  key: string;
  value: string;
  /** The whole line, including its line break, so that a fix can remove it. */
  lineRange: Range;
  valueRange: Range;
}

export interface FrontMatter {
  /** From the opening `---` to the end of the closing `---` line. */
  range: Range;
  /** The YAML between the fences. */
  contentRange: Range;
  /** Parsed data; `{}` when the YAML is invalid or not a mapping. */
  data: Record<string, unknown>;
  /** Key and value ranges of each top-level key, in document coordinates. */
  keys: Record<string, { keyRange: Range; valueRange: Range }>;
  /** YAML errors with document ranges. */
  errors: { message: string; range: Range }[];
}

export interface Metadata {
  title?: MetadataField<string>;
  type?: MetadataField<string>;
  date?: MetadataField<string>;
  trigger?: MetadataField<string>;
  milestone?: MetadataField<string>;
  deliveryOwner?: MetadataField<string>;
  status?: MetadataField<string>;
  zone?: MetadataField<string>;
  /** Every field read, front matter and inline, by canonical key (unknown keys kept as they are). */
  all: Record<string, MetadataField>;
}

export interface Heading {
  text: string;
  depth: number;
  /** The whole heading line. */
  range: Range;
  /** Range of the heading's text (after the `#`s). */
  textRange: Range;
  /** The section it names, when it names one of the known sections. */
  kind?: SectionKind;
  /** How its text was read (which phrase decided, what was ignored), so the editor can explain it. */
  reading?: HeadingReading;
  /** For a heading that names no section: the section it stands in, as a sub-heading (`### Monitoring` under `## Actions`). */
  within?: SectionKind;
  /**
   * A title written as a paragraph rather than with `#` (`**Action Items**`, `<p><strong>Impact</strong></p>`, an
   * `Action items` line over a list): its depth is then below every `#` level.
   */
  paragraph?: boolean;
}

export interface Section {
  kind: SectionKind;
  heading: Heading;
  /** From the heading to the end of the section's body. */
  range: Range;
  /** The body: after the heading line up to the next heading of the same or a higher level. */
  bodyRange: Range;
  /** True when the body holds no text at all (only blank lines, comments or headings of subsections with nothing under them). */
  empty: boolean;
  /**
   * True for a section written as a bold label at the top (`**Summary:** ...`, as in Google's SRE
   * template) rather than a heading; its `heading` is then the label, with depth 0.
   */
  inline?: boolean;
  /** True for a summary that is the opening paragraph under the title, with no heading of its own. */
  lead?: boolean;
  /** True for a category laid out as a table column or a line over dashed lines (`| Stop doing |`, `Start`). */
  categories?: boolean;
}

export interface Item {
  /** Text as a person reads it (Markdown marks stripped, inline fields kept). */
  text: string;
  range: Range;
  /** An id such as `IMP-2` or `O-1`, when it carries one. */
  id?: Located;
  section: SectionKind;
}

export type Improvement = Item;

export type ActionForm = 'task' | 'list' | 'table';
export type ActionStatus = 'open' | 'in-progress' | 'blocked' | 'done' | 'cancelled';
export const OPEN_STATUSES: readonly ActionStatus[] = ['open', 'in-progress', 'blocked'];

export interface DueDate {
  /** As written. */
  raw: string;
  range: Range;
  /** ISO `YYYY-MM-DD` when the date could be read and exists. */
  iso?: string;
  /** Why it could not be read, when it could not. */
  problem?: string;
  /** Given by the heading above the action (`### Long-term (Q2 2026)`): `range` is in the heading. */
  inherited?: boolean;
}

/** Where a table row's cells stand, so fixes can rewrite one cell and keep the table valid. */
export interface TableRowInfo {
  /** Column index of each role found in the header (`action`, `owner`, `due`, ...). */
  columns: Partial<Record<TableColumnRole, number>>;
  /** Range of each cell's content (trimmed), by column index; an empty cell has an empty range where its content would go. */
  cells: Range[];
  /**
   * The header row and the delimiter row, for fixes that add a column. Every row of the table is
   * found with `tableRowRanges(report, info)`: an action holds only what its own row and the
   * header say, so that a row typed elsewhere in a long table leaves it as it was.
   */
  headerRange: Range;
  delimiterRange: Range;
}

export type TableColumnRole = 'action' | 'owner' | 'due' | 'status' | 'ticket' | 'priority' | 'type' | 'id';

export interface Action {
  /** Text with inline fields and Markdown marks removed, e.g. `Add a smoke-test stage to the pipeline`. */
  text: string;
  /** The item's text as a person reads it, fields included. */
  rawText: string;
  form: ActionForm;
  /** The whole list item (first line to its last line) or table row. */
  range: Range;
  /** The first line's text (list items) or the action cell (tables). */
  textRange: Range;
  owner?: Located;
  /** An owner that was written but means nobody (`TBD`, `?`, `-`, ...): it is missing, and this is where it stands. */
  ownerPlaceholder?: Located;
  collaborators: Located[];
  due?: DueDate;
  status: ActionStatus;
  /** Status as written (a table cell or `[x]`). */
  statusRaw?: Located;
  /** Range of the `[ ]`/`[x]` marker of a task-list item. */
  checkbox?: Range;
  id?: Located;
  /** Improvement ids it points at (`IMP-2`). */
  improvementRefs: Located[];
  ticket?: Located;
  priority?: Located;
  type?: Located;
  table?: TableRowInfo;
  /** Where an owner would be inserted when none is written: the end of the item's first paragraph (tables: the end of the action cell). */
  ownerInsertAt: Position;
}

export interface DisableDirectives {
  /** Rules off for the whole file (`*` = all). */
  file: Set<string>;
  /** Per 0-based line, the rules off for that line (`*` = all). */
  lines: Map<number, Set<string>>;
}

export interface Report {
  uri: string;
  text: string;
  /** Why this is a report: `front-matter`, `file-name` or `glob`. */
  detectedBy: 'front-matter' | 'file-name' | 'glob' | 'forced';
  frontMatter?: FrontMatter;
  /** Bold-label / `Key: value` lines at the top, read when there is no front matter (or alongside it). */
  inlineMetadata: InlineMetadataLine[];
  metadata: Metadata;
  headings: Heading[];
  /** Recognised sections, in document order (a section kind may occur more than once). */
  sections: Section[];
  summary?: string;
  outcomes: Item[];
  improvements: Improvement[];
  actions: Action[];
  /**
   * The document's top-level Markdown blocks (mdast), front matter aside: the same nodes from one
   * version to the next where an edit did not touch them (moved in place when lines came or went
   * above them), so what was read from one can be kept.
   */
  blocks: RootContent[];
  /**
   * `actions`, list by list and table by table: the same arrays from one version of a report to
   * the next while their blocks are untouched (the incremental analyzer's), so what was worked out
   * for a group of actions can be kept.
   */
  actionGroups: Action[][];
  /** Everyone who may own an action: report metadata, then workspace, then settings; de-duplicated. */
  roster: Person[];
  /** True when the report lists its people in a section of their own (`## Attendees`, `## Who`): a roster to check owners against. */
  teamListed?: boolean;
  disable: DisableDirectives;
  /** Year used to complete dates written without one (`June 28`): the report's date, else today's. */
  year: number;
  /** How the report writes slash dates (`md`: `09/23/2026`), when its unambiguous ones say; ambiguous ones are read that way. */
  dateOrder?: 'md' | 'dm';
  /** `\r\n` when the file uses it, so that edits keep the file's line endings. */
  eol: '\n' | '\r\n';
}

/** A quick fix as data: edits to the one document, or a command the host must run (e.g. a prompt). */
export interface Fix {
  title: string;
  edits: TextEdit[];
  isPreferred?: boolean;
  /** Set when the fix needs the host, e.g. `aar.assignOwner` to prompt for a name. */
  command?: { command: string; arguments: unknown[] };
  /** Whether fix-all may apply it (one preferred, unambiguous fix). */
  fixAll?: boolean;
  /** LSP code action kind for a fix offered without a finding (`refactor.rewrite` when absent). */
  kind?: string;
  /**
   * A fix to the team's `.aar.yml` rather than the report: read `heading` as the `kind` section for
   * the whole team. The host finds the file, reads it (or its open buffer) and adds the heading.
   */
  teamSection?: { kind: SectionKind; heading: string };
}

export interface Finding {
  ruleId: string;
  severity: Severity;
  message: string;
  range: Range;
  fixes: Fix[];
  /** Data a host may need beyond the fixes (e.g. the action's index for commands). */
  data?: Record<string, unknown>;
}

export interface Analysis {
  /** Undefined when the document is not a report: it gets no findings at all. */
  report?: Report;
  findings: Finding[];
  /** Set when the file was skipped (binary, too large): one informational finding says why. */
  skipped?: string;
}
