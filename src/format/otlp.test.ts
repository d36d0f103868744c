import { describe, expect, it } from 'vitest';
import { describeRealCorpus, fixtureText, realFixture } from '../../fixtures/fixtures';
import { TimeBase } from './exact-time';
import type { ReadEvent } from './native-reader';
import { otlp } from './otlp';

const span = (over: Record<string, unknown>) => ({
  traceId: 'aaaa',
  spanId: 's1',
  name: 'GET /cart',
  startTimeUnixNano: '1700000000000000001',
  endTimeUnixNano: '1700000000000000900',
  ...over,
});
const doc = (spans: unknown[]) => ({
  resourceSpans: [
    {
      resource: { attributes: [{ key: 'service.name', value: { stringValue: 'shop' } }] },
      scopeSpans: [{ scope: { name: 'lib' }, spans }],
    },
  ],
});

describe('OTLP/JSON traces', () => {
  it('reads what the OpenTelemetry JS SDK serializes: spans, parents, attributes of every type, events, status, links', () => {
    // scripts/fixtures/otlp.ts: two checkout requests, the second failing at its payment call.
    const sdk = JSON.parse(fixtureText('otlp/otel-sdk-trace.json'));
    expect(otlp.byContent(sdk)).toBe(true);
    const d = otlp.convert(sdk, 'otel-sdk-trace.json');
    const ev = d.records.filter((r): r is ReadEvent => r.kind === 'event');
    const spans = sdk.resourceSpans[0].scopeSpans[0].spans as Array<{ name: string; spanId: string; startTimeUnixNano: string }>;
    expect(ev.filter((e) => (e.data as { type: string }).type === 'function_entry')).toHaveLength(spans.length);
    expect(ev.filter((e) => (e.data as { type: string }).type === 'function_exit')).toHaveLength(spans.length);
    // Times are the SDK's nanoseconds, rebased exactly to the earliest start.
    const earliest = spans.map((x) => BigInt(x.startTimeUnixNano)).reduce((a, b) => (a < b ? a : b));
    expect(d.epoch).toBe(String(earliest));
    const base = new TimeBase(d.epoch);
    const entryOf = (name: string) =>
      ev.filter((e) => (e.data as { name: string; type: string }).name === name && (e.data as { type: string }).type === 'function_entry');
    const requests = entryOf('POST /checkout');
    expect(requests.map((e) => base.restore(e.timestamp))).toEqual(
      spans.filter((x) => x.name === 'POST /checkout').map((x) => x.startTimeUnixNano),
    );
    // A request and its children share the trace as their correlation; the two requests do not.
    expect(new Set(requests.map((e) => e.correlation_id)).size).toBe(2);
    const query = entryOf('SELECT carts')[0];
    expect(query.data).toMatchObject({
      service: 'checkout',
      scope: 'cinema-fixtures',
      attributes: { 'db.system': 'postgresql', 'db.rows': [1, 0, 2] },
    });
    expect(ev.filter((e) => e.correlation_id === query.correlation_id).length).toBeGreaterThanOrEqual(6);
    expect(requests[1].data).toMatchObject({ attributes: { 'cart.id': 'cart-42', 'cart.items': 4, 'cart.gift': true } });
    // The declined payment's error status is on its exit.
    const failed = ev.find(
      (e) =>
        (e.data as { name: string; type: string }).name === 'POST payments/charge' &&
        (e.data as { type: string }).type === 'function_exit' &&
        JSON.stringify(e.data).includes('card declined'),
    );
    expect(failed).toBeDefined();
  });

  it('reads the JSON-lines form (one export request a line) as the same spans', () => {
    const whole = otlp.convert(JSON.parse(fixtureText('otlp/otel-sdk-trace.json')), 'a.json');
    const lines = fixtureText('otlp/otel-sdk-trace.jsonl')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(otlp.byContent(lines)).toBe(true);
    const split = otlp.convert(lines, 'a.jsonl');
    const names = (d: typeof whole) =>
      d.records
        .filter((r): r is ReadEvent => r.kind === 'event')
        .map((e) => `${e.timestamp} ${(e.data as { name: string }).name}`)
        .sort();
    expect(names(split)).toEqual(names(whole));
  });

  it('keeps 64-bit times exact, maps span events, code locations and links', () => {
    const d = otlp.convert(
      doc([
        span({
          attributes: [
            { key: 'code.function.name', value: { stringValue: 'Cart.show' } },
            { key: 'code.file.path', value: { stringValue: 'lib/cart.ex' } },
            { key: 'code.line.number', value: { intValue: '42' } },
          ],
          events: [{ name: 'exception', timeUnixNano: '1700000000000000002', attributes: [] }],
        }),
        span({
          spanId: 's2',
          parentSpanId: 's1',
          name: 'SELECT',
          startTimeUnixNano: '1700000000000000002',
          endTimeUnixNano: '1700000000000000003',
          links: [{ traceId: 'aaaa', spanId: 's1' }],
        }),
      ]),
      'x.otlp.json',
    );
    const ev = d.records.filter((r): r is ReadEvent => r.kind === 'event');
    const base = new TimeBase(d.epoch);
    expect(ev.map((e) => base.restore(e.timestamp))).toEqual([
      '1700000000000000001',
      '1700000000000000002',
      '1700000000000000900',
      '1700000000000000002',
      '1700000000000000003',
    ]);
    expect(ev[1].data).toMatchObject({ type: 'error', name: 'exception' });
    expect(ev[0].ast_node_id).toBe('lib/cart.ex:42:Cart.show');
    expect(d.records.find((r) => r.kind === 'ast' && r.id === 'lib/cart.ex:42:Cart.show')).toMatchObject({
      file: 'lib/cart.ex',
      span: { start_line: 42 },
    });
    expect(d.records.filter((r) => r.kind === 'link')).toEqual([
      { kind: 'link', from: ev[0].id, to: ev[3].id, label: 'span link', line: 0 },
    ]);
  });

  it('reads several documents (.jsonl) and says where a time is wrong', () => {
    expect(otlp.byContent([doc([span({})]), doc([span({ traceId: 'bbbb' })])])).toBe(true);
    expect(
      otlp.convert([doc([span({})]), doc([span({ traceId: 'bbbb' })])], 'x.jsonl').records.filter((r) => r.kind === 'event'),
    ).toHaveLength(4);
    expect(() => otlp.convert(doc([span({ startTimeUnixNano: 1.5 })]), 'bad.json')).toThrow(
      /^bad\.json:1:1: resourceSpans \(document 1, span 1\): expected startTimeUnixNano as a decimal string of nanoseconds, found a fraction \(1\.5\)$/,
    );
    // Times too far apart to keep exactly are refused at their span, in plain words (a RangeError escaped before).
    expect(() => otlp.convert(doc([span({}), span({ startTimeUnixNano: '7', endTimeUnixNano: '8' })]), 'far.json')).toThrow(
      /^far\.json:1:1: resourceSpans \(document 1, span 1\): startTimeUnixNano: timestamp 1700000000000000001 is more than 2\^53 units from the session epoch 7;/,
    );
  });
});

describeRealCorpus('OTLP/JSON traces', () => {
  it('reads the OpenTelemetry example', () => {
    const example = JSON.parse(realFixture('otlp-trace.json').toString('utf8'));
    expect(otlp.byContent(example)).toBe(true);
    const d = otlp.convert(example, 'otlp-trace.json');
    const ev = d.records.filter((r): r is ReadEvent => r.kind === 'event');
    expect(ev.map((e) => (e.data as { type: string }).type)).toEqual(['function_entry', 'function_exit']);
    expect(d.epoch).toBe('1544712660000000000');
    expect(ev.map((e) => e.timestamp)).toEqual([0, 1_000_000_000]);
    expect(ev[0]).toMatchObject({
      correlation_id: '5B8EFFF798038103D269B633813FC60C',
      data: {
        name: "I'm a server span",
        service: 'my.service',
        attributes: { 'my.span.attr': 'some value' },
        parent_span_id: 'EEE19B7EC3C1B173',
      },
    });
  });
});
