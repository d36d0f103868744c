// Checkpoints an import builds and stores: a session opened later answers state at t from the
// nearest one, exactly as a replay from the start would, and they stop counting once anything
// changes the events.
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import type { StoredEvent } from '../src/event';
import { STATE_FORMAT, StateReducer } from '../src/cinema/state';
import { demoRecordingLines } from '../src/demo/recording';
import { chunksOf } from './testing/chunks';
import { importFile } from './import/import-file';
import { TemporalStorage } from './temporal-storage';
import { acquireDatabase, releaseDatabase } from './engine/connection';
import { inDatabase } from './testing/database';
import { deleteSession } from './catalog/sessions';
import { sessionRange } from './engine/schema';

const base = () => ({ indexedDB: new IDBFactory() as unknown as IDBFactory, dbName: 'cinema' });

async function importText(opts: ReturnType<typeof base>, text: string, batchSize?: number): Promise<string> {
  return (await importFile(chunksOf(new TextEncoder().encode(text)), { ...opts, file: 'rec.cinema', batchSize })).session;
}

/** Every event of the session, in time order. */
async function allEvents(s: TemporalStorage): Promise<StoredEvent[]> {
  const out: StoredEvent[] = [];
  for (let page = await s.queryAll({ limit: 5000 }); ; page = await s.queryAll({ limit: 5000, after: page.next })) {
    out.push(...page.events);
    if (page.next === null) return out;
  }
}

function replay(events: StoredEvent[], t: number) {
  const r = new StateReducer();
  for (const e of events) if (e.timestamp <= t) r.apply(e);
  return r.snapshot();
}

function storedCheckpoints(opts: ReturnType<typeof base>, session: string): Promise<number> {
  return inDatabase(opts, (db) => db.count('checkpoints', sessionRange(session)));
}

