// The shortest edit script between two sequences (Myers, "An O(ND) difference algorithm", 1986):
// which items of A and B line up, which only A has (deleted) and which only B has (inserted). Used
// to compare two runs of a program after their first difference, so one extra loop iteration in B
// reads as an insertion and the rest lines up again. Cost O((N+M)·D) in time and O(D²) in memory
// for the trace, so callers bound D (maxEdits) and the window they pass.

/** A run of the script: `n` items equal in both, only in A, or only in B. */
export interface EditRun {
  op: 'equal' | 'delete' | 'insert';
  n: number;
}

/**
 * The edit script turning `a` into `b`, as runs in order, or null when more than `maxEdits`
 * insertions and deletions would be needed (the sequences are too different to align here).
 */
export function diffSequences(a: ArrayLike<number>, b: ArrayLike<number>, maxEdits = 1000): EditRun[] | null {
  const n = a.length;
  const m = b.length;
  const max = Math.min(n + m, maxEdits);
  const offset = max + 1;
  let v = new Int32Array(2 * max + 3);
  const trace: Int32Array[] = [];
  let found = -1;
  for (let d = 0; d <= max && found < 0; d++) {
    trace.push(v.slice());
    const next = v.slice();
    for (let k = -d; k <= d; k += 2) {
      // Down (insert from B) when at the lower edge or when the diagonal above reached further.
      let x = k === -d || (k !== d && v[offset + k - 1] < v[offset + k + 1]) ? v[offset + k + 1] : v[offset + k - 1] + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) {
        x++;
        y++;
      }
      next[offset + k] = x;
      if (x >= n && y >= m) {
        found = d;
        break;
      }
    }
    v = next;
  }
  if (found < 0) return null;
  trace.push(v);
  return backtrack(trace, a, b, offset, found);
}

function backtrack(trace: Int32Array[], a: ArrayLike<number>, b: ArrayLike<number>, offset: number, edits: number): EditRun[] {
  const ops: Array<'equal' | 'delete' | 'insert'> = [];
  let x = a.length;
  let y = b.length;
  for (let d = edits; d > 0; d--) {
    const v = trace[d];
    const k = x - y;
    const down = k === -d || (k !== d && v[offset + k - 1] < v[offset + k + 1]);
    const prevK = down ? k + 1 : k - 1;
    const prevX = v[offset + prevK];
    const prevY = prevX - prevK;
    while (x > prevX && y > prevY) {
      ops.push('equal');
      x--;
      y--;
    }
    ops.push(down ? 'insert' : 'delete');
    if (down) y--;
    else x--;
  }
  while (x > 0 && y > 0) {
    ops.push('equal');
    x--;
    y--;
  }
  const runs: EditRun[] = [];
  for (let i = ops.length - 1; i >= 0; i--) {
    const last = runs[runs.length - 1];
    if (last && last.op === ops[i]) last.n++;
    else runs.push({ op: ops[i], n: 1 });
  }
  return runs;
}
