import { describe, expect, it } from 'vitest';
import type { BlockIndexRecord } from './schema';
import { positionsOfSeqs } from './seq-lookup';

/** A block holding these seqs (in the given order), room for more. */
function block(no: number, seqs: number[]): BlockIndexRecord {
  const seq = new Float64Array(16);
  seq.set(seqs);
  return { no, n: seqs.length, base: 0, ts: new Float64Array(16), seq, bytes: 0 };
}

const found = (ps: ReturnType<typeof positionsOfSeqs>) => ps.map((p) => [p.block.no, p.i, p.block.seq[p.i]]);

describe('events by seq', () => {
  it('finds each wanted seq where a block holds it, out of order or not, and leaves out what none holds', () => {
    const blocks = [block(0, [1, 2, 3, 4]), block(1, [7, 5, 6, 8]), block(2, [9, 12, 10, 11])];
    expect(found(positionsOfSeqs(blocks, new Set([6, 9, 2, 99])))).toEqual([
      [0, 1, 2],
      [1, 2, 6],
      [2, 0, 9],
    ]);
    expect(positionsOfSeqs(blocks, new Set())).toEqual([]);
  });

  it('sees what a block took in after its span was first worked out', () => {
    const tail = block(0, [1, 2]);
    expect(found(positionsOfSeqs([tail], new Set([2])))).toEqual([[0, 1, 2]]);
    tail.seq[2] = 40;
    tail.n = 3;
    expect(found(positionsOfSeqs([tail], new Set([40])))).toEqual([[0, 2, 40]]);
  });

  it('skips events evicted from the front of a block', () => {
    const b = block(0, [1, 2, 3]);
    b.base = 2;
    expect(found(positionsOfSeqs([b], new Set([1, 3])))).toEqual([[0, 2, 3]]);
  });
});
