// Posting lists in memory: 32-bit while every pointer fits, exact past 2^32 once one does not; and
// their slices made lazily when the list is in time order.
import { describe, expect, it } from 'vitest';
import { BlockDirectory } from './directory';
import { selectPage } from './page';
import { PostingIndex, packPointer } from './postings';
import { postingSlices, postingSlicesInOrder } from './reader';

describe('PostingIndex', () => {
  it('keeps pointers in 32 bits, and every pointer exact once one needs more', () => {
    const index = new PostingIndex();
    const small = Array.from({ length: 40 }, (_, i) => packPointer(i, i % 7));
    index.append('a:x', small.slice(0, 25));
    index.append('a:x', small.slice(25));
    expect(index.get('a:x')).toBeInstanceOf(Uint32Array);
    expect([...index.get('a:x')]).toEqual(small);

    const far = packPointer(2 ** 21 + 3, 4095); // a session past 2^20 blocks
    expect(far).toBeGreaterThan(2 ** 32);
    index.append('a:x', [far]);
    expect(index.get('a:x')).toBeInstanceOf(Float64Array);
    expect([...index.get('a:x')]).toEqual([...small, far]);
    expect(index.remove('a:x', (p) => p < packPointer(30, 0))).toBe(true);
    expect([...index.get('a:x')]).toEqual([...small.slice(30), far]);
    expect(index.get('c:none')).toHaveLength(0);
  });

  it('keeps short lists as they grow past the small size, removes from either kind, and lists keys by prefix', () => {
    const index = new PostingIndex();
    const ps = Array.from({ length: 200 }, (_, i) => packPointer(i >> 2, i & 3));
    for (let i = 0; i < ps.length; i += 7) {
      index.append('c:long', ps.slice(i, i + 7));
      expect([...index.get('c:long')]).toEqual(ps.slice(0, i + 7));
    }
    index.append('c:short', ps.slice(0, 3));
    index.append('a:node', ps.slice(0, 70));
    expect(index.remove('c:short', (p) => p === ps[1])).toBe(true);
    expect([...index.get('c:short')]).toEqual([ps[0], ps[2]]);
    expect(index.remove('c:short', () => true)).toBe(false);
    expect(index.has('c:short')).toBe(false);
    expect(index.remove('a:node', (p) => p >= ps[10])).toBe(true);
    expect([...index.get('a:node')]).toEqual(ps.slice(0, 10));
    const far = packPointer(2 ** 21, 1);
    index.append('c:far', [ps[0], far]);
    expect(index.get('c:far')).toBeInstanceOf(Float64Array);
    expect([...index.get('c:far')]).toEqual([ps[0], far]);
    expect([...index.entries('a:')].map(([k]) => k)).toEqual(['a:node']);
    expect([...index.entries()].map(([k]) => k).sort()).toEqual(['a:node', 'c:far', 'c:long']);
  });
});

describe('PostingIndex loading', () => {
  it('appends ranges of a segment without views, and makes a reserved list its final size once', () => {
    const segment = Uint32Array.from({ length: 1000 }, (_, i) => 3 * i);
    const index = new PostingIndex();
    index.reserve('a:big', 1000);
    const heldBig = () => [...index.heldInOrder('a:')].find(([k]) => k === 'a:big')![1] as Uint32Array;
    index.append('a:big', segment, 0, 100);
    const first = heldBig().buffer;
    for (let from = 100; from < 1000; from += 100) index.append('a:big', segment, from, from + 100);
    index.append('c:short', segment, 10, 13);
    index.append('c:short', segment, 20, 22);
    expect(Array.from(index.get('a:big'))).toEqual(Array.from(segment));
    expect(Array.from(index.get('c:short'))).toEqual([30, 33, 36, 60, 63]);
    // Held as made by the first append: one array of exactly 1,000 pointers (doubling from 128
    // would have made four and held 1,024).
    expect(heldBig().buffer).toBe(first);
    expect(first.byteLength).toBe(4000);
    // The order check looks at the range appended, not the whole array.
    index.append('a:late', segment, 5, 8);
    index.append('a:late', segment, 2, 4);
    expect([...index.heldInOrder('a:late')].map(([, , ascending]) => ascending)).toEqual([false]);
    index.append('a:rising', segment, 5, 8);
    index.append('a:rising', segment, 8, 9);
    expect([...index.heldInOrder('a:rising')].map(([, , ascending]) => ascending)).toEqual([true]);
  });
});

describe('postingSlicesInOrder', () => {
  /** Blocks of `per` events, numbered in time order; `base` evicted events at the first one's head. */
  const directory = (blocks: number, per: number, base = 0) =>
    new BlockDirectory(
      Array.from({ length: blocks }, (_, no) => ({
        no,
        n: per,
        base: no === 0 ? base : 0,
        ts: Float64Array.from({ length: per }, (_, i) => 1_000 + no * per * 10 + i * 10),
        seq: Float64Array.from({ length: per }, (_, i) => no * per + i),
        bytes: 0,
      })),
    );
  const pointers = (list: number[]) => Uint32Array.from(list);

  it('gives the slices postingSlices gives, made as they are taken', () => {
    const dir = directory(40, 50, 7);
    expect(dir.inNumberOrder).toBe(true);
    const list = pointers(Array.from({ length: 600 }, (_, k) => packPointer(Math.floor(k / 15), (k * 7) % 50)).sort((a, b) => a - b));
    const lazy = postingSlicesInOrder(dir, Uint32Array.from(new Set(list)));
    expect(Array.isArray(lazy)).toBe(false);
    const expected = postingSlices(dir, Uint32Array.from(new Set(list)));
    expect([...lazy]).toEqual(expected);
    // A page from it is the page from the full slices, with and without a cursor.
    expect(selectPage(postingSlicesInOrder(dir, Uint32Array.from(new Set(list))), null, 33)).toEqual(selectPage(expected, null, 33));
    const after = { ts: 1_000 + 12 * 500 + 30, seq: 12 * 50 + 3 };
    expect(selectPage(postingSlicesInOrder(dir, Uint32Array.from(new Set(list))), after, 33)).toEqual(selectPage(expected, after, 33));
  });

  it('falls back to postingSlices when the list or the blocks are out of order', () => {
    const dir = directory(5, 10);
    const unordered = pointers([packPointer(2, 1), packPointer(0, 3), packPointer(4, 0)]);
    expect(postingSlicesInOrder(dir, unordered)).toEqual(postingSlices(dir, unordered));
    expect(Array.isArray(postingSlicesInOrder(dir, unordered))).toBe(true);
    const late = new BlockDirectory([
      { no: 0, n: 2, base: 0, ts: Float64Array.of(50, 60), seq: Float64Array.of(0, 1), bytes: 0 },
      { no: 1, n: 2, base: 0, ts: Float64Array.of(10, 20), seq: Float64Array.of(2, 3), bytes: 0 }, // written late
    ]);
    expect(late.inNumberOrder).toBe(false);
    const both = pointers([packPointer(0, 0), packPointer(1, 0)]);
    expect(Array.isArray(postingSlicesInOrder(late, both))).toBe(true);
    expect(selectPage(postingSlicesInOrder(late, both), null, 1)[0].block.no).toBe(1);
  });
});
