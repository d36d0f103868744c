import { describe, expect, it } from 'vitest';
import { fixtureText } from '../../fixtures/fixtures';
import { demoRecordingLines } from '../demo/recording';
import type { StoredEvent } from '../event';
import { chromeTrace } from '../format/chrome-trace';
import type { ReadEvent } from '../format/native-reader';
import { seededRandom } from '../random';
import { spansOf } from './spans';
import { StateReducer } from './state';

let seq = 0;
const ev = (t: number, data: Record<string, unknown>, node: string | null = null): StoredEvent => ({
  event_id: String(seq++),
  timestamp: t,
  ast_node_id: node,
  correlation_id: null,
  data,
});
const call = (t: number, type: string, fn: string, n: number, extra: Record<string, unknown> = {}) =>
  ev(t, { type, function: fn, call: n, pid: 1, tid: 0, ...extra }, `app.js:${fn}`);

/** Every span of a whole-session query as `lane depth name start-end`. */
function listed(events: StoredEvent[]): string[] {
  const w = spansOf(events).query(Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER);
  return Array.from(w.start, (s, i) => `${w.lanes[w.lane[i]]} ${w.depth[i]} ${w.names[w.name[i]]} ${s}-${w.end[i]}`);
}

describe('calls as spans', () => {
  it('nests calls by their numbers, and sums calls, total and self time per AST node', () => {
    const events = [
      call(0, 'function_entry', 'main', 1),
      call(10, 'function_entry', 'parse', 2),
      call(30, 'function_exit', 'parse', 2),
      call(40, 'function_entry', 'parse', 3),
      call(45, 'function_exit', 'parse', 3),
      call(100, 'function_exit', 'main', 1),
    ];
    expect(listed(events)).toEqual(['1 / 0 0 main 0-100', '1 / 0 1 parse 10-30', '1 / 0 1 parse 40-45']);
    const times = spansOf(events).nodeTimes;
    expect(times).toEqual([
      { ast_node_id: 'app.js:main', calls: 1, total: 100, self: 75 },
      { ast_node_id: 'app.js:parse', calls: 2, total: 25, self: 25 },
    ]);
  });

  it('takes a call off the stack while it awaits: each stretch on the CPU is a span, the call counted once', () => {
    const events = [
      call(0, 'function_entry', 'load', 1),
      call(5, 'await_suspend', 'load', 1),
      call(6, 'function_entry', 'tick', 2),
      call(8, 'function_exit', 'tick', 2),
      call(20, 'await_resume', 'load', 1),
      call(25, 'function_exit', 'load', 1),
    ];
    expect(listed(events)).toEqual(['1 / 0 0 load 0-5', '1 / 0 0 tick 6-8', '1 / 0 0 load 20-25']);
    expect(spansOf(events).nodeTimes.find((n) => n.ast_node_id === 'app.js:load')).toEqual({
      ast_node_id: 'app.js:load',
      calls: 1,
      total: 10,
      self: 10,
    });
  });

  it('closes calls still open at the end at the last event, and an exit closes the calls above it', () => {
    const events = [
      call(0, 'function_entry', 'a', 1),
      call(1, 'function_entry', 'b', 2),
      call(9, 'function_exit', 'a', 1),
      call(12, 'function_entry', 'c', 3),
    ];
    expect(listed(events)).toEqual(['1 / 0 0 a 0-9', '1 / 0 0 c 12-12', '1 / 0 1 b 1-9']);
  });

  it('gives every Chrome X slice its duration, and B/E pairs theirs, per thread', () => {
    const doc = JSON.parse(fixtureText('chrome/chromium-trace.json'));
    const raw = doc.traceEvents as Array<Record<string, unknown>>;
    const read = chromeTrace.convert(doc, 'chromium-trace.json').records.filter((r): r is ReadEvent => r.kind === 'event');
    const events = read
      .map((e, i) => ({
        event_id: String(i),
        timestamp: e.timestamp,
        ast_node_id: e.ast_node_id ?? null,
        correlation_id: null,
        data: e.data,
      }))
      .sort((a, b) => a.timestamp - b.timestamp || Number(a.event_id) - Number(b.event_id));
    const index = spansOf(events);
    const w = index.query(Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER);
    const xs = raw.filter((e) => e.ph === 'X');
    expect(w.start.length).toBe(xs.length + raw.filter((e) => e.ph === 'B').length);
    const durations = Array.from(w.start, (s, i) => `${w.names[w.name[i]]}@${s}+${w.end[i] - s}`);
    for (const x of xs)
      expect(durations).toContain(`${x.name as string}@${Math.round((x.ts as number) * 1000)}+${Math.round((x.dur as number) * 1000)}`);
  });

  it('puts OpenTelemetry spans under their parents by id, however traces interleave on a service', () => {
    const span = (t: number, type: string, id: string, parent?: string) =>
      ev(t, { type, name: id, trace_id: id[0], span_id: id, service: 'shop', ...(parent ? { parent_span_id: parent } : {}) });
    const events = [
      span(0, 'function_entry', 'a1'),
      span(1, 'function_entry', 'b1'),
      span(2, 'function_entry', 'a2', 'a1'),
      span(3, 'function_exit', 'b1'),
      span(4, 'function_entry', 'b2'),
      span(6, 'function_exit', 'a2'),
      span(7, 'function_exit', 'b2'),
      span(9, 'function_exit', 'a1'),
    ];
    expect(listed(events).sort()).toEqual(['shop 0 a1 0-9', 'shop 0 b1 1-3', 'shop 0 b2 4-7', 'shop 1 a2 2-6']);
  });

  it('finds a long span of one trace among shorter ones of another that began after it and ended before', () => {
    const span = (t: number, type: string, id: string) => ev(t, { type, name: id, trace_id: id[0], span_id: id, service: 'shop' });
    const index = spansOf([
      span(0, 'function_entry', 'a1'),
      span(1, 'function_entry', 'b1'),
      span(3, 'function_exit', 'b1'),
      span(4, 'function_entry', 'c1'),
      span(7, 'function_exit', 'c1'),
      span(9, 'function_exit', 'a1'),
    ]);
    const at = (t0: number, t1: number) => {
      const w = index.query(t0, t1);
      return Array.from(w.name, (n) => w.names[n]).sort();
    };
    expect(at(8, 8.5)).toEqual(['a1']);
    expect(at(3.5, 3.6)).toEqual(['a1']);
    expect(at(5, 8)).toEqual(['a1', 'c1']);
    expect(index.openAt(8, 'shop').map((o) => o.name)).toEqual(['a1']);
  });
});