describe('checkpoints stored by an import', () => {
  it('answer a freshly opened session from the nearest one, as a replay would; a write sets them aside', async () => {
    const opts = base();
    const session = await importText(opts, [...demoRecordingLines({ events: 12_000, seed: 3 })].join('\n'));
    expect(await storedCheckpoints(opts, session)).toBeGreaterThanOrEqual(11);

    const s = await TemporalStorage.start({ ...opts, session, maxEvents: Infinity, cleanupInterval: 0 });
    try {
      expect(s.sessionInfo.checkpoints?.ts.length).toBeGreaterThanOrEqual(11);
      expect(s.sessionInfo.checkpoints?.format).toBe(STATE_FORMAT); // so they are read, not built again
      const events = await allEvents(s);
      const first = events[0].timestamp;
      const last = events.at(-1)!.timestamp;
      for (const f of [0.95, 0.5, 0.02, 1, 0]) {
        const t = Math.round(first + f * (last - first));
        const got = await s.reconstructStateAt(t);
        expect(got.processes, `t at ${f}`).toEqual(replay(events, t));
        expect(got.replayed, `t at ${f}: from the nearest checkpoint`).toBeLessThanOrEqual(1024);
      }
      expect((await s.reconstructStateAt(first - 1)).processes).toEqual([]);

      // A later event clears them with its own commit; answers stay right (built again, lazily).
      await s.storeEvent({ timestamp: last + 1, data: { type: 'variable_assignment', variable: 'late', value: 1, pid: 'p-late' } });
      expect(s.sessionInfo.checkpoints).toBeUndefined();
      const after = await allEvents(s);
      expect((await s.reconstructStateAt(last + 1)).processes).toEqual(replay(after, last + 1));
    } finally {
      await s.stop();
    }
  });

  it('are not built from events that came out of time order, and go with their session', async () => {
    const opts = base();
    const lines = [...demoRecordingLines({ events: 3_000, seed: 4 })];
    const events = lines.filter((l) => l.includes('"kind":"event"'));
    const shuffled = [...lines.filter((l) => !l.includes('"kind":"event"')), ...events.slice(1500), ...events.slice(0, 1500)];
    // In batches of 500: a batch is sorted as it is written, so only a later, earlier-timed batch is out of order.
    const unordered = await importText(opts, shuffled.join('\n'), 500);
    expect(await storedCheckpoints(opts, unordered)).toBe(0);
    const s = await TemporalStorage.start({ ...opts, session: unordered, maxEvents: Infinity, cleanupInterval: 0 });
    const all = await allEvents(s);
    const mid = all[Math.floor(all.length / 2)].timestamp;
    expect((await s.reconstructStateAt(mid)).processes).toEqual(replay(all, mid));
    await s.stop();

    const ordered = await importText(opts, lines.join('\n'));
    expect(await storedCheckpoints(opts, ordered)).toBeGreaterThan(0);
    const db = await acquireDatabase(opts.indexedDB, opts.dbName);
    await deleteSession(db, ordered);
    await releaseDatabase(opts.indexedDB, opts.dbName);
    expect(await storedCheckpoints(opts, ordered)).toBe(0);
  });

  it('are built for a live session when asked, stored as it stops, and cleared by an eviction', async () => {
    const opts = base();
    const start = (maxEvents: number) => TemporalStorage.start({ ...opts, session: 'live', maxEvents, cleanupInterval: 0 });
    const s = await start(Infinity);
    for (let k = 0; k < 5; k++) {
      await s.storeEvents(
        Array.from({ length: 1000 }, (_, i) => ({
          timestamp: k * 1000 + i,
          data: { type: 'variable_assignment', variable: `v${i % 13}`, value: k * 1000 + i, pid: `p${i % 3}` },
        })),
      );
    }
    const all = await allEvents(s);
    expect((await s.reconstructStateAt(2500)).processes).toEqual(replay(all, 2500));
    await new Promise((r) => setTimeout(r, 300)); // the build finishes in the background
    await s.stop();
    expect(await storedCheckpoints(opts, 'live')).toBe(4);

    // Reopened under a smaller cap: the eviction clears them; an answer is built, stored as it stops.
    const small = await start(2500);
    expect(small.sessionInfo.checkpoints).toBeUndefined();
    const left = await allEvents(small);
    expect(left.length).toBeLessThanOrEqual(2500);
    const t = left[Math.floor(left.length / 2)].timestamp;
    expect((await small.reconstructStateAt(t)).processes).toEqual(replay(left, t));
    await new Promise((r) => setTimeout(r, 300));
    await small.stop();
    expect(await storedCheckpoints(opts, 'live')).toBe(Math.floor(left.length / 1024));
    const again = await start(2500);
    expect(again.sessionInfo.checkpoints?.ts.length).toBe(Math.floor(left.length / 1024));
    expect((await again.reconstructStateAt(left.at(-1)!.timestamp)).processes).toEqual(replay(left, left.at(-1)!.timestamp));
    await again.stop();
  });

  it('of an older format are not read: built again, and stored again as the session stops', async () => {
    const opts = base();
    const session = await importText(opts, [...demoRecordingLines({ events: 6_000, seed: 5 })].join('\n'));
    // As a session imported before frames kept locals: keys without a format, and (to show they
    // are not read) every stored state emptied.
    await inDatabase(opts, async (db) => {
      const tx = db.transaction(['sessions', 'checkpoints'], 'readwrite');
      const meta = (await tx.objectStore('sessions').get(session))!;
      delete meta.checkpoints!.format;
      await tx.objectStore('sessions').put(meta);
      let cursor = await tx.objectStore('checkpoints').openCursor(sessionRange(session));
      for (; cursor; cursor = await cursor.continue()) await cursor.update({ procs: [] });
      await tx.done;
    });
    const s = await TemporalStorage.start({ ...opts, session, maxEvents: Infinity, cleanupInterval: 0 });
    const events = await allEvents(s);
    const t = events[Math.floor(events.length * 0.8)].timestamp;
    expect((await s.reconstructStateAt(t)).processes).toEqual(replay(events, t));
    await new Promise((r) => setTimeout(r, 300)); // the build finishes in the background
    await s.stop();
    const meta = await inDatabase(opts, (db) => db.get('sessions', session));
    expect(meta?.checkpoints?.format).toBe(STATE_FORMAT);
    expect(meta?.checkpoints?.ts.length).toBe(Math.floor(events.length / 1024));
  });
});
