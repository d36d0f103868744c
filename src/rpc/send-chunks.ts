// Sending a recording to the store as a stream of chunks: each is sent only once the host has taken
// the previous one (back-pressure over the port), and a failure cancels the import so the host
// discards the half-written session. The web page and the desktop shell's main process both use it.
import type { RpcClient } from './client';
import type { ImportResultWire } from './contract';

/** Imports chunks as a new session; `onStarted` gets the import id (for progress and cancel); `size` is the file's, when known. */
export async function sendChunks(
  client: RpcClient,
  chunks: AsyncIterable<ArrayBuffer>,
  file: string,
  onStarted: (importId: string) => void = () => {},
  size?: number,
): Promise<ImportResultWire> {
  const { importId } = await client.call('import.begin', size === undefined ? { file } : { file, size });
  onStarted(importId);
  try {
    for await (const bytes of chunks) await client.call('import.chunk', { importId, bytes }, { transfer: [bytes] });
    return await client.call('import.end', { importId });
  } catch (err) {
    await client.call('import.cancel', { importId }).catch(() => {});
    throw err;
  }
}
