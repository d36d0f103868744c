// Sending a recording from the page to the store: a File (or text made in the page, the sample
// recording) cut into chunks of at most 1 MiB, read one at a time.
import type { RpcClient } from '../../src/rpc/client';
import type { ImportResultWire } from '../../src/rpc/contract';
import { sendChunks } from '../../src/rpc/send-chunks';

const CHUNK = 1 << 20;

/** Bytes of a File, or of text made in the page (the sample recording). */
export type Source = Blob | string;

async function* chunksOf(source: Source): AsyncGenerator<ArrayBuffer> {
  const blob = typeof source === 'string' ? new Blob([source]) : source;
  for (let at = 0; at < blob.size; at += CHUNK) yield await blob.slice(at, at + CHUNK).arrayBuffer();
}

/** Imports a source as a new session; `onStarted` gets the import id (for progress and cancel). */
export function sendFile(
  client: RpcClient,
  source: Source,
  file: string,
  onStarted: (importId: string) => void,
): Promise<ImportResultWire> {
  return sendChunks(client, chunksOf(source), file, onStarted, typeof source === 'string' ? undefined : source.size);
}
