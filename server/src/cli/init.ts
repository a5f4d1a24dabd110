// `aar init [folder]`: adopt a repository's existing reports in one step. The engine's
// `proposeSetup` (core/setup.ts) decides everything; this verb walks the Markdown and reads the tags
// for it, prints what it found and proposes, and writes `.aar.yml` only when asked and only when
// there is none: an existing file gets a diff, never a rewrite.
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { createTwoFilesPatch } from 'diff';
import { DEFAULT_MAX_FILE_SIZE, parseTeamConfig } from '../core/config';
import { localToday } from '../core/analyze';
import { proposeSetup, type ProblemCount, type SetupProposal } from '../core/setup';
import { CONFIG_FILE_NAMES } from '../workspaceFiles';
import { writeNewFile } from '../node/fileCache';
import { readSetupFiles } from '../node/files';
import { toPosixRelative } from '../node/paths';
import { readGitTags } from '../node/gitTags';
import type { Command } from './command';
import { checkPathReadable, fail, parseVerbLine, readToday, warn } from './options';

const HELP = `Usage: aar init [folder] [options]

Proposes a .aar.yml for a repository that already holds After Action Reports. It reads every
Markdown file under the folder (default: the current one; node_modules and dot folders are not
walked) and the repository's git tags, finds the reports (by their front matter, an .aar.md name,
or what their headings hold, front matter or not) and proposes:
  reports:         globs that match those reports and no other Markdown file
  sections:        the team's own headings for sections its reports otherwise lack
  team:            the people the reports list and the owners of their actions
  delivery_owner:  the Delivery Owner of most reports, when one person is
  triggers:        tag patterns from the git tags (v* for v1.2.3)
It prints the reports found and how, the files left out and why, the proposal, and the problems
before and with it. Nothing is written unless --write is given.

An existing .aar.yml (or .aar.yaml) is never overwritten, not even with --write: aar init prints
what it would add to it as a unified diff, the rest of the file (comments included) unchanged.

Options:
  --write                 write the proposal to <folder>/.aar.yml when the folder has none
  --diff                  print only the change to the configuration file, as a unified diff
                          that "aar init --diff | git apply" applies (a new file when there is none)
  --today YYYY-MM-DD      the date overdue actions are counted against (default: today)

Exit status: 0 when the proposal was printed or written, or the existing file needs no change, or
its diff was printed; 1 when --write was given but a configuration file exists that the proposal
would change, or that is not valid YAML (nothing is written); 2 for bad usage, a folder that
cannot be read or a file that cannot be written.
`;

const OPTIONS = {
  write: { type: 'boolean' },
  diff: { type: 'boolean' },
  today: { type: 'string' },
} as const;

/** The configuration file in `root` and its text, when there is one. */
async function existingConfig(root: string): Promise<{ file: string; text: string } | undefined> {
  for (const name of CONFIG_FILE_NAMES) {
    const file = path.join(root, name);
    try {
      return { file, text: await fs.readFile(file, 'utf8') };
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') continue;
      fail(`Cannot read ${file} (${code ?? (e as Error).message}).`);
    }
  }
  return undefined;
}

const column = (rows: [string, string][], indent: string) => {
  const width = Math.min(Math.max(...rows.map(([a]) => a.length)), 48);
  return rows.map(([a, b]) => `${indent}${a.padEnd(width)}  ${b}`).join('\n');
};

/** `12 → 0`, rule by rule: those that changed, the largest change first. */
function problemLines(before: ProblemCount, after: ProblemCount): string[] {
  const rules = [...new Set([...Object.keys(before.byRule), ...Object.keys(after.byRule)])];
  const changes = rules
    .map((rule) => ({ rule, was: before.byRule[rule] ?? 0, now: after.byRule[rule] ?? 0 }))
    .filter((r) => r.was !== r.now)
    .sort((a, b) => Math.abs(b.now - b.was) - Math.abs(a.now - a.was) || (a.rule < b.rule ? -1 : 1));
  const width = Math.max(0, ...changes.map((c) => c.rule.length));
  return changes.map((c) => `  ${c.rule.padEnd(width)}  ${String(c.was).padStart(4)} → ${c.now}`);
}

