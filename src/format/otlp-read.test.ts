import { describe, expect, it } from 'vitest';
import { fixtureText } from '../../fixtures/fixtures';
import { TimeBase } from './exact-time';
import type { ReadEvent, ReadRecord } from './native-reader';
import { otlp } from './otlp';
import { readOtlp } from './otlp-read';

/** `text` in pieces of `size` characters. */
async function* pieces(text: string, size: number): AsyncGenerator<string> {
  for (let at = 0; at < text.length; at += size) yield text.slice(at, at + size);
}

/** Reads `text` streamed in pieces of `size` characters; returns the records and the epoch. */
async function streamed(text: string, size: number, strict = true) {
  const records: ReadRecord[] = [];
  let epoch = '';
  let skipped = 0;
  const messages: string[] = [];
  for await (const ev of readOtlp(pieces(text, size), { file: 'f.json', strict, batchSize: 4 })) {
    if (ev.type === 'epoch') epoch = ev.epoch;
    else {
      records.push(...ev.records);
      skipped = ev.skipped;
      messages.push(...ev.messages);
    }
  }
  return { records, epoch, skipped, messages };
}

/** Records with absolute times (the two readings choose different epochs) and without the lines. */
function absolute(records: ReadRecord[], epoch: string) {
  const base = new TimeBase(epoch);
  return records.map((r) => {
    const { line: _line, json: _json, ...rest } = r as ReadRecord & { json?: string };
    return r.kind === 'event' ? { ...rest, timestamp: base.restore(r.timestamp) } : rest;
  });
}

const span = (over: Record<string, unknown>) => ({
  traceId: 't1',
  spanId: 's1',
  name: 'GET /cart',
  startTimeUnixNano: '1700000000000000500',
  endTimeUnixNano: '1700000000000000900',
  ...over,
});

describe('reading OTLP/JSON as a stream', () => {
  it('gives the records the whole-document converter gives, in any chunks, the JSON and the JSON-lines form', async () => {
    for (const file of ['otlp/otel-sdk-trace.json', 'otlp/otel-sdk-trace.jsonl']) {
      const text = fixtureText(file);
      const doc = file.endsWith('l')
        ? text
            .trim()
            .split('\n')
            .map((l) => JSON.parse(l))
        : JSON.parse(text);
      const whole = otlp.convert(doc, file);
      for (const size of [7, 64, text.length]) {
        const s = await streamed(text, size);
        expect(absolute(s.records, s.epoch), `${file} in chunks of ${size}`).toEqual(absolute(whole.records, whole.epoch));
      }
    }
  });

  it('converts a span that comes before its resource and scope once they come, keeping the order of the spans', async () => {
    const text = JSON.stringify({
      resourceSpans: [
        {
          scopeSpans: [
            { spans: [span({ spanId: 'a', startTimeUnixNano: '1700000000000000700' })], scope: { name: 'late-scope' } },
            { scope: { name: 'early-scope' }, spans: [span({ spanId: 'b' })] },
          ],
          resource: { attributes: [{ key: 'service.name', value: { stringValue: 'shop' } }] },
        },
        { scopeSpans: [{ spans: [span({ spanId: 'c' })] }] },
      ],
    });
    const s = await streamed(text, 5);
    const entries = s.records.filter((r): r is ReadEvent => r.kind === 'event' && (r.data as { type: string }).type === 'function_entry');
    const data = (r: ReadEvent) => r.data as Record<string, unknown>;
    expect(entries.map((r) => [r.id, data(r).span_id, data(r).service, data(r).scope])).toEqual([
      ['o0', 'a', 'shop', 'late-scope'],
      ['o2', 'b', 'shop', 'early-scope'],
      ['o4', 'c', undefined, undefined],
    ]);
    // The epoch is the first span's start; an earlier span is a negative offset, exactly.
    expect(s.epoch).toBe('1700000000000000700');
    expect(entries.map((r) => r.timestamp)).toEqual([0, -200, -200]);
  });

  it('names the place of a broken span; leniently skips it whole and keeps the others', async () => {
    const text = `{"resourceSpans": [{"scopeSpans": [{"spans": [\n${JSON.stringify(span({}))},\n${JSON.stringify(span({ spanId: 'bad', endTimeUnixNano: 1.5 }))},\n{"traceId": "t1", "spanId": }, ${JSON.stringify(span({ spanId: 'ok' }))}]}]}]}`;
    await expect(streamed(text, 9)).rejects.toThrow(
      /^f\.json:3:1: resourceSpans \(document 1, span 2\): expected endTimeUnixNano as a decimal string of nanoseconds, found a fraction \(1\.5\)$/,
    );
    const lenient = await streamed(text, 9, false);
    expect(lenient.skipped).toBe(2);
    expect(lenient.messages[1]).toMatch(/^f\.json:4:\d+: resourceSpans \(document 1, span 3\): expected a span, found invalid JSON/);
    const ids = lenient.records.filter((r) => r.kind === 'event').map((r) => (r.data as { span_id: string }).span_id);
    expect(ids).toEqual(['s1', 's1', 'ok', 'ok']);
  });
});
