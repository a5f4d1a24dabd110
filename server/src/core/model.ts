// From Markdown text to the one report model, whatever shape the report was written in.
import type { Heading as MdHeading, List, ListItem, Nodes, Root, RootContent, Table, TableRow } from 'mdast';
import { foldName, mergeRosters, parsePeople, parsePerson, uniqueFirstNames, type AarConfig } from './config';
import { readDate, slashDateEvidence, slashDateOrder, type DateOrder, type SlashDateEvidence } from './dates';
import { emphasisStatus, locatedAll, plainText, readInlineFields, toDue, toLocated } from './fields';
import { readFrontMatter } from './frontMatter';
import { concatAll, movedCopyOf, ObjectCache } from './memo';
import { actionMover, lazyGroup, lineOfAction, memoizeByGroup, movedFrom, NO_MODEL_CACHE, recordMovedGroup, type BlockReading, type ItemReading, type ModelCache } from './modelCache';
import { parseMarkdown, partsOf } from './parse';
import { changedListPart, covers, sectionsAfterLineEdit, withinOneLine } from './sameShape';
import { detached, detachStrings, leadingByteOrderMarks, lineMapOf, matchesOf, splitOn, trimmedEnd, WHITESPACE_RUNS, type LineMap, type TextChange } from './text';
import type {
  Action,
  ActionStatus,
  DisableDirectives,
  DueDate,
  Heading,
  InlineMetadataLine,
  Item,
  Located,
  Metadata,
  MetadataField,
  Person,
  Range,
  Report,
  Section,
  SectionKind,
  TableColumnRole,
  TableRowInfo,
} from './types';
import { headingCore, headingReader, headingWords, type HeadingReading } from './headings';
import { columnRole, isPlaceholderOwner, readStatus } from './vocabulary';
import { withoutAt } from './ownerKey';

export interface BuildOptions {
  uri: string;
  config: AarConfig;
  today: string;
  detectedBy: Report['detectedBy'];
  /** Markdown to mdast; a document's incremental analyzer hands in its chunked parser. */
  parse?: (markdown: string) => Root;
  /** What earlier versions of the document read from the blocks this version still has. */
  cache?: ModelCache;
  /** Where the text differs from the version before it, when known: its line map is made from that one's. */
  change?: TextChange;
}

/** Front-matter keys people use for the same thing, mapped to the canonical key. */
const KEY_ALIASES: Record<string, string> = {
  deliveryowner: 'delivery_owner',
  'delivery-owner': 'delivery_owner',
  delivery_owner: 'delivery_owner',
  'delivery owner': 'delivery_owner',
  accountable: 'delivery_owner',
  'postmortem owner': 'delivery_owner',
  'post-mortem owner': 'delivery_owner',
  'review owner': 'delivery_owner',
  'incident owner': 'delivery_owner',
  'report owner': 'delivery_owner',
  owner: 'delivery_owner',
  participants: 'participants',
  attendees: 'participants',
  'people involved': 'participants',
  present: 'participants',
  'team members': 'participants',
  team: 'team',
  date: 'date',
  'review date': 'date',
  'incident date': 'date',
  'meeting date': 'date',
  'date of review': 'date',
  title: 'title',
  status: 'status',
  trigger: 'trigger',
  milestone: 'milestone',
  release: 'milestone',
  version: 'milestone',
  zone: 'zone',
  phase: 'zone',
  type: 'type',
};

type Offsets = { start: number; end: number };

type OffsetsReader = (node: { position?: { start: { offset?: number }; end: { offset?: number } } }) => Offsets;
const offsetsReaders: OffsetsReader[] = [];

/**
 * A node's offsets in the text, for a text that starts with `bom` byte order marks (the parser
 * does not count them). One function for each count, kept: a closure made on every call would
 * lose its optimised code at every full collection (docs/architecture.md).
 */
function offsetsReader(bom: number): OffsetsReader {
  return (offsetsReaders[bom] ??= (node) => ({
    start: (node.position?.start.offset ?? 0) + bom,
    end: (node.position?.end.offset ?? 0) + bom,
  }));
}

