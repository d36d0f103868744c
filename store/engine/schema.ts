// The IndexedDB schema: one database holds every session (recording). Its object stores are keyed
// by arrays whose first element is the session id, so a session's records are one contiguous key
// range (listing, deleting and scanning a session never touch another one).
import { wrap, type DBSchema, type IDBPDatabase } from 'idb';
import type { ProcessState } from '../../src/cinema/state';
import type { IndexedSpanColumns, SpanColumns, SpanTables } from '../../src/cinema/span-index';
import type { AstRecord } from '../../src/format/spec';
import { SESSION_STORES, UPGRADES, currentUpgrades } from './upgrades';

/** Version of the database layout: one upgrade step each (upgrades.ts). */
export const DB_VERSION = UPGRADES.length;

/** Which id a posting list indexes. */
export const enum IdKind {
  Ast = 0,
  Correlation = 1,
}

/** Session metadata: the meta record answers getStats without reading events. */
export interface SessionRecord {
  id: string;
  name: string;
  created_at: number; // ms since the Unix epoch
  time_unit: 'ns' | 'us' | 'ms';
  epoch: string; // exact decimal: what timestamp 0 means in time_unit
  source: { format: string; file: string | null } | null;
  /** 'importing' while an import writes it: hidden from listings, deleted if the import fails. */
  status: 'ready' | 'importing';
  /** Header fields of the file the session was imported from, kept for export. */
  header: Record<string, unknown> | null;
  total_events: number;
  oldest_event: number | null;
  newest_event: number | null;
  next_seq: number; // arrival counter: event ids and tie order
  next_block: number;
  next_segment: number;
  next_run: number;
  /** Blocks below this number are copied into runs (see runs.ts). */
  compacted_block: number;
  runs: RunSpan[];
  data_bytes: number; // bytes of stored payload text, for memory_usage
  ast_index_size: number; // postings: events that carry an AST node id
  correlation_index_size: number;
  ast_node_count: number; // distinct AST node ids with events
  correlation_count: number;
  clock_floor: number; // last value the storage's clock handed out
  /**
   * The keys of the stored checkpoints that hold for the events as they are, in time order (an
   * import stores them as it publishes): read with the record, so a question finds its checkpoint
   * without a request (~9.8k of them at 10M events: 156 KB). Every write and eviction removes them
   * with its own meta.
   */
  checkpoints?: CheckpointKeys;
  /** Events per bin over the whole session, for the first paint (overview.ts); removed like `checkpoints`. */
  overview?: Overview;
  /**
   * The span index an import built as it wrote, stored in `chunks` records (span-store.ts): its
   * columns when `indexed`, else chunks of the builder's; removed like `checkpoints`.
   */
  spans?: { chunks: number; count: number; indexed?: boolean };
  /** A finished session's runs merged into one copy per AST id (merged-runs.ts), once decided. */
  merged?: MergedSpan;
}

/**
 * The runs `runs` (numbers), all of `buckets` buckets and covering blocks firstBlock..lastBlock,
 * merged into part records keyed by id: buckets below `upto` are merged (their run records
 * deleted), the others still read from the runs.
 */
export interface MergedSpan {
  runs: number[];
  firstBlock: number;
  lastBlock: number;
  buckets: number;
  upto: number;
}

/** A finished session's events per bin, for its first paint (overview.ts). */
export interface Overview {
  /** The oldest event's timestamp: bin i holds [start + i * 2^shift, start + (i + 1) * 2^shift). */
  start: number;
  /** The newest event's timestamp. */
  end: number;
  shift: number;
  counts: Uint32Array;
  /** Events counted (the session's total when it was built). */
  events: number;
  /**
   * When no two blocks overlap and their numbers rise with time: each block's number and first
   * timestamp, in order, so a range can be read before the time columns load (early-range.ts).
   */
  blocks?: { nos: Uint32Array; firsts: Float64Array };
}

/** Checkpoint keys as columns: the (ts, seq) of the event each checkpoint follows. */
export interface CheckpointKeys {
  ts: Float64Array;
  seq: Float64Array;
  /** What the checkpoints hold (STATE_FORMAT); absent before frames kept locals: they do not hold then. */
  format?: number;
}

/**
 * One column of a session's span index as the index holds it (span-store.ts), keyed [session, k]
 * in the order span-store names them; the first also holds the tables.
 */
