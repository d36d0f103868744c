// A time range read before a session's time columns have loaded (a session opened from its
// overview: state.ts). The overview of a session whose blocks never overlap keeps each block's
// number and first timestamp; the blocks a range can touch are then a run of block numbers, and
// their time columns come in one request. This is what the first question about the program's
// state after an open asks (a checkpoint, then the events after it up to t: a block or two), which
// would otherwise wait for every block's columns (~0.5-1.3 s at 1M events in Chromium). A range of a
// few blocks also reads their payloads in the same round, into the cache the page then reads: each
// round waits behind the loads' requests already out (load-gate.ts).
import { BlockDirectory } from './directory';
import { lastAtOrBefore } from './checkpoints';
import { overviewHolds } from './overview';
import type { SessionState } from './state';
import { decodeColumns } from './columns-codec';
import { fetchBlocks } from './reader';

/** Past this many blocks a range waits for the columns instead: it would read most of them anyway. */
const EARLY_BLOCKS = 32;
/** Up to this many blocks, their payloads are read with their columns (a state question's range: one or two). */
const PREFETCH_BLOCKS = 4;

/**
 * What `read` makes of [t0, t1]'s blocks before the columns load, holding the loads back meanwhile
 * (load-gate.ts); null when the columns must be waited for (not with the gate held: that wait would
 * never end).
 */
export function earlyRange<T>(state: SessionState, t0: number, t1: number, read: (dir: BlockDirectory) => Promise<T>): Promise<T | null> {
  if (state.columnsReady) return Promise.resolve(null);
  return state.gate.hold(async () => {
    const dir = await earlyDirectory(state, t0, t1);
    return dir && read(dir);
  });
}

/** The blocks of [t0, t1] as a directory of their own, or null when the columns must be waited for (earlyRange checked they have not loaded). */
async function earlyDirectory(state: SessionState, t0: number, t1: number): Promise<BlockDirectory | null> {
  const { meta } = state;
  const blocks = meta.overview?.blocks;
  if (!blocks || blocks.nos.length === 0 || !overviewHolds(meta)) return null;
  if (t1 < meta.oldest_event! || t0 > meta.newest_event!) return new BlockDirectory();
  const first = Math.max(
    0,
    lastAtOrBefore(blocks.firsts, t0, (t) => t),
  );
  const last = Math.max(
    0,
    lastAtOrBefore(blocks.firsts, t1, (t) => t),
  );
  if (last - first >= EARLY_BLOCKS) return null;
  const sid = meta.id;
  const range = IDBKeyRange.bound([sid, blocks.nos[first]], [sid, blocks.nos[last]]);
  const nos = Array.from(blocks.nos.subarray(first, last + 1));
  const [stored] = await Promise.all([
    state.db.getAll('blockIndex', range),
    nos.length <= PREFETCH_BLOCKS ? fetchBlocks(state.db, sid, nos, state.cache) : null,
  ]);
  const records = stored.map(decodeColumns);
  if (records.length !== last - first + 1) return null; // not what the overview said: ask the columns
  return new BlockDirectory(records);
}
