// Paths on Node: the platform's own, as the CLI shows them and the server's Node host hands them out.
import * as path from 'node:path';
import type { HostPaths } from '../host';

/** `file` relative to `root` with `/` separators, as the report globs expect (`.` for the root itself). */
export function toPosixRelative(file: string, root: string): string {
  const relative = path.relative(path.resolve(root), path.resolve(file));
  return relative === '' ? '.' : relative.split(path.sep).join('/');
}

export const nodePaths: HostPaths = {
  join: (folder, name) => path.join(folder, name),
  dirname: (file) => path.dirname(file),
  basename: (file) => path.basename(file),
  relative: (root, file) => toPosixRelative(file, root),
  contains: (folder, file) => file === folder || file.startsWith(folder.endsWith(path.sep) ? folder : folder + path.sep),
};
