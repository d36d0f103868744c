// Reading: turning a chosen page into events (one readonly transaction, consecutive blocks fetched
// with one getAll each), the slices a time range or an id's posting list matches, and density.
import type { StoredEvent } from '../../src/event';
import { type RawEvent, decodeEvents, decodeRange, rawEvents } from './block';
import type { BlockCache } from './block-cache';
import { type BlockDirectory, type EventKey, afterKey, compareKeys, lowerBound } from './directory';
import type { Position, Slice } from './page';
import { type Pointers, pointerBlock, pointerOffset } from './postings';
import type { BlockDataRecord, BlockIndexRecord, Database } from './schema';

/**
 * Loads block payload records, from the cache when it has them. Missing ones were evicted. Records
 * read go into the cache unless `fill` is false: a pass over a whole session would push out the
 * blocks scrubbing rereads, and each record it cached would outlive V8's young generation only to
 * be pushed out again, piling up as old garbage (at 3M events a fresh tab held ~290 MB more after
 * the span index's build than once V8 had collected it).
 */
export async function fetchBlocks(
  db: Database,
  session: string,
  nos: number[],
  cache: BlockCache,
  fill = true,
): Promise<Map<number, BlockDataRecord>> {
  const found = new Map<number, BlockDataRecord>();
  const wanted: number[] = [];
  for (const no of nos) {
    const hit = cache.get(no);
    if (hit) found.set(no, hit);
    else wanted.push(no);
  }
  if (wanted.length === 0) return found;
  wanted.sort((a, b) => a - b);
  const tx = db.transaction('blocks', 'readonly');
  const requests: Promise<void>[] = [];
  for (let k = 0; k < wanted.length;) {
    let end = k;
    while (end + 1 < wanted.length && wanted[end + 1] === wanted[end] + 1) end++;
    const first = wanted[k];
    const last = wanted[end];
    if (first === last) {
      requests.push(
        tx.store.get([session, first]).then((r) => {
          if (r) found.set(first, r);
        }),
      );
    } else {
      // A run of neighbours: one request returns them all.
      requests.push(
        tx.store.getAll(IDBKeyRange.bound([session, first], [session, last])).then((rs) => {
          rs.forEach((r, j) => found.set(first + j, r));
        }),
      );
    }
    k = end + 1;
  }
  await Promise.all(requests);
  if (!fill) return found;
  for (const no of wanted) {
    const r = found.get(no);
    if (r) cache.set(no, r);
  }
  return found;
}

/** Reads and decodes a page chosen by selectPage, keeping its order. */
export async function readPage(db: Database, session: string, page: Position[], cache: BlockCache): Promise<StoredEvent[]> {
  return (await readPositions(db, session, page, cache)).filter((e): e is StoredEvent => e !== undefined);
}

/**
 * Reads the blocks a page needs (one transaction) and decodes each block's events with `decode`,
 * returning results aligned with `page`: undefined where a block has been evicted meanwhile.
 */
async function readAligned<T>(
  db: Database,
  session: string,
  page: Position[],
  cache: BlockCache,
  decode: (index: BlockIndexRecord, data: BlockDataRecord, offsets: number[], out: T[]) => void,
): Promise<Array<T | undefined>> {
  const out: Array<T | undefined> = new Array(page.length);
  if (page.length === 0) return out;
  const perBlock = new Map<BlockIndexRecord, number[]>();
  page.forEach((p, k) => {
    let list = perBlock.get(p.block);
    if (!list) perBlock.set(p.block, (list = []));
    list.push(k);
  });
  const data = await fetchBlocks(
    db,
    session,
    [...perBlock.keys()].map((b) => b.no),
    cache,
  );
  for (const [block, ks] of perBlock) {
    const record = data.get(block.no);
    if (!record) continue;
    // Within one block, key order is offset order, so the page's positions are ascending offsets.
    const events: T[] = [];
    decode(
      block,
      record,
      ks.map((k) => page[k].i),
      events,
    );
    ks.forEach((k, j) => (out[k] = events[j]));
  }
  return out;
}

