// A whole run read into the sequences the compare view lines up: per process or per flow (in the
// order they first appear), each event's token (sequenceToken) and id in time order. Kept compact
// (typed arrays once read) so two runs of a million events each fit beside the store.
import type { StoredEvent } from '../event';

/** One run's sequences as they are read. */
export class RunSequences {
  readonly keys: string[] = [];
  private readonly index = new Map<string, number>();
  private readonly tokenLists: number[][] = [];
  private readonly idLists: string[][] = [];
  read = 0;

  constructor(
    private readonly tokenOf: (e: StoredEvent) => number,
    private readonly keyOf: (e: StoredEvent) => string | null,
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
        this.tokenLists.push([]);
        this.idLists.push([]);
      }
      this.tokenLists[k].push(this.tokenOf(e));
      this.idLists[k].push(e.event_id);
    }
    this.read += page.length;
  }

  /** The k-th sequence (empty past the last): tokens and event ids, position by position. */
  sequence(k: number): { key: string | null; tokens: Int32Array; ids: readonly string[] } {
    return { key: this.keys[k] ?? null, tokens: Int32Array.from(this.tokenLists[k] ?? []), ids: this.idLists[k] ?? [] };
  }
}
