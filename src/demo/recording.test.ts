import { describe, expect, it } from 'vitest';
import { NativeReader, type ReadEvent } from '../format/native-reader';
import { demoRecordingLines } from './recording';

function read(events: number, seed = 1) {
  const reader = new NativeReader({ file: 'demo.cinema' });
  const records = [...demoRecordingLines({ events, seed })].map((l, i) => reader.read(l, i + 1)).filter((r) => r !== null);
  reader.finish(); // throws if a parent or a link end is missing
  return { reader, records, events: records.filter((r): r is ReadEvent => r.kind === 'event') };
}

describe('demo recording', () => {
  it('is a valid .cinema file with exactly the events asked for, the same for the same seed', () => {
    const a = read(5000);
    expect(a.events).toHaveLength(5000);
    expect(a.reader.counts.ast).toBeGreaterThan(20);
    expect(a.reader.counts.source).toBe(4);
    expect(a.reader.counts.link).toBeGreaterThan(10);
    expect([...demoRecordingLines({ events: 300, seed: 9 })]).toEqual([...demoRecordingLines({ events: 300, seed: 9 })]);
    expect([...demoRecordingLines({ events: 300, seed: 9 })]).not.toEqual([...demoRecordingLines({ events: 300, seed: 10 })]);
  });

  it('has every kind of event, ties, interleaved flows, and calls that nest in each process', () => {
    const { events } = read(5000);
    const types = new Set(events.map((e) => (e.data as { type: string }).type));
    for (const t of [
      'function_entry',
      'function_exit',
      'variable_assignment',
      'state_change',
      'state_snapshot',
      'message_send',
      'message_receive',
      'error',
    ])
      expect(types).toContain(t);
    expect(events.some((e, i) => i > 0 && e.timestamp === events[i - 1].timestamp)).toBe(true);
    expect(new Set(events.slice(0, 40).map((e) => e.correlation_id)).size).toBeGreaterThan(2);
    const stacks = new Map<string, string[]>();
    for (const e of events) {
      const d = e.data as { type: string; pid: string; function?: string };
      const stack = stacks.get(d.pid) ?? stacks.set(d.pid, []).get(d.pid)!;
      if (d.type === 'function_entry') stack.push(d.function!);
      if (d.type === 'function_exit') expect(stack.pop()).toBe(d.function);
    }
  });
});
