import { describe, expect, it } from 'vitest';
import type { StoredEvent } from '../event';
import { firstDivergence } from './divergence';

/** A recording as pages of `size` events: each item is [pid, node, type] or with a value. */
function recording(items: Array<[number, string, string, unknown?]>, size = 3) {
  const events: StoredEvent[] = items.map(([pid, node, type, value], i) => ({
    event_id: String(i),
    timestamp: i * 10,
    ast_node_id: node,
    correlation_id: `flow-${pid}`,
    data: { type, pid, ...(value !== undefined ? { value } : {}) },
  }));
  let at = 0;
  const source = async () => {
    if (at >= events.length) return null;
    at += size;
    return events.slice(at - size, at);
  };
  return { events, source };
}

const loop = (pid: number): Array<[number, string, string]> => [
  [pid, 'f', 'function_entry'],
  [pid, 'x', 'variable_assignment'],
  [pid, 'f', 'function_exit'],
];

describe('the first divergence of two runs', () => {
  it('finds one extra loop iteration in B as an insertion, per process matched by order of appearance', async () => {
    const common: Array<[number, string, string]> = [[1, 'main', 'function_entry'], [2, 'w', 'function_entry'], ...loop(1), ...loop(1)];
    const a = recording([...common, [2, 'w', 'function_exit'], [1, 'main', 'function_exit']]);
    // B's processes have other ids (7, 8): matched by order, not by id. One more iteration in 7.
    const renumber = (items: Array<[number, string, string]>) =>
      items.map(([p, n, t]): [number, string, string] => [p === 1 ? 7 : 8, n, t]);
    const b = recording(renumber([...common, ...loop(1), [2, 'w', 'function_exit'], [1, 'main', 'function_exit']]));
    const d = (await firstDivergence(a.source, b.source, { by: 'process' }))!;
    expect(d.index).toBe(7);
    expect([d.a.key, d.b.key]).toEqual(['1', '7']);
    // A goes on to main's exit where B runs f once more.
    expect(d.a.event!.ast_node_id).toBe('main');
    expect(d.b.event!.ast_node_id).toBe('f');
    expect(d.a.before.map((e) => e.ast_node_id)).toEqual(['main', 'f', 'x', 'f', 'f', 'x', 'f']);
    expect(d.edits).toEqual([
      { op: 'insert', n: 3 },
      { op: 'equal', n: 1 },
    ]);
  });

  it('compares values only when asked', async () => {
    const a = recording([
      [1, 'v', 'variable_assignment', 1],
      [1, 'v', 'variable_assignment', 2],
    ]);
    const b = recording([
      [1, 'v', 'variable_assignment', 1],
      [1, 'v', 'variable_assignment', 3],
    ]);
    expect(await firstDivergence(a.source, b.source, { by: 'process' })).toBeNull();
    const again = [
      recording([
        [1, 'v', 'variable_assignment', 1],
        [1, 'v', 'variable_assignment', 2],
      ]),
      recording([
        [1, 'v', 'variable_assignment', 1],
        [1, 'v', 'variable_assignment', 3],
      ]),
    ];
    const d = (await firstDivergence(again[0].source, again[1].source, { by: 'process', values: true }))!;
    expect([d.index, d.a.event!.event_id, d.b.event!.event_id]).toEqual([1, '1', '1']);
  });

  it('reports a run that stops early, and finds a flow that differs by flow', async () => {
    const a = recording([...loop(1), ...loop(2)]);
    const b = recording([...loop(1), [2, 'f', 'function_entry']]);
    const d = (await firstDivergence(a.source, b.source, { by: 'flow' }))!;
    expect([d.a.key, d.index, d.a.event!.event_id, d.b.event]).toEqual(['flow-2', 1, '4', null]);
  });

  it('stops reading soon after a divergence near the start, and can be cancelled', async () => {
    const long = (extra: boolean) =>
      recording(
        [...(extra ? [[1, 'g', 'instant'] as [number, string, string]] : []), ...Array.from({ length: 3000 }, () => loop(1)).flat()],
        100,
      );
    const d = (await firstDivergence(long(false).source, long(true).source, { by: 'process', window: 50 }))!;
    expect(d.index).toBe(0);
    expect(d.edits?.[0]).toEqual({ op: 'insert', n: 1 });
    expect(d.readA).toBeLessThan(1000);
    let pages = 0;
    const stop = firstDivergence(long(false).source, long(false).source, {
      by: 'process',
      onProgress: () => pages++,
      cancelled: () => pages >= 2,
    });
    await expect(stop).rejects.toThrow('cancelled');
  });
});
