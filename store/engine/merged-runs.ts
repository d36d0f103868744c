// Merging a finished session's runs into one copy per AST id. Runs (runs.ts) are written as a
// session grows, one every 65,536 events, each regrouping its events into 1,024 bucket records: a
// node's events then cost one bucket record a run, shared with every other id of that bucket. At
// 10M events that is ~150 records (~1.7 MB) for a cold node of 500 events, where one-record-per-event
// layouts read a few small records (a cold node took 15 ms here, 5.6 reopened). Once the session is
// finished the runs are rewritten as part records of one id each, keyed by the id and the last
// (timestamp, seq) they hold: all of a node's parts are one contiguous key range, and the part
// holding any moment of it is the first whose key is not before that moment, so a page of a node
// is one request for the few small records it needs.
//
// Merging goes one old bucket group at a time, in the engine's exclusive queue between writes: every
// id of old bucket B lives only in B's records, so a step reads B's records of every merged run,
// writes the ids' parts, deletes the old records and moves `merged.upto` past B in one transaction.
// A step that fails or is cut short leaves both copies consistent, and the merge resumes where
// the session record says it stopped.
import type { StoredEvent } from '../../src/event';
import { payloadTextAt } from './block';
import { compareKeys } from './directory';
import { decodeFromRun } from './runs';
import type { MergedSpan, RunRecord, RunSpan, SessionRecord } from './schema';
import type { SessionState } from './state';

/** At most this many events, or about this much payload text, a part. */
const PART_EVENTS = 256;
const PART_CHARS = 48 * 1024; // below Chromium's ~64 KiB inline limit: one small read a part

/** The merge a finished session's runs call for: at least two runs, of one bucket count. */
export function plannedMerge(meta: SessionRecord): MergedSpan | null {
  const runs = meta.runs;
  if (meta.merged || runs.length < 2 || runs.some((r) => r.buckets !== runs[0].buckets)) return null;
  return {
    runs: runs.map((r) => r.no),
    firstBlock: runs[0].firstBlock,
    lastBlock: runs[runs.length - 1].lastBlock,
    buckets: runs[0].buckets,
    upto: 0,
  };
}

/** Whether a merged span still has buckets to merge. */
export function mergePending(meta: SessionRecord): boolean {
  return meta.merged !== undefined && meta.merged.upto < meta.merged.buckets;
}

/** One event of an old bucket record: the record and its index there. */
interface Ref {
  record: RunRecord;
  i: number;
}

/**
 * Every id of one old bucket's records (one a run, in run order) with its events cut into part
 * records in (timestamp, seq) order.
 */
export function partsOfBucket(records: RunRecord[]): Array<{ id: string; record: RunRecord }> {
  const perId = new Map<string, Ref[]>();
  for (const record of records) {
    record.ids.forEach((id, k) => {
      let refs = perId.get(id);
      if (!refs) perId.set(id, (refs = []));
      for (let i = record.starts[k]; i < record.starts[k + 1]; i++) refs.push({ record, i });
    });
  }
  // A record's structured clones by event index (few records have any).
  const extras = new Map<RunRecord, Map<number, unknown>>();
  for (const record of records) if (record.extras) extras.set(record, new Map(record.extras));
  const out: Array<{ id: string; record: RunRecord }> = [];
  const cmp = (a: Ref, b: Ref) => compareKeys(a.record.ts[a.i], a.record.seq[a.i], b.record.ts[b.i], b.record.seq[b.i]);
  for (const [id, refs] of perId) {
    // Each run's events of an id are in order; runs overlap in time only where blocks did.
    for (let k = 1; k < refs.length; k++) {
      if (cmp(refs[k - 1], refs[k]) > 0) {
        refs.sort(cmp);
        break;
      }
    }
    for (let from = 0; from < refs.length;) {
      let to = from;
      let chars = 0;
      while (to < refs.length && to - from < PART_EVENTS && (to === from || chars < PART_CHARS)) {
        chars += payloadTextAt(refs[to].record, refs[to].i).length + 1;
        to++;
      }
      out.push({ id, record: partRecord(id, refs.slice(from, to), extras) });
      from = to;
    }
  }
  return out;
}

