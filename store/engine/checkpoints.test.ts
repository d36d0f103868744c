import { describe, expect, it } from 'vitest';
import type { StoredEvent } from '../../src/event';
import { StateReducer } from '../../src/cinema/state';
import { Checkpoints } from './checkpoints';
import type { PageOptions } from './types';

// 30,000 events over 10 processes: calls, variables, states; two events share each timestamp.
const events: StoredEvent[] = Array.from({ length: 30_000 }, (_, i) => {
  const pid = `p${i % 10}`;
  const kind = i % 5;
  const data =
    kind === 0
      ? { type: 'function_entry', module: 'M', function: `f${i % 7}`, arity: 1, pid }
      : kind === 1
        ? { type: 'function_exit', pid }
        : kind === 2
          ? { type: 'variable_assignment', variable: `v${i % 3}`, value: i, pid }
          : { type: 'state_change', state: { i }, pid };
  return { timestamp: Math.floor(i / 2), event_id: String(i), ast_node_id: null, correlation_id: null, data };
});

/** A range query over the array, counting the events it reads. */
function source() {
  const read = { events: 0 };
  const range = async (t0: number, t1: number, opts: PageOptions) => {
    const after = opts.after ?? null;
    const from =
      after === null ? 0 : events.findIndex((e) => e.timestamp > after.ts || (e.timestamp === after.ts && Number(e.event_id) > after.seq));
    const out: StoredEvent[] = [];
    for (let i = from < 0 ? events.length : from; i < events.length && out.length < (opts.limit ?? 1000); i++)
      if (events[i].timestamp >= t0 && events[i].timestamp <= t1) out.push(events[i]);
    read.events += out.length;
    const last = out.at(-1);
    const more = last !== undefined && events.some((e) => Number(e.event_id) > Number(last.event_id) && e.timestamp <= t1);
    return { events: out, next: more && last ? { ts: last.timestamp, seq: Number(last.event_id) } : null };
  };
  return { range, read };
}

function replay(t: number) {
  const r = new StateReducer();
  for (const e of events) if (e.timestamp <= t) r.apply(e);
  return r.snapshot();
}

describe('checkpoints', () => {
  it('answer early moments without building past them, and every moment as a replay would', async () => {
    const { range, read } = source();
    const c = new Checkpoints();
    expect((await c.stateAt(100, range)).processes).toEqual(replay(100));
    expect(read.events).toBeLessThan(8192 + 2048 + 10); // one build page and one replay page, not the whole session
    for (const t of [0, 4_095, 4_096, 9_999, 14_999, 15_000, -1]) {
      const s = await c.stateAt(t, range);
      expect(s.processes, `t=${t}`).toEqual(replay(t));
      expect(s.replayed).toBeLessThanOrEqual(2 * 1024);
    }
  });

  it('finish building in the background, and start over after invalidate', async () => {
    const { range, read } = source();
    const c = new Checkpoints();
    await c.stateAt(10, range);
    await new Promise((r) => setTimeout(r, 300));
    expect(read.events).toBeGreaterThanOrEqual(events.length); // the rest was read meanwhile
    const before = read.events;
    expect((await c.stateAt(14_000, range)).processes).toEqual(replay(14_000));
    expect(read.events - before).toBeLessThanOrEqual(2 * 1024); // no second build, only the replay
    c.invalidate();
    expect((await c.stateAt(7_000, range)).processes).toEqual(replay(7_000));
    c.invalidate(); // and nothing runs on after the session is gone
    const stopped = read.events;
    await new Promise((r) => setTimeout(r, 100));
    expect(read.events).toBe(stopped);
  });

  it('answer even while writes keep dropping them (an import that goes on)', async () => {
    const { range } = source();
    const c = new Checkpoints();
    // Every build step is overtaken by a write: the answer still comes, and is right.
    const busy = async (t0: number, t1: number, opts: PageOptions) => {
      const page = await range(t0, t1, opts);
      if (opts.limit === 8192) c.invalidate();
      return page;
    };
    expect((await c.stateAt(9_000, busy)).processes).toEqual(replay(9_000));
  });
});
