// Which Markdown files are reports: front matter `type`, a `.aar.md` name, or the configured globs;
// never the team's review template, which looks like one.
import type { AarConfig } from './config';
import { detached } from './text';

export const REPORT_TYPES = [
  'after-action-report',
  'after-action-review',
  'aar',
  'postmortem',
  'post-mortem',
  'post-incident-review',
  'retrospective',
];

export type Detection = { isReport: true; by: 'front-matter' | 'file-name' | 'glob' } | { isReport: false; by: 'front-matter' | 'file-name' | 'glob' | 'template' };

/**
 * Whether the file is the team's review template (`reviews.template` in `.aar.yml`, relative to
 * the workspace): it has a report's front matter and sections, but it is what reports start from.
 * A workspace-relative path must be the template's; an absolute one (a URI without a workspace)
 * must end with it.
 */
function isTemplate(path: string, template: string | undefined): boolean {
  if (!template) return false;
  const wanted = normalisePath(template).replace(/^(?:\.\/)+/, '').toLowerCase();
  const file = path.toLowerCase();
  const absolute = file.startsWith('/') || /^[a-z]:\//.test(file);
  return absolute ? file.endsWith(`/${wanted}`) : file === wanted;
}

/**
 * Files that sit among reports and are not reports: a folder's README or index, and templates
 * (`template.md`, `postmortem-template.md`, `0000-00-00-template.md`, `_template.md`).
 */
export const NOT_A_REPORT_NAME = /^(?:readme|index|_index|contributing|changelog|license|summary)\.(?:md|markdown)$|template|^0{2,4}-0{1,2}-0{1,2}\b/i;

const globCache = new Map<string, RegExp>();

/** `**` crosses folders, `*` and `?` stay within one; matched against `/`-separated paths. */
export function globToRegExp(glob: string): RegExp {
  let re = globCache.get(glob);
  if (re) return re;
  let out = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '*' && glob[i + 1] === '*') {
      if (glob[i + 2] === '/') {
        out += '(?:.*/)?';
        i += 2;
      } else {
        out += '.*';
        i += 1;
      }
    } else if (c === '*') out += '[^/]*';
    else if (c === '?') out += '[^/]';
    else out += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  re = new RegExp(`^(?:.*/)?${out.replace(/^\(\?:\.\*\/\)\?/, '')}$`, 'i');
  globCache.set(glob, re);
  return re;
}

export function normalisePath(pathOrUri: string): string {
  let p = pathOrUri;
  if (/^file:\/\//i.test(p)) {
    try {
      p = decodeURIComponent(p.replace(/^file:\/\//i, ''));
    } catch {
      p = p.replace(/^file:\/\//i, '');
    }
  }
  return p.replace(/\\/g, '/');
}

/** How far into a text its front matter is looked for. */
const FRONT_MATTER_READ = 64 * 1024;

/**
 * The last front matter read, through the line break after its closing fence, and its type: a text
 * that starts with it has that front matter too (the expression finds the first closing fence, and
 * every character up to it is the same), and typing below the front matter does not read it again.
 */
let lastFrontMatter: { block: string; type: string | undefined } | undefined;

/** The `type:` of the front matter, read cheaply without parsing the document. */
export function frontMatterType(text: string): string | undefined {
  // The expression below would try every position of a long text without front matter before failing.
  if (!text.startsWith('---') && !text.startsWith('\uFEFF---')) return undefined;
  if (lastFrontMatter && text.startsWith(lastFrontMatter.block)) return lastFrontMatter.type;
  const m = /^\uFEFF?---[ \t]*\r?\n([\s\S]*?)\r?\n(?:---|\.\.\.)[ \t]*(?:\r?\n|$)/.exec(text.slice(0, FRONT_MATTER_READ));
  if (!m) return undefined;
  const t = /^type[ \t]*:[ \t]*["']?([^"'\r\n#]+?)["']?[ \t]*(?:#.*)?$/m.exec(m[1]);
  const type = t ? t[1].trim().toLowerCase() : undefined;
  // Not a fence that closed at the end of what was read: more text after it might not close it so.
  if (m[0].endsWith('\n')) lastFrontMatter = { block: detached(m[0]), type };
  return type;
}

export function detectReport(text: string, pathOrUri: string, config: AarConfig): Detection {
  const byPath = pathReadingOf(pathOrUri, config);
  if (byPath.template) return { isReport: false, by: 'template' };
  const type = frontMatterType(text);
  if (type && REPORT_TYPES.includes(type)) return { isReport: true, by: 'front-matter' };
  if (!byPath.markdown) return { isReport: false, by: 'glob' };
  if (byPath.aarName) return { isReport: true, by: 'file-name' };
  // A file that declares another type in its front matter has said what it is.
  if (type) return { isReport: false, by: 'front-matter' };
  return { isReport: byPath.glob, by: 'glob' };
}

/** What a file's path says of it, whatever its text. */
interface PathReading {
  template: boolean;
  markdown: boolean;
  aarName: boolean;
  /** A report by the configured globs. */
  glob: boolean;
}

/** The last path read, with the configuration it was read with: typing in a document asks on every keystroke. */
let lastPath: { pathOrUri: string; config: AarConfig; reading: PathReading } | undefined;

function pathReadingOf(pathOrUri: string, config: AarConfig): PathReading {
  if (lastPath?.pathOrUri === pathOrUri && lastPath.config === config) return lastPath.reading;
  const path = normalisePath(pathOrUri);
  // A report folder's README, index or blank template sits beside the reports but is none.
  const glob = config.reportGlobs.some((g) => globToRegExp(g).test(path)) && !NOT_A_REPORT_NAME.test(path.slice(path.lastIndexOf('/') + 1));
  const reading = { template: isTemplate(path, config.template), markdown: /\.(md|markdown)$/i.test(path), aarName: /\.aar\.(md|markdown)$/i.test(path), glob };
  lastPath = { pathOrUri, config, reading };
  return reading;
}
