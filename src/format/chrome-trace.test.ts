import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { chromeTrace } from './chrome-trace';
import type { ImportedDocument } from './imported';
import type { ReadEvent } from './native-reader';

const REAL = join(__dirname, '../../../shared/fixtures/real');
const load = (name: string) => JSON.parse(readFileSync(join(REAL, name), 'utf8'));
const events = (d: ImportedDocument) => d.records.filter((r): r is ReadEvent => r.kind === 'event');
const nameOf = (d: ImportedDocument, id: string) => (events(d).find((e) => e.id === id)!.data as { name: string }).name;
const links = (d: ImportedDocument) =>
  d.records.flatMap((r) => (r.kind === 'link' ? [`${nameOf(d, r.from)} -> ${nameOf(d, r.to)}`] : [])).sort();

describe('Chrome Trace Event Format', () => {
  it('is recognised by content in both forms, and not mistaken for a bare array of Cinema events', () => {
    expect(chromeTrace.byContent(load('chrome-116-trace.json'))).toBe(true);
    expect(chromeTrace.byContent(load('chrome-65-simple-timeline.json'))).toBe(true);
    expect(chromeTrace.byContent([{ timestamp: 1, data: {} }])).toBe(false);
    expect(chromeTrace.byContent({ resourceSpans: [] })).toBe(false);
  });

  it('turns a Chrome 116 trace into entry/exit pairs, instants and async flows, in nanoseconds', () => {
    const raw = load('chrome-116-trace.json').traceEvents as Array<Record<string, unknown>>;
    const d = chromeTrace.convert(load('chrome-116-trace.json'), 'chrome-116-trace.json');
    const ev = events(d);
    const count = (ph: string) => raw.filter((e) => e.ph === ph).length;
    const typed = (t: string) => ev.filter((e) => (e.data as { type: string }).type === t).length;
    expect(typed('function_entry')).toBe(count('X'));
    expect(typed('function_exit')).toBe(count('X'));
    expect(typed('async_begin')).toBe(count('b'));
    expect(typed('async_end')).toBe(count('e'));
    expect(typed('instant')).toBe(count('I') + count('R'));
    const firstX = raw.find((e) => e.ph === 'X')!;
    const entry = ev.find((e) => e.line === raw.indexOf(firstX) + 1)!;
    expect(entry.timestamp).toBe(Math.round((firstX.ts as number) * 1000));
    expect(entry.data).toMatchObject({ name: firstX.name, pid: firstX.pid, tid: firstX.tid });
    // Thread and process names (M events, anywhere in the file) are the session's, in its header.
    const threadName = raw.find((e) => e.ph === 'M' && e.name === 'thread_name' && e.pid === firstX.pid && e.tid === firstX.tid)!;
    expect((d.header.threads as Record<string, string>)[`${firstX.pid}:${firstX.tid}`]).toBe((threadName.args as { name: string }).name);
    expect(entry.data).not.toHaveProperty('thread');
    // Async begin and end of one id share a correlation.
    const b = raw.find((e) => e.ph === 'b')!;
    const corr = ev.find((e) => e.line === raw.indexOf(b) + 1)!.correlation_id;
    expect(corr).toBe(`${b.cat}:${b.pid}:${(b.id2 as { local: string }).local}`);
    expect(ev.filter((e) => e.correlation_id === corr).length).toBeGreaterThanOrEqual(2);
    expect(d.header.processes).toBeTruthy();
    expect(d.records.filter((r) => r.kind === 'link').length).toBe(count('s'));
  });

  it('pairs B and E on each thread of the bare-array form', () => {
    const raw = load('chrome-65-simple-timeline.json') as Array<Record<string, unknown>>;
    const d = chromeTrace.convert(raw, 'simple-timeline.json');
    const exits = events(d).filter((e) => (e.data as { type: string }).type === 'function_exit');
    expect(exits.length).toBe(raw.filter((e) => e.ph === 'X' || e.ph === 'E').length);
    const closed = exits.filter((e) => raw[e.line - 1].ph === 'E');
    expect(closed.every((e) => typeof (e.data as { name: string }).name === 'string' && e.ast_node_id !== null)).toBe(true);
  });

  it('links flows of the old syntax (s/t/f with bp) to the slices they bind to', () => {
    const d = chromeTrace.convert(load('perfetto-flow-events-v1.json'), 'flow-v1.json');
    expect(links(d)).toEqual(['OtherSlice -> SomeSlice', 'SenderA -> OtherSlice', 'SenderB -> Blergh']);
  });

  it('links flows of the new syntax (bind_id, flow_in, flow_out)', () => {
    const d = chromeTrace.convert(load('perfetto-flow-events-v2.json'), 'flow-v2.json');
    expect(links(d)).toEqual(['OtherSlice -> SomeOtherSlice', 'OtherSlice -> SomeSlice', 'SenderA -> OtherSlice', 'SenderB -> Blergh']);
  });

  it('reads times written as decimal strings, as a real multi-thread trace has them', () => {
    const d = chromeTrace.convert(JSON.parse(readFileSync(join(REAL, 'trace-event-multi-thread.json'), 'utf8')), 'multi.json');
    expect(
      events(d)
        .map((e) => e.timestamp)
        .filter((t) => t === 11550183666000),
    ).not.toHaveLength(0);
  });

  it('names the element of a broken trace', () => {
    expect(() =>
      chromeTrace.convert(
        {
          traceEvents: [
            { ph: 'X', ts: 1, dur: 1 },
            { ph: 'X', ts: 'soon' },
          ],
        },
        't.json',
      ),
    ).toThrow(/^t\.json:2:1: traceEvents\[1\]: expected ts in microseconds as a number, found a string \("soon"\)$/);
    expect(() => chromeTrace.convert([7], 't.json')).toThrow(/^t\.json:1:1: \[0\]: expected a trace event object, found the number 7$/);
  });
});
