// A time range read before a session's time columns have loaded (a session opened from its
// overview: state.ts). The overview of a session whose blocks never overlap keeps each block's
// number and first timestamp; the blocks a range can touch are then a run of block numbers, and
// their time columns come in one request. This is what the first question about the program's
// state after an open asks (a checkpoint, then the events after it up to t: a block or two), which
// would otherwise wait for every block's columns (~0.5-1.3 s at 1M events in Chromium).
import { BlockDirectory } from './directory';
import { lastAtOrBefore } from './checkpoints';
import { overviewHolds } from './overview';
import type { SessionState } from './state';
import { decodeColumns } from './columns-codec';

/** Past this many blocks a range waits for the columns instead: it would read most of them anyway. */
const EARLY_BLOCKS = 32;

/** The blocks of [t0, t1] as a directory of their own, or null when the columns must be waited for. */
export async function earlyDirectory(state: SessionState, t0: number, t1: number): Promise<BlockDirectory | null> {
  const { meta } = state;
  const blocks = meta.overview?.blocks;
  if (state.columnsReady || !blocks || blocks.nos.length === 0 || !overviewHolds(meta)) return null;
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
  const records = (await state.db.getAll('blockIndex', range)).map(decodeColumns);
  if (records.length !== last - first + 1) return null; // not what the overview said: ask the columns
  return new BlockDirectory(records);
}
