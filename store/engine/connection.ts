// One IndexedDB connection per (factory, database name), shared by every storage open on it and
// closed when the last one stops.
import { type Database, openDatabase } from './schema';

const connections = new Map<IDBFactory, Map<string, { db: Promise<Database>; users: number }>>();

/** Opens or reuses the connection; pair every call with releaseDatabase. */
export function acquireDatabase(factory: IDBFactory, name: string): Promise<Database> {
  let byName = connections.get(factory);
  if (!byName) connections.set(factory, (byName = new Map()));
  let entry = byName.get(name);
  if (!entry) {
    entry = { db: openDatabase(factory, name), users: 0 };
    byName.set(name, entry);
    entry.db.catch(() => byName!.delete(name));
  }
  entry.users++;
  return entry.db;
}

/** Drops one use of a connection, closing it after the last. */
export async function releaseDatabase(factory: IDBFactory, name: string): Promise<void> {
  const byName = connections.get(factory);
  const entry = byName?.get(name);
  if (!byName || !entry) return;
  if (--entry.users > 0) return;
  byName.delete(name);
  (await entry.db).close();
}