export interface IndexedSpanRecord {
  column: keyof IndexedSpanColumns;
  values: Int32Array | Float64Array;
  tables?: SpanTables;
}

/**
 * Sessions stored before IndexedSpanRecord: spans [k * SPAN_CHUNK, (k + 1) * SPAN_CHUNK) as the
 * builder ended them, keyed [session, k]; chunk 0 also holds the tables. Read, never written.
 */
export interface SpanChunkRecord extends SpanColumns {
  tables?: SpanTables;
}

/** Program state after the event keyed [session, ts, seq] (see checkpoints.ts). */
export interface CheckpointRecord {
  procs: ProcessState[];
}

/**
 * The time columns of one block, small enough to keep every block's in memory: they are the
 * "time column cache" that range, density and eviction work from. `base` counts evicted events at
 * the block's start; offsets stay stable, so postings stay valid.
 */
export interface BlockIndexRecord {
  no: number;
  n: number;
  base: number;
  ts: Float64Array;
  seq: Float64Array;
  bytes: number;
}

/**
 * A block's time columns as stored (columns-codec.ts): `ts` as doubles, or as steps from the one
 * before with the first from `ts0`; `seq` as doubles, or null for `seq0`, `seq0 + 1`, ...
 */
export interface StoredBlockIndex {
  no: number;
  n: number;
  base: number;
  bytes: number;
  ts: Float64Array | Uint32Array;
  ts0?: number;
  seq: Float64Array | null;
  seq0?: number;
}

/**
 * The rest of a block: ids dictionary-encoded (code 0 is null, code k is dict[k-1]) and payloads as
 * JSON texts joined by commas, so the whole block parses with one JSON.parse and one event with a
 * slice. Payloads that JSON cannot carry exactly (Date, Map, undefined, NaN...) are kept
 * structured-cloned in `extras` with `null` in their text slot.
 */
export interface BlockDataRecord {
  ast: Uint16Array;
  astDict: string[];
  corr: Uint16Array;
  corrDict: string[];
  data: string;
  dataEnd: Uint32Array;
  extras: Array<[number, unknown]> | null;
}

/**
 * Postings of the ids a run of write batches touched: `keys[k]` ("a:" + AST id or "c:" + correlation
 * id) owns the next `counts[k]` pointers (block * 4096 + offset). minBlock/maxBlock bound the blocks
 * they point into, so eviction reads only the segments it can affect.
 */
export interface SegmentRecord {
  keys: string[];
  counts: Uint32Array;
  /** 32-bit while every pointer fits (written so since 2026-12-02), 64-bit before or past 2^20 blocks. */
  pointers: Uint32Array | Float64Array;
  minBlock: number;
  maxBlock: number;
}

/** A run: the AST-id-clustered copy of the events of blocks firstBlock..lastBlock. */
export interface RunSpan {
  no: number;
  firstBlock: number;
  lastBlock: number;
  buckets: number;
}

/**
 * One bucket of a run: the events of the AST ids that hash to it, sorted by id, then timestamp,
 * then arrival. ids[k]'s events are at starts[k]..starts[k+1]. Payloads as in BlockDataRecord.
 */
export interface RunRecord {
  ids: string[];
  starts: Uint32Array;
  ts: Float64Array;
  seq: Float64Array;
  corr: Uint32Array;
  corrDict: string[];
  data: string;
  dataEnd: Uint32Array;
  extras: Array<[number, unknown]> | null;
  /** The run's number (stored records carry it: a bucket's records of many runs come in one read). */
  run?: number;
}

/** An AST node of a session, as in the `.cinema` spec (kind dropped). */
export type AstNodeRecord = Omit<AstRecord, 'kind'>;

/** A cause -> effect link between two stored events (their event_ids). */
export interface LinkRecordStored {
  from: string;
  to: string;
  label?: string;
}

/**
 * Links as stored: up to LINK_CHUNK of them a record, keyed by the position of the first. A 1M-event
 * recording has ~20k links, and one record each cost ~70 us a put in Chromium (1.4 s of an import).
 * A record holding one bare link (the first layout) is still read.
 */
export interface LinkChunkRecord {
  links: LinkRecordStored[];
}

export const LINK_CHUNK = 4096;

