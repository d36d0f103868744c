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
    expect(seven.stack.map((f) => f.function)).toEqual(['f']);
    expect(seven.variables).toEqual({ x: 1 });
  });
});
