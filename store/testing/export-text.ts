// A session's .cinema export as one string: what the round-trip, crash, fuzz and upgrade tests
// compare. The storage is opened for it and stopped after.
import { exportNativeText } from '../export/native';
import { TemporalStorage } from '../temporal-storage';

export async function exportText(session: string, where: { indexedDB?: IDBFactory; dbName: string }): Promise<string> {
  const s = await TemporalStorage.start({ session, ...where, maxEvents: Infinity, cleanupInterval: 0 });
  try {
    let text = '';
    for await (const chunk of exportNativeText(s)) text += chunk;
    return text;
  } finally {
    await s.stop();
  }
}
