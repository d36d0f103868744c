// Opening the database settles whatever happens: an exception while opening rejects start() (it
// used to leave it pending forever), and a newer Cinema upgrading the database in another tab
// finds this connection closed for it, not blocking it, with this tab told why.
import 'fake-indexeddb/auto';
import { IDBFactory, forceCloseDatabase } from 'fake-indexeddb';
import { unwrap } from 'idb';
import { describe, expect, it } from 'vitest';
import { TemporalStorage } from './temporal-storage';
import { DB_VERSION, onConnectionLost, onUpgradedElsewhere } from './engine/schema';
import { acquireDatabase, releaseDatabase } from './engine/connection';

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

describe('a connection the browser closes', () => {
  it('is not handed out again, and releases of its users never close the new one', async () => {
    const factory = new IDBFactory() as unknown as IDBFactory;
    const told: string[] = [];
    const stop = onConnectionLost((name, why) => told.push(`${name}:${why}`));
    const first = await acquireDatabase(factory, 'lost');
    await acquireDatabase(factory, 'lost'); // a second user of the same connection
    // What the browser does on a full disk: the connection closes without close() being called.
    forceCloseDatabase(unwrap(first) as never);
    const second = await acquireDatabase(factory, 'lost');
    expect(second).not.toBe(first);
    // The two users of the lost connection release; the new connection stays open for its user.
    await releaseDatabase(factory, 'lost');
    await releaseDatabase(factory, 'lost');
    await expect(second.get('sessions', 'none')).resolves.toBeUndefined();
    await releaseDatabase(factory, 'lost');
    expect(told).toContain('lost:closed');
    stop();
  });
});
