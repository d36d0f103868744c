// Writing a batch of validated events: one readwrite transaction that stores new blocks (or the
// grown last block), one posting segment, and the meta record. Memory is updated only after the
// transaction commits, so a failed batch leaves no trace.
import { BlockBuilder, type PendingEvent } from './block';
import { compareKeys } from './directory';
import { keyKind, mergeEntries, packPointer, postingKey, toSegmentRecord } from './postings';
import { IdKind, type BlockDataRecord, type BlockIndexRecord, type SessionRecord } from './schema';
import type { SessionState } from './state';
import { encodeColumns } from './columns-codec';

/** Stores a batch; returns once it is committed and reflected in `state`. */
export async function writeBatch(state: SessionState, batch: PendingEvent[]): Promise<void> {
  if (batch.length === 0) return;
  batch.sort((a, b) => a.ts - b.ts || a.seq - b.seq);

  const meta: SessionRecord = { ...state.meta };
  delete meta.checkpoints; // persisted state no longer holds once events are added
  delete meta.overview;
  delete meta.spans;
  const builders: BlockBuilder[] = [];
  let current = state.open;
  // Events later than everything in the open block extend it; a late batch starts new blocks.
  if (current) {
    const n = current.size;
    if (current.full || compareKeys(batch[0].ts, batch[0].seq, current.ts[n - 1], current.seq[n - 1]) < 0) current = null;
  }
  let bytes = 0;
  // Where this batch starts in each builder: postings are gathered per block afterwards.
  const starts: number[] = [];
  for (const e of batch) {
    if (e.seq >= meta.next_seq) meta.next_seq = e.seq + 1;
    if (e.clocked && e.ts > meta.clock_floor) meta.clock_floor = e.ts;
    if (!current || current.full) {
      current = new BlockBuilder(meta.next_block++, state.layout);
      builders.push(current);
      starts.push(0);
    } else if (builders.length === 0) {
      builders.push(current);
      starts.push(current.size);
    }
    const before = current.bytes;
    current.push(e);
    bytes += current.bytes - before;
  }
  const added = new Map<string, number[]>();
  builders.forEach((b, k) => {
    gatherPostings(b, starts[k], b.ast, b.astDict, IdKind.Ast, added);
    gatherPostings(b, starts[k], b.corr, b.corrDict, IdKind.Correlation, added);
  });

  // Postings go to the open segment while it is small, else to a new one.
  const reuse = state.openSegment !== null && state.openSegment.size < state.layout.segmentPointers ? state.openSegment : null;
  const segNo = reuse ? reuse.no : meta.next_segment++;
  const entries = mergeEntries(reuse ? reuse.entries : null, added);
  const segment = toSegmentRecord(entries);
  for (const [key, pointers] of added) {
    if (!state.postings.has(key)) {
      if (keyKind(key) === IdKind.Ast) meta.ast_node_count++;
      else meta.correlation_count++;
    }
    if (keyKind(key) === IdKind.Ast) meta.ast_index_size += pointers.length;
    else meta.correlation_index_size += pointers.length;
  }

  const indexRecords: BlockIndexRecord[] = [];
  const dataRecords: BlockDataRecord[] = [];
  const tx = state.db.transaction(['blocks', 'blockIndex', 'segments', 'sessions'], 'readwrite');
  const sid = meta.id;
  const puts: Promise<unknown>[] = [];
  for (const b of builders) {
    const index = b.toIndexRecord();
    const data = b.toDataRecord();
    indexRecords.push(index);
    dataRecords.push(data);
    puts.push(tx.objectStore('blockIndex').put(encodeColumns(index), [sid, b.no]));
    puts.push(tx.objectStore('blocks').put(data, [sid, b.no]));
  }
  if (entries.size > 0) puts.push(tx.objectStore('segments').put(segment, [sid, segNo]));
  const first = batch[0].ts;
  const last = batch[batch.length - 1].ts;
  meta.total_events += batch.length;
  meta.data_bytes += bytes;
  meta.oldest_event = meta.oldest_event === null ? first : Math.min(meta.oldest_event, first);
  meta.newest_event = meta.newest_event === null ? last : Math.max(meta.newest_event, last);
  puts.push(tx.objectStore('sessions').put(meta));
  try {
    await Promise.all([...puts, tx.done]);
  } catch (err) {
    state.open = null; // the builder may hold events that were not stored
    throw err;
  }

  state.meta = meta;
  state.dir.upsert(indexRecords);
  builders.forEach((b, i) => state.cache.set(b.no, dataRecords[i]));
  for (const [key, pointers] of added) state.postings.append(key, pointers);
  if (entries.size > 0) {
    const span = { no: segNo, minBlock: segment.minBlock, maxBlock: segment.maxBlock };
    const at = state.segments.findIndex((s) => s.no === segNo);
    if (at >= 0) state.segments[at] = span;
    else state.segments.push(span);
    state.openSegment = { no: segNo, entries, size: segment.pointers.length };
  }
  state.open = current && !current.full ? current : null;
}

/**
 * Adds the pointers of a block's events from `start` on to `added`, by id: grouped by the block's
 * dictionary code first, so the id's key is built and looked up once a block, not once an event.
 * Offsets ascend, so each id's pointers stay in time order.
 */
function gatherPostings(b: BlockBuilder, start: number, codes: number[], dict: string[], kind: IdKind, added: Map<string, number[]>): void {
  const byCode: number[][] = [];
  for (let i = start; i < codes.length; i++) {
    const c = codes[i];
    if (c === 0) continue;
    const list = byCode[c];
    if (list) list.push(packPointer(b.no, i));
    else byCode[c] = [packPointer(b.no, i)];
  }
  byCode.forEach((pointers, c) => {
    const key = postingKey(kind, dict[c - 1]);
    const list = added.get(key);
    if (list) for (const p of pointers) list.push(p);
    else added.set(key, pointers);
  });
}
