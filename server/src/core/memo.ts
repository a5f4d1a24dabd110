// Results remembered per object for as long as the object lives. The incremental analyzer hands
// the rules the very same actions and items for the blocks an edit did not touch (or copies of them
// moved to other lines), so what a rule worked out about one of them holds for the next version too.

/** Every memo's results, so that a moved copy of an object can take over what is known of it. */
const memos: WeakMap<object, unknown>[] = [];

/** Records that `copy` is `original` moved to other lines: results about the one hold for the other. */
export function movedCopyOf(copy: object, original: object): void {
  for (const results of memos) if (results.has(original)) results.set(copy, results.get(original));
}

/**
 * `fn` with its result remembered per argument object, and shared with the object's moved copies:
 * so `fn` must not depend on positions. The results are shared, so they must not be changed.
 */
export function memoizeByObject<K extends object, R>(fn: (key: K) => R): (key: K) => R {
  const results = new WeakMap<object, R>();
  memos.push(results);
  return (key) => {
    const known = results.get(key);
    if (known !== undefined || results.has(key)) return known as R;
    const result = fn(key);
    results.set(key, result);
    return result;
  };
}

/**
 * `fn` remembered per argument object, for the last value of a second argument (today's date, a
 * line number): as `memoizeByObject`, shared with moved copies, so `fn` must not depend on positions.
 */
export function memoizeByObjectAnd<K extends object, A, R>(fn: (key: K, arg: A) => R): (key: K, arg: A) => R {
  const results = new WeakMap<object, { arg: A; result: R }>();
  memos.push(results);
  return (key, arg) => {
    const known = results.get(key);
    if (known && known.arg === arg) return known.result;
    const result = fn(key, arg);
    results.set(key, { arg, result });
    return result;
  };
}
