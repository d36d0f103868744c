import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { TemporalStorage } from './temporal-storage';

describe('a cancelled search', () => {
  it('stops at the next batch instead of scanning to the end', async () => {
    const storage = await TemporalStorage.start({
      session: 's',
      indexedDB: new IDBFactory(),
      dbName: 'cinema',
      maxEvents: Infinity,
      cleanupInterval: 0,
    });
    const events = Array.from({ length: 20_000 }, (_, i) => ({
      timestamp: i,
      ast_node_id: null,
      correlation_id: null,
      data: { type: 'tick', n: i },
    }));
    await storage.storeEvents(events);
    expect((await storage.search('tick', { limit: 1 })).total).toBe(20_000);

    let reads = 0;
    const signal = {
      get aborted() {
        return ++reads >= 2;
      },
    }; // cancelled once the first batch is read
    await expect(storage.search('tick', { signal })).rejects.toMatchObject({ name: 'AbortError' });
    expect(reads).toBe(2); // 20,000 events are three batches of 8,192: it stopped after one
    await expect(storage.search('tick', { signal: { aborted: true } })).rejects.toMatchObject({ name: 'AbortError' });
    await storage.stop();
  });
});
