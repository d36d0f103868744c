// Time columns stored compactly when their values allow, exactly as doubles otherwise, and read back
// the same either way (blocks stored before the compact form included).
import { describe, expect, it } from 'vitest';
import { decodeColumns, encodeColumns } from './columns-codec';
import type { BlockIndexRecord } from './schema';

const block = (ts: number[], seq: number[]): BlockIndexRecord => ({
  no: 7,
  n: ts.length,
  base: 2,
  bytes: 99,
  ts: Float64Array.from(ts),
  seq: Float64Array.from(seq),
});

const roundTrip = (r: BlockIndexRecord) => decodeColumns(structuredClone(encodeColumns(r)));

describe('stored time columns', () => {
  it('keep ascending timestamps as 32-bit steps and counting arrival numbers as their first', () => {
    const big = 2 ** 53 - 2 ** 31; // steps from a first near the largest safe integer stay exact
    for (const first of [0, -1_000_000_123, 1_700_000_000_000_000_000 / 1e3, big]) {
      const ts = Array.from({ length: 600 }, (_, i) => first + i * 7 + (i % 3 === 0 ? 0 : 0xfffff));
      ts.sort((a, b) => a - b);
      const r = block(
        ts,
        Array.from({ length: 600 }, (_, i) => 40 + i),
      );
      const stored = encodeColumns(r);
      expect(stored.ts).toBeInstanceOf(Uint32Array);
      expect(stored.seq).toBeNull();
      expect(roundTrip(r)).toEqual(r);
    }
  });

  it('keep doubles where a step goes back or past 2^32, or arrival numbers skip', () => {
    const ts = [10, 20, 20, 30];
    for (const r of [
      block([10, 20, 15, 30], [1, 2, 3, 4]),
      block([10, 10 + 2 ** 32, 2 ** 40, 2 ** 41], [1, 2, 3, 4]),
      block(ts, [1, 3, 4, 5]),
      block(ts, [4, 3, 2, 1]),
    ]) {
      const stored = encodeColumns(r);
      expect(stored.ts instanceof Float64Array || stored.seq instanceof Float64Array).toBe(true);
      expect(roundTrip(r)).toEqual(r);
    }
    expect(encodeColumns(block([10, 10 + 2 ** 32 - 1], [5, 6])).ts).toBeInstanceOf(Uint32Array);
  });

  it('read blocks stored as doubles, and empty ones', () => {
    const legacy = block([5, 9, 12], [3, 1, 2]);
    expect(decodeColumns(legacy)).toEqual(legacy);
    expect(roundTrip(block([], []))).toEqual(block([], []));
  });
});
