// A store host for tests of other layers (the desktop shell's file streaming, the UI's end-to-end
// checks): they may reach the store only through store/testing, and bring their own IndexedDB
// (fake-indexeddb in Node).
import { RpcClient } from '../../src/rpc/client';
import type { PortLike } from '../../src/rpc/contract';
import { sendChunks } from '../../src/rpc/send-chunks';
import { StoreHost } from '../host/host';

/** A host over `indexedDB`; `connect` serves one more client on a port. */
export function testHost(indexedDB: IDBFactory): { connect(port: PortLike): void } {
  const host = new StoreHost({ indexedDB, dbName: 'cinema' });
  return { connect: (port) => void host.connect(port) };
}

/**
 * A client of a fresh host over `indexedDB`, and a way to import a file's bytes into it: the
 * reference a browser test compares the UI's answers with.
 */
export function referenceStore(indexedDB: IDBFactory): {
  client: RpcClient;
  importBytes(bytes: Uint8Array, file: string): ReturnType<typeof sendChunks>;
} {
  const channel = new MessageChannel();
  testHost(indexedDB).connect(channel.port1 as unknown as PortLike);
  const client = new RpcClient(channel.port2 as unknown as PortLike);
  async function* chunks(bytes: Uint8Array) {
    for (let at = 0; at < bytes.length; at += 1 << 20) yield bytes.slice(at, at + (1 << 20)).buffer as ArrayBuffer;
  }
  return { client, importBytes: (bytes, file) => sendChunks(client, chunks(bytes), file) };
}