export interface CinemaDB extends DBSchema {
  sessions: { key: string; value: SessionRecord };
  blockIndex: { key: [string, number]; value: StoredBlockIndex };
  blocks: { key: [string, number]; value: BlockDataRecord };
  segments: { key: [string, number]; value: SegmentRecord };
  /**
   * Run records under [session, bucket, run]; a merged copy's parts under [session, AST id, last
   * timestamp, last seq] (merged-runs.ts): a string sorts after every number, so the two never mix.
   */
  runBuckets: { key: [string, number, number] | [string, string, number, number]; value: RunRecord };
  ast: { key: [string, string]; value: AstNodeRecord };
  sources: { key: [string, string]; value: { file: string; text: string } };
  links: { key: [string, number]; value: LinkChunkRecord | LinkRecordStored };
  bookmarks: { key: [string, number]; value: { timestamp: number; label: string; note?: string } };
  checkpoints: { key: [string, number, number]; value: CheckpointRecord };
  spans: { key: [string, number]; value: IndexedSpanRecord | SpanChunkRecord };
}

export type Database = IDBPDatabase<CinemaDB>;

export { SESSION_STORES };

/** How long an open waits for older connections (other tabs) to close before it gives up. */
const BLOCKED_MS = 10_000;

/** Why a connection closed under Cinema: a newer Cinema upgraded the database, or the browser closed it. */
export type ConnectionLoss = 'upgraded' | 'closed';
const lost = new Set<(name: string, why: ConnectionLoss) => void>();

/**
 * Listens for connections closed under Cinema: by an upgrade in another tab, or by the browser
 * itself (it does so when the disk is full, or the user clears the site's data). Returns the
 * function that stops listening.
 */
export function onConnectionLost(listener: (name: string, why: ConnectionLoss) => void): () => void {
  lost.add(listener);
  return () => void lost.delete(listener);
}

/** The upgrade case alone (the tabs test listens for it). */
export function onUpgradedElsewhere(listener: (name: string) => void): () => void {
  return onConnectionLost((name, why) => why === 'upgraded' && listener(name));
}

/**
 * Opens (creating or upgrading) the Cinema database on a given IndexedDB factory. Settles in every
 * case: an exception while opening rejects (it does not leave the caller waiting), and an open
 * held up by an older connection waits for it to close (tabs of an older Cinema close theirs on
 * versionchange) for BLOCKED_MS, then rejects saying so.
 */
export function openDatabase(factory: IDBFactory, name: string): Promise<Database> {
  // idb's openDB reads the global indexedDB; open on the caller's factory and let idb wrap it.
  const upgrades = currentUpgrades();
  return new Promise((resolve, reject) => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const fail = (err: unknown) => {
      clearTimeout(timer);
      reject(err instanceof Error ? err : new Error(`cannot open IndexedDB database "${name}": ${String(err)}`));
    };
    let request: IDBOpenDBRequest;
    try {
      request = factory.open(name, upgrades.length);
    } catch (err) {
      return fail(err);
    }
    // The steps from the version the database was written at up to this build's.
    request.onupgradeneeded = (e) => {
      try {
        for (let v = e.oldVersion + 1; v <= upgrades.length; v++) upgrades[v - 1](request.result, request.transaction!);
      } catch (err) {
        request.transaction?.abort();
        fail(err);
      }
    };
    request.onsuccess = () => {
      clearTimeout(timer);
      try {
        const raw = request.result;
        // A newer version opened elsewhere: close, so it is never blocked, and say why.
        raw.onversionchange = () => {
          raw.close();
          for (const l of lost) l(name, 'upgraded');
        };
        // Fired only when the browser closes the connection itself, never for close() here.
        raw.onclose = () => {
          for (const l of lost) l(name, 'closed');
        };
        resolve(wrap(raw) as unknown as Database);
      } catch (err) {
        fail(err);
      }
    };
    request.onerror = () => fail(request.error ?? new Error(`cannot open IndexedDB database "${name}"`));
    request.onblocked = () => {
      timer ??= setTimeout(
        () =>
          fail(
            new Error(
              `IndexedDB database "${name}" stays blocked by another connection (an older Cinema in another tab?); close it and reload`,
            ),
          ),
        BLOCKED_MS,
      );
    };
  });
}

/** The key range of every record of one session in a store keyed [session, ...]. */
export function sessionRange(session: string): IDBKeyRange {
  return IDBKeyRange.bound([session], [session, []]);
}
