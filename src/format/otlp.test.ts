import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TimeBase } from './exact-time';
import type { ReadEvent } from './native-reader';
import { otlp } from './otlp';

const REAL = join(__dirname, '../../../shared/fixtures/real');

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
  it('reads the OpenTelemetry example', () => {
    const example = JSON.parse(readFileSync(join(REAL, 'otlp-trace.json'), 'utf8'));
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
  });
});
