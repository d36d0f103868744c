// Eviction: keeping a storage at most maxEvents. The oldest events (by timestamp, then arrival) go
// first. A block whose events are all evicted is deleted; a block evicted in part keeps its record
// and moves its `base`, so offsets, and therefore the postings of its remaining events, stay valid.
// Every posting that pointed at an evicted event is removed, in memory and in the segments that
// held it, in the same transaction.
import { astIdAt, corrIdAt } from './block';
import { afterKey } from './directory';
import { keyOf, selectPage } from './page';
import { keyKind, pointerBlock, pointerOffset, postingKey, segmentEntries, toSegmentRecord } from './postings';
import { fetchBlocks, rangeSlices } from './reader';
import { IdKind, type BlockIndexRecord, type SegmentRecord, type SessionRecord } from './schema';
import type { SessionState } from './state';
import { encodeColumns } from './columns-codec';

/** Evicts the oldest events beyond `maxEvents`; returns how many were evicted. */
export async function evictOldest(state: SessionState, maxEvents: number): Promise<number> {
  const excess = state.meta.total_events - maxEvents;
  if (excess <= 0) return 0;
  const sid = state.meta.id;

  // The excess-th oldest event is the threshold; everything up to it goes.
  const doomed = selectPage(rangeSlices(state.dir, -Infinity, Infinity, null), null, excess);
  const threshold = keyOf(doomed[doomed.length - 1]);
  const changed: BlockIndexRecord[] = [];
  const removed: number[] = [];
  const spans = new Map<number, [number, number]>();
  let lastBlock = -1;
  for (const b of state.dir.blocks) {
    const end = afterKey(b, b.base, b.n, threshold);
    if (end === b.base) continue;
    spans.set(b.no, [b.base, end]);
    lastBlock = Math.max(lastBlock, b.no);
    if (end === b.n) removed.push(b.no);
    else changed.push({ ...b, base: end });
  }

  // Which ids lose postings, and how much payload leaves.
  const data = await fetchBlocks(state.db, sid, [...spans.keys()], state.cache);
  const lost = new Set<string>();
  let bytes = 0;
  let astLost = 0;
  let corrLost = 0;
  for (const [no, [from, to]] of spans) {
    const d = data.get(no);
    if (!d) continue;
    for (let i = from; i < to; i++) {
      const a = astIdAt(d, i);
      const c = corrIdAt(d, i);
      if (a !== null) {
        lost.add(postingKey(IdKind.Ast, a));
        astLost++;
      }
      if (c !== null) {
        lost.add(postingKey(IdKind.Correlation, c));
        corrLost++;
      }
      const start = i === 0 ? 0 : d.dataEnd[i - 1] + 1;
      bytes += d.dataEnd[i] - start + 24;
    }
  }
  const isEvicted = (p: number) => {
    const span = spans.get(pointerBlock(p));
    return span !== undefined && pointerOffset(p) < span[1];
  };

  const tx = state.db.transaction(['blocks', 'blockIndex', 'segments', 'runBuckets', 'sessions'], 'readwrite');
  const segStore = tx.objectStore('segments');
  const work: Promise<unknown>[] = [];
  // Segments that may point into an evicted block are read, filtered and written back.
  const touched = state.segments.filter((s) => s.minBlock <= lastBlock);
  const rewritten = new Map<number, SegmentRecord | null>();
  for (const span of touched) {
    work.push(
      segStore.get([sid, span.no]).then((seg) => {
        if (!seg) return;
        const entries = segmentEntries(seg);
        let dropped = false;
        for (const [key, list] of entries) {
          const kept = list.filter((p) => !isEvicted(p));
          if (kept.length === list.length) continue;
          dropped = true;
          if (kept.length === 0) entries.delete(key);
          else entries.set(key, kept);
        }
        if (!dropped) return;
        const record = entries.size > 0 ? toSegmentRecord(entries) : null;
        rewritten.set(span.no, record);
        work.push(record ? segStore.put(record, [sid, span.no]) : segStore.delete([sid, span.no]));
      }),
    );
  }
  for (const no of removed) {
    work.push(tx.objectStore('blocks').delete([sid, no]));
    work.push(tx.objectStore('blockIndex').delete([sid, no]));
  }
  for (const r of changed) work.push(tx.objectStore('blockIndex').put(encodeColumns(r), [sid, r.no]));
  // A run whose blocks are all gone is deleted; one with live blocks left keeps its (unreachable)
  // copies of evicted events until then: queries only ask runs for events the postings still hold.
  const gone = new Set(removed);
  const deadRuns = state.meta.runs.filter((run) => {
    for (let no = run.firstBlock; no <= run.lastBlock; no++) if (state.dir.get(no) && !gone.has(no)) return false;
    return true;
  });
  // A run's records are one per bucket, each under its bucket (see runs.ts).
  for (const run of deadRuns) for (let b = 0; b < run.buckets; b++) work.push(tx.objectStore('runBuckets').delete([sid, b, run.no]));
  // The merged copy likewise, once its blocks are all gone: its parts are every key with an id (a string) second.
  const merged = state.meta.merged;
  let mergedDead = false;
  if (merged) {
    mergedDead = true;
    for (let no = merged.firstBlock; no <= merged.lastBlock && mergedDead; no++) if (state.dir.get(no) && !gone.has(no)) mergedDead = false;
    if (mergedDead) work.push(tx.objectStore('runBuckets').delete(IDBKeyRange.bound([sid, ''], [sid, []], false, true)));
  }
  // Segment reads add their writes to `work` as they arrive; wait until it stops growing.
  for (let seen = 0; seen < work.length;) {
    const n = work.length;
    await Promise.all(work.slice(seen, n));
    seen = n;
  }

  const meta: SessionRecord = { ...state.meta, runs: state.meta.runs.filter((run) => !deadRuns.includes(run)) };
  if (mergedDead) delete meta.merged;
  delete meta.checkpoints; // state at t now starts from the oldest event left
  delete meta.overview;
  delete meta.spans;
  meta.total_events -= doomed.length;
  meta.data_bytes -= bytes;
  meta.ast_index_size -= astLost;
  meta.correlation_index_size -= corrLost;
  const after = boundsAfter(state, changed, removed);
  meta.oldest_event = after.oldest;
  meta.newest_event = after.newest;
  for (const key of lost) {
    // Counted here, applied after commit: a failed eviction must leave memory as it was.
    const left = state.postings.get(key).some((p) => !isEvicted(p));
    if (!left) {
      if (keyKind(key) === IdKind.Ast) meta.ast_node_count--;
      else meta.correlation_count--;
    }
  }
  await Promise.all([tx.objectStore('sessions').put(meta), tx.done]);

  state.meta = meta;
  state.dir.replaceAfterEviction(changed, removed);
  for (const no of removed) state.cache.delete(no);
  for (const key of lost) state.postings.remove(key, isEvicted);
  for (const [no, record] of rewritten) {
    const i = state.segments.findIndex((s) => s.no === no);
    if (record === null) state.segments.splice(i, 1);
    else state.segments[i] = { no, minBlock: record.minBlock, maxBlock: record.maxBlock };
    if (state.openSegment?.no === no) {
      state.openSegment = record ? { no, entries: segmentEntries(record), size: record.pointers.length } : null;
    }
  }
  if (state.open) {
    if (removed.includes(state.open.no)) state.open = null;
    else {
      const c = changed.find((r) => r.no === state.open!.no);
      if (c) state.open.base = c.base;
    }
  }
  return doomed.length;
}

/** Oldest and newest live timestamps once the eviction is applied. */
function boundsAfter(
  state: SessionState,
  changed: BlockIndexRecord[],
  removed: number[],
): { oldest: number | null; newest: number | null } {
  const gone = new Set(removed);
  const moved = new Map(changed.map((r) => [r.no, r]));
  let oldest: number | null = null;
  let newest: number | null = null;
  for (const b0 of state.dir.blocks) {
    if (gone.has(b0.no)) continue;
    const b = moved.get(b0.no) ?? b0;
    if (oldest === null || b.ts[b.base] < oldest) oldest = b.ts[b.base];
    if (newest === null || b.ts[b.n - 1] > newest) newest = b.ts[b.n - 1];
  }
  return { oldest, newest };
}