function unifiedDiff(shownFile: string, existing: string | undefined, proposed: string): string {
  const patch = createTwoFilesPatch(existing === undefined ? '/dev/null' : `a/${shownFile}`, `b/${shownFile}`, existing ?? '', proposed, undefined, undefined, { context: 3 });
  return patch.replace(/^=+\n/, '');
}

/** What `aar init` prints: the reports and how they were found, what was left out, the proposal and its effect. */
function describe(p: SetupProposal, shownRoot: string, show: (relative: string) => string, lookedAt: number): string {
  const out: string[] = [];
  out.push(`Looked at ${lookedAt} Markdown file${lookedAt === 1 ? '' : 's'} in ${shownRoot}.`, '');
  if (!p.reports.length) {
    out.push('No reports found.');
  } else {
    out.push(`Reports found: ${p.reports.length}`);
    const folders = new Map<string, typeof p.reports>();
    for (const r of p.reports) {
      const folder = show(r.path.includes('/') ? r.path.slice(0, r.path.lastIndexOf('/')) : '.');
      folders.set(folder, [...(folders.get(folder) ?? []), r]);
    }
    for (const [folder, reports] of folders) {
      out.push(`  ${folder === '.' ? './' : `${folder}/`} (${reports.length})`);
      out.push(column(reports.map((r) => [r.path.slice(r.path.lastIndexOf('/') + 1), r.why]), '    '));
    }
  }
  if (p.leftOut.length) {
    out.push('', `Left out: ${p.leftOut.length}`);
    out.push(column(p.leftOut.map((l) => [show(l.path), l.why]), '  '));
  }
  if (p.sections.length || p.pinned.length) {
    out.push('', 'Section headings:');
    for (const s of p.sections) {
      out.push(`  "${s.heading}" read as ${s.kind}: it stands for them in ${s.reports.length} of the ${s.missing} reports without ${s.kind === 'summary' ? 'one' : 'them'}.`);
      if (s.alsoReads.length) {
        const files = [...new Set(s.alsoReads.map((a) => a.path))];
        out.push(`    It will also read ${s.alsoReads.length} other heading${s.alsoReads.length === 1 ? '' : 's'} as ${s.kind}, in ${files.length} report${files.length === 1 ? '' : 's'} (e.g. "${s.alsoReads[0].heading}" in ${show(s.alsoReads[0].path)}).`);
      }
    }
    for (const pin of p.pinned) {
      const taker = p.sections.find((s) => s.heading === pin.because);
      out.push(`  "${pin.heading}" stays ${pin.kind} (${pin.reports.map(show).join(', ')}): "${pin.because}" alone would read it as ${taker?.kind ?? 'another section'}.`);
    }
  }
  if (p.peopleLeftOut.length) {
    out.push('', 'Owners left out of team:');
    out.push(column(p.peopleLeftOut.map((l) => [l.written, `${l.why}, in ${l.reports.map(show).join(', ')}`]), '  '));
  }
  for (const note of p.notes) out.push('', `Note: ${note}`);
  return out.join('\n');
}

function problemsSummary(p: SetupProposal): string {
  const { before, after } = p.problems;
  const lines = [`Problems: ${before.total} before → ${after.total} with this configuration (errors: ${before.errors} → ${after.errors})`];
  const { detected } = p;
  const n = p.reports.length;
  if (detected.before < n) {
    const now = detected.before ? `only ${detected.before} of the ${n} reports` : `none of the ${n} reports`;
    lines.unshift(`Reports checked: today's configuration finds ${now}; with this one, ${detected.after === n ? 'all' : detected.after}.`);
  }
  const changes = problemLines(before, after);
  if (changes.length) lines.push(...changes);
  else lines.push('  (the same, rule by rule)');
  return lines.join('\n');
}

