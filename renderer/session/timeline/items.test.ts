import { describe, expect, it } from 'vitest';
import type { StoredEvent } from '../../../src/event';
import { windowItems } from './items';

const ev = (id: string, ts: number, data: unknown, ast: string | null = null, corr: string | null = null): StoredEvent => ({
  event_id: id,
  timestamp: ts,
  ast_node_id: ast,
  correlation_id: corr,
  data,
});
const none = { lanes: true, selectedAst: null, selectedCorrelation: null, selectedEvent: null };

describe('timeline items', () => {
  it('draws single events as points in lanes per process, sorted, marking the selection', () => {
    const data = {
      mode: 'events' as const,
      window: [0, 100] as [number, number],
      events: [
        ev('1', 10, { type: 'function_entry', pid: 'worker' }, 'n1', 'c1'),
        ev('2', 20, { type: 'function_exit', pid: 'main' }, 'n2', 'c2'),
        ev('3', 30, { type: 'state_change', pid: 'main' }, 'n1', null),
      ],
    };
    const { items, groups } = windowItems(data, { ...none, selectedAst: 'n1', selectedEvent: '2' });
    expect(groups.map((g) => g.id)).toEqual(['main', 'worker']);
    expect(items.map((i) => [i.id, i.start, i.type, i.group])).toEqual([
      ['e1', 10, 'point', 'worker'],
      ['e2', 20, 'point', 'main'],
      ['e3', 30, 'point', 'main'],
    ]);
    expect(items.map((i) => i.className)).toEqual([
      'ev ev-function_entry marked',
      'ev ev-function_exit current',
      'ev ev-state_change marked',
    ]);
    const byFlow = windowItems(data, { ...none, selectedCorrelation: 'c2' });
    expect(byFlow.items.map((i) => i.className.includes('marked'))).toEqual([false, true, false]);
  });

  it('puts every event in one lane when lanes are off', () => {
    const data = {
      mode: 'events' as const,
      window: [0, 9] as [number, number],
      events: [ev('1', 1, { pid: 'a' }), ev('2', 2, { pid: 'b' })],
    };
    const { items, groups } = windowItems(data, { ...none, lanes: false });
    expect(groups).toEqual([{ id: 'all', content: 'events' }]);
    expect(items.every((i) => i.group === 'all')).toBe(true);
  });

  it('draws buckets as ranges, skipping empty ones, darker when fuller, ids stable by size and index', () => {
    const data = {
      mode: 'buckets' as const,
      window: [64, 200] as [number, number],
      start: 64,
      size: 32,
      counts: new Uint32Array([4, 0, 1, 8]),
    };
    const { items, groups } = windowItems(data, none);
    expect(groups).toEqual([{ id: 'all', content: 'events (counts)' }]);
    expect(items.map((i) => [i.id, i.start, i.end, i.className, i.title])).toEqual([
      ['b32:2', 64, 96, 'bucket level-2', '4 events'],
      ['b32:4', 128, 160, 'bucket level-1', '1 events'],
      ['b32:5', 160, 192, 'bucket level-4', '8 events'],
    ]);
  });
});
