// One open session: the write queue that coalesces concurrent storeEvent calls into batched
// transactions, and the queries. One event per transaction runs at ~1.7k events/s in Chromium;
// every call that arrives while a batch is being written joins the next batch instead.
import type { StoredEvent } from '../src/event';
import { requireSafeInteger } from '../src/event';
import type { PendingEvent, RawEvent } from './block';
import { type EventKey, compareKeys } from './directory';
import { readAstPage } from './ast-read';
import { RecordCache } from './block-cache';
import { evictOldest } from './eviction';
import { abortError } from './byte-input';
import { compactRun } from './runs';
import { type StepFilter, backwardPositions, firstAccepted, forwardPositions, positionsFrom } from './stepping';
import { Checkpoints } from './checkpoints';
import { type ProgramState, pidOfData } from '../src/cinema/state';
import { type Position, type Slice, keyOf, selectPage } from './page';
import { keyKind, postingKey } from './postings';
import { type BlockRun, density, postingDensity, postingSlices, rangeSlices, readPage, readRawPage, readSlicesInOrder, slicesInOrder } from './reader';
import { IdKind, type RunRecord } from './schema';
import type { SessionState } from './state';
import type { Page, PageOptions, Stats } from './types';
import { writeBatch } from './writer';

/** Most events written in one transaction. */
export const MAX_BATCH = 8192;
/** Page size used when a caller asks for everything at once. */
const INTERNAL_PAGE = 16384;

type PageReader = (page: Position[]) => Promise<StoredEvent[]>;

interface Waiting {
  events: PendingEvent[];
  resolve: () => void;
  reject: (err: unknown) => void;
  /** A job that must run alone in the queue (it replaces the meta record); events is empty. */
  job?: () => Promise<void>;
  /** Settles (never rejects) once this write or job and the maintenance after it are done. */
  done: Promise<void>;
  settle: () => void;
}

function waiting(entry: Omit<Waiting, 'done' | 'settle'>): Waiting {
  let settle!: () => void;
  const done = new Promise<void>((r) => (settle = r));
  return { ...entry, done, settle };
}

export class SessionEngine {
  private queue: Waiting[] = [];
  private draining: Promise<void> | null = null;
  /** Done once the batch or job being written now is done. */
  private current: Promise<void> = Promise.resolve();
  /** Write transactions committed since the session was opened. */
  batchesWritten = 0;
  private runCache = new RecordCache<RunRecord>(256);
  private checkpoints = new Checkpoints();
  private runReads = { count: 0 };

  constructor(readonly state: SessionState, readonly maxEvents: number) {}

  /** Queues validated events; resolves when they are committed. */
  write(events: PendingEvent[]): Promise<void> {
    return new Promise((resolve, reject) => {
      this.queue.push(waiting({ events, resolve, reject }));
      this.schedule();
    });
  }

  /** Runs `job` alone, between write batches: for changes that replace the meta record. */
  exclusive(job: (state: SessionState) => Promise<void>): Promise<void> {
    return new Promise((resolve, reject) => {
      this.queue.push(waiting({ events: [], resolve, reject, job: () => job(this.state) }));
      this.schedule();
    });
  }

  /** Runs eviction and run compaction now (the cleanup tick), in turn with writes. */
  maintain(): Promise<void> {
    return this.schedule();
  }

  private schedule(): Promise<void> {
    if (!this.draining) this.draining = Promise.resolve().then(() => this.drain());
    return this.draining;
  }

  /**
   * Resolves once every write queued so far is committed (or failed), with the eviction and
   * compaction that follow it: what a query waits for to see the writes made before it. Only
   * those: an import that keeps writing does not hold queries back until it ends.
   */
  settled(): Promise<void> {
    return this.queue.length > 0 ? this.queue[this.queue.length - 1].done : this.current;
  }

  /** Resolves once the queue is empty and maintenance is done (before the session closes). */
  idle(): Promise<void> {
    return this.draining ?? Promise.resolve();
  }

