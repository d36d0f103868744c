import { describe, expect, it } from 'vitest';
import { niceStep, ticks } from './axis';
import { alignedBuckets, bucketItem, MAX_SINGLE, planWindow } from './windowing';

describe('timeline windowing', () => {
  it('shows single events when the window holds few', () => {
    expect(planWindow(0, 0, 1000, MAX_SINGLE)).toEqual({ mode: 'events' });
  });

  it('uses power-of-two buckets aligned to the session start, so panning keeps their ids', () => {
    const p = planWindow(100, 1_000, 61_000, 50_000);
    if (p.mode !== 'buckets') throw new Error('expected buckets');
    expect(Math.log2(p.size) % 1).toBe(0);
    expect((p.start - 100) % p.size).toBe(0);
    expect(p.start).toBeLessThanOrEqual(1_000);
    expect(p.start + p.count * p.size - 1).toBeGreaterThanOrEqual(61_000);
    expect(p.count).toBeLessThanOrEqual(81); // at most about twice the target
    const moved = planWindow(100, 1_000 + p.size, 61_000 + p.size, 50_000);
    if (moved.mode !== 'buckets') throw new Error('expected buckets');
    const ids = (q: typeof p) => Array.from({ length: q.count }, (_, i) => bucketItem(q.start, q.size, i, 1, 1).id);
    const shared = ids(moved).filter((id) => ids(p).includes(id));
    expect(shared.length).toBe(p.count - 1);
  });

  it('covers a whole session for the density strip: at most `width` buckets, at least half as many', () => {
    for (const [t0, t1, width] of [
      [0, 999, 1000],
      [5, 6_000_000_000_123, 1500],
      [1_700_000_000_000, 1_700_000_000_000 + 12_345_678, 733],
      [42, 42, 300],
    ]) {
      const { size, start, count } = alignedBuckets(t0, t0, t1, width);
      expect(Number.isInteger(Math.log2(size))).toBe(true);
      expect(start).toBe(t0);
      expect(count).toBeLessThanOrEqual(width);
      if (t1 - t0 + 1 >= width) expect(count).toBeGreaterThan(width / 2);
      expect(t0 + count * size - 1).toBeGreaterThanOrEqual(t1);
      expect(t0 + (count - 1) * size - 1).toBeLessThan(t1);
    }
  });

  it('darkens fuller buckets', () => {
    expect(bucketItem(0, 8, 0, 1, 100).className).toBe('bucket level-1');
    expect(bucketItem(0, 8, 0, 100, 100).className).toBe('bucket level-4');
    expect(bucketItem(0, 8, 2, 5, 10)).toMatchObject({ from: 16, to: 23 });
  });
});

describe('the numeric axis', () => {
  it('steps by 1, 2 or 5 times a power of ten, labels at least 90 px apart', () => {
    expect(niceStep(1_000, 1_000)).toBe(100);
    expect(niceStep(1_000_000_000, 1_200)).toBe(100_000_000);
    expect(niceStep(3_000, 1_000)).toBe(500);
    expect(niceStep(10, 1_000)).toBe(1);
    for (const [span, width] of [
      [123_456_789, 777],
      [5, 2_000],
      [9e15, 1_500],
    ]) {
      const s = niceStep(span, width);
      expect((s / span) * width).toBeGreaterThanOrEqual(90 - 1e-9);
      expect(String(s / 10 ** Math.floor(Math.log10(s)))).toMatch(/^(1|2|5)$/);
    }
    expect(ticks(0, 1_000, 250)).toEqual([0, 250, 500, 750, 1_000]);
    expect(ticks(130, 600, 200)).toEqual([200, 400, 600]);
  });
});
