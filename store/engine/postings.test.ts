// Posting lists in memory: 32-bit while every pointer fits, exact past 2^32 once one does not.
import { describe, expect, it } from 'vitest';
import { PostingIndex, packPointer } from './postings';

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
});
