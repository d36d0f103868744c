// A finished session's runs merged into one copy per AST id (engine/merged-runs.ts): every node
// answers as before from the parts alone, a merge cut short answers right half-done and goes on
// when the session opens again, and evicting the merged blocks deletes the parts.
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import type { EventInput, StoredEvent } from '../src/event';
import { TemporalStorage } from './temporal-storage';
import { inDatabase } from './testing/database';
import type { RunRecord } from './engine/schema';
import { partsOfBucket } from './engine/merged-runs';
import { userActive } from './engine/merge-job';

const base = () => ({ indexedDB: new IDBFactory() as unknown as IDBFactory, dbName: 'cinema' });
const layout = { blockEvents: 64, runEvents: 1024, runBuckets: 8, mergeStepEvents: 600 };
const NODES = 23;

/** Events n0..n1-1 at 10 ns steps: node 0 on every fifth, others in turn, a few without a node. */
function events(n0: number, n1: number, shift = 0): EventInput[] {
  return Array.from({ length: n1 - n0 }, (_, k) => {
    const i = n0 + k;
    const node = i % 17 === 0 ? null : `n${i % 5 === 0 ? 0 : i % NODES}`;
    return {
      timestamp: 1_000 + i * 10 + shift,
      ast_node_id: node,
      correlation_id: `f${Math.floor(i / 9)}`,
      // Node 7's payloads are large: its parts hold ~24 events, so a page of 100 spans several.
      // Node 3's carry values JSON would alter, kept as structured clones.
      data: node === 'n3' ? { i, at: new Date(i), gone: undefined, nan: NaN } : { i, pad: 'x'.repeat(node === 'n7' ? 2_000 : i % 40) },
    };
  });
}

/** 6,000 events in order, then 600 that arrive late (their times among the first thousand). */
const written = [...events(0, 6_000), ...events(6_000, 6_600, -59_000)];

const ids = (evs: StoredEvent[]) => evs.map((e) => (e.data as { i: number }).i);

async function answers(s: TemporalStorage): Promise<Map<string, number[]>> {
  const out = new Map<string, number[]>();
  for (let n = 0; n < NODES; n++) out.set(`n${n}`, ids(await s.getEventsForAstNode(`n${n}`)));
  // The busiest node and the one of large payloads page by page: each page's first event is found by
  // key among the node's parts, and pages cross from one part to the next (node 7's across several).
  for (const [node, limit] of [
    ['n0', 37],
    ['n7', 100],
  ] as const) {
    const paged: number[] = [];
    let page = await s.queryAstNode(node, { limit });
    for (paged.push(...ids(page.events)); page.next; paged.push(...ids(page.events)))
      page = await s.queryAstNode(node, { limit, after: page.next });
    out.set(`${node} in pages`, paged);
  }
  return out;
}

function expected(evs: EventInput[]): Map<string, number[]> {
  const order = [...evs].sort((a, b) => a.timestamp! - b.timestamp! || (a.data as { i: number }).i - (b.data as { i: number }).i);
  const out = new Map<string, number[]>();
  for (let n = 0; n < NODES; n++) out.set(`n${n}`, ids(order.filter((e) => e.ast_node_id === `n${n}`) as StoredEvent[]));
  return out;
}

/** Every record of the copy: run records (a number second in the key) and parts (an id). */
const copies = (opts: ReturnType<typeof base>, session: string) =>
  inDatabase(opts, async (db) => {
    const runs: RunRecord[] = [];
    const parts: Array<{ key: IDBValidKey; record: RunRecord }> = [];
    let cursor = await db.transaction('runBuckets').store.openCursor(IDBKeyRange.bound([session], [session, []]));
    while (cursor) {
      const key = cursor.key as unknown[];
      if (typeof key[1] === 'number') runs.push(cursor.value);
      else parts.push({ key: cursor.key, record: cursor.value });
      cursor = await cursor.continue();
    }
    return { runs, parts };
  });

async function mergedAll(s: TemporalStorage): Promise<void> {
  for (let i = 0; i < 500 && (s.sessionInfo.merged?.upto ?? -1) < (s.sessionInfo.merged?.buckets ?? 0); i++)
    await new Promise((r) => setTimeout(r, 5));
  expect(s.sessionInfo.merged?.upto).toBe(8);
}

