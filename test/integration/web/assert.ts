/**
 * Node's `assert`, for the suites in the web worker host (a worker has no Node modules; the
 * suite bundle maps `assert` here, see esbuild.mjs). The strict subset the suites use, with the
 * same meaning: strictEqual is Object.is, deepStrictEqual compares prototypes, own enumerable
 * keys, Maps, Sets, Dates and RegExps.
 */
export class AssertionError extends Error {
  constructor(message: string, readonly actual?: unknown, readonly expected?: unknown) {
    super(message);
    this.name = 'AssertionError';
  }
}

function show(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (value instanceof RegExp || typeof value !== 'object' || value === null) return String(value);
  try {
    return JSON.stringify(value, (_k, v: unknown) => (v instanceof Map ? [...v] : v instanceof Set ? [...v] : v)) ?? String(value);
  } catch {
    return String(value);
  }
}

function fail(message: string | Error | undefined, fallback: string, actual?: unknown, expected?: unknown): never {
  if (message instanceof Error) throw message;
  throw new AssertionError(message ?? fallback, actual, expected);
}

function isDeepStrictEqual(a: unknown, b: unknown, seen = new Map<object, object>()): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) return false;
  if (seen.get(a) === b) return true;
  seen.set(a, b);
  if (a instanceof Date) return a.getTime() === (b as Date).getTime();
  if (a instanceof RegExp) return String(a) === String(b);
  if (a instanceof Map) {
    const m = b as Map<unknown, unknown>;
    return a.size === m.size && [...a].every(([k, v]) => m.has(k) && isDeepStrictEqual(v, m.get(k), seen));
  }
  if (a instanceof Set) {
    const s = b as Set<unknown>;
    return a.size === s.size && [...a].every((v) => s.has(v));
  }
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  return ka.every((k) => Object.prototype.hasOwnProperty.call(b, k) && isDeepStrictEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], seen));
}

export function ok(value: unknown, message?: string | Error): asserts value {
  if (!value) fail(message, `The expression evaluated to a falsy value: ${show(value)}`, value, true);
}

export function strictEqual<T>(actual: unknown, expected: T, message?: string | Error): asserts actual is T {
  if (!Object.is(actual, expected)) fail(message, `Expected values to be strictly equal:\n  actual:   ${show(actual)}\n  expected: ${show(expected)}`, actual, expected);
}

export function notStrictEqual(actual: unknown, expected: unknown, message?: string | Error): void {
  if (Object.is(actual, expected)) fail(message, `Expected "actual" to be strictly unequal to: ${show(expected)}`, actual, expected);
}

export function deepStrictEqual<T>(actual: unknown, expected: T, message?: string | Error): asserts actual is T {
  if (!isDeepStrictEqual(actual, expected)) fail(message, `Expected values to be strictly deep-equal:\n  actual:   ${show(actual)}\n  expected: ${show(expected)}`, actual, expected);
}

export function notDeepStrictEqual(actual: unknown, expected: unknown, message?: string | Error): void {
  if (isDeepStrictEqual(actual, expected)) fail(message, `Expected "actual" not to be strictly deep-equal to: ${show(expected)}`, actual, expected);
}

export function match(value: string, pattern: RegExp, message?: string | Error): void {
  if (typeof value !== 'string' || !pattern.test(value)) fail(message, `The input did not match the regular expression ${pattern}. Input: ${show(value)}`, value, pattern);
}

export function doesNotMatch(value: string, pattern: RegExp, message?: string | Error): void {
  if (typeof value !== 'string' || pattern.test(value)) fail(message, `The input was expected to not match the regular expression ${pattern}. Input: ${show(value)}`, value, pattern);
}

type Expected = RegExp | ((err: unknown) => boolean) | (new (...args: never[]) => unknown);

function check(err: unknown, expected: Expected | undefined, message: string | Error | undefined): void {
  if (expected === undefined) return;
  if (expected instanceof RegExp) {
    if (!expected.test(err instanceof Error ? err.message : String(err))) fail(message, `The error did not match ${expected}: ${show(err instanceof Error ? err.message : err)}`);
  } else if (expected === Error || expected.prototype instanceof Error) {
    if (!(err instanceof (expected as new () => unknown))) fail(message, `The error is not a ${expected.name}: ${show(err instanceof Error ? err.message : err)}`);
  } else if ((expected as (err: unknown) => boolean)(err) !== true) {
    fail(message, `The error did not pass the validation function: ${show(err instanceof Error ? err.message : err)}`);
  }
}

export function throws(fn: () => unknown, expected?: Expected, message?: string | Error): void {
  try {
    fn();
  } catch (err) {
    check(err, expected, message);
    return;
  }
  fail(message, 'Missing expected exception.');
}

export async function rejects(promise: Promise<unknown> | (() => Promise<unknown>), expected?: Expected, message?: string | Error): Promise<void> {
  try {
    await (typeof promise === 'function' ? promise() : promise);
  } catch (err) {
    check(err, expected, message);
    return;
  }
  fail(message, 'Missing expected rejection.');
}
