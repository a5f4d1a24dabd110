// `aar new "Title"`: a new review from the team's template in the team's folder, as the editor's
// "New After Action Review" makes it (core/newReview.ts), and never over an existing file: each
// name is created exclusively, so even a race with another writer gets `-2`, `-3`, …
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { DEFAULT_REVIEW_TEMPLATE, renderReviewTemplate, reviewFileName, reviewFileStem, type AarConfig } from '../core';
import { localToday } from '../core/analyze';
import { reviewTrigger, tagMatches } from '../core/triggers';
import { findMarkedRoot } from '../node/config';
import { writeNewFile } from '../node/fileCache';
import type { Command } from './command';
import { isInside } from './lint';
import { fail, parseVerbLine, readDateOption, teamConfig, warn } from './options';

const HELP = `Usage: aar new "Title" [options]

Starts a new After Action Review from the team's template (reviews.template in .aar.yml, else the
built-in one) in the team's folder (reviews.folder, default after-action-reports/), named
<date>-<title>.md, with the Delivery Owner of .aar.yml filled in. It never overwrites a file: a
second review with the same title and date gets -2, then -3, ... Prints the new file's path.

Options:
  --trigger T             why the review happens: release, milestone, incident, learning, or a
                          trigger of .aar.yml (default: the trigger whose tags the milestone
                          matches, if any)
  --milestone M           the release, milestone or tag it reviews, e.g. v2.5.0
  --dir D                 the folder for the file, relative to the current folder; it must be
                          inside the repository (the folder holding .git or .aar.yml)
  --date YYYY-MM-DD       the review's date (default: today)

Exit status: 0 when the review was created; 2 for bad usage or a file that cannot be written.
`;

/** Most files that could exist with one name: past this, something is wrong and we stop. */
const MAX_ATTEMPTS = 500;
/** A template bigger than this is not a template. */
const MAX_TEMPLATE_BYTES = 256 * 1024;

const hasControlCharacter = (text: string) => [...text].some((ch) => ch.charCodeAt(0) < 0x20 || ch.charCodeAt(0) === 0x7f);

/** `relative` (from the team's configuration) inside `root`, or undefined when it points outside it. */
function configuredPathInside(root: string, relative: string): string | undefined {
  const parts = relative.replace(/\\/g, '/').split('/').filter((p) => p && p !== '.');
  if (relative.startsWith('/') || /^[A-Za-z]:/.test(relative) || parts.some((p) => p === '..' || hasControlCharacter(p))) return undefined;
  return path.join(root, ...parts);
}

/** The real path of `p`, or of its nearest existing folder with the rest appended (for folders not made yet). */
async function realPathOf(p: string): Promise<string> {
  const missing: string[] = [];
  let at = p;
  for (;;) {
    try {
      return path.join(await fs.realpath(at), ...missing.reverse());
    } catch {
      const parent = path.dirname(at);
      if (parent === at) return p;
      missing.push(path.basename(at));
      at = parent;
    }
  }
}

/** Whether `folder` is `root` or lies inside it, also once symbolic links are followed. */
async function folderWithin(folder: string, root: string): Promise<boolean> {
  if (folder !== root && !isInside(folder, root)) return false;
  const [realFolder, realRoot] = await Promise.all([realPathOf(folder), realPathOf(root)]);
  return realFolder === realRoot || isInside(realFolder, realRoot);
}

async function readTemplate(root: string, template: string | undefined, cwd: string): Promise<string> {
  if (!template) return DEFAULT_REVIEW_TEMPLATE;
  const file = configuredPathInside(root, template);
  if (!file || !(await folderWithin(path.dirname(file), root))) {
    warn(`the review template ${template} is outside ${path.relative(cwd, root) || '.'}; the built-in template was used.`);
    return DEFAULT_REVIEW_TEMPLATE;
  }
  try {
    const handle = await fs.open(file, 'r');
    try {
      const bytes = Buffer.alloc(MAX_TEMPLATE_BYTES + 1);
      const { bytesRead } = await handle.read(bytes, 0, bytes.length, 0);
      if (bytesRead > MAX_TEMPLATE_BYTES || bytes.subarray(0, bytesRead).includes(0)) throw new Error('not a text template');
      return new TextDecoder().decode(bytes.subarray(0, bytesRead));
    } finally {
      await handle.close();
    }
  } catch (e) {
    warn(`the review template ${template} could not be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}); the built-in template was used.`);
    return DEFAULT_REVIEW_TEMPLATE;
  }
}

