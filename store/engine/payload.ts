// Event payloads: most are plain JSON and are kept as JSON text, which is compact in IndexedDB,
// cheap to clone across the store's boundary and parsed only for the events a query returns.
// Anything JSON would change (a Date, a Map, undefined, NaN, -0, a sparse array) is kept as a
// structured clone instead, so what comes back is what went in.
import { EventValidationError, MAX_PAYLOAD_DEPTH, describeType } from '../../src/event';

/** A payload ready to store: its JSON text, or a structured clone when JSON cannot carry it. */
export type EncodedPayload = { json: string; clone?: undefined } | { json: null; clone: unknown };

/**
 * True when JSON.parse(JSON.stringify(value)) gives back an equal value. Walks iteratively and
 * throws EventValidationError past MAX_PAYLOAD_DEPTH.
 */
export function isExactJson(value: unknown): boolean {
  const stack: unknown[] = [value];
  const depths: number[] = [0];
  const seen = new Set<object>();
  let exact = true;
  while (stack.length > 0) {
    const v = stack.pop();
    const depth = depths.pop()!;
    if (depth > MAX_PAYLOAD_DEPTH) {
      throw new EventValidationError(
        'data',
        `data is nested more than ${MAX_PAYLOAD_DEPTH} levels deep; the store keeps at most ${MAX_PAYLOAD_DEPTH}`,
      );
    }
    if (v === null || typeof v === 'string' || typeof v === 'boolean') continue;
    if (typeof v === 'number') {
      if (!Number.isFinite(v) || Object.is(v, -0)) exact = false;
      continue;
    }
    if (typeof v !== 'object') {
      exact = false;
      continue;
    }
    // Shared or cyclic: JSON would duplicate or fail. Its children were already walked.
    if (seen.has(v)) {
      exact = false;
      continue;
    }
    seen.add(v);
    // Other objects (Date, Map, class instances) are walked too, for the depth check only.
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) {
        if (!(i in v)) exact = false;
        stack.push(v[i]);
        depths.push(depth + 1);
      }
      continue;
    }
    const proto = Object.getPrototypeOf(v);
    if (proto !== Object.prototype && proto !== null) {
      exact = false;
      if (v instanceof Map) {
        for (const [k, x] of v) {
          stack.push(k, x);
          depths.push(depth + 1, depth + 1);
        }
      } else if (v instanceof Set) {
        for (const x of v) {
          stack.push(x);
          depths.push(depth + 1);
        }
      }
    }
    for (const key in v) {
      stack.push((v as Record<string, unknown>)[key]);
      depths.push(depth + 1);
    }
  }
  return exact;
}

/** Encodes a payload, or throws EventValidationError when it cannot be structured-cloned. */
export function encodePayload(data: unknown): EncodedPayload {
  if (isExactJson(data)) return { json: JSON.stringify(data) };
  try {
    // The clone is also a snapshot: later changes by the caller do not reach the store.
    return { json: null, clone: structuredClone(data) };
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    throw new EventValidationError('data', `data cannot be structured-cloned (${describeType(data)}): ${why}`);
  }
}

/** Rough bytes a payload takes, for memory_usage: text length, or a fixed guess for clones. */
export function payloadBytes(p: { json: string | null }): number {
  return p.json !== null ? p.json.length : 64;
}
