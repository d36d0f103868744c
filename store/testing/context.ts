// What a conformance case gets: a database of its own on the IndexedDB under test.
import { TemporalStorage, type StartOptions } from '../temporal-storage';
import { SessionCatalog } from '../catalog';

export interface StoreTestContext {
  indexedDB: IDBFactory;
  dbName: string;
}

export interface ConformanceCase {
  name: string;
  run(ctx: StoreTestContext): Promise<void>;
}

/** Starts a storage in the case's database; cleanupInterval defaults to 0 so no timer outlives a case. */
export function open(ctx: StoreTestContext, opts: StartOptions = {}): Promise<TemporalStorage> {
  return TemporalStorage.start({ cleanupInterval: 0, ...opts, indexedDB: ctx.indexedDB, dbName: ctx.dbName });
}

/** Opens the case database's session catalog. */
export function catalog(ctx: StoreTestContext): Promise<SessionCatalog> {
  return SessionCatalog.open({ indexedDB: ctx.indexedDB, dbName: ctx.dbName });
}
