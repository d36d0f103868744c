// Exporting from the page: the store sends the file in chunks; the web build gathers them into a
// Blob and offers it as a download (the desktop app asks main, which writes to disk as chunks come).
import type { RpcClient } from '../../src/rpc/client';
import type { ExportFormat, ExportScope } from '../../src/rpc/shell';

export function exportFileName(name: string, format: ExportFormat): string {
  const base = name.replace(/[\\/:*?"<>|]+/g, '_').trim() || 'session';
  return `${base}${format === 'chrome' ? '.trace.json' : format === 'cinema.gz' ? '.cinema.gz' : '.cinema'}`;
}

export async function downloadExport(
  client: RpcClient,
  session: string,
  name: string,
  format: ExportFormat,
  scope: ExportScope,
): Promise<void> {
  const { exportId } = await client.call('export.begin', { session, format, ...scope });
  const parts: ArrayBuffer[] = [];
  try {
    for (;;) {
      const { bytes } = await client.call('export.next', { exportId });
      if (bytes === null) break;
      parts.push(bytes);
    }
  } catch (err) {
    await client.call('export.cancel', { exportId }).catch(() => {});
    throw err;
  }
  const url = URL.createObjectURL(new Blob(parts, { type: format === 'chrome' ? 'application/json' : 'application/octet-stream' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = exportFileName(name, format);
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
