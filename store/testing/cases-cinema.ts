// Conformance cases for the cinema primitives the store answers: the program's state at a moment.
import { StateReducer } from '../../src/cinema/state';
import { demoRecordingLines } from '../../src/demo/recording';
import { NativeReader, type ReadEvent } from '../../src/format/native-reader';
import { assert, assertEqual, assertRejects, seededRandom } from './check';
import { type ConformanceCase, open } from './context';

/** The demo recording's events, as storeEvent takes them. */
function demoEvents(n: number) {
  const reader = new NativeReader({ file: 'demo.cinema' });
  const out: Array<{ timestamp: number; ast_node_id: string | null; correlation_id: string | null; data: unknown }> = [];
  let line = 0;
  for (const text of demoRecordingLines({ events: n, seed: 5 })) {
    const r = reader.read(text, ++line);
    if (r?.kind === 'event')
      out.push({ timestamp: (r as ReadEvent).timestamp, ast_node_id: r.ast_node_id, correlation_id: r.correlation_id, data: r.data });
  }
  return out;
}

export const cinemaCases: ConformanceCase[] = [
  {
    // A streamed OTLP file's epoch is its first span's start, and spans before it sit at negative times.
    name: 'answers the same for events before the epoch (negative times) as for the same events after it',
    async run(ctx) {
      const events = demoEvents(3000);
      const shift = events[1500].timestamp + 1;
      const after = await open(ctx, { maxEvents: Infinity });
      const before = await open(ctx, { maxEvents: Infinity });
      await after.storeEvents(events);
      await before.storeEvents(events.map((e) => ({ ...e, timestamp: e.timestamp - shift })));
      const ids = (es: Array<{ event_id: string }>) => es.map((e) => e.event_id);
      const shifted = (es: Array<{ timestamp: number }>) => es.map((e) => e.timestamp - shift);
      const all = await after.getAllEvents();
      const allBefore = await before.getAllEvents();
      assert(allBefore[0].timestamp < 0 && allBefore[allBefore.length - 1].timestamp > 0, 'times on both sides of zero');
      assertEqual([ids(allBefore), allBefore.map((e) => e.timestamp)], [ids(all), shifted(all)], 'all events, in order');
      const stats = [await after.getStats(), await before.getStats()];
      assertEqual(
        [stats[1].oldest_event, stats[1].newest_event],
        [stats[0].oldest_event! - shift, stats[0].newest_event! - shift],
        'bounds',
      );
      const rand = seededRandom(3);
      for (let k = 0; k < 6; k++) {
        const t0 = all[Math.floor(rand() * all.length)].timestamp;
        const t1 = t0 + Math.floor(rand() * 5000);
        assertEqual(
          ids(await before.getEventsInRange(t0 - shift, t1 - shift)),
          ids(await after.getEventsInRange(t0, t1)),
          `range at ${t0}`,
        );
        const state = [await after.reconstructStateAt(t1), await before.reconstructStateAt(t1 - shift)];
        const entered = (ps: (typeof state)[0]['processes'], by: number) =>
          ps.map((p) => ({ ...p, stack: p.stack.map((f) => ({ ...f, entered_at: f.entered_at + by })) }));
        assertEqual(entered(state[1].processes, shift), entered(state[0].processes, 0), `state at ${t1}`);
        const open0 = await after.getOpenSpans(t1);
        const open1 = await before.getOpenSpans(t1 - shift);
        assertEqual(
          open1.map((l) => l.spans.map((x) => [x.event, x.start + shift, x.end + shift])),
          open0.map((l) => l.spans.map((x) => [x.event, x.start, x.end])),
          `open spans at ${t1}`,
        );
      }
      const node = all.find((e) => e.ast_node_id !== null)!.ast_node_id!;
      assertEqual(ids(await before.getEventsForAstNode(node)), ids(await after.getEventsForAstNode(node)), 'a node');
      assertEqual(await before.getNodeTimes(), await after.getNodeTimes(), 'calls and times per node');
      await after.stop();
      await before.stop();
    },
  },
  {
    name: 'reconstructs the state at any moment from checkpoints, equal to a replay from the start',
    async run(ctx) {
      const s = await open(ctx, { maxEvents: Infinity });
      const events = demoEvents(5000);
      await s.storeEvents(events);
      const rand = seededRandom(11);
      const first = events[0].timestamp;
      const last = events[events.length - 1].timestamp;
      const moments = [first - 1, first, last, last + 1, ...Array.from({ length: 8 }, () => first + Math.floor(rand() * (last - first)))];
      for (const t of moments) {
        const got = await s.reconstructStateAt(t);
        const reference = new StateReducer();
        for (const e of await s.getEventsInRange(Number.MIN_SAFE_INTEGER, t)) reference.apply(e);
        const byPid = (ps: { pid: string }[]) => [...ps].sort((a, b) => (a.pid < b.pid ? -1 : 1));
        assertEqual(byPid(got.processes), byPid(reference.snapshot()), `state at ${t}`);
        assert(got.replayed <= 1024 + 64, `at most a checkpoint's worth replayed at ${t} (${got.replayed})`);
      }
      const late = await s.reconstructStateAt(last);
      assert(
        late.processes.some((p) => p.stack.length > 0 || Object.keys(p.variables).length > 0),
        'the state holds stacks and variables',
      );
      // A write after the checkpoints were built is seen.
      await s.storeEvent({ timestamp: last + 10, data: { type: 'variable_assignment', variable: 'fresh', value: 42, pid: 'late' } });
      const after = await s.reconstructStateAt(last + 10);
      assertEqual(after.processes.find((p) => p.pid === 'late')?.variables, { fresh: 42 }, 'a new event changes the state');
      await s.stop();
    },
  },
  {
    name: 'traces an execution path, and names the AST nodes active in a window and on the stacks at a moment',
    async run(ctx) {
      const s = await open(ctx, { maxEvents: Infinity });
      await s.storeEvents(demoEvents(3000));
      const all = await s.getAllEvents();
      const withFlow = all.filter((e) => e.correlation_id !== null);
      const pick = withFlow[Math.floor(withFlow.length / 2)];
      const path = await s.traceExecutionPath(pick.event_id);
      assertEqual(
        path.steps.map((x) => x.event.event_id),
        all.filter((e) => e.correlation_id === pick.correlation_id).map((e) => e.event_id),
        'the flow in order',
      );
      assert(
        path.steps.every((x) => x.depth >= 0),
        'depths are never negative',
      );
      assert(
        path.steps.some((x) => x.depth > 0),
        'calls nest',
      );
      await assertRejects(s.traceExecutionPath('987654321'), /no event "987654321"/, 'an unknown event id');
      const t0 = all[500].timestamp;
      const t1 = all[1500].timestamp;
      const expected = new Map<string, number>();
      for (const e of all)
        if (e.timestamp >= t0 && e.timestamp <= t1 && e.ast_node_id !== null)
          expected.set(e.ast_node_id, (expected.get(e.ast_node_id) ?? 0) + 1);
      const active = await s.getActiveAstNodes(t0, t1);
      assertEqual(new Map(active.map((a) => [a.ast_node_id, a.events])), expected, 'active AST nodes and their counts');
      assert(
        active.every((a, i) => i === 0 || active[i - 1].events >= a.events),
        'most active first',
      );
      const stacks = await s.getStackAstNodes(t1);
      const state = await s.reconstructStateAt(t1);
      assertEqual(
        stacks,
        state.processes.filter((p) => p.stack.length > 0).map((p) => ({ pid: p.pid, ast_node_ids: p.stack.map((f) => f.ast_node_id) })),
        'stack AST nodes',
      );
      await s.stop();
    },
  },
  {
    name: 'steps to the next and previous event, of any kind or of one AST node, correlation or process',
    async run(ctx) {
      const s = await open(ctx, { maxEvents: Infinity });
      await s.storeEvents(demoEvents(2500));
      const all = await s.getAllEvents();
      const rand = seededRandom(3);
      const pid = (e: { data: unknown }) => (e.data as { pid?: string }).pid;
      const key = (e: { timestamp: number; event_id: string }) => ({ ts: e.timestamp, seq: Number(e.event_id) });
      for (let trial = 0; trial < 25; trial++) {
        const at = Math.floor(rand() * all.length);
        const here = all[at];
        const filters = [
          {},
          { astNodeId: here.ast_node_id ?? 'none' },
          { correlationId: here.correlation_id ?? 'none' },
          { pid: pid(here) },
        ];
        for (const f of filters) {
          const match = (e: (typeof all)[number]) =>
            ('astNodeId' in f ? e.ast_node_id === f.astNodeId : true) &&
            ('correlationId' in f ? e.correlation_id === f.correlationId : true) &&
            ('pid' in f ? pid(e) === f.pid : true);
          const next = all.slice(at + 1).find(match) ?? null;
          const prev = all.slice(0, at).reverse().find(match) ?? null;
          assertEqual(
            (await s.step(key(here), 'next', f))?.event_id ?? null,
            next?.event_id ?? null,
            `next from ${at} ${JSON.stringify(f)}`,
          );
          assertEqual(
            (await s.step(key(here), 'prev', f))?.event_id ?? null,
            prev?.event_id ?? null,
            `prev from ${at} ${JSON.stringify(f)}`,
          );
        }
      }
      // From a time: the first event after it, the last before it; nothing past either end.
      const t = all[1000].timestamp;
      assertEqual((await s.step(t, 'next'))?.event_id, all.find((e) => e.timestamp > t)?.event_id, 'next after a time');
      assertEqual((await s.step(t, 'prev'))?.event_id, [...all].reverse().find((e) => e.timestamp < t)?.event_id, 'prev before a time');
      assertEqual(await s.step(all[all.length - 1].timestamp, 'next'), null, 'nothing after the end');
      assertEqual(await s.step(all[0].timestamp, 'prev'), null, 'nothing before the start');
      await s.stop();
    },
  },
  {
    name: 'searches payloads and ids by text or regular expression, paged, with the total',
    async run(ctx) {
      const s = await open(ctx, { maxEvents: Infinity });
      await s.storeEvents(demoEvents(2000));
      await s.storeEvent({ timestamp: 1, data: { when: new Date(0), note: 'Needle in a Date' } });
      const all = await s.getAllEvents();
      const hay = (e: (typeof all)[number]) => [JSON.stringify(e.data) ?? '', e.ast_node_id ?? '', e.correlation_id ?? '', e.event_id];
      const check = async (query: string, opts: { regex?: boolean; ignoreCase?: boolean }, matches: (t: string) => boolean) => {
        const expected = all.filter((e) => hay(e).some(matches)).map((e) => e.event_id);
        const got: string[] = [];
        let after: { ts: number; seq: number } | null = null;
        let total = -1;
        for (let guard = 0; guard < 1000; guard++) {
          const page = await s.search(query, { ...opts, limit: 37, after });
          total = page.total;
          got.push(...page.events.map((e) => e.event_id));
          if (page.next === null) break;
          after = page.next;
        }
        assertEqual(got, expected, `search ${query} ${JSON.stringify(opts)}`);
        assertEqual(total, expected.length, `total for ${query}`);
      };
      await check('ArgumentError', {}, (t) => t.includes('ArgumentError'));
      await check('flow-1[0-9]\\b', { regex: true }, (t) => /flow-1[0-9]\b/.test(t));
      await check('needle', { ignoreCase: true }, (t) => t.toLowerCase().includes('needle'));
      await assertRejects(s.search('(', { regex: true }), /query is not a valid regular expression/, 'a broken regular expression');
      await s.stop();
    },
  },
];