  /** settled(), and the posting lists loaded (they arrive after the time columns on open). */
  private async settledWithPostings(): Promise<void> {
    await this.settled();
    await this.state.postingsLoaded;
  }

  // Writes, eviction and compaction each replace the session's meta record, so they run one at a
  // time, here and nowhere else.
  private async drain(): Promise<void> {
    do {
      if (this.queue.length === 0) {
        await this.maintenanceStep();
        break;
      }
      // Writes and jobs change postings: they wait for them to be loaded.
      await this.state.postingsLoaded.catch(() => {});
      const head = this.queue[0];
      if (head.job) {
        this.queue.shift();
        this.current = head.done;
        try {
          await head.job();
          head.resolve();
        } catch (err) {
          head.reject(err);
        }
        head.settle();
        continue;
      }
      // Take whole callers until the batch is full; one caller's events are never split.
      // (One splice a batch: shift() per caller would be quadratic with 100k queued calls.)
      let take = 0;
      let size = 0;
      while (take < this.queue.length && !this.queue[take].job && (take === 0 || size + this.queue[take].events.length <= MAX_BATCH)) {
        size += this.queue[take].events.length;
        take++;
      }
      const batch = this.queue.splice(0, take);
      this.current = batch[batch.length - 1].done;
      try {
        await writeBatch(this.state, batch.flatMap((w) => w.events));
        this.batchesWritten++;
        this.checkpoints.invalidate();
        batch.forEach((w) => w.resolve());
      } catch (err) {
        batch.forEach((w) => w.reject(err));
      }
      await this.maintenanceStep();
      batch.forEach((w) => w.settle());
    } while (this.queue.length > 0);
    this.draining = null;
  }

  /** Eviction, then runs. A failure here loses nothing: the next tick or write tries again. */
  private async maintenanceStep(): Promise<void> {
    try {
      if (this.state.meta.total_events > this.maxEvents) {
        await this.state.postingsLoaded;
        await evictOldest(this.state, this.maxEvents);
        this.checkpoints.invalidate();
      }
      while (await compactRun(this.state)) {
        // one run per layout.runEvents sealed events
      }
    } catch {
      // Kept quiet: blocks remain the source of truth and every query works without runs.
    }
  }

  dropCaches(): void {
    this.state.cache.clear();
    this.runCache.clear();
  }

  async stats(): Promise<Stats> {
    await this.settled();
    const m = this.state.meta;
    return {
      total_events: m.total_events,
      // Payload text, 16 bytes of time columns an event, 8 bytes a posting.
      memory_usage: Math.round(m.data_bytes + m.total_events * 16 + (m.ast_index_size + m.correlation_index_size) * 8),
      oldest_event: m.oldest_event,
      newest_event: m.newest_event,
      events_table_size: m.total_events,
      ast_index_size: m.ast_index_size,
      correlation_index_size: m.correlation_index_size,
      ast_node_count: m.ast_node_count,
      correlation_count: m.correlation_count,
      blocks: this.state.dir.blocks.length,
      session: m.id,
      max_events: this.maxEvents,
      write_batches: this.batchesWritten,
      runs: m.runs.length,
      events_read_from_runs: this.runReads.count,
    };
  }

  async range(t0: number, t1: number, opts: PageOptions = {}): Promise<Page> {
    requireSafeInteger('startTime', t0);
    requireSafeInteger('endTime', t1);
    const { limit, after } = pageOptions(opts);
    await this.settled();
    if (t0 > t1) return { events: [], next: null };
    return this.page(rangeSlices(this.state.dir, t0, t1, after), after, limit);
  }

  /** A page of a range or of an id's events with payloads as stored JSON text, for exports. */
  async rawPage(what: { range: [number, number] } | { kind: IdKind; id: string }, opts: PageOptions = {}): Promise<{ events: RawEvent[]; next: EventKey | null }> {
    const { limit, after } = pageOptions(opts);
    if ('range' in what) await this.settled();
    else await this.settledWithPostings();
    const slices = 'range' in what ? rangeSlices(this.state.dir, what.range[0], what.range[1], after) : postingSlices(this.state.dir, this.state.postings.get(postingKey(what.kind, what.id)));
    const chosen = selectPage(slices, after, limit);
    const events = await readRawPage(this.state.db, this.state.meta.id, chosen, this.state.cache);
    return { events, next: chosen.length === limit && limit > 0 ? keyOf(chosen[chosen.length - 1]) : null };
  }

