// One open session: its queries, answered from the time columns and posting lists in memory and the
// blocks and runs on disk, after the writes queued before them (write-queue.ts).
import { type StoredEvent, requireSafeInteger } from '../../src/event';
import type { PendingEvent, RawEvent } from './block';
import type { EventKey } from './directory';
import { readAstPage } from './ast-read';
import { RecordCache } from './block-cache';
import { type StepFilter, backwardPositions, firstAccepted, forwardPositions, positionsFrom } from './stepping';
import { Checkpoints } from './checkpoints';
import { StoredCheckpoints } from './checkpoint-store';
import { SpanCache } from './span-cache';
import { compactPostings } from './posting-compaction';
import { MergeJob } from './merge-job';
import { sessionStats } from './stats';
import { earlyRange } from './early-range';
import { buildOverview, densityFromOverview } from './overview';
import type { NodeTime, OpenSpan, SpanQuery, SpansWire } from '../../src/cinema/span-index';
import { type ProgramState, pidOfData } from '../../src/cinema/state';
import { type Position, type Slice, keyOf, selectPage } from './page';
import { positionsOfSeqs } from './seq-lookup';
import { type PostingIndex, postingKey } from './postings';
import { activeAstNodes } from './active-nodes';
import type { BlockDirectory } from './directory';
import { FlowList, type FlowQuery, type FlowRow, summarizeFlows } from './flow-list';
import {
  type BlockRun,
  density,
  postingDensity,
  postingSlices,
  postingSlicesInOrder,
  rangeSlices,
  readPage,
  readRawPage,
  readSlicesInOrder,
  slicesInOrder,
} from './reader';
import { IdKind, type RunRecord } from './schema';
import type { SessionState } from './state';
import type { Page, PageOptions, Stats } from './types';
import { type SearchOptions, searchPages, textMatcher } from './search';
import { WriteQueue } from './write-queue';
import { filterKey, pageOptions, requireId } from './query-args';

/** Page size used when a caller asks for everything at once. */
const INTERNAL_PAGE = 16384;

type PageReader = (page: Position[]) => Promise<StoredEvent[]>;

export class SessionEngine {
  private readonly writes: WriteQueue;
  private runCache = new RecordCache<RunRecord>(256);
  private readonly checkpoints: Checkpoints;
  private readonly stored: StoredCheckpoints;
  private readonly spanCache: SpanCache;
  private runReads = { count: 0 };
  private readonly merge: MergeJob;
  private flowCache: { key: string; dir: BlockDirectory; postings: PostingIndex; list: FlowList } | null = null;

  constructor(
    readonly state: SessionState,
    readonly maxEvents: number,
  ) {
    this.stored = new StoredCheckpoints(state);
    this.merge = new MergeJob(state, (job) => this.exclusive(job));
    this.spanCache = new SpanCache(state);
    this.checkpoints = new Checkpoints(this.stored, this.spanCache);
    this.writes = new WriteQueue(state, maxEvents, (batch) => {
      this.checkpoints.written(batch);
      this.spanCache.invalidate();
    });
  }

  /** For a new (empty) session: checkpoints are built as its batches commit, in time order. */
  followCheckpoints(): void {
    if (this.state.meta.total_events === 0) this.checkpoints.follow();
  }

  /**
   * Stores what a finished session keeps for its next open: the checkpoints built to the end (so a
   * question about any moment starts from one), the overview of its first paint, the span index an
   * import built, its postings compacted. Returns how many checkpoints (0 when none are built).
   */
  persistCheckpoints(): Promise<number> {
    let stored = 0;
    const pending = (state: SessionState) => {
      const list = this.checkpoints.complete();
      const checkpoints = list !== null && list.length > 0 && this.stored.count() !== list.length ? list : null;
      return { checkpoints, overview: !state.meta.overview && state.meta.total_events > 0 };
    };
    // Nothing to store (a session opened and closed again): no wait for its time columns to load.
    const now = pending(this.state);
    if (!now.checkpoints && !now.overview && !this.spanCache.following) return Promise.resolve(0);
    return this.exclusive(async (state) => {
      const { checkpoints, overview } = pending(state);
      const summary = overview ? buildOverview(state.dir, state.meta.oldest_event!, state.meta.newest_event!) : undefined;
      stored = await this.stored.store(checkpoints, summary);
      await this.spanCache.storeFollowed();
      await compactPostings(state).catch(() => false); // a failure keeps the segments as they were
      await MergeJob.plan(state).catch(() => undefined); // runs stay, read as they are
      this.merge.start(); // its steps queue behind this job
    }).then(() => stored);
  }

  /** Queues validated events; resolves when they are committed. */
  write(events: PendingEvent[]): Promise<void> {
    return this.writes.write(events);
  }

  /** Runs `job` alone, between write batches: for changes that replace the meta record. */
  exclusive(job: (state: SessionState) => Promise<void>): Promise<void> {
    return this.writes.exclusive(job);
  }

  /** Runs eviction and run compaction now (the cleanup tick), in turn with writes. */
  maintain(): Promise<void> {
    return this.writes.maintain();
  }

