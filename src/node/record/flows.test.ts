// Flows as a recording writes them: ids made from a flow's number alone, and a flow_start carrying
// its root, detail and parent - with nothing kept per flow once its task is done.
import { describe, expect, it } from 'vitest';
import { TimeBase } from '../../format/exact-time';
import { PROBES } from '../../instrument/probes';
import { encodeEvents } from './encode';
import { Flows, Root } from './flows';
import { LineBytes } from './line-bytes';
import { Kind, Tag } from './ring';
import { Runtime } from './runtime';
import { DEFAULT_LIMITS } from './snapshot';

interface Line {
  correlation_id: string | null;
  data: { type: string; root?: string; detail?: unknown; parent_flow?: string | null; value?: unknown; status?: number };
}

/** A runtime recording into a ring of `capacity` events, and its events as the recording writes them. */
function recorder(capacity = 1000) {
  const flows = new Flows('p7');
  const rt = new Runtime({ capacity, maxBytes: 4 << 20, limits: { ...DEFAULT_LIMITS, chars: 20 }, now: () => 0 }, flows);
  const probes = rt.probes() as Record<string, (...a: unknown[]) => unknown>;
  /** A recorded call at the root of a stack, assigning `value`. */
  const call = (value: unknown) => {
    const frame = probes[PROBES.enter[0]](0);
    probes[PROBES.assign](1, 'v', value);
    probes[PROBES.exit](frame);
  };
  const lines = (): Line[] => {
    const chunks: Buffer[] = [];
    const out = new LineBytes((bytes) => void chunks.push(Buffer.from(bytes)));
    encodeEvents(rt, { pid: 7, tid: 0, base: new TimeBase('0'), chars: 20, node: () => null }, out);
    out.flush();
    return Buffer.concat(chunks)
      .toString('utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Line);
  };
  return { flows, rt, call, lines };
}

describe('flows in a recording', () => {
  it('name each root task by its kind and number, and say what started it and from which flow', () => {
    const { flows, call, lines } = recorder();
    call('main');
    const main = flows.peek();
    flows.run(Root.Http, 'GET /cart?id=1', main, () => call('request'));
    flows.run(Root.Timer, 'setTimeout(10 ms)', main, () => call('timer'));
    flows.run(Root.Message, null, 0, () => call('message'));
    // A task that records nothing leaves nothing, not even its flow_start.
    flows.run(Root.Immediate, null, main, () => 0);
    flows.run(Root.Http, `GET /${'x'.repeat(100)}`, 0, () => call('long'));

    const starts = lines().filter((l) => l.data.type === 'flow_start');
    expect(starts.map((l) => [l.correlation_id, l.data.root, l.data.detail, l.data.parent_flow])).toEqual([
      ['p7:main', 'main', null, null],
      ['p7:http-2', 'http', 'GET /cart?id=1', 'p7:main'],
      ['p7:timer-3', 'timer', 'setTimeout(10 ms)', 'p7:main'],
      ['p7:message-4', 'message', null, null],
      // A detail is a value like any other: cut to the characters kept.
      ['p7:http-6', 'http', `GET /${'x'.repeat(15)}…(85 more)`, null],
    ]);
    const byFlow = new Map<string | null, unknown[]>();
    for (const l of lines())
      if (l.data.type === 'variable_assignment') byFlow.set(l.correlation_id, [...(byFlow.get(l.correlation_id) ?? []), l.data.value]);
    expect([...byFlow]).toEqual([
      ['p7:main', ['main']],
      ['p7:http-2', ['request']],
      ['p7:timer-3', ['timer']],
      ['p7:message-4', ['message']],
      ['p7:http-6', ['long']],
    ]);
  });

  it("starts a flow for each test a runner calls, not for one the program calls, and carries it through the test's timers", () => {
    const { flows, rt, call, lines } = recorder();
    const probes = rt.probes() as Record<string, (...a: unknown[]) => unknown>;
    /** A test runner's callback: its flow probe, then its entry; `body` runs inside it. */
    const runnerCallback = (name: string, body: () => void) => {
      probes[PROBES.testRoot](name);
      const frame = probes[PROBES.enter[0]](2);
      body();
      probes[PROBES.exit](frame);
    };
    flows.run(Root.Task, null, 0, () => {
      call('loaded');
      let timer = () => {};
      runnerCallback('adds', () => {
        probes[PROBES.assign](1, 'v', 'adds');
        // The same kind of callback called by the program, inside a call: no flow of its own.
        runnerCallback('test nested', () => probes[PROBES.assign](1, 'v', 'nested'));
        // A timer the test sets (run later, at the root of a stack, as roots.ts runs it).
        const scheduledFrom = flows.peek();
        timer = () => flows.run(Root.Timer, 'setTimeout(1 ms)', scheduledFrom, () => call('timer'));
      });
      timer();
      runnerCallback('test two', () => probes[PROBES.assign](1, 'v', 'two'));
    });
    const all = lines();
    const starts = all.filter((l) => l.data.type === 'flow_start');
    expect(starts.map((l) => [l.correlation_id, l.data.root, l.data.detail, l.data.parent_flow])).toEqual([
      ['p7:task-1', 'task', null, null],
      ['p7:test-2', 'test', 'adds', null],
      ['p7:timer-3', 'timer', 'setTimeout(1 ms)', 'p7:test-2'],
      ['p7:test-4', 'test', 'test two', null],
    ]);
    const values = all.filter((l) => l.data.type === 'variable_assignment').map((l) => [l.correlation_id, l.data.value]);
    expect(values).toEqual([
      ['p7:task-1', 'loaded'],
      ['p7:test-2', 'adds'],
      ['p7:test-2', 'nested'],
      ['p7:timer-3', 'timer'],
      ['p7:test-4', 'two'],
    ]);
  });

  it("ends a request's flow with the status it was answered with, once the flow has recorded something", () => {
    const { flows, rt, call, lines } = recorder();
    const response = {};
    flows.run(
      Root.Http,
      'GET /a',
      0,
      () => {
        call('handled');
        const f = flows.active()!;
        expect(f.response).toBe(response);
        rt.flowEnd(f, 404);
      },
      response,
    );
    // A request that ran none of the program's code leaves nothing, its answer included.
    flows.run(Root.Http, 'GET /b', 0, () => rt.flowEnd(flows.active()!, 200), {});
    expect(lines().map((l) => [l.correlation_id, l.data.type, l.data.status ?? null])).toEqual([
      ['p7:http-1', 'flow_start', null],
      ['p7:http-1', 'function_entry', null],
      ['p7:http-1', 'variable_assignment', null],
      ['p7:http-1', 'function_exit', null],
      ['p7:http-1', 'flow_end', 404],
    ]);
  });

  it("keeps a flow's id on its events after the ring has dropped its flow_start", () => {
    const { flows, call, lines } = recorder(50);
    flows.run(Root.Http, 'GET /slow', 0, () => {
      for (let k = 0; k < 100; k++) call(k);
    });
    const held = lines();
    expect(held.some((l) => l.data.type === 'flow_start')).toBe(false);
    expect(new Set(held.map((l) => l.correlation_id))).toEqual(new Set(['p7:http-1']));
  });

  it('numbers flows past what 32 bits hold, in the ring as in ids', () => {
    const { flows, rt, lines } = recorder();
    const n = 2 ** 40 * 8 + Root.Timer;
    expect(flows.id(n)).toBe(`p7:timer-${2 ** 40}`);
    expect(flows.id(0)).toBe(null);
    rt.ring.push(0, Kind.Assign, -1, n, 0, 0, Tag.Number, 1, 0);
    expect(lines().map((l) => l.correlation_id)).toEqual([`p7:timer-${2 ** 40}`]);
  });
});
