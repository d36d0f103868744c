// Event rows as the recording's own tool shows them: Chrome trace events and OpenTelemetry spans
// from files those tools wrote (fixtures/), and Cinema's own events unchanged.
import { describe, expect, it } from 'vitest';
import { fixtureText } from '../../fixtures/fixtures';
import { chromeTrace } from '../../src/format/chrome-trace';
import type { ImportedDocument } from '../../src/format/imported';
import type { ReadEvent } from '../../src/format/native-reader';
import { otlp } from '../../src/format/otlp';
import type { StoredEvent } from '../../src/event';
import { describeEvent, flowName, laneLabel } from './describe';

const stored = (d: ImportedDocument): StoredEvent[] =>
  d.records
    .filter((r): r is ReadEvent => r.kind === 'event')
    .map((e, i) => ({
      event_id: String(i),
      timestamp: e.timestamp,
      ast_node_id: e.ast_node_id ?? null,
      correlation_id: e.correlation_id ?? null,
      data: e.data,
    }));

describe('rows of a Chrome trace', () => {
  const doc = JSON.parse(fixtureText('chrome/chromium-trace.json'));
  const raw = doc.traceEvents as Array<Record<string, unknown>>;
  const events = stored(chromeTrace.convert(doc, 'chromium-trace.json'));

  it('name the event, its category, phase and duration, never the JSON of its args', () => {
    const x = raw.find((e) => e.ph === 'X' && typeof e.dur === 'number' && (e.dur as number) >= 1000)!;
    const entry = events.find((e) => (e.data as { name: string }).name === x.name && e.timestamp === Math.round((x.ts as number) * 1000))!;
    const ms = Math.round(((x.dur as number) / 1000) * 1000) / 1000;
    expect(describeEvent(entry)).toBe(`▸ ${x.name as string} · ${x.cat as string} · complete, ${ms} ms`);
    for (const e of events) expect(describeEvent(e)).not.toMatch(/\{"/);
    const kinds = new Set(events.map((e) => describeEvent(e).split(' ')[0]));
    expect([...kinds].sort()).toEqual(expect.arrayContaining(['▸', '◂', 'async', 'instant']));
  });
});

describe('rows of an OpenTelemetry export', () => {
  const events = stored(otlp.convert(JSON.parse(fixtureText('otlp/otel-sdk-trace.json')), 'otel-sdk-trace.json'));

  it('name the span, its kind and service at the start, its status at the end', () => {
    const entries = events.filter((e) => (e.data as { type: string }).type === 'function_entry');
    expect(entries.length).toBeGreaterThan(0);
    for (const e of entries) {
      const d = e.data as { name: string; service: string };
      expect(describeEvent(e)).toMatch(
        new RegExp(
          `^▸ ${d.name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} · (internal|server|client|producer|consumer|unspecified) · ${d.service}`,
        ),
      );
    }
    const exits = events.filter((e) => (e.data as { type: string }).type === 'function_exit');
    for (const e of exits) expect(describeEvent(e)).toMatch(/^◂ .+ · (unset|ok|error)/);
  });
});

describe("Cinema's own events", () => {
  it('keep their call notation', () => {
    const e = {
      event_id: '1',
      timestamp: 0,
      ast_node_id: 'a',
      correlation_id: null,
      data: { type: 'function_entry', module: 'Cart', function: 'add', arity: 2, args: [1, 2] },
    };
    expect(describeEvent(e)).toBe('→ Cart.add/2 (1, 2)');
  });
});

describe('flows a recorder started', () => {
  const ev = (data: Record<string, unknown>) => ({ event_id: '1', timestamp: 0, ast_node_id: null, correlation_id: 'p1:test-3', data });
  it('are named by their root and what started them, from their flow_start', () => {
    expect(flowName(ev({ type: 'flow_start', root: 'test', detail: 'adds', parent_flow: null }))).toBe('test adds');
    expect(flowName(ev({ type: 'flow_start', root: 'main', detail: null, parent_flow: null }))).toBe('main');
    expect(describeEvent(ev({ type: 'flow_start', root: 'http', detail: 'GET /cart', parent_flow: null }))).toBe(
      'flow starts: http GET /cart',
    );
    expect(flowName(ev({ type: 'function_entry', module: 'a.js', function: 'f', arity: 0 }))).toBeNull();
    expect(describeEvent(ev({ type: 'flow_end', status: 404 }))).toBe('flow ends: answered 404');
  });
});

describe('lanes', () => {
  it('read by the names the recording gave its processes and threads, else by their ids', () => {
    const names = { processes: { '7': 'Renderer' }, threads: { '7:9': 'CrRendererMain' } };
    expect(laneLabel('7 / 9', names)).toBe('Renderer / CrRendererMain');
    expect(laneLabel('7 / 3', names)).toBe('Renderer / 3');
    expect(laneLabel('8 / 1', names)).toBe('8 / 1');
    expect(laneLabel('7', names)).toBe('Renderer');
    expect(laneLabel('4242 / 0', undefined)).toBe('4242 / 0');
  });
});
