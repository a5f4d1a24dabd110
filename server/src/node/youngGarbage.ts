// Collecting the young generation while the server waits for the next keystroke, so that a
// keystroke rarely pays for the collection its allocation would have set off. A line deleted in a
// 600 KB register allocates some 3.5 MB; every fourth or fifth delete set off a scavenge in the
// middle of its analysis, which copied what recent versions keep alive (8 MB, 5-8 ms) and more
// than doubled that keystroke. The same collection made between keystrokes costs no one a wait.
import { getHeapSpaceStatistics } from 'node:v8';

/** How full the young generation may be (new objects and new large objects over its size) before an idle moment collects it. */
export const YOUNG_FILL_TO_COLLECT = 0.5;

/** What is read of V8's young generation: its size and what is in use, large objects included. */
export interface YoungGeneration {
  size: number;
  used: number;
}

export function youngGeneration(): YoungGeneration {
  let size = 0;
  let used = 0;
  for (const space of getHeapSpaceStatistics()) {
    if (space.space_name === 'new_space') {
      size += space.space_size;
      used += space.space_used_size;
    } else if (space.space_name === 'new_large_object_space') used += space.space_used_size;
  }
  return { size, used };
}

type Collect = (options: { type: 'minor' }) => void;

/**
 * A minor collection, when the young generation is at least `fill` full and the process can
 * collect (started with --expose-gc, as the server is: server/nodeOptions.json). Whether it ran.
 */
export function collectYoungGarbage(
  fill = YOUNG_FILL_TO_COLLECT,
  young: () => YoungGeneration = youngGeneration,
  collect: Collect | undefined = (globalThis as { gc?: Collect }).gc,
): boolean {
  if (typeof collect !== 'function') return false;
  const { size, used } = young();
  if (!size || used < fill * size) return false;
  collect({ type: 'minor' });
  return true;
}
