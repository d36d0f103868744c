// The AST nodes of a window and their counts: a window over the whole session is answered from the
// posting lists' lengths, and must give what counting its events gives, after an eviction too.
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import type { StoredEvent } from '../src/event';
import { seededRandom } from '../src/random';
import { TemporalStorage } from './temporal-storage';

/** Counts per AST node of the events in [t0, t1], most first, as activeAstNodes orders them. */
function counted(events: StoredEvent[], t0: number, t1: number) {
  const n = new Map<string, number>();
  for (const e of events)
    if (e.ast_node_id !== null && e.timestamp >= t0 && e.timestamp <= t1) n.set(e.ast_node_id, (n.get(e.ast_node_id) ?? 0) + 1);
  return [...n]
    .map(([ast_node_id, events]) => ({ ast_node_id, events }))
    .sort((a, b) => b.events - a.events || (a.ast_node_id < b.ast_node_id ? -1 : a.ast_node_id > b.ast_node_id ? 1 : 0));
}

describe('AST counts of a window', () => {
  it('over the whole session equal the events counted, before and after the oldest are evicted', async () => {
    const rand = seededRandom(11);
    const s = await TemporalStorage.start({
      indexedDB: new IDBFactory() as unknown as IDBFactory,
      dbName: 'cinema',
      maxEvents: 3000,
      cleanupInterval: 0,
      layout: { blockEvents: 128 },
    });
    let t = 0;
    const store = async (batches: number) => {
      for (let batch = 0; batch < batches; batch++) {
        await s.storeEvents(
          Array.from({ length: 500 }, () => ({
            timestamp: (t += Math.floor(rand() * 3)),
            ast_node_id: rand() < 0.1 ? null : `n${Math.floor(rand() * rand() * 40)}`,
            data: { type: 'x' },
          })),
        );
      }
    };
    const check = async () => {
      const all = await s.getAllEvents();
      const [first, last] = [all[0].timestamp, all[all.length - 1].timestamp];
      expect(await s.getActiveAstNodes(Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER)).toEqual(counted(all, first, last));
      expect(await s.getActiveAstNodes(first, last)).toEqual(counted(all, first, last));
      // Just inside either end: events at the first and last moments are left out.
      expect(await s.getActiveAstNodes(first + 1, last - 1)).toEqual(counted(all, first + 1, last - 1));
      return all;
    };
    await store(5);
    const before = await check();
    await store(5); // past maxEvents: the oldest are evicted as the batches are written
    const after = await check();
    expect(after.length).toBeLessThanOrEqual(3000);
    expect(after[0].timestamp).toBeGreaterThan(before[0].timestamp);
    await s.stop();
  });
});
