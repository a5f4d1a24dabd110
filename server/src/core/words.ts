// Counted words, the way every message of the extension and the CLI says them ("1 error",
// "2 errors"). Without dependencies: the client imports it too.

/** `n` and the word for that many: `many` defaults to `one` with an `s`. */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}
