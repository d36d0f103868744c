// What the store process holds in memory for one open session.
import type { BlockBuilder } from './block';
import { type BlockCache, RecordCache } from './block-cache';
import type { StoreLayout } from './layout';
import { BlockDirectory } from './directory';
import { type OpenSegment, PostingIndex, keyKind, segmentEntries } from './postings';
import { type BlockIndexRecord, type Database, IdKind, type SegmentRecord, type SessionRecord } from './schema';
import { sessionRange } from './schema';
import { decodeColumns } from './columns-codec';
import { LoadGate } from './load-gate';

/** Where a stored segment's pointers can point: eviction reads only segments it can affect. */
export interface SegmentSpan {
  no: number;
  minBlock: number;
  maxBlock: number;
}

export interface SessionState {
  db: Database;
  meta: SessionRecord;
  /** Empty until `columnsLoaded` resolves: await it before using it. */
  dir: BlockDirectory;
  /** Resolves once `dir` holds every block's time columns (at once unless the session has an overview). */
  columnsLoaded: Promise<void>;
  columnsReady: boolean;
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
  /** Held by questions answered while the columns load behind an overview's open (load-gate.ts). */
  gate: LoadGate;
}

/** Blocks whose time columns one request reads, when they load behind the open. */
const COLUMN_CHUNK = 64;
/**
 * The first such requests read fewer, doubling up to COLUMN_CHUNK: the app asks its first
 * questions (the state at the playhead) as the open returns, and each waits for the requests already
 * out (~5 ms each for 64 blocks at 1M events in Chromium). Starting at 2, 4 or 8 blocks, such a
 * question took 4.3, 4.75 or 5.55 ms (medians of four alternating runs at 1M), the columns as long.
 */
const FIRST_COLUMN_CHUNK = 2;
/** Posting segments (up to 128 KB each) one request reads, likewise. */
const SEGMENT_CHUNK = 16;
/** Chunk requests kept out at once while a session loads behind an overview (a query waits behind at most these). */
const CHUNKS_AHEAD = 2;

/**
 * Loads a session's time columns and, behind them, its posting lists. The time columns answer the
 * first things a viewer asks (range, density, stats); the postings (~2 pointers an event: 0.2 s to
 * read and 0.35 s to index at 1M events) load meanwhile and are awaited only by what needs them:
 * queries by id, filtered density, writes and eviction. Indexing yields every few milliseconds so
 * those first queries are not held up behind it. A session with an overview (overview.ts) opens
 * without waiting for the time columns either: its first paint is answered from the overview, and
 * the columns load behind it a chunk of blocks at a time, so other reads get between them, and
 * the postings only after them: read beside the columns, their 2 MB requests held the columns (at
 * 1M events, 146-186 ms to load against 68-76) and every question asked meanwhile.
 */
export async function loadState(db: Database, meta: SessionRecord, layout: StoreLayout): Promise<SessionState> {
  const gate = new LoadGate();
  let segmentsRead = meta.overview ? null : readSegments(db, meta, gate);
  const state: SessionState = {
    db,
    meta,
    dir: new BlockDirectory(),
    columnsLoaded: Promise.resolve(),
    columnsReady: false,
    open: null,
    postings: new PostingIndex(),
    segments: [],
    openSegment: null,
    postingsLoaded: Promise.resolve(),
    cache: new RecordCache(layout.cacheBlocks),
    layout,
    gate,
  };
  state.columnsLoaded = readColumns(db, meta, gate).then((records) => {
    state.dir = new BlockDirectory(records);
    state.columnsReady = true;
  });
  if (meta.overview)
    state.columnsLoaded.catch(() => {}); // reported to whoever awaits it
  else await state.columnsLoaded;
  state.postingsLoaded = (async () => {
    // Every segment first, so each AST list is made its final size once (reserve); the records
    // are garbage once appended either way. Correlation lists are short and are not counted.
    if (segmentsRead === null) {
      await state.columnsLoaded;
      segmentsRead = readSegments(db, meta, gate);
    }
    const read: Array<{ no: number; seg: SegmentRecord }> = [];
    for (let chunk = await segmentsRead.next(); chunk !== null; chunk = await segmentsRead.next()) {
      const [segKeys, segs] = chunk;
      segs.forEach((seg, i) => read.push({ no: segKeys[i][1], seg }));
    }
    const astTotals = new Map<string, number>();
    for (const { seg } of read)
      seg.keys.forEach((key, k) => {
        if (keyKind(key) === IdKind.Ast) astTotals.set(key, (astTotals.get(key) ?? 0) + seg.counts[k]);
      });
    for (const [key, total] of astTotals) state.postings.reserve(key, total);
    let slice = Date.now();
    for (const { no, seg } of read) {
      let at = 0;
      seg.keys.forEach((key, k) => {
        state.postings.append(key, seg.pointers, at, at + seg.counts[k]);
        at += seg.counts[k];
      });
      state.segments.push({ no, minBlock: seg.minBlock, maxBlock: seg.maxBlock });
      if (Date.now() - slice > 8) {
        await nextTask();
        slice = Date.now();
      }
    }
    const last = read.length > 0 ? read[read.length - 1] : null;
    if (last && last.seg.pointers.length < layout.segmentPointers) {
      state.openSegment = { no: last.no, entries: segmentEntries(last.seg), size: last.seg.pointers.length };
    }
  })();
  state.postingsLoaded.catch(() => {}); // reported to whoever awaits it
  return state;
}

