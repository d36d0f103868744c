// Reading a page of one AST node's events: from the merged copy of a finished session where it holds
// them (merged-runs.ts), from its runs where they hold the page's events in fewer records than the
// blocks would, from the blocks otherwise (see runs.ts).
import type { StoredEvent } from '../../src/event';
import type { RecordCache } from './block-cache';
import type { Position } from './page';
import { mergedHolds, readMerged } from './merged-runs';
import { readPositions } from './reader';
import { bucketOf, decodeFromRun, fetchRunBuckets, runOfBlock } from './runs';
import type { RunRecord } from './schema';
import type { SessionState } from './state';

export async function readAstPage(
  state: SessionState,
  page: Position[],
  id: string,
  runCache: RecordCache<RunRecord>,
  counter: { count: number },
): Promise<StoredEvent[]> {
  const { runs, compacted_block, merged } = state.meta;
  const viaRun = new Map<string, { run: number; bucket: number; ks: number[] }>();
  const compactedBlocks = new Set<number>();
  const viaMerged: number[] = [];
  const mergedBucket = merged ? bucketOf(id, merged.buckets) : -1;
  page.forEach((p, k) => {
    if (p.block.no >= compacted_block) return;
    if (mergedHolds(merged, mergedBucket, p.block.no)) {
      viaMerged.push(k);
      return;
    }
    const run = runOfBlock(runs, p.block.no);
    if (!run) return;
    compactedBlocks.add(p.block.no);
    const bucket = bucketOf(id, run.buckets);
    const key = `${run.no}:${bucket}`;
    let group = viaRun.get(key);
    if (!group) viaRun.set(key, (group = { run: run.no, bucket, ks: [] }));
    group.ks.push(k);
  });
  // A cold node's few events may sit in fewer blocks than runs: then the blocks are cheaper.
  const useRuns = viaRun.size > 0 && viaRun.size < compactedBlocks.size;
  const fromCopies = new Set<number>(viaMerged); // merged parts or runs
  if (useRuns) for (const g of viaRun.values()) for (const k of g.ks) fromCopies.add(k);
  const blockPositions: number[] = [];
  page.forEach((_p, k) => {
    if (!fromCopies.has(k)) blockPositions.push(k);
  });

  const keyOf = (k: number): [number, number] => [page[k].block.ts[page[k].i], page[k].block.seq[page[k].i]];
  // Page positions come in (timestamp, seq) order, as the merged copy is searched.
  const [blockEvents, records, mergedEvents] = await Promise.all([
    readPositions(
      state.db,
      state.meta.id,
      blockPositions.map((k) => page[k]),
      state.cache,
    ),
    useRuns
      ? fetchRunBuckets(
          state,
          [...viaRun.values()].map((g) => [g.run, g.bucket]),
          runCache,
        )
      : Promise.resolve(new Map()),
    readMerged(state, id, viaMerged.map(keyOf)),
  ]);
  const out: Array<StoredEvent | undefined> = new Array(page.length);
  blockPositions.forEach((k, j) => (out[k] = blockEvents[j]));
  const missed: number[] = [];
  viaMerged.forEach((k, j) => {
    if (mergedEvents[j]) {
      out[k] = mergedEvents[j];
      counter.count++;
    } else missed.push(k);
  });
  if (useRuns) {
    for (const [key, g] of viaRun) {
      const record = records.get(key);
      const events = record ? decodeFromRun(record, id, g.ks.map(keyOf)) : [];
      g.ks.forEach((k, j) => {
        if (events[j]) {
          out[k] = events[j];
          counter.count++;
        } else missed.push(k);
      });
    }
  }
  // A run record that lacks an event (it should not happen) falls back to the block.
  if (missed.length > 0) {
    missed.sort((a, b) => a - b);
    const again = await readPositions(
      state.db,
      state.meta.id,
      missed.map((k) => page[k]),
      state.cache,
    );
    missed.forEach((k, j) => (out[k] = again[j]));
  }
  return out.filter((e): e is StoredEvent => e !== undefined);
}
