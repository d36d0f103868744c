// JSON written as bytes: every string exactly as JSON.stringify writes it, in UTF-8.
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../random';
import { JsonBytes, copyBytes, writeUtf8 } from './json-bytes';

const written = (s: string, size?: number) => {
  const out = new JsonBytes(size);
  out.string(s);
  return out.text();
};

describe('JSON as bytes', () => {
  it('writes every UTF-16 unit alone, every pair and lone surrogates as JSON.stringify does', () => {
    for (let c = 0; c < 0x10000; c++) {
      const s = `a${String.fromCharCode(c)}b`;
      const want = JSON.stringify(s);
      if (written(s) !== want) expect(written(s)).toBe(want);
    }
    for (const s of ['🎬', '\ud83c\udfac\ud83c', '\udfac\ud83c\udfac', 'x\ud800', '\udbff\udfff', '\u2028\u2029', '"\\/'])
      expect(written(s)).toBe(JSON.stringify(s));
  });

  it('writes random strings, growing its buffer as it goes, keeping what came before', () => {
    const rand = seededRandom(3);
    const pool = ['a', 'é', '漢', '🎬', '\n', '"', '\\', '\u0001', '\ud800', '\udc00', ' '];
    const out = new JsonBytes(8);
    let want = '';
    for (let k = 0; k < 300; k++) {
      let s = '';
      for (let n = Math.floor(rand() * 40); n > 0; n--) s += pool[Math.floor(rand() * pool.length)];
      out.string(s);
      out.byte(0x2c);
      want += JSON.stringify(s) + ',';
    }
    expect(out.text()).toBe(want);
    expect(out.buf.length).toBeGreaterThan(8);
  });
});

describe('bytes into the ring', () => {
  it('copies short and long runs exactly, from any offset', () => {
    const src = Buffer.from(Array.from({ length: 1000 }, (_, i) => i % 251));
    for (const [start, end] of [
      [0, 0],
      [3, 40],
      [0, 256],
      [5, 262],
      [100, 1000],
    ]) {
      const to = Buffer.alloc(1100, 7);
      expect(copyBytes(src, start, end, to, 9)).toBe(9 + end - start);
      expect(to.subarray(9, 9 + end - start)).toEqual(src.subarray(start, end));
      expect([to[8], to[9 + end - start]]).toEqual([7, 7]);
    }
  });

  it('writes UTF-8 as Buffer.write does, ASCII or not, short or long', () => {
    for (const s of ['', 'plain words', 'é at the end', 'mid 漢 dle', '🎬 first', 'x'.repeat(64), 'y'.repeat(65), `${'z'.repeat(63)}é`]) {
      const to = Buffer.alloc(400, 7);
      const n = writeUtf8(to, 2, s);
      expect(to.toString('utf8', 2, 2 + n)).toBe(s);
      expect(n).toBe(Buffer.byteLength(s));
      expect(to[2 + n]).toBe(7);
    }
  });
});