/** The team's Delivery Owner as new reviews carry it: `.aar.yml` `delivery_owner`, else the roster's. */
function deliveryOwnerOf(config: AarConfig): string {
  if (config.deliveryOwner?.trim()) return config.deliveryOwner.trim();
  const person = config.roster.find((p) => p.deliveryOwner);
  return person?.handle ? `@${person.handle}` : (person?.name ?? '');
}

/** Creates `<stem>.md`, else `<stem>-2.md`, …: never over an existing file (or link), never half written. */
async function createUnique(folder: string, stem: string, text: string): Promise<string> {
  try {
    await fs.mkdir(folder, { recursive: true });
  } catch (e) {
    fail(`Cannot create the folder ${folder} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}).`);
  }
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
    const file = path.join(folder, reviewFileName(stem, attempt));
    let created: boolean;
    try {
      created = await writeNewFile(file, text);
    } catch (e) {
      fail(`Cannot create ${file} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}): nothing was created.`);
    }
    if (!created) continue;
    return file;
  }
  fail(`Could not find a free name for the review in ${folder}: ${MAX_ATTEMPTS} files named ${stem}-N.md exist.`);
}

const OPTIONS = {
  trigger: { type: 'string', short: 't' },
  milestone: { type: 'string', short: 'm' },
  dir: { type: 'string', short: 'd' },
  date: { type: 'string' },
} as const;

async function run(args: string[]): Promise<number> {
  const parsed = parseVerbLine(args, OPTIONS, HELP);
  if (!parsed) return 0;
  const { values, positionals } = parsed;
  if (positionals.length === 0) fail('Give the review a title: aar new "Release 2.5 review".');
  if (positionals.length > 1) fail(`Give one title, in quotes: aar new "${positionals.join(' ')}".`);
  const title = positionals[0].trim();
  if (!title) fail('The title is empty: it names the report and its file.');
  const date = values.date === undefined ? localToday() : readDateOption('--date', values.date);

  const cwd = process.cwd();
  const root = (await findMarkedRoot(cwd)) ?? cwd;
  const config = await teamConfig(root, cwd, warn);
  let folder: string;
  if (values.dir !== undefined) {
    if (!values.dir.trim() || hasControlCharacter(values.dir)) fail(`--dir needs a folder name, not "${values.dir}".`);
    folder = path.resolve(cwd, values.dir);
    if (!(await folderWithin(folder, root))) fail(`--dir must be a folder inside ${root}; "${values.dir}" is not.`);
  } else {
    const configured = configuredPathInside(root, config.reviewsFolder);
    if (!configured || !(await folderWithin(configured, root))) fail(`The folder for new reviews must be inside ${root}; "${config.reviewsFolder}" (reviews.folder) is not.`);
    folder = configured;
  }

  const milestone = values.milestone?.trim() ?? '';
  const fromTag = milestone ? config.tagTriggers.find((t) => tagMatches(t.tag, milestone)) : undefined;
  const trigger = values.trigger?.trim() ?? (fromTag ? reviewTrigger(fromTag) : '');
  if (trigger && !config.triggers.some((t) => t.toLowerCase() === trigger.toLowerCase())) {
    warn(`"${trigger}" is not one of the team's triggers (${config.triggers.join(', ')}): the report will say so until it is.`);
  }
  const text = renderReviewTemplate(await readTemplate(root, config.template, cwd), {
    title,
    date,
    trigger,
    milestone,
    deliveryOwner: deliveryOwnerOf(config),
  });
  const file = await createUnique(folder, reviewFileStem(date, title), text);
  process.stdout.write(`${path.relative(cwd, file).split(path.sep).join('/')}\n`);
  return 0;
}

export const newReviewCommand: Command = {
  name: 'new',
  synopsis: 'aar new "Title" [options]',
  summary: "start a review from the team's template, never overwriting a file",
  help: HELP,
  run,
};
