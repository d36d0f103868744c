// Choosing which events a query returns, from the in-memory time columns alone: no block is read
// until the page is known, so a page of a 1M-event session costs what the page holds.
import type { BlockIndexRecord } from './schema';
import { compareKeys, type EventKey } from './directory';

/** The events of one block a query matches: offsets [lo, hi), or an explicit ascending list. */
export interface Slice {
  block: BlockIndexRecord;
  lo: number;
  hi: number;
  offsets?: number[];
}

/** One event of a page: its block and offset. */
export interface Position {
  block: BlockIndexRecord;
  i: number;
}

function comparePositions(a: Position, b: Position): number {
  return compareKeys(a.block.ts[a.i], a.block.seq[a.i], b.block.ts[b.i], b.block.seq[b.i]);
}

/**
 * The first `limit` matching events after `after`, in (timestamp, arrival) order. Slices must come
 * ordered by their block's first live event: once `limit` events are held and the next block starts
 * after the last of them, no later block can contribute, so the walk stops there.
 */
export function selectPage(slices: Iterable<Slice>, after: EventKey | null, limit: number): Position[] {
  let out: Position[] = [];
  let sorted = true;
  let lastTs = -Infinity;
  let lastSeq = -Infinity;
  const settle = () => {
    if (!sorted) out.sort(comparePositions);
    sorted = true;
    if (out.length > limit) out.length = limit;
    const last = out[out.length - 1];
    if (last) {
      lastTs = last.block.ts[last.i];
      lastSeq = last.block.seq[last.i];
    }
  };
  for (const s of slices) {
    const b = s.block;
    if (out.length >= limit) {
      settle();
      if (compareKeys(b.ts[b.base], b.seq[b.base], lastTs, lastSeq) > 0) break;
    }
    const count = s.offsets ? s.offsets.length : s.hi - s.lo;
    for (let k = 0; k < count; k++) {
      const i = s.offsets ? s.offsets[k] : s.lo + k;
      const ts = b.ts[i];
      const seq = b.seq[i];
      if (after !== null && compareKeys(ts, seq, after.ts, after.seq) <= 0) continue;
      if (compareKeys(ts, seq, lastTs, lastSeq) < 0) sorted = false;
      else {
        lastTs = ts;
        lastSeq = seq;
      }
      out.push({ block: b, i });
    }
    // Keep memory bounded when many overlapping blocks feed one page.
    if (out.length > 4 * limit + 1024) {
      settle();
      out = out.slice(0, limit);
    }
  }
  settle();
  return out;
}

/** The key of a page's last event: the cursor for the next page. */
export function keyOf(p: Position): EventKey {
  return { ts: p.block.ts[p.i], seq: p.block.seq[p.i] };
}
