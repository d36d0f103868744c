// What the store process holds in memory for one open session.
import type { BlockBuilder } from './block';
import { type BlockCache, RecordCache } from './block-cache';
import type { StoreLayout } from './layout';
import { BlockDirectory } from './directory';
import { type OpenSegment, PostingIndex, SEGMENT_POINTERS, segmentEntries } from './postings';
import type { Database, SessionRecord } from './schema';
import { sessionRange } from './schema';

/** Where a stored segment's pointers can point: eviction reads only segments it can affect. */
export interface SegmentSpan {
  no: number;
  minBlock: number;
  maxBlock: number;
}

export interface SessionState {
  db: Database;
  meta: SessionRecord;
  dir: BlockDirectory;
  /** The last block while it still has room; null after a reopen or a failed write. */
  open: BlockBuilder | null;
  /** Filled after the time columns load (see loadState): await `postingsLoaded` before using it. */
  postings: PostingIndex;
  segments: SegmentSpan[];
  /** Resolves once postings, segments and openSegment hold what is stored. */
  postingsLoaded: Promise<void>;
  /** The last segment while it is small enough to take the next batch's postings. */
  openSegment: OpenSegment | null;
  cache: BlockCache;
  layout: StoreLayout;
}

/**
 * Loads a session's time columns and, behind them, its posting lists. The time columns answer the
 * first things a viewer asks (range, density, stats); the postings (~2 pointers an event: 0.2 s to
 * read and 0.35 s to index at 1M events) load meanwhile and are awaited only by what needs them:
 * queries by id, filtered density, writes and eviction. Indexing yields every few milliseconds so
 * those first queries are not held up behind it.
 */
export async function loadState(db: Database, meta: SessionRecord, layout: StoreLayout): Promise<SessionState> {
  const range = sessionRange(meta.id);
  const segTx = db.transaction('segments', 'readonly');
  const segmentsRead = Promise.all([segTx.store.getAllKeys(range), segTx.store.getAll(range)]);
  const records = await db.transaction('blockIndex', 'readonly').store.getAll(range);
  const state: SessionState = {
    db,
    meta,
    dir: new BlockDirectory(records),
    open: null,
    postings: new PostingIndex(),
    segments: [],
    openSegment: null,
    postingsLoaded: Promise.resolve(),
    cache: new RecordCache(layout.cacheBlocks),
    layout,
  };
  state.postingsLoaded = segmentsRead.then(async ([segKeys, segs]) => {
    let slice = Date.now();
    for (let i = 0; i < segs.length; i++) {
      const seg = segs[i];
      let at = 0;
      seg.keys.forEach((key, k) => {
        state.postings.append(key, seg.pointers.subarray(at, at + seg.counts[k]));
        at += seg.counts[k];
      });
      const no = segKeys[i][1];
      state.segments.push({ no, minBlock: seg.minBlock, maxBlock: seg.maxBlock });
      if (i === segs.length - 1 && seg.pointers.length < SEGMENT_POINTERS) {
        state.openSegment = { no, entries: segmentEntries(seg), size: seg.pointers.length };
      }
      if (Date.now() - slice > 8) {
        await new Promise((r) => setTimeout(r, 0));
        slice = Date.now();
      }
    }
  });
  state.postingsLoaded.catch(() => {}); // reported to whoever awaits it
  return state;
}
