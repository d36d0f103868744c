// A small assertion kit for the store's conformance suite, which runs both under vitest (Node,
// fake-indexeddb) and inside a Chromium Worker (real IndexedDB), where vitest is not available.

/** Deep equality that tells NaN, -0, Dates, Maps, Sets and typed arrays apart as structuredClone keeps them. */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) return false;
  if (a instanceof Date) return a.getTime() === (b as Date).getTime();
  if (a instanceof Map) {
    const bm = b as Map<unknown, unknown>;
    if (a.size !== bm.size) return false;
    for (const [k, v] of a) if (!bm.has(k) || !deepEqual(v, bm.get(k))) return false;
    return true;
  }
  if (a instanceof Set) {
    const bs = b as Set<unknown>;
    return a.size === bs.size && [...a].every((v) => bs.has(v));
  }
  if (ArrayBuffer.isView(a)) {
    const x = a as unknown as ArrayLike<number>;
    const y = b as unknown as ArrayLike<number>;
    if (x.length !== y.length) return false;
    for (let i = 0; i < x.length; i++) if (!Object.is(x[i], y[i])) return false;
    return true;
  }
  if (Array.isArray(a)) {
    const bb = b as unknown[];
    if (a.length !== bb.length) return false;
    for (let i = 0; i < a.length; i++) {
      if (i in a !== i in bb) return false;
      if (!deepEqual(a[i], bb[i])) return false;
    }
    return true;
  }
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  for (const k of ka) {
    if (!Object.prototype.hasOwnProperty.call(b, k)) return false;
    if (!deepEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k])) return false;
  }
  return true;
}

function show(v: unknown): string {
  try {
    const s = JSON.stringify(v, (_k, x) => (typeof x === 'bigint' ? `${x}n` : x));
    return s === undefined ? String(v) : s.length > 600 ? s.slice(0, 600) + '...' : s;
  } catch {
    return String(v);
  }
}

/** Throws with both values shown when they differ. */
export function assertEqual(actual: unknown, expected: unknown, what: string): void {
  if (!deepEqual(actual, expected)) throw new Error(`${what}: expected ${show(expected)}, got ${show(actual)}`);
}

/** Throws when the condition is false. */
export function assert(condition: unknown, what: string): asserts condition {
  if (!condition) throw new Error(`${what}: assertion failed`);
}

/** Expects the promise to reject with a message matching `pattern`; returns the error. */
export async function assertRejects(p: Promise<unknown> | (() => Promise<unknown>), pattern: RegExp, what: string): Promise<Error> {
  try {
    await (typeof p === 'function' ? p() : p);
  } catch (err) {
    const e = err instanceof Error ? err : new Error(String(err));
    if (!pattern.test(e.message)) throw new Error(`${what}: rejected with "${e.message}", which does not match ${pattern}`, { cause: err });
    return e;
  }
  throw new Error(`${what}: expected a rejection matching ${pattern}, but it resolved`);
}

export { seededRandom } from '../../src/random';
