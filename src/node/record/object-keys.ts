// An object's own enumerable keys, as a snapshot lists them. V8 collects and orders every key of
// an object each time they are asked for - 21 ms for a 100,000-key dictionary here - and a
// snapshot shows only the first few: a program passing such an object to a function on every call
// (a lookup table, a cache) ran 100,000 times slower recorded (4 ms -> 7 minutes for 20,000
// calls). A large object's first keys are kept from its listing for a second: snapshots in that
// second show those of them it still has, and its count of keys then.
import { SafeWeakMap, hasOwn, keysOf } from './safe';

/** Objects with more keys than this are listed at most once a second. */
export const LARGE_OBJECT = 1024;
const RELIST_MS = 1000;

// Taken at load: a program may replace performance.now (fake timers).
const now = performance.now.bind(performance);

interface Listed {
  keys: string[];
  count: number;
  at: number;
}

const listed = new SafeWeakMap<object, Listed>();
/** Whether any large object was listed: until one is, no snapshot looks in `listed` (most programs have none). */
let anyListed = false;

/**
 * How many keys the object had at the last call of firstKeys (exact, but for a large object
 * listed less than a second before): set beside the keys to make no object a call.
 */
export let keyCount = 0;

/** The object's own enumerable keys, or at least its first `most` (see above), in order; keyCount says how many it has. */
export function firstKeys(o: object, most: number): string[] {
  const known = anyListed ? listed.get(o) : undefined;
  if (known !== undefined && now() - known.at < RELIST_MS) {
    keyCount = known.count;
    const still: string[] = [];
    for (let i = 0; i < known.keys.length; i++) if (hasOwn.call(o, known.keys[i])) still[still.length] = known.keys[i];
    return still;
  }
  const keys = keysOf(o);
  keyCount = keys.length;
  if (keys.length > LARGE_OBJECT) {
    const first: string[] = [];
    for (let i = 0; i < most && i < keys.length; i++) first[i] = keys[i];
    listed.set(o, { keys: first, count: keys.length, at: now() });
    anyListed = true;
  }
  return keys;
}
