// The stored span index is derived data: when it cannot be written (a disk too full for it), the
// import still completes with every event, and the flame chart builds the index from the events.
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it, vi } from 'vitest';
import { spansOf } from '../src/cinema/spans';
import { demoRecordingLines } from '../src/demo/recording';
import { chunksOf } from './testing/chunks';
import { importFile } from './import/import-file';
import { TemporalStorage } from './temporal-storage';

vi.mock('./engine/span-store', async (original) => ({
  ...(await original<typeof import('./engine/span-store')>()),
  storeSpans: vi.fn(() => Promise.reject(new DOMException('the disk is full', 'QuotaExceededError'))),
}));

describe('an import whose span index cannot be stored', () => {
  it('completes, without stored spans, and its flame chart is built from the events', async () => {
    const opts = { indexedDB: new IDBFactory() as unknown as IDBFactory, dbName: 'cinema' };
    const text = [...demoRecordingLines({ events: 3_000, seed: 4 })].join('\n');
    const r = await importFile(chunksOf(new TextEncoder().encode(text)), { ...opts, file: 'rec.cinema' });
    expect(r.events).toBe(3_000);
    const s = await TemporalStorage.start({ ...opts, session: r.session, maxEvents: Infinity, cleanupInterval: 0 });
    try {
      expect(s.sessionInfo.spans).toBeUndefined();
      expect(s.sessionInfo.status).toBe('ready');
      const want = spansOf(await s.getAllEvents());
      const got = await s.getSpans(Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER);
      expect(got.start.length).toBe(want.size);
    } finally {
      await s.stop();
    }
  });
});
