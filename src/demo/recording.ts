// A deterministic, realistic demo recording as `.cinema` lines: a task manager handing tasks to
// workers, a data pipeline passing records between processes, a recursive computation and an
// error path, with nested entry/exit events, variable assignments, state changes, messages with
// links, interleaved correlation flows, and ties. The app's "open sample" uses a small one;
// benchmarks use large ones.
import { seededRandom } from '../random';
import { TimeBase } from '../format/exact-time';
import { astLine, eventLine, headerLine, linkLine, sourceLine } from '../format/native-writer';
import { type DemoFunction, demoProgram } from './program';

/** What to generate. */
export interface DemoOptions {
  events: number;
  seed?: number;
  /** Wall-clock nanoseconds of the start, as a decimal string. */
  epoch?: string;
}

/** Yields the recording's lines (without newlines), header first. */
export function* demoRecordingLines(opts: DemoOptions): Generator<string> {
  const rand = seededRandom(opts.seed ?? 1);
  const epoch = opts.epoch ?? '1764230400000000000';
  const base = new TimeBase(epoch);
  const { functions, ast, sources } = demoProgram();
  const fn = (name: string) => functions.find((f) => f.name === name)!;
  yield headerLine({
    format: 'cinema-session',
    version: 1,
    name: `demo (${opts.events} events, seed ${opts.seed ?? 1})`,
    created_at: '2025-11-27T08:00:00.000Z',
    time_unit: 'ns',
    epoch,
    producer: 'cinema generate',
  });
  for (const n of ast) yield astLine(n);
  for (const s of sources) yield sourceLine(s);

  let emitted = 0;
  let t = 0;
  let flow = 0;
  let linkId = 0;
  const pending: string[] = [];
  const tick = () => {
    // 20% of events share the previous one's timestamp: ties are normal.
    if (rand() >= 0.2) t += 50 + Math.floor(rand() * 2000);
    return t;
  };
  const event = (pid: string, corr: string | null, astId: string | null, data: Record<string, unknown>, id: string | null = null) => {
    emitted++;
    return eventLine({ timestamp: tick(), ast_node_id: astId, correlation_id: corr, data: { ...data, pid }, id }, base);
  };
  const call = function* (
    f: DemoFunction,
    pid: string,
    corr: string,
    args: unknown[],
    body: (f: DemoFunction) => Generator<string>,
  ): Generator<string> {
    yield event(pid, corr, f.fnId, { type: 'function_entry', module: f.module, function: f.name, arity: f.arity, args });
    yield* body(f);
    yield event(pid, corr, f.fnId, { type: 'function_exit', module: f.module, function: f.name, return: 'ok' });
  };
  const assigns = function* (f: DemoFunction, pid: string, corr: string): Generator<string> {
    for (let k = 0; k < f.exprIds.length; k++) {
      if (f.vars[k])
        yield event(pid, corr, f.exprIds[k], { type: 'variable_assignment', variable: f.vars[k], value: Math.floor(rand() * 1000) });
    }
  };
  const fib = function* (n: number, pid: string, corr: string, depth: number): Generator<string> {
    const f = fn('fib');
    yield event(pid, corr, f.fnId, { type: 'function_entry', module: f.module, function: 'fib', arity: 1, args: [n], depth });
    if (n >= 2 && depth < 12) {
      yield* fib(n - 1, pid, corr, depth + 1);
      yield* fib(n - 2, pid, corr, depth + 1);
    }
    yield event(pid, corr, f.fnId, { type: 'function_exit', module: f.module, function: 'fib', return: n < 2 ? n : 'computed' });
  };
  const episodes = [
    // A task goes from the manager to a worker and back.
    function* (corr: string, lane: number): Generator<string> {
      const manager = `<0.${100 + lane * 10}.0>`;
      const worker = `<0.${101 + lane * 10}.0>`;
      const from = `m${linkId++}`;
      const to = `m${linkId++}`;
      yield* call(fn('start_task'), manager, corr, [flow, 'payload'], function* (f) {
        yield* assigns(f, manager, corr);
        yield event(manager, corr, f.exprIds[1], { type: 'message_send', to: worker, message: ['run', flow] }, from);
      });
      yield event(worker, corr, null, { type: 'message_receive', from: manager, message: ['run', flow] }, to);
      pending.push(linkLine({ kind: 'link', from, to, label: 'message' }));
      yield event(worker, corr, null, { type: 'state_change', state: { task: flow, status: 'running' } });
      yield* call(fn('handle_result'), manager, corr, [flow, 'done'], function* (f) {
        yield* assigns(f, manager, corr);
        yield event(manager, corr, f.exprIds[0], { type: 'state_snapshot', state: { tasks: flow % 17, last: flow } });
      });
    },
    // A record goes through the pipeline.
    function* (corr: string, lane: number): Generator<string> {
      const pid = `<0.${102 + lane * 10}.0>`;
      for (const name of ['parse', 'transform', 'store']) yield* call(fn(name), pid, corr, [`row-${flow}`], (f) => assigns(f, pid, corr));
    },
    // A recursive computation.
    function* (corr: string, lane: number): Generator<string> {
      yield* fib(3 + Math.floor(rand() * 4), `<0.${103 + lane * 10}.0>`, corr, 0);
    },
    // Checkout, sometimes failing.
    function* (corr: string, lane: number): Generator<string> {
      const pid = `<0.${104 + lane * 10}.0>`;
      const fails = rand() < 0.3;
      const f = fn('charge');
      yield event(pid, corr, f.fnId, { type: 'function_entry', module: f.module, function: f.name, arity: 2, args: [{ total: 120 }, 100] });
      yield* assigns(f, pid, corr);
      if (fails) {
        yield event(pid, corr, f.exprIds[1], {
          type: 'error',
          kind: 'ArgumentError',
          message: 'limit',
          stacktrace: [`${f.module}.charge/2`],
        });
        yield event(pid, corr, f.fnId, { type: 'function_exit', module: f.module, function: f.name, exception: 'ArgumentError' });
      } else {
        yield event(pid, corr, f.fnId, { type: 'function_exit', module: f.module, function: f.name, return: ['ok', 120] });
      }
    },
  ];
  // Four lanes of flows interleave; each lane has its own processes, so every process's calls nest.
  const lanes: Array<Generator<string> | null> = [null, null, null, null];
  while (emitted < opts.events) {
    const lane = Math.floor(rand() * lanes.length);
    lanes[lane] ??= episodes[Math.floor(rand() * episodes.length)](`flow-${flow++}`, lane);
    const next = lanes[lane]!.next();
    if (next.done) lanes[lane] = null;
    else yield next.value;
    // A link is queued once both its events are out.
    while (pending.length > 0) yield pending.shift()!;
  }
}
