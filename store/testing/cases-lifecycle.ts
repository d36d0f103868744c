// Conformance cases for what lives beyond one call: eviction, persistence, sessions, paging,
// density. The randomized comparisons with a brute-force model are in cases-properties.ts.
import type { StoredEvent } from '../../src/event';
import type { TemporalStorage } from '../temporal-storage';
import { assert, assertEqual, assertRejects, seededRandom } from './check';
import { type ConformanceCase, catalog, open } from './context';
import { type ModelEvent, ReferenceStore } from './reference';

export const ids = (events: Array<StoredEvent | ModelEvent>) => events.map((e) => (e.data as { i: number }).i);

async function pageThrough(
  query: (after: StoredEvent extends never ? never : import('../engine/types').EventKey | null) => Promise<import('../engine/types').Page>,
): Promise<StoredEvent[]> {
  const out: StoredEvent[] = [];
  let after: import('../engine/types').EventKey | null = null;
  for (let guard = 0; guard < 100_000; guard++) {
    const page = await query(after);
    out.push(...page.events);
    if (page.next === null) return out;
    after = page.next;
  }
  throw new Error('paging did not end');
}

export async function compareWithModel(s: TemporalStorage, model: ReferenceStore, rand: () => number, what: string): Promise<void> {
  assertEqual(ids(await s.getAllEvents()), ids(model.all()), `${what}: all events`);
  const st = await s.getStats();
  assertEqual(st.total_events, model.events.length, `${what}: total_events`);
  const sorted = model.all();
  assertEqual(
    [st.oldest_event, st.newest_event],
    sorted.length ? [sorted[0].timestamp, sorted[sorted.length - 1].timestamp] : [null, null],
    `${what}: bounds`,
  );
  assertEqual(st.ast_index_size, model.events.filter((e) => e.ast_node_id !== null).length, `${what}: ast_index_size`);
  assertEqual(st.correlation_index_size, model.events.filter((e) => e.correlation_id !== null).length, `${what}: correlation_index_size`);
  assertEqual(st.ast_node_count, new Set(model.events.map((e) => e.ast_node_id).filter((x) => x !== null)).size, `${what}: ast_node_count`);
  for (let q = 0; q < 12; q++) {
    const a = Math.floor(rand() * 1200) - 100;
    const b = a + Math.floor(rand() * 400);
    assertEqual(ids(await s.getEventsInRange(a, b)), ids(model.range(a, b)), `${what}: range ${a}..${b}`);
    const ast = `n${Math.floor(rand() * 40)}`;
    assertEqual(ids(await s.getEventsForAstNode(ast)), ids(model.ast(ast)), `${what}: AST ${ast}`);
    const corr = `c${Math.floor(rand() * 60)}`;
    assertEqual(ids(await s.getEventsForCorrelation(corr)), ids(model.corr(corr)), `${what}: correlation ${corr}`);
  }
  const limit = 1 + Math.floor(rand() * 300);
  assertEqual(
    ids(await pageThrough((after) => s.queryRange(0, 800, { limit, after }))),
    ids(model.range(0, 800)),
    `${what}: range pages of ${limit}`,
  );
  assertEqual(
    ids(await pageThrough((after) => s.queryAstNode('n1', { limit, after }))),
    ids(model.ast('n1')),
    `${what}: AST pages of ${limit}`,
  );
  assertEqual(Array.from(await s.getDensity(-50, 1050, 37)), model.density(-50, 1050, 37), `${what}: density`);
}

export function randomEvent(rand: () => number, i: number) {
  return {
    timestamp: Math.floor(rand() * 1000), // 1,000 values for thousands of events: many ties
    ast_node_id: rand() < 0.1 ? null : `n${Math.floor(40 * rand() * rand())}`, // skewed
    correlation_id: rand() < 0.25 ? undefined : `c${Math.floor(rand() * 60)}`,
    data: { i, pad: 'x'.repeat(Math.floor(rand() * 200)) },
  };
}

