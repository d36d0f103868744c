// The density strip's buckets: a power-of-two width from the session's start, one or two pixels
// each, covering the whole session.
import { describe, expect, it } from 'vitest';
import { stripBuckets } from './density-data';

describe('stripBuckets', () => {
  it('covers [t0, t1] with at most `width` buckets of a power-of-two width, at least half as many', () => {
    for (const [t0, t1, width] of [
      [0, 999, 1000],
      [5, 6_000_000_000_123, 1500],
      [1_700_000_000_000_000_000 / 1e6, 1_700_000_000_000_000_000 / 1e6 + 12_345_678, 733],
      [42, 42, 300],
    ]) {
      const { size, count, end } = stripBuckets(t0, t1, width);
      expect(Number.isInteger(Math.log2(size))).toBe(true);
      expect(count).toBeLessThanOrEqual(width);
      if (t1 - t0 + 1 >= width) expect(count).toBeGreaterThan(width / 2);
      expect(end).toBe(t0 + count * size - 1);
      expect(end).toBeGreaterThanOrEqual(t1);
      expect(end - size).toBeLessThan(t1);
    }
  });
});
