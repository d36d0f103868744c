// How deep a parsed JSON value nests. Walking, cloning or printing a value thousands of levels deep
// overflows the stack (JSON.stringify, a structured clone, an array's toString), so every reader
// refuses one past the store's limit with a FormatError at its place instead.
import { MAX_PAYLOAD_DEPTH } from '../event';

/** Whether a parsed JSON value holds anything more than `max` levels below it (walked without recursion). */
export function nestedDeeper(value: unknown, max: number = MAX_PAYLOAD_DEPTH): boolean {
  if (value === null || typeof value !== 'object') return false;
  // Two parallel stacks, and only containers pushed: no pair allocated per value (a whole
  // document is walked at import).
  const values: object[] = [value];
  const depths: number[] = [0];
  const enter = (c: unknown, depth: number) => {
    if (c !== null && typeof c === 'object') {
      values.push(c);
      depths.push(depth);
    }
  };
  while (values.length > 0) {
    const v = values.pop()!;
    const depth = depths.pop()! + 1; // the depth of its children
    if (Array.isArray(v)) {
      if (v.length > 0 && depth > max) return true;
      for (let i = 0; i < v.length; i++) enter(v[i], depth);
    } else {
      for (const k in v) {
        if (depth > max) return true;
        enter((v as Record<string, unknown>)[k], depth);
      }
    }
  }
  return false;
}

/**
 * Whether JSON text of this length could nest past the limit at all: each level takes two
 * characters, so shorter text is never walked (most trace events are a few hundred characters).
 */
export const mayNestTooDeep = (chars: number, max: number = MAX_PAYLOAD_DEPTH) => chars > 2 * max;

export const tooDeep = (what: string, max: number = MAX_PAYLOAD_DEPTH) =>
  `${what} is nested more than ${max} levels deep; Cinema reads at most ${max}`;
