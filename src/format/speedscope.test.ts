import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ReadEvent } from './native-reader';
import { speedscope } from './speedscope';

const FIXTURE = join(__dirname, '../../fixtures/speedscope/evented.speedscope.json');

describe('speedscope evented profiles', () => {
  it('turns open/close events into entry/exit events and frames into AST nodes', () => {
    const doc = JSON.parse(readFileSync(FIXTURE, 'utf8'));
    expect(speedscope.byContent(doc)).toBe(true);
    expect(speedscope.byName('a.speedscope.json')).toBe(true);
    const d = speedscope.convert(doc, 'evented.speedscope.json');
    const ev = d.records.filter((r): r is ReadEvent => r.kind === 'event');
    expect(ev.map((e) => [e.timestamp, (e.data as { type: string }).type, e.ast_node_id, (e.data as { pid: string }).pid])).toEqual([
      [1_000_000, 'function_entry', 'frame:0', '<0.90.0>'],
      [1_100_500, 'function_entry', 'frame:1', '<0.90.0>'],
      [1_200_000, 'function_entry', 'frame:2', '<0.90.0>'],
      [1_300_000, 'function_exit', 'frame:2', '<0.90.0>'],
      [1_400_000, 'function_exit', 'frame:1', '<0.90.0>'],
      [1_900_000, 'function_exit', 'frame:0', '<0.90.0>'],
      [1_050_000, 'function_entry', 'frame:1', '<0.91.0>'],
      [1_500_000, 'function_exit', 'frame:1', '<0.91.0>'],
    ]);
    expect(d.records.find((r) => r.kind === 'ast' && r.id === 'frame:0')).toMatchObject({
      name: 'Shop.checkout/1',
      file: 'lib/shop.ex',
      span: { start_line: 12, start_col: 3 },
    });
    expect(d.notes).toEqual(['profiles[2] ("cpu") is a sampled profile: it has no event times and was left out']);
    expect(d.name).toBe('cart checkout');
  });

  it('says which event is broken', () => {
    expect(() =>
      speedscope.convert(
        {
          shared: { frames: [{ name: 'f' }] },
          profiles: [{ type: 'evented', unit: 'microseconds', events: [{ type: 'O', at: 1, frame: 3 }] }],
        },
        's.json',
      ),
    ).toThrow(
      /^s\.json:1:1: profiles\[0\]\.events\[0\]: expected \{type: "O" or "C", at: number, frame: index of shared\.frames\}, found \{"type":"O","at":1,"frame":3\}$/,
    );
  });
});
