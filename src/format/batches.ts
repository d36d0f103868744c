/**
 * Events in one write batch of the store, and what importers hand on at a time: each batch is one
 * IndexedDB transaction. One event a transaction ran at ~1.7k events/s in Chromium; batches of this
 * size amortize the ~0.1-0.2 ms a request costs without holding much more than a block's worth of
 * records in memory.
 */
export const BATCH_EVENTS = 8192;