/** Reads a page with payloads left as JSON text (see RawEvent), keeping its order. */
export async function readRawPage(db: Database, session: string, page: Position[], cache: BlockCache): Promise<RawEvent[]> {
  return (await readAligned(db, session, page, cache, rawEvents)).filter((e): e is RawEvent => e !== undefined);
}

/** Like readPage, aligned with `page`: undefined where a block has been evicted meanwhile. */
export function readPositions(db: Database, session: string, page: Position[], cache: BlockCache): Promise<Array<StoredEvent | undefined>> {
  return readAligned(db, session, page, cache, decodeEvents);
}

/** Events [lo, hi) of one block, with its payload record. */
export interface BlockRun {
  index: BlockIndexRecord;
  data: BlockDataRecord;
  lo: number;
  hi: number;
}

/**
 * Yields slices that are already in chronological order (blocks that do not overlap) with their
 * records, `chunk` blocks at a time, reading the next chunk while the caller works on this one:
 * the reads happen in the browser process, so the two overlap. Evicted blocks are left out. A pass
 * like this reads most of a session once: what it reads is not cached (see fetchBlocks).
 */
export async function* slicesInOrder(
  db: Database,
  session: string,
  slices: Slice[],
  cache: BlockCache,
  chunk = 32,
): AsyncGenerator<BlockRun[]> {
  const fetchChunk = (k: number) =>
    fetchBlocks(
      db,
      session,
      slices.slice(k, k + chunk).map((s) => s.block.no),
      cache,
      false,
    );
  let pending = slices.length > 0 ? fetchChunk(0) : null;
  for (let k = 0; pending !== null; k += chunk) {
    const data = await pending;
    pending = k + chunk < slices.length ? fetchChunk(k + chunk) : null;
    pending?.catch(() => {}); // a caller that stops early leaves it unread
    const runs: BlockRun[] = [];
    for (const s of slices.slice(k, k + chunk)) {
      const record = data.get(s.block.no);
      if (record) runs.push({ index: s.block, data: record, lo: s.lo, hi: s.hi });
    }
    yield runs;
  }
}

/** Reads and decodes slices that are already in chronological order (see slicesInOrder). */
export async function readSlicesInOrder(db: Database, session: string, slices: Slice[], cache: BlockCache): Promise<StoredEvent[]> {
  const out: StoredEvent[] = [];
  for await (const runs of slicesInOrder(db, session, slices, cache)) {
    for (const r of runs) decodeRange(r.index, r.data, r.lo, r.hi, out);
  }
  return out;
}

/** The slices of [t0, t1] (inclusive) after `after`, in directory order. */
export function* rangeSlices(dir: BlockDirectory, t0: number, t1: number, after: EventKey | null): Generator<Slice> {
  const blocks = dir.blocks;
  const from = after && after.ts > t0 ? after.ts : t0;
  for (let k = dir.firstReaching(from); k < blocks.length; k++) {
    const b = blocks[k];
    if (b.ts[b.base] > t1) break;
    let lo = lowerBound(b.ts, b.base, b.n, from);
    if (after) lo = afterKey(b, lo, b.n, after);
    const hi = lowerBound(b.ts, lo, b.n, t1, true);
    if (lo < hi) yield { block: b, lo, hi };
  }
}

/**
 * The same slices, made as they are taken when the list is in time order (ascending pointers into
 * blocks in number order: an import's, a live session's written in order), so a page of a node
 * with 400k events costs what the page holds, not a pass over all its pointers (~330 ms at 10M).
 */
export function postingSlicesInOrder(dir: BlockDirectory, pointers: Pointers): Iterable<Slice> {
  for (let k = 1; k < pointers.length; k++) if (pointers[k] <= pointers[k - 1]) return postingSlices(dir, pointers);
  if (!dir.inNumberOrder) return postingSlices(dir, pointers);
  return (function* () {
    for (let k = 0; k < pointers.length;) {
      const no = pointerBlock(pointers[k]);
      const block = dir.get(no);
      const offsets: number[] = [];
      for (; k < pointers.length && pointerBlock(pointers[k]) === no; k++) {
        const i = pointerOffset(pointers[k]);
        if (block && i >= block.base) offsets.push(i);
      }
      if (block && offsets.length > 0) yield { block, lo: offsets[0], hi: offsets[offsets.length - 1] + 1, offsets };
    }
  })();
}

