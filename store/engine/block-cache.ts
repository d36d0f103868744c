// Records kept in the store process. Scrubbing and stepping read the same few blocks again and
// again; 512 blocks are at most ~40 MB of payload text.

/** A least-recently-used cache of records by number. */
export class RecordCache<V> {
  private map = new Map<number, V>();
  constructor(private capacity = 512) {}

  get(no: number): V | undefined {
    const v = this.map.get(no);
    if (v !== undefined) {
      // Re-insert so Map order is least-recently-used first.
      this.map.delete(no);
      this.map.set(no, v);
    }
    return v;
  }

  set(no: number, v: V): void {
    this.map.delete(no);
    this.map.set(no, v);
    if (this.map.size > this.capacity) this.map.delete(this.map.keys().next().value as number);
  }

  delete(no: number): void {
    this.map.delete(no);
  }

  clear(): void {
    this.map.clear();
  }
}

/** The cache of block payload records. */
export type BlockCache = RecordCache<import('./schema').BlockDataRecord>;
