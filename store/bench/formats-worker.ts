// The formats benchmark inside Chromium: import a served recording (a .cinema file, or any format
// the app opens) into real IndexedDB, streaming it from fetch(), then export the session back to text.
import { encodeText } from '../export/encode';
import { exportNativeText } from '../export/native';
import { importFile } from '../import/import-file';
import { TemporalStorage } from '../temporal-storage';

async function* body(url: string): AsyncGenerator<Uint8Array> {
  const res = await fetch(url);
  if (!res.ok || !res.body) throw new Error(`cannot fetch ${url}: ${res.status}`);
  const reader = res.body.getReader();
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    yield value;
  }
}

(self as unknown as { cinemaFormats: unknown }).cinemaFormats = {
  async importFile(url: string, file: string): Promise<{ session: string; events: number; ms: number }> {
    const t = performance.now();
    const r = await importFile(body(url), { file, dbName: 'bench-formats' });
    return { session: r.session, events: r.events, ms: performance.now() - t };
  },
  async exportSession(session: string): Promise<{ bytes: number; ms: number }> {
    const s = await TemporalStorage.start({ session, dbName: 'bench-formats', maxEvents: Infinity, cleanupInterval: 0 });
    const t = performance.now();
    let bytes = 0;
    // To UTF-8 bytes, as an export to a file ends: the text alone would leave its last step out.
    for await (const chunk of encodeText(exportNativeText(s))) bytes += chunk.length;
    const ms = performance.now() - t;
    await s.stop();
    return { bytes, ms };
  },
};
