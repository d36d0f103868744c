// Posting lists: for each AST node id and each correlation id, the events that carry it, as packed
// pointers (block * 4096 + offset, exact in a double) in arrival order. A pointer names exactly where an event is, so an
// id lookup reads only the blocks that hold its events.
//
// The lists live in memory for the open session (4 bytes an event an index: 8 MB at 1M events) and
// are persisted as segments: one record holds the postings of every id a write batch touched. Each
// IndexedDB request costs ~0.1-0.2 ms in Chromium whatever its size, so one record per id per
// batch (~2,000 requests for 10,000 events) capped ingest near 25k events/s; one segment per batch
// does not. Small segments are merged into the last one until it holds layout.segmentPointers; a
// finished session's are rewritten holding each id once (posting-compaction.ts).
import { MAX_BLOCK_EVENTS } from './layout';
import { IdKind, type SegmentRecord } from './schema';

/** Packs a block number and an offset into one pointer. */
export function packPointer(block: number, offset: number): number {
  return block * MAX_BLOCK_EVENTS + offset;
}

/** The block number of a pointer. */
export function pointerBlock(p: number): number {
  return Math.floor(p / MAX_BLOCK_EVENTS);
}

/** The offset within its block of a pointer. */
export function pointerOffset(p: number): number {
  return p % MAX_BLOCK_EVENTS;
}

/** Map key for an id of a kind (AST and correlation ids share one map). */
export function postingKey(kind: IdKind, id: string): string {
  return (kind === IdKind.Ast ? 'a:' : 'c:') + id;
}

/** The kind a posting key belongs to. */
export function keyKind(key: string): IdKind {
  return key.charCodeAt(0) === 97 /* a */ ? IdKind.Ast : IdKind.Correlation;
}

/** Pointers as a list holds them: 4 bytes each while they fit (below 2^32: 1M blocks), else 8. */
export type Pointers = Uint32Array | Float64Array;

/** Lists up to this many pointers stay a plain array (see PointerList). */
const SMALL_LIST = 64;
/** V8 keeps integers below this (2^30) in an array as small integers, not boxed doubles. */
const SMALL_INT = 2 ** 30;

/**
 * A growable list of pointers. Most ids are correlations of a few dozen events (72k of them in a
 * 1M-event recording, ~720k at 10M), so a list starts as a plain array of small integers: a typed
 * array costs V8 three objects and two allocations outside its heap besides its values (~300 bytes
 * for 16 pointers, most of what the lists took in memory), and its allocation ~1 us in Chromium.
 * Past SMALL_LIST pointers it becomes typed, kept in 32 bits until one does not fit (a session
 * that has written past 2^20 blocks).
 */
class PointerList {
  small: number[] | null = [];
  data: Pointers = EMPTY;
  length = 0;
  /** Whether every pointer is greater than the one before (appends in arrival order keep it). */
  ascending = true;
  /**
   * How many pointers the list will hold once a load appends them all: its typed array is made that
   * size once, not doubled as they come (at 10M events the AST lists' doublings were ~40 MB of
   * garbage behind an open and up to as much capacity never used).
   */
  reserved = 0;

  /** Appends ps[from, to) (a range, so a caller holding a segment need not make a view per id). */
  append(ps: ArrayLike<number>, from = 0, to = ps.length): void {
    const n = to - from;
    if (this.ascending) {
      let prev = this.length > 0 ? this.last() : -1;
      for (let i = from; i < to; i++) {
        if (ps[i] <= prev) {
          this.ascending = false;
          break;
        }
        prev = ps[i];
      }
    }
    if (this.small !== null) {
      if (this.small.length + n <= SMALL_LIST && this.reserved <= SMALL_LIST) {
        // As small integers (4 bytes each in V8's heap): a pointer read from a Float64Array (a
        // segment loaded from disk) would otherwise turn the array into one of 8-byte doubles.
        for (let i = from; i < to; i++) this.small.push(ps[i] < SMALL_INT ? ps[i] | 0 : ps[i]);
        this.length = this.small.length;
        return;
      }
      this.data = typed(this.small, Math.max(2 * SMALL_LIST, this.small.length + n, this.reserved));
      this.small = null;
    }
    let wide = this.data instanceof Float64Array;
    if (!wide) for (let i = from; i < to; i++) if (ps[i] > 0xffffffff) wide = true;
    if (this.length + n > this.data.length || wide !== this.data instanceof Float64Array) {
      const size = Math.max(this.data.length * 2, this.length + n, this.reserved);
      const grown = wide ? new Float64Array(size) : new Uint32Array(size);
      grown.set(this.data.subarray(0, this.length));
      this.data = grown;
    }
    for (let i = from; i < to; i++) this.data[this.length++] = ps[i];
  }

  private last(): number {
    return this.small !== null ? this.small[this.small.length - 1] : this.data[this.length - 1];
  }

  /** The pointers: a view of a typed list, a copy of a small one. */
  view(): Pointers {
    return this.small !== null ? typed(this.small, this.small.length) : this.data.subarray(0, this.length);
  }

  /** Keeps the pointers `keep` accepts, in order; returns how many are left. */
  filter(keep: (p: number) => boolean): number {
    if (this.small !== null) {
      this.small = this.small.filter(keep);
      return (this.length = this.small.length);
    }
    let w = 0;
    for (let r = 0; r < this.length; r++) if (keep(this.data[r])) this.data[w++] = this.data[r];
    return (this.length = w);
  }
}

const EMPTY = new Uint32Array(0);