  /**
   * The events of [t0, t1] block by block, in time order, as the blocks hold them: for exports,
   * which then build no object per event. Null when blocks overlap in time (events written out of
   * order); then page with rawPage. The blocks are those of the moment of the call.
   */
  async rangeRuns(t0: number, t1: number): Promise<AsyncGenerator<BlockRun[]> | null> {
    requireSafeInteger('startTime', t0);
    requireSafeInteger('endTime', t1);
    await this.settled();
    if (!this.state.dir.disjoint) return null;
    return slicesInOrder(this.state.db, this.state.meta.id, t0 > t1 ? [] : [...rangeSlices(this.state.dir, t0, t1, null)], this.state.cache);
  }

  async byId(kind: IdKind, id: string, opts: PageOptions = {}): Promise<Page> {
    requireId(kind, id);
    const { limit, after } = pageOptions(opts);
    await this.settledWithPostings();
    return this.page(postingSlices(this.state.dir, this.state.postings.get(postingKey(kind, id))), after, limit, this.readerFor(kind, id));
  }

  /** Every event of a time range, read page by page. */
  async allInRange(t0: number, t1: number): Promise<StoredEvent[]> {
    requireSafeInteger('startTime', t0);
    requireSafeInteger('endTime', t1);
    await this.settled();
    if (t0 > t1) return [];
    // Blocks that do not overlap are already in order: read them straight through.
    if (this.state.dir.disjoint) return readSlicesInOrder(this.state.db, this.state.meta.id, [...rangeSlices(this.state.dir, t0, t1, null)], this.state.cache);
    return this.drainPages((after) => rangeSlices(this.state.dir, t0, t1, after));
  }

  /** Every event of an id, paged through its posting list. */
  async allById(kind: IdKind, id: string): Promise<StoredEvent[]> {
    requireId(kind, id);
    await this.settledWithPostings();
    const slices = postingSlices(this.state.dir, this.state.postings.get(postingKey(kind, id)));
    return this.drainPages(() => slices, this.readerFor(kind, id));
  }

  /**
   * The next (or previous) event after (before) `from` - a time, or an event's key - limited to an
   * AST node, a correlation or a process when asked; null at either end of the recording.
   */
  async step(from: number | EventKey, direction: 'next' | 'prev', filter: StepFilter = {}): Promise<StoredEvent | null> {
    const forward = direction === 'next';
    const key: EventKey = typeof from === 'number' ? { ts: requireSafeInteger('from', from), seq: forward ? Infinity : -Infinity } : from;
    if (typeof from !== 'number') requireSafeInteger('from.ts', from.ts);
    if (filter.astNodeId !== undefined || filter.correlationId !== undefined) await this.settledWithPostings();
    else await this.settled();
    const dir = this.state.dir;
    // An id's candidates come from its postings; otherwise from the time columns, nearest first.
    const id = filter.astNodeId !== undefined ? postingKey(IdKind.Ast, filter.astNodeId) : filter.correlationId !== undefined ? postingKey(IdKind.Correlation, filter.correlationId) : null;
    const candidates = id !== null
      ? positionsFrom(postingSlices(dir, this.state.postings.get(id)), key, forward)
      : forward ? forwardPositions(dir, key) : backwardPositions(dir, key);
    const accept = (e: StoredEvent) => filter.pid === undefined || (e.data !== null && typeof e.data === 'object' && pidOfData(e.data as Record<string, unknown>) === filter.pid);
    // Without a process filter the first candidate is the answer; with one, payloads are checked in batches.
    return firstAccepted(candidates, this.readBlocks, accept, filter.pid === undefined ? 1 : 512);
  }

