// The list of a session's flows: each flow's start, end, events and first event, sorted and paged,
// must be what the events themselves say - written in time order or not, and after an eviction.
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import type { StoredEvent } from '../src/event';
import { seededRandom } from '../src/random';
import type { FlowQuery } from './engine/flow-list';
import { TemporalStorage } from './temporal-storage';

/** The flows as the events say, in the order `q` asks (ties by start, then id). */
function expected(events: StoredEvent[], q: FlowQuery) {
  const flows = new Map<string, StoredEvent[]>();
  for (const e of events) if (e.correlation_id !== null) flows.set(e.correlation_id, [...(flows.get(e.correlation_id) ?? []), e]);
  const rows = [...flows].map(([id, es]) => {
    const sorted = [...es].sort((a, b) => a.timestamp - b.timestamp || Number(a.event_id) - Number(b.event_id));
    return {
      correlation_id: id,
      start: sorted[0].timestamp,
      end: sorted.at(-1)!.timestamp,
      events: es.length,
      first: sorted[0],
      last: sorted.at(-1)!,
    };
  });
  const key = (r: (typeof rows)[number]) => (q.sort === 'start' ? r.start : q.sort === 'duration' ? r.end - r.start : r.events);
  const sign = q.descending ? -1 : 1;
  const picked = rows.filter((r) => r.correlation_id.includes(q.match));
  picked.sort((a, b) => sign * (key(a) - key(b)) || a.start - b.start || (a.correlation_id < b.correlation_id ? -1 : 1));
  return { total: picked.length, flows: picked.slice(q.offset, q.offset + q.limit) };
}

async function storage(maxEvents = 100_000) {
  return TemporalStorage.start({
    indexedDB: new IDBFactory() as unknown as IDBFactory,
    dbName: 'cinema',
    maxEvents,
    cleanupInterval: 0,
    layout: { blockEvents: 64 },
  });
}

const QUERIES: FlowQuery[] = [
  { sort: 'start', descending: false, offset: 0, limit: 50, match: '' },
  { sort: 'duration', descending: true, offset: 0, limit: 20, match: '' },
  { sort: 'duration', descending: true, offset: 20, limit: 20, match: '' }, // the next page of the same order
  { sort: 'events', descending: true, offset: 10, limit: 15, match: '' },
  { sort: 'duration', descending: false, offset: 0, limit: 100, match: 'http' },
];

describe('the list of flows', () => {
  it('gives each flow its start, end, events and first event, sorted and paged as asked', async () => {
    const rand = seededRandom(5);
    const s = await storage();
    // Requests and tests overlapping in time, with events that belong to no flow between them.
    let t = 0;
    const events = Array.from({ length: 2000 }, () => {
      const flow =
        rand() < 0.1 ? null : rand() < 0.5 ? `p1:http-${Math.floor(rand() * rand() * 80)}` : `p1:test-${Math.floor(rand() * 30)}`;
      return { timestamp: (t += Math.floor(rand() * 4)), correlation_id: flow, data: { type: 'x', n: t } };
    });
    await s.storeEvents(events);
    const stored = await s.getAllEvents();
    for (const q of QUERIES) expect([q, await s.listFlows(q)]).toEqual([q, expected(stored, q)]);
    await s.stop();
  });

  it('finds each flow its ends when events were written out of time order', async () => {
    const rand = seededRandom(8);
    const s = await storage();
    for (let batch = 0; batch < 6; batch++) {
      // Each batch goes back in time: its blocks overlap the ones before.
      const base = (5 - batch) * 100;
      await s.storeEvents(
        Array.from({ length: 150 }, () => ({
          timestamp: base + Math.floor(rand() * 400),
          correlation_id: `f${Math.floor(rand() * 12)}`,
          data: {},
        })),
      );
    }
    const stored = await s.getAllEvents();
    for (const q of QUERIES.slice(0, 4)) expect(await s.listFlows(q)).toEqual(expected(stored, q));
    await s.stop();
  });

  it("takes a flow's first and latest events by arrival where they share a time", async () => {
    const s = await storage();
    await s.storeEvents([50, 100].map((t) => ({ timestamp: t, correlation_id: 'f', data: { t, batch: 1 } })));
    // Written later and going back in time: its blocks overlap the first batch's.
    await s.storeEvents([10, 10, 100].map((t) => ({ timestamp: t, correlation_id: 'f', data: { t, batch: 2 } })));
    const [row] = (await s.listFlows(QUERIES[0])).flows;
    expect(row).toMatchObject({ start: 10, end: 100, events: 5 });
    expect([row.first!.event_id, row.last!.event_id]).toEqual(['2', '4']);
    await s.stop();
  });

  it('leaves out what was evicted, and gives the new figures once more events arrive', async () => {
    const s = await storage(1000);
    const batch = (from: number) =>
      Array.from({ length: 500 }, (_, i) => ({ timestamp: from + i, correlation_id: `f${(from + i) % 7}`, data: { i } }));
    await s.storeEvents(batch(0));
    const q = QUERIES[0];
    expect((await s.listFlows(q)).flows[0]).toMatchObject({ correlation_id: 'f0', start: 0, events: 72 });
    await s.storeEvents(batch(500));
    await s.storeEvents(batch(1000));
    await s.cleanup();
    const stored = await s.getAllEvents();
    expect(stored.length).toBeLessThanOrEqual(1000);
    expect(await s.listFlows(q)).toEqual(expected(stored, q));
    await s.stop();
  });
});
