// Streaming recordings between disk and the store through main's own store client: imports go in
// 1 MiB chunks with back-pressure (the next chunk is read once the store took the last), exports
// come out one chunk at a time into a file that appears only when complete.
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { OutputFile } from '../../src/node/output-file';
import type { RpcClient } from '../../src/rpc/client';
import type { ImportResultWire } from '../../src/rpc/contract';
import { sendChunks } from '../../src/rpc/send-chunks';
import type { ExportFormat, ExportScope } from '../../src/rpc/shell';

const CHUNK = 1 << 20;

async function* fileChunks(path: string, chunkBytes: number, onRead: (bytes: number) => void): AsyncGenerator<ArrayBuffer> {
  let read = 0;
  for await (const buf of createReadStream(path, { highWaterMark: chunkBytes }) as AsyncIterable<Buffer>) {
    read += buf.length;
    onRead(read);
    // A copy of exactly these bytes: a Buffer may be a view into a larger shared pool.
    yield buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.length) as ArrayBuffer;
  }
}

/**
 * Imports a file as a new session. `onProgress` is called at most every 100 ms with bytes read and
 * the file's size. Fails with a one-line message (the store's file:line:col, or why the file
 * cannot be read).
 */
export async function importPath(
  client: RpcClient,
  path: string,
  onProgress: (bytes: number, total: number) => void,
  onStarted: (importId: string) => void = () => {},
  chunkBytes = CHUNK,
): Promise<ImportResultWire> {
  let total: number;
  try {
    const s = await stat(path);
    if (!s.isFile()) throw new Error('not a file');
    total = s.size;
  } catch (err) {
    throw new Error(`${path}: cannot be opened (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`, { cause: err });
  }
  let last = 0;
  const report = (bytes: number) => {
    const now = Date.now();
    if (now - last >= 100 || bytes === total) {
      last = now;
      onProgress(bytes, total);
    }
  };
  return sendChunks(client, fileChunks(path, chunkBytes, report), basename(path), onStarted, total);
}

/** Exports a session into `path`; on failure nothing is left at `path`. */
export async function exportToPath(
  client: RpcClient,
  session: string,
  format: ExportFormat,
  path: string,
  scope: ExportScope = {},
): Promise<void> {
  const { exportId } = await client.call('export.begin', { session, format, ...scope });
  // The store sends the bytes already compressed for .cinema.gz.
  const out = new OutputFile(path, { gzip: false });
  try {
    for (;;) {
      const { bytes } = await client.call('export.next', { exportId });
      if (bytes === null) break;
      await out.write(new Uint8Array(bytes));
    }
    await out.commit();
  } catch (err) {
    await client.call('export.cancel', { exportId }).catch(() => {});
    await out.abort();
    throw err;
  }
}

/** The extension a save dialog proposes for a format. */
export function exportExtension(format: ExportFormat): string {
  return format === 'chrome' ? '.json' : format === 'cinema.gz' ? '.cinema.gz' : '.cinema';
}