  /**
   * Events whose payload (as stored JSON text) or ids contain `query` - a substring, or a regular
   * expression - in time order, a page after `after`, with the total number of matches. One pass
   * over the session's stored text; payloads are parsed only for the page returned.
   */
  /** `signal`: a cancelled search stops at the next batch of 8,192 events (a scan takes seconds at 1M). */
  async search(query: string, opts: { regex?: boolean; ignoreCase?: boolean; signal?: { readonly aborted: boolean } } & PageOptions = {}): Promise<Page & { total: number }> {
    if (typeof query !== 'string' || query === '') throw new TypeError('query must be a non-empty string');
    const { limit, after } = pageOptions(opts);
    let test: (s: string) => boolean;
    if (opts.regex) {
      let re: RegExp;
      try {
        re = new RegExp(query, opts.ignoreCase ? 'i' : '');
      } catch (err) {
        throw new RangeError(`query is not a valid regular expression: ${(err as Error).message}`);
      }
      test = (s) => re.test(s);
    } else if (opts.ignoreCase) {
      const q = query.toLowerCase();
      test = (s) => s.toLowerCase().includes(q);
    } else test = (s) => s.includes(query);
    await this.settled();
    let total = 0;
    const page: StoredEvent[] = [];
    let next: EventKey | null = null;
    let cursor: EventKey | null = null;
    for (;;) {
      if (opts.signal?.aborted) throw abortError();
      const raw = await this.rawPage({ range: [Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER] }, { limit: 8192, after: cursor });
      for (const e of raw.events) {
        const text = e.json ?? JSON.stringify(e.data) ?? '';
        if (!(test(text) || (e.ast_node_id !== null && test(e.ast_node_id)) || (e.correlation_id !== null && test(e.correlation_id)) || test(e.event_id))) continue;
        total++;
        const key = { ts: e.timestamp, seq: Number(e.event_id) };
        if (after !== null && compareKeys(key.ts, key.seq, after.ts, after.seq) <= 0) continue;
        if (page.length < limit) {
          page.push({ timestamp: e.timestamp, event_id: e.event_id, ast_node_id: e.ast_node_id, correlation_id: e.correlation_id, data: e.json !== null ? JSON.parse(e.json) : e.data });
          if (page.length === limit) next = key;
        }
      }
      if (raw.next === null) break;
      cursor = raw.next;
    }
    return { events: page, next: page.length === limit && limit > 0 && next !== null ? next : null, total };
  }

  /** The event with this id, or null (never stored, or evicted). */
  async eventById(eventId: string): Promise<StoredEvent | null> {
    if (typeof eventId !== 'string' || !/^\d+$/.test(eventId)) throw new TypeError(`eventId must be an event id string, got ${JSON.stringify(eventId)}`);
    await this.settled();
    const seq = Number(eventId);
    for (const b of this.state.dir.blocks) {
      for (let i = b.base; i < b.n; i++) {
        if (b.seq[i] === seq) return (await readPage(this.state.db, this.state.meta.id, [{ block: b, i }], this.state.cache))[0] ?? null;
      }
    }
    return null;
  }

  /** Every process's call stack, variables and state after the events at or before `t`. */
  async stateAt(t: number): Promise<ProgramState> {
    requireSafeInteger('t', t);
    await this.settled();
    return this.checkpoints.stateAt(t, (t0, t1, opts) => this.range(t0, t1, opts));
  }

