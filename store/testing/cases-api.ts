// Conformance cases for the seed API's semantics: normalization, validation, order, ranges,
// concurrency, stats, naming.
import type { StoredEvent } from '../../src/event';
import { TemporalStorage } from '../temporal-storage';
import { assert, assertEqual, assertRejects } from './check';
import { type ConformanceCase, open } from './context';

const strip = (events: StoredEvent[]) => events.map(({ event_id: _id, ...rest }) => rest);

export const apiCases: ConformanceCase[] = [
  {
    name: 'normalizes events as the seed does',
    async run(ctx) {
      const s = await open(ctx);
      const before = Math.floor(Date.now() * 1000) - 1_000_000;
      await s.storeEvent({ data: { n: 1 } });
      await s.storeEvent({ data: { n: 2 } });
      await s.storeEvent({ timestamp: 5, ast_node_id: 'a', correlation_id: 'c', data: 'x' });
      await s.storeEvent({ timestamp: 6, kind: 'raw' } as never);
      const all = await s.getAllEvents();
      assertEqual(all.length, 4, 'count');
      const [raw5, raw6, auto1, auto2] = all;
      assertEqual(strip([raw5]), [{ timestamp: 5, ast_node_id: 'a', correlation_id: 'c', data: 'x' }], 'explicit fields kept');
      assertEqual(
        strip([raw6]),
        [{ timestamp: 6, ast_node_id: null, correlation_id: null, data: { timestamp: 6, kind: 'raw' } }],
        'data defaults to the event itself',
      );
      assert(Number.isSafeInteger(auto1.timestamp) && auto1.timestamp >= before, 'clock timestamps are integers near now (microseconds)');
      assert(auto2.timestamp >= auto1.timestamp, 'clock never goes backwards');
      assertEqual([auto1.data, auto2.data], [{ n: 1 }, { n: 2 }], 'data is event.data');
      assertEqual(new Set(all.map((e) => e.event_id)).size, 4, 'event ids are unique');
      assert(
        all.every((e) => typeof e.event_id === 'string'),
        'event ids are strings',
      );
      await s.stop();
    },
  },
  {
    name: 'rejects bad events with the field and type named, and stores nothing of them',
    async run(ctx) {
      const s = await open(ctx);
      await s.storeEvent({ timestamp: 1, data: 'kept' });
      const bad: Array<[unknown, RegExp]> = [
        [null, /event must be a plain object, got null/],
        [[1, 2], /event must be a plain object, got an array/],
        ['text', /event must be a plain object, got a string/],
        [new Date(0), /event must be a plain object, got a Date/],
        [{ timestamp: '10' }, /timestamp must be a safe integer, got a string/],
        [{ timestamp: 1.5 }, /timestamp must be a safe integer, got a fraction \(1\.5\)/],
        [{ timestamp: NaN }, /timestamp must be a safe integer, got NaN/],
        [{ timestamp: 2 ** 53 + 2 }, /timestamp must be a safe integer, got an integer beyond 2\^53/],
        [{ timestamp: 10n }, /timestamp must be a safe integer, got a bigint/],
        [{ timestamp: 2, ast_node_id: 42 }, /ast_node_id must be a string or null, got a number \(42\)/],
        [{ timestamp: 2, correlation_id: { id: 1 } }, /correlation_id must be a string or null, got an object/],
        [{ timestamp: 2, data: { f: () => 1 } }, /data cannot be structured-cloned \(an object\)/],
        [{ timestamp: 2, data: Symbol('s') }, /data cannot be structured-cloned \(a symbol\)/],
      ];
      for (const [event, pattern] of bad) await assertRejects(s.storeEvent(event as never), pattern, `storeEvent(${String(event)})`);
      await assertRejects(
        s.storeEvents([{ timestamp: 3 }, { timestamp: 'x' } as never]),
        /event 1: timestamp must be a safe integer/,
        'storeEvents names the bad index',
      );
      const all = await s.getAllEvents();
      assertEqual(strip(all), [{ timestamp: 1, ast_node_id: null, correlation_id: null, data: 'kept' }], 'only the good event is stored');
      assertEqual((await s.getStats()).total_events, 1, 'stats unchanged by rejected events');
      await s.stop();
    },
  },
  {
    name: 'returns equal timestamps in call order and never collapses them',
    async run(ctx) {
      const s = await open(ctx);
      const calls = [];
      for (let i = 0; i < 600; i++)
        calls.push(s.storeEvent({ timestamp: 1000 + (i % 3), ast_node_id: 'n', correlation_id: `c${i % 2}`, data: { i } }));
      await Promise.all(calls);
      const all = await s.getAllEvents();
      assertEqual(all.length, 600, 'no event lost to a shared timestamp');
      const expected = [...Array(600).keys()].sort((a, b) => (a % 3) - (b % 3) || a - b);
      assertEqual(
        all.map((e) => (e.data as { i: number }).i),
        expected,
        'ties in call order',
      );
      assertEqual(
        (await s.getEventsForAstNode('n')).map((e) => (e.data as { i: number }).i),
        expected,
        'AST query order',
      );
      assertEqual(
        (await s.getEventsForCorrelation('c1')).map((e) => (e.data as { i: number }).i),
        expected.filter((i) => i % 2 === 1),
        'correlation query order',
      );
      assertEqual((await s.getEventsInRange(1001, 1001)).length, 200, 'range over one tied timestamp');
      await s.stop();
    },
  },
  {
    name: 'orders out-of-order arrivals chronologically across blocks',
    async run(ctx) {
      const s = await open(ctx);
      // Descending batches: every batch lands in blocks that overlap the ones before it.
      for (let batch = 0; batch < 6; batch++) {
        const events = [];
        for (let i = 0; i < 300; i++)
          events.push({ timestamp: (6 - batch) * 100 - (i % 100) + 1000 * (i % 2), ast_node_id: `a${i % 5}`, data: { batch, i } });
        await s.storeEvents(events);
      }
      const all = await s.getAllEvents();
      assertEqual(all.length, 1800, 'count');
      for (let k = 1; k < all.length; k++) {
        const a = all[k - 1];
        const b = all[k];
        assert(
          a.timestamp < b.timestamp || (a.timestamp === b.timestamp && Number(a.event_id) < Number(b.event_id)),
          `chronological at ${k}`,
        );
      }
      const a3 = await s.getEventsForAstNode('a3');
      assertEqual(
        a3.map((e) => e.event_id),
        all.filter((e) => e.ast_node_id === 'a3').map((e) => e.event_id),
        'AST query equals filtered scan',
      );
      await s.stop();
    },
  },
  {
    name: 'treats a time range as inclusive and checks its bounds',
    async run(ctx) {
      const s = await open(ctx);
      await s.storeEvents([10, 20, 20, 30, 40].map((timestamp) => ({ timestamp })));
      assertEqual(
        (await s.getEventsInRange(20, 30)).map((e) => e.timestamp),
        [20, 20, 30],
        'both ends included',
      );
      assertEqual((await s.getEventsInRange(21, 29)).length, 0, 'gap');
      assertEqual(await s.getEventsInRange(30, 20), [], 'start > end gives []');
      assertEqual(
        (await s.getEventsInRange(-100, 10)).map((e) => e.timestamp),
        [10],
        'negative start',
      );
      await assertRejects(s.getEventsInRange(1.5, 20), /startTime must be a safe integer, got a fraction/, 'fractional start');
      await assertRejects(s.getEventsInRange(0, '9' as never), /endTime must be a safe integer, got a string/, 'string end');
      await s.stop();
    },
  },
  {
    name: 'lands 200 concurrent storeEvent calls in batched transactions',
    async run(ctx) {
      const s = await open(ctx);
      await Promise.all([...Array(200).keys()].map((i) => s.storeEvent({ timestamp: i, correlation_id: 'flow', data: { i } })));
      const stats = await s.getStats();
      assertEqual(stats.total_events, 200, 'all landed');
      assert(stats.write_batches <= 2, `coalesced into few transactions (got ${stats.write_batches})`);
      assertEqual((await s.getEventsForCorrelation('flow')).length, 200, 'all indexed');
      await s.stop();
    },
  },
  {
    name: 'keeps event ids unique when writes arrive while a batch is being written',
    async run(ctx) {
      const s = await open(ctx, { session: 'interleaved' });
      const writes: Promise<void>[] = [];
      for (let i = 0; i < 60; i++) {
        writes.push(s.storeEvent({ timestamp: i % 7, data: { i } }));
        // Let the batch in flight progress between calls, so calls land mid-write.
        if (i % 3 === 0) await new Promise((r) => setTimeout(r, 0));
      }
      await Promise.all(writes);
      await s.stop();
      const again = await open(ctx, { session: 'interleaved' });
      await again.storeEvents([
        { timestamp: 0, data: { i: 60 } },
        { timestamp: 0, data: { i: 61 } },
      ]);
      const all = await again.getAllEvents();
      assertEqual(all.length, 62, 'all stored');
      assertEqual(new Set(all.map((e) => e.event_id)).size, 62, 'no event id handed out twice');
      const zeros = all.filter((e) => e.timestamp === 0).map((e) => (e.data as { i: number }).i);
      assertEqual(zeros, [0, 7, 14, 21, 28, 35, 42, 49, 56, 60, 61], 'ties keep call order across reopening');
      await again.stop();
    },
  },
  {
    name: 'reports stats with the seed field names',
    async run(ctx) {
      const s = await open(ctx);
      const empty = await s.getStats();
      assertEqual([empty.total_events, empty.oldest_event, empty.newest_event, empty.memory_usage], [0, null, null, 0], 'empty storage');
      await s.storeEvents([
        { timestamp: 50, ast_node_id: 'a', data: 'x'.repeat(100) },
        { timestamp: 7, correlation_id: 'c' },
        { timestamp: 9, ast_node_id: 'b', correlation_id: 'c' },
      ]);
      const st = await s.getStats();
      assertEqual(
        [
          st.total_events,
          st.events_table_size,
          st.oldest_event,
          st.newest_event,
          st.ast_index_size,
          st.correlation_index_size,
          st.ast_node_count,
          st.correlation_count,
        ],
        [3, 3, 7, 50, 2, 2, 2, 1],
        'counts and bounds',
      );
      assert(Number.isSafeInteger(st.memory_usage) && st.memory_usage > 100, 'memory_usage is an integer byte estimate');
      await s.storeEvent({ timestamp: 60, data: 'y'.repeat(1000) });
      assert((await s.getStats()).memory_usage >= st.memory_usage + 1000, 'memory_usage grows with data');
      await s.stop();
    },
  },
  {
    name: 'registers names and unregisters them on stop',
    async run(ctx) {
      const s = await open(ctx, { name: `named-${ctx.dbName}` });
      assert(TemporalStorage.whereis(`named-${ctx.dbName}`) === s, 'whereis finds it');
      await assertRejects(open(ctx, { name: `named-${ctx.dbName}` }), /already started/, 'a name is taken once');
      await assertRejects(open(ctx, { session: s.session }), /already open/, 'a session is open once');
      await s.stop();
      assertEqual(TemporalStorage.whereis(`named-${ctx.dbName}`), undefined, 'gone after stop');
      await assertRejects(s.storeEvent({}), /is stopped/, 'a stopped storage refuses writes');
      await assertRejects(open(ctx, { maxEvents: -1 }), /maxEvents must be/, 'bad maxEvents');
    },
  },
  {
    name: 'keeps payloads exactly, including what JSON cannot carry',
    async run(ctx) {
      const s = await open(ctx);
      let deep: unknown = 'bottom';
      for (let i = 0; i < 1000; i++) deep = { d: deep };
      let tooDeep: unknown = 'bottom';
      for (let i = 0; i < 10_000; i++) tooDeep = [tooDeep];
      await assertRejects(s.storeEvent({ data: tooDeep }), /data is nested more than 1000 levels deep/, 'a payload deeper than the limit');
      const payloads: unknown[] = [
        { when: new Date(1700000000000), m: new Map([['k', 1]]), set: new Set([1, 2]) },
        { u: undefined, nan: NaN, neg: -0, inf: -Infinity, big: 12n },
        // eslint-disable-next-line no-sparse-arrays -- a hole is a payload JSON cannot carry exactly
        [1, , 3],
        'plain text with "quotes", \\ and \u2028 and emoji 🎞',
        { nested: [{ a: [1, { b: null }] }] },
        deep,
        new Uint8Array([1, 2, 3]),
      ];
      const mutable = { v: 1 };
      await s.storeEvents(payloads.map((data, i) => ({ timestamp: i, data })));
      await s.storeEvent({ timestamp: 100, data: mutable });
      mutable.v = 2;
      const all = await s.getAllEvents();
      payloads.forEach((p, i) => assertEqual(all[i].data, p, `payload ${i}`));
      assertEqual(all[payloads.length].data, { v: 1 }, 'a later change by the caller does not reach the store');
      (all[4].data as { nested: unknown[] }).nested.push('changed');
      assertEqual((await s.getAllEvents())[4].data, payloads[4], 'a change to a returned event does not reach the store');
      await s.stop();
    },
  },
];
