// The store against a brute-force model (reference.ts), as properties fast-check checks over
// generated workloads: events with many tied timestamps and skewed ids, written as single calls and
// batches that overlap in flight, with and without a cap. A failure is shrunk to the smallest
// workload that still breaks, and its seed and path are in the message to replay it.
import fc from 'fast-check';
import { assert } from './check';
import { compareWithModel } from './cases-lifecycle';
import { type ConformanceCase, open } from './context';
import { ReferenceStore } from './reference';
import { seededRandom } from './check';

/** A fixed seed: the suite checks the same workloads every run, in Node and in Chromium alike. */
const SEED = 20261127;

type Draft = { timestamp: number; ast_node_id: string | null; correlation_id: string | undefined; pad: number };

/** An event as a live capture makes them: 1,000 timestamps for thousands of events (ties), skewed AST ids. */
const eventArb: fc.Arbitrary<Draft> = fc.record({
  timestamp: fc.integer({ min: 0, max: 999 }),
  ast_node_id: fc.oneof(
    { weight: 1, arbitrary: fc.constant(null) },
    { weight: 9, arbitrary: fc.integer({ min: 0, max: 39 }).map((n) => `n${Math.floor((n * n) / 40)}`) },
  ),
  correlation_id: fc.oneof(
    { weight: 1, arbitrary: fc.constant(undefined) },
    { weight: 3, arbitrary: fc.integer({ min: 0, max: 59 }).map((n) => `c${n}`) },
  ),
  pad: fc.integer({ min: 0, max: 200 }),
});

// Lengths span the whole range given (size 'max'), not fast-check's small default: the store's
// blocks, runs and batches need thousands of events to cross their boundaries.

/** One call: storeEvent with one event, or storeEvents with a batch. */
const callArb = fc.oneof(
  { weight: 7, arbitrary: eventArb.map((e) => ({ single: true, events: [e] })) },
  { weight: 3, arbitrary: fc.array(eventArb, { minLength: 1, maxLength: 40, size: 'max' }).map((events) => ({ single: false, events })) },
);

/** Numbers the drafts in call order (data.i is what the comparison follows) and records them in the model. */
function numbered(drafts: Draft[], next: { i: number }, model: ReferenceStore) {
  return drafts.map((d) => {
    const e = {
      timestamp: d.timestamp,
      ast_node_id: d.ast_node_id,
      correlation_id: d.correlation_id,
      data: { i: next.i++, pad: 'x'.repeat(d.pad) },
    };
    model.add({ ...e, correlation_id: e.correlation_id ?? null });
    return e;
  });
}

let run = 0;

export const propertyCases: ConformanceCase[] = [
  {
    name: 'randomized: events in random order and concurrent batches equal a brute-force model',
    async run(ctx) {
      let largest = 0;
      await fc.assert(
        fc.asyncProperty(
          fc.array(fc.array(callArb, { minLength: 1, maxLength: 400, size: 'max' }), { minLength: 1, maxLength: 4, size: 'max' }),
          fc.integer(),
          async (rounds, querySeed) => {
            const s = await open(ctx, { session: `model-${run++}`, maxEvents: Infinity });
            try {
              const model = new ReferenceStore();
              const next = { i: 0 };
              for (const calls of rounds) {
                // Every call of a round is in flight at once: they land in batched transactions.
                await Promise.all(
                  calls.map((c) => {
                    const events = numbered(c.events, next, model);
                    return c.single ? s.storeEvent(events[0]) : s.storeEvents(events);
                  }),
                );
              }
              largest = Math.max(largest, model.events.length);
              await compareWithModel(s, model, seededRandom(querySeed), `${rounds.length} rounds, ${model.events.length} events`);
            } finally {
              await s.stop();
            }
          },
        ),
        { seed: SEED, numRuns: 6, endOnFailure: false },
      );
      assert(largest > 2000, `a workload of thousands of events was checked (${largest})`);
    },
  },
  {
    name: 'randomized with maxEvents: eviction keeps the newest and every index follows',
    async run(ctx) {
      await fc.assert(
        fc.asyncProperty(
          fc.integer({ min: 50, max: 900 }),
          fc.array(fc.array(eventArb, { minLength: 1, maxLength: 500, size: 'max' }), { minLength: 1, maxLength: 8, size: 'max' }),
          fc.integer(),
          async (cap, batches, querySeed) => {
            const s = await open(ctx, { session: `capped-${run++}`, maxEvents: cap });
            try {
              const model = new ReferenceStore();
              const next = { i: 0 };
              const rand = seededRandom(querySeed);
              for (const [b, drafts] of batches.entries()) {
                await s.storeEvents(numbered(drafts, next, model));
                model.evictTo(cap);
                assert((await s.getStats()).total_events <= cap, `batch ${b}: at most the cap (${cap}) once the batch has landed`);
                await compareWithModel(s, model, rand, `cap ${cap}, batch ${b}`);
              }
            } finally {
              await s.stop();
            }
          },
        ),
        { seed: SEED, numRuns: 5 },
      );
    },
  },
];
