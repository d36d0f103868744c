// A brute-force model of the store: every event in an array, sorted on demand. The randomized
// conformance case compares each query against it.
import type { CinemaEvent } from '../../src/event';

export interface ModelEvent extends CinemaEvent {
  call: number; // order of the storeEvent call: ties come back in this order
}

export class ReferenceStore {
  events: ModelEvent[] = [];
  private calls = 0;

  add(e: CinemaEvent): void {
    this.events.push({ ...e, call: this.calls++ });
  }

  private sorted(filter: (e: ModelEvent) => boolean): ModelEvent[] {
    return this.events.filter(filter).sort((a, b) => a.timestamp - b.timestamp || a.call - b.call);
  }

  all(): ModelEvent[] {
    return this.sorted(() => true);
  }
  range(t0: number, t1: number): ModelEvent[] {
    return this.sorted((e) => e.timestamp >= t0 && e.timestamp <= t1);
  }
  ast(id: string): ModelEvent[] {
    return this.sorted((e) => e.ast_node_id === id);
  }
  corr(id: string): ModelEvent[] {
    return this.sorted((e) => e.correlation_id === id);
  }

  /** Keeps only the newest `max` events, as eviction does. */
  evictTo(max: number): void {
    const keep = new Set(this.all().slice(Math.max(0, this.events.length - max)));
    this.events = this.events.filter((e) => keep.has(e));
  }

  /** Brute force over the definition: bucket k holds t0 + ceil(k * span / buckets) <= t < the next start. */
  density(t0: number, t1: number, buckets: number): number[] {
    const counts = new Array<number>(buckets).fill(0);
    const span = t1 - t0 + 1;
    const start = (k: number) => (k === buckets ? t1 + 1 : t0 + Math.ceil((k * span) / buckets));
    for (const e of this.events) {
      for (let k = 0; k < buckets; k++) {
        if (e.timestamp >= start(k) && e.timestamp < start(k + 1)) counts[k]++;
      }
    }
    return counts;
  }
}
