// The span index a session builds from the store equals the one built from its events in memory,
// whether its blocks lie in time order (read block by block) or overlap (events written out of
// order: read by pages of the time range).
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { demoRecordingLines } from '../src/demo/recording';
import type { EventInput } from '../src/event';
import { spansOf } from '../src/cinema/spans';
import type { SpansWire } from '../src/cinema/span-index';
import { TemporalStorage } from './temporal-storage';

/** The demo's events with times as offsets from its start (as a session keeps them). */
function demoEvents(n: number): EventInput[] {
  const epoch = 1764230400000000000n;
  return [...demoRecordingLines({ events: n, seed: 4, epoch: String(epoch) })]
    .filter((l) => l.includes('"kind":"event"'))
    .map((l) => {
      const r = JSON.parse(l) as { ast_node_id?: string; correlation_id?: string; data: unknown };
      const timestamp = Number(BigInt(/"timestamp":(\d+)/.exec(l)![1]) - epoch);
      return { timestamp, ast_node_id: r.ast_node_id ?? null, correlation_id: r.correlation_id ?? null, data: r.data };
    });
}

/** Every span as `lane depth name start-end count`, sorted. */
const listed = (w: SpansWire) =>
  Array.from(w.start, (s, i) => `${w.lanes[w.lane[i]]} ${w.depth[i]} ${w.names[w.name[i]]} ${s}-${w.end[i]} ${w.count[i]}`).sort();

describe('the span index of a stored session', () => {
  const events = demoEvents(6000);
  const whole = [Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER] as const;

  async function stored(batches: EventInput[][]) {
    const s = await TemporalStorage.start({
      indexedDB: new IDBFactory() as unknown as IDBFactory,
      dbName: 'cinema',
      maxEvents: Infinity,
      cleanupInterval: 0,
      layout: { blockEvents: 256 },
    });
    for (const b of batches) await s.storeEvents(b);
    return s;
  }

  /** The index built from the session's own events, in the store's order (time, then id). */
  async function expected(s: TemporalStorage) {
    const all = await s.getAllEvents();
    return spansOf(all);
  }

  it('reads blocks in time order into the same spans and node times as the events in memory', async () => {
    const s = await stored([events.slice(0, 3000), events.slice(3000)]);
    const want = await expected(s);
    expect(want.size).toBeGreaterThan(1000);
    expect(listed(await s.getSpans(...whole))).toEqual(listed(want.query(...whole)));
    expect(await s.getNodeTimes()).toEqual(want.nodeTimes);
    await s.stop();
  });

  it('pages through overlapping blocks (events written out of order) to the same spans', async () => {
    // Every other event, then the rest: each block's times span those of blocks written before it.
    const s = await stored([events.filter((_, i) => i % 2 === 0), events.filter((_, i) => i % 2 === 1)]);
    const want = await expected(s);
    expect(listed(await s.getSpans(...whole))).toEqual(listed(want.query(...whole)));
    expect(listed(await s.getSpans(...whole, { minWidth: 5000 }))).toEqual(listed(want.query(...whole, { minWidth: 5000 })));
    await s.stop();
  });
});
