// Reading a page of one AST node's events: from its runs where they hold the page's events in
// fewer records than the blocks would, from the blocks otherwise (see runs.ts).
import type { StoredEvent } from '../../src/event';
import type { RecordCache } from './block-cache';
import type { Position } from './page';
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
  const { runs, compacted_block } = state.meta;
  const viaRun = new Map<string, { run: number; bucket: number; ks: number[] }>();
  const compactedBlocks = new Set<number>();
  page.forEach((p, k) => {
    if (p.block.no >= compacted_block) return;
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
  const fromRuns = new Set<number>();
  if (useRuns) for (const g of viaRun.values()) for (const k of g.ks) fromRuns.add(k);
  const blockPositions: number[] = [];
  page.forEach((_p, k) => {
    if (!fromRuns.has(k)) blockPositions.push(k);
  });

  const [blockEvents, records] = await Promise.all([
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
  ]);
  const out: Array<StoredEvent | undefined> = new Array(page.length);
  blockPositions.forEach((k, j) => (out[k] = blockEvents[j]));
  const missed: number[] = [];
  if (useRuns) {
    for (const [key, g] of viaRun) {
      const record = records.get(key);
      const keys = g.ks.map((k): [number, number] => [page[k].block.ts[page[k].i], page[k].block.seq[page[k].i]]);
      const events = record ? decodeFromRun(record, id, keys) : [];
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
