// Runs: a second copy of the events that carry an AST node id, clustered by id. A hot AST node
// (1% of a recording) has a few events in nearly every time block, so reading its events from the
// blocks means reading almost the whole recording (700 ms at 1M events in Chromium). Every 65,536
// sealed events (layout.runEvents) are regrouped into bucket records, each holding the events of
// the ids that hash to it, grouped by id in time order: a node's events then cost one read per run.
// With 1,024 buckets a cold node reads ~10 KB a run and a hot one shares its bucket with few others
// (at 1M events a cold node took 10.5 ms with 128 buckets, 4.4 with 512, 3.2 with 1,024).
// The copy is derived data: blocks stay the source of truth, queries still choose and order events
// from the in-memory postings, and runs only serve payloads. Blocks newer than the last run are
// read directly.
import type { StoredEvent } from '../../src/event';
import { corrIdAt, payloadTextAt } from './block';
import type { RecordCache } from './block-cache';
import { compareKeys } from './directory';
import { packPointer, pointerBlock, pointerOffset } from './postings';
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

/**
 * Regroups the events of some blocks into bucket records (empty buckets are left out). Blocks come
 * in time order, so gathering each id's events in block order already sorts them in time whenever
 * blocks do not overlap: grouping is linear, and only an id whose events came out of order is
 * sorted. (A comparison sort on (id, time) made this several times slower.)
 */
export function buildRun(blocks: Array<[BlockIndexRecord, BlockDataRecord]>, buckets: number): Map<number, RunRecord> {
  const idCode = new Map<string, number>();
  const idNames: string[] = [];
  // Each event as one number, packed like a posting pointer (block index, offset): no array per event.
  const perId: number[][] = [];
  const codesOfBucket: number[][] = Array.from({ length: buckets }, () => []);
  blocks.forEach(([index, data], bi) => {
    // Per block: its dictionary codes map to run-wide id codes once.
    const local = data.astDict.map((id) => {
      let c = idCode.get(id);
      if (c === undefined) {
        c = idNames.push(id) - 1;
        idCode.set(id, c);
        perId.push([]);
        codesOfBucket[bucketOf(id, buckets)].push(c);
      }
      return c;
    });
    for (let i = index.base; i < index.n; i++) {
      const a = data.ast[i];
      if (a !== 0) perId[local[a - 1]].push(packPointer(bi, i));
    }
  });
  const tsOf = (p: number) => blocks[pointerBlock(p)][0].ts[pointerOffset(p)];
  const seqOf = (p: number) => blocks[pointerBlock(p)][0].seq[pointerOffset(p)];
  for (const list of perId) {
    for (let k = 1; k < list.length; k++) {
      // Within one block offsets are in time order; only a step to another block can go back.
      if (pointerBlock(list[k - 1]) === pointerBlock(list[k])) continue;
      if (compareKeys(tsOf(list[k - 1]), seqOf(list[k - 1]), tsOf(list[k]), seqOf(list[k])) > 0) {
        list.sort((x, y) => compareKeys(tsOf(x), seqOf(x), tsOf(y), seqOf(y)));
        break;
      }
    }
  }
  const out = new Map<number, RunRecord>();
  codesOfBucket.forEach((codes, bucket) => {
    if (codes.length === 0) return;
    let m = 0;
    for (const c of codes) m += perId[c].length;
    const ids: string[] = [];
    const starts = new Uint32Array(codes.length + 1);
    const corrDict: string[] = [];
    const corrCodes = new Map<string, number>();
    const ts = new Float64Array(m);
    const seq = new Float64Array(m);
    const corr = new Uint32Array(m);
    const dataEnd = new Uint32Array(m);
    const texts: string[] = new Array(m);
    const extras: Array<[number, unknown]> = [];
    let k = 0;
    let pos = 0;
    codes.forEach((c, j) => {
      ids.push(idNames[c]);
      starts[j] = k;
      for (const p of perId[c]) {
        const i = pointerOffset(p);
        const [index, data] = blocks[pointerBlock(p)];
        ts[k] = index.ts[i];
        seq[k] = index.seq[i];
        const cid = corrIdAt(data, i);
        if (cid !== null) {
          let cc = corrCodes.get(cid);
          if (cc === undefined) corrCodes.set(cid, (cc = corrDict.push(cid)));
          corr[k] = cc;
        }
        texts[k] = payloadTextAt(data, i);
        pos += texts[k].length;
        dataEnd[k] = pos;
        pos += 1;
        if (data.extras) {
          const hit = data.extras.find(([o]) => o === i);
          if (hit) extras.push([k, hit[1]]);
        }
        k++;
      }
    });
    starts[codes.length] = m;
    out.set(bucket, { ids, starts, ts, seq, corr, corrDict, data: texts.join(','), dataEnd, extras: extras.length > 0 ? extras : null });
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
    const payload = extras !== null && extras.has(i) ? structuredClone(extras.get(i)) : JSON.parse(payloadTextAt(record, i));
    const c = record.corr[i];
    out[j] = {
      timestamp: ts,
      event_id: String(seq),
      ast_node_id: id,
      correlation_id: c === 0 ? null : record.corrDict[c - 1],
      data: payload,
    };
  });
  return out;
}

