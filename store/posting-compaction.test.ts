// A finished session's posting lists rewritten as few segments holding each id once: the lists they
// give back are the ones the session had, a session reopened from them answers every id query as
// before, and writing or evicting afterwards still finds and keeps every posting.
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import type { EventInput, StoredEvent } from '../src/event';
import { TemporalStorage } from './temporal-storage';
import { inDatabase } from './testing/database';
import { sessionRange, type SegmentRecord } from './engine/schema';
import { PostingIndex, packPointer, segmentEntries } from './engine/postings';
import { compactedSegments } from './engine/posting-compaction';

const base = () => ({ indexedDB: new IDBFactory() as unknown as IDBFactory, dbName: 'cinema' });
const layout = { blockEvents: 64, segmentPointers: 64, compactPointers: 1024, runEvents: 1024, runBuckets: 8 };
const NODES = 23;

/** Events n0..n1-1: a node of NODES (node 0 on every fifth), a flow per 9 events, a few without ids. */
function events(n0: number, n1: number): EventInput[] {
  return Array.from({ length: n1 - n0 }, (_, k) => {
    const i = n0 + k;
    return {
      timestamp: 1_000 + i * 10,
      ast_node_id: i % 17 === 0 ? null : `n${i % 5 === 0 ? 0 : i % NODES}`,
      correlation_id: i % 13 === 0 ? null : `f${Math.floor(i / 9)}`,
      data: { i },
    };
  });
}

const ids = (evs: StoredEvent[]) => evs.map((e) => (e.data as { i: number }).i);

/** Per node and per a spread of flows, the `i` of its events in order. */
async function answers(s: TemporalStorage, flows: number): Promise<Map<string, number[]>> {
  const out = new Map<string, number[]>();
  for (let n = 0; n < NODES; n++) out.set(`n${n}`, ids(await s.getEventsForAstNode(`n${n}`)));
  for (let f = 0; f < flows; f += 37) out.set(`f${f}`, ids(await s.getEventsForCorrelation(`f${f}`)));
  return out;
}

/** What the same events answer when asked directly. */
function expected(evs: EventInput[], flows: number): Map<string, number[]> {
  const out = new Map<string, number[]>();
  const of = (pick: (e: EventInput) => boolean) => ids(evs.filter(pick) as StoredEvent[]);
  for (let n = 0; n < NODES; n++)
    out.set(
      `n${n}`,
      of((e) => e.ast_node_id === `n${n}`),
    );
  for (let f = 0; f < flows; f += 37)
    out.set(
      `f${f}`,
      of((e) => e.correlation_id === `f${f}`),
    );
  return out;
}

const segments = (opts: ReturnType<typeof base>, session: string) =>
  inDatabase(opts, (db) => db.getAll('segments', sessionRange(session)) as Promise<SegmentRecord[]>);

describe('compacted posting segments', () => {
  it('give back every list in order, cut into segments of the cap, a long list across several', () => {
    const index = new PostingIndex();
    const lists = new Map<string, number[]>();
    const add = (key: string, n: number, at: number) => {
      const list = Array.from({ length: n }, (_, i) => packPointer(at + (i >> 3), i & 7));
      lists.set(key, list);
      index.append(key, list);
    };
    add('a:hot', 2_500, 0);
    for (let c = 0; c < 300; c++) add(`c:${c}`, 1 + (c % 11), c);
    add('c:far', 3, 2 ** 21); // pointers past 32 bits (held last: AST lists come before correlations)
    const records: SegmentRecord[] = [];
    compactedSegments(index, 1000, (r) => records.push(structuredClone(r))); // as a put copies it

    const total = [...lists.values()].reduce((n, l) => n + l.length, 0);
    expect(records.length).toBe(Math.ceil(total / 1000));
    records.slice(0, -1).forEach((r) => expect(r.pointers.length).toBe(1000));
    expect(records[0].pointers).toBeInstanceOf(Uint32Array);
    expect(records.at(-1)!.pointers).toBeInstanceOf(Float64Array);
    const back = new Map<string, number[]>();
    for (const r of records) for (const [k, ps] of segmentEntries(r)) back.set(k, [...(back.get(k) ?? []), ...ps]);
    expect(back).toEqual(lists);
    // Each key once but where its list crosses a cut: the hot list's 2,500 in three segments.
    const appearances = records.reduce((n, r) => n + r.keys.length, 0);
    expect(appearances).toBeLessThanOrEqual(lists.size + records.length - 1);
  });

  it('replace a finished session`s segments; writing on, evicting and reopened, every id query answers as before', async () => {
    const opts = base();
    const where = { ...opts, session: 'live', cleanupInterval: 0, layout };
    const written = events(0, 6_000);
    let s = await TemporalStorage.start({ ...where, maxEvents: 6_000 });
    for (let i = 0; i < written.length; i += 50) await s.storeEvents(written.slice(i, i + 50));
    const before = await segments(opts, 'live');
    const want = expected(written, 666);
    expect(await answers(s, 666)).toEqual(want);
    await s.persistCheckpoints(); // as an import publishes

    // ~12k pointers: 12 segments of 1,024 where the writes left one per 64.
    const after = await segments(opts, 'live');
    const pointers = before.reduce((n, r) => n + r.pointers.length, 0);
    expect(before.length).toBeGreaterThan(100);
    expect(after.length).toBe(Math.ceil(pointers / 1024));
    expect(s.sessionInfo.next_segment).toBe(after.length);
    expect(after.reduce((n, r) => n + r.pointers.length, 0)).toBe(pointers);
    expect(after.reduce((n, r) => n + r.keys.length, 0)).toBeLessThan(before.reduce((n, r) => n + r.keys.length, 0) / 3);
    expect(await answers(s, 666)).toEqual(want);

    // Written after, past the cap: the new postings go to a segment of their own, and evicting the
    // oldest 500 takes their pointers out of the compacted segments.
    const more = events(6_000, 6_500);
    await s.storeEvents(more);
    let kept = [...written, ...more].slice(500);
    expect(await answers(s, 722)).toEqual(expected(kept, 722));
    await s.stop();

    s = await TemporalStorage.start({ ...where, maxEvents: Infinity });
    expect(await answers(s, 722)).toEqual(expected(kept, 722));
    expect((await s.getActiveAstNodes(0, 1e12)).map((n) => n.events)).toEqual(
      [...expected(kept, 0)].map(([, v]) => v.length).sort((a, b) => b - a),
    );
    await s.stop();

    // Reopened with a lower cap: evicted from segments read back from disk.
    s = await TemporalStorage.start({ ...where, maxEvents: 4_000 });
    await s.cleanup();
    kept = kept.slice(2_000);
    expect(await answers(s, 722)).toEqual(expected(kept, 722));
    await s.stop();
    s = await TemporalStorage.start({ ...where, maxEvents: Infinity });
    try {
      expect(await answers(s, 722)).toEqual(expected(kept, 722));
    } finally {
      await s.stop();
    }
  });
});
