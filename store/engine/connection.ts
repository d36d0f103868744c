// One IndexedDB connection per (factory, database name), shared by every storage open on it and
// closed when the last one stops. A connection the browser closes itself (a full disk, the site's
// data cleared) is not handed out again: the next storage to start opens a new one.
import { type Database, openDatabase } from './schema';

interface Entry {
  db: Promise<Database>;
  users: number;
}
const connections = new Map<IDBFactory, Map<string, Entry>>();
/**
 * Users still holding a connection the browser closed, per database name. Their releases are
 * counted here first: a release can never close a live connection under someone else (at worst
 * the live one stays open a little longer than needed).
 */
const lostUsers = new Map<IDBFactory, Map<string, number>>();

/** Opens or reuses the connection; pair every call with releaseDatabase. */
export function acquireDatabase(factory: IDBFactory, name: string): Promise<Database> {
  let byName = connections.get(factory);
  if (!byName) connections.set(factory, (byName = new Map()));
  let entry = byName.get(name);
  if (!entry) {
    const made: Entry = { db: openDatabase(factory, name), users: 0 };
    const all = byName;
    all.set(name, (entry = made));
    made.db.then(
      (db) =>
        db.addEventListener('close', () => {
          if (all.get(name) !== made) return;
          all.delete(name);
          let lost = lostUsers.get(factory);
          if (!lost) lostUsers.set(factory, (lost = new Map()));
          lost.set(name, (lost.get(name) ?? 0) + made.users);
        }),
      () => all.delete(name),
    );
  }
  entry.users++;
  return entry.db;
}

/** Drops one use of a connection, closing it after the last. */
export async function releaseDatabase(factory: IDBFactory, name: string): Promise<void> {
  const lost = lostUsers.get(factory);
  const stale = lost?.get(name) ?? 0;
  if (stale > 0) {
    lost!.set(name, stale - 1);
    return;
  }
  const byName = connections.get(factory);
  const entry = byName?.get(name);
  if (!byName || !entry) return;
  if (--entry.users > 0) return;
  byName.delete(name);
  (await entry.db).close();
}
