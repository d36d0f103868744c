// The session's overview: its events counted in equal bins of a power-of-two width, aligned to the
// oldest event, kept in the meta record of a session that is finished (an import as it publishes,
// any session as it closes). It answers the density questions of a timeline's first paint - the
// whole range, buckets of power-of-two widths aligned to the session's start, the count of a window
// whose edges fall on bin edges - exactly, before the time columns are read: reading those took
// 0.9 s at 1M events in Chromium and ~9 s at 10M. Every write and eviction removes it with the
// checkpoints.
import { bucketStarts } from './reader';
import type { BlockDirectory } from './directory';
import type { Overview, SessionRecord } from './schema';

/** At most this many bins: 64 KB in the meta record. */
export const OVERVIEW_BINS = 16384;

/** Counts the live events of `dir` (all of [oldest, newest]) into bins. */
export function buildOverview(dir: BlockDirectory, oldest: number, newest: number): Overview {
  let shift = 0;
  while ((newest - oldest) / 2 ** shift >= OVERVIEW_BINS) shift++;
  const size = 2 ** shift;
  const counts = new Uint32Array(Math.floor((newest - oldest) / size) + 1);
  let events = 0;
  for (const b of dir.blocks) {
    // Division by a power of two is exact for safe integers; the times are safe integers.
    for (let i = b.base; i < b.n; i++) counts[Math.floor((b.ts[i] - oldest) / size)]++;
    events += b.n - b.base;
  }
  return { start: oldest, end: newest, shift, counts, events, ...blockStarts(dir) };
}

/** Each block's number and first live timestamp, when the blocks are disjoint and numbered in time order. */
function blockStarts(dir: BlockDirectory): Pick<Overview, 'blocks'> {
  if (!dir.inNumberOrder) return {};
  const ordered = dir.blocks;
  return {
    blocks: { nos: Uint32Array.from(ordered, (b) => b.no), firsts: Float64Array.from(ordered, (b) => b.ts[b.base]) },
  };
}

const prefixes = new WeakMap<Overview, Float64Array>();

/** prefix[i] = events in bins before i. */
function prefixOf(o: Overview): Float64Array {
  let p = prefixes.get(o);
  if (!p) {
    p = new Float64Array(o.counts.length + 1);
    for (let i = 0; i < o.counts.length; i++) p[i + 1] = p[i] + o.counts[i];
    prefixes.set(o, p);
  }
  return p;
}

/**
 * The density of [t0, t1] in `buckets` (bucket k is [starts[k], starts[k+1]) as density() cuts
 * them) when every bucket edge falls on a bin edge, in an empty bin or outside the events; otherwise null.
 */
export function overviewDensity(o: Overview, t0: number, t1: number, buckets: number): Uint32Array | null {
  const size = 2 ** o.shift;
  const prefix = prefixOf(o);
  const starts = bucketStarts(t0, t1, buckets);
  const before = new Float64Array(buckets + 1); // events before each edge
  for (let k = 0; k <= buckets; k++) {
    const at = (starts[k] - o.start) / size;
    const bin = Math.floor(at);
    if (at <= 0) before[k] = 0;
    else if (starts[k] > o.end) before[k] = o.events;
    else if (at === bin || o.counts[bin] === 0)
      before[k] = prefix[bin]; // on a bin's edge, or inside an empty one
    else return null;
  }
  const counts = new Uint32Array(buckets);
  for (let k = 0; k < buckets; k++) counts[k] = before[k + 1] - before[k];
  return counts;
}

/** True when the session has an overview and it counts the events as they are. */
export function overviewHolds(meta: SessionRecord): boolean {
  const o = meta.overview;
  return !!o && o.events === meta.total_events && o.start === meta.oldest_event && o.end === meta.newest_event;
}

/** The density from a session's overview, when it has one that holds and whose bins answer exactly. */
export function densityFromOverview(meta: SessionRecord, t0: number, t1: number, buckets: number): Uint32Array | null {
  if (!overviewHolds(meta) || t0 > t1) return null;
  return overviewDensity(meta.overview!, t0, t1, buckets);
}
