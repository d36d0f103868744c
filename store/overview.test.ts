// The overview a finished session keeps: its answers equal the time columns' to the event, it
// answers only what its bins cut exactly, a session opened from it answers the first paint before
// its time columns load, and a write after that (which waits for them) removes it.
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { demoRecordingLines } from '../src/demo/recording';
import { chunksOf } from './testing/chunks';
import { importFile } from './import/import-file';
import { TemporalStorage } from './temporal-storage';
import { BlockDirectory } from './engine/directory';
import { buildOverview, overviewDensity } from './engine/overview';
import { density } from './engine/reader';
import type { BlockIndexRecord } from './engine/schema';

const base = () => ({ indexedDB: new IDBFactory() as unknown as IDBFactory, dbName: 'cinema' });

/** Blocks of `per` events at the given times (seq = position). */
function directory(times: number[], per = 7): BlockDirectory {
  const records: BlockIndexRecord[] = [];
  for (let i = 0; i < times.length; i += per) {
    const ts = Float64Array.from(times.slice(i, i + per));
    records.push({ no: records.length, n: ts.length, base: 0, ts, seq: ts.map((_, k) => i + k), bytes: 0 });
  }
  return new BlockDirectory(records);
}

describe('overview', () => {
  const times = Array.from({ length: 500 }, (_, i) => 1000 + Math.floor(i * i * 0.37) + (i % 3));
  const dir = directory(times);
  const [oldest, newest] = [times[0], times.at(-1)!];

  it('answers power-of-two buckets aligned to the start as the time columns do', () => {
    const o = buildOverview(dir, oldest, newest);
    expect(o.events).toBe(500);
    expect(o.counts.reduce((a, b) => a + b, 0)).toBe(500);
    const size = 2 ** o.shift;
    for (const m of [0, 1, 3, 6]) {
      const width = size * 2 ** m;
      const count = Math.ceil((newest + 1 - oldest) / width);
      const t1 = oldest + count * width - 1;
      const quick = overviewDensity(o, oldest, t1, count);
      expect(quick).not.toBeNull();
      expect([...quick!]).toEqual([...density(dir, oldest, t1, count)]);
    }
    // The whole session as one bucket, and windows reaching past both ends.
    expect([...overviewDensity(o, oldest, newest, 1)!]).toEqual([500]);
    expect([...overviewDensity(o, oldest - 5 * size, newest + 9 * size - 1, 1)!]).toEqual([500]);
  });

  it('says null when a bucket edge falls inside a bin', () => {
    const o = buildOverview(dir, oldest, newest);
    expect(o.shift).toBeGreaterThan(0);
    expect(overviewDensity(o, oldest + 1, newest, 1)).toBeNull();
    expect(overviewDensity(o, oldest, newest, 7)).toBeNull();
  });
});

describe('a session opened from its overview', () => {
  it('answers the first paint at once, everything else once its columns load, and a write removes it', async () => {
    const opts = base();
    const text = [...demoRecordingLines({ events: 9_000, seed: 5 })].join('\n');
    const { session } = await importFile(chunksOf(new TextEncoder().encode(text)), { ...opts, file: 'rec.cinema' });

    let s = await TemporalStorage.start({ ...opts, session, maxEvents: Infinity, cleanupInterval: 0 });
    const info = s.sessionInfo;
    expect(info.overview?.events).toBe(9_000);
    const [t0, t1] = [info.oldest_event!, info.newest_event!];
    const exact = await s.getDensity(t0, t1, 40);
    const size = 2 ** info.overview!.shift * 4;
    const count = Math.ceil((t1 + 1 - t0) / size);
    const aligned = await s.getDensity(t0, t0 + count * size - 1, count);
    await s.stop();

    s = await TemporalStorage.start({ ...opts, session, maxEvents: Infinity, cleanupInterval: 0 });
    try {
      // What the overview cuts is answered from it, before what waits for the columns (asked first).
      const order: string[] = [];
      const [late, quick] = await Promise.all([
        s.getDensity(t0, t1, 40).finally(() => order.push('columns')),
        s.getDensity(t0, t0 + count * size - 1, count).finally(() => order.push('overview')),
      ]);
      expect(order).toEqual(['overview', 'columns']);
      expect([...quick]).toEqual([...aligned]);
      expect([...late]).toEqual([...exact]);
      expect((await s.getStats()).total_events).toBe(9_000);
      await s.storeEvent({ timestamp: t1 + 10, ast_node_id: 'late', correlation_id: null, data: { late: true } });
      expect(s.sessionInfo.overview).toBeUndefined();
      expect([...(await s.getDensity(t0, t1 + 10, 1))]).toEqual([9_001]);
    } finally {
      await s.stop();
    }
    // Closing it again builds the overview anew, with the write in it; closed before its columns
    // load, it closes without them, and opens whole again.
    s = await TemporalStorage.start({ ...opts, session, maxEvents: Infinity, cleanupInterval: 0 });
    expect(s.sessionInfo.overview?.events).toBe(9_001);
    await s.stop();
    s = await TemporalStorage.start({ ...opts, session, maxEvents: Infinity, cleanupInterval: 0 });
    expect((await s.getAllEvents()).length).toBe(9_001);
    await s.stop();
  });
});

describe('a range asked before the time columns load', () => {
  it('reads its own blocks and answers as the columns do, state at t included', async () => {
    const opts = base();
    const where = { ...opts, session: 'live', maxEvents: Infinity, cleanupInterval: 0, layout: { blockEvents: 64 } };
    let s = await TemporalStorage.start(where);
    const events = Array.from({ length: 40_000 }, (_, i) => ({
      timestamp: 1_000 + i * 3,
      ast_node_id: `n${i % 7}`,
      correlation_id: null,
      data: i % 50 === 0 ? { type: 'function_entry', function: `f${i % 3}`, pid: 1 } : { i },
    }));
    await s.storeEvents(events);
    await s.reconstructStateAt(events.at(-1)!.timestamp); // builds the checkpoints to the end
    await s.stop(); // they are stored as it closes, and the overview with its blocks' starts
    s = await TemporalStorage.start(where);
    expect(s.sessionInfo.overview?.blocks?.nos.length).toBeGreaterThan(600);
    expect(s.sessionInfo.checkpoints?.ts.length).toBeGreaterThan(3);
    const t = 1_000 + 13_700 * 3;
    try {
      // 625 blocks load 64 at a time, two requests out: a short range, and state at t (a checkpoint, then 16 blocks at most), come before them.
      const order: string[] = [];
      const [page, state] = await Promise.all([
        s.queryRange(t - 60, t, { limit: 100 }).finally(() => order.push('range')),
        s.reconstructStateAt(t).finally(() => order.push('state')),
        s.getStats().finally(() => order.push('columns')),
      ]);
      expect(order.indexOf('columns')).toBe(2);
      expect(page.events.map((e) => e.timestamp)).toEqual(
        events.filter((e) => e.timestamp >= t - 60 && e.timestamp <= t).map((e) => e.timestamp),
      );
      expect(await s.queryRange(t - 60, t, { limit: 100 })).toEqual(page);
      expect(await s.reconstructStateAt(t)).toEqual(state);
    } finally {
      await s.stop();
    }
  });
});
