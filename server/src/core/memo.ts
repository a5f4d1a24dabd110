// Results remembered per object for as long as the object lives. The incremental analyzer hands
// the rules the very same actions and items for the blocks an edit did not touch (or copies of them
// moved to other lines), so what a rule worked out about one of them holds for the next version too.

/**
 * Each object's results, in a hidden property rather than in a WeakMap per memo: the rules look up
 * several results for each of thousands of actions on every keystroke, and a property read of an
 * object the code has seen before is much cheaper than a hash lookup. The property is not
 * enumerable, so copies, JSON and comparisons of the model do not see it.
 */
const RESULTS = Symbol('memoized results');

type WithResults = { [RESULTS]?: unknown[] };

/** How many memos there are: each has its own index in every object's results. */
let memos = 0;

function resultsOf(key: object): unknown[] {
  const known = (key as WithResults)[RESULTS];
  if (known) return known;
  const results: unknown[] = [];
  Object.defineProperty(key, RESULTS, { value: results });
  return results;
}

/** Records that `copy` is `original` moved to other lines: results about the one hold for the other. */
export function movedCopyOf(copy: object, original: object): void {
  const results = (original as WithResults)[RESULTS];
  if (results && !(copy as WithResults)[RESULTS]) Object.defineProperty(copy, RESULTS, { value: results });
}

/**
 * A cache keyed by objects, as a WeakMap would be, kept in a hidden property of each key. V8's
 * young-generation collection (a scavenge) keeps every value of a WeakMap alive, whether its key is
 * alive or not, and drops the entries of dead keys only after it. What a keystroke read from its
 * version of a document was then copied and promoted by the next scavenge, and through it the
 * whole version: some 50 KB a keystroke in a 10 KB report (docs/architecture.md). In a property of
 * its key, a value dies with the key. A key that cannot take a property (frozen) goes to a WeakMap.
 */
export class ObjectCache<K extends object, V> {
  readonly #slot = Symbol('cached');
  #frozenKeys: WeakMap<K, V> | undefined;

  get(key: K): V | undefined {
    const value = (key as { [slot: symbol]: V | undefined })[this.#slot];
    return value !== undefined || !this.#frozenKeys ? value : this.#frozenKeys.get(key);
  }

  set(key: K, value: V): this {
    if (Object.prototype.hasOwnProperty.call(key, this.#slot)) (key as { [slot: symbol]: V })[this.#slot] = value;
    else if (Object.isExtensible(key)) Object.defineProperty(key, this.#slot, { value, writable: true, configurable: true });
    // eslint-disable-next-line no-restricted-syntax -- frozen keys only: they cannot hold the value themselves.
    else (this.#frozenKeys ??= new WeakMap()).set(key, value);
    return this;
  }
}

/** Marks a result that is `undefined`, so that it is told apart from one not worked out yet. */
const UNDEFINED = Symbol('undefined');

/**
 * `fn` with its result remembered per argument object, and shared with the object's moved copies:
 * so `fn` must not depend on positions. The results are shared, so they must not be changed.
 */
export function memoizeByObject<K extends object, R>(fn: (key: K) => R): (key: K) => R {
  const slot = memos++;
  return (key) => {
    const results = resultsOf(key);
    const known = results[slot];
    if (known !== undefined) return (known === UNDEFINED ? undefined : known) as R;
    const result = fn(key);
    results[slot] = result === undefined ? UNDEFINED : result;
    return result;
  };
}

/**
 * `fn` remembered per argument object, for the last value of a second argument (today's date, a
 * line number): as `memoizeByObject`, shared with moved copies, so `fn` must not depend on positions.
 */
export function memoizeByObjectAnd<K extends object, A, R>(fn: (key: K, arg: A) => R): (key: K, arg: A) => R {
  const slot = memos++;
  return (key, arg) => {
    const results = resultsOf(key);
    const known = results[slot] as { arg: A; result: R } | undefined;
    if (known && known.arg === arg) return known.result;
    const result = fn(key, arg);
    results[slot] = { arg, result };
    return result;
  };
}

/** Whether two arrays hold the very same elements, in the same order. */
export function sameElements<T>(a: readonly T[], b: readonly T[]): boolean {
  if (a.length !== b.length) return false;
  for (let k = 0; k < a.length; k++) if (a[k] !== b[k]) return false;
  return true;
}

/** The arrays' elements in one array: `Array.prototype.flat` is several times slower on long arrays. */
export function concatAll<T>(arrays: readonly (readonly T[])[]): T[] {
  let length = 0;
  for (const array of arrays) length += array.length;
  const out = new Array<T>(length);
  let k = 0;
  for (const array of arrays) for (let i = 0; i < array.length; i++) out[k++] = array[i];
  return out;
}
