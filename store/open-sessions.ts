// Which sessions are held open, per IndexedDB factory: two storages writing one session would each
// hand out the same event ids, and deleting a session under an open storage would leave it writing
// into nothing. The catalog asks here before it deletes, and before it clears an import it finds
// unfinished. This process's own storages are in a set; other tabs and workers of the origin (two
// tabs of the web build run two stores on one database) are seen through Web Locks, which the
// browser releases when the tab or worker holding them dies - exactly when an import becomes
// abandoned.

const open = new WeakMap<IDBFactory, Map<string, () => void>>();

const keyOf = (dbName: string, session: string) => `${dbName}\u0000${session}`;
const lockName = (dbName: string, session: string) => `cinema-open\u0000${dbName}\u0000${session}`;

/** The origin's Web Locks where there are some (browsers: pages and workers; not Node). */
function locks(): LockManager | null {
  const nav = (globalThis as { navigator?: { locks?: LockManager } }).navigator;
  return nav?.locks ?? null;
}

/** Marks a session open; pair with markClosed. */
export function markOpen(factory: IDBFactory, dbName: string, session: string): void {
  let s = open.get(factory);
  if (!s) open.set(factory, (s = new Map()));
  let release = () => {};
  const manager = locks();
  if (manager) {
    const held = new Promise<void>((r) => (release = r));
    // Shared: this process may open and close a session more than once; the lock only says "held".
    manager.request(lockName(dbName, session), { mode: 'shared' }, () => held).catch(() => {});
  }
  s.get(keyOf(dbName, session))?.();
  s.set(keyOf(dbName, session), release);
}

export function markClosed(factory: IDBFactory, dbName: string, session: string): void {
  const s = open.get(factory);
  const key = keyOf(dbName, session);
  s?.get(key)?.();
  s?.delete(key);
}

/** True while a TemporalStorage of this process holds the session. */
export function isSessionOpen(factory: IDBFactory, dbName: string, session: string): boolean {
  return open.get(factory)?.has(keyOf(dbName, session)) ?? false;
}

/** True while a storage of this process, or of another tab or worker of the origin, holds the session. */
export async function isSessionOpenAnywhere(factory: IDBFactory, dbName: string, session: string): Promise<boolean> {
  if (isSessionOpen(factory, dbName, session)) return true;
  const manager = locks();
  if (!manager) return false;
  const state = await manager.query();
  const name = lockName(dbName, session);
  return [...(state.held ?? []), ...(state.pending ?? [])].some((l) => l.name === name);
}