/** A record of one id's events, shaped as a run's bucket record holding that id alone. */
function partRecord(id: string, refs: Ref[], extrasOf: Map<RunRecord, Map<number, unknown>>): RunRecord {
  const m = refs.length;
  const ts = new Float64Array(m);
  const seq = new Float64Array(m);
  const corr = new Uint32Array(m);
  const dataEnd = new Uint32Array(m);
  const corrDict: string[] = [];
  const corrCodes = new Map<string, number>();
  const texts: string[] = [];
  const extras: Array<[number, unknown]> = [];
  let pos = 0;
  refs.forEach(({ record, i }, k) => {
    ts[k] = record.ts[i];
    seq[k] = record.seq[i];
    const c = record.corr[i];
    if (c !== 0) {
      const cid = record.corrDict[c - 1];
      let code = corrCodes.get(cid);
      if (code === undefined) corrCodes.set(cid, (code = corrDict.push(cid)));
      corr[k] = code;
    }
    const text = payloadTextAt(record, i);
    texts.push(text);
    pos += text.length;
    dataEnd[k] = pos;
    pos += 1;
    const clone = extrasOf.get(record);
    if (clone?.has(i)) extras.push([k, clone.get(i)]);
  });
  return {
    ids: [id],
    starts: Uint32Array.of(0, m),
    ts,
    seq,
    corr,
    corrDict,
    data: texts.join(','),
    dataEnd,
    extras: extras.length > 0 ? extras : null,
  };
}

/** Old buckets merged a step: about layout.mergeStepEvents events of the runs. */
export function bucketsPerStep(state: SessionState): number {
  const merged = state.meta.merged;
  if (!merged) return 1;
  return Math.max(1, Math.round((merged.buckets * state.layout.mergeStepEvents) / Math.max(1, state.meta.ast_index_size)));
}

/**
 * Merges the next old buckets of the session's merged span; returns whether some are left. Runs
 * between writes (the engine's exclusive queue), so the session record does not move meanwhile.
 */
export async function mergeStep(state: SessionState, count: number): Promise<boolean> {
  const merged = state.meta.merged;
  if (!merged || merged.upto >= merged.buckets) return false;
  const sid = state.meta.id;
  const lo = Math.min(...merged.runs);
  const hi = Math.max(...merged.runs);
  const to = Math.min(merged.buckets, merged.upto + count);
  const tx = state.db.transaction(['runBuckets', 'sessions'], 'readwrite');
  const store = tx.objectStore('runBuckets');
  const work: Promise<unknown>[] = [];
  const wanted = new Set(merged.runs);
  for (let b = merged.upto; b < to; b++) {
    const range = IDBKeyRange.bound([sid, b, lo], [sid, b, hi]);
    const records = (await store.getAll(range)).filter((r) => wanted.has(r.run!));
    for (const { id, record } of partsOfBucket(records)) {
      const last = record.ts.length - 1;
      work.push(store.put(record, [sid, id, record.ts[last], record.seq[last]]));
    }
    work.push(store.delete(range));
  }
  const done = to >= merged.buckets;
  const next: SessionRecord = { ...state.meta, merged: { ...merged, upto: to } };
  // Once every bucket is merged the runs are gone: later runs (a session written on) stay.
  if (done) next.runs = state.meta.runs.filter((r: RunSpan) => !wanted.has(r.no));
  work.push(tx.objectStore('sessions').put(next));
  await Promise.all([...work, tx.done]);
  state.meta = next;
  return !done;
}

/** Whether an id's events in `block` are read from the merged copy. */
export function mergedHolds(merged: MergedSpan | undefined, bucketOfId: number, block: number): boolean {
  return merged !== undefined && bucketOfId < merged.upto && block >= merged.firstBlock && block <= merged.lastBlock;
}

/**
 * The events of `id` with the given (timestamp, seq) keys from its merged parts, aligned with
 * `keys` (undefined where no part holds one). Keys ascend. One request for the parts from the one
 * holding the first key on, more only if a page spans more parts than estimated.
 */
export async function readMerged(state: SessionState, id: string, keys: Array<[number, number]>): Promise<Array<StoredEvent | undefined>> {
  const out: Array<StoredEvent | undefined> = new Array(keys.length);
  if (keys.length === 0) return out;
  const sid = state.meta.id;
  const [lastTs, lastSeq] = keys[keys.length - 1];
  let from = IDBKeyRange.bound([sid, id, keys[0][0], keys[0][1]], [sid, id, []]);
  for (;;) {
    const count = Math.ceil(keys.length / PART_EVENTS) + 1;
    const parts = await state.db.getAll('runBuckets', from, count);
    for (const part of parts) {
      decodeFromRun(part, id, keys).forEach((e, j) => {
        if (e) out[j] = e;
      });
    }
    const end = parts[parts.length - 1];
    if (parts.length < count || !end) return out;
    const n = end.ts.length - 1;
    if (compareKeys(end.ts[n], end.seq[n], lastTs, lastSeq) >= 0) return out;
    from = IDBKeyRange.bound([sid, id, end.ts[n], end.seq[n]], [sid, id, []], true);
  }
}
