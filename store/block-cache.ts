// Decoded block records kept in the store process. Scrubbing and stepping read the same few blocks
// again and again; 512 blocks is at most ~25 MB of payload text.
import type { BlockDataRecord } from './schema';

export class BlockCache {
  private map = new Map<number, BlockDataRecord>();
  constructor(private capacity = 512) {}

  get(no: number): BlockDataRecord | undefined {
    const v = this.map.get(no);
    if (v !== undefined) {
      // Re-insert so Map order is least-recently-used first.
      this.map.delete(no);
      this.map.set(no, v);
    }
    return v;
  }

  set(no: number, v: BlockDataRecord): void {
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
