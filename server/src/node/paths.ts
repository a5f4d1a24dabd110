// Paths on Node: the platform's own, as the CLI shows them and the server's Node host hands them out.
import * as path from 'node:path';
import { URI } from 'vscode-uri';
import type { HostPaths } from '../host';

/** `.` or `..` segments, doubled separators, or a separator at the end: what `path.relative` would normalise first. */
const NOT_NORMALISED = /(?:^|[\\/])\.\.?(?:[\\/]|$)|[\\/][\\/]|[\\/]$/;

/** `file` relative to `root` with `/` separators, as the report globs expect (`.` for the root itself). */
export function toPosixRelative(file: string, root: string): string {
  // Most paths are of files the walker found by joining names to the folder: then the part after
  // the folder is the answer, without resolving both again (2,000 files on every start of the index).
  const base = root.endsWith(path.sep) ? root : root + path.sep;
  if (file.length > base.length && file.startsWith(base) && path.isAbsolute(root) && !NOT_NORMALISED.test(file)) {
    const below = file.slice(base.length);
    return path.sep === '/' ? below : below.split(path.sep).join('/');
  }
  const relative = path.relative(path.resolve(root), path.resolve(file));
  return relative === '' ? '.' : relative.split(path.sep).join('/');
}

/** An absolute POSIX path of characters a file URI writes as they are (not `//`, which would name a host). */
const PLAIN_POSIX_PATH = /^\/(?!\/)[A-Za-z0-9\-._~/]*$/;

/**
 * The file URI of a path, as `URI.file(file).toString()` writes it: a plain absolute POSIX path is
 * the URI's path as it is, any other path is vscode-uri's to write. A warm start of the index
 * makes one for each of 2,000 files before it can answer, and vscode-uri's, escaping character by
 * character, were 6% of that start.
 */
export function fileUri(file: string): string {
  return PLAIN_POSIX_PATH.test(file) ? `file://${file}` : URI.file(file).toString();
}

export const nodePaths: HostPaths = {
  join: (folder, name) => path.join(folder, name),
  dirname: (file) => path.dirname(file),
  basename: (file) => path.basename(file),
  relative: (root, file) => toPosixRelative(file, root),
  contains: (folder, file) => file === folder || file.startsWith(folder.endsWith(path.sep) ? folder : folder + path.sep),
};
