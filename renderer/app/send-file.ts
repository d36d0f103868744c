// Sending a recording to the store: chunks of at most 1 MiB, each sent only once the host has taken
// the previous one (back-pressure over the port), cancellable at any point.
import type { RpcClient } from '../../src/rpc/client';
import type { ImportResultWire } from '../../src/rpc/contract';

const CHUNK = 1 << 20;

/** Bytes of a File, or of text made in the page (the sample recording). */
export type Source = Blob | string;

async function* chunksOf(source: Source): AsyncGenerator<ArrayBuffer> {
  const blob = typeof source === 'string' ? new Blob([source]) : source;
  for (let at = 0; at < blob.size; at += CHUNK) yield await blob.slice(at, at + CHUNK).arrayBuffer();
}

/** Imports a source as a new session; `onStarted` gets the import id (for progress and cancel). */
export async function sendFile(client: RpcClient, source: Source, file: string, onStarted: (importId: string) => void): Promise<ImportResultWire> {
  const { importId } = await client.call('import.begin', { file });
  onStarted(importId);
  try {
    for await (const bytes of chunksOf(source)) await client.call('import.chunk', { importId, bytes }, { transfer: [bytes] });
    return await client.call('import.end', { importId });
  } catch (err) {
    await client.call('import.cancel', { importId }).catch(() => {});
    throw err;
  }
}
