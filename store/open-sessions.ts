// Which sessions this process holds open, per IndexedDB factory: two storages writing one session
// would each hand out the same event ids, and deleting a session under an open storage would leave
// it writing into nothing. The catalog asks here before it deletes.

const open = new WeakMap<IDBFactory, Set<string>>();

const keyOf = (dbName: string, session: string) => `${dbName}\u0000${session}`;

/** Marks a session open; pair with markClosed. */
export function markOpen(factory: IDBFactory, dbName: string, session: string): void {
  let s = open.get(factory);
  if (!s) open.set(factory, (s = new Set()));
  s.add(keyOf(dbName, session));
}

export function markClosed(factory: IDBFactory, dbName: string, session: string): void {
  open.get(factory)?.delete(keyOf(dbName, session));
}

/** True while a TemporalStorage of this process holds the session. */
export function isSessionOpen(factory: IDBFactory, dbName: string, session: string): boolean {
  return open.get(factory)?.has(keyOf(dbName, session)) ?? false;
}
