import { describe, expect, it } from 'vitest';
import { describeRealCorpus, fixtureText, realFixture } from '../../fixtures/fixtures';
import { chromeTrace } from './chrome-trace';
import type { ImportedDocument } from './imported';
import type { ReadEvent } from './native-reader';

const load = (name: string) => JSON.parse(realFixture(name).toString('utf8'));
const events = (d: ImportedDocument) => d.records.filter((r): r is ReadEvent => r.kind === 'event');
const nameOf = (d: ImportedDocument, id: string) => (events(d).find((e) => e.id === id)!.data as { name: string }).name;
const links = (d: ImportedDocument) =>
  d.records.flatMap((r) => (r.kind === 'link' ? [`${nameOf(d, r.from)} -> ${nameOf(d, r.to)}`] : [])).sort();

describe('Chrome Trace Event Format', () => {
  // Recorded by Chromium itself (scripts/fixtures/chrome-trace.ts): metadata, complete and
  // begin/end slices, instants and marks, async begin/step/end, flows, a Worker thread.
  const recorded = JSON.parse(fixtureText('chrome/chromium-trace.json'));
  const raw = recorded.traceEvents as Array<Record<string, unknown>>;
  const count = (ph: string) => raw.filter((e) => e.ph === ph).length;

  it('is recognised by content, and not mistaken for a bare array of Cinema events or OTLP', () => {
    expect(chromeTrace.byContent(recorded)).toBe(true);
    expect(chromeTrace.byContent(raw)).toBe(true);
    expect(chromeTrace.byContent([{ timestamp: 1, data: {} }])).toBe(false);
    expect(chromeTrace.byContent({ resourceSpans: [] })).toBe(false);
  });

  it('turns a trace recorded by Chromium into entry/exit pairs, instants and async flows, in nanoseconds', () => {
    const d = chromeTrace.convert(recorded, 'chromium-trace.json');
    const ev = events(d);
    const typed = (t: string) => ev.filter((e) => (e.data as { type: string }).type === t).length;
    // Every X is an entry and an exit; a B is an entry, its E the exit (a B still open at the end has none).
    expect(typed('function_entry')).toBe(count('X') + count('B'));
    expect(typed('function_exit')).toBe(count('X') + count('E'));
    expect([typed('async_begin'), typed('async_end'), typed('async_step')]).toEqual([count('b'), count('e'), count('n')]);
    expect(typed('instant')).toBe(count('I') + count('R'));
    const firstX = raw.find((e) => e.ph === 'X')!;
    const entry = ev.find((e) => e.line === raw.indexOf(firstX) + 1)!;
    expect(entry.timestamp).toBe(Math.round((firstX.ts as number) * 1000));
    expect(entry.data).toMatchObject({ name: firstX.name, pid: firstX.pid, tid: firstX.tid });
    // Thread names (M events) are the session's, in its header: the Worker's thread among them.
    const threads = d.header.threads as Record<string, string>;
    expect(Object.values(threads)).toEqual(expect.arrayContaining(['CrRendererMain', 'DedicatedWorker thread']));
    // Async begin and end of one id share a correlation: console.time('setup') is one flow.
    const setup = ev.filter((e) => (e.data as { name?: string }).name === 'setup' && (e.data as { cat?: string }).cat === 'blink.console');
    expect(setup.map((e) => (e.data as { type: string }).type)).toEqual(['async_begin', 'async_end']);
    expect(setup[0].correlation_id).not.toBeNull();
    expect(setup[1].correlation_id).toBe(setup[0].correlation_id);
    // The Worker's own user timing sits on the Worker's thread.
    const workerFib = ev.find((e) => (e.data as { name?: string }).name === 'worker fib')!;
    expect(threads[`${(workerFib.data as { pid: number }).pid}:${(workerFib.data as { tid: number }).tid}`]).toBe('DedicatedWorker thread');
  });

  it('links each flow start (s) to its end (f), binding to the enclosing slices', () => {
    const d = chromeTrace.convert(recorded, 'chromium-trace.json');
    const flowIds = new Set(raw.filter((e) => e.ph === 's').map((e) => `${e.cat}:${e.id}`));
    const ended = new Set(raw.filter((e) => e.ph === 'f').map((e) => `${e.cat}:${e.id}`));
    const complete = [...flowIds].filter((id) => ended.has(id)).length;
    expect(complete).toBeGreaterThan(0);
    expect(d.records.filter((r) => r.kind === 'link').length).toBeLessThanOrEqual(count('s'));
    expect(d.records.filter((r) => r.kind === 'link').length).toBeGreaterThan(0);
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

describeRealCorpus('Chrome Trace Event Format', () => {
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
    const d = chromeTrace.convert(load('trace-event-multi-thread.json'), 'multi.json');
    expect(
      events(d)
        .map((e) => e.timestamp)
        .filter((t) => t === 11550183666000),
    ).not.toHaveLength(0);
  });
});
