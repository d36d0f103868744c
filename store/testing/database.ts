// Tests that look at what a session left in its database (records counted or removed behind the
// store's back) borrow the connection the store itself shares.
import { acquireDatabase, releaseDatabase } from '../engine/connection';
import type { Database } from '../engine/schema';

/** Runs `f` with the database `opts` names, released after. */
export async function inDatabase<T>(opts: { indexedDB: IDBFactory; dbName: string }, f: (db: Database) => Promise<T>): Promise<T> {
  const db = await acquireDatabase(opts.indexedDB, opts.dbName);
  try {
    return await f(db);
  } finally {
    await releaseDatabase(opts.indexedDB, opts.dbName);
  }
}
