// The span index an import builds as it writes and stores with the session: a session opened later
// answers the flame chart's questions from it, exactly as an index built from its events would,
// without reading an event; a write sets it aside.
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import type { StoredEvent } from '../src/event';
import type { SpanColumns, SpanIndex, SpansWire } from '../src/cinema/span-index';
import { type SpanData, SpanBuilder, spanIndexOf, spansOf } from '../src/cinema/spans';
import { demoRecordingLines } from '../src/demo/recording';
import { seededRandom } from '../src/random';
import { chunksOf } from './testing/chunks';
import { importFile } from './import/import-file';
import { TemporalStorage } from './temporal-storage';
import { inDatabase } from './testing/database';
import { sessionRange } from './engine/schema';
import { SPAN_CHUNK, indexOfChunks, indexOfRecords, indexRecords } from './engine/span-store';
import type { SpanChunkRecord } from './engine/schema';

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
    expect(s.sessionInfo.spans).toEqual({ chunks: 6, count: want.size, indexed: true });
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

  it("of a session stored before (chunks of the builder's columns) still answers, without reading an event", async () => {
    const opts = base();
    const session = await importText(opts, [...demoRecordingLines({ events: 6_000, seed: 4 })].join('\n'));
    let s = await TemporalStorage.start({ ...opts, session, maxEvents: Infinity, cleanupInterval: 0 });
    const events: StoredEvent[] = await s.getAllEvents();
    await s.stop();
    const b = new SpanBuilder();
    for (const e of events) b.apply(e);
    const data = b.finishData();
    const want = spanIndexOf(data);
    await inDatabase(opts, async (db) => {
      await db.delete('spans', sessionRange(session));
      const records = earlierChunks(data);
      for (const [k, r] of records.entries()) await db.put('spans', r, [session, k]);
      const meta = (await db.get('sessions', session))!;
      await db.put('sessions', { ...meta, spans: { chunks: records.length, count: want.size } });
      await db.delete('blocks', sessionRange(session));
    });
    s = await TemporalStorage.start({ ...opts, session, maxEvents: Infinity, cleanupInterval: 0 });
    try {
      expect(listed(await s.getSpans(...whole))).toEqual(listed(want.query(...whole)));
      expect(await s.getNodeTimes()).toEqual(want.nodeTimes);
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

/** Chunk records as sessions stored before the indexed layout hold them. */
function earlierChunks(data: SpanData): SpanChunkRecord[] {
  const n = data.columns.lane.length;
  const out: SpanChunkRecord[] = [];
  for (let from = 0; from === 0 || from < n; from += SPAN_CHUNK) {
    const c = data.columns;
    const cut = <A extends Int32Array | Float64Array>(a: A) => a.slice(from, from + SPAN_CHUNK) as A;
    const record: SpanChunkRecord = {
      lane: cut(c.lane),
      depth: cut(c.depth),
      start: cut(c.start),
      end: cut(c.end),
      name: cut(c.name),
      node: cut(c.node),
      seq: cut(c.seq),
    };
    if (from === 0) record.tables = { lanes: data.lanes, names: data.names, nodes: data.nodes, times: data.times };
    out.push(record);
  }
  return out;
}

describe('span records', () => {
  const built = () => {
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
    return b.finishData();
  };
  const queries = [
    [-100, 10 * (2 * SPAN_CHUNK + 123), {}],
    [10 * SPAN_CHUNK - 300, 10 * SPAN_CHUNK + 300, {}],
    [10 * (2 * SPAN_CHUNK) - 50, 10 * (2 * SPAN_CHUNK + 123), { lane: 'p1' }],
    [0, 10 * (2 * SPAN_CHUNK + 123), { minWidth: 400 }],
  ] as const;
  const sameAnswers = (got: SpanIndex, want: SpanIndex) => {
    for (const [t0, t1, q] of queries) {
      const answer = listed(got.query(t0, t1, q));
      expect(answer.length).toBeGreaterThan(0);
      expect(answer).toEqual(listed(want.query(t0, t1, q)));
    }
    expect([got.tables, got.size]).toEqual([want.tables, want.size]);
  };

  it('hold the index as it is, and give it back the same; records that do not fit give nothing', () => {
    const want = spanIndexOf(built());
    const records = indexRecords(want);
    expect(records.map((r) => r.column)).toEqual(['groups', 'start', 'end', 'name', 'node', 'seq']);
    const back = indexOfRecords(structuredClone(records), want.size)!;
    sameAnswers(back, want);
    // The columns come back as they were stored: the index holds them without a copy.
    const loaded = structuredClone(records);
    expect(indexOfRecords(loaded, want.size)!.indexed.start).toBe(loaded[1].values);
    expect(indexOfRecords(records.slice(0, 5), want.size)).toBeNull();
    expect(indexOfRecords([records[0], records[2], records[1], ...records.slice(3)], want.size)).toBeNull();
    expect(indexOfRecords(records, want.size + 1)).toBeNull();
    const cut = structuredClone(records);
    cut[2].values = cut[2].values.slice(1);
    expect(indexOfRecords(cut, want.size)).toBeNull();
    const shifted = structuredClone(records);
    shifted[0].values[2] += 1; // the first group no longer starts at span 0
    expect(indexOfRecords(shifted, want.size)).toBeNull();
  });

  it('of the earlier layout index where they are, as the whole columns do; a missing chunk gives nothing', () => {
    const data = built();
    const records = earlierChunks(data);
    expect(records.map((r) => r.lane.length)).toEqual([SPAN_CHUNK, SPAN_CHUNK, 123]);
    const n = data.columns.lane.length;
    sameAnswers(indexOfChunks(structuredClone(records), n)!, spanIndexOf(data));
    expect(() => spanIndexOf({ parts: [records[0], records[2], records[1]], ...records[0].tables! })).toThrow(/part 1 holds 123 spans/);
    expect(indexOfChunks([records[0], records[2]], n)).toBeNull();
    expect(indexOfChunks(records.slice(1), n)).toBeNull();
  });
});

describe('an index of parts', () => {
  it('answers as the index of the whole columns, with spans out of order within their lane and depth', () => {
    const n = 5000;
    const rand = seededRandom(7);
    const whole: SpanColumns = {
      lane: Int32Array.from({ length: n }, (_, i) => i % 2),
      depth: Int32Array.from({ length: n }, (_, i) => i % 3),
      start: new Float64Array(n),
      end: new Float64Array(n),
      name: Int32Array.from({ length: n }, (_, i) => i % 4),
      node: Int32Array.from({ length: n }, (_, i) => i % 5),
      seq: Float64Array.from({ length: n }, (_, i) => 2 * i),
    };
    for (let i = 0; i < n; i++) {
      whole.start[i] = Math.floor(rand() * 100_000);
      whole.end[i] = whole.start[i] + Math.floor(rand() * 500);
    }
    const size = 64;
    const parts: SpanColumns[] = [];
    for (let from = 0; from < n; from += size) {
      const cut = <A extends Int32Array | Float64Array>(a: A) => a.slice(from, from + size) as A;
      parts.push({
        lane: cut(whole.lane),
        depth: cut(whole.depth),
        start: cut(whole.start),
        end: cut(whole.end),
        name: cut(whole.name),
        node: cut(whole.node),
        seq: cut(whole.seq),
      });
    }
    const tables = { lanes: ['p0', 'p1'], names: ['a', 'b', 'c', 'd'], nodes: ['n0', 'n1', 'n2', 'n3', 'n4'], times: [] };
    const fromParts = spanIndexOf({ parts, ...tables });
    const fromWhole = spanIndexOf({ columns: whole, ...tables });
    for (const [t0, t1, q] of [
      [0, 100_500, {}],
      [40_000, 40_100, {}],
      [10_000, 60_000, { lane: 'p1', maxDepth: 1 }],
      [0, 100_500, { minWidth: 300 }],
    ] as const) {
      const got = listed(fromParts.query(t0, t1, q));
      expect(got.length).toBeGreaterThan(0);
      expect(got).toEqual(listed(fromWhole.query(t0, t1, q)));
    }
  });
});
