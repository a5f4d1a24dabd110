// Where the language server keeps its workspace index between starts.
import envPaths from 'env-paths';
import * as path from 'node:path';

/**
 * The folder the editor gives in `initializationOptions.cacheDir` (VS Code: its storage for the
 * workspace), else the platform's cache folder, so that every editor's next start reads only what
 * changed: `$XDG_CACHE_HOME/after-action-reports` (`~/.cache/…`) on Linux,
 * `~/Library/Caches/after-action-reports` on macOS, `%LOCALAPPDATA%\after-action-reports\Cache`
 * on Windows. `false`: no persisted index.
 */
export function indexCacheDir(given: unknown): string | undefined {
  if (given === false) return undefined;
  if (typeof given === 'string' && path.isAbsolute(given)) return given;
  return envPaths('after-action-reports', { suffix: '' }).cache;
}
