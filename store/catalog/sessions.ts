// The session catalog: creating, listing, renaming and deleting recordings in one database.
import type { SessionInfo } from '../engine/types';
import { type Database, SESSION_STORES, type SessionRecord, sessionRange } from '../engine/schema';

/** A fresh, empty session record. */
export function newSessionRecord(id: string, name: string, now: number): SessionRecord {
  return {
    id,
    name,
    created_at: now,
    time_unit: 'us',
    epoch: '0',
    source: null,
    status: 'ready',
    header: null,
    total_events: 0,
    oldest_event: null,
    newest_event: null,
    next_seq: 0,
    next_block: 0,
    next_segment: 0,
    next_run: 0,
    compacted_block: 0,
    runs: [],
    data_bytes: 0,
    ast_index_size: 0,
    correlation_index_size: 0,
    ast_node_count: 0,
    correlation_count: 0,
    clock_floor: 0,
  };
}

/** What a listing shows of a session record. */
export function toSessionInfo(r: SessionRecord): SessionInfo {
  return {
    id: r.id,
    name: r.name,
    created_at: r.created_at,
    time_unit: r.time_unit,
    epoch: r.epoch,
    source: r.source,
    total_events: r.total_events,
    ast_node_count: r.ast_node_count,
    correlation_count: r.correlation_count,
    oldest_event: r.oldest_event,
    newest_event: r.newest_event,
    ...laneNames(r.header),
  };
}

/** The names a recording's header gives its processes and threads (text only), when it gives any. */
function laneNames(header: Record<string, unknown> | null): Pick<SessionInfo, 'lane_names'> {
  const names = (v: unknown) => {
    if (v === null || typeof v !== 'object' || Array.isArray(v)) return undefined;
    const text = Object.entries(v).filter((e): e is [string, string] => typeof e[1] === 'string');
    return text.length > 0 ? Object.fromEntries(text) : undefined;
  };
  const processes = names(header?.processes);
  const threads = names(header?.threads);
  return processes || threads ? { lane_names: { ...(processes && { processes }), ...(threads && { threads }) } } : {};
}

/** Every session, oldest first; sessions still being imported are not listed. */
export async function listSessions(db: Database): Promise<SessionInfo[]> {
  const all = (await db.getAll('sessions')).filter((r) => r.status !== 'importing');
  return all.sort((a, b) => a.created_at - b.created_at || (a.id < b.id ? -1 : 1)).map(toSessionInfo);
}

/** Renames a session; rejects when it does not exist or the name is empty. */
export async function renameSession(db: Database, id: string, name: string): Promise<SessionRecord> {
  if (typeof name !== 'string' || name.trim() === '')
    throw new Error(`session name must be a non-empty string, got ${JSON.stringify(name)}`);
  const tx = db.transaction('sessions', 'readwrite');
  const r = await tx.store.get(id);
  if (!r) throw new Error(`no session "${id}"`);
  const updated = { ...r, name };
  await Promise.all([tx.store.put(updated), tx.done]);
  return updated;
}

/** Deletes a session and every block and posting of it, in one transaction. */
export async function deleteSession(db: Database, id: string): Promise<boolean> {
  const tx = db.transaction(['sessions', ...SESSION_STORES], 'readwrite');
  const existed = (await tx.objectStore('sessions').getKey(id)) !== undefined;
  const range = sessionRange(id);
  await Promise.all([tx.objectStore('sessions').delete(id), ...SESSION_STORES.map((s) => tx.objectStore(s).delete(range)), tx.done]);
  return existed;
}
