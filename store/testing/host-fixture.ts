// A store host for tests of other layers (the desktop shell's file streaming, say): they may reach
// the store only through store/testing, and bring their own IndexedDB (fake-indexeddb in Node).
import type { PortLike } from '../../src/rpc/contract';
import { StoreHost } from '../host';

/** A host over `indexedDB`; `connect` serves one more client on a port. */
export function testHost(indexedDB: IDBFactory): { connect(port: PortLike): void } {
  const host = new StoreHost({ indexedDB, dbName: 'cinema' });
  return { connect: (port) => void host.connect(port) };
}