  /**
   * Runs maintenance as a session opens; resolves when it is done, except for a session opened from
   * its overview within its cap: its runs (which only speed up reads) are built behind the open,
   * once its time columns load, and the open does not wait for them.
   */
  maintainOnOpen(): Promise<void> {
    this.merge.resumeAfter(this.state.postingsLoaded); // a merge cut short goes on, after the open's reads
    const done = this.writes.maintain();
    return this.state.meta.total_events > this.maxEvents || this.state.columnsReady ? done : Promise.resolve();
  }

  /** Resolves once the queue is empty and maintenance is done (before the session closes). */
  idle(): Promise<void> {
    return this.writes.idle();
  }

  /** Resolves once the writes queued before this call are committed (see WriteQueue.settled). */
  private settled(): Promise<void> {
    return this.writes.settled().then(() => this.state.columnsLoaded);
  }

  /** settled(), and the posting lists loaded (they arrive after the time columns on open). */
  private settledWithPostings(): Promise<void> {
    return this.settled().then(() => this.state.postingsLoaded);
  }

  dropCaches(): void {
    this.state.cache.clear();
    this.runCache.clear();
  }

  async stats(): Promise<Stats> {
    await this.settled();
    return sessionStats(this.state, { maxEvents: this.maxEvents, batches: this.writes.batchesWritten, runReads: this.runReads.count });
  }

  async range(t0: number, t1: number, opts: PageOptions = {}): Promise<Page> {
    requireSafeInteger('startTime', t0);
    requireSafeInteger('endTime', t1);
    const { limit, after } = pageOptions(opts);
    if (t0 > t1) return { events: [], next: null };
    // Before the time columns load (an overview's open), a short range reads its own blocks' columns.
    const from = after ? Math.max(t0, after.ts) : t0; // a page after a cursor starts there
    const read = (dir: BlockDirectory) => this.page(rangeSlices(dir, t0, t1, after), after, limit);
    const early = this.writes.quiet ? await earlyRange(this.state, from, t1, read) : null;
    return early ?? this.settled().then(() => read(this.state.dir));
  }

  /** A page of a range or of an id's events with payloads as stored JSON text, for exports. */
  async rawPage(
    what: { range: [number, number] } | { kind: IdKind; id: string },
    opts: PageOptions = {},
  ): Promise<{ events: RawEvent[]; next: EventKey | null }> {
    const { limit, after } = pageOptions(opts);
    if ('range' in what) await this.settled();
    else await this.settledWithPostings();
    const slices =
      'range' in what
        ? rangeSlices(this.state.dir, what.range[0], what.range[1], after)
        : postingSlicesInOrder(this.state.dir, this.state.postings.get(postingKey(what.kind, what.id)));
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
    return slicesInOrder(
      this.state.db,
      this.state.meta.id,
      t0 > t1 ? [] : [...rangeSlices(this.state.dir, t0, t1, null)],
      this.state.cache,
    );
  }

  async byId(kind: IdKind, id: string, opts: PageOptions = {}): Promise<Page> {
    requireId(kind, id);
    const { limit, after } = pageOptions(opts);
    await this.settledWithPostings();
    const slices = postingSlicesInOrder(this.state.dir, this.state.postings.get(postingKey(kind, id)));
    return this.page(slices, after, limit, this.readerFor(kind, id));
  }

  /** Every event of a time range, read page by page. */
  async allInRange(t0: number, t1: number): Promise<StoredEvent[]> {
    requireSafeInteger('startTime', t0);
    requireSafeInteger('endTime', t1);
    await this.settled();
    if (t0 > t1) return [];
    // Blocks that do not overlap are already in order: read them straight through.
    if (this.state.dir.disjoint)
      return readSlicesInOrder(this.state.db, this.state.meta.id, [...rangeSlices(this.state.dir, t0, t1, null)], this.state.cache);
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
    const id = filterKey(filter);
    const candidates =
      id !== null
        ? positionsFrom(postingSlices(dir, this.state.postings.get(id)), key, forward)
        : forward
          ? forwardPositions(dir, key)
          : backwardPositions(dir, key);
    const accept = (e: StoredEvent) =>
      filter.pid === undefined ||
      (e.data !== null && typeof e.data === 'object' && pidOfData(e.data as Record<string, unknown>) === filter.pid);
    // Without a process filter the first candidate is the answer; with one, payloads are checked in batches.
    return firstAccepted(candidates, this.readBlocks, accept, filter.pid === undefined ? 1 : 512);
  }

  /**
   * Events whose payload (as stored JSON text) or ids contain `query` (search.ts), in time order, a
   * page after `after`, with the total number of matches.
   */
  async search(query: string, opts: SearchOptions & PageOptions = {}): Promise<Page & { total: number }> {
    const test = textMatcher(query, opts);
    const { limit, after } = pageOptions(opts);
    await this.settled();
    const everything: [number, number] = [Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER];
    return searchPages(
      (cursor, pageSize) => this.rawPage({ range: everything }, { limit: pageSize, after: cursor }),
      test,
      limit,
      after,
      opts.signal,
    );
  }