/**
 * Resolves in a task of its own, after the tasks already queued (a query's message among them).
 * A zero-delay timer did the same but, nested as this loop's are, waits at least 4 ms in browsers.
 */
function nextTask(): Promise<void> {
  if (typeof MessageChannel !== 'function') return new Promise((r) => setTimeout(r, 0));
  const { port1, port2 } = new MessageChannel();
  return new Promise((r) => {
    port1.onmessage = () => {
      port1.close();
      r();
    };
    port2.postMessage(null);
  });
}

/** Every block's time columns: in one request, or a chunk at a time behind an overview's open. */
async function readColumns(db: Database, meta: SessionRecord, gate: LoadGate): Promise<BlockIndexRecord[]> {
  const sid = meta.id;
  if (!meta.overview) return (await db.transaction('blockIndex', 'readonly').store.getAll(sessionRange(sid))).map(decodeColumns);
  const records: BlockIndexRecord[] = [];
  const chunks = ahead(meta.next_block, FIRST_COLUMN_CHUNK, COLUMN_CHUNK, gate, (lo, size) =>
    db.transaction('blockIndex', 'readonly').store.getAll(IDBKeyRange.bound([sid, lo], [sid, lo + size - 1])),
  );
  for (let chunk = await chunks.next(); chunk !== null; chunk = await chunks.next()) for (const r of chunk) records.push(decodeColumns(r));
  return records;
}

/** Segments in key order: all in one request, or a chunk at a time behind an overview's open; then null. */
function readSegments(
  db: Database,
  meta: SessionRecord,
  gate: LoadGate,
): { next(): Promise<[Array<[string, number]>, SegmentRecord[]] | null> } {
  const sid = meta.id;
  const read = (range: IDBKeyRange) => {
    const tx = db.transaction('segments', 'readonly');
    return Promise.all([tx.store.getAllKeys(range), tx.store.getAll(range)]);
  };
  if (!meta.overview) {
    // The request goes out now, before the time columns'.
    let whole: ReturnType<typeof read> | null = read(sessionRange(sid));
    whole.catch(() => {}); // reported by next()
    return {
      next() {
        const r = whole;
        whole = null;
        return r ?? Promise.resolve(null);
      },
    };
  }
  return ahead(meta.next_segment, SEGMENT_CHUNK, SEGMENT_CHUNK, gate, (lo, size) =>
    read(IDBKeyRange.bound([sid, lo], [sid, lo + size - 1])),
  );
}

/**
 * Reads [0, end) a chunk of keys at a time, in order (`first` keys, then twice as many each time
 * up to `step`), keeping CHUNKS_AHEAD requests out: one at a time, each waited for, left the Worker
 * idle between them for a round trip to the browser's IndexedDB (at 3M events, ~40% of the load was
 * idle). The first requests go out now unless a question holds the gate; a request waits for it to
 * clear.
 */
function ahead<T>(
  end: number,
  first: number,
  step: number,
  gate: LoadGate,
  read: (lo: number, size: number) => Promise<T>,
): { next(): Promise<T | null> } {
  const out: Array<Promise<T>> = [];
  let lo = 0;
  let size = Math.min(first, step);
  const send = () => {
    const [from, n] = [lo, size];
    const r = gate.clear().then(() => read(from, n));
    r.catch(() => {}); // reported by next()
    out.push(r);
    lo += n;
    size = Math.min(step, size * 2);
  };
  while (lo < end && out.length < CHUNKS_AHEAD) send();
  return {
    next() {
      const r = out.shift();
      if (lo < end) send();
      return r ?? Promise.resolve(null);
    },
  };
}
