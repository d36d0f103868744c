// An edit script read as columns: the aligned positions the compare view draws, each holding
// A's event, B's event, or both. Prefix sums over the runs find the run under any column by binary
// search, so a window deep into a million columns costs no walk from the start.
import type { EditRun } from './diff';

/** One aligned position: the index of its event in A's and in B's sequence (-1: none there). */
export interface ScriptColumn {
  column: number;
  op: EditRun['op'];
  a: number;
  b: number;
}

export class ScriptColumns {
  /** Per run: its first column, and A's and B's positions there. */
  private readonly col: Float64Array;
  private readonly posA: Float64Array;
  private readonly posB: Float64Array;
  readonly columns: number;

  constructor(private readonly runs: readonly EditRun[]) {
    this.col = new Float64Array(runs.length + 1);
    this.posA = new Float64Array(runs.length + 1);
    this.posB = new Float64Array(runs.length + 1);
    runs.forEach((r, k) => {
      this.col[k + 1] = this.col[k] + r.n;
      this.posA[k + 1] = this.posA[k] + (r.op === 'insert' ? 0 : r.n);
      this.posB[k + 1] = this.posB[k] + (r.op === 'delete' ? 0 : r.n);
    });
    this.columns = this.col[runs.length];
  }

  /** The run holding `column` (the last run for a column past the end). */
  runAt(column: number): number {
    let lo = 0;
    let hi = this.runs.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.col[mid] <= column) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  /** The columns in [from, to), clipped to the script. */
  slice(from: number, to: number): ScriptColumn[] {
    const out: ScriptColumn[] = [];
    const end = Math.min(to, this.columns);
    if (this.runs.length === 0 || from >= end) return out;
    for (let k = this.runAt(Math.max(0, from)); k < this.runs.length && this.col[k] < end; k++) {
      const op = this.runs[k].op;
      for (let c = Math.max(from, this.col[k]); c < Math.min(end, this.col[k + 1]); c++) {
        const d = c - this.col[k];
        out.push({ column: c, op, a: op === 'insert' ? -1 : this.posA[k] + d, b: op === 'delete' ? -1 : this.posB[k] + d });
      }
    }
    return out;
  }

  /** The first column of the next change (a run not equal) after `column`, or null. */
  nextChange(column: number): number | null {
    for (let k = this.runAt(column); k < this.runs.length; k++) {
      if (this.runs[k].op !== 'equal' && this.col[k] > column) return this.col[k];
    }
    return null;
  }

  /** The first column of the last change before `column`, or null. */
  previousChange(column: number): number | null {
    for (let k = Math.min(this.runAt(column), this.runs.length - 1); k >= 0; k--) {
      if (this.runs[k].op !== 'equal' && this.col[k] < column) return this.col[k];
    }
    return null;
  }

  /** Run k's columns and kind, for drawing. */
  run(k: number): { from: number; to: number; op: EditRun['op'] } {
    return { from: this.col[k], to: this.col[k + 1], op: this.runs[k].op };
  }

  get runCount(): number {
    return this.runs.length;
  }
}