  /** The event with this id, or null (never stored, or evicted). */
  async eventById(eventId: string): Promise<StoredEvent | null> {
    return (await this.eventsById([eventId]))[0] ?? null;
  }

  /** The events with these ids that the session has (in block order): one pass over the blocks, one read. */
  async eventsById(eventIds: readonly string[]): Promise<StoredEvent[]> {
    const bad = eventIds.find((id) => typeof id !== 'string' || !/^\d+$/.test(id));
    if (bad !== undefined) throw new TypeError(`eventId must be an event id string, got ${JSON.stringify(bad)}`);
    await this.settled();
    const refs = positionsOfSeqs(this.state.dir.blocks, new Set(eventIds.map(Number)));
    return refs.length === 0 ? [] : readPage(this.state.db, this.state.meta.id, refs, this.state.cache);
  }

  /** Every process's call stack, variables and state after the events at or before `t`. */
  async stateAt(t: number): Promise<ProgramState> {
    requireSafeInteger('t', t);
    // Stored checkpoints and an overview's early reads answer before the time columns load (range()).
    if (this.state.columnsReady || !this.writes.quiet || this.stored.count() === 0) await this.settled();
    return this.checkpoints.stateAt(t, (t0, t1, opts) => this.range(t0, t1, opts));
  }

  /** The spans overlapping [t0, t1] (see SpanIndex.query), from the session's span index. */
  async spans(t0: number, t1: number, q: SpanQuery = {}): Promise<SpansWire> {
    requireSafeInteger('startTime', t0);
    requireSafeInteger('endTime', t1);
    return (await this.spanIndex()).query(t0, t1, q);
  }

  /** Per lane, the spans containing `t`, outermost first. */
  async openSpans(t: number): Promise<Array<{ lane: string; spans: OpenSpan[] }>> {
    requireSafeInteger('t', t);
    const index = await this.spanIndex();
    return index.lanes.map((lane) => ({ lane, spans: index.openAt(t, lane) })).filter((l) => l.spans.length > 0);
  }

  /** Per AST node: calls, total and self time over the whole session. */
  async nodeTimes(): Promise<NodeTime[]> {
    return (await this.spanIndex()).nodeTimes;
  }

  private async spanIndex() {
    await (this.state.meta.spans ? this.writes.settled() : this.settled()); // stored spans need no time columns, only writes before
    return this.spanCache.get({
      runs: () => this.rangeRuns(Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER),
      range: (t0, t1, opts) => this.range(t0, t1, opts),
    });
  }

  /** The AST nodes with events in [t0, t1] and how many, most first (active-nodes.ts). */
  async activeAstNodes(t0: number, t1: number): Promise<Array<{ ast_node_id: string; events: number }>> {
    requireSafeInteger('startTime', t0);
    requireSafeInteger('endTime', t1);
    await this.settledWithPostings();
    return activeAstNodes(this.state, t0, t1);
  }

  /** A page of the session's flows, sorted as asked (flow-list.ts); their figures are kept until the events change. */
  async flows(q: FlowQuery): Promise<{ total: number; flows: FlowRow[] }> {
    await this.settledWithPostings();
    const { meta, dir, postings } = this.state;
    const key = `${meta.next_seq}:${meta.total_events}:${dir.blocks.length}`;
    const c = this.flowCache;
    const list = c && c.key === key && c.dir === dir && c.postings === postings ? c.list : new FlowList(summarizeFlows(this.state));
    this.flowCache = { key, dir, postings, list };
    return list.page(this.state, q);
  }

  /** Stops background work (the checkpoint build) before the session closes. */
  stopBackground(): void {
    this.merge.stop();
    this.checkpoints.invalidate();
    this.spanCache.invalidate();
  }

  /** Events per bucket of [t0, t1]; with a filter, only the events of that AST node or correlation. */
  async density(
    t0: number,
    t1: number,
    buckets: number,
    filter: { astNodeId?: string; correlationId?: string } = {},
  ): Promise<Uint32Array> {
    requireSafeInteger('startTime', t0);
    requireSafeInteger('endTime', t1);
    if (!Number.isSafeInteger(buckets) || buckets < 1 || buckets > 1_000_000) {
      throw new RangeError(`buckets must be an integer from 1 to 1000000, got ${String(buckets)}`);
    }
    const id = filterKey(filter);
    const quick = id === null && this.writes.quiet ? densityFromOverview(this.state.meta, t0, t1, buckets) : null;
    if (quick) return quick;
    if (id !== null) await this.settledWithPostings();
    else await this.settled();
    if (t0 > t1) return new Uint32Array(buckets);
    if (id !== null) return postingDensity(this.state.dir, this.state.postings.get(id), t0, t1, buckets);
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

  private async drainPages(
    slicesAfter: (after: EventKey | null) => Iterable<Slice>,
    read: PageReader = this.readBlocks,
  ): Promise<StoredEvent[]> {
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
