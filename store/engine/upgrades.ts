// The database's versions: one upgrade step per version, run in order from the version a database
// was written at to the current one, inside the browser's upgrade transaction. A step only adds
// (stores, indexes) or rewrites records it owns; it never depends on what later steps do.
// store/upgrade.test.ts builds a database at the current version, runs a next step over it, and
// checks every session exports exactly as before.

/** What upgrading to one version does: `db` and the upgrade transaction, as IndexedDB gives them. */
export type UpgradeStep = (db: IDBDatabase, tx: IDBTransaction) => void;

/** The per-session stores of version 1. */
const V1_STORES = ['blockIndex', 'blocks', 'segments', 'runs', 'ast', 'sources', 'links', 'bookmarks'] as const;

/** Every object store keyed [session, ...]: what deleting a session clears. */
export const SESSION_STORES = [...V1_STORES.filter((s) => s !== 'runs'), 'checkpoints', 'runBuckets', 'spans'] as const;

/** Version 1: the session catalog and the per-session stores. */
const v1: UpgradeStep = (db) => {
  if (!db.objectStoreNames.contains('sessions')) db.createObjectStore('sessions', { keyPath: 'id' });
  for (const store of V1_STORES) if (!db.objectStoreNames.contains(store)) db.createObjectStore(store);
};

/**
 * Version 2: program-state checkpoints an import builds, keyed [session, ts, seq] of the event
 * after which each was taken. Sessions of version 1 have none and build theirs when asked, as
 * before.
 */
const v2: UpgradeStep = (db) => {
  if (!db.objectStoreNames.contains('checkpoints')) db.createObjectStore('checkpoints');
};

/**
 * Version 3: runs are keyed bucket first ([session, bucket, run] in `runBuckets`), so a node's
 * records in every run are one read (a cold node made one request per run: 15 at 1M events, 152 at
 * 10M). Runs are derived from blocks: the old ones are dropped and every session rebuilds its own
 * as it next opens (its node queries read blocks until then).
 */
const v3: UpgradeStep = (db, tx) => {
  if (db.objectStoreNames.contains('runs')) db.deleteObjectStore('runs');
  if (!db.objectStoreNames.contains('runBuckets')) db.createObjectStore('runBuckets');
  const sessions = tx.objectStore('sessions').openCursor();
  sessions.onsuccess = () => {
    const cursor = sessions.result;
    if (!cursor) return;
    cursor.update({ ...cursor.value, runs: [], compacted_block: 0, next_run: 0 });
    cursor.continue();
  };
};

/**
 * Version 4: the span index an import builds as it writes, keyed [session, chunk] (span-store.ts),
 * so the flame chart of a session opened later reads it instead of every event. Sessions of
 * earlier versions have none and build theirs on the first question, as before.
 */
const v4: UpgradeStep = (db) => {
  if (!db.objectStoreNames.contains('spans')) db.createObjectStore('spans');
};

/** The steps of this build, in version order: the database's version is their count. */
export const UPGRADES: readonly UpgradeStep[] = [v1, v2, v3, v4];

let steps: readonly UpgradeStep[] = UPGRADES;

/** The steps databases are opened with now. */
export const currentUpgrades = (): readonly UpgradeStep[] => steps;

/**
 * Opens databases with other steps from now on (the upgrade test plays the next version of
 * Cinema); returns the function that goes back.
 */
export function useUpgrades(next: readonly UpgradeStep[]): () => void {
  const was = steps;
  steps = next;
  return () => void (steps = was);
}
