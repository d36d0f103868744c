// What a conformance case gets: a database of its own on the IndexedDB under test.
import { TemporalStorage, type StartOptions } from '../temporal-storage';
import { SessionCatalog } from '../catalog/catalog';
import type { StoreLayout } from '../engine/layout';

export interface StoreTestContext {
  indexedDB: IDBFactory;
  dbName: string;
  /** Storage sizes for the case; undefined runs the defaults. */
  layout?: Partial<StoreLayout>;
}

/**
 * Sizes so small that a few thousand events make dozens of blocks, overlaps and several runs: the
 * suite runs once with these and once with the defaults.
 */
export const SMALL_LAYOUT: Partial<StoreLayout> = { blockEvents: 48, blockBytes: 4096, runEvents: 300, runBuckets: 5 };

export interface ConformanceCase {
  name: string;
  run(ctx: StoreTestContext): Promise<void>;
}

/** Starts a storage in the case's database; cleanupInterval defaults to 0 so no timer outlives a case. */
export function open(ctx: StoreTestContext, opts: StartOptions = {}): Promise<TemporalStorage> {
  return TemporalStorage.start({ cleanupInterval: 0, layout: ctx.layout, ...opts, indexedDB: ctx.indexedDB, dbName: ctx.dbName });
}

/** Opens the case database's session catalog. */
export function catalog(ctx: StoreTestContext): Promise<SessionCatalog> {
  return SessionCatalog.open({ indexedDB: ctx.indexedDB, dbName: ctx.dbName });
}
