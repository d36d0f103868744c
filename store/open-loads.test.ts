// What a session opened from its overview reads behind the open, and in which order: its time
// columns first, in chunks that start small and double, then its posting lists; a question about the
// program's state asked meanwhile reads its checkpoint, its blocks' columns and their payloads in one
// round, and no load sends a request while it is out.
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { afterEach, describe, expect, it } from 'vitest';
import { TemporalStorage } from './temporal-storage';
import { LoadGate } from './engine/load-gate';

interface Sent {
  store: string;
  /** The key range's first and last block (or segment) number; null for a single key. */
  lo: number | null;
  hi: number | null;
  /** Requests done when this one was sent. */
  doneBefore: number;
  /** How many requests were done once this one was (0 while out). */
  doneAt: number;
}

const proto = IDBObjectStore.prototype;
const original = { getAll: proto.getAll, get: proto.get };
afterEach(() => Object.assign(proto, original));

/** Logs every get/getAll sent from now on. */
function logRequests(): Sent[] {
  const sent: Sent[] = [];
  let done = 0;
  const wrap = (name: 'get' | 'getAll') =>
    function (this: IDBObjectStore, query?: IDBValidKey | IDBKeyRange | null, ...rest: unknown[]): IDBRequest {
      const range = query instanceof IDBKeyRange ? query : null;
      const entry: Sent = {
        store: this.name,
        lo: range ? ((range.lower as unknown[])[1] as number) : null,
        hi: range ? ((range.upper as unknown[])[1] as number) : null,
        doneBefore: done,
        doneAt: 0,
      };
      sent.push(entry);
      const request = (original[name] as (...a: unknown[]) => IDBRequest).call(this, query, ...rest);
      request.addEventListener('success', () => {
        entry.doneAt = ++done;
      });
      return request;
    };
  proto.getAll = wrap('getAll') as typeof proto.getAll;
  proto.get = wrap('get') as typeof proto.get;
  return sent;
}

/**
 * A session of `count` events 3 ns apart, `blockEvents` a block, its checkpoints built to the end
 * and stored as it closes (with the overview and its blocks' starts); returns where it is and the
 * state at its `at`-th event's time, asked while it was open.
 */
async function closedSession(count: number, blockEvents: number, at: number, ids: boolean) {
  const opts = { indexedDB: new IDBFactory() as unknown as IDBFactory, dbName: 'cinema' };
  const where = { ...opts, session: 's', maxEvents: Infinity, cleanupInterval: 0, layout: { blockEvents } };
  const s = await TemporalStorage.start(where);
  const events = Array.from({ length: count }, (_, i) => ({
    timestamp: 1_000 + i * 3,
    ast_node_id: ids ? `n${i % 7}` : null,
    correlation_id: ids ? `c${i % 5}` : null,
    data: i % 50 === 0 ? { type: 'function_entry', function: `f${i % 3}`, pid: 1 } : { i },
  }));
  await s.storeEvents(events);
  const t = events[at].timestamp;
  const expected = await s.reconstructStateAt(events.at(-1)!.timestamp).then(() => s.reconstructStateAt(t));
  await s.stop();
  return { where, t, expected };
}

describe('a session opened from its overview', () => {
  it('loads its columns in doubling chunks, then its postings, and holds them while a state question is out', async () => {
    const { where, t, expected } = await closedSession(60_000, 400, 33_700, true);
    const sent = logRequests();
    const s = await TemporalStorage.start(where);
    try {
      const blocks = s.sessionInfo.next_block;
      expect(blocks).toBe(150);
      const state = await s.reconstructStateAt(t);
      expect(state).toEqual(expected);
      await s.queryCorrelation('c1', { limit: 1 }); // waits for the postings

      // The column loads: a chain of ranges from block 0; the question's column read is the other one.
      const columns: Sent[] = [];
      for (const r of sent) if (r.store === 'blockIndex' && r.lo === (columns.length === 0 ? 0 : columns.at(-1)!.hi! + 1)) columns.push(r);
      // Chunks of 2, 4, 8, 16, 32, then 64 blocks, in order, covering every block once.
      expect(columns.map((r) => r.hi! - r.lo! + 1)).toEqual([2, 4, 8, 16, 32, 64, 64]);
      // The question: its checkpoint, its blocks' columns and their payloads, all sent before any came back.
      const firstSegments = sent.findIndex((r) => r.store === 'segments');
      const question = sent.slice(0, firstSegments).filter((r) => r.store !== 'sessions' && !columns.includes(r));
      expect(question.map((r) => r.store).sort()).toEqual(['blockIndex', 'blocks', 'checkpoints']);
      expect(new Set(question.map((r) => r.doneBefore)).size).toBe(1);
      // No load went out from the question's first request until its last was answered.
      const [asked, answered] = [sent.indexOf(question[0]), Math.max(...question.map((r) => r.doneAt))];
      for (const r of columns.filter((c) => sent.indexOf(c) > asked)) expect(r.doneBefore).toBeGreaterThanOrEqual(answered);
      // The postings are read once the last chunk of columns is in.
      expect(sent[firstSegments].doneBefore).toBeGreaterThanOrEqual(columns.at(-1)!.doneAt);
    } finally {
      await s.stop();
    }
  });

  // A question that never ends fails at this test's timeout.
  it(
    'answers a state question that must wait for the columns (its range spans too many blocks) while they load',
    { timeout: 10_000 },
    async () => {
      // 952 events past its checkpoint: 60 blocks.
      const { where, t, expected } = await closedSession(6_000, 16, 3_000, false);
      const s = await TemporalStorage.start(where);
      try {
        expect(s.sessionInfo.overview?.blocks?.nos.length).toBe(375);
        expect(await s.reconstructStateAt(t)).toEqual(expected);
      } finally {
        await s.stop();
      }
    },
  );
});

describe('LoadGate', () => {
  it('lets loads through at once when no question holds it, else once the last one is answered, in order', async () => {
    const gate = new LoadGate();
    const order: string[] = [];
    await gate.clear().then(() => order.push('free'));
    let answer!: () => void;
    let answer2!: () => void;
    const first = gate.hold(() => new Promise<void>((r) => (answer = r)));
    const second = gate.hold(() => new Promise<void>((r) => (answer2 = r)));
    const loads = [gate.clear().then(() => order.push('load 1')), gate.clear().then(() => order.push('load 2'))];
    await new Promise((r) => setTimeout(r, 5));
    answer();
    await first;
    await new Promise((r) => setTimeout(r, 5));
    order.push('first answered');
    answer2();
    await second;
    await Promise.all(loads);
    expect(order).toEqual(['free', 'first answered', 'load 1', 'load 2']);
    // A question that fails lets the loads through too.
    await expect(gate.hold(() => Promise.reject(new Error('no')))).rejects.toThrow('no');
    await gate.clear();
  });
});
