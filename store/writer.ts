// Writing a batch of validated events: one readwrite transaction that stores new blocks (or the
// grown last block), the posting chunks of the ids the batch touched, and the meta record. Memory
// is updated only after the transaction commits, so a failed batch leaves no trace.
import { BlockBuilder, type PendingEvent } from './block';
import { compareKeys } from './directory';
import { type PostingTail, appendPointers, packPointer, tailKey } from './postings';
import { IdKind, type BlockDataRecord, type BlockIndexRecord, type SessionRecord } from './schema';
import type { SessionState } from './state';

/** Loads the last chunk of every id's posting list of a session (first write after a reopen). */
export async function loadTails(state: SessionState): Promise<Map<string, PostingTail>> {
  const id = state.meta.id;
  const keys = await state.db.getAllKeys('postings', IDBKeyRange.bound([id], [id, []]));
  const last = new Map<string, [IdKind, string, number]>();
  for (const [, kind, key, chunk] of keys) {
    const k = tailKey(kind, key);
    const seen = last.get(k);
    if (!seen || seen[2] < chunk) last.set(k, [kind, key, chunk]);
  }
  const tails = new Map<string, PostingTail>();
  const tx = state.db.transaction('postings', 'readonly');
  await Promise.all(
    [...last].map(async ([k, [kind, key, chunk]]) => {
      const pointers = await tx.store.get([id, kind, key, chunk]);
      tails.set(k, { chunk, pointers: pointers ?? new Uint32Array(0) });
    }),
  );
  return tails;
}

/** Stores a batch; returns once it is committed and reflected in `state`. */
export async function writeBatch(state: SessionState, batch: PendingEvent[]): Promise<void> {
  if (batch.length === 0) return;
  if (state.tails === null) state.tails = await loadTails(state);
  const tails = state.tails;
  batch.sort((a, b) => a.ts - b.ts || a.seq - b.seq);

  const meta: SessionRecord = { ...state.meta };
  const builders: BlockBuilder[] = [];
  let current = state.open;
  // Events later than everything in the open block extend it; a late batch starts new blocks.
  if (current) {
    const n = current.size;
    if (current.full || compareKeys(batch[0].ts, batch[0].seq, current.ts[n - 1], current.seq[n - 1]) < 0) current = null;
  }
  const added = new Map<string, { kind: IdKind; id: string; pointers: number[] }>();
  const note = (kind: IdKind, id: string, pointer: number) => {
    const k = tailKey(kind, id);
    let entry = added.get(k);
    if (!entry) added.set(k, (entry = { kind, id, pointers: [] }));
    entry.pointers.push(pointer);
  };
  let bytes = 0;
  for (const e of batch) {
    if (!current || current.full) {
      current = new BlockBuilder(meta.next_block++);
      builders.push(current);
    } else if (builders.length === 0) {
      builders.push(current);
    }
    const before = current.bytes;
    const offset = current.push(e);
    bytes += current.bytes - before;
    const pointer = packPointer(current.no, offset);
    if (e.ast !== null) note(IdKind.Ast, e.ast, pointer);
    if (e.corr !== null) note(IdKind.Correlation, e.corr, pointer);
  }

  const indexRecords: BlockIndexRecord[] = [];
  const dataRecords: BlockDataRecord[] = [];
  const tx = state.db.transaction(['blocks', 'blockIndex', 'postings', 'sessions'], 'readwrite');
  const sid = meta.id;
  const puts: Promise<unknown>[] = [];
  for (const b of builders) {
    const index = b.toIndexRecord();
    const data = b.toDataRecord();
    indexRecords.push(index);
    dataRecords.push(data);
    puts.push(tx.objectStore('blockIndex').put(index, [sid, b.no]));
    puts.push(tx.objectStore('blocks').put(data, [sid, b.no]));
  }
  const newTails: Array<[string, PostingTail]> = [];
  for (const [k, { kind, id, pointers }] of added) {
    const old = tails.get(k);
    if (!old) {
      if (kind === IdKind.Ast) meta.ast_node_count++;
      else meta.correlation_count++;
    }
    if (kind === IdKind.Ast) meta.ast_index_size += pointers.length;
    else meta.correlation_index_size += pointers.length;
    const { writes, tail } = appendPointers(old, pointers);
    for (const [chunk, list] of writes) puts.push(tx.objectStore('postings').put(list, [sid, kind, id, chunk]));
    newTails.push([k, tail]);
  }
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
  for (const [k, tail] of newTails) tails.set(k, tail);
  state.open = current && !current.full ? current : null;
}
