// Checkpoints on disk: an import's, written as it publishes, keyed [session, ts, seq] of the event
// each follows, so the last one at or before a moment is one backward cursor step away.
import type { Checkpoint } from './checkpoints';
import { sessionRange } from './schema';
import type { SessionState } from './state';

/**
 * Stores `list` in place of the session's earlier checkpoints (an eviction since moved every
 * position) and marks the meta record: they hold until the next write or eviction clears it.
 */
export async function storeCheckpoints(state: SessionState, list: Checkpoint[]): Promise<void> {
  const sid = state.meta.id;
  const tx = state.db.transaction(['checkpoints', 'sessions'], 'readwrite');
  const puts: Promise<unknown>[] = [tx.objectStore('checkpoints').delete(sessionRange(sid))];
  puts.push(...list.map((c) => tx.objectStore('checkpoints').put({ procs: c.procs }, [sid, c.key.ts, c.key.seq])));
  const meta = { ...state.meta, checkpoints: list.length };
  puts.push(tx.objectStore('sessions').put(meta));
  await Promise.all([...puts, tx.done]);
  state.meta = meta;
}

/** The last stored checkpoint at or before `t`; null when the first is later. */
export async function checkpointBefore(state: SessionState, t: number): Promise<Checkpoint | null> {
  const sid = state.meta.id;
  const cursor = await state.db.transaction('checkpoints').store.openCursor(IDBKeyRange.bound([sid], [sid, t, Infinity]), 'prev');
  if (!cursor) return null;
  return { key: { ts: cursor.key[1], seq: cursor.key[2] }, procs: cursor.value.procs };
}
