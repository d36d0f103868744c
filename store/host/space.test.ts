// Writes the browser refuses for want of room: each fails alone, in plain words, and nothing else
// changes. The refusal is raised where the browser raises it, at the object store's write (Node has
// no quota; e2e/quota.spec.ts fills a real disk under Chromium).
import 'fake-indexeddb/auto';
import { IDBFactory, IDBObjectStore } from 'fake-indexeddb';
import { afterEach, describe, expect, it } from 'vitest';
import { RpcError } from '../../src/rpc/client';
import { CONNECTION_LOST, importFailure, isConnectionLost, isOutOfSpace } from '../io/space';
import { demoText, hostWithClients, importText } from '../testing/host-client';

const put = IDBObjectStore.prototype.put;
/** From now on, the browser refuses writes after `allowed` more. */
function refuseWritesAfter(allowed: number): void {
  let left = allowed;
  IDBObjectStore.prototype.put = function (this: IDBObjectStore, ...args: Parameters<IDBObjectStore['put']>) {
    if (left-- <= 0) throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    return put.apply(this, args);
  };
}
afterEach(() => {
  IDBObjectStore.prototype.put = put;
});

const failure = async (p: Promise<unknown>) => {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(RpcError);
  return err as RpcError;
};

describe('out of space', () => {
  it('a refused rename, bookmark or import fails alone with a plain message; the library is as it was', async () => {
    const { connect } = hostWithClients(new IDBFactory() as unknown as IDBFactory);
    const { client } = connect();
    const { session } = await importText(client, demoText(2_000));
    const before = await client.call('sessions.list', {});

    refuseWritesAfter(0);
    const rename = await failure(client.call('sessions.rename', { session, name: 'renamed' }));
    expect([rename.code, rename.message]).toEqual([
      'no-space',
      expect.stringMatching(/^not enough space to rename the recording; nothing else changed/),
    ]);
    const bookmark = await failure(client.call('session.addBookmark', { session, timestamp: 5, label: 'here', note: 'why' }));
    expect([bookmark.code, bookmark.message]).toEqual(['no-space', expect.stringMatching(/^not enough space to save the bookmark/)]);

    refuseWritesAfter(40);
    const imported = await failure(importText(client, demoText(20_000), 'big.cinema'));
    expect([imported.code, imported.message]).toEqual(['no-space', expect.stringMatching(/^not enough space .*the import was removed/)]);

    IDBObjectStore.prototype.put = put;
    expect(await client.call('sessions.list', {})).toEqual(before);
    expect((await client.call('session.extras', { session })).bookmarks).toEqual([]);
    expect((await client.call('events.all', { session, limit: 10_000 })).events).toHaveLength(2_000);
    // Room again: the same writes go through.
    expect((await client.call('sessions.rename', { session, name: 'renamed' })).name).toBe('renamed');
    expect((await importText(client, demoText(3_000), 'again.cinema')).events).toBe(3_000);
  });

  it('names the two ways a browser runs out of room', async () => {
    expect(isOutOfSpace(new DOMException('', 'QuotaExceededError'))).toBe(true);
    expect(isOutOfSpace(new Error('wrapped', { cause: new DOMException('', 'QuotaExceededError') }))).toBe(true);
    expect(isOutOfSpace(new DOMException('', 'AbortError'))).toBe(false);
    expect(isConnectionLost(new DOMException('The connection was closed.', 'AbortError'))).toBe(true);
    expect(
      isConnectionLost(
        new DOMException("Failed to execute 'transaction' on 'IDBDatabase': The database connection is closing.", 'InvalidStateError'),
      ),
    ).toBe(true);
    expect(isConnectionLost(new DOMException('The operation was aborted.', 'AbortError'))).toBe(false);
    const lost = (await importFailure(
      { read: 1, size: 2, written: 0 },
      new DOMException('The connection was closed.', 'AbortError'),
    )) as Error;
    expect(lost.message).toBe(`${CONNECTION_LOST}; the import was not kept`);
    const some = (await importFailure({ read: 25e6, size: 100e6, written: 10e6 }, new DOMException('', 'QuotaExceededError'))) as Error;
    expect(some.message).toMatch(/^not enough space: about 40 MB needed, about 10 MB free;/);
    const other = new Error('a format error');
    expect(await importFailure({ read: 0, size: null, written: 0 }, other)).toBe(other);
  });
});
