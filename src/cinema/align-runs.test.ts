import { describe, expect, it } from 'vitest';
import { seededRandom } from '../random';
import { type AlignOptions, Aligner, scriptTotals } from './align-runs';
import type { EditRun } from './diff';
import { ScriptColumns } from './script-columns';

/** Checks that a script turns A into B: every equal run holds equal tokens, and both ends are reached. */
function checkScript(a: Int32Array, b: Int32Array, runs: EditRun[]): void {
  let i = 0;
  let j = 0;
  for (const r of runs) {
    expect(r.n).toBeGreaterThan(0);
    if (r.op === 'equal') {
      for (let k = 0; k < r.n; k++)
        if (a[i + k] !== b[j + k]) throw new Error(`equal run at A ${i + k}, B ${j + k} holds different tokens`);
    }
    if (r.op !== 'insert') i += r.n;
    if (r.op !== 'delete') j += r.n;
  }
  expect([i, j]).toEqual([a.length, b.length]);
}

/** A program's run: a loop body of `body` tokens repeated, with the loop's count. */
function run(iterations: number, body = [10, 11, 12, 13]): number[] {
  return [1, 2, ...Array.from({ length: iterations }, () => body).flat(), 3, 4];
}

const i32 = (xs: number[]) => Int32Array.from(xs);

/** The whole script at once. */
function alignRuns(a: Int32Array, b: Int32Array, opts?: AlignOptions): EditRun[] {
  const al = new Aligner(a, b, opts);
  while (!al.done) al.step();
  return al.runs;
}

describe('aligning two whole runs', () => {
  it('reads one extra loop iteration deep in B as four insertions, everything else lined up', () => {
    const a = i32(run(50_000));
    const b = i32([...run(30_000).slice(0, -2), ...[10, 11, 12, 13], ...run(20_000).slice(2)]);
    const runs = alignRuns(a, b);
    checkScript(a, b, runs);
    expect(scriptTotals(runs)).toEqual({ columns: b.length, deleted: 0, inserted: 4 });
  });

  it('lines up again after a change too long for one window, through the nearest shared stretch', () => {
    const rand = seededRandom(3);
    const common = Array.from({ length: 5_000 }, () => Math.floor(rand() * 50));
    const onlyA = Array.from({ length: 3_000 }, () => 100 + Math.floor(rand() * 50));
    const onlyB = Array.from({ length: 7_000 }, () => 200 + Math.floor(rand() * 50));
    const a = i32([...common, ...onlyA, ...common]);
    const b = i32([...common, ...onlyB, ...common]);
    const runs = alignRuns(a, b, { window: 500, maxEdits: 50 });
    checkScript(a, b, runs);
    expect(runs).toEqual([
      { op: 'equal', n: 5_000 },
      { op: 'delete', n: 3_000 },
      { op: 'insert', n: 7_000 },
      { op: 'equal', n: 5_000 },
    ]);
  });

  it('turns A into B with few edits where B is A with scattered changes (random)', () => {
    const rand = seededRandom(11);
    for (let t = 0; t < 40; t++) {
      const a = Array.from({ length: 2_000 + Math.floor(rand() * 4_000) }, () => Math.floor(rand() * 6));
      const b: number[] = [];
      let changes = 0;
      for (const x of a) {
        const r = rand();
        // Dropped, followed by an extra token, replaced, or kept.
        if (r < 0.006) changes++;
        if (r >= 0.002 && r < 0.004) b.push(x, 7);
        else if (r >= 0.004 && r < 0.006) b.push(8);
        else if (r >= 0.006) b.push(x);
      }
      const A = i32(a);
      const B = i32(b);
      const runs = alignRuns(A, B, { window: 300, maxEdits: 40 });
      checkScript(A, B, runs);
      const { deleted, inserted } = scriptTotals(runs);
      // Each change costs at most two edits (a replaced token); a script may find fewer, never many more.
      expect(deleted + inserted).toBeLessThanOrEqual(2 * changes + 2);
    }
  });

  it('turns A into B whatever they are, ends included (random, unrelated runs)', () => {
    const rand = seededRandom(17);
    for (let t = 0; t < 60; t++) {
      const a = i32(Array.from({ length: Math.floor(rand() * 3_000) }, () => Math.floor(rand() * 3)));
      const b = i32(Array.from({ length: Math.floor(rand() * 3_000) }, () => Math.floor(rand() * 3)));
      checkScript(a, b, alignRuns(a, b, { window: 200, maxEdits: 20, lookahead: 500 }));
    }
  });

  it('goes a step at a time, each step placing tokens, so a caller can stop between them', () => {
    const a = i32(run(10_000));
    const b = i32(run(10_001));
    const al = new Aligner(a, b);
    let steps = 0;
    while (!al.done) {
      const before = al.placed;
      al.step();
      expect(al.placed).toBeGreaterThan(before);
      steps++;
    }
    expect(steps).toBeLessThan(10);
    checkScript(a, b, al.runs);
  });
});

describe('a script read as columns', () => {
  const runs: EditRun[] = [
    { op: 'equal', n: 3 },
    { op: 'insert', n: 2 },
    { op: 'equal', n: 2 },
    { op: 'delete', n: 1 },
    { op: 'equal', n: 1 },
  ];
  const cols = new ScriptColumns(runs);

  it("gives each column A's and B's positions, as walking the script from the start does", () => {
    const walked: Array<[string, number, number]> = [];
    let i = 0;
    let j = 0;
    for (const r of runs)
      for (let k = 0; k < r.n; k++) {
        walked.push([r.op, r.op === 'insert' ? -1 : i++, r.op === 'delete' ? -1 : j++]);
      }
    expect(cols.columns).toBe(9);
    expect(cols.slice(0, 100).map((c) => [c.op, c.a, c.b])).toEqual(walked);
    expect(cols.slice(4, 8).map((c) => [c.op, c.a, c.b])).toEqual(walked.slice(4, 8));
    expect(cols.slice(9, 12)).toEqual([]);
  });

  it('finds the next and the previous change', () => {
    expect(cols.nextChange(0)).toBe(3);
    expect(cols.nextChange(3)).toBe(7);
    expect(cols.nextChange(7)).toBeNull();
    expect(cols.previousChange(8)).toBe(7);
    expect(cols.previousChange(7)).toBe(3);
    expect(cols.previousChange(3)).toBeNull();
  });
});