/** `values` in a typed array of `size` (32 bits while they fit). */
function typed(values: number[], size: number): Pointers {
  const a = values.some((p) => p > 0xffffffff) ? new Float64Array(size) : new Uint32Array(size);
  a.set(values);
  return a;
}

/**
 * Every posting list of one session, in memory. AST ids and correlation ids are held apart: a
 * question about AST nodes (the AST panel's counts) walks their few thousand lists, not the ~720k
 * correlations of a 10M-event session.
 */
export class PostingIndex {
  private ast = new Map<string, PointerList>();
  private corr = new Map<string, PointerList>();

  private mapOf(key: string): Map<string, PointerList> {
    return keyKind(key) === IdKind.Ast ? this.ast : this.corr;
  }

  /** The maps a prefix can match: one kind's when it names the kind. */
  private mapsFor(prefix: string): Array<Map<string, PointerList>> {
    if (prefix.length === 0) return [this.ast, this.corr];
    return [this.mapOf(prefix)];
  }

  /** The pointers of an id, oldest arrival first (a view: copy before keeping it). */
  get(key: string): Pointers {
    return this.mapOf(key).get(key)?.view() ?? new Uint32Array(0);
  }

  has(key: string): boolean {
    return this.mapOf(key).has(key);
  }

  /** Every key starting with `prefix` with its pointers (views: copy before keeping them). */
  *entries(prefix = ''): IterableIterator<[string, Pointers]> {
    for (const map of this.mapsFor(prefix)) for (const [k, list] of map) if (k.startsWith(prefix)) yield [k, list.view()];
  }

  /**
   * Every list as it is held, in order, without a copy (a short list as its plain array): to read
   * at once, never to keep or change. entries() copies each short list into a typed array, which
   * at ~720k short lists (10M events) leaves hundreds of MB of garbage.
   */
  *held(): IterableIterator<[string, ArrayLike<number>]> {
    for (const [k, pointers] of this.heldInOrder('')) yield [k, pointers];
  }

  /** As held(), for the keys starting with `prefix`, with whether each list's pointers ascend. */
  *heldInOrder(prefix: string): IterableIterator<[string, ArrayLike<number>, boolean]> {
    for (const map of this.mapsFor(prefix))
      for (const [k, list] of map) if (k.startsWith(prefix)) yield [k, list.small ?? list.data.subarray(0, list.length), list.ascending];
  }

  /** Appends pointers[from, to) to the key's list. */
  append(key: string, pointers: ArrayLike<number>, from = 0, to = pointers.length): void {
    this.listOf(key).append(pointers, from, to);
  }

  /** Makes room for `total` pointers of `key` at once, as a load knows from its segments' counts. */
  reserve(key: string, total: number): void {
    const list = this.listOf(key);
    list.reserved = Math.max(list.reserved, total);
  }

  private listOf(key: string): PointerList {
    const map = this.mapOf(key);
    let list = map.get(key);
    if (!list) map.set(key, (list = new PointerList()));
    return list;
  }

  /** Removes the pointers `gone` says are evicted; returns whether the id still has any. */
  remove(key: string, gone: (p: number) => boolean): boolean {
    const map = this.mapOf(key);
    const list = map.get(key);
    if (!list) return false;
    const left = list.filter((p) => !gone(p));
    if (left === 0) map.delete(key);
    return left > 0;
  }
}

/** A segment as the writer holds it while it may still grow. */
export interface OpenSegment {
  no: number;
  entries: Map<string, number[]>;
  size: number;
}

/**
 * Encodes a segment's postings as one record: pointers in 32 bits while they fit (every session
 * below 2^20 blocks), half the bytes to store and read back of 64.
 */
export function toSegmentRecord(entries: Map<string, ArrayLike<number>>): SegmentRecord {
  const keys: string[] = [];
  const counts = new Uint32Array(entries.size);
  let size = 0;
  let wide = false;
  for (const list of entries.values()) {
    size += list.length;
    for (let i = 0; i < list.length; i++) if (list[i] > 0xffffffff) wide = true;
  }
  const pointers = wide ? new Float64Array(size) : new Uint32Array(size);
  let at = 0;
  let k = 0;
  let minBlock = Infinity;
  let maxBlock = -Infinity;
  for (const [key, list] of entries) {
    keys.push(key);
    counts[k++] = list.length;
    for (let i = 0; i < list.length; i++) {
      const p = list[i];
      pointers[at++] = p;
      const b = pointerBlock(p);
      if (b < minBlock) minBlock = b;
      if (b > maxBlock) maxBlock = b;
    }
  }
  return { keys, counts, pointers, minBlock, maxBlock };
}

/** Decodes a segment record back into per-id pointer lists. */
export function segmentEntries(r: SegmentRecord): Map<string, number[]> {
  const entries = new Map<string, number[]>();
  let at = 0;
  r.keys.forEach((key, k) => {
    entries.set(key, Array.from(r.pointers.subarray(at, at + r.counts[k])));
    at += r.counts[k];
  });
  return entries;
}

/** Merges new pointers into a copy of `base` (the open segment), or into a fresh map. */
export function mergeEntries(base: Map<string, number[]> | null, added: Map<string, number[]>): Map<string, number[]> {
  const out = new Map<string, number[]>();
  if (base) for (const [k, v] of base) out.set(k, v.slice());
  for (const [k, v] of added) {
    const list = out.get(k);
    if (list) for (const p of v) list.push(p);
    else out.set(k, v.slice());
  }
  return out;
}
