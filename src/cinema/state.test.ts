import { describe, expect, it } from 'vitest';
import type { StoredEvent } from '../event';
import { NO_PID, StateReducer, pidOfData } from './state';

const ev = (i: number, data: Record<string, unknown>): StoredEvent => ({
  timestamp: i,
  event_id: String(i),
  ast_node_id: null,
  correlation_id: null,
  data,
});

describe('program state', () => {
  it('takes a process from data.pid, text or number (Chrome traces number them), else one shared process', () => {
    expect(pidOfData({ pid: '<0.1.0>' })).toBe('<0.1.0>');
    expect(pidOfData({ pid: 4242 })).toBe('4242');
    expect(pidOfData({ pid: Number.NaN })).toBe(NO_PID);
    expect(pidOfData({})).toBe(NO_PID);
    const r = new StateReducer();
    r.apply(ev(1, { type: 'function_entry', module: 'M', function: 'f', arity: 0, pid: 7 }));
    r.apply(ev(2, { type: 'variable_assignment', variable: 'x', value: 1, pid: '7' }));
    r.apply(ev(3, { type: 'variable_assignment', variable: 'y', value: 2 }));
    const procs = r.snapshot();
    expect(procs.map((p) => p.pid).sort()).toEqual([NO_PID, '7']);
    const seven = procs.find((p) => p.pid === '7')!;
    expect(seven.scoped).toBeUndefined(); // no call named its parameters: no locals, no copy of what was set outside calls
    expect(procs.map((p) => p.toplevel)).toEqual([undefined, undefined]);
    expect(seven.stack.map((f) => f.function)).toEqual(['f']);
    expect(seven.variables).toEqual({ x: 1 });
  });
});

describe('program state of a span recording', () => {
  it("names Chrome's slices by name, per thread, and pops an E to its B", () => {
    const r = new StateReducer();
    r.apply(ev(1, { type: 'function_entry', name: 'RunTask', cat: 'toplevel', pid: 5, tid: 1 }));
    r.apply(ev(2, { type: 'function_entry', name: 'Layout', cat: 'blink', pid: 5, tid: 1 }));
    r.apply(ev(3, { type: 'function_entry', name: 'Paint', cat: 'blink', pid: 5, tid: 2 }));
    r.apply(ev(4, { type: 'function_exit', name: 'Layout', cat: 'blink', pid: 5, tid: 1 }));
    const procs = r.snapshot();
    expect(procs.map((p) => [p.pid, p.stack.map((f) => f.function)])).toEqual([
      ['5 / 1', ['RunTask']],
      ['5 / 2', ['Paint']],
    ]);
  });

  it('puts OpenTelemetry spans in their service and closes each by its span id, however traces interleave', () => {
    const span = (i: number, type: string, name: string, id: string) =>
      ev(i, { type, name, trace_id: `t-${id[0]}`, span_id: id, service: 'shop' });
    const r = new StateReducer();
    r.apply(span(1, 'function_entry', 'GET /cart', 'a1'));
    r.apply(span(2, 'function_entry', 'GET /cart', 'b1'));
    r.apply(span(3, 'function_entry', 'db.query', 'a2'));
    r.apply(span(4, 'function_exit', 'GET /cart', 'a1'));
    const [shop] = r.snapshot();
    expect(shop.pid).toBe('shop');
    expect(shop.stack.map((f) => `${f.function} ${f.span}`)).toEqual(['GET /cart b1', 'db.query a2']);
  });
});