export function buildReport(text: string, options: BuildOptions): Report {
  // Every byte order mark at the start goes: the parser would skip one more without counting it in its offsets.
  const bom = leadingByteOrderMarks(text);
  const lines = lineMapOf(text, options.change);
  const tree = (options.parse ?? parseMarkdown)(bom ? text.slice(bom) : text);
  const at = offsetsReader(bom);
  // Bound, not an arrow made here: V8 keeps a function's optimised code only while a function of
  // it lives, and an arrow made on every call loses it at every full collection (the method it is
  // bound to lives as long as the module).
  const range = lines.range.bind(lines);
  const cache = (options.cache ?? NO_MODEL_CACHE).startVersion(text);
  const last = cache === NO_MODEL_CACHE ? undefined : lastShapes.get(cache);
  if (last) {
    lastShapes.set(cache, undefined);
    const reused = reportOfSameShape(last, text, tree, lines, options, cache, bom, at, range);
    if (reused) return reused;
  }
  // Only a report read whole reads headings: a keystroke in a list does not write the team's headings out again.
  const readHeading = headingReader(options.config.sectionSynonyms);
  const synonyms = JSON.stringify(options.config.sectionSynonyms);

  // Front matter and metadata.
  const first = tree.children[0];
  const fence = first?.type === 'yaml' ? at(first) : undefined;
  // YAML is slow to read: a keystroke below the front matter does not read it again.
  const frontMatter = fence && (cache.readingOf(first).frontMatter ??= readFrontMatter(text, fence.start, fence.end, lines));
  const all: Record<string, MetadataField> = {};
  if (frontMatter) {
    for (const [key, value] of Object.entries(frontMatter.data)) {
      const canonical = KEY_ALIASES[key.toLowerCase()] ?? key;
      const where = frontMatter.keys[key];
      if (!where || all[canonical]) continue;
      all[canonical] = { key, value, range: where.valueRange, keyRange: where.keyRange, source: 'front-matter' };
    }
  }

  // Headings and the kind of section every top-level block belongs to.
  const headings: Heading[] = [];
  const blocks: { node: RootContent; kind?: SectionKind; section?: number; people?: boolean; under?: Heading }[] = [];
  const stack: { depth: number; kind: SectionKind | null; section?: number; people?: boolean; heading?: Heading }[] = [];
  const sectionHeadings: { heading: Heading; index: number }[] = [];
  /** A heading's text and what it reads as, kept with its node. */
  const headingReading = (node: MdHeading): { read: Heading; meaning: HeadingReading } => {
    const reading = cache.readingOf(node);
    const read = (reading.heading ??= headingOf(node, at(node), text, lines));
    if (reading.section?.synonyms !== synonyms) reading.section = { synonyms, reading: readHeading(read.text) };
    return { read, meaning: reading.section.reading };
  };
  /**
   * Whether the `#` heading at `n` is the report's title: a summary or an outcomes section stands
   * under it. `# Q3 follow-ups` over `## Summary … ## Improvements … ## Actions` names the report,
   * and is no actions section holding the improvements as actions planned.
   */
  const titleOfReport = (n: number): boolean => {
    for (let m = n + 1; m < tree.children.length; m++) {
      const next = tree.children[m];
      if (next.type !== 'heading') continue;
      if (next.depth === 1) return false;
      const role = headingReading(next).meaning.role;
      if (role === 'summary' || role === 'outcomes') return true;
    }
    return false;
  };
  for (let n = 0; n < tree.children.length; n++) {
    const node = tree.children[n];
    if (node.type === 'yaml') continue;
    let read: Heading | undefined;
    let meaning: HeadingReading | undefined;
    if (node.type === 'heading') {
      ({ read, meaning } = headingReading(node));
      if (node.depth === 1 && (meaning.role === 'actions' || meaning.role === 'improvements') && titleOfReport(n)) meaning = asTitleOfReport(meaning);
    } else if (node.type === 'paragraph' || node.type === 'html') {
      // A title written as a paragraph (`**Action Items**`, an `Action Items` line over a list): a heading below every `#` level.
      const reading = cache.readingOf(node);
      const title = (reading.title ??= paragraphTitle(node, at(node), text, lines) ?? null);
      if (title) {
        const titleMeaning = readHeading(title.text);
        const next = tree.children[n + 1];
        if (title.bold || (isSectionRole(titleMeaning) && isWholePhrase(title.text, titleMeaning) && (next?.type === 'list' || next?.type === 'table'))) {
          read = title.heading;
          meaning = titleMeaning;
        }
      }
    }
    if (read && meaning) {
      const depth = read.depth;
      while (stack.length && stack[stack.length - 1].depth >= depth) stack.pop();
      const parent = stack[stack.length - 1];
      // Under an actions heading, improvements planned (`### Short-term improvements`) are actions; under
      // any section, a step such as `### Recovery` is a part of it.
      const grouped = (parent?.kind === 'actions' && meaning.role === 'improvements') || (!!parent?.kind && !!meaning.weak);
      const kind = meaning.role === 'neutral' || meaning.role === 'other' || grouped ? undefined : meaning.role;
      const neutral = meaning.role === 'neutral';
      // A copy: the reading is shared with other versions of the report, and the kind depends on settings.
      const heading: Heading = { text: read.text, depth, range: read.range, textRange: read.textRange, reading: meaning };
      if (read.paragraph) heading.paragraph = true;
      if (kind) heading.kind = kind;
      headings.push(heading);
      if (!kind && !neutral && parent?.kind) heading.within = parent.kind;
      if (kind) {
        sectionHeadings.push({ heading, index: headings.length - 1 });
        stack.push({ depth, kind, section: sectionHeadings.length - 1, heading });
      } else if (neutral) {
        stack.push({ depth, kind: null, heading });
      } else {
        // Under `## Attendees` or `## Who` the team is listed: the people an owner may be.
        const people = meaning.holds === PEOPLE || undefined;
        stack.push({ depth, kind: parent?.kind ?? null, section: parent?.section, people, heading });
      }
      continue;
    }
    const top = stack[stack.length - 1];
    blocks.push({ node, kind: top?.kind ?? undefined, section: top?.kind ? top.section : undefined, people: top?.people, under: top?.heading });
  }

  // Where each heading's section ends: at the next heading of the same or a higher level.
  const nextNotDeeper: (Heading | undefined)[] = new Array(headings.length);
  for (let i = headings.length - 1, open: number[] = []; i >= 0; i--) {
    while (open.length && headings[open[open.length - 1]].depth > headings[i].depth) open.pop();
    nextNotDeeper[i] = open.length ? headings[open[open.length - 1]] : undefined;
    open.push(i);
  }
  const blockStarts = blocks.map((b) => (b.node.position?.start.offset ?? 0) + bom);
  const sections: Section[] = sectionHeadings.map(({ heading, index }) => {
    const start = lines.offsetAt(heading.range.start);
    const next = nextNotDeeper[index];
    const end = next ? lines.offsetAt(next.range.start) : text.length;
    const bodyStart = Math.min(lines.lineEndWithBreak(heading.range.end.line), end);
    const bodyEnd = trimmedEnd(text, bodyStart, end);
    let empty = true;
    for (let b = firstAtOrAfter(blockStarts, bodyStart); b < blocks.length && blockStarts[b] < end; b++) {
      if (!isCommentOnly(blocks[b].node)) {
        empty = false;
        break;
      }
    }
    return { kind: heading.kind!, heading, range: range(start, bodyEnd), bodyRange: range(bodyStart, bodyEnd), empty };
  });

  const firstSectionStart = sections.length ? lines.offsetAt(sections[0].range.start) : text.length;

  // Sections written as labels with their text on the line (`**Impact:** 40% of calls failed`, as in
  // Google's SRE template, `**Areas for Improvement:** …` in exercise reports): each runs to the next label.
  const labelLines = new Set<number>();
  const labelled = new Set<RootContent>();
  for (const b of blocks) {
    if (b.node.type !== 'paragraph' && !(b.node.type === 'list' && at(b.node).start < firstSectionStart)) continue;
    const o = at(b.node);
    const reading = cache.readingOf(b.node);
    if (!(reading.hasColon ??= text.slice(o.start, o.end).includes(':'))) continue;
    const first = lines.positionAt(o.start).line;
    const last = lines.positionAt(o.end).line;
    const found: { line: number; label: MetadataLine; kind: SectionKind }[] = [];
    for (let line = first; line <= last; line++) {
      const label = readMetadataLine(lines, line);
      if (!label) continue;
      const kind = sectionOfLabel(label.label, readHeading);
      // A plain `Summary: …` counts among the metadata at the top, where it is prose; in the body a label must be bold.
      if (!kind || !(label.bold || (o.start < firstSectionStart && splitOn(label.value, WHITESPACE_RUNS).length >= 4))) continue;
      found.push({ line, label, kind });
    }
    if (!found.length) continue;
    if (found[0].line === first && b.node.type === 'paragraph') labelled.add(b.node);
    found.forEach(({ line, label, kind }, i) => {
      labelLines.add(line);
      const bodyEnd = trimmedEnd(text, label.valueStart, i + 1 < found.length ? lines.lineStart(found[i + 1].line) : o.end);
      const where = range(label.labelStart, label.labelEnd);
      const heading: Heading = { text: label.label, depth: 0, range: where, textRange: where, kind };
      const bodyText = text.slice(label.valueStart, bodyEnd).trim();
      sections.push({ kind, heading, range: range(label.labelStart, bodyEnd), bodyRange: range(label.valueStart, bodyEnd), empty: !bodyText, inline: true });
    });
  }

  // Categories laid out as a table's columns (`| Start doing | Stop doing | Keep doing |`), or as a line
  // over lines that start with a dash (`Start` then `-Pair on the pipeline work`): each is a section.
  const inlineItems: Item[] = [];
  for (const b of blocks) {
    if (b.kind === 'actions') continue;
    const found =
      b.node.type === 'table'
        ? categoryColumns(b.node, text, lines, at, readHeading)
        : b.node.type === 'paragraph'
          ? dashedCategory(b.node, lines, at, readHeading)
          : undefined;
    if (!found) continue;
    labelled.add(b.node);
    for (const category of found) {
      if (category.kind === 'neutral') continue;
      const heading: Heading = { text: category.title, depth: 0, range: category.titleRange, textRange: category.titleRange, kind: category.kind };
      const end = category.items.length ? category.items[category.items.length - 1].range.end : category.titleRange.end;
      sections.push({ kind: category.kind, heading, range: { start: category.titleRange.start, end }, bodyRange: { start: category.titleRange.end, end }, empty: !category.items.length, inline: true, categories: true });
      if (category.kind === 'outcomes' || category.kind === 'improvements') {
        for (const item of category.items) inlineItems.push({ text: item.text, range: item.range, section: category.kind });
      }
    }
  }
  for (const b of blocks) {
    if (b.node.type === 'table' && b.node.children.length === 2) readHeaderRowMetadata(b.node, all, text, lines, at, range);
  }

  // Bold-label and `Key: value` lines, and key/value tables, before the first section.
  const inlineMetadata: InlineMetadataLine[] = [];
  for (const b of blocks) {
    const o = at(b.node);
    if (o.start >= firstSectionStart) break;
    if (b.node.type === 'table') {
      readMetadataTable(b.node, all, text, lines, at, range);
      continue;
    }
    if (b.node.type !== 'paragraph' && b.node.type !== 'list') continue;
    for (let line = lines.positionAt(o.start).line; line <= lines.positionAt(o.end).line; line++) {
      if (labelLines.has(line)) continue;
      const found = readMetadataLine(lines, line);
      if (!found) continue;
      inlineMetadata.push({
        label: found.label,
        key: found.key,
        value: found.value,
        lineRange: range(line === 0 ? bom : lines.lineStart(line), lines.lineEndWithBreak(line)),
        valueRange: range(found.valueStart, found.valueEnd),
      });
      if (!all[found.key]) {
        all[found.key] = {
          key: found.label,
          value: found.value,
          range: range(found.valueStart, found.valueEnd),
          keyRange: range(found.labelStart, found.labelEnd),
          source: 'inline',
        };
      }
    }
  }
  // No summary heading: the opening paragraph under the title is the summary, as many teams write it.
  if (!sections.some((s) => s.kind === 'summary')) {
    const lead = leadParagraph(blocks, headings, text, lines, at);
    if (lead) {
      const where = range(lead.start, lead.start);
      const heading: Heading = { text: '', depth: 0, range: where, textRange: where, kind: 'summary' };
      sections.push({ kind: 'summary', heading, range: range(lead.start, lead.end), bodyRange: range(lead.start, lead.end), empty: false, inline: true, lead: true });
    }
  }
  sections.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);

  const metadata = typedMetadata(all);
  const todayYear = Number(options.today.slice(0, 4)) || new Date().getFullYear();
  const dateReading = metadata.date ? readDate(metadata.date.value, todayYear) : undefined;
  const year = dateReading?.iso ? Number(dateReading.iso.slice(0, 4)) : todayYear;
  // Read block by block: a keystroke reads again only the block it changed, not the whole report.
  const evidence: SlashDateEvidence[] = [];
  for (const node of tree.children) {
    for (const part of partsOf(node)) evidence.push((cache.readingOf(part).slashDates ??= slashDateEvidence(text.slice(at(part).start, at(part).end))));
  }
  const dateOrder = slashDateOrder(evidence);

  // Items: outcomes and improvements first, since actions point at improvement ids.
  const outcomes: Item[] = [];
  const improvements: Item[] = [];
  const summaryParts: string[] = [];
  const sectionsWithLists = new Set<number>();
  for (const b of blocks) if ((b.node.type === 'list' || b.node.type === 'table') && b.section !== undefined) sectionsWithLists.add(b.section);
  for (const b of blocks) {
    if (b.kind === 'summary') {
      const reading = cache.readingOf(b.node);
      summaryParts.push((reading.summary ??= plainText(text.slice(at(b.node).start, at(b.node).end))));
    }
    if (b.kind !== 'outcomes' && b.kind !== 'improvements') continue;
    // A paragraph that opens with a section's label is that section's item (read below), not this one's.
    if (labelled.has(b.node)) continue;
    // Where a section lists its items, a paragraph beside the list is a note about them, not an item.
    if (b.node.type === 'paragraph' && b.section !== undefined && sectionsWithLists.has(b.section)) continue;
    const reading = cache.readingOf(b.node);
    if (reading.items?.kind !== b.kind) reading.items = { kind: b.kind, items: itemsOf(b.node, b.kind, text, at, range) };
    const target = b.kind === 'outcomes' ? outcomes : improvements;
    for (const item of reading.items.items) target.push(item);
  }
  for (const s of sections) {
    if (!s.inline || s.categories) continue;
    const body = text.slice(lines.offsetAt(s.bodyRange.start), lines.offsetAt(s.bodyRange.end));
    if (s.kind === 'summary') summaryParts.unshift(plainText(body));
    if ((s.kind === 'outcomes' || s.kind === 'improvements') && body.trim()) {
      const target = s.kind === 'outcomes' ? outcomes : improvements;
      for (const item of labelItems(s, lines)) target.push(item);
    }
  }
  for (const item of inlineItems) (item.section === 'outcomes' ? outcomes : improvements).push(item);
  const improvementIds = new Set(improvements.map((i) => i.id?.value.toUpperCase()).filter((v): v is string => !!v));

  const actionGroups: Action[][] = [];
  /** Which ids a reading asked about: another improvement id list reads the block again only if one of those changed. */
  const readActions = (collect: (found: Action[], ctx: Ctx) => void) => readPartActions(improvementIds, year, dateOrder, collect, { items: cache.itemActions, text, lines, at, range });
  const fresh = (read: BlockReading['actions']) => !!read && read.year === year && read.dateOrder === dateOrder && sameAnswers(read.asked, improvementIds);
  /** Each part of a list in an actions section (not a list of people), with its group's place: what an edit in one part replaces. */
  const partGroups = new Map<RootContent, PartGroup>();
  const keepsShape = cache !== NO_MODEL_CACHE;
  const addGroup = (group: Action[], under: Heading | undefined, inActions: boolean) => {
    // What the heading above says of every action under it: `### Immediate actions (Completed)`, `### Long-term (Q2 2026)`.
    const noted = inActions && under?.reading?.ignored.length ? withHeadingNotes(group, under, year, dateOrder, lines) : group;
    if (noted.length) actionGroups.push(noted);
  };
  for (const b of blocks) {
    if (b.node.type !== 'list' && b.node.type !== 'table') continue;
    const inActions = b.kind === 'actions';
    // Elsewhere only items marked as actions are; a list with no such word is not walked.
    if (!inActions && b.node.type !== 'list') continue;
    // A long list part by part (see partsOf): a keystroke reads again, and the rules check again, only the part it touched.
    const parts = partsOf(b.node);
    // A long table's rows are read part by part under the table's header, which they depend on.
    const head = b.node.type === 'table' && parts.length > 1 ? tableHeadText(b.node, text, at) : undefined;
    const headLine = head === undefined ? undefined : lines.positionAt(at(b.node).start).line;
    for (const node of parts) {
      const reading = cache.readingOf(node);
      if (!inActions && !(reading.mayHoldMarker ??= MAY_HOLD_MARKER.test(text.slice(at(node).start, at(node).end)))) continue;
      let read = inActions ? reading.actions : reading.markedActions;
      if (!fresh(read) || read!.head !== head) {
        read = readActions((found, ctx) => {
          if (!inActions) collectMarkedActions(node as List, found, ctx);
          else if (node.type === 'list') collectListActions(node, found, ctx);
          else collectTableActions(b.node as Table, found, ctx, head === undefined ? undefined : (node as Table).children);
        });
        read.head = head;
        if (inActions) reading.actions = read;
        else reading.markedActions = read;
      } else if (headLine !== undefined && read!.actions.length && lineOfAction(read!.actions, 0, delimiterLine) !== headLine + 1) {
        // The part moved apart from its table's header (a row typed above it): its actions, moved with
        // the part, are told where the header stands now.
        read = { ...read!, actions: withTableHead(read!.actions, headLine, lines) };
        if (inActions) reading.actions = read;
        else reading.markedActions = read;
      }
      const groupsBefore = actionGroups.length;
      addGroup(read!.actions, b.under, inActions);
      // Kept for the next version of an edited document only: a one-off analysis (`aar lint`, the index) has none.
      if (keepsShape && inActions && !b.people && node.type === 'list') partGroups.set(node, { at: groupsBefore, grouped: actionGroups.length > groupsBefore, under: b.under });
    }
  }

  // The people the report lists (`## Attendees`, `## Who`) are on its roster, as its `participants:` would be.
  const listed: Person[] = [];
  for (const b of blocks) {
    if (!b.people || b.node.type !== 'list') continue;
    const reading = cache.readingOf(b.node);
    reading.people ??= peopleListedIn(b.node, text, at);
    for (const person of reading.people) listed.push(person);
  }
  const roster = rosterOf(all, options.config.roster, listed);
  let knownNames = cache === NO_MODEL_CACHE ? undefined : knownNamesOf.get(cache);
  if (!knownNames) {
    knownNames = new KnownNames();
    if (cache !== NO_MODEL_CACHE) knownNamesOf.set(cache, knownNames);
  }
  const groups = ownersFromSubjects(actionGroups, roster, text, lines, knownNames);
  const report = ReportWithLazyActions.of({
    uri: options.uri,
    text,
    detectedBy: options.detectedBy,
    frontMatter,
    inlineMetadata,
    metadata,
    headings,
    sections,
    summary: summaryParts.filter(Boolean).join('\n\n') || undefined,
    outcomes,
    improvements,
    actionGroups: groups,
    blocks: blocksOf(tree),
    roster,
    teamListed: listed.length > 0 && headings.some(isAttendeesHeading),
    disable: disableDirectives(text, lines, tree, at),
    year,
    dateOrder,
    eol: eolOf(text),
  });
  if (keepsShape) lastShapes.set(cache, { text, options, bom, lineCount: lines.lineCount, blocks: tree.children, report, partGroups, groups: actionGroups, improvementIds, knownNames });
  return report;
}

/** A part's actions, with the ids whose being an improvement's id they depend on: another improvement id list reads the part again only if one of those changed. */
function readPartActions(
  improvementIds: ReadonlySet<string>,
  year: number,
  dateOrder: DateOrder | undefined,
  collect: (found: Action[], ctx: Ctx) => void,
  base: Pick<Ctx, 'items' | 'text' | 'lines' | 'at' | 'range'>,
): NonNullable<BlockReading['actions']> {
  const asked = new Map<string, boolean>();
  const askedIds = {
    has(id: string) {
      const is = improvementIds.has(id);
      asked.set(id, is);
      return is;
    },
  };
  const found: Action[] = [];
  // The fields in the order every Ctx has them (see itemActionOf).
  collect(found, { items: base.items, text: base.text, lines: base.lines, at: base.at, range: base.range, year, dateOrder, improvementIds: askedIds });
  return { year, dateOrder, asked, actions: found, head: undefined };
}

/** The report's blocks: the tree's, but for the front matter (only ever the first). */
function blocksOf(tree: Root): RootContent[] {
  return tree.children[0]?.type === 'yaml' ? tree.children.slice(1) : tree.children;
}


/** What the last version of a document was built from, for the next version to keep what an edit in one line did not change. */
interface LastShape {
  text: string;
  options: BuildOptions;
  bom: number;
  lineCount: number;
  /** The tree's top-level nodes. */
  blocks: RootContent[];
  report: Report;
  partGroups: Map<RootContent, PartGroup>;
  /** The action groups before owners were read from their words. */
  groups: Action[][];
  improvementIds: ReadonlySet<string>;
  knownNames: KnownNames;
}
const lastShapes = new ObjectCache<ModelCache, LastShape | undefined>();

/**
 * Where a part of a list in an actions section stands among the report's action groups: its group's
 * index when it has actions (`grouped`); else the index a group of its would have, the number of
 * groups before it.
 */
interface PartGroup {
  at: number;
  grouped: boolean;
  under: Heading | undefined;
}

const NO_SLASH_DATES: SlashDateEvidence = { md: false, dm: false };
const NO_DIRECTIVES: Directive[] = [];

