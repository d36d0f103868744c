// Runs: a second copy of the events that carry an AST node id, clustered by id. A hot AST node
// (1% of a recording) has a few events in nearly every time block, so reading its events from the
// blocks means reading almost the whole recording (700 ms at 1M events in Chromium). Every 65,536
// events (layout.runEvents), the sealed blocks written since the last run are regrouped into bucket records, each
// holding the events of the ids that hash to it, sorted by id then time: a node's events then cost
// one read per run (128 buckets of ~500 events, ~75 KB, at the default layout). The copy is derived data: blocks stay the source of truth, queries still choose
// and order events from the in-memory postings, and runs only serve the payloads. Blocks newer than
// the last run are read directly.
import type { StoredEvent } from '../src/event';
import { astIdAt, corrIdAt } from './block';
import type { RecordCache } from './block-cache';
import { compareKeys } from './directory';
import { fetchBlocks } from './reader';
import type { BlockDataRecord, BlockIndexRecord, RunRecord, RunSpan, SessionRecord } from './schema';
import type { SessionState } from './state';


/** FNV-1a: which bucket of a run holds an id. */
export function bucketOf(id: string, buckets: number): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) {
    h ^= id.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0) % buckets;
}

interface RunEvent { id: string; ts: number; seq: number; corr: string | null; text: string; extra: boolean; value?: unknown }

/** Regroups the events of some blocks into bucket records (empty buckets are left out). */
export function buildRun(blocks: Array<[BlockIndexRecord, BlockDataRecord]>, buckets: number): Map<number, RunRecord> {
  const perBucket: RunEvent[][] = Array.from({ length: buckets }, () => []);
  for (const [index, data] of blocks) {
    const extras = data.extras ? new Map(data.extras) : null;
    for (let i = index.base; i < index.n; i++) {
      const id = astIdAt(data, i);
      if (id === null) continue;
      const start = i === 0 ? 0 : data.dataEnd[i - 1] + 1;
      const extra = extras !== null && extras.has(i);
      perBucket[bucketOf(id, buckets)].push({ id, ts: index.ts[i], seq: index.seq[i], corr: corrIdAt(data, i), text: data.data.slice(start, data.dataEnd[i]), extra, value: extra ? extras!.get(i) : undefined });
    }
  }
  const out = new Map<number, RunRecord>();
  perBucket.forEach((events, b) => {
    if (events.length === 0) return;
    events.sort((x, y) => (x.id < y.id ? -1 : x.id > y.id ? 1 : compareKeys(x.ts, x.seq, y.ts, y.seq)));
    const ids: string[] = [];
    const starts: number[] = [];
    const corrDict: string[] = [];
    const corrCodes = new Map<string, number>();
    const corr = new Uint32Array(events.length);
    const dataEnd = new Uint32Array(events.length);
    const extras: Array<[number, unknown]> = [];
    let pos = 0;
    events.forEach((e, k) => {
      if (ids.length === 0 || ids[ids.length - 1] !== e.id) {
        ids.push(e.id);
        starts.push(k);
      }
      if (e.corr !== null) {
        let c = corrCodes.get(e.corr);
        if (c === undefined) corrCodes.set(e.corr, (c = corrDict.push(e.corr)));
        corr[k] = c;
      }
      pos += e.text.length;
      dataEnd[k] = pos;
      pos += 1;
      if (e.extra) extras.push([k, e.value]);
    });
    starts.push(events.length);
    out.set(b, {
      ids,
      starts: Uint32Array.from(starts),
      ts: Float64Array.from(events, (e) => e.ts),
      seq: Float64Array.from(events, (e) => e.seq),
      corr,
      corrDict,
      data: events.map((e) => e.text).join(','),
      dataEnd,
      extras: extras.length > 0 ? extras : null,
    });
  });
  return out;
}

/** The run holding a block's copy, if any (runs cover ascending, disjoint block ranges). */
export function runOfBlock(runs: RunSpan[], block: number): RunSpan | undefined {
  let lo = 0;
  let hi = runs.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const r = runs[mid];
    if (block < r.firstBlock) hi = mid - 1;
    else if (block > r.lastBlock) lo = mid + 1;
    else return r;
  }
  return undefined;
}

