// A store host with clients over MessageChannels, and importing and exporting through its RPC as a
// client does: what the host's own tests share. The caller brings the IndexedDB (fake-indexeddb in
// Node).
import { demoRecordingLines } from '../../src/demo/recording';
import { RpcClient } from '../../src/rpc/client';
import type { PortLike } from '../../src/rpc/contract';
import { StoreHost } from '../host/host';
import { concatBytes } from '../io/byte-input';

/** A host over `indexedDB`; each `connect()` is one more client on a port of its own. */
export function hostWithClients(indexedDB: IDBFactory, maxImportEvents?: number) {
  const host = new StoreHost({ indexedDB, dbName: 'cinema', maxImportEvents });
  const connect = () => {
    const channel = new MessageChannel();
    host.connect(channel.port1 as unknown as PortLike);
    return { client: new RpcClient(channel.port2 as unknown as PortLike), port: channel.port2 };
  };
  return { host, connect };
}

/** The demo recording with `events` events, as `.cinema` text. */
export const demoText = (events: number) => [...demoRecordingLines({ events, seed: 2 })].join('\n') + '\n';

/** Sends a file in chunks, waiting for each acknowledgement (back-pressure), and ends the import. */
export async function importText(client: RpcClient, body: string, file = 'demo.cinema', chunkSize = 16384) {
  const { importId } = await client.call('import.begin', { file });
  const bytes = new TextEncoder().encode(body);
  for (let i = 0; i < bytes.length; i += chunkSize) {
    const chunk = bytes.slice(i, i + chunkSize).buffer;
    await client.call('import.chunk', { importId, bytes: chunk }, { transfer: [chunk] });
  }
  return client.call('import.end', { importId });
}

/** An export's bytes, pulled chunk by chunk; every chunk must arrive as a transferred ArrayBuffer. */
export async function exportBytes(client: RpcClient, session: string, format: 'cinema' | 'cinema.gz' | 'chrome'): Promise<Uint8Array> {
  const { exportId } = await client.call('export.begin', { session, format });
  const parts: Uint8Array[] = [];
  for (;;) {
    const { bytes } = await client.call('export.next', { exportId });
    if (bytes === null) break;
    if (!(bytes instanceof ArrayBuffer)) throw new Error('an export chunk arrived that is not a transferred ArrayBuffer');
    parts.push(new Uint8Array(bytes));
  }
  return concatBytes(parts);
}

/** An export as text. */
export const exportText = async (client: RpcClient, session: string, format: 'cinema' | 'chrome') =>
  new TextDecoder().decode(await exportBytes(client, session, format));