describe('program state of a recorded JavaScript program', () => {
  const call = (i: number, type: string, fn: string, n: number, extra: Record<string, unknown> = {}) =>
    ev(i, { type, module: 'app.js', function: fn, call: n, pid: 9, tid: 0, ...extra });

  it('keeps a stack per thread, arguments as variables, and calls matched by their number', () => {
    const r = new StateReducer();
    r.apply(call(1, 'function_entry', 'outer', 1, { params: ['a', 'b'], args: [1, 'x'] }));
    r.apply(call(2, 'function_entry', 'inner', 2));
    r.apply(ev(3, { type: 'function_entry', function: 'work', call: 1, pid: 9, tid: 1 }));
    r.apply(call(4, 'function_exit', 'inner', 2));
    const [main, worker] = r.snapshot();
    expect([main.pid, worker.pid]).toEqual(['9 / 0', '9 / 1']);
    expect(main.stack.map((f) => [f.function, f.call])).toEqual([['outer', 1]]);
    expect(main.variables).toEqual({ a: 1, b: 'x' });
    expect(worker.stack.map((f) => f.function)).toEqual(['work']);
  });

  it('takes a call suspended at an await off the stack until it resumes, while others run', () => {
    const r = new StateReducer();
    r.apply(call(1, 'function_entry', 'handle', 1));
    r.apply(call(2, 'await_suspend', 'handle', 1));
    r.apply(call(3, 'function_entry', 'handle', 2));
    r.apply(call(4, 'await_suspend', 'handle', 2));
    expect(r.snapshot()[0].stack).toEqual([]);
    r.apply(call(5, 'await_resume', 'handle', 1));
    expect(r.snapshot()[0].stack.map((f) => f.call)).toEqual([1]);
    r.apply(call(6, 'function_exit', 'handle', 1));
    r.apply(call(7, 'function_exit', 'handle', 2)); // ended while suspended (a rejection)
    const [p] = r.snapshot();
    expect([p.stack, p.parked]).toEqual([[], []]);
    // A checkpoint copy restores the parked calls too.
    const again = new StateReducer();
    again.apply(call(1, 'function_entry', 'handle', 1));
    again.apply(call(2, 'await_suspend', 'handle', 1));
    const restored = StateReducer.from(again.snapshot());
    restored.apply(call(3, 'await_resume', 'handle', 1));
    expect(restored.snapshot()[0].stack.map((f) => f.call)).toEqual([1]);
  });

  it("keeps each call's locals: its arguments and what was set while it ran, apart from the top-level code's", () => {
    const r = new StateReducer();
    const entry = (i: number, fn: string, call: number, params: string[], args: unknown[]) =>
      r.apply(ev(i, { type: 'function_entry', module: 'a.js', function: fn, arity: params.length, params, args, call, pid: 1 }));
    const assign = (i: number, variable: string, value: unknown) =>
      r.apply(ev(i, { type: 'variable_assignment', variable, value, pid: 1 }));
    assign(1, 'total', 0);
    entry(2, 'fact', 1, ['n'], [2]);
    assign(3, 'acc', 1);
    entry(4, 'fact', 2, ['n'], [1]);
    const inner = r.snapshot()[0];
    expect(inner.stack.map((f) => f.locals)).toEqual([{ n: 2, acc: 1 }, { n: 1 }]);
    expect(inner.toplevel).toEqual({ total: 0 });
    expect(inner.scoped).toBe(true);
    expect(inner.variables).toEqual({ total: 0, n: 1, acc: 1 }); // the latest of each name, as before
    r.apply(ev(5, { type: 'function_exit', module: 'a.js', function: 'fact', call: 2, return: 1, pid: 1 }));
    assign(6, 'acc', 2);
    r.apply(ev(7, { type: 'function_exit', module: 'a.js', function: 'fact', call: 1, return: 2, pid: 1 }));
    assign(8, 'total', 2);
    const after = r.snapshot()[0];
    expect(after.stack).toEqual([]);
    expect(after.toplevel).toEqual({ total: 2 });
    // A copy taken earlier is not changed by later events (a checkpoint), nor one restored from it.
    expect(inner.stack[0].locals).toEqual({ n: 2, acc: 1 });
    const restored = StateReducer.from([inner]);
    restored.apply(ev(9, { type: 'variable_assignment', variable: 'acc', value: 9, pid: 1 }));
    expect(inner.stack[1].locals).toEqual({ n: 1 });
    expect(restored.snapshot()[0].stack[1].locals).toEqual({ n: 1, acc: 9 });
  });
});