describe('the span index', () => {
  const rand = seededRandom(7);
  // Many short calls under a few long ones, on two threads.
  const events: StoredEvent[] = [];
  let t = 0;
  let n = 0;
  for (let outer = 0; outer < 20; outer++) {
    for (const tid of [0, 1]) events.push(ev(t, { type: 'function_entry', function: `job${outer}`, call: ++n, pid: 1, tid }));
    const first = n - 1;
    for (let k = 0; k < 500; k++) {
      const tid = k % 2;
      events.push(ev((t += 1 + Math.floor(rand() * 3)), { type: 'function_entry', function: 'step', call: ++n, pid: 1, tid }));
      events.push(ev((t += 1), { type: 'function_exit', function: 'step', call: n, pid: 1, tid }));
    }
    t += 5;
    for (const [i, tid] of [0, 1].entries())
      events.push(ev(t, { type: 'function_exit', function: `job${outer}`, call: first + i, pid: 1, tid }));
    t += 50;
  }
  const index = spansOf(events);

  it('answers a window exactly as a scan of every span would, at any depth', () => {
    const all = index.query(Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER);
    for (let q = 0; q < 50; q++) {
      const a = Math.floor(rand() * t);
      const b = a + Math.floor(rand() * t * 0.2);
      const depth = q % 2;
      const w = index.query(a, b, { maxDepth: depth });
      const got = Array.from(w.event, (e, i) => `${e}:${w.start[i]}`).sort();
      const want = Array.from(all.event, (e, i) => ({ e, i }))
        .filter(({ i }) => all.start[i] <= b && all.end[i] >= a && all.depth[i] <= depth)
        .map(({ e, i }) => `${e}:${all.start[i]}`)
        .sort();
      expect(got).toEqual(want);
    }
  });

  it('merges spans narrower than the width asked, keeping every span counted and wide ones whole', () => {
    const width = t / 200; // a 200-pixel chart
    const w = index.query(0, t, { minWidth: width });
    const total = index.query(0, t).start.length;
    expect(w.start.length).toBeLessThan(total / 5);
    expect(Array.from(w.count).reduce((a, b) => a + b, 0)).toBe(total);
    const jobs = Array.from(w.depth).filter((d) => d === 0).length;
    expect(jobs).toBe(40);
  });

  it('lists the spans open at a moment as the stack the state reducer builds', () => {
    // Times as offsets from the recording's epoch, as the store keeps them (absolute nanoseconds are past 2^53).
    const epoch = 1764230400000000000n;
    const lines = [...demoRecordingLines({ events: 4000, seed: 3, epoch: String(epoch) })].filter((l) => l.includes('"kind":"event"'));
    const demo = lines.map((l, i) => {
      const r = JSON.parse(l) as Record<string, unknown>;
      const ts = Number(BigInt(/"timestamp":(\d+)/.exec(l)![1]) - epoch);
      return { event_id: String(i), timestamp: ts, ast_node_id: (r.ast_node_id as string) ?? null, correlation_id: null, data: r.data };
    });
    const spans = spansOf(demo);
    const times = [...new Set(demo.map((e) => e.timestamp))];
    let deepest = 0;
    for (let q = 0; q < 40; q++) {
      const k = Math.floor(rand() * (times.length - 1));
      const at = times[k] + 0.5;
      const reducer = new StateReducer();
      for (const e of demo) if (e.timestamp <= at) reducer.apply(e);
      for (const p of reducer.snapshot()) {
        expect(
          spans.openAt(at, p.pid).map((s) => s.name),
          `${p.pid} at ${at}`,
        ).toEqual(p.stack.map((f) => f.function));
        deepest = Math.max(deepest, p.stack.length);
      }
    }
    expect(deepest).toBeGreaterThan(2);
  });
});