/**
 * The report of a version that differs from the last one only within one line of a part of a list
 * in an actions section (see sameShape.ts): the last report with that part's actions read again,
 * and the sections that end on the line ending where it now does. Undefined when the edit changed
 * anything else the model reads: the report is then built in full.
 */
function reportOfSameShape(
  last: LastShape,
  text: string,
  tree: Root,
  lines: LineMap,
  options: BuildOptions,
  cache: ModelCache,
  bom: number,
  at: (node: Nodes) => Offsets,
  range: (start: number, end: number) => Range,
): Report | undefined {
  const change = options.change;
  const lastOptions = last.options;
  if (!change || change.before !== last.text || bom !== last.bom || lines.lineCount !== last.lineCount) return undefined;
  if (options.config !== lastOptions.config || options.today !== lastOptions.today || options.uri !== lastOptions.uri) return undefined;
  if (!withinOneLine(change, text)) return undefined;
  const line = lines.positionAt(change.start).line;
  const changed = changedListPart(last.blocks, tree.children, change, text, line, bom);
  if (!changed) return undefined;
  const { part, was, before } = changed;
  // A part made (`-` typed on a blank line in or after a list) has its group's place after the part above it.
  const above = before && last.partGroups.get(before.was);
  const group = was ? last.partGroups.get(was) : above && { at: above.at + (above.grouped ? 1 : 0), grouped: false, under: above.under };
  if (!group || (before && !above)) return undefined;
  // The report's date order holds while the part writes its slash dates the same ways (a part made or taken away, none).
  const evidence = part ? (cache.readingOf(part).slashDates ??= slashDateEvidence(text.slice(at(part).start, at(part).end))) : NO_SLASH_DATES;
  const wasEvidence = was ? cache.readingOf(was).slashDates : NO_SLASH_DATES;
  if (!wasEvidence || evidence.md !== wasEvidence.md || evidence.dm !== wasEvidence.dm) return undefined;
  // Nor may the part hold a directive that turns rules off, before or after.
  const wasDirectives = was ? directivesOf.get(was) : NO_DIRECTIVES;
  if (!wasDirectives || wasDirectives.length || (part && directivesOfBlock(part, text, at).length)) return undefined;
  // The edited line as it is and as it was: the same start, its length less what the edit added.
  const lineStart = lines.lineStart(line);
  const lineNow = text.slice(lineStart, lines.lineEnd(line));
  const lineBefore = change.before.slice(lineStart, lineStart + lineNow.length - (text.length - change.before.length));
  const sections = sectionsAfterLineEdit(last.report.sections, line, lineBefore, lineNow, () => lines.positionAt(trimmedEnd(text, 0, lineStart)));
  if (!sections) return undefined;

  const { year, dateOrder } = last.report;
  let actions: Action[] = [];
  if (part) {
    const read = readPartActions(last.improvementIds, year, dateOrder, (found, ctx) => collectEditedPartActions(part as List, line, found, ctx), { items: cache.itemActions, text, lines, at, range });
    cache.readingOf(part).actions = read;
    actions = group.under?.reading?.ignored.length ? withHeadingNotes(read.actions, group.under, year, dateOrder, lines) : read.actions;
  }
  // The part's group replaced, or made or taken away when the part's first action is typed or its last deleted (`- [`, `- [ ]`).
  const groupChange: GroupChange = { index: group.at, removed: group.grouped, added: actions.length > 0 };
  const groups = last.groups.slice();
  if (groupChange.removed && groupChange.added) groups[groupChange.index] = actions;
  else if (groupChange.added) groups.splice(groupChange.index, 0, actions);
  else if (groupChange.removed) groups.splice(groupChange.index, 1);
  const report = ReportWithLazyActions.after(last.report, {
    text,
    detectedBy: options.detectedBy,
    sections,
    actionGroups: groupChange.removed || groupChange.added ? ownersAfterOneGroup(last.groups, last.report.actionGroups, groupChange, groups, last.report.roster, text, lines, last.knownNames) : last.report.actionGroups,
    blocks: blocksOf(tree),
  });
  // Parts parsed again that read as they did (the part above one made is cut before it now) are what they were.
  for (const [from, to] of changed.reparsed) {
    cache.readAgainAs(from, to);
    const found = directivesOf.get(from);
    if (found) directivesOf.set(to, found);
    const place = last.partGroups.get(from);
    if (place) {
      last.partGroups.delete(from);
      last.partGroups.set(to, place);
    }
  }
  const moved = groupChange.added ? 1 : -1;
  if (part) {
    if (was) last.partGroups.delete(was);
    last.partGroups.set(part, { at: group.at, grouped: groupChange.added, under: group.under });
    if (groupChange.added !== groupChange.removed) movePartGroups(last.partGroups, part, moved, at);
  } else {
    if (groupChange.removed) movePartGroups(last.partGroups, was!, moved, at);
    last.partGroups.delete(was!);
  }
  // The last shape is this call's: it was taken out of lastShapes above.
  last.text = text;
  last.options = options;
  last.blocks = tree.children;
  last.report = report;
  last.groups = groups;
  lastShapes.set(cache, last);
  return report;
}

/**
 * A report whose `actions` are joined from its groups when first asked for: the groups a keystroke
 * did not touch may be lazy copies (see lazyGroup). The getter is the class's, not each report's:
 * an accessor in an object literal gives every report a hidden class of its own, which V8 makes in
 * old space, holding the accessor's closures and through them the whole version they read, past
 * every scavenge until a full collection (docs/architecture.md).
 */
class ReportWithLazyActions {
  /**
   * A report with the fields of the first one made, emptied, kept for as long as the class: V8
   * keeps the hidden class that the fields give reports only while one lives, and after a full
   * collection with none alive it made the class anew and threw away the code the rules had
   * compiled for the old one.
   */
  static keptForItsHiddenClass: ReportWithLazyActions | undefined;

  static of(fields: Omit<Report, 'actions'>): Report {
    ReportWithLazyActions.keptForItsHiddenClass ??= Object.assign(new ReportWithLazyActions(), emptied(fields));
    return Object.assign(new ReportWithLazyActions(), fields) as Report;
  }

  /**
   * A report with the fields of `last` but `changes`, copied once: the fields land in `last`'s
   * order, so the report has its hidden class. `actions` is not a field of `last`'s own (it is the
   * class's getter), so it is worked out again from the new groups.
   */
  static after(last: Report, changes: Pick<Report, 'text' | 'detectedBy' | 'sections' | 'actionGroups' | 'blocks'>): Report {
    return Object.assign(new ReportWithLazyActions(), last, changes) as Report;
  }

  #actions: Action[] | undefined;
  declare actionGroups: Action[][];

  get actions(): Action[] {
    return (this.#actions ??= concatAll(this.actionGroups));
  }

  set actions(value: Action[]) {
    this.#actions = value;
  }
}

/** The fields in the same order, numbers as 0 and the rest undefined: the same hidden class, holding nothing. */
function emptied(fields: object): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(fields)) out[key] = typeof value === 'number' ? 0 : undefined;
  return out;
}

/** Whether the set gives the answers recorded in `asked` (id → whether the set had it). */
function sameAnswers(asked: Map<string, boolean>, set: ReadonlySet<string>): boolean {
  let same = true;
  asked.forEach((was, id) => (same &&= set.has(id) === was));
  return same;
}

