// Joining CRC-32s: the combined CRC equals zlib's CRC of the joined bytes.
import { crc32 } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { crc32Combine } from './crc32-combine';

function bytes(n: number, seed: number): Buffer {
  const b = Buffer.allocUnsafe(n);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < n; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    b[i] = x & 0xff;
  }
  return b;
}

describe('crc32Combine', () => {
  it('gives the CRC of the joined bytes for every split of random runs', () => {
    for (const [n, seed] of [
      [0, 1],
      [1, 2],
      [2, 3],
      [7, 4],
      [64, 5],
      [1000, 6],
      [65_537, 7],
    ]) {
      const all = bytes(n, seed);
      for (const at of new Set([0, 1, Math.floor(n / 3), Math.floor(n / 2), n - 1, n].filter((k) => k >= 0 && k <= n))) {
        const a = all.subarray(0, at);
        const b = all.subarray(at);
        expect(crc32Combine(crc32(a), crc32(b), b.length)).toBe(crc32(all));
      }
    }
  });

  it('joins many runs one after another, as parts are joined', () => {
    const runs = [300, 0, 4096, 17, 1 << 16].map((n, i) => bytes(n, i + 11));
    let crc = 0;
    for (const r of runs) crc = crc32Combine(crc, crc32(r), r.length);
    expect(crc).toBe(crc32(Buffer.concat(runs)));
  });

  it('takes a second run longer than 2^32 bytes (its length past 32 bits)', () => {
    // Appending 2^32 + 5 zero bytes: the same as 5 zero bytes after 2^32 of them; checked against
    // doing it in two steps whose lengths fit in 32 bits.
    const a = bytes(100, 9);
    const crcA = crc32(a);
    const zeros = (n: number) => crc32Combine(0, 0, n); // CRC of n zero bytes from a zero start is 0
    expect(zeros(16)).toBe(0);
    const direct = crc32Combine(crcA, 0, 2 ** 32 + 5);
    const steps = crc32Combine(crc32Combine(crc32Combine(crcA, 0, 2 ** 31), 0, 2 ** 31), 0, 5);
    expect(direct).toBe(steps);
    expect(direct).not.toBe(crc32Combine(crcA, 0, 5));
  });
});