/** Slices for the events a posting list points at, ordered as selectPage needs. */
export function postingSlices(dir: BlockDirectory, pointers: Pointers): Slice[] {
  const byBlock = new Map<number, number[]>();
  for (let k = 0; k < pointers.length; k++) {
    const no = pointerBlock(pointers[k]);
    let list = byBlock.get(no);
    if (!list) byBlock.set(no, (list = []));
    list.push(pointerOffset(pointers[k]));
  }
  const slices: Slice[] = [];
  for (const [no, offsets] of byBlock) {
    const block = dir.get(no);
    if (!block) continue;
    const live = offsets.filter((i) => i >= block.base);
    if (live.length === 0) continue;
    live.sort((a, b) => a - b);
    slices.push({ block, lo: live[0], hi: live[live.length - 1] + 1, offsets: live });
  }
  slices.sort((a, b) =>
    compareKeys(a.block.ts[a.block.base], a.block.seq[a.block.base], b.block.ts[b.block.base], b.block.seq[b.block.base]),
  );
  return slices;
}

/** Where each of `buckets` equal parts of [t0, t1] starts: bucket k is [starts[k], starts[k + 1]). */
export function bucketStarts(t0: number, t1: number, buckets: number): Float64Array {
  const span = t1 - t0 + 1;
  const starts = new Float64Array(buckets + 1);
  for (let k = 0; k < buckets; k++) starts[k] = t0 + Math.ceil((k * span) / buckets);
  starts[buckets] = t1 + 1;
  return starts;
}

/**
 * Counts per bucket of the events of one AST node or correlation (their pointers) in [t0, t1]:
 * the timeline's marks. Reads only the in-memory time columns, one lookup per posting.
 */
export function postingDensity(dir: BlockDirectory, pointers: Pointers, t0: number, t1: number, buckets: number): Uint32Array {
  const counts = new Uint32Array(buckets);
  const starts = bucketStarts(t0, t1, buckets);
  const span = t1 - t0 + 1;
  // Straight over the pointers (counts do not depend on their order): no slices to build.
  let no = -1;
  let block: BlockIndexRecord | undefined;
  for (let k = 0; k < pointers.length; k++) {
    const p = pointers[k];
    if (pointerBlock(p) !== no) block = dir.get((no = pointerBlock(p)));
    const i = pointerOffset(p);
    if (!block || i < block.base) continue;
    const t = block.ts[i];
    if (t < t0 || t > t1) continue;
    let b = Math.min(buckets - 1, Math.max(0, Math.floor(((t - t0) / span) * buckets)));
    while (b > 0 && starts[b] > t) b--;
    while (b < buckets - 1 && starts[b + 1] <= t) b++;
    counts[b]++;
  }
  return counts;
}

/**
 * Event counts in `buckets` equal parts of [t0, t1], from the time columns in memory: per block,
 * a binary search finds where each bucket starts, so no event is visited one by one.
 */
export function density(dir: BlockDirectory, t0: number, t1: number, buckets: number): Uint32Array {
  const counts = new Uint32Array(buckets);
  const starts = bucketStarts(t0, t1, buckets);
  const span = t1 - t0 + 1;
  // The arithmetic guess is off by at most one bucket from float rounding; `starts` settles it.
  const bucketAt = (t: number) => {
    let k = Math.min(buckets - 1, Math.max(0, Math.floor(((t - t0) / span) * buckets)));
    while (k > 0 && starts[k] > t) k--;
    while (k < buckets - 1 && starts[k + 1] <= t) k++;
    return k;
  };
  for (const s of rangeSlices(dir, t0, t1, null)) {
    const b = s.block;
    const k = bucketAt(b.ts[s.lo]);
    if (b.ts[s.hi - 1] < starts[k + 1]) {
      counts[k] += s.hi - s.lo; // the whole slice falls in one bucket
      continue;
    }
    for (let from = s.lo; from < s.hi;) {
      const k = bucketAt(b.ts[from]);
      const to = lowerBound(b.ts, from, s.hi, starts[k + 1]);
      counts[k] += to - from;
      from = to;
    }
  }
  return counts;
}
