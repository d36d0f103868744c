// The span index an import builds as it writes (span-cache.ts follows its batches, parsed once for
// the checkpoints too), stored with the session as it publishes: the flame chart of a session
// opened later reads its spans (~44 bytes each) instead of every event (at 10M events the build read
// 2.3 GB of payloads, took 23-29 s and left that much garbage in the store's Worker). Stored as the
// builder ended them, in chunks of SPAN_CHUNK spans; the index sorts them as it loads. Like the
// checkpoints, they hold until the session's next write or eviction, which drop `meta.spans`.
import type { SpanColumns } from '../../src/cinema/span-index';
import type { SpanData } from '../../src/cinema/spans';
import type { SpanChunkRecord } from './schema';
import { sessionRange } from './schema';
import type { SessionState } from './state';

/** Spans a record: past Chromium's ~64 KiB inline limit (block.ts) and a few MB at most. */
export const SPAN_CHUNK = 65_536;

const COLUMNS = ['lane', 'depth', 'start', 'end', 'name', 'node', 'seq'] as const;

/** The records of `data`: columns copied chunk by chunk (a view would store its whole buffer). */
export function spanChunks(data: SpanData): SpanChunkRecord[] {
  const n = data.columns.lane.length;
  const out: SpanChunkRecord[] = [];
  for (let from = 0; from === 0 || from < n; from += SPAN_CHUNK) {
    const to = Math.min(n, from + SPAN_CHUNK);
    const c = data.columns;
    const record: SpanChunkRecord = {
      lane: c.lane.slice(from, to),
      depth: c.depth.slice(from, to),
      start: c.start.slice(from, to),
      end: c.end.slice(from, to),
      name: c.name.slice(from, to),
      node: c.node.slice(from, to),
      seq: c.seq.slice(from, to),
    };
    if (from === 0) record.tables = { lanes: data.lanes, names: data.names, nodes: data.nodes, times: data.times };
    out.push(record);
  }
  return out;
}

/** The data back from its records in chunk order; null when one is missing or they do not add up. */
export function spanDataOf(records: SpanChunkRecord[], count: number): SpanData | null {
  const tables = records[0]?.tables;
  if (!tables || records.length !== Math.max(1, Math.ceil(count / SPAN_CHUNK))) return null;
  if (records.reduce((n, r) => n + r.lane.length, 0) !== count) return null;
  const join = <K extends (typeof COLUMNS)[number]>(k: K): SpanColumns[K] => {
    const Kind = records[0][k].constructor as { new (n: number): SpanColumns[K] };
    const all = new Kind(count);
    let at = 0;
    for (const r of records) {
      all.set(r[k] as never, at);
      at += r[k].length;
    }
    return all;
  };
  const columns = Object.fromEntries(COLUMNS.map((k) => [k, join(k)])) as unknown as SpanColumns;
  return { columns, lanes: tables.lanes, names: tables.names, nodes: tables.nodes, times: tables.times };
}

/**
 * Writes the records of `data` in place of any the session had, and names them in its meta record.
 * Its own transaction, after the checkpoints': the spans are derived, and a disk too full for them
 * leaves the session without (its first flame chart builds them) instead of failing its import.
 */
export async function storeSpans(state: SessionState, data: SpanData): Promise<void> {
  const sid = state.meta.id;
  const chunks = spanChunks(data);
  const tx = state.db.transaction(['spans', 'sessions'], 'readwrite');
  const meta = { ...state.meta, spans: { chunks: chunks.length, count: data.columns.lane.length } };
  const store = tx.objectStore('spans');
  const puts: Promise<unknown>[] = [store.delete(sessionRange(sid)), ...chunks.map((r, k) => store.put(r, [sid, k]))];
  puts.push(tx.objectStore('sessions').put(meta));
  await Promise.all([...puts, tx.done]);
  state.meta = meta;
}

/** The session's stored spans when they hold for its events as they are, else null. */
export async function readSpans(state: SessionState): Promise<SpanData | null> {
  const held = state.meta.spans;
  if (!held) return null;
  const records = await state.db.getAll('spans', sessionRange(state.meta.id));
  // A write may have removed them meanwhile: then the build reads the events.
  if (state.meta.spans !== held) return null;
  return spanDataOf(records, held.count);
}
