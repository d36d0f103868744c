import { describe, expect, it } from 'vitest';
import { seededRandom } from '../random';
import { type EditRun, diffSequences } from './diff';

/** Applies a script to A: what it gives must be B. */
function apply(a: number[], b: number[], runs: EditRun[]): number[] {
  const out: number[] = [];
  let i = 0;
  let j = 0;
  for (const r of runs) {
    if (r.op === 'equal') {
      for (let k = 0; k < r.n; k++) {
        expect(a[i + k]).toBe(b[j + k]);
        out.push(a[i + k]);
      }
      i += r.n;
      j += r.n;
    } else if (r.op === 'delete') i += r.n;
    else {
      out.push(...b.slice(j, j + r.n));
      j += r.n;
    }
  }
  expect([i, j]).toEqual([a.length, b.length]);
  return out;
}

/** Insertions plus deletions of the shortest script: n + m - 2·LCS, by dynamic programming. */
function fewestEdits(a: number[], b: number[]): number {
  const dp = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = 1; i <= a.length; i++)
    for (let j = 1; j <= b.length; j++) dp[i][j] = a[i - 1] === b[j - 1] ? dp[i - 1][j - 1] + 1 : Math.max(dp[i - 1][j], dp[i][j - 1]);
  return a.length + b.length - 2 * dp[a.length][b.length];
}

describe('the shortest edit script', () => {
  it('reads one extra loop iteration in B as an insertion, the rest lined up', () => {
    const loop = [1, 2, 3];
    const a = [0, ...loop, ...loop, 9, 8];
    const b = [0, ...loop, ...loop, ...loop, 9, 8];
    expect(diffSequences(a, b)).toEqual([
      { op: 'equal', n: 7 },
      { op: 'insert', n: 3 },
      { op: 'equal', n: 2 },
    ]);
  });

  it('is as short as any script and turns A into B, on random sequences', () => {
    const rand = seededRandom(5);
    for (let t = 0; t < 300; t++) {
      const a = Array.from({ length: Math.floor(rand() * 30) }, () => Math.floor(rand() * 4));
      const b =
        rand() < 0.5
          ? a.map((x) => (rand() < 0.2 ? Math.floor(rand() * 4) : x))
          : Array.from({ length: Math.floor(rand() * 30) }, () => Math.floor(rand() * 4));
      const runs = diffSequences(a, b)!;
      expect(apply(a, b, runs)).toEqual(b);
      const edits = runs.filter((r) => r.op !== 'equal').reduce((s, r) => s + r.n, 0);
      expect(edits).toBe(fewestEdits(a, b));
    }
  });

  it('gives up past the edits it may spend', () => {
    expect(diffSequences([1, 2, 3, 4], [5, 6, 7, 8], 3)).toBeNull();
    expect(diffSequences([], [])).toEqual([]);
    expect(diffSequences([1], [])).toEqual([{ op: 'delete', n: 1 }]);
  });
});
