// Loaded before every test file (.mocharc.json): servers started by the tests, and the editors and
// CLIs they start, keep their default persisted index in a folder of this run, not in the
// user's cache folder (`$XDG_CACHE_HOME`), which later runs would read.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const cacheHome = mkdtempSync(join(tmpdir(), 'aar-test-cache-'));
process.env.XDG_CACHE_HOME = cacheHome;
process.on('exit', () => rmSync(cacheHome, { recursive: true, force: true }));