async function run(args: string[]): Promise<number> {
  const parsed = parseVerbLine(args, OPTIONS, HELP);
  if (!parsed) return 0;
  const { values, positionals } = parsed;
  if (positionals.length > 1) fail(`Give one folder, not ${positionals.length}: aar init [folder].`);
  if (values.write && values.diff) fail('Give --write or --diff, not both: --diff only prints the change.');
  const today = values.today === undefined ? localToday() : readToday(values.today);
  const cwd = process.cwd();
  const given = positionals[0] ?? '.';
  await checkPathReadable(given, cwd);
  const root = path.resolve(cwd, given);
  if (!(await fs.stat(root)).isDirectory()) fail(`${given} is a file: aar init takes the folder that holds (or will hold) .aar.yml.`);

  const existing = await existingConfig(root);
  const maxFileSize = (existing && parseTeamConfig(existing.text).layer.maxFileSize) || DEFAULT_MAX_FILE_SIZE;
  const files = await readSetupFiles(root, maxFileSize, (folder, e) => warn(`cannot read the folder ${folder} (${e.code ?? e.message}); its files are not looked at.`));
  const tags = (await readGitTags(root)).map((t) => ({ name: t.name, ...(t.date ? { date: t.date } : {}) }));
  const proposal = proposeSetup({ files, tags, existingConfig: existing?.text, today });

  const show = (relative: string) => toPosixRelative(path.join(root, relative), cwd);
  const target = existing?.file ?? path.join(root, '.aar.yml');
  const shownTarget = toPosixRelative(target, cwd);
  const { file } = proposal;

  if (values.diff) {
    if (file.changed) process.stdout.write(unifiedDiff(shownTarget, file.existing, file.proposed));
    return 0;
  }

  const out = process.stdout;
  out.write(`${describe(proposal, toPosixRelative(root, cwd) === '.' ? 'the current folder' : toPosixRelative(root, cwd), show, files.length)}\n\n`);
  if (!proposal.reports.length) {
    out.write(`Nothing to propose: no report was found. "aar new \\"Title\\"" starts one.\n`);
    return 0;
  }
  if (!existing) {
    out.write(`Proposed ${shownTarget}:\n\n${file.proposed}\n${problemsSummary(proposal)}\n\n`);
    if (!values.write) {
      out.write(`Nothing was written. Run "aar init${given === '.' ? '' : ` ${given}`} --write" to write ${shownTarget}.\n`);
      return 0;
    }
    let written: boolean;
    try {
      written = await writeNewFile(target, file.proposed);
    } catch (e) {
      fail(`Cannot write ${target} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}).`);
    }
    if (!written) {
      out.write(`${shownTarget} appeared meanwhile: it was left as it is. Run aar init again to see a diff.\n`);
      return 1;
    }
    out.write(`Wrote ${shownTarget}.\n`);
    return 0;
  }

  if (file.unmerged) {
    out.write(`${shownTarget} is left as it is: ${file.unmerged}\n`);
    return values.write ? 1 : 0;
  }
  if (!file.changed) {
    out.write(`${shownTarget} already holds everything proposed: nothing to change.\n\n${problemsSummary(proposal)}\n`);
    return 0;
  }
  out.write(`${shownTarget} exists, so it is left as it is. The proposal adds this to it:\n\n${unifiedDiff(shownTarget, file.existing, file.proposed)}\n`);
  out.write(`${problemsSummary(proposal)}\n\n`);
  out.write(`To apply it: aar init${given === '.' ? '' : ` ${given}`} --diff | git apply   (or edit ${shownTarget} by hand)\n`);
  if (values.write) {
    out.write(`Not written: --write never changes an existing ${shownTarget}.\n`);
    return 1;
  }
  return 0;
}

export const initCommand: Command = {
  name: 'init',
  synopsis: 'aar init [folder] [options]',
  summary: 'propose a .aar.yml that fits the reports already in the repository',
  help: HELP,
  run,
};
