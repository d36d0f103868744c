// The block directory: every block's time columns, in memory, ordered by each block's first live
// event. Blocks written in time order never overlap and a range query is two binary searches.
// Events that arrive late land in new blocks that overlap older ones; `reach` (the running maximum
// of last timestamps) keeps the search exact then, and queries merge by (timestamp, arrival).
import type { BlockIndexRecord } from './schema';

/** A position in time: ties on timestamp are ordered by arrival (seq). */
export interface EventKey {
  ts: number;
  seq: number;
}

/** Negative when a comes first. */
export function compareKeys(aTs: number, aSeq: number, bTs: number, bSeq: number): number {
  return aTs !== bTs ? aTs - bTs : aSeq - bSeq;
}

/** First index in [lo, hi) whose ts is >= t (or > t when `after`). */
export function lowerBound(ts: Float64Array, lo: number, hi: number, t: number, after = false): number {
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (ts[mid] < t || (after && ts[mid] === t)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** First index in [lo, hi) whose key is after `key`. */
export function afterKey(b: BlockIndexRecord, lo: number, hi: number, key: EventKey): number {
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (compareKeys(b.ts[mid], b.seq[mid], key.ts, key.seq) <= 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export class BlockDirectory {
  /** Live blocks ordered by their first live key. */
  private ordered: BlockIndexRecord[] = [];
  /** reach[i] = largest last timestamp among ordered[0..i]. */
  private reach: number[] = [];
  private byNo = new Map<number, BlockIndexRecord>();

  constructor(records: Iterable<BlockIndexRecord> = []) {
    for (const r of records) if (r.base < r.n) this.byNo.set(r.no, r);
    this.rebuild();
  }

  get blocks(): readonly BlockIndexRecord[] {
    return this.ordered;
  }

  get(no: number): BlockIndexRecord | undefined {
    return this.byNo.get(no);
  }

  /** Cached `inNumberOrder`; null after a change. */
  private numberOrder: boolean | null = null;

  /**
   * True when no two blocks overlap and their numbers rise with time (events written in time
   * order): then block number order is time order, and a posting list in pointer order is too.
   */
  get inNumberOrder(): boolean {
    if (this.numberOrder === null) {
      let ok = true;
      for (let i = 1; ok && i < this.ordered.length; i++) ok = this.ordered[i].no > this.ordered[i - 1].no;
      this.numberOrder = ok && this.disjoint;
    }
    return this.numberOrder;
  }

  /** True when no two blocks overlap in time: then directory order is chronological order. */
  get disjoint(): boolean {
    for (let i = 1; i < this.ordered.length; i++) {
      const a = this.ordered[i - 1];
      const b = this.ordered[i];
      if (compareKeys(a.ts[a.n - 1], a.seq[a.n - 1], b.ts[b.base], b.seq[b.base]) > 0) return false;
    }
    return true;
  }

  /** Adds or replaces blocks (a rewritten last block keeps its number). */
  upsert(records: BlockIndexRecord[]): void {
    this.numberOrder = null;
    let appendOnly = true;
    for (const r of records) {
      const old = this.byNo.get(r.no);
      this.byNo.set(r.no, r);
      if (old) {
        const i = this.ordered.indexOf(old);
        if (i === this.ordered.length - 1 && r.base === old.base) {
          this.ordered[i] = r;
          this.reach[i] = Math.max(i > 0 ? this.reach[i - 1] : -Infinity, r.ts[r.n - 1]);
          continue;
        }
        appendOnly = false;
        continue;
      }
      const last = this.ordered[this.ordered.length - 1];
      if (appendOnly && (!last || compareKeys(last.ts[last.base], last.seq[last.base], r.ts[r.base], r.seq[r.base]) <= 0)) {
        this.ordered.push(r);
        const prev = this.reach.length > 0 ? this.reach[this.reach.length - 1] : -Infinity;
        this.reach.push(Math.max(prev, r.ts[r.n - 1]));
      } else {
        appendOnly = false;
      }
    }
    if (!appendOnly) this.rebuild();
  }

  /** Drops blocks whose events are all evicted, and reorders after heads were trimmed. */
  replaceAfterEviction(changed: BlockIndexRecord[], removed: number[]): void {
    for (const no of removed) this.byNo.delete(no);
    for (const r of changed) this.byNo.set(r.no, r);
    this.rebuild();
  }

  private rebuild(): void {
    this.numberOrder = null;
    this.ordered = [...this.byNo.values()].filter((r) => r.base < r.n);
    this.ordered.sort((a, b) => compareKeys(a.ts[a.base], a.seq[a.base], b.ts[b.base], b.seq[b.base]));
    this.reach = [];
    let m = -Infinity;
    for (const r of this.ordered) {
      m = Math.max(m, r.ts[r.n - 1]);
      this.reach.push(m);
    }
  }

  /** Index in `blocks` of the first block that may hold an event at or after time t. */
  firstReaching(t: number): number {
    let lo = 0;
    let hi = this.reach.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.reach[mid] < t) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Live events across all blocks. */
  countLive(): number {
    let n = 0;
    for (const b of this.ordered) n += b.n - b.base;
    return n;
  }

  /** Earliest and latest live timestamps, or nulls when empty. */
  bounds(): { oldest: number | null; newest: number | null } {
    if (this.ordered.length === 0) return { oldest: null, newest: null };
    const first = this.ordered[0];
    return { oldest: first.ts[first.base], newest: this.reach[this.reach.length - 1] };
  }
}
