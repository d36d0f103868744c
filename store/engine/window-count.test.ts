import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../src/random';
import { BlockDirectory } from './directory';
import { packPointer } from './postings';
import type { BlockIndexRecord } from './schema';
import { WindowCounter } from './window-count';

/** A block of `n` events at sorted times from `start`, steps of 1 to `step`. */
function block(no: number, start: number, n: number, step: number, random: () => number): BlockIndexRecord {
  const ts = new Float64Array(n);
  let t = start;
  for (let i = 0; i < n; i++) ts[i] = t += Math.floor(random() * step);
  return { no, n, base: 0, ts, seq: Float64Array.from(ts, (_t, i) => no * 1000 + i), bytes: 0 };
}

/** The count by looking at every pointer: what the counter must equal. */
function brute(dir: BlockDirectory, pointers: number[], t0: number, t1: number): number {
  return pointers.filter((p) => {
    const b = dir.get(Math.floor(p / 4096))!;
    const i = p % 4096;
    return i >= b.base && b.ts[i] >= t0 && b.ts[i] <= t1;
  }).length;
}

/** An array that counts the reads of its elements. */
function counted(values: number[]): { list: ArrayLike<number>; reads: () => number } {
  let reads = 0;
  const list = new Proxy(values, {
    get(target, key, receiver) {
      if (typeof key === 'string' && /^\d+$/.test(key)) reads++;
      return Reflect.get(target, key, receiver) as unknown;
    },
  });
  return { list, reads: () => reads };
}

describe('counting a posting list in a time window', () => {
  it('equals a count over every pointer, for blocks in order or overlapping, lists in order or not', () => {
    for (let seed = 1; seed <= 60; seed++) {
      const random = seededRandom(seed);
      const blocks: BlockIndexRecord[] = [];
      let t = 0;
      const count = 2 + Math.floor(random() * 30);
      let no = 0;
      for (let k = 0; k < count; k++) {
        no += random() < 0.1 ? 2 : 1;
        // Some blocks start before the last one ended (late arrivals), some leave a gap in numbers.
        const start = random() < 0.25 ? Math.max(0, t - Math.floor(random() * 500)) : t;
        const b = block(no, start, 1 + Math.floor(random() * 200), 10, random);
        if (random() < 0.15) b.base = Math.floor(random() * b.n); // evicted from its front
        blocks.push(b);
        t = Math.max(t, b.ts[b.n - 1]);
      }
      const dir = new BlockDirectory(blocks);
      const live = dir.blocks.flatMap((b) => Array.from({ length: b.n - b.base }, (_x, k) => packPointer(b.no, b.base + k)));
      const pointers = live.filter(() => random() < 0.6).sort((a, b) => a - b);
      const shuffled = [...pointers].sort(() => random() - 0.5);
      for (let q = 0; q < 20; q++) {
        const t0 = Math.floor(random() * (t + 20)) - 10;
        const t1 = t0 + Math.floor(random() * t);
        const counter = new WindowCounter(dir, t0, t1);
        const want = brute(dir, pointers, t0, t1);
        expect(counter.count(pointers, true), `seed ${seed}, [${t0}, ${t1}]`).toBe(want);
        expect(counter.count(shuffled, false), `seed ${seed}, shuffled`).toBe(want);
      }
    }
  });

  it('reads a few pointers, not each, of a long list whose window leaves out only its last blocks', () => {
    const random = seededRandom(3);
    const blocks: BlockIndexRecord[] = [];
    for (let no = 0; no < 200; no++) blocks.push(block(no, no * 100_000, 4000, 20, random));
    const dir = new BlockDirectory(blocks);
    const pointers = blocks.flatMap((b) => Array.from({ length: 1000 }, (_x, k) => packPointer(b.no, k * 4)));
    // As the AST panel asks while a session imports: from the start to a moment inside block 197.
    const t1 = blocks[197].ts[2000];
    const counter = new WindowCounter(dir, 0, t1);
    const { list, reads } = counted(pointers);
    expect(counter.count(list, true)).toBe(brute(dir, pointers, 0, t1));
    expect(reads()).toBeLessThan(2_000); // a pass reads all 200,000
    // A list out of order is counted by the pass, exactly.
    const { list: again, reads: readsAgain } = counted(pointers);
    expect(counter.count(again, false)).toBe(brute(dir, pointers, 0, t1));
    expect(readsAgain()).toBeGreaterThanOrEqual(pointers.length);
  });
});