/**
 * Decodes the events of `id` with the given (ts, seq) keys, ascending, from a bucket record; the
 * result is aligned with `keys` (undefined where the record does not hold one).
 */
export function decodeFromRun(record: RunRecord, id: string, keys: Array<[number, number]>): Array<StoredEvent | undefined> {
  const out: Array<StoredEvent | undefined> = new Array(keys.length);
  const k = record.ids.indexOf(id);
  if (k < 0) return out;
  const from = record.starts[k];
  const to = record.starts[k + 1];
  const extras = record.extras ? new Map(record.extras) : null;
  let i = from;
  keys.forEach(([ts, seq], j) => {
    // Keys come in ascending order, as the id's events sit in the record.
    while (i < to && compareKeys(record.ts[i], record.seq[i], ts, seq) < 0) i++;
    if (i >= to || record.seq[i] !== seq) return;
    const start = i === 0 ? 0 : record.dataEnd[i - 1] + 1;
    const payload = extras !== null && extras.has(i) ? structuredClone(extras.get(i)) : JSON.parse(record.data.slice(start, record.dataEnd[i]));
    const c = record.corr[i];
    out[j] = { timestamp: ts, event_id: String(seq), ast_node_id: id, correlation_id: c === 0 ? null : record.corrDict[c - 1], data: payload };
  });
  return out;
}

/** Loads bucket records, from the cache when it has them. */
export async function fetchRunBuckets(state: SessionState, wanted: Array<[number, number]>, cache: RecordCache<RunRecord>): Promise<Map<string, RunRecord>> {
  const found = new Map<string, RunRecord>();
  const missing: Array<[number, number]> = [];
  for (const [run, bucket] of wanted) {
    const hit = cache.get(run * 65_536 + bucket);
    if (hit) found.set(`${run}:${bucket}`, hit);
    else missing.push([run, bucket]);
  }
  if (missing.length > 0) {
    const tx = state.db.transaction('runs', 'readonly');
    await Promise.all(
      missing.map(async ([run, bucket]) => {
        const r = await tx.store.get([state.meta.id, run, bucket]);
        if (!r) return;
        found.set(`${run}:${bucket}`, r);
        cache.set(run * 65_536 + bucket, r);
      }),
    );
  }
  return found;
}

/**
 * Copies sealed blocks into a new run once layout.runEvents of them wait. Returns whether it wrote one.
 * The open block (still growing) is never copied.
 */
export async function compactRun(state: SessionState): Promise<boolean> {
  const meta = state.meta;
  const sealedEnd = state.open ? state.open.no : meta.next_block; // first block not sealed
  const chosen: BlockIndexRecord[] = [];
  let events = 0;
  let last = meta.compacted_block - 1;
  const { runEvents, runBuckets } = state.layout;
  for (let no = meta.compacted_block; no < sealedEnd && events < runEvents; no++) {
    last = no;
    const b = state.dir.get(no);
    if (!b) continue; // evicted
    chosen.push(b);
    events += b.n - b.base;
  }
  if (events < runEvents) return false;
  const data = await fetchBlocks(state.db, meta.id, chosen.map((b) => b.no), state.cache);
  const pairs: Array<[BlockIndexRecord, BlockDataRecord]> = [];
  for (const b of chosen) {
    const d = data.get(b.no);
    if (d) pairs.push([b, d]);
  }
  const buckets = buildRun(pairs, runBuckets);
  const span: RunSpan = { no: meta.next_run, firstBlock: meta.compacted_block, lastBlock: last, buckets: runBuckets };
  const next: SessionRecord = { ...meta, next_run: meta.next_run + 1, compacted_block: last + 1, runs: [...meta.runs, span] };
  const tx = state.db.transaction(['runs', 'sessions'], 'readwrite');
  const puts: Promise<unknown>[] = [];
  for (const [b, record] of buckets) puts.push(tx.objectStore('runs').put(record, [meta.id, span.no, b]));
  puts.push(tx.objectStore('sessions').put(next));
  await Promise.all([...puts, tx.done]);
  // Writes and compaction run one at a time (the engine's queue), so meta has not moved meanwhile.
  state.meta = next;
  return true;
}
