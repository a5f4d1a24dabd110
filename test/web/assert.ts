// The few assertions the web suite makes: Node's `assert` is not there in a web worker.
const show = (value: unknown) => JSON.stringify(value);

function fail(message: string | undefined, fallback: string): never {
  throw new Error(message ?? fallback);
}

export function ok(value: unknown, message?: string): asserts value {
  if (!value) fail(message, `expected a truthy value, got ${show(value)}`);
}

export function equal<T>(actual: T, expected: T, message?: string): void {
  if (actual !== expected) fail(message, `expected ${show(expected)}, got ${show(actual)}`);
}

/** Equal as JSON: enough for the plain values the suite compares. */
export function deepEqual<T>(actual: T, expected: T, message?: string): void {
  if (show(actual) !== show(expected)) fail(message, `expected ${show(expected)}, got ${show(actual)}`);
}

export function match(actual: string, pattern: RegExp, message?: string): void {
  if (!pattern.test(actual)) fail(message, `expected ${show(actual)} to match ${pattern}`);
}
