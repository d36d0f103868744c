// A run read into the sequences two runs are compared by: per process or per flow (in the order
// they first appear), each event's token (sequenceToken) and what the caller keeps of it (the
// event itself for the divergence walk, which stops early; its id for a whole alignment, which
// reads everything and must stay small), in time order.
import type { StoredEvent } from '../event';

export class RunSequences<T> {
  readonly keys: string[] = [];
  private readonly index = new Map<string, number>();
  /** Per sequence, its tokens and kept items, position by position. */
  readonly tokens: number[][] = [];
  readonly items: T[][] = [];
  read = 0;

  constructor(
    private readonly tokenOf: (e: StoredEvent) => number,
    private readonly keyOf: (e: StoredEvent) => string | null,
    private readonly keep: (e: StoredEvent) => T,
  ) {}

  add(page: readonly StoredEvent[]): void {
    for (const e of page) {
      const key = this.keyOf(e);
      if (key === null) continue;
      let k = this.index.get(key);
      if (k === undefined) {
        k = this.keys.length;
        this.index.set(key, k);
        this.keys.push(key);
        this.tokens.push([]);
        this.items.push([]);
      }
      this.tokens[k].push(this.tokenOf(e));
      this.items[k].push(this.keep(e));
    }
    this.read += page.length;
  }

  /** The k-th sequence (empty past the last), its tokens packed for aligning. */
  sequence(k: number): { key: string | null; tokens: Int32Array; items: readonly T[] } {
    return { key: this.keys[k] ?? null, tokens: Int32Array.from(this.tokens[k] ?? []), items: this.items[k] ?? [] };
  }
}
