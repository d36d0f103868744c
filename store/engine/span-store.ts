// The span index an import builds as it writes (span-cache.ts follows its batches, parsed once for
// the checkpoints too), stored with the session as it publishes: the flame chart of a session
// opened later reads its spans instead of every event (at 10M events the build read 2.3 GB of
// payloads, took 23-29 s and left that much garbage in the store's Worker). Like the checkpoints,
// they hold until the session's next write or eviction, which drop `meta.spans`.
//
// Stored as the index holds them, sorted, one record a column (32 bytes a span): loaded back, the
// records' arrays are the index's own, with nothing to sort or copy. Sessions stored before kept the
// builder's columns in chunks of SPAN_CHUNK spans (44 bytes a span), which the index sorts as it
// loads; at 10M events (3.9M spans) that left ~330 MB of garbage in the Worker behind the open
// (the chunks read, their joined copy, the order), collected by V8 only 20-40 s later.
import type { IndexedSpanColumns } from '../../src/cinema/span-index';
import { SpanIndex } from '../../src/cinema/span-index';
import { spanIndexOf } from '../../src/cinema/spans';
import type { IndexedSpanRecord, SpanChunkRecord } from './schema';
import { sessionRange } from './schema';
import type { SessionState } from './state';

/** Spans a chunk record of the earlier layout held. */
export const SPAN_CHUNK = 65_536;

/** The index's columns, a record each in this order (the first also holds the tables). */
const COLUMNS = ['groups', 'start', 'end', 'name', 'node', 'seq'] as const satisfies ReadonlyArray<keyof IndexedSpanColumns>;

/** The records of an index: its columns as they are (each put copies its record). */
export function indexRecords(index: SpanIndex): IndexedSpanRecord[] {
  const cols = index.indexed;
  return COLUMNS.map((column, k) => (k === 0 ? { column, values: cols[column], tables: index.tables } : { column, values: cols[column] }));
}

/** The index back from its records; null when they are not the columns of one (then it is built again). */
export function indexOfRecords(records: IndexedSpanRecord[], count: number): SpanIndex | null {
  const tables = records[0]?.tables;
  if (!tables || records.length !== COLUMNS.length || records.some((r, k) => r.column !== COLUMNS[k])) return null;
  const cols = Object.fromEntries(records.map((r) => [r.column, r.values])) as unknown as IndexedSpanColumns;
  if (cols.start.length !== count) return null;
  try {
    return new SpanIndex(cols, tables.lanes, tables.names, tables.nodes, tables.times);
  } catch {
    return null; // columns that do not fit together: built again from the events
  }
}

/** Chunk records of the earlier layout, indexed where they are (a joined copy was 155 MB more garbage at 10M events); null when they do not add up. */
export function indexOfChunks(records: SpanChunkRecord[], count: number): SpanIndex | null {
  const tables = records[0]?.tables;
  if (!tables || records.length !== Math.max(1, Math.ceil(count / SPAN_CHUNK))) return null;
  if (records.reduce((n, r) => n + r.lane.length, 0) !== count) return null;
  if (records.some((r, k) => k < records.length - 1 && r.lane.length !== SPAN_CHUNK)) return null;
  return spanIndexOf({ parts: records, ...tables });
}

/**
 * Writes the records of `index` in place of any the session had, and names them in its meta record.
 * Its own transaction, after the checkpoints': the spans are derived, and a disk too full for them
 * leaves the session without (its first flame chart builds them) instead of failing its import.
 */
export async function storeSpans(state: SessionState, index: SpanIndex): Promise<void> {
  const sid = state.meta.id;
  const records = indexRecords(index);
  const tx = state.db.transaction(['spans', 'sessions'], 'readwrite');
  const meta = { ...state.meta, spans: { chunks: records.length, count: index.size, indexed: true } };
  const store = tx.objectStore('spans');
  const puts: Promise<unknown>[] = [store.delete(sessionRange(sid)), ...records.map((r, k) => store.put(r, [sid, k]))];
  puts.push(tx.objectStore('sessions').put(meta));
  await Promise.all([...puts, tx.done]);
  state.meta = meta;
}

/** The session's stored span index when it holds for its events as they are, else null. */
export async function readSpans(state: SessionState): Promise<SpanIndex | null> {
  const held = state.meta.spans;
  if (!held) return null;
  const records = await state.db.getAll('spans', sessionRange(state.meta.id));
  // A write may have removed them meanwhile: then the build reads the events.
  if (state.meta.spans !== held) return null;
  return held.indexed
    ? indexOfRecords(records as IndexedSpanRecord[], held.count)
    : indexOfChunks(records as SpanChunkRecord[], held.count);
}
