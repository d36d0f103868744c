// The sizes that shape storage. The defaults come from measurements (block.ts, runs.ts); tests use
// small ones so a few thousand events cross every boundary: many blocks, overlaps, several runs.

/** Most events a block can hold: also the multiplier of a packed posting pointer. */
export const MAX_BLOCK_EVENTS = 4096;

export interface StoreLayout {
  /** A block closes at this many events (at most MAX_BLOCK_EVENTS). */
  blockEvents: number;
  /** ... or once its payload passes this many bytes. */
  blockBytes: number;
  /** Sealed events that trigger a run (the AST-clustered copy). */
  runEvents: number;
  /** Bucket records per run. */
  runBuckets: number;
  /** Block payload records kept in memory (most recently used). */
  cacheBlocks: number;
  /** Pointers after which a posting segment is closed and the next batch starts a new one (postings.ts). */
  segmentPointers: number;
  /** Pointers a segment holds once a finished session's postings are compacted (posting-compaction.ts). */
  compactPointers: number;
  /** About how many events of the runs a step of their merge rewrites (merged-runs.ts). */
  mergeStepEvents: number;
}

export const DEFAULT_LAYOUT: StoreLayout = {
  blockEvents: MAX_BLOCK_EVENTS,
  // Measured against 24 KiB: ingest and range reads faster, a flow's events slower (block.ts).
  blockBytes: 72 * 1024,
  runEvents: 65_536,
  // Measured at 1M events: cold node 10.5 ms with 128 buckets, 4.4 with 512, 3.2 with 1,024.
  // Fewer, larger buckets (~98 KB, past Chromium's inline limit like blocks) wrote faster (live
  // ingest 58-61k events/s against 46-52k, 2026-12-02) but read slower: a cold node 29-55 ms
  // against 6-7, reopened 25-42 against 4.
  runBuckets: 1024,
  // Scrubbing and stepping reread the same few blocks; 512 are at most ~40 MB of payload text.
  cacheBlocks: 512,
  segmentPointers: 16_384,
  // 256 KB as 32-bit pointers: past Chromium's inline limit, and ~300 records at 10M events.
  compactPointers: 65_536,
  // ~2 MB of payload a step at this project's event sizes: a query waits for at most one step. At
  // 16,384 (two buckets at 10M events) a node's first rows took 88-105 ms in bench:ui when the
  // click came during a step, against 65 with no merge (a bucket is the least a step can take).
  mergeStepEvents: 8_192,
};

/** Fills in defaults and checks bounds. */
export function resolveLayout(partial: Partial<StoreLayout> = {}): StoreLayout {
  const layout = { ...DEFAULT_LAYOUT, ...partial };
  const check = (name: keyof StoreLayout, max: number) => {
    const v = layout[name];
    if (!Number.isSafeInteger(v) || v < 1 || v > max)
      throw new RangeError(`layout.${name} must be an integer from 1 to ${max}, got ${String(v)}`);
  };
  check('blockEvents', MAX_BLOCK_EVENTS);
  check('blockBytes', 64 * 1024 * 1024);
  check('runEvents', 1 << 24);
  check('runBuckets', 65_536);
  check('cacheBlocks', 1 << 20);
  check('segmentPointers', 1 << 24);
  check('compactPointers', 1 << 24);
  check('mergeStepEvents', 1 << 24);
  return layout;
}