/** Index of the first of the ascending `values` that is at least `value` (their length when none is). */
function firstAtOrAfter(values: number[], value: number): number {
  let lo = 0;
  let hi = values.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (values[mid] < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The end of a paragraph's words: a trailing `<!-- comment -->` is a note about the item, so fields go before it. */
function beforeTrailingComments(text: string, start: number, end: number): number {
  let e = trimmedEnd(text, start, end);
  while (text.startsWith('-->', e - 3)) {
    const open = text.lastIndexOf('<!--', e - 3);
    if (open <= start) break;
    const before = trimmedEnd(text, start, open);
    if (before <= start) break;
    e = before;
  }
  return e;
}

function isCommentOnly(node: RootContent): boolean {
  return node.type === 'html' && /^\s*(?:<!--[\s\S]*?-->\s*)+$/.test(node.value);
}

function headingOf(node: MdHeading, o: Offsets, text: string, lines: LineMap): Heading {
  const firstLine = lines.positionAt(o.start).line;
  const raw = text.slice(o.start, o.end);
  let textStart = o.start;
  let textEnd = o.end;
  const atx = /^(#{1,6})[ \t]*/.exec(raw);
  if (atx) {
    textStart = o.start + atx[0].length;
    const closing = /[ \t]+#+[ \t]*$|[ \t]*$/.exec(raw);
    textEnd = o.start + (closing ? raw.length - closing[0].length : raw.length);
    if (textEnd < textStart) textEnd = textStart;
  } else {
    // Setext: the text is everything above the underline.
    const underlineLine = lines.positionAt(o.end).line;
    textEnd = trimmedEnd(text, o.start, lines.lineStart(underlineLine));
  }
  return {
    text: plainText(text.slice(textStart, textEnd)),
    depth: node.depth,
    // On line 0 a line starts after the BOM, so that no edit of the line removes it.
    range: { start: { line: firstLine, character: firstLine === 0 && text.charCodeAt(0) === 0xfeff ? 1 : 0 }, end: lines.positionAt(o.end) },
    textRange: lines.range(textStart, textEnd),
  };
}

const MAY_HOLD_MARKER = /action|todo/i;

/** Paragraph titles stand below every `#` level: a `#####` heading still ends the section one opens. */
export const PARAGRAPH_TITLE_DEPTH = 7;

const BOLD_TITLE = /^[ \t]*(\*\*|__)(?!\s)([^*_\n]{1,80}?)\s*:?\s*\1[ \t]*:?[ \t]*$/;
const PLAIN_TITLE = /^[ \t]*([\p{L}][\p{L}\p{N}'’ &/-]{1,60}?)[ \t]*:?[ \t]*$/u;
const HTML_TITLE = /^[ \t]*<(p|h[1-6])>\s*(?:<(strong|b)>)?([^<>\n]{1,80}?)(?:<\/\2>)?\s*<\/\1>[ \t]*$/i;

/**
 * A one-line paragraph that is a title: bold alone on its line (`**Action Items**`, `**Impact:**`),
 * an HTML title (`<p><strong>What happened?</strong></p>`), or a plain short line (`Action items`),
 * which counts only where it names a section and a list or table follows (the caller checks that).
 */
function paragraphTitle(node: RootContent, o: Offsets, text: string, lines: LineMap): { heading: Heading; text: string; bold: boolean } | undefined {
  const raw = text.slice(o.start, o.end);
  if (raw.includes('\n') || raw.length > 120) return undefined;
  let inner: { start: number; end: number } | undefined;
  let bold = false;
  const b = node.type === 'paragraph' ? BOLD_TITLE.exec(raw) : undefined;
  const h = node.type === 'html' ? HTML_TITLE.exec(raw) : undefined;
  const plain = node.type === 'paragraph' && !b ? PLAIN_TITLE.exec(raw) : undefined;
  if (b) {
    const start = o.start + raw.indexOf(b[2], b[1].length);
    inner = { start, end: start + b[2].length };
    bold = true;
  } else if (h) {
    const start = o.start + raw.indexOf(h[3], raw.indexOf('>') + 1);
    inner = { start, end: start + h[3].length };
    bold = true;
  } else if (plain) {
    const start = o.start + raw.indexOf(plain[1]);
    inner = { start, end: start + plain[1].length };
  }
  if (!inner) return undefined;
  const title = plainText(text.slice(inner.start, inner.end)).replace(/[\s:]+$/, '');
  if (!title || splitOn(title, WHITESPACE_RUNS).length > 16) return undefined;
  const line = lines.positionAt(o.start).line;
  const heading: Heading = {
    text: title,
    depth: PARAGRAPH_TITLE_DEPTH,
    range: { start: { line, character: lines.positionAt(o.start).character }, end: lines.positionAt(o.end) },
    textRange: lines.range(inner.start, inner.end),
    paragraph: true,
  };
  return { heading, text: title, bold };
}

function isSectionRole(reading: HeadingReading): boolean {
  return reading.role !== 'other' && reading.role !== 'neutral';
}

/** A heading's reading as the report's title: its phrase kept, for the hover that says why. */
function asTitleOfReport(meaning: HeadingReading): HeadingReading {
  return { role: 'other', phrase: meaning.phrase, source: meaning.source, ignored: meaning.ignored, outranked: [], holds: 'the title of the report' };
}

/** Whether the title is the phrase and nothing more (`Action items`, not `Action items were discussed at length`). */
function isWholePhrase(title: string, reading: HeadingReading): boolean {
  return headingWords(headingCore(title).core).join(' ') === headingWords(reading.phrase ?? '').join(' ');
}

interface MetadataLine {
  label: string;
  key: string;
  value: string;
  bold: boolean;
  labelStart: number;
  labelEnd: number;
  valueStart: number;
  valueEnd: number;
}

const BOLD_LABEL = /^(\s*(?:[-*+]\s+)?)(\*\*|__)([^*_:\n]{1,40}?)\s*(:?)\s*\2\s*(:?)[ \t]*(.*?)\s*$/;
/** The section a label names (`Impact`, `Areas for Improvement 1.1`, `Strengths`), never the actions: a label's text is one line. */
function sectionOfLabel(label: string, readHeading: (heading: string) => HeadingReading): SectionKind | undefined {
  const core = label.replace(/\s*\d+(?:\.\d+)*\s*$/, '').trim();
  if (!core) return undefined;
  const reading = readHeading(core);
  if (!isSectionRole(reading) || reading.role === 'actions' || !isWholePhrase(core, reading)) return undefined;
  return reading.role as SectionKind;
}

/** Metadata kept in a table at the top (`| **Participants** | Rosa Lima, Tom Becker |`): known keys only. */
function readMetadataTable(table: Table, all: Record<string, MetadataField>, text: string, lines: LineMap, at: (n: Nodes) => Offsets, range: Ctx['range']): void {
  const first = lines.positionAt(at(table).start).line;
  const last = lines.positionAt(at(table).end).line;
  for (let line = first; line <= last; line++) {
    if (line === first + 1) continue;
    const cells = splitTableLine(lines.lineText(line), lines.lineStart(line));
    if (cells.length < 2) continue;
    const label = plainText(text.slice(cells[0].start, cells[0].end)).replace(/:$/, '').trim();
    const key = KEY_ALIASES[label.toLowerCase()];
    const value = plainText(text.slice(cells[1].start, cells[1].end));
    if (!key || !value || all[key]) continue;
    all[key] = { key: label, value, range: range(cells[1].start, cells[1].end), keyRange: range(cells[0].start, cells[0].end), source: 'inline' };
  }
}

/**
 * A label's items: the text on its line, or, when the label stands alone (`* **STOP DOING**:`),
 * each item listed under it.
 */
function labelItems(section: Section, lines: LineMap): Item[] {
  const { start, end } = section.bodyRange;
  const kind = section.kind;
  const firstText = lines.lineText(start.line).slice(start.character).trim();
  const out: Item[] = [];
  if (!firstText && end.line > start.line) {
    for (let line = start.line + 1; line <= end.line; line++) {
      const m = /^(\s*(?:[-*+]|\d+[.)])\s+)(.*?)\s*$/.exec(lines.lineText(line));
      if (!m) continue;
      const from = lines.lineStart(line) + m[1].length;
      const words = plainText(m[2]);
      if (words) out.push({ text: words, range: lines.range(from, from + m[2].length), section: kind });
    }
    if (out.length) return out;
  }
  const whole = plainText(lines.text.slice(lines.offsetAt(start), lines.offsetAt(end)));
  return whole ? [{ text: whole, range: section.bodyRange, section: kind }] : [];
}

interface Category {
  kind: SectionKind | 'neutral';
  title: string;
  titleRange: Range;
  items: { text: string; range: Range }[];
}

/** The role of a category's title, when it names outcomes, improvements or what went well and nothing more. */
function categoryRole(title: string, readHeading: (heading: string) => HeadingReading): SectionKind | 'neutral' | undefined {
  const reading = readHeading(title);
  if (reading.role !== 'outcomes' && reading.role !== 'improvements' && reading.role !== 'neutral') return undefined;
  return isWholePhrase(title, reading) ? reading.role : undefined;
}

/** A table whose every header cell is a category (`| ▶️ Start doing | 🛑 Stop doing | 🙌 Keep doing |`): its columns. */
function categoryColumns(table: Table, text: string, lines: LineMap, at: (n: Nodes) => Offsets, readHeading: (heading: string) => HeadingReading): Category[] | undefined {
  const headerLine = lines.positionAt(at(table).start).line;
  const header = splitTableLine(lines.lineText(headerLine), lines.lineStart(headerLine));
  const out: Category[] = [];
  for (const cell of header) {
    const title = plainText(text.slice(cell.start, cell.end));
    if (!title) return undefined;
    const kind = categoryRole(title, readHeading);
    if (!kind) return undefined;
    out.push({ kind, title, titleRange: lines.range(cell.start, cell.end), items: [] });
  }
  if (out.length < 2 || !out.some((c) => c.kind !== 'neutral')) return undefined;
  for (const row of table.children.slice(1)) {
    const line = lines.positionAt(at(row).start).line;
    splitTableLine(lines.lineText(line), lines.lineStart(line)).forEach((cell, i) => {
      const words = plainText(text.slice(cell.start, cell.end));
      if (words && out[i]) out[i].items.push({ text: words, range: lines.range(cell.start, cell.end) });
    });
  }
  return out;
}

/** `Start` on a line, then `-item` lines (dashes without a space: not a Markdown list). */
function dashedCategory(node: RootContent, lines: LineMap, at: (n: Nodes) => Offsets, readHeading: (heading: string) => HeadingReading): Category[] | undefined {
  const o = at(node);
  const first = lines.positionAt(o.start).line;
  const last = lines.positionAt(o.end).line;
  if (last === first) return undefined;
  const title = plainText(lines.lineText(first)).replace(/:$/, '');
  const kind = title && splitOn(title, WHITESPACE_RUNS).length <= 4 ? categoryRole(title, readHeading) : undefined;
  if (!kind) return undefined;
  const items: Category['items'] = [];
  for (let line = first + 1; line <= last; line++) {
    const m = /^(\s*[-*•+])(\S.*?)\s*$/.exec(lines.lineText(line));
    if (!m) return undefined;
    const start = lines.lineStart(line) + m[1].length;
    items.push({ text: plainText(m[2]), range: lines.range(start, start + m[2].length) });
  }
  const titleStart = lines.lineStart(first) + lines.lineText(first).indexOf(lines.lineText(first).trim());
  return [{ kind, title, titleRange: lines.range(titleStart, titleStart + lines.lineText(first).trim().length), items }];
}

/** A table of metadata written across (`| Date | Team | Participants |` over one row of values). */
function readHeaderRowMetadata(table: Table, all: Record<string, MetadataField>, text: string, lines: LineMap, at: (n: Nodes) => Offsets, range: Ctx['range']): void {
  const headerLine = lines.positionAt(at(table).start).line;
  const header = splitTableLine(lines.lineText(headerLine), lines.lineStart(headerLine));
  const keys = header.map((c) => KEY_ALIASES[plainText(text.slice(c.start, c.end)).toLowerCase()]);
  if (keys.length < 2 || keys.some((k) => !k)) return;
  const rowLine = lines.positionAt(at(table.children[1]).start).line;
  const values = splitTableLine(lines.lineText(rowLine), lines.lineStart(rowLine));
  keys.forEach((key, i) => {
    const cell = values[i];
    const value = cell && plainText(text.slice(cell.start, cell.end));
    if (!key || !value || all[key]) return;
    all[key] = { key: plainText(text.slice(header[i].start, header[i].end)), value, range: range(cell.start, cell.end), keyRange: range(header[i].start, header[i].end), source: 'inline' };
  });
}

/** Labels of sections that count written plain (`Summary: …`) among the metadata at the top. */
const PLAIN_SECTION_LABELS = new Set(['summary', 'overview', 'executive summary', 'impact', 'outcome', 'outcomes', 'results']);

const PLAIN_LABEL = /^(\s*(?:[-*+]\s+)?)([A-Za-z][A-Za-z /-]{1,30}?)[ \t]*:[ \t]+(.+?)\s*$/;

function readMetadataLine(lines: LineMap, line: number): MetadataLine | undefined {
  const start = lines.lineStart(line);
  const s = lines.lineText(line);
  let m = BOLD_LABEL.exec(s);
  if (m && (m[4] || m[5])) {
    const label = m[3].trim();
    const labelStart = start + m[1].length;
    const valueStart = start + s.length - (m[6].length + (s.length - s.trimEnd().length));
    return {
      label,
      key: canonicalKey(label),
      value: plainText(m[6]),
      bold: true,
      labelStart,
      labelEnd: labelStart + m[2].length * 2 + m[3].length + m[4].length + (m[5] ? 1 : 0),
      valueStart,
      valueEnd: valueStart + m[6].length,
    };
  }
  m = PLAIN_LABEL.exec(s);
  // Plain `Key: value` lines count only for known keys: prose often has a colon.
  if (m && (KEY_ALIASES[m[2].trim().toLowerCase()] || PLAIN_SECTION_LABELS.has(m[2].trim().toLowerCase()))) {
    const labelStart = start + m[1].length;
    const valueStart = start + s.lastIndexOf(m[3]);
    return {
      label: m[2].trim(),
      key: canonicalKey(m[2]),
      value: plainText(m[3]),
      bold: false,
      labelStart,
      labelEnd: labelStart + m[2].length,
      valueStart,
      valueEnd: valueStart + m[3].length,
    };
  }
  return undefined;
}

function canonicalKey(label: string): string {
  const l = label.trim().toLowerCase();
  return KEY_ALIASES[l] ?? l.replace(/[^a-z0-9]+/g, '_').replace(/^_|_$/g, '');
}

function typedMetadata(all: Record<string, MetadataField>): Metadata {
  const pick = (key: string): MetadataField<string> | undefined => {
    const f = all[key];
    if (!f) return undefined;
    const v = f.value;
    if (v instanceof Date && !isNaN(v.getTime())) return { ...f, value: v.toISOString().slice(0, 10) };
    if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return { ...f, value: String(v) };
    return undefined;
  };
  const md: Metadata = { all };
  const put = <K extends keyof Omit<Metadata, 'all'>>(k: K, key: string) => {
    const f = pick(key);
    if (f) md[k] = f;
  };
  put('title', 'title');
  put('type', 'type');
  put('date', 'date');
  put('trigger', 'trigger');
  put('milestone', 'milestone');
  put('deliveryOwner', 'delivery_owner');
  put('status', 'status');
  put('zone', 'zone');
  return md;
}

/**
 * The last roster worked out for each configured roster: a keystroke rarely changes who a report
 * names, and merging rosters compares every person with every other.
 */
const rosterMemo = new ObjectCache<Person[], { key: string; listed: Person[]; roster: Person[] }>();

function rosterOf(all: Record<string, MetadataField>, configured: Person[], listed: Person[]): Person[] {
  const key = JSON.stringify([all.delivery_owner?.value, all.team?.value, all.participants?.value]);
  const last = rosterMemo.get(configured);
  if (last && last.key === key && last.listed.length === listed.length && last.listed.every((p, i) => p === listed[i])) return last.roster;
  const roster = workOutRoster(all, configured, listed);
  rosterMemo.set(configured, { key, listed, roster });
  return roster;
}

function workOutRoster(all: Record<string, MetadataField>, configured: Person[], listed: Person[]): Person[] {
  const own: Person[] = [];
  const dOwner = all.delivery_owner?.value;
  if (typeof dOwner === 'string' && !isPlaceholderOwner(dOwner)) {
    for (const p of parsePeople(dOwner, 'report')) own.push({ ...p, deliveryOwner: true });
  }
  for (const key of ['team', 'participants']) {
    const v = all[key]?.value;
    if (v !== undefined) own.push(...parsePeople(v, 'report').filter((p) => !isPlaceholderOwner(p.handle ?? p.name ?? '')));
  }
  own.push(...listed);
  return mergeRosters(mergeRosters([], own), configured);
}

/**
 * The status and due date a heading's notes give the actions under it that say none themselves:
 * `(Completed)`, `(In Progress - [issue #39133](…))`, `(Q4 2025 - Q1 2026)` (due at the end of the range).
 */
function headingNotes(heading: Heading, year: number, dateOrder: DateOrder | undefined, lines: LineMap): { status?: ActionStatus; due?: DueDate } {
  const out: { status?: ActionStatus; due?: DueDate } = {};
  const line = lines.lineText(heading.textRange.start.line);
  // Only notes in brackets: a date after a dash (`## Retro Action Items - 04/04/2023`) is when the retro was held.
  for (const note of heading.reading?.ignored ?? []) {
    if (!/^[([]/.test(note)) continue;
    for (const part of splitOn(plainText(note.replace(/^[([{]|[)\]}]$/g, '')), NOTE_PARTS)) {
      const status = readStatus(part);
      if (status) out.status ??= status;
      const due = DUE_NOTE.exec(part);
      const written = due?.[1] ?? (PERIOD_NOTE.test(part) ? part : undefined);
      const date = written ? readDate(written, year, dateOrder) : undefined;
      const at = written ? line.lastIndexOf(written) : -1;
      if (date?.iso && at >= 0) {
        const l = heading.textRange.start.line;
        out.due = { raw: written!, iso: date.iso, range: { start: { line: l, character: at }, end: { line: l, character: at + written!.length } }, inherited: true };
      }
    }
  }
  return out;
}

const DUE_NOTE = /^(?:due|by|eta|target(?:\s+date)?|deadline|estimated\s+completion)\s*:?\s*(.+)$/i;
const PERIOD_NOTE = /^(?:Q[1-4]\s+\d{4}|\d{4}[-\s]?Q[1-4]|[A-Za-z]{3,9}\.?\s+\d{4})$/;

const headingNotesMemo = new ObjectCache<Action[], { key: string; group: Action[] }>();

function withHeadingNotes(group: Action[], heading: Heading, year: number, dateOrder: DateOrder | undefined, lines: LineMap): Action[] {
  const notes = headingNotes(heading, year, dateOrder, lines);
  if (!notes.status && !notes.due) return group;
  const key = JSON.stringify(notes);
  const memo = headingNotesMemo.get(group);
  if (memo?.key === key) return memo.group;
  const read = group.map((a) => {
    const status = notes.status && a.status === 'open' && !a.statusRaw && !a.checkbox ? notes.status : undefined;
    const due = notes.due && !a.due ? notes.due : undefined;
    return status || due ? { ...a, ...(status ? { status } : {}), ...(due ? { due } : {}) } : a;
  });
  const result = read.every((a, i) => a === group[i]) ? group : read;
  headingNotesMemo.set(group, { key, group: result });
  return result;
}

/** What a heading of the people involved holds (the heading vocabulary's words for it). */
const PEOPLE = 'the people involved';

/**
 * A heading over the people of the review itself (`## Attendees`, `## Who`), whose list is the team that
 * owners are checked against; responders, contacts or participating organisations are people, not that team.
 */
function isAttendeesHeading(heading: Heading): boolean {
  const reading = heading.reading;
  return !!reading?.phrase && reading.holds === PEOPLE && /^(?:attendees|attendance|participants|who|who was there|present|team members)$/i.test(reading.phrase) && isWholePhrase(heading.text, reading);
}

/** The people listed under `## Attendees`: one per item (`[@amara]`, `Stephen Lowe`, `Incident commander: @amir, @bea`). */
function peopleListedIn(list: List, text: string, at: (n: Nodes) => Offsets): Person[] {
  const out: Person[] = [];
  for (const li of list.children) {
    const para = li.children.find((c) => c.type === 'paragraph');
    if (!para) continue;
    const raw = plainText(text.slice(at(para).start, at(para).end).replace(/\[([^\]]*)\](?!\()/g, '$1'))
      .replace(/\([^()]*\)/g, ' ')
      .replace(/^[^:@]{1,40}:\s*/, '');
    for (const part of splitOn(raw, LIST_SEPARATORS)) {
      const person = parsePerson(part.trim(), 'report');
      const name = person?.name ?? '';
      if (!person || isPlaceholderOwner(person.handle ?? name) || splitOn(name, WHITESPACE_RUNS).length > 4) continue;
      out.push(person);
    }
  }
  return out;
}

/** The first paragraph of prose under the title, before any other heading: a summary without a heading. */
function leadParagraph(
  blocks: { node: RootContent; kind?: SectionKind }[],
  headings: Heading[],
  text: string,
  lines: LineMap,
  at: (n: Nodes) => Offsets,
): Offsets | undefined {
  const title = headings[0]?.depth === 1 ? headings[0] : undefined;
  if (!title) return undefined;
  const from = lines.offsetAt(title.range.end);
  const next = headings.find((h) => h !== title);
  const to = next ? lines.offsetAt(next.range.start) : text.length;
  for (const b of blocks) {
    const o = at(b.node);
    if (o.start < from) continue;
    if (o.start >= to || b.kind) break;
    if (b.node.type !== 'paragraph') continue;
    const words = splitOn(plainText(text.slice(o.start, o.end)), WHITESPACE_RUNS).length;
    const first = lines.positionAt(o.start).line;
    const last = lines.positionAt(o.end).line;
    let metadata = true;
    for (let line = first; line <= last && metadata; line++) metadata = !!readMetadataLine(lines, line);
    if (words >= 6 && !metadata) return o;
  }
  return undefined;
}

/**
 * Owners a reader sees in the words of the item, where nothing marks them: a person the report
 * knows (its roster, its attendees, another action's owner) opening the item (`Joe: subscribe…`,
 * `Sam will set up…`, `Ana, Ben quarantine…`, `Ty to confirm…`) or named first in its closing
 * parentheses (`(Jenn to write issue)`); and organisations' codes before a colon (`FSA/NB: …`).
 * Actions are copied, never changed: the readings are shared with other versions of the report.
 */
const rosterNamesMemo = new ObjectCache<Person[], { names: Set<string>; fullNames: Map<string, string> }>();

/** The folded names (handles, names, unique first names) an owner may be written as, per roster. */
function rosterNames(roster: Person[]): { names: Set<string>; fullNames: Map<string, string> } {
  let out = rosterNamesMemo.get(roster);
  if (out) return out;
  const names = new Set<string>();
  const addKnown = (value: string | undefined) => {
    if (!value) return;
    const v = foldName(withoutAt(value.trim()));
    if (!v || isPlaceholderOwner(v)) return;
    names.add(v);
  };
  for (const p of roster) {
    addKnown(p.handle);
    addKnown(p.name);
  }
  // A first name stands for the one person on the roster it starts, when only one does.
  const fullNames = new Map<string, string>();
  for (const [first, person] of uniqueFirstNames(roster)) {
    fullNames.set(first, person.name!);
    names.add(first);
  }
  out = { names, fullNames };
  rosterNamesMemo.set(roster, out);
  return out;
}

/**
 * The names a report's owners are known by: its roster's, and every owner and collaborator its
 * lists write. Kept from version to version as counts, list by list, so that a keystroke costs the
 * lists it changed; `version` moves when the names known may have changed.
 */
class KnownNames {
  version = 0;
  /** Whether the names are those of the groups last read (`ownersFromSubjects` counts them in only when a group has an unowned action). */
  current = false;
  private roster: Set<string> | undefined;
  private fullNames: Map<string, string> | undefined;
  private lists = new Map<string[], number>();
  private readonly counts = new Map<string, number>();
  /**
   * The names that came or went at each of the last versions, oldest first; `undefined` where the
   * roster changed, which may change any. Typing an owner (`@p`, `@pr`…) changes one name a
   * keystroke: a list's reading is then checked for that name, not for every name it looked up.
   */
  private changes: { version: number; names: string[] | undefined }[] = [];

  update(lists: string[][], roster: Set<string>, fullNames: Map<string, string>): void {
    const changedNames: string[] = [];
    const rosterChanged = roster !== this.roster;
    this.roster = roster;
    this.fullNames = fullNames;
    const now = new Map<string[], number>();
    for (const list of lists) now.set(list, (now.get(list) ?? 0) + 1);
    // New lists counted in before old ones are counted out: a list typed in names the same people as before.
    now.forEach((after, list) => {
      for (let k = this.lists.get(list) ?? 0; k < after; k++) this.count(list, 1, changedNames);
    });
    this.lists.forEach((before, list) => {
      for (let k = now.get(list) ?? 0; k < before; k++) this.count(list, -1, changedNames);
    });
    this.lists = now;
    if (rosterChanged || changedNames.length) this.moved(rosterChanged ? undefined : changedNames);
  }

  /**
   * `update` for the lists counted last with one of them (`before`) now `after`: `same` when every
   * name known, the roster's and the full names looked up included, stays as it was (the version
   * then too), and each group's reading holds; `names` when only owners' names came or went (the
   * counts are then up to date); `roster` when the roster changed.
   */
  swap(before: string[], after: string[], roster: Set<string>, fullNames: Map<string, string>): 'same' | 'names' | 'roster' {
    if (roster !== this.roster || fullNames !== this.fullNames) return 'roster';
    if (before === after) return 'same';
    const changedNames: string[] = [];
    // NO_NAMES is no list: a list made where there was none, or taken away.
    if (after !== NO_NAMES) {
      this.lists.set(after, (this.lists.get(after) ?? 0) + 1);
      this.count(after, 1, changedNames);
    }
    if (before !== NO_NAMES) {
      const left = (this.lists.get(before) ?? 0) - 1;
      if (left > 0) this.lists.set(before, left);
      else this.lists.delete(before);
      this.count(before, -1, changedNames);
    }
    if (!changedNames.length) return 'same';
    this.moved(changedNames);
    return 'names';
  }

  has(name: string): boolean {
    return !!this.roster?.has(name) || !!this.counts.get(name);
  }

  /** Whether none of the names looked up (`lookedUp`'s keys) came or went since `version`, as far as the kept changes tell. */
  sameSince(version: number, lookedUp: Map<string, boolean>): boolean {
    const changes = this.changes;
    if (!changes.length || changes[0].version > version + 1) return false;
    for (let c = changes.length - 1; c >= 0 && changes[c].version > version; c--) {
      const names = changes[c].names;
      if (!names) return false;
      for (let k = 0; k < names.length; k++) if (lookedUp.has(names[k])) return false;
    }
    return true;
  }

  private moved(names: string[] | undefined): void {
    this.version++;
    if (this.changes.length >= KEPT_NAME_CHANGES) this.changes.shift();
    this.changes.push({ version: this.version, names });
  }

  /** Counts a list's names in or out, adding to `changed` each name that came or went. */
  private count(list: string[], by: 1 | -1, changed: string[]): void {
    for (const name of list) {
      const n = (this.counts.get(name) ?? 0) + by;
      if (by > 0 ? n === 1 : n === 0) changed.push(name);
      if (n) this.counts.set(name, n);
      else this.counts.delete(name);
    }
  }
}
/** How many versions' changes of names known are kept to check readings against (see KnownNames.sameSince). */
const KEPT_NAME_CHANGES = 32;
const knownNamesOf = new ObjectCache<ModelCache, KnownNames>();

function ownersFromSubjects(groups: Action[][], roster: Person[], text: string, lines: LineMap, known: KnownNames): Action[][] {
  // Worked out once per list of actions: a keystroke in a long report reads again only the list it touched.
  if (!groups.some(groupHasUnowned)) {
    known.current = false;
    return groups;
  }
  const { names, fullNames } = rosterNames(roster);
  known.update(groups.map(groupOwnerNames), names, fullNames);
  known.current = true;
  return everySubjectsRead(groups, known, fullNames, text, lines);
}

/** Each group as `subjectsRead` reads it; the same array when none changed. */
function everySubjectsRead(groups: Action[][], known: KnownNames, fullNames: Map<string, string>, text: string, lines: LineMap): Action[][] {
  let changed = false;
  const out = groups.map((group) => {
    const read = subjectsRead(group, known, fullNames, text, lines);
    if (read !== group) changed = true;
    return read;
  });
  return changed ? out : groups;
}

/** One group of a report's groups replaced (`removed` and `added`), taken away, or made, at `index`. */
interface GroupChange {
  index: number;
  removed: boolean;
  added: boolean;
}

/**
 * `ownersFromSubjects` of `groups`, which are the groups of the last version (`before`, read as
 * `read`) but for the `change` at one index: when the names known stay the same, every other group
 * reads as it did, so only that one is read (a keystroke in one action, the others not looked at).
 */
function ownersAfterOneGroup(before: Action[][], read: Action[][], change: GroupChange, groups: Action[][], roster: Person[], text: string, lines: LineMap, known: KnownNames): Action[][] {
  const { index, removed, added } = change;
  const { names, fullNames } = rosterNames(roster);
  const swapped = known.current ? known.swap(removed ? groupOwnerNames(before[index]) : NO_NAMES, added ? groupOwnerNames(groups[index]) : NO_NAMES, names, fullNames) : 'roster';
  if (swapped === 'roster') return ownersFromSubjects(groups, roster, text, lines, known);
  if (swapped === 'names') {
    // The names are counted: each list is read again only if it looked up a name that came or went.
    return everySubjectsRead(groups, known, fullNames, text, lines);
  }
  const out = read.slice();
  if (added) out.splice(index, removed ? 1 : 0, subjectsRead(groups[index], known, fullNames, text, lines));
  else out.splice(index, 1);
  return out;
}

/**
 * The places of the parts other than `part` in the report's groups, after `part`'s group was made
 * (`by` 1) or taken away (-1): those after it move one on or back. A part with no group at the place
 * where `part`'s was made may stand before `part` or after it: where it starts tells.
 */
function movePartGroups(partGroups: Map<RootContent, PartGroup>, part: RootContent, by: 1 | -1, at: (node: Nodes) => Offsets): void {
  const place = partGroups.get(part)!.at;
  const start = at(part).start;
  partGroups.forEach((entry, node) => {
    if (node === part) return;
    const after = entry.at > place || (by > 0 && entry.at === place && (entry.grouped || at(node).start > start));
    if (after) partGroups.set(node, { at: entry.at + by, grouped: entry.grouped, under: entry.under });
  });
}

/** A group with owners read from its actions' words where none is marked (see `withSubjectOwner`), as the names known now say. */
function subjectsRead(group: Action[], known: KnownNames, fullNames: Map<string, string>, text: string, lines: LineMap): Action[] {
  if (!groupHasUnowned(group)) return group;
  let memo = subjectGroupMemo.get(group) ?? movedSubjectMemo(group);
  // A group is read again only when a name its reading looked up is known differently now: typing
  // an owner in one list (`@s`, `@sa`, `@sam`: three names) does not read every other list again.
  // The look-ups are checked again only when the names known may have changed since they were.
  const checked = !!memo && memo.checkedBy === known && memo.checkedAt === known.version && memo.fullNamesOf === fullNames;
  const sameNames = !!memo && !checked && memo.checkedBy === known && memo.fullNamesOf === fullNames && known.sameSince(memo.checkedAt!, memo.known);
  if (memo && !checked && (sameNames || (sameLookups(memo.known, known) && sameLookups(memo.fullNames, fullNames)))) {
    memo.checkedBy = known;
    memo.checkedAt = known.version;
    memo.fullNamesOf = fullNames;
  } else if (!memo || !checked) {
    const lookedUp = { known: new Map<string, boolean>(), fullNames: new Map<string, string | undefined>() };
    const knownView = new RecordedHas(lookedUp.known, known);
    const fullNamesView = new RecordedGet(lookedUp.fullNames, fullNames);
    const read: Action[] = new Array(group.length);
    let unchanged = true;
    for (let i = 0; i < group.length; i++) {
      const action = group[i];
      read[i] = withSubjectOwner(action, knownView, fullNamesView, text, lines);
      if (read[i] !== action) unchanged = false;
    }
    // Literals, not `{ ...lookedUp, group }`: V8 gives each object made so a hidden class of its own.
    memo = { known: lookedUp.known, fullNames: lookedUp.fullNames, group: unchanged ? group : read, checkedBy: known, checkedAt: known.version, fullNamesOf: fullNames };
    subjectGroupMemo.set(group, memo);
    const moved = movedFrom(group);
    subjectMemoOfOriginal.set(moved?.from ?? group, {
      known: memo.known,
      fullNames: memo.fullNames,
      group: memo.group,
      checkedBy: memo.checkedBy,
      checkedAt: memo.checkedAt,
      fullNamesOf: memo.fullNamesOf,
      lines: moved?.lines ?? 0,
      unchanged,
      source: group,
    });
  }
  return memo.group;
}

interface SubjectMemo {
  known: Map<string, boolean>;
  fullNames: Map<string, string | undefined>;
  group: Action[];
  /** The names and roster its look-ups were last found to hold for. */
  checkedBy?: KnownNames;
  checkedAt?: number;
  fullNamesOf?: Map<string, string>;
}
const subjectGroupMemo = new ObjectCache<Action[], SubjectMemo>();

/**
 * For a group that is a copy of an original moved to other lines (a line typed above it), what was
 * last read from a copy of the same original, moved to where this one stands.
 */
function movedSubjectMemo(group: Action[]): SubjectMemo | undefined {
  const moved = movedFrom(group);
  const memo = moved && subjectMemoOfOriginal.get(moved.from);
  if (!moved || !memo) return undefined;
  // An action the reading left as it was is this group's own copy; one it gave an owner is moved.
  let read = memo.group;
  if (memo.unchanged) read = group;
  else if (memo.lines !== moved.lines) {
    const { source, group: subjectGroup } = memo;
    const move = actionMover(moved.lines - memo.lines);
    read = lazyGroup(group.length, (i) => (subjectGroup[i] === source[i] ? group[i] : move(subjectGroup[i])));
    // The reading moved: what was found in it (the rules' findings) moves with it.
    recordMovedGroup(read, memo.group, moved.lines - memo.lines);
  }
  const result: SubjectMemo = { known: memo.known, fullNames: memo.fullNames, group: read, checkedBy: memo.checkedBy, checkedAt: memo.checkedAt, fullNamesOf: memo.fullNamesOf };
  subjectGroupMemo.set(group, result);
  return result;
}

/** What was last read from a copy of an original group (`source`): at how many lines below the original, and whether it changed nothing. */
const subjectMemoOfOriginal = new ObjectCache<Action[], SubjectMemo & { lines: number; unchanged: boolean; source: Action[] }>();

/**
 * The names known, with each look-up and its answer kept (see sameLookups). Classes, not object
 * literals with arrow functions: those are new closures for each list read, and V8 keeps the
 * optimised code of such a closure only while one lives (docs/architecture.md).
 */
class RecordedHas {
  constructor(
    private readonly lookedUp: Map<string, boolean>,
    private readonly names: { has(name: string): boolean },
  ) {}
  has(name: string): boolean {
    return remember(this.lookedUp, name, this.names.has(name));
  }
}

class RecordedGet {
  constructor(
    private readonly lookedUp: Map<string, string | undefined>,
    private readonly names: { get(name: string): string | undefined },
  ) {}
  get(name: string): string | undefined {
    return remember(this.lookedUp, name, this.names.get(name));
  }
}

function remember<T>(lookedUp: Map<string, T>, name: string, answer: T): T {
  lookedUp.set(name, answer);
  return answer;
}

/** Whether each name looked up gets the same answer from `now`. */
function sameLookups<T>(lookedUp: Map<string, T>, now: { has(name: string): boolean } | { get(name: string): T | undefined }): boolean {
  let same = true;
  lookedUp.forEach((answer, name) => (same &&= ('get' in now ? now.get(name) : now.has(name)) === answer));
  return same;
}

/** Whether a list holds an action with no owner written, that its words might name. */
const groupHasUnowned = memoizeByGroup((group) => group.some((a) => !a.owner && !a.ownerPlaceholder && a.form !== 'table'));

/** The names of no list, for `KnownNames.swap` when a list is made or taken away. */
const NO_NAMES: string[] = [];

/** The owners and collaborators of a list, as known names (lower case, no `@`). */
const groupOwnerNames = memoizeByGroup((group): string[] => {
  const names = new Set<string>();
  for (const a of group) {
    for (const value of [a.owner?.value, ...a.collaborators.map((c) => c.value)]) {
      const v = value && foldName(withoutAt(value.trim()));
      if (v && !isPlaceholderOwner(v)) names.add(v);
    }
  }
  return [...names];
});

const NAME = "@?[\\p{L}][\\p{L}'.-]*(?:\\s+[A-Z][\\p{L}'.-]*)?";
const LEADING_SUBJECT = new RegExp(`^(\\s*(?:\\*\\*|__)?)(${NAME}(?:\\s*(?:,|/|&|\\+|\\band\\b)\\s*${NAME})*)(?:\\*\\*|__)?(\\s*(?::|[-–—])?\\s*(?:to\\s+|will\\s+)?)(?=\\S)`, 'u');
const ORG_CODES = /^(\s*(?:\*\*|__)?)([A-Z]{2,6}(?:\s*\/\s*[A-Z]{2,6})*)(?:\*\*|__)?(\s*:\s+)(?=\S)/;
const NOT_ORG = /^(?:TODO|TBD|TBC|WIP|FYI|NOTE|AI|ACTION|DONE|FIX|BUG|PS|FAQ|TL|DR|RCA|ETA)$/;
const TRAILING_SUBJECT = /\((@?[A-Z][\p{L}'.-]*)\s+(?:to\s+)?[a-z][^()]*\)[\s.]*$/u;

function withSubjectOwner(action: Action, known: { has(name: string): boolean }, fullNames: { get(name: string): string | undefined }, text: string, lines: LineMap): Action {
  if (action.owner || action.ownerPlaceholder || action.form === 'table') return action;
  const start = lines.offsetAt(action.textRange.start);
  const written = text.slice(start, lines.offsetAt(action.textRange.end));
  const isKnown = (name: string) => known.has(foldName(withoutAt(name)));
  let people: { value: string; start: number; end: number }[] = [];
  let cut: [number, number] | undefined;
  const org = ORG_CODES.exec(written);
  const lead = org ? undefined : LEADING_SUBJECT.exec(written);
  if (org && !org[2].split('/').some((c) => NOT_ORG.test(c.trim()))) {
    people = splitPeople(org[2], org[1].length);
    cut = [0, org[0].length];
  } else if (lead) {
    const names = splitPeople(lead[2], lead[1].length);
    const separated = /[:\-–—]|to\s|will\s/.test(lead[3]);
    const rest = written.slice(lead[0].length);
    // Several names before a verb (`Ana, Ben, Chloe quarantine …`) are people wherever they come from; one must be known.
    const listOfNames = names.length > 1 && names.every((n) => /^@?[A-Z][\p{L}'.-]*$/u.test(n.value)) && /^\[?[a-z]/.test(rest);
    if (names.length && (listOfNames || (names.every((n) => isKnown(n.value)) && (separated || /^\[?[a-z]/.test(rest))))) {
      people = names;
      cut = [0, lead[0].length];
    }
  }
  if (!people.length) {
    const trailing = TRAILING_SUBJECT.exec(written);
    if (trailing && isKnown(trailing[1])) {
      const at = trailing.index + 1;
      people = [{ value: trailing[1], start: at, end: at + trailing[1].length }];
    }
  }
  if (!people.length) return action;
  const [first, ...rest] = people;
  // `Sam` where the roster has Sam Ortiz is Sam Ortiz: the owner is the person, written short.
  const located = (p: { value: string; start: number; end: number }) => ({ value: fullNames.get(foldName(withoutAt(p.value))) ?? withoutAt(p.value), range: lines.range(start + p.start, start + p.end) });
  const text2 = cut ? plainText(written.slice(cut[1])) : action.text;
  return { ...action, text: text2 || action.text, owner: located(first), collaborators: [...action.collaborators, ...rest.map(located)] };
}


type Ctx = {
  /** List items read before, in this document's earlier versions. */
  items?: Map<string, ItemReading>;
  text: string;
  lines: LineMap;
  at: (n: Nodes) => Offsets;
  range: (s: number, e: number) => Range;
  year: number;
  dateOrder: DateOrder | undefined;
  improvementIds: Pick<ReadonlySet<string>, 'has'>;
};

/** Paragraphs that annotate the item above them (`**Reference:** …`, `**Analysis:** …`), as exercise reports write them. */
const NOTE_LABEL = /^\s*(\*\*|__)\s*(?:references?|analysis|discussion|notes?|context|details|evidence|sources?|background|root cause|recommendations?)\s*:?\s*\1\s*:?/i;

const ITEM_ID = /(?<![\w-])([A-Z][A-Z0-9]{0,9}-\d+)(?![\w-])/;

function itemsOf(node: RootContent, kind: SectionKind, text: string, at: (n: Nodes) => Offsets, range: Ctx['range']): Item[] {
  const make = (s: number, e: number, raw: string): Item | undefined => {
    const t = plainText(raw);
    if (!t) return undefined;
    const item: Item = { text: t, range: range(s, e), section: kind };
    const id = ITEM_ID.exec(raw);
    if (id) item.id = { value: id[1], range: range(s + id.index, s + id.index + id[1].length) };
    return item;
  };
  const out: Item[] = [];
  if (node.type === 'list') {
    for (const li of node.children) {
      const o = at(li);
      const para = li.children.find((c) => c.type === 'paragraph');
      const p = para ? at(para) : o;
      const item = make(o.start, o.end, text.slice(p.start, p.end));
      if (item) out.push(item);
    }
  } else if (node.type === 'paragraph') {
    const o = at(node);
    // A lone bold label ("**What went wrong:**") introduces items; it is not one.
    const raw = text.slice(o.start, o.end);
    // A lone bold label, or a category tag such as `*(Sustain)*`, is not an item either.
    if (!/^\s*(\*\*|__)[^*_]+\1\s*:?\s*$/.test(raw) && !/^\([^()]*\)$/.test(plainText(raw)) && !NOTE_LABEL.test(raw)) {
      const item = make(o.start, o.end, raw);
      if (item) out.push(item);
    }
  } else if (node.type === 'table') {
    for (const row of node.children.slice(1)) {
      const o = at(row);
      const cell = row.children.find((c) => at(c).end > at(c).start && plainText(text.slice(at(c).start, at(c).end).replace(/^\s*\|/, '')));
      if (!cell) continue;
      const item = make(o.start, o.end, text.slice(at(cell).start, at(cell).end).replace(/^\s*\|/, ''));
      if (item) out.push(item);
    }
  }
  return out;
}

/** Items marked as actions (`**[Action Item]** …`) at any depth of a list outside the actions sections. */
function collectMarkedActions(list: List, out: Action[], ctx: Ctx): void {
  for (const li of list.children) {
    const action = itemActionOf(li, ctx, true);
    if (action) out.push(action);
    for (const child of li.children) if (child.type === 'list') collectMarkedActions(child, out, ctx);
  }
}

/**
 * `collectListActions` for the list part a one-line edit fell in. The item being typed in is read
 * without keeping its reading for later versions: its text changes with the next keystroke, and
 * keeping a reading means copying its strings off the document (see itemActionOf).
 */
function collectEditedPartActions(part: List, line: number, out: Action[], ctx: Ctx): void {
  const uncached: Ctx = { items: undefined, text: ctx.text, lines: ctx.lines, at: ctx.at, range: ctx.range, year: ctx.year, dateOrder: ctx.dateOrder, improvementIds: ctx.improvementIds };
  for (let k = 0; k < part.children.length; k++) {
    const li = part.children[k];
    collectItemActions(li, out, covers(li, line) ? uncached : ctx);
  }
}

function collectListActions(list: List, out: Action[], ctx: Ctx): void {
  for (let k = 0; k < list.children.length; k++) collectItemActions(list.children[k], out, ctx);
}

/** The actions of one item of an actions list: itself, or those of the lists under it when it heads a group of them. */
function collectItemActions(li: ListItem, out: Action[], ctx: Ctx): void {
  let nested: List[] | undefined;
  for (let k = 0; k < li.children.length; k++) {
    const c = li.children[k];
    if (c.type === 'list') (nested ??= []).push(c);
  }
  if (nested && li.checked == null) {
    // A heading-like item ("Monitoring:") over a list of tasks groups actions; it is not one.
    const para = li.children.find((c) => c.type === 'paragraph');
    const paraText = para ? ctx.text.slice(ctx.at(para).start, ctx.at(para).end) : '';
    if (nested.some((l) => l.children.some((c) => c.checked != null)) || /:\s*$/.test(paraText.trim()) || /^\s*(\*\*|__)[^*_]+\1\s*$/.test(paraText)) {
      for (const l of nested) collectListActions(l, out, ctx);
      return;
    }
  }
  const action = itemActionOf(li, ctx);
  if (action) out.push(action);
}



type RequiredActionFields = Pick<Action, 'text' | 'rawText' | 'form' | 'range' | 'textRange' | 'collaborators' | 'status' | 'improvementRefs' | 'ownerInsertAt'>;

/**
 * An action with every optional field there, unset: all actions then have one shape, so the rules'
 * loops over thousands of them read their fields at full speed (objects that gained different
 * optional fields have different shapes, and code reading many shapes is much slower).
 */
function newAction(fields: RequiredActionFields): Action {
  return {
    text: fields.text,
    rawText: fields.rawText,
    form: fields.form,
    range: fields.range,
    textRange: fields.textRange,
    owner: undefined,
    ownerPlaceholder: undefined,
    collaborators: fields.collaborators,
    due: undefined,
    status: fields.status,
    statusRaw: undefined,
    checkbox: undefined,
    id: undefined,
    improvementRefs: fields.improvementRefs,
    ticket: undefined,
    priority: undefined,
    type: undefined,
    table: undefined,
    ownerInsertAt: fields.ownerInsertAt,
  };
}

/**
 * What marks an item as an action wherever it stands (`**[Action Item]**`, `**ACTION:**`, `Action item:`,
 * `TODO:`), as release retrospectives write them under the feedback they answer.
 */
const ACTION_MARKER = /^[ \t]*(\*\*|__)?[ \t]*(?:\[[ \t]*(?:action(?:[ \t]+item)?|ai)[ \t]*\]|(?:action(?:[ \t]+item)?|todo)[ \t]*:)[ \t]*(\*\*|__)?[ \t]*:?[ \t]*/i;

/** Where an item's words start after an action marker, and whether the marker's bold runs to the item's end. */
function actionMarkerEnd(raw: string): { end: number; openBold: boolean } | undefined {
  const m = ACTION_MARKER.exec(raw);
  if (!m || m[0].length >= raw.trimEnd().length) return undefined;
  return { end: m[0].length, openBold: !!m[1] && !m[2] };
}

/** An item that says there is nothing to do is not an action. */
const NOTHING_TO_DO = /^(?:none|n\/a|nothing(?: to do)?|no actions?(?: items?)?|no action items|tbd|tbc|-+)\.?$/i;

/** Nested `Owner: …`, `Due: …`, `Status: …` lines under an item are its fields, not actions of their own. */
const FIELD_LINE =
  /^[ \t]*(?:\*\*|__)?[ \t]*(owners?|assignee|assigned to|responsible|who|due(?: date)?|deadline|target(?: date| completion(?: date)?)?|eta|status|state|priority|ticket|issue|link|tracking|jira|success criteria|acceptance criteria|notes?|context|why|description)[ \t]*(?:\*\*|__)?[ \t]*:/i;
const READ_FIELD = /^(?:owners?|assignee|assigned to|responsible|who|due(?: date)?|deadline|target(?: date| completion(?: date)?)?|eta|status|state|priority|ticket|issue|link|tracking|jira)$/i;

/** Past this many, the list items read before are forgotten: each keystroke in an item adds one. */
const ITEM_READINGS_LIMIT = 50_000;

/**
 * `listItemAction`, from what an earlier version read of an item with the same text at the same
 * column (moved to its line): what it reads depends on nothing else but the year, the date order
 * and the improvement ids it asks about. A keystroke re-reads the part of a list it fell in, and
 * most of that part's items are as they were; the very same action comes back when it stands on
 * the same line, so what the rules worked out about it holds too.
 */
function itemActionOf(li: ListItem, ctx: Ctx, marked = false): Action | undefined {
  const items = ctx.items;
  if (!items) return listItemAction(li, ctx, marked);
  const o = ctx.at(li);
  const start = ctx.lines.positionAt(o.start);
  const key = `${marked ? 'marked' : 'item'} ${ctx.year} ${ctx.dateOrder ?? ''} ${start.character} ${ctx.text.slice(o.start, o.end)}`;
  const known = items.get(key);
  if (known && sameIdAnswers(known.asked, ctx.improvementIds)) {
    if (!known.action || known.line === start.line) return known.action;
    return actionMover(start.line - known.line)(known.action);
  }
  const asked: [string, boolean][] = [];
  const improvementIds = {
    has(id: string) {
      const is = ctx.improvementIds.has(id);
      asked.push([id, is]);
      return is;
    },
  };
  // A literal with the fields in the order every Ctx has them, not a spread and a field: V8 gives
  // each object made as `{ ...ctx, improvementIds }` a hidden class of its own, and the reading's
  // property loads then see a new one on every keystroke.
  const asking: Ctx = { items: ctx.items, text: ctx.text, lines: ctx.lines, at: ctx.at, range: ctx.range, year: ctx.year, dateOrder: ctx.dateOrder, improvementIds };
  const action = listItemAction(li, asking, marked);
  if (items.size >= ITEM_READINGS_LIMIT) items.clear();
  // Copies of the key and of the action's strings: a slice of the text would keep this version of
  // the whole document alive for as long as the reading is kept (thousands of keystrokes).
  items.set(detached(key), { action: detachStrings(action), line: start.line, asked: asked.map(([id, is]) => [detached(id), is]) });
  return action;
}

/**
 * Whether each id asked about is an improvement's id now as it was then. An index and no
 * destructuring: `([id, was]) => …` walks each pair with an iterator until V8 optimises it.
 */
function sameIdAnswers(asked: [string, boolean][], improvementIds: Pick<ReadonlySet<string>, 'has'>): boolean {
  for (let k = 0; k < asked.length; k++) if (improvementIds.has(asked[k][0]) !== asked[k][1]) return false;
  return true;
}

function listItemAction(li: ListItem, ctx: Ctx, marked = false): Action | undefined {
  const { text, lines, at, range } = ctx;
  const o = at(li);
  const para = li.children.find((c) => c.type === 'paragraph');
  if (!para) return undefined;
  const p = at(para);
  const marker = actionMarkerEnd(text.slice(p.start, p.end));
  if (marked && !marker) return undefined;
  if (marker) {
    p.start += marker.end;
    if (marker.openBold && /(\*\*|__)\s*$/.test(text.slice(p.start, p.end))) p.end = trimmedEnd(text, p.start, p.end) - 2;
  }
  let checkbox: Range | undefined;
  if (li.checked != null) {
    // The paragraph's start may or may not include the `[ ]` marker, depending on what follows it.
    const m = /^[ \t]*(?:[-*+]|\d+[.)])[ \t]+(\[[ xX]\])[ \t]*/.exec(text.slice(o.start, lines.lineEnd(lines.positionAt(o.start).line)));
    if (m) {
      const boxStart = o.start + m[0].indexOf(m[1]);
      checkbox = range(boxStart, boxStart + 3);
      p.start = Math.max(p.start, o.start + m[0].length);
    }
  }
  const raw = text.slice(p.start, p.end);
  const fields = readInlineFields(raw, ctx.year, ctx.improvementIds, ctx.dateOrder);
  // A link or a ticket alone (`- [ ] https://github.com/org/repo/pull/28`) is the action as the team wrote it.
  if (!fields.text && fields.ticket) fields.text = fields.ticket.value;
  if (!fields.text && !fields.owner) return undefined;
  if (!fields.owner && !fields.ticket && NOTHING_TO_DO.test(fields.text)) return undefined;
  const nestedFields = fieldLinesOf(li, ctx);
  if (nestedFields) {
    for (const line of nestedFields) {
      const more = readInlineFields(line.raw, ctx.year, ctx.improvementIds, ctx.dateOrder);
      const shift = <T extends { start: number; end: number }>(span: T | undefined): T | undefined =>
        span && { ...span, start: span.start + line.start - p.start, end: span.end + line.start - p.start };
      if (!fields.owner && !fields.ownerPlaceholder) {
        if (more.owner) {
          fields.owner = shift(more.owner);
          fields.collaborators.push(...more.collaborators.map((c) => shift(c)!));
        } else if (more.ownerPlaceholder) fields.ownerPlaceholder = shift(more.ownerPlaceholder);
      }
      if (!fields.due && more.due) fields.due = shift(more.due);
      if (!fields.status && more.status) fields.status = { value: more.status.value, span: shift(more.status.span)! };
      if (!fields.ticket && more.ticket) fields.ticket = shift(more.ticket);
      if (!fields.priority && more.priority) fields.priority = shift(more.priority);
    }
  }
  let status: ActionStatus = li.checked ? 'done' : 'open';
  if (fields.status && !(li.checked && fields.status.value === 'open')) status = fields.status.value;
  if (/^\s*~~[\s\S]+~~\s*$/.test(raw.replace(/(?<![\w/.@`])@[\w.-]+/g, '').trim())) status = 'cancelled';
  const action = newAction({
    text: fields.text,
    rawText: plainText(raw),
    form: li.checked != null ? 'task' : 'list',
    range: range(o.start, trimmedEnd(text, o.start, o.end)),
    textRange: range(p.start, p.end),
    collaborators: locatedAll(fields.collaborators, p.start, range),
    status,
    improvementRefs: locatedAll(fields.refs, p.start, range),
    ownerInsertAt: lines.positionAt(beforeTrailingComments(text, p.start, p.end)),
  });
  if (fields.owner) action.owner = toLocated(fields.owner, p.start, range);
  if (fields.ownerPlaceholder && !fields.owner) action.ownerPlaceholder = toLocated(fields.ownerPlaceholder, p.start, range);
  if (fields.due) action.due = toDue(fields.due, p.start, range);
  if (fields.id) action.id = toLocated(fields.id, p.start, range);
  if (fields.ticket) action.ticket = toLocated(fields.ticket, p.start, range);
  if (fields.priority) action.priority = toLocated(fields.priority, p.start, range);
  if (fields.status) action.statusRaw = toLocated(fields.status.span, p.start, range);
  if (checkbox) {
    action.checkbox = checkbox;
    action.statusRaw ??= { value: li.checked ? 'x' : ' ', range: checkbox };
  }
  return action;
}

/**
 * The nested lines that carry an item's fields (`- Owner: Sam`, `- Target completion: 2026-12-01`),
 * when every nested item is such a line; their raw text and where it starts.
 */
function fieldLinesOf(li: ListItem, ctx: Ctx): { raw: string; start: number }[] | undefined {
  const nested = li.children.filter((c): c is List => c.type === 'list');
  if (!nested.length) return undefined;
  const out: { raw: string; start: number }[] = [];
  for (const list of nested) {
    for (const item of list.children) {
      const para = item.children.find((c) => c.type === 'paragraph');
      if (!para || item.checked != null) return undefined;
      const o = ctx.at(para);
      const raw = ctx.text.slice(o.start, o.end);
      const label = FIELD_LINE.exec(raw);
      if (!label) return undefined;
      if (READ_FIELD.test(label[1])) out.push({ raw, start: o.start });
    }
  }
  return out;
}

/** Cells of one table line: content ranges (trimmed) by offsets. As in GFM, only an escaped pipe stays inside a cell, even in a code span. */
export function splitTableLine(line: string, base: number): Offsets[] {
  const cells: Offsets[] = [];
  let i = 0;
  const n = line.length;
  while (i < n && /\s/.test(line[i])) i++;
  if (line[i] === '|') i++;
  let cellStart = i;
  for (; i <= n; i++) {
    const c = line[i];
    if (c === '\\' && i + 1 < n) {
      i++;
      continue;
    }
    if (i === n || c === '|') {
      let s = cellStart;
      let e = i;
      while (s < e && /\s/.test(line[s])) s++;
      while (e > s && /\s/.test(line[e - 1])) e--;
      const atEnd = i === n;
      if (!(atEnd && line.slice(cellStart).trim() === '' && cells.length > 0 && line.trimEnd().endsWith('|'))) {
        cells.push({ start: base + s, end: base + e });
      }
      cellStart = i + 1;
    }
  }
  return cells;
}

/**
 * Every row of the table an action stands in, below its header (the empty row over a header
 * written in the first body row included), so that a column can be added to all of them.
 * Shared by the calls for one table of one report: not to be changed.
 */
export function tableRowRanges(report: Report, info: TableRowInfo): Range[] {
  // Once per table and report: each unowned row's fix adds a column to every row.
  let byTable = rowRangesOf.get(report);
  if (!byTable) rowRangesOf.set(report, (byTable = new Map()));
  const key = `${info.delimiterRange.start.line} ${info.headerRange.start.line}`;
  let ranges = byTable.get(key);
  if (!ranges) byTable.set(key, (ranges = findTableRowRanges(report, info)));
  return ranges;
}

const rowRangesOf = new ObjectCache<Report, Map<string, Range[]>>();

function findTableRowRanges(report: Report, info: TableRowInfo): Range[] {
  const firstLine = info.delimiterRange.start.line - 1;
  const lines = lineMapOf(report.text);
  // Lines as the model counts them (from offsets): the parser counts lone CRs otherwise.
  const bom = leadingByteOrderMarks(report.text);
  const lineOf = (node: Nodes) => lines.positionAt(node.position!.start.offset! + bom).line;
  const table = report.blocks.find((b): b is Table => b.type === 'table' && lineOf(b) === firstLine);
  if (!table) return [];
  const rowRange = (line: number) => lines.range(lines.lineStart(line), lines.lineEnd(line));
  const ranges = table.children.slice(1).map((row) => rowRange(lineOf(row)));
  // The empty header row is a row too when the header stands below it: a new column must reach it.
  if (info.headerRange.start.line !== firstLine) ranges.splice(0, 1, rowRange(firstLine));
  return ranges;
}

/** Copies of a table's actions that say the table's delimiter row is the line after `firstLine`, and its header where it stands to it. */
function withTableHead(actions: Action[], firstLine: number, lines: LineMap): Action[] {
  const rangeOf = (line: number) => lines.range(lines.lineStart(line), lines.lineEnd(line));
  const delimiterRange = rangeOf(firstLine + 1);
  const headers = new Map<number, Range>();
  return actions.map((a) => {
    const t = a.table!;
    const line = firstLine + 1 + t.headerRange.start.line - t.delimiterRange.start.line;
    let headerRange = headers.get(line);
    if (!headerRange) headers.set(line, (headerRange = rangeOf(line)));
    const copy: Action = { ...a, table: { ...t, headerRange, delimiterRange } };
    // What was worked out about the action does not depend on where its header stands.
    movedCopyOf(copy, a);
    return copy;
  });
}

const delimiterLine = (action: Action) => action.table!.delimiterRange.start.line;

/** A table's header, delimiter and first body row (which may hold the header): what reading any of its rows depends on besides the row. */
function tableHeadText(table: Table, text: string, at: (n: Nodes) => Offsets): string {
  const through = table.children[Math.min(1, table.children.length - 1)];
  return text.slice(at(table).start, at(through).end);
}

/** The actions of a table's rows; of only those of `only` (a part of a long table), when given. */
function collectTableActions(table: Table, out: Action[], ctx: Ctx, only?: readonly TableRow[]): void {
  const { text, lines, at, range } = ctx;
  const firstLine = lines.positionAt(at(table).start).line;
  const rolesOf = (line: number) => {
    const cells = splitTableLine(lines.lineText(line), lines.lineStart(line));
    const columns: Partial<Record<TableColumnRole, number>> = {};
    cells.forEach((cell, index) => {
      const role = columnRole(text.slice(cell.start, cell.end));
      if (role && columns[role] === undefined) columns[role] = index;
    });
    return { cells, columns };
  };
  let headerLine = firstLine;
  let { cells: header, columns } = rolesOf(firstLine);
  let rows = table.children.slice(1);
  // A header row left empty, with the real header in the first row below it (`| | |` over `| **Action** | **Owner** |`).
  if (!Object.keys(columns).length && rows.length && header.every((c) => c.end === c.start)) {
    const line = lines.positionAt(at(rows[0]).start).line;
    const below = rolesOf(line);
    if (below.columns.action !== undefined || below.columns.owner !== undefined) {
      headerLine = line;
      header = below.cells;
      columns = below.columns;
      rows = rows.slice(1);
    }
  }
  if (columns.action === undefined) {
    // A table with an owner or due column but no named action column: its first other column is the action.
    if (columns.owner === undefined && columns.due === undefined) return;
    const taken = new Set(Object.values(columns));
    const free = header.findIndex((_, i) => !taken.has(i));
    if (free < 0) return;
    columns.action = free;
  }
  const rowLine = (r: (typeof rows)[number]) => lines.positionAt(at(r).start).line;
  const delimiterRange = range(lines.lineStart(firstLine + 1), lines.lineEnd(firstLine + 1));
  const headerRange = range(lines.lineStart(headerLine), lines.lineEnd(headerLine));
  const include = only && new Set(only);
  for (const row of rows) {
    if (include && !include.has(row)) continue;
    const l = rowLine(row);
    const offsets = splitTableLine(lines.lineText(l), lines.lineStart(l));
    const cellText = (role: TableColumnRole) => {
      const i = columns[role];
      const c = i === undefined ? undefined : offsets[i];
      // A comment in a cell is a note about it, not its value; blanked so offsets hold.
      return c ? { raw: text.slice(c.start, c.end).replace(/<!--[\s\S]*?-->/g, (m) => ' '.repeat(m.length)), start: c.start, end: c.end } : undefined;
    };
    const actionCell = cellText('action');
    if (!actionCell || !offsets.some((c) => c.end > c.start)) continue;
    const fields = readInlineFields(actionCell.raw, ctx.year, ctx.improvementIds, ctx.dateOrder);
    const info: TableRowInfo = {
      columns,
      cells: offsets.map((c) => range(c.start, c.end)),
      headerRange,
      delimiterRange,
    };
    const cellLocated = (c: { raw: string; start: number; end: number }): Located => ({ value: plainText(c.raw), range: range(c.start, c.end) });
    const action = newAction({
      text: fields.text || plainText(actionCell.raw),
      rawText: plainText(actionCell.raw),
      form: 'table',
      range: range(lines.lineStart(l), lines.lineEnd(l)),
      textRange: range(actionCell.start, actionCell.end),
      collaborators: locatedAll(fields.collaborators, actionCell.start, range),
      status: fields.status?.value ?? 'open',
      improvementRefs: locatedAll(fields.refs, actionCell.start, range),
      ownerInsertAt: lines.positionAt(actionCell.end),
    });
    action.table = info;
    if (!action.text) continue;
    const ownerCell = cellText('owner');
    if (ownerCell) {
      // `n/a` is one placeholder, not two people split at the slash.
      const people = isPlaceholderOwner(ownerCell.raw) ? [] : splitPeople(ownerCell.raw, ownerCell.start);
      const real = people.filter((p) => !isPlaceholderOwner(p.value));
      if (real.length) {
        action.owner = { value: withoutAt(real[0].value), range: range(real[0].start, real[0].end) };
        for (const p of real.slice(1)) action.collaborators.push({ value: withoutAt(p.value), range: range(p.start, p.end) });
      } else if (ownerCell.raw.trim()) {
        action.ownerPlaceholder = { value: ownerCell.raw.trim(), range: range(ownerCell.start, ownerCell.end) };
      }
    } else if (fields.owner) {
      action.owner = toLocated(fields.owner, actionCell.start, range);
    } else if (fields.ownerPlaceholder) {
      action.ownerPlaceholder = toLocated(fields.ownerPlaceholder, actionCell.start, range);
    }
    const dueCell = cellText('due');
    if (dueCell && dueCell.raw.trim() && !isPlaceholderOwner(dueCell.raw)) {
      const rawDue = plainText(dueCell.raw);
      action.due = { raw: rawDue, range: range(dueCell.start, dueCell.end), ...readDate(rawDue, ctx.year, ctx.dateOrder) };
    } else if (fields.due) {
      action.due = toDue(fields.due, actionCell.start, range);
    }
    const statusCell = cellText('status');
    if (statusCell && statusCell.raw.trim()) {
      action.statusRaw = cellLocated(statusCell);
      const box = /^\[([ xX])\]$/.exec(statusCell.raw.trim());
      action.status = box ? (box[1] === ' ' ? 'open' : 'done') : (readStatus(statusCell.raw) ?? 'open');
    } else if (!fields.status) {
      // Without a status column, a status in emphasis at the end of another cell (`Bug 5554823 **TODO**`).
      for (const [index, cell] of offsets.entries()) {
        if (index === columns.action) continue;
        const found = emphasisStatus(text.slice(cell.start, cell.end));
        if (!found) continue;
        action.status = found.value;
        action.statusRaw = { value: found.span.value, range: range(cell.start + found.span.start, cell.start + found.span.end) };
        break;
      }
    }
    for (const role of ['ticket', 'priority', 'type', 'id'] as const) {
      const c = cellText(role);
      if (c && c.raw.trim()) action[role] = cellLocated(c);
    }
    if (!action.id && fields.id) action.id = toLocated(fields.id, actionCell.start, range);
    if (!action.ticket && fields.ticket) action.ticket = toLocated(fields.ticket, actionCell.start, range);
    out.push(action);
  }
}

/** `@sam, @kim`, `Sam Lee / Kim Park`, `Sam and Kim`: each person with offsets. */
function splitPeople(raw: string, base: number): { value: string; start: number; end: number }[] {
  const out: { value: string; start: number; end: number }[] = [];
  for (const m of matchesOf(PEOPLE_PARTS, raw)) {
    for (const part of splitOn(m[0], AND_WORD_I)) {
      const idx = raw.indexOf(part, m.index);
      const lead = part.length - part.trimStart().length;
      const value = part.trim().replace(/^(\*\*|__)(.*)\1$/, '$2');
      if (!value) continue;
      out.push({ value, start: base + idx + lead, end: base + idx + lead + part.trim().length });
    }
  }
  return out;
}

/** Separators of the names in a list of people (`Ana, Ben & Chen`), the notes after a heading, and a directive's rules. */
const PEOPLE_PARTS = /[^,;/&+]+/g;
const AND_WORD_I = /\s+and\s+/gi;
const LIST_SEPARATORS = /[,;]/g;
const NOTE_PARTS = /\s+[-–—]\s+|,\s*/g;
const RULE_LIST_SEPARATORS = /[\s,]+/g;
const DIRECTIVE = /<!--\s*aar-(disable-next-line|disable-line|disable-file|enable-file|disable|enable)\b([^>]*?)-->/g;

/** A directive comment in a top-level block: where it starts, from the block's start, what it says and for which rules. */
interface Directive {
  from: number;
  kind: string;
  rules: string[];
}

/**
 * The directives of each top-level block, found once per block: the parser hands over the same
 * node while the block is untouched, and offsets from its start hold wherever it moves. A
 * keystroke in a long report with a directive somewhere reads only the block typed in.
 */
const directivesOf = new ObjectCache<RootContent, Directive[]>();

function directivesOfBlock(block: RootContent, text: string, at: (n: Nodes) => Offsets): Directive[] {
  let found = directivesOf.get(block);
  if (!found) directivesOf.set(block, (found = directivesIn(block, text, at)));
  return found;
}

function directivesIn(block: RootContent, text: string, at: (n: Nodes) => Offsets): Directive[] {
  const { start, end } = at(block);
  const source = text.slice(start, end);
  if (!source.includes('aar-')) return [];
  // Directives inside code are examples, not directives.
  const code: Offsets[] = [];
  const visit = (n: Nodes) => {
    if (n.type === 'code' || n.type === 'inlineCode') code.push(at(n));
    if ('children' in n) for (const c of n.children) visit(c as Nodes);
  };
  visit(block);
  const found: Directive[] = [];
  for (const m of matchesOf(DIRECTIVE, source)) {
    const offset = start + m.index;
    if (code.some((c) => offset >= c.start && offset < c.end)) continue;
    found.push({ from: m.index, kind: m[1], rules: splitOn(m[2].trim(), RULE_LIST_SEPARATORS).filter(Boolean) });
  }
  return found;
}

/**
 * The line break fixes write: the one that ends the first line, as editors take it. Not a search of
 * the whole text, which every keystroke would pay for.
 */
function eolOf(text: string): '\r\n' | '\n' {
  const lf = text.indexOf('\n');
  return lf > 0 && text.charCodeAt(lf - 1) === 13 ? '\r\n' : '\n';
}

function disableDirectives(text: string, lines: LineMap, tree: Root, at: (n: Nodes) => Offsets): DisableDirectives {
  const result: DisableDirectives = { file: new Set(), lines: new Map() };
  const add = (line: number, rules: string[]) => {
    let set = result.lines.get(line);
    if (!set) result.lines.set(line, (set = new Set()));
    for (const r of rules) set.add(r);
  };
  const open = new Map<string, number>();
  const lastLine = lines.lineCount - 1;
  // Not flatMap: it makes an array per node, on every keystroke.
  for (const node of tree.children) {
    for (const block of partsOf(node)) {
      for (const directive of directivesOfBlock(block, text, at)) {
        const ids = directive.rules.length ? directive.rules : ['*'];
        const line = lines.positionAt(at(block).start + directive.from).line;
        switch (directive.kind) {
          case 'disable-next-line':
            add(line + 1, ids);
            break;
          case 'disable-line':
            add(line, ids);
            break;
          case 'disable-file':
            ids.forEach((r) => result.file.add(r));
            break;
          case 'enable-file':
            ids.forEach((r) => result.file.delete(r));
            break;
          case 'disable':
            ids.forEach((r) => open.has(r) || open.set(r, line));
            break;
          case 'enable':
            for (const r of ids[0] === '*' ? [...open.keys()] : ids) {
              const from = open.get(r);
              if (from === undefined) continue;
              for (let l = from; l <= line; l++) add(l, [r]);
              open.delete(r);
            }
            break;
        }
      }
    }
  }
  for (const [r, from] of open) for (let l = from; l <= lastLine; l++) add(l, [r]);
  return result;
}
