// Opening the database settles whatever happens: an exception while opening rejects start() (it
// used to leave it pending forever), and a newer Cinema upgrading the database in another tab
// finds this connection closed for it, not blocking it, with this tab told why.
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { TemporalStorage } from './temporal-storage';
import { DB_VERSION, onUpgradedElsewhere } from './engine/schema';

/** A factory whose open request succeeds with a result that throws when read (idb without IndexedDB's globals does). */
function brokenFactory(error: Error): IDBFactory {
  return {
    open() {
      const request: Record<string, unknown> = {};
      Object.defineProperty(request, 'result', {
        get() {
          throw error;
        },
      });
      setTimeout(() => (request.onsuccess as () => void)());
      return request;
    },
  } as unknown as IDBFactory;
}

const within = <T>(p: Promise<T>, ms = 2000) =>
  Promise.race([p, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`still pending after ${ms} ms`)), ms))]);

describe('opening the store', () => {
  it('rejects start() when opening throws, in the success handler or at once', async () => {
    await expect(
      within(TemporalStorage.start({ indexedDB: brokenFactory(new TypeError('IDBDatabase is not defined')), dbName: 'a' })),
    ).rejects.toThrow('IDBDatabase is not defined');
    const throwing = {
      open() {
        throw new DOMException('denied', 'SecurityError');
      },
    } as unknown as IDBFactory;
    await expect(within(TemporalStorage.start({ indexedDB: throwing, dbName: 'b' }))).rejects.toThrow('denied');
  });

  it('closes for a newer version opened elsewhere, which is not blocked, and says so', async () => {
    const factory = new IDBFactory() as unknown as IDBFactory;
    const storage = await TemporalStorage.start({ indexedDB: factory, dbName: 'shared', cleanupInterval: 0 });
    await storage.storeEvents([{ timestamp: 1, data: { type: 'x' } }]);
    const told: string[] = [];
    const stop = onUpgradedElsewhere((name) => told.push(name));
    const newer = await within(
      new Promise<IDBDatabase>((resolve, reject) => {
        const request = factory.open('shared', DB_VERSION + 1);
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
        request.onblocked = () => reject(new Error('the newer version was blocked'));
      }),
    );
    expect(told).toEqual(['shared']);
    newer.close();
    stop();
  });
});
