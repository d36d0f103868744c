// The naive layout the benchmark compares against: one IndexedDB record per event, an
// autoIncrement key (arrival order), and indexes on timestamp, [ast_node_id, timestamp] and
// [correlation_id, timestamp]; 10,000 events per transaction.
import type { EventInput, StoredEvent } from '../../src/event';

function promised<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

function done(tx: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error);
    tx.onabort = () => reject(tx.error);
  });
}

export class BaselineStore {
  private constructor(private db: IDBDatabase) {}

  static async open(factory: IDBFactory, name: string): Promise<BaselineStore> {
    const req = factory.open(name, 1);
    req.onupgradeneeded = () => {
      const store = req.result.createObjectStore('events', { autoIncrement: true });
      store.createIndex('ts', 'timestamp');
      store.createIndex('ast', ['ast_node_id', 'timestamp']);
      store.createIndex('corr', ['correlation_id', 'timestamp']);
    };
    return new BaselineStore(await promised(req));
  }

  async storeEvents(events: EventInput[]): Promise<void> {
    const tx = this.db.transaction('events', 'readwrite');
    const store = tx.objectStore('events');
    for (const e of events)
      store.add({ timestamp: e.timestamp, ast_node_id: e.ast_node_id ?? null, correlation_id: e.correlation_id ?? null, data: e.data });
    await done(tx);
  }

  private index(name: string): IDBIndex {
    return this.db.transaction('events', 'readonly').objectStore('events').index(name);
  }

  async range(t0: number, t1: number): Promise<StoredEvent[]> {
    return promised(this.index('ts').getAll(IDBKeyRange.bound(t0, t1)));
  }

  async byId(index: 'ast' | 'corr', id: string, limit?: number): Promise<StoredEvent[]> {
    return promised(this.index(index).getAll(IDBKeyRange.bound([id, -Infinity], [id, Infinity]), limit));
  }

  async stats(): Promise<{ total: number; oldest: number | null; newest: number | null }> {
    const index = this.index('ts');
    const total = await promised(index.count());
    const first = await promised(index.openCursor(null, 'next'));
    const last = await promised(index.openCursor(null, 'prev'));
    return { total, oldest: first ? (first.key as number) : null, newest: last ? (last.key as number) : null };
  }

  async density(t0: number, t1: number, buckets: number): Promise<number[]> {
    const index = this.index('ts');
    const span = t1 - t0 + 1;
    const counts: Promise<number>[] = [];
    for (let k = 0; k < buckets; k++) {
      const lo = t0 + Math.ceil((k * span) / buckets);
      const hi = t0 + Math.ceil(((k + 1) * span) / buckets) - 1;
      counts.push(hi >= lo ? promised(index.count(IDBKeyRange.bound(lo, hi))) : Promise.resolve(0));
    }
    return Promise.all(counts);
  }

  async scan(): Promise<number> {
    return (await promised(this.index('ts').getAll())).length;
  }

  close(): void {
    this.db.close();
  }
}