/** Loads bucket records, from the cache when it has them. */
export async function fetchRunBuckets(
  state: SessionState,
  wanted: Array<[number, number]>,
  cache: RecordCache<RunRecord>,
): Promise<Map<string, RunRecord>> {
  const found = new Map<string, RunRecord>();
  const missing: Array<[number, number]> = [];
  for (const [run, bucket] of wanted) {
    const hit = cache.get(run * 65_536 + bucket);
    if (hit) found.set(`${run}:${bucket}`, hit);
    else missing.push([run, bucket]);
  }
  if (missing.length > 0) {
    // Per bucket, its records of every run wanted in one read (keys are [session, bucket, run]):
    // runs between the first and last wanted come too, a few small records.
    const runsOf = new Map<number, number[]>();
    for (const [run, bucket] of missing) runsOf.set(bucket, [...(runsOf.get(bucket) ?? []), run]);
    const tx = state.db.transaction('runBuckets', 'readonly');
    await Promise.all(
      [...runsOf].map(async ([bucket, runs]) => {
        const range = IDBKeyRange.bound([state.meta.id, bucket, Math.min(...runs)], [state.meta.id, bucket, Math.max(...runs)]);
        for (const r of await tx.store.getAll(range)) {
          const run = r.run!;
          found.set(`${run}:${bucket}`, r);
          cache.set(run * 65_536 + bucket, r);
        }
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
  const data = await fetchBlocks(
    state.db,
    meta.id,
    chosen.map((b) => b.no),
    state.cache,
  );
  const pairs: Array<[BlockIndexRecord, BlockDataRecord]> = [];
  for (const b of chosen) {
    const d = data.get(b.no);
    if (d) pairs.push([b, d]);
  }
  const buckets = buildRun(pairs, runBuckets);
  const span: RunSpan = { no: meta.next_run, firstBlock: meta.compacted_block, lastBlock: last, buckets: runBuckets };
  const next: SessionRecord = { ...meta, next_run: meta.next_run + 1, compacted_block: last + 1, runs: [...meta.runs, span] };
  const tx = state.db.transaction(['runBuckets', 'sessions'], 'readwrite');
  const puts: Promise<unknown>[] = [];
  for (const [b, record] of buckets) puts.push(tx.objectStore('runBuckets').put({ ...record, run: span.no }, [meta.id, b, span.no]));
  puts.push(tx.objectStore('sessions').put(next));
  await Promise.all([...puts, tx.done]);
  // Writes and compaction run one at a time (the engine's queue), so meta has not moved meanwhile.
  state.meta = next;
  return true;
}
