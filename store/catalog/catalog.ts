// The session catalog API: what the UI's session list calls.
import { acquireDatabase, releaseDatabase } from '../engine/connection';
import { deleteSession, listSessions, renameSession, toSessionInfo } from './sessions';
import type { Database } from '../engine/schema';
import { isSessionOpen, isSessionOpenAnywhere } from '../open-sessions';
import type { SessionInfo } from '../engine/types';

export interface CatalogOptions {
  indexedDB?: IDBFactory;
  dbName?: string;
}

export class SessionCatalog {
  private closed = false;
  private constructor(
    private readonly db: Database,
    private readonly factory: IDBFactory,
    private readonly dbName: string,
  ) {}

  /** Opens the catalog of a database (creating the database when new). */
  static async open(opts: CatalogOptions = {}): Promise<SessionCatalog> {
    const factory = opts.indexedDB ?? (globalThis as { indexedDB?: IDBFactory }).indexedDB;
    if (!factory) throw new Error('no IndexedDB here: pass the indexedDB option');
    const dbName = opts.dbName ?? 'cinema';
    return new SessionCatalog(await acquireDatabase(factory, dbName), factory, dbName);
  }

  /** Every session: id, name, counts, time bounds, created_at. */
  list(): Promise<SessionInfo[]> {
    return listSessions(this.db);
  }

  async rename(id: string, name: string): Promise<SessionInfo> {
    return toSessionInfo(await renameSession(this.db, id, name));
  }

  /** Deletes a session with all its events and postings; refuses while a storage holds it. */
  async delete(id: string): Promise<boolean> {
    // Only this process's storages refuse a delete: another tab showing the session is told, and closes it.
    if (isSessionOpen(this.factory, this.dbName, id)) throw new Error(`session "${id}" is open; stop its storage before deleting it`);
    return deleteSession(this.db, id);
  }

  /**
   * Deletes sessions an import left hidden (status 'importing') when the process running it ended:
   * the store host calls this when it starts, before any import of its own. Sessions being imported
   * right now, here or in another tab, are kept. Returns the ids removed.
   */
  async removeAbandonedImports(): Promise<string[]> {
    const all = await this.db.getAll('sessions');
    const abandoned: string[] = [];
    for (const r of all) {
      if (r.status === 'importing' && !(await isSessionOpenAnywhere(this.factory, this.dbName, r.id))) abandoned.push(r.id);
    }
    for (const id of abandoned) await deleteSession(this.db, id);
    return abandoned;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await releaseDatabase(this.factory, this.dbName);
  }
}
