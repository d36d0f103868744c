// Two whole runs of a program lined up end to end, for the compare view's stacked timelines: the
// edit script over both sequences of (AST node, event type) tokens, as runs of events equal in
// both, only in A (deleted) and only in B (inserted). Runs of the same program are nearly equal, so
// most of the work is walking a shared stretch; at each difference a shortest edit script over a
// bounded window (diff.ts) says what changed, and when the window holds too many changes to
// script, both sides are searched for the nearest stretch they share again (an anchor of ANCHOR
// equal tokens) and what lies between is one block of deletions and insertions. The cost stays
// near O(N) for similar runs and bounded per step for different ones; each step is small, so a
// caller can yield, report progress and stop between steps.
import type { StoredEvent } from '../event';
import { type EditRun, diffSequences } from './diff';

export interface AlignOptions {
  /** Tokens per side that one shortest edit script looks at. */
  window?: number;
  /** Insertions plus deletions that script may need before the window counts as too different. */
  maxEdits?: number;
  /** Tokens per side searched for the next shared stretch when the window is too different. */
  lookahead?: number;
}

/** Equal tokens in a row that count as the two runs being in step again. */
const ANCHOR = 16;

/** Lines up `a` and `b` a step at a time: step() until done, then runs. */
export class Aligner {
  readonly runs: EditRun[] = [];
  private i = 0;
  private j = 0;
  private readonly window: number;
  private readonly maxEdits: number;
  private readonly lookahead: number;

  constructor(
    private readonly a: Int32Array,
    private readonly b: Int32Array,
    opts: AlignOptions = {},
  ) {
    this.window = opts.window ?? 2000;
    this.maxEdits = opts.maxEdits ?? 200;
    this.lookahead = opts.lookahead ?? 20_000;
  }

  get done(): boolean {
    return this.i >= this.a.length && this.j >= this.b.length;
  }

  /** Tokens of both sides placed so far. */
  get placed(): number {
    return this.i + this.j;
  }

  /** Places the next stretch: a shared one, or the difference that follows it. */
  step(): void {
    const { a, b } = this;
    let p = 0;
    while (this.i + p < a.length && this.j + p < b.length && a[this.i + p] === b[this.j + p]) p++;
    if (p > 0) return this.push('equal', p);
    if (this.i >= a.length) return this.push('insert', b.length - this.j);
    if (this.j >= b.length) return this.push('delete', a.length - this.i);
    const endA = Math.min(a.length, this.i + this.window);
    const endB = Math.min(b.length, this.j + this.window);
    const script = diffSequences(a.subarray(this.i, endA), b.subarray(this.j, endB), this.maxEdits);
    // The changes before the script's first shared stretch are real; what follows may be the
    // window's edge cutting a sequence short, so the next step looks again from there.
    const firstEqual = script?.findIndex((r) => r.op === 'equal') ?? -1;
    if (script && firstEqual > 0) {
      for (let k = 0; k < firstEqual; k++) this.push(script[k].op, script[k].n);
      return;
    }
    if (script && endA === a.length && endB === b.length) {
      for (const r of script) this.push(r.op, r.n);
      return;
    }
    this.resync();
  }

  /** Too different to script here: skip to the nearest stretch both share, or a lookahead further. */
  private resync(): void {
    const anchor = this.nearestAnchor();
    const da = anchor ? anchor.da : Math.min(this.lookahead, this.a.length - this.i);
    const db = anchor ? anchor.db : Math.min(this.lookahead, this.b.length - this.j);
    if (da > 0) this.push('delete', da);
    if (db > 0) this.push('insert', db);
  }

  /**
   * The anchor (ANCHOR equal tokens) at the least da + db within the lookahead: B's stretches are
   * hashed by where they first start, then A is walked until no nearer anchor can be found.
   */
  private nearestAnchor(): { da: number; db: number } | null {
    const { a, b, i, j } = this;
    const endA = Math.min(a.length, i + this.lookahead);
    const endB = Math.min(b.length, j + this.lookahead);
    if (endA - i < ANCHOR || endB - j < ANCHOR) return null;
    const starts = new Map<number, number>();
    for (let y = j; y + ANCHOR <= endB; y++) {
      const h = hashAt(b, y);
      if (!starts.has(h)) starts.set(h, y);
    }
    let best: { da: number; db: number } | null = null;
    for (let x = i; x + ANCHOR <= endA; x++) {
      const da = x - i;
      if (best && da >= best.da + best.db) break;
      const y = starts.get(hashAt(a, x));
      if (y === undefined || !sameStretch(a, x, b, y)) continue;
      if (!best || da + (y - j) < best.da + best.db) best = { da, db: y - j };
    }
    return best;
  }

  private push(op: EditRun['op'], n: number): void {
    if (n <= 0) return;
    const last = this.runs[this.runs.length - 1];
    if (last && last.op === op) last.n += n;
    else this.runs.push({ op, n });
    if (op !== 'insert') this.i += n;
    if (op !== 'delete') this.j += n;
  }
}

/** A hash of the ANCHOR tokens from `at` (collisions are checked by sameStretch). */
function hashAt(s: Int32Array, at: number): number {
  let h = 0x811c9dc5;
  for (let k = 0; k < ANCHOR; k++) h = Math.imul(h ^ s[at + k], 0x01000193);
  return h;
}

function sameStretch(a: Int32Array, x: number, b: Int32Array, y: number): boolean {
  for (let k = 0; k < ANCHOR; k++) if (a[x + k] !== b[y + k]) return false;
  return true;
}

/** How a script's runs add up: columns (aligned positions), and events only in A or only in B. */
export function scriptTotals(runs: readonly EditRun[]): { columns: number; deleted: number; inserted: number } {
  let columns = 0;
  let deleted = 0;
  let inserted = 0;
  for (const r of runs) {
    columns += r.n;
    if (r.op === 'delete') deleted += r.n;
    else if (r.op === 'insert') inserted += r.n;
  }
  return { columns, deleted, inserted };
}

/** One matched pair of sequences (a process or flow of A and of B) lined up end to end. */
export interface AlignedPair {
  /** The process or flow in each run (null: that run has no such sequence). */
  keyA: string | null;
  keyB: string | null;
  lengthA: number;
  lengthB: number;
  runs: EditRun[];
  columns: number;
  deleted: number;
  inserted: number;
}

/** Events at aligned columns: A's, B's or both, and whether they are equal, only in A or only in B. */
export interface AlignedEvents {
  column: number;
  op: EditRun['op'];
  a: StoredEvent | null;
  b: StoredEvent | null;
}
