// What the crash test (e2e/crash.spec.ts) does inside the store Worker: the operations it kills the
// browser in the middle of, and the look at the database it takes before and after. Records are
// counted straight from the object stores, by the session id their keys begin with, so an import
// the catalog no longer lists but whose blocks remain is seen.
import { demoRecordingLines } from '../../src/demo/recording';
import { SessionCatalog } from '../catalog/catalog';
import { openDatabase, SESSION_STORES } from '../engine/schema';
import { importNativeSession } from '../import/native';
import { TemporalStorage } from '../temporal-storage';
import { chunksOf } from './chunks';
import { exportText } from './export-text';

async function sha256(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

const open = (dbName: string, session: string, maxEvents = Infinity) =>
  TemporalStorage.start({ session, dbName, maxEvents, cleanupInterval: 0 });

/** A session as the crash test compares it. */
export interface SessionLook {
  id: string;
  name: string;
  status: string;
  total_events: number;
  /** SHA-256 of its export without the header line (an import's header names when it was made) and bookmarks. */
  events_sha: string;
  bookmarks: Array<{ timestamp: number; label: string; note?: string }>;
  /** Event count read back equals the meta's, and every AST node's and flow's postings find exactly its events. */
  consistent: string | null;
}

export interface DatabaseLook {
  sessions: SessionLook[];
  /** Records per session id over every session store, counted directly. */
  records: Record<string, number>;
}

/** A session's export without its header line (an import's header names when it was made) and bookmarks. */
async function exportedEvents(dbName: string, session: string): Promise<string> {
  const text = await exportText(session, { dbName });
  // Bookmarks are compared on their own (SessionLook.bookmarks).
  return text
    .slice(text.indexOf('\n') + 1)
    .split('\n')
    .filter((l) => !l.startsWith('{"kind":"bookmark"'))
    .join('\n');
}

/** Null when the session reads back whole and its postings agree with its events; else what is wrong. */
async function consistency(dbName: string, session: string): Promise<string | null> {
  const s = await open(dbName, session);
  try {
    const all = await s.getAllEvents();
    const total = (await s.getStats()).total_events;
    if (all.length !== total) return `meta says ${total} events, a scan reads ${all.length}`;
    const byAst = new Map<string, number>();
    const byFlow = new Map<string, number>();
    for (const e of all) {
      if (e.ast_node_id) byAst.set(e.ast_node_id, (byAst.get(e.ast_node_id) ?? 0) + 1);
      if (e.correlation_id) byFlow.set(e.correlation_id, (byFlow.get(e.correlation_id) ?? 0) + 1);
    }
    for (const [id, n] of byAst) {
      const got = (await s.getEventsForAstNode(id)).length;
      if (got !== n) return `AST node ${id}: ${n} events in a scan, ${got} by its postings`;
    }
    for (const [id, n] of byFlow) {
      const got = (await s.getEventsForCorrelation(id)).length;
      if (got !== n) return `flow ${id}: ${n} events in a scan, ${got} by its postings`;
    }
    return null;
  } finally {
    await s.stop();
  }
}

export const crashOps = {
  /** What the host does when it starts: clears imports left unfinished. Returns the ids removed. */
  async startUp(dbName: string): Promise<string[]> {
    const catalog = await SessionCatalog.open({ dbName });
    try {
      return await catalog.removeAbandonedImports();
    } finally {
      await catalog.close();
    }
  },

  /** Every session (hidden ones too) and every record, as they are. */
  async look(dbName: string): Promise<DatabaseLook> {
    const db = await openDatabase(self.indexedDB, dbName);
    const records: Record<string, number> = {};
    let metas;
    try {
      metas = await db.getAll('sessions');
      for (const store of SESSION_STORES) {
        let cursor = await db.transaction(store).store.openKeyCursor();
        while (cursor) {
          const id = (cursor.key as [string, unknown])[0];
          records[id] = (records[id] ?? 0) + 1;
          cursor = await cursor.continue();
        }
      }
    } finally {
      db.close();
    }
    const sessions: SessionLook[] = [];
    for (const m of metas) {
      const complete = m.status !== 'importing';
      const s = await open(dbName, m.id);
      const bookmarks = (await s.getExtras({ links: false })).bookmarks.map(({ timestamp, label, note }) => ({
        timestamp,
        label,
        ...(note !== undefined ? { note } : {}),
      }));
      await s.stop();
      sessions.push({
        id: m.id,
        name: m.name,
        status: m.status ?? 'ready',
        total_events: m.total_events,
        events_sha: complete ? await sha256(await exportedEvents(dbName, m.id)) : '',
        bookmarks,
        consistent: complete ? await consistency(dbName, m.id) : null,
      });
    }
    return { sessions, records };
  },

  /** SHA-256 of a generated recording's export, as an import of it would give (no header line). */
  async importedSha(dbName: string, seed: number, events: number): Promise<{ id: string; sha: string }> {
    const id = await crashOps.importDemo(dbName, seed, events);
    const sha = await sha256(await exportedEvents(dbName, id));
    const catalog = await SessionCatalog.open({ dbName });
    await catalog.delete(id);
    await catalog.close();
    return { id, sha };
  },

  /** Imports a generated recording; resolves with its session id. */
  async importDemo(dbName: string, seed: number, events: number): Promise<string> {
    const text = [...demoRecordingLines({ events, seed })].join('\n') + '\n';
    const r = await importNativeSession(chunksOf(text), { file: `crash-${seed}.cinema`, dbName, batchSize: 500 });
    return r.session;
  },

  /** Exports a session and throws the text away: reading must leave nothing behind. */
  async exportOne(dbName: string, session: string): Promise<number> {
    return (await exportedEvents(dbName, session)).length;
  },

  /** Adds `count` bookmarks one transaction each, with notes large enough to take a while. */
  async bookmarks(dbName: string, session: string, count: number, tag: string): Promise<void> {
    const s = await open(dbName, session);
    try {
      for (let i = 0; i < count; i++) {
        await s.addExtras({ bookmarks: [{ timestamp: 1000 + i, label: `${tag}-${i}`, note: `${tag}-${i} `.repeat(40000) }] });
      }
    } finally {
      await s.stop();
    }
  },

  /** Stores `batches` batches of `size` new events into a session kept at its size: each evicts as many old ones. */
  async storeAndEvict(dbName: string, session: string, batches: number, size: number, tag: string): Promise<void> {
    const probe = await open(dbName, session);
    const total = (await probe.getStats()).total_events;
    await probe.stop();
    const s = await open(dbName, session, total);
    try {
      for (let b = 0; b < batches; b++) {
        const events = Array.from({ length: size }, (_, i) => ({
          timestamp: 1e15 + b * size + i,
          ast_node_id: `${tag}-node-${i % 7}`,
          correlation_id: `${tag}-flow-${i % 3}`,
          data: { type: 'crash_test', batch: b, i },
        }));
        await s.storeEvents(events);
      }
    } finally {
      await s.stop();
    }
  },

  async deleteOne(dbName: string, session: string): Promise<boolean> {
    const catalog = await SessionCatalog.open({ dbName });
    try {
      return await catalog.delete(session);
    } finally {
      await catalog.close();
    }
  },
};