  /**
   * The AST nodes with events in [t0, t1] and how many, most first: from the posting lists and the
   * in-memory time columns, without reading an event (a full scan took ~0.9 s at 1M events).
   */
  async activeAstNodes(t0: number, t1: number): Promise<Array<{ ast_node_id: string; events: number }>> {
    requireSafeInteger('startTime', t0);
    requireSafeInteger('endTime', t1);
    await this.settledWithPostings();
    const out: Array<{ ast_node_id: string; events: number }> = [];
    if (t0 > t1) return out;
    for (const [key, pointers] of this.state.postings.entries()) {
      if (keyKind(key) !== IdKind.Ast) continue;
      let n = 0;
      for (const s of postingSlices(this.state.dir, pointers)) {
        const ts = s.block.ts;
        for (const i of s.offsets ?? []) if (ts[i] >= t0 && ts[i] <= t1) n++;
      }
      if (n > 0) out.push({ ast_node_id: key.slice(2), events: n });
    }
    return out.sort((a, b) => b.events - a.events || (a.ast_node_id < b.ast_node_id ? -1 : a.ast_node_id > b.ast_node_id ? 1 : 0));
  }

  /** Events per bucket of [t0, t1]; with a filter, only the events of that AST node or correlation. */
  /** Stops background work (the checkpoint build) before the session closes. */
  stopBackground(): void {
    this.checkpoints.invalidate();
  }

  async density(t0: number, t1: number, buckets: number, filter: { astNodeId?: string; correlationId?: string } = {}): Promise<Uint32Array> {
    requireSafeInteger('startTime', t0);
    requireSafeInteger('endTime', t1);
    if (!Number.isSafeInteger(buckets) || buckets < 1 || buckets > 1_000_000) {
      throw new RangeError(`buckets must be an integer from 1 to 1000000, got ${String(buckets)}`);
    }
    const id = filter.astNodeId !== undefined ? postingKey(IdKind.Ast, filter.astNodeId) : filter.correlationId !== undefined ? postingKey(IdKind.Correlation, filter.correlationId) : null;
    if (id !== null) await this.settledWithPostings();
    else await this.settled();
    if (t0 > t1) return new Uint32Array(buckets);
    if (id !== null) return postingDensity(postingSlices(this.state.dir, this.state.postings.get(id)), t0, t1, buckets);
    return density(this.state.dir, t0, t1, buckets);
  }

  /** AST node pages may be served from runs; everything else from blocks. */
  private readerFor(kind: IdKind, id: string): PageReader {
    return kind === IdKind.Ast ? (page) => readAstPage(this.state, page, id, this.runCache, this.runReads) : this.readBlocks;
  }

  private readBlocks: PageReader = (page) => readPage(this.state.db, this.state.meta.id, page, this.state.cache);

  private async page(slices: Iterable<Slice>, after: EventKey | null, limit: number, read: PageReader = this.readBlocks): Promise<Page> {
    const chosen = selectPage(slices, after, limit);
    const events = await read(chosen);
    const next = chosen.length === limit && limit > 0 ? keyOf(chosen[chosen.length - 1]) : null;
    return { events, next };
  }

  private async drainPages(slicesAfter: (after: EventKey | null) => Iterable<Slice>, read: PageReader = this.readBlocks): Promise<StoredEvent[]> {
    const out: StoredEvent[] = [];
    let after: EventKey | null = null;
    for (;;) {
      const chosen = selectPage(slicesAfter(after), after, INTERNAL_PAGE);
      const events = await read(chosen);
      for (const e of events) out.push(e);
      if (chosen.length < INTERNAL_PAGE) return out;
      after = keyOf(chosen[chosen.length - 1]);
    }
  }
}

function requireId(kind: IdKind, id: unknown): void {
  if (typeof id !== 'string') {
    const name = kind === IdKind.Ast ? 'astNodeId' : 'correlationId';
    throw new TypeError(`${name} must be a string, got ${id === null ? 'null' : typeof id}`);
  }
}

function pageOptions(opts: PageOptions): { limit: number; after: EventKey | null } {
  const limit = opts.limit ?? 1000;
  if (!Number.isSafeInteger(limit) || limit < 0) throw new RangeError(`limit must be a non-negative integer, got ${String(limit)}`);
  const after = opts.after ?? null;
  if (after !== null && (typeof after !== 'object' || !Number.isSafeInteger(after.ts) || typeof after.seq !== 'number')) {
    throw new TypeError('after must be a cursor returned as `next` by an earlier page');
  }
  return { limit, after };
}
