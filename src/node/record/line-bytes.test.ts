// Event lines written as bytes: the same JSON the text they replace would be, split into chunks
// wherever the buffer fills, each line with its offset.
import { describe, expect, it } from 'vitest';
import { PROBES } from '../../instrument/probes';
import { Flows } from './flows';
import { LineBytes } from './line-bytes';
import { Runtime } from './runtime';
import { DEFAULT_LIMITS } from './snapshot';
import { mostValueBytes, valueText, writeValue } from './value-bytes';

/** What a LineBytes hands out, joined, with every offset. */
function collect(size?: number) {
  const chunks: Buffer[] = [];
  const offsets: number[] = [];
  const out = new LineBytes((bytes, offs) => {
    chunks.push(Buffer.from(bytes));
    offsets.push(...offs);
  }, size);
  return { out, chunks, offsets, text: () => (out.flush(), Buffer.concat(chunks).toString('utf8')) };
}

const TRICKY = [
  '',
  'plain',
  'a "quoted" \\ path\\',
  'tab\tnew\nline\r\b\f',
  '\u0000\u0001\u001f\u007f',
  'é漢字🎬',
  '\u2028\u2029</script>',
];

describe('event lines as bytes', () => {
  it('escapes a UTF-8 string exactly as JSON.stringify does', () => {
    const every = Array.from({ length: 128 }, (_, c) => String.fromCharCode(c)).join('');
    for (const s of [...TRICKY, every]) {
      const { out, text } = collect();
      const src = Buffer.from(s, 'utf8');
      out.begin(6 * src.length + 3);
      out.jsonString(src, 0, src.length);
      out.end(0);
      expect(text()).toBe(JSON.stringify(s) + '\n');
    }
  });

  it('writes each value the bytes valueText would say, within the room mostValueBytes asks for', () => {
    const rt = new Runtime({ capacity: 200, maxBytes: 2 << 20, limits: DEFAULT_LIMITS, now: () => 0 }, new Flows('p1'));
    const probes = rt.probes() as Record<string, (...a: unknown[]) => unknown>;
    const values: unknown[] = [0, -0, 1.5e-7, NaN, -Infinity, 2 ** 60, true, false, null, undefined, 10n, ...TRICKY];
    values.push({ a: 1, s: 'x"y' }, [1, [2, 'é']], new Map([[1, 2]]), 'x'.repeat(500), Symbol('s'));
    for (const v of values) probes[PROBES.assign](1, 'v', v);
    probes[PROBES.enter[3]](2, undefined, undefined, undefined);
    probes[PROBES.enterMany](3, [...values]);
    probes[PROBES.enter[2]](4, 'tab\t', { k: [undefined] });
    for (let k = 0; k < rt.ring.length; k++) {
      const slot = rt.ring.slot(k);
      const { out, text } = collect(64);
      out.begin(mostValueBytes(rt.ring, slot));
      writeValue(rt.ring, slot, out);
      const written = text();
      expect(written).toBe(valueText(rt.ring, slot, DEFAULT_LIMITS.chars));
      expect(Buffer.byteLength(written)).toBeLessThanOrEqual(mostValueBytes(rt.ring, slot));
    }
    // The values, three entries, and the flow_start before the first event.
    expect(rt.ring.length).toBe(values.length + 4);
  });

  it('writes call numbers as their digits and copies short and long runs of bytes as they are', () => {
    const { out, text } = collect(1 << 12);
    const numbers = [0, 7, 10, 99, 100, 123456, 2 ** 31 - 1, 2 ** 31, 2 ** 40 + 3, Number.MAX_SAFE_INTEGER];
    const src = Buffer.from(`${'a'.repeat(300)}|${'b'.repeat(20)}`);
    out.begin(2048);
    for (const n of numbers) {
      out.digits(n);
      out.ascii(',');
    }
    out.copy(src, 0, 300);
    out.copy(src, 300, src.length);
    out.end(0);
    expect(text()).toBe(`${numbers.join(',')},${src.toString()}\n`);
  });

  it('hands out whole lines with their offsets when the buffer fills, and grows for a line longer than it', () => {
    const { out, chunks, offsets, text } = collect(32);
    const lines = ['short', 'x'.repeat(100), 'mid-length line', '', 'é'.repeat(20)];
    lines.forEach((l, k) => {
      out.begin(3 * l.length + 1);
      out.utf8(l);
      out.end(k * 10);
    });
    expect(text()).toBe(lines.map((l) => l + '\n').join(''));
    expect(offsets).toEqual([0, 10, 20, 30, 40]);
    expect(chunks.length).toBeGreaterThan(1);
    for (const c of chunks) expect(c.at(-1)).toBe(10);
    expect(out.lines).toBe(5);
  });
});
