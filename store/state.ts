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
  postings: PostingIndex;
  segments: SegmentSpan[];
  /** The last segment while it is small enough to take the next batch's postings. */
  openSegment: OpenSegment | null;
  cache: BlockCache;
  layout: StoreLayout;
}

/** Loads a session's meta record, time columns and posting lists. */
export async function loadState(db: Database, meta: SessionRecord, layout: StoreLayout): Promise<SessionState> {
  const tx = db.transaction(['blockIndex', 'segments'], 'readonly');
  const range = sessionRange(meta.id);
  const [records, segKeys, segs] = await Promise.all([
    tx.objectStore('blockIndex').getAll(range),
    tx.objectStore('segments').getAllKeys(range),
    tx.objectStore('segments').getAll(range),
  ]);
  const postings = new PostingIndex();
  const segments: SegmentSpan[] = [];
  let openSegment: OpenSegment | null = null;
  segs.forEach((seg, i) => {
    let at = 0;
    seg.keys.forEach((key, k) => {
      postings.append(key, seg.pointers.subarray(at, at + seg.counts[k]));
      at += seg.counts[k];
    });
    const no = segKeys[i][1];
    segments.push({ no, minBlock: seg.minBlock, maxBlock: seg.maxBlock });
    if (i === segs.length - 1 && seg.pointers.length < SEGMENT_POINTERS) {
      openSegment = { no, entries: segmentEntries(seg), size: seg.pointers.length };
    }
  });
  return { db, meta, dir: new BlockDirectory(records), open: null, postings, segments, openSegment, cache: new RecordCache(), layout };
}
