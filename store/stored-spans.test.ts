// The span index an import builds as it writes and stores with the session: a session opened later
// answers the flame chart's questions from it, exactly as an index built from its events would,
// without reading an event; a write sets it aside.
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import type { StoredEvent } from '../src/event';
import type { SpansWire } from '../src/cinema/span-index';
import { SpanBuilder, spansOf } from '../src/cinema/spans';
import { demoRecordingLines } from '../src/demo/recording';
import { chunksOf } from './testing/chunks';
import { importFile } from './import/import-file';
import { TemporalStorage } from './temporal-storage';
import { inDatabase } from './testing/database';
import { sessionRange } from './engine/schema';
import { SPAN_CHUNK, spanChunks, spanDataOf } from './engine/span-store';

const base = () => ({ indexedDB: new IDBFactory() as unknown as IDBFactory, dbName: 'cinema' });
const whole = [Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER] as const;

async function importText(opts: ReturnType<typeof base>, text: string): Promise<string> {
  return (await importFile(chunksOf(new TextEncoder().encode(text)), { ...opts, file: 'rec.cinema', batchSize: 700 })).session;
}

/** Every span as `lane depth name start-end count event`, sorted. */
const listed = (w: SpansWire) =>
  Array.from(
    w.start,
    (s, i) => `${w.lanes[w.lane[i]]} ${w.depth[i]} ${w.names[w.name[i]]} ${s}-${w.end[i]} ${w.count[i]} ${w.event[i]}`,
  ).sort();

describe('the span index stored by an import', () => {
  it('answers a freshly opened session as an index of its events would, without reading them; a write sets it aside', async () => {
    const opts = base();
    const session = await importText(opts, [...demoRecordingLines({ events: 9_000, seed: 6 })].join('\n'));

    let s = await TemporalStorage.start({ ...opts, session, maxEvents: Infinity, cleanupInterval: 0 });
    const events: StoredEvent[] = await s.getAllEvents();
    const want = spansOf(events);
    expect(want.size).toBeGreaterThan(1000);
    expect(s.sessionInfo.spans).toEqual({ chunks: 1, count: want.size });
    await s.stop();

    // The events' payloads gone: only a stored index can answer now.
    await inDatabase(opts, (db) => db.delete('blocks', sessionRange(session)));
    s = await TemporalStorage.start({ ...opts, session, maxEvents: Infinity, cleanupInterval: 0 });
    try {
      expect(listed(await s.getSpans(...whole))).toEqual(listed(want.query(...whole)));
      const mid = events[Math.floor(events.length / 2)].timestamp;
      expect(listed(await s.getSpans(mid - 5_000, mid + 5_000, { maxDepth: 2 }))).toEqual(
        listed(want.query(mid - 5_000, mid + 5_000, { maxDepth: 2 })),
      );
      expect(await s.getNodeTimes()).toEqual(want.nodeTimes);
      const open = await s.getOpenSpans(mid);
      expect(open.length).toBeGreaterThan(0);
      expect(open).toEqual(want.lanes.map((lane) => ({ lane, spans: want.openAt(mid, lane) })).filter((l) => l.spans.length > 0));
    } finally {
      await s.stop();
    }
  });

  it('is set aside by a later write, and the index built again holds the new events', async () => {
    const opts = base();
    const session = await importText(opts, [...demoRecordingLines({ events: 4_000, seed: 2 })].join('\n'));
    const s = await TemporalStorage.start({ ...opts, session, maxEvents: Infinity, cleanupInterval: 0 });
    try {
      expect(s.sessionInfo.spans?.count).toBeGreaterThan(0);
      const last = s.sessionInfo.newest_event!;
      await s.storeEvents([
        { timestamp: last + 10, data: { type: 'function_entry', module: 'Late', function: 'one', arity: 0, call: 1e9, pid: 'p-late' } },
        { timestamp: last + 20, data: { type: 'function_exit', module: 'Late', function: 'one', call: 1e9, pid: 'p-late' } },
      ]);
      expect(s.sessionInfo.spans).toBeUndefined();
      const want = spansOf(await s.getAllEvents());
      const got = await s.getSpans(...whole);
      expect(listed(got)).toEqual(listed(want.query(...whole)));
      expect(got.lanes).toContain('p-late');
    } finally {
      await s.stop();
    }
  });

  it('is not stored when the import came out of time order (nothing was followed)', async () => {
    const opts = base();
    const lines = [...demoRecordingLines({ events: 3_000, seed: 9 })];
    const head = lines.filter((l) => !l.includes('"kind":"event"'));
    const body = lines.filter((l) => l.includes('"kind":"event"'));
    // The second half first: the batches after it go back in time.
    const session = await importText(opts, [...head, ...body.slice(1500), ...body.slice(0, 1500)].join('\n'));
    const s = await TemporalStorage.start({ ...opts, session, maxEvents: Infinity, cleanupInterval: 0 });
    try {
      expect(s.sessionInfo.spans).toBeUndefined();
      expect(await inDatabase(opts, (db) => db.count('spans', sessionRange(session)))).toBe(0);
      const want = spansOf(await s.getAllEvents());
      expect(listed(await s.getSpans(...whole))).toEqual(listed(want.query(...whole)));
    } finally {
      await s.stop();
    }
  });
});

describe('span records', () => {
  it('split an index into chunks and join them back in order; a missing one gives nothing', () => {
    const b = new SpanBuilder();
    const n = 2 * SPAN_CHUNK + 123;
    for (let i = 0; i < n; i++) {
      b.apply({
        event_id: String(2 * i),
        timestamp: 10 * i,
        ast_node_id: `n${i % 7}`,
        correlation_id: null,
        data: { type: 'function_entry', module: 'M', function: `f${i % 5}`, call: i, pid: `p${i % 3}` },
      });
      b.apply({
        event_id: String(2 * i + 1),
        timestamp: 10 * i + 5,
        ast_node_id: null,
        correlation_id: null,
        data: { type: 'function_exit', module: 'M', function: `f${i % 5}`, call: i, pid: `p${i % 3}` },
      });
    }
    const data = b.finishData();
    expect(data.columns.lane.length).toBe(n);
    const records = spanChunks(data);
    expect(records.map((r) => r.lane.length)).toEqual([SPAN_CHUNK, SPAN_CHUNK, 123]);
    const back = spanDataOf(structuredClone(records), n)!;
    for (const [k, v] of Object.entries(data.columns)) {
      const got = back.columns[k as keyof typeof back.columns];
      expect([k, got.constructor, got.length, got.findIndex((x, i) => x !== v[i])]).toEqual([k, v.constructor, n, -1]);
    }
    expect([back.lanes, back.names, back.nodes, back.times]).toEqual([data.lanes, data.names, data.nodes, data.times]);
    expect(spanDataOf([records[0], records[2]], n)).toBeNull();
    expect(spanDataOf(records.slice(1), n)).toBeNull();
  });
});