describe('merged runs', () => {
  it('give every node its events from parts of its own once a session is finished', async () => {
    const opts = base();
    const s = await TemporalStorage.start({ ...opts, session: 'm', cleanupInterval: 0, layout, maxEvents: Infinity });
    for (let i = 0; i < written.length; i += 100) await s.storeEvents(written.slice(i, i + 100));
    const want = expected(written);
    const before = await answers(s);
    for (const [k, v] of want) expect(before.get(k), k).toEqual(v);
    expect(before.get('n0 in pages')).toEqual(want.get('n0'));
    expect(before.get('n7 in pages')).toEqual(want.get('n7'));
    const runsBefore = s.sessionInfo.runs.length;
    expect(runsBefore).toBeGreaterThanOrEqual(5);
    await s.persistCheckpoints(); // as an import publishes
    // While the store keeps working (every 100 ms here: writes to another session, as when the next
    // file imports, a question about this one) or the person uses the app (the UI says so while the
    // playhead is dragged, asking little) the merge waits; once all is quiet the merge runs.
    const other = await TemporalStorage.start({ ...opts, session: 'other', cleanupInterval: 0, maxEvents: Infinity });
    for (let k = 0; k < 16; k++) {
      if (k < 4) await other.storeEvents(events(k * 10, k * 10 + 10));
      else if (k < 8) await s.getStats();
      else userActive();
      await new Promise((r) => setTimeout(r, 100));
      expect(s.sessionInfo.merged?.upto).toBe(0);
    }
    await other.stop();
    await mergedAll(s);
    expect(s.sessionInfo.runs).toEqual([]);

    const { runs, parts } = await copies(opts, 'm');
    expect(runs).toEqual([]);
    // Parts of one id each, at most 256 events, keyed by their last event, in time order within an id.
    const last = new Map<string, number>();
    for (const { key, record } of parts) {
      const [, id, ts] = key as [string, string, number, number];
      expect(record.ids).toEqual([id]);
      expect(record.ts.length).toBeLessThanOrEqual(256);
      expect(ts).toBe(record.ts[record.ts.length - 1]);
      expect(record.ts[0]).toBeGreaterThanOrEqual(last.get(id) ?? -Infinity);
      last.set(id, ts);
    }

    // Without the merged blocks' payloads, nodes still answer: every event of theirs comes from the parts.
    const lastMerged = s.sessionInfo.merged!.lastBlock;
    await inDatabase(opts, async (db) => {
      for (let no = 0; no <= lastMerged; no++) await db.delete('blocks', ['m', no]);
    });
    s.dropCaches();
    const after = await answers(s);
    expect(after).toEqual(before);
    const clones = (await s.getEventsForAstNode('n3')).map((e) => e.data);
    expect(clones.length).toBeGreaterThan(200);
    const inTime = [...written].sort((a, b) => a.timestamp! - b.timestamp! || (a.data as { i: number }).i - (b.data as { i: number }).i);
    expect(clones).toEqual(inTime.filter((e) => e.ast_node_id === 'n3').map((e) => e.data));
    await s.stop();
  });

  it('answer right while a merge is cut short, and it goes on when the session opens again', async () => {
    const opts = base();
    const where = { ...opts, session: 'cut', cleanupInterval: 0, layout };
    let s = await TemporalStorage.start({ ...where, maxEvents: Infinity });
    for (let i = 0; i < written.length; i += 100) await s.storeEvents(written.slice(i, i + 100));
    const before = await answers(s);
    await s.persistCheckpoints();
    // Steps start once questions pause; closing after the first stops it there.
    while ((s.sessionInfo.merged?.upto ?? 0) === 0) await new Promise((r) => setTimeout(r, 0));
    await s.stop();
    s = await TemporalStorage.start({ ...where, maxEvents: Infinity });
    const half = s.sessionInfo.merged!;
    expect(half.upto).toBeGreaterThan(0);
    expect(half.upto).toBeLessThan(8);
    expect(await answers(s)).toEqual(before);
    await mergedAll(s);
    expect(await answers(s)).toEqual(before);
    expect((await copies(opts, 'cut')).runs).toEqual([]);
    await s.stop();

    // Written on, then every merged block evicted: the parts are deleted, the rest still answers.
    s = await TemporalStorage.start({ ...where, maxEvents: Infinity });
    const more = events(7_000, 7_500);
    await s.storeEvents(more);
    expect((await answers(s)).get('n0')).toEqual(expected([...written, ...more]).get('n0'));
    await s.stop();
    s = await TemporalStorage.start({ ...where, maxEvents: 300 });
    await s.cleanup();
    expect(s.sessionInfo.merged).toBeUndefined();
    expect((await copies(opts, 'cut')).parts).toEqual([]);
    const kept = more.slice(-300);
    const now = await answers(s);
    for (const [k, v] of expected(kept)) expect(now.get(k), k).toEqual(v);
    expect(now.get('n0 in pages')).toEqual(now.get('n0'));
    expect(now.get('n7 in pages')).toEqual(now.get('n7'));
    await s.stop();
  });

  it('cut an id into parts of at most 256 events and about 48 KB of payload, across runs in time order', () => {
    const run = (no: number, keys: Array<[number, number]>, pad: number): RunRecord => {
      const texts = keys.map(([t]) => JSON.stringify({ t, pad: 'y'.repeat(pad) }));
      let pos = 0;
      const dataEnd = Uint32Array.from(texts, (t) => (pos += t.length + 1) - 1);
      return {
        ids: ['a'],
        starts: Uint32Array.of(0, keys.length),
        ts: Float64Array.from(keys, (k) => k[0]),
        seq: Float64Array.from(keys, (k) => k[1]),
        corr: new Uint32Array(keys.length),
        corrDict: [],
        data: texts.join(','),
        dataEnd,
        extras: null,
        run: no,
      };
    };
    const keys = (from: number, n: number) => Array.from({ length: n }, (_, k): [number, number] => [from + k * 2, from + k * 2]);
    // The second run's events fall between the first's: the id's events are sorted across them.
    const small = partsOfBucket([run(0, keys(0, 400), 10), run(1, keys(1, 200), 10)]);
    expect(small.map((p) => p.record.ts.length)).toEqual([256, 256, 88]);
    const all = small.flatMap((p) => [...p.record.ts]);
    expect(all).toEqual([...all].sort((x, y) => x - y));
    expect(JSON.parse(small[1].record.data.split(',{')[0]).t).toBe(all[256]);
    // 1 KB payloads: ~48 events a part.
    const big = partsOfBucket([run(0, keys(0, 200), 1000)]);
    expect(big.length).toBeGreaterThanOrEqual(4);
    for (const p of big) expect(p.record.data.length).toBeLessThan(52 * 1024);
  });
});
