// Eviction: keeping a storage at most maxEvents. The oldest events (by timestamp, then arrival) go
// first. A block whose events are all evicted is deleted; a block evicted in part keeps its record
// and moves its `base`, so offsets, and therefore the postings of its remaining events, stay valid.
// Every posting that pointed at an evicted event is removed in the same transaction.
import { corrIdAt, astIdAt } from './block';
import { afterKey } from './directory';
import { selectPage, keyOf } from './page';
import { type PostingTail, pointerBlock, pointerOffset, tailKey } from './postings';
import { fetchBlocks, rangeSlices } from './reader';
import { IdKind, type BlockIndexRecord, type SessionRecord } from './schema';
import type { SessionState } from './state';
import { loadTails } from './writer';

/** Evicts the oldest events beyond `maxEvents`; returns how many were evicted. */
export async function evictOldest(state: SessionState, maxEvents: number): Promise<number> {
  const excess = state.meta.total_events - maxEvents;
  if (excess <= 0) return 0;
  if (state.tails === null) state.tails = await loadTails(state);
  const tails = state.tails;
  const sid = state.meta.id;

  // The excess-th oldest event is the threshold; everything up to it goes.
  const doomed = selectPage(rangeSlices(state.dir, -Infinity, Infinity, null), null, excess);
  const threshold = keyOf(doomed[doomed.length - 1]);
  const changed: BlockIndexRecord[] = [];
  const removed: number[] = [];
  const spans = new Map<number, [number, number]>();
  for (const b of state.dir.blocks) {
    const end = afterKey(b, b.base, b.n, threshold);
    if (end === b.base) continue;
    spans.set(b.no, [b.base, end]);
    if (end === b.n) removed.push(b.no);
    else changed.push({ ...b, base: end });
  }

  // Which ids lose postings, and how much payload leaves.
  const data = await fetchBlocks(state.db, sid, [...spans.keys()], state.cache);
  const lost = new Map<string, { kind: IdKind; id: string }>();
  let bytes = 0;
  let astLost = 0;
  let corrLost = 0;
  for (const [no, [from, to]] of spans) {
    const d = data.get(no);
    if (!d) continue;
    for (let i = from; i < to; i++) {
      const a = astIdAt(d, i);
      const c = corrIdAt(d, i);
      if (a !== null) { lost.set(tailKey(IdKind.Ast, a), { kind: IdKind.Ast, id: a }); astLost++; }
      if (c !== null) { lost.set(tailKey(IdKind.Correlation, c), { kind: IdKind.Correlation, id: c }); corrLost++; }
      const start = i === 0 ? 0 : d.dataEnd[i - 1] + 1;
      bytes += d.dataEnd[i] - start + 24;
    }
  }
  const isEvicted = (p: number) => {
    const span = spans.get(pointerBlock(p));
    return span !== undefined && pointerOffset(p) < span[1];
  };

  const tx = state.db.transaction(['blocks', 'blockIndex', 'postings', 'sessions'], 'readwrite');
  const postings = tx.objectStore('postings');
  const work: Promise<unknown>[] = [];
  const tailUpdates = new Map<string, PostingTail | null>();
  const meta: SessionRecord = { ...state.meta };
  for (const [k, { kind, id }] of lost) {
    work.push(
      (async () => {
        const range = IDBKeyRange.bound([sid, kind, id, 0], [sid, kind, id, Infinity]);
        const [keys, chunks] = await Promise.all([postings.getAllKeys(range), postings.getAll(range)]);
        let lastChunk: { chunk: number; pointers: Uint32Array } | null = null;
        for (let j = 0; j < chunks.length; j++) {
          const chunk = keys[j][3];
          const kept = chunks[j].filter((p) => !isEvicted(p));
          if (kept.length === chunks[j].length) lastChunk = { chunk, pointers: chunks[j] };
          else if (kept.length === 0) postings.delete(keys[j]);
          else {
            postings.put(kept, keys[j]);
            lastChunk = { chunk, pointers: kept };
          }
        }
        tailUpdates.set(k, lastChunk);
        if (lastChunk === null) {
          if (kind === IdKind.Ast) meta.ast_node_count--;
          else meta.correlation_count--;
        }
      })(),
    );
  }
  for (const no of removed) {
    work.push(tx.objectStore('blocks').delete([sid, no]));
    work.push(tx.objectStore('blockIndex').delete([sid, no]));
  }
  for (const r of changed) work.push(tx.objectStore('blockIndex').put(r, [sid, r.no]));
  await Promise.all(work);

  meta.total_events -= doomed.length;
  meta.data_bytes -= bytes;
  meta.ast_index_size -= astLost;
  meta.correlation_index_size -= corrLost;
  const after = simulateBounds(state, changed, removed);
  meta.oldest_event = after.oldest;
  meta.newest_event = after.newest;
  await Promise.all([tx.objectStore('sessions').put(meta), tx.done]);

  state.meta = meta;
  state.dir.replaceAfterEviction(changed, removed);
  for (const no of removed) state.cache.delete(no);
  for (const [k, t] of tailUpdates) {
    if (t === null) tails.delete(k);
    else tails.set(k, t);
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
function simulateBounds(state: SessionState, changed: BlockIndexRecord[], removed: number[]): { oldest: number | null; newest: number | null } {
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
