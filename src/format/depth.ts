// How deep a parsed JSON value nests. Walking, cloning or printing a value thousands of levels deep
// overflows the stack (JSON.stringify, a structured clone, an array's toString), so every reader
// refuses one past the store's limit with a FormatError at its place instead.
import { MAX_PAYLOAD_DEPTH } from '../event';

/** Whether a parsed JSON value holds anything more than `max` levels below it (walked without recursion). */
export function nestedDeeper(value: unknown, max: number = MAX_PAYLOAD_DEPTH): boolean {
  if (value === null || typeof value !== 'object') return false;
  const stack: Array<[unknown, number]> = [[value, 0]];
  while (stack.length > 0) {
    const [v, depth] = stack.pop()!;
    if (depth > max) return true;
    if (v === null || typeof v !== 'object') continue;
    for (const child of Array.isArray(v) ? v : Object.values(v as Record<string, unknown>)) stack.push([child, depth + 1]);
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
