import { describe, expect, it } from 'vitest';
import { seededRandom } from '../random';
import { nestedDeeper } from './depth';

/** The depth of the deepest value below `v` (0 for a primitive or an empty container), by recursion. */
function deepest(v: unknown): number {
  if (v === null || typeof v !== 'object') return 0;
  const children = Array.isArray(v) ? v : Object.values(v);
  return children.length === 0 ? 0 : 1 + Math.max(...children.map(deepest));
}

describe('nestedDeeper', () => {
  it('says whether anything lies more than max levels down, as a recursive walk does', () => {
    const r = seededRandom(9);
    const make = (d: number): unknown => {
      if (d === 0 || r() < 0.2) return r() < 0.5 ? 1 : r() < 0.5 ? [] : {};
      const n = Math.floor(r() * 3);
      return r() < 0.5
        ? Array.from({ length: n }, () => make(d - 1))
        : Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${i}`, make(d - 1)]));
    };
    for (let i = 0; i < 500; i++) {
      const v = make(8);
      for (const max of [0, 1, 2, 3, 5]) expect(nestedDeeper(v, max), JSON.stringify(v)).toBe(deepest(v) > max);
    }
    // An empty container at the limit holds nothing below it.
    expect(nestedDeeper([[[]]], 2)).toBe(false);
    expect(nestedDeeper([[[1]]], 2)).toBe(true);
    expect(nestedDeeper({ a: { b: {} } }, 1)).toBe(true);
  });
});
