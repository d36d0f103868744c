// What the store process holds in memory for one open session.
import type { BlockBuilder } from './block';
import { BlockCache } from './block-cache';
import { BlockDirectory } from './directory';
import type { PostingTail } from './postings';
import type { Database, SessionRecord } from './schema';
import { sessionRange } from './schema';

export interface SessionState {
  db: Database;
  meta: SessionRecord;
  dir: BlockDirectory;
  /** The last block while it still has room; null after a reopen or a failed write. */
  open: BlockBuilder | null;
  /** Last posting chunk of every id, loaded on the first write to a reopened session. */
  tails: Map<string, PostingTail> | null;
  cache: BlockCache;
}

/** Loads a session's meta record and time columns. */
export async function loadState(db: Database, meta: SessionRecord): Promise<SessionState> {
  const records = await db.getAll('blockIndex', sessionRange(meta.id));
  return {
    db,
    meta,
    dir: new BlockDirectory(records),
    open: null,
    tails: meta.total_events === 0 && meta.next_seq === 0 ? new Map() : null,
    cache: new BlockCache(),
  };
}