export const lifecycleCases: ConformanceCase[] = [
  {
    name: 'serves AST node queries from runs, across reopening and eviction',
    async run(ctx) {
      const layout = { blockEvents: 40, blockBytes: 1 << 20, runEvents: 200, runBuckets: 3 };
      const rand = seededRandom(99);
      const model = new ReferenceStore();
      const s = await open(ctx, { session: 'runs', maxEvents: Infinity, layout });
      let i = 0;
      for (let round = 0; round < 8; round++) {
        // In time order with ties, as a live capture arrives: eviction then frees whole blocks.
        const batch = [...Array(300)].map(() => ({ ...randomEvent(rand, i), timestamp: Math.floor(i++ / 2) }));
        batch.forEach((e) => model.add({ ...e, ast_node_id: e.ast_node_id ?? null, correlation_id: e.correlation_id ?? null }));
        await s.storeEvents(batch);
      }
      const st = await s.getStats();
      assert(st.runs >= 8, `runs were written (${st.runs})`);
      for (let n = 0; n < 40; n += 3) assertEqual(ids(await s.getEventsForAstNode(`n${n}`)), ids(model.ast(`n${n}`)), `AST n${n}`);
      assertEqual(ids(await pageThrough((after) => s.queryAstNode('n0', { limit: 50, after }))), ids(model.ast('n0')), 'AST pages');
      assert((await s.getStats()).events_read_from_runs > 0, 'a hot node was read from runs');
      await s.stop();
      const again = await open(ctx, { session: 'runs', maxEvents: 1000, layout });
      model.evictTo(1000);
      const after = await again.getStats();
      assert(after.runs < st.runs, `runs of evicted blocks are deleted (${st.runs} -> ${after.runs})`);
      for (let n = 0; n < 40; n += 3)
        assertEqual(ids(await again.getEventsForAstNode(`n${n}`)), ids(model.ast(`n${n}`)), `AST n${n} after eviction`);
      await again.stop();
    },
  },
  {
    name: 'evicts the oldest beyond maxEvents, never more than one batch over, and postings follow',
    async run(ctx) {
      const s = await open(ctx, { maxEvents: 1000 });
      for (let b = 0; b < 5; b++) {
        await s.storeEvents(
          [...Array(600).keys()].map((k) => ({
            timestamp: b * 600 + k,
            ast_node_id: k % 2 ? 'odd' : 'even',
            correlation_id: `c${b}`,
            data: { i: b * 600 + k },
          })),
        );
        const st = await s.getStats();
        assert(st.total_events <= 1000, `batch ${b}: ${st.total_events} <= cap`);
      }
      const st = await s.getStats();
      assertEqual([st.total_events, st.oldest_event, st.newest_event], [1000, 2000, 2999], 'newest 1000 kept');
      assertEqual((await s.getEventsForAstNode('odd')).length, 500, 'AST postings of evicted events are gone');
      assertEqual(await s.getEventsForCorrelation('c0'), [], 'a fully evicted correlation returns nothing');
      assertEqual([st.ast_index_size, st.correlation_index_size, st.correlation_count], [1000, 1000, 2], 'index sizes follow');
      await s.stop();
      // A reopened session over a smaller cap is trimmed at start.
      const again = await open(ctx, { session: s.session, maxEvents: 10 });
      assertEqual(
        (await again.getAllEvents()).map((e) => e.timestamp),
        [...Array(10).keys()].map((k) => 2990 + k),
        'trimmed on reopen',
      );
      await again.stop();
    },
  },
  {
    name: 'evicts on the cleanup tick',
    async run(ctx) {
      const s = await open(ctx, { maxEvents: Infinity });
      await s.storeEvents([...Array(50).keys()].map((k) => ({ timestamp: k })));
      await s.stop();
      const ticking = await open(ctx, { session: s.session, maxEvents: 20, cleanupInterval: 10 });
      assertEqual((await ticking.getStats()).total_events, 20, 'over the cap at start: trimmed');
      await ticking.stop();
    },
  },
  {
    name: 'persists across stop and start, continuing ids and order',
    async run(ctx) {
      const first = await open(ctx, { session: 'rec-1', maxEvents: Infinity });
      await first.storeEvents(
        [...Array(700).keys()].map((k) => ({ timestamp: k % 350, ast_node_id: `a${k % 3}`, correlation_id: 'c', data: { i: k } })),
      );
      const before = await first.getAllEvents();
      await first.stop();
      const second = await open(ctx, { session: 'rec-1', maxEvents: Infinity });
      assertEqual(await second.getAllEvents(), before, 'same events after reopening');
      await second.storeEvents([
        { timestamp: 0, ast_node_id: 'a1', data: { i: 700 } },
        { timestamp: 9999, ast_node_id: 'a1', data: { i: 701 } },
      ]);
      const after = await second.getAllEvents();
      assertEqual(new Set(after.map((e) => e.event_id)).size, 702, 'event ids stay unique after reopening');
      assertEqual(ids(after).slice(0, 3), [0, 350, 700], 'a new tie comes after the stored ones');
      assertEqual((await second.getEventsForAstNode('a1')).length, 235, 'postings continue');
      assertEqual((await second.getStats()).ast_node_count, 3, 'distinct ids are not counted twice');
      await second.stop();
    },
  },
  {
    name: 'lists, renames and deletes sessions that share one database',
    async run(ctx) {
      const a = await open(ctx, { session: 'a', sessionName: 'First run' });
      const b = await open(ctx, { session: 'b' });
      await a.storeEvents([{ timestamp: 5, ast_node_id: 'x', correlation_id: 'k' }, { timestamp: 9 }]);
      await b.storeEvents([{ timestamp: 1, ast_node_id: 'x' }]);
      const cat = await catalog(ctx);
      const listed = await cat.list();
      assertEqual(
        listed.map((s) => [s.id, s.name, s.total_events, s.oldest_event, s.newest_event, s.ast_node_count, s.correlation_count]),
        [
          ['a', 'First run', 2, 5, 9, 1, 1],
          ['b', 'b', 1, 1, 1, 1, 0],
        ],
        'listing',
      );
      assert(
        listed.every((s) => typeof s.created_at === 'number'),
        'created_at',
      );
      await cat.rename('b', 'Second run');
      assertEqual(
        (await cat.list()).map((s) => s.name),
        ['First run', 'Second run'],
        'renamed',
      );
      await assertRejects(cat.rename('zzz', 'n'), /no session "zzz"/, 'rename of a missing session');
      await assertRejects(cat.delete('a'), /is open/, 'an open session is not deleted under its storage');
      await a.stop();
      assertEqual(await cat.delete('a'), true, 'deleted');
      assertEqual(
        (await cat.list()).map((s) => s.id),
        ['b'],
        'gone from the list',
      );
      const reopened = await open(ctx, { session: 'a' });
      assertEqual(
        [await reopened.getAllEvents(), await reopened.getEventsForAstNode('x'), await reopened.getEventsForCorrelation('k')],
        [[], [], []],
        'no event or posting of a deleted session remains',
      );
      assertEqual((await b.getEventsForAstNode('x')).length, 1, 'the other session is untouched');
      await reopened.stop();
      await b.stop();
      await cat.close();
    },
  },
  {
    name: 'pages every query with a cursor and answers density from summaries',
    async run(ctx) {
      const s = await open(ctx, { maxEvents: Infinity });
      await s.storeEvents(
        [...Array(3000).keys()].map((k) => ({
          timestamp: Math.floor(k / 3),
          ast_node_id: `a${k % 7}`,
          correlation_id: `c${k % 11}`,
          data: { i: k },
        })),
      );
      const full = await s.getAllEvents();
      const paged = await pageThrough((after) => s.queryAll({ limit: 256, after }));
      assertEqual(paged, full, 'pages of all events concatenate to getAllEvents');
      const first = await s.queryAstNode('a3', { limit: 10 });
      assertEqual(ids(first.events), [3, 10, 17, 24, 31, 38, 45, 52, 59, 66], 'first AST page');
      assert(first.next !== null, 'a full page has a cursor');
      assertEqual(
        ids(await pageThrough((after) => s.queryCorrelation('c4', { limit: 33, after }))),
        ids(full.filter((e) => e.correlation_id === 'c4')),
        'correlation pages',
      );
      const last = await s.queryRange(990, 999, { limit: 1000 });
      assertEqual([last.events.length, last.next], [30, null], 'a short page ends the walk');
      assertEqual((await s.queryRange(0, 999, { limit: 0 })).events, [], 'limit 0');
      await assertRejects(s.queryRange(0, 1, { limit: -1 }), /limit must be/, 'bad limit');
      const counts = await s.getDensity(0, 999, 10);
      assertEqual(Array.from(counts), Array(10).fill(300), 'density');
      assertEqual(Array.from(await s.getDensity(0, 1, 4)), [3, 0, 3, 0], 'more buckets than timestamps');
      await assertRejects(s.getDensity(0, 10, 0), /buckets must be/, 'bad bucket count');
      await s.stop();
    },
  },
];
