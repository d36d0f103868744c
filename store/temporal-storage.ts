// TemporalStorage: ElixirScope's temporal event store (start_link, store_event, get_events_in_range,
// get_events_for_ast_node, get_events_for_correlation, get_all_events, get_stats) on IndexedDB.
// One instance holds one session (recording); many sessions share one database.
import { type PathStep, nestExecutionPath } from '../src/cinema/path';
import type { ProgramState } from '../src/cinema/state';
import type { NodeTime, OpenSpan, SpanQuery, SpansWire } from '../src/cinema/span-index';
import type { EventInput, StoredEvent } from '../src/event';
import { type SessionExtras, addExtras, readExtras, updateBookmark } from './catalog/session-extras';
import { newSessionRecord } from './catalog/sessions';
import type { PendingEvent, RawEvent } from './engine/block';
import { acquireDatabase, releaseDatabase } from './engine/connection';
import { resolveLayout } from './engine/layout';
import type { BlockRun } from './engine/reader';
import type { FlowQuery, FlowRow } from './engine/flow-list';
import { IdKind, type SessionRecord } from './engine/schema';
import { SessionEngine } from './engine/session-engine';
import { storeWork } from './engine/merge-job';
import { loadState } from './engine/state';
import { EventIntake, type ImportColumns, type ImportedEvent } from './event-intake';
import { isSessionOpen, markClosed, markOpen } from './open-sessions';
import type { Page, PageOptions, Stats } from './engine/types';
import { type SessionInit, type StartOptions, checkedLimits, newSessionId } from './start-options';

export type { SessionInit, StartOptions } from './start-options';

const registry = new Map<string, TemporalStorage>();

export class TemporalStorage {
  private timer: ReturnType<typeof setInterval> | null = null;
  private stopped = false;
  /** Numbers events as they arrive; kept here because the meta record is replaced by each committed write. */
  private readonly intake: EventIntake;

  private constructor(
    private readonly engine: SessionEngine,
    private readonly factory: IDBFactory,
    private readonly dbName: string,
    readonly name: string | undefined,
    cleanupInterval: number,
  ) {
    this.intake = new EventIntake(engine.state.meta.next_seq, engine.state.meta.clock_floor);
    if (cleanupInterval > 0) {
      this.timer = setInterval(() => void this.engine.maintain(), cleanupInterval);
      // In Node the tick must not keep the process alive.
      (this.timer as { unref?: () => void }).unref?.();
    }
  }

  /** Opens (or creates) a session's storage. */
  static async start(opts: StartOptions = {}): Promise<TemporalStorage> {
    const { maxEvents, cleanupInterval } = checkedLimits(opts);
    if (opts.name !== undefined && registry.has(opts.name)) throw new Error(`a storage named "${opts.name}" is already started`);
    const factory = opts.indexedDB ?? (globalThis as { indexedDB?: IDBFactory }).indexedDB;
    if (!factory) throw new Error('no IndexedDB here: pass the indexedDB option');
    const dbName = opts.dbName ?? 'cinema';
    const layout = resolveLayout(opts.layout);
    const session = opts.session ?? newSessionId();
    if (typeof session !== 'string' || session === '') throw new TypeError('session must be a non-empty string');
    if (isSessionOpen(factory, dbName, session)) {
      throw new Error(`session "${session}" is already open in this process; stop it first`);
    }
    const db = await acquireDatabase(factory, dbName);
    try {
      const tx = db.transaction('sessions', 'readwrite');
      let meta = await tx.store.get(session);
      if (!meta) {
        meta = { ...newSessionRecord(session, opts.sessionName ?? session, Date.now()), ...opts.sessionInit };
        await tx.store.put(meta);
      }
      await tx.done;
      const engine = new SessionEngine(await loadState(db, meta, layout), maxEvents);
      if (meta.status === 'importing') engine.followCheckpoints(); // see checkpoints.ts: imports only

      const storage = new TemporalStorage(engine, factory, dbName, opts.name, cleanupInterval);
      if (opts.name !== undefined) {
        if (registry.has(opts.name)) throw new Error(`a storage named "${opts.name}" is already started`);
        registry.set(opts.name, storage);
      }
      markOpen(factory, dbName, session);
      await engine.maintainOnOpen(); // a reopened session may be over a smaller cap
      return storage;
    } catch (err) {
      await releaseDatabase(factory, dbName);
      throw err;
    }
  }

  /** The storage registered under `name`, if started and not stopped. */
  static whereis(name: string): TemporalStorage | undefined {
    return registry.get(name);
  }

  /** The session this storage holds. */
  get session(): string {
    return this.engine.state.meta.id;
  }

  /** Stores one event; resolves once it is committed, rejects (changing nothing) on bad input. */
  async storeEvent(event: EventInput): Promise<void> {
    this.checkOpen();
    return storeWork(() => this.engine.write([this.intake.prepare(event)]));
  }

  /** Stores many events in one batch, all validated first: one bad event (its error's `index`) rejects them all. Resolves to their ids. */
  async storeEvents(events: EventInput[]): Promise<string[]> {
    this.checkOpen();
    if (!Array.isArray(events)) throw new TypeError('storeEvents takes an array of events');
    return this.storePrepared(this.intake.batch(events, (e) => this.intake.prepare(e)));
  }

  /**
   * For importers: events already read from a file, whose payload is either parsed (`data`) or,
   * when the reader checked it, JSON text (`json`: valid, compact, within MAX_PAYLOAD_DEPTH) that
   * is stored as it is, without parsing or re-encoding it. Otherwise like storeEvents.
   */
  async storeImported(events: ImportedEvent[]): Promise<string[]> {
    this.checkOpen();
    return this.storePrepared(this.intake.batch(events, (e) => this.intake.prepareImported(e)));
  }

  /**
   * Like storeImported, from columns (as the import's parser Worker sends them), leaving out the
   * events at the indexes in `skip`: no object per event but the store's own. Resolves to the new
   * events' ids by column index; a refused event rejects with its column `index`.
   */
  async storeColumns(c: ImportColumns, skip: ReadonlySet<number>): Promise<string[]> {
    this.checkOpen();
    const { prepared, ids } = this.intake.columns(c, skip);
    await storeWork(() => this.engine.write(prepared));
    return ids;
  }

  /** Stores the checkpoints an import built as it wrote (importers, as they publish); returns how many. */
  persistCheckpoints(): Promise<number> {
    this.checkOpen();
    return this.engine.persistCheckpoints();
  }

  private async storePrepared(prepared: PendingEvent[]): Promise<string[]> {
    await storeWork(() => this.engine.write(prepared));
    return prepared.map((e) => String(e.seq));
  }

  /** Changes the session's name, unit, epoch, source, header or status (importers finish with it). */
  async updateSession(patch: SessionInit): Promise<void> {
    this.checkOpen();
    await this.engine.exclusive(async (state) => {
      const next = { ...state.meta, ...patch };
      const tx = state.db.transaction('sessions', 'readwrite');
      await Promise.all([tx.store.put(next), tx.done]);
      state.meta = next;
    });
  }

  /** The session's record: name, unit, epoch, source, header and counts. */
  get sessionInfo(): Readonly<SessionRecord> {
    return this.engine.state.meta;
  }

  /** Adds AST nodes, sources, links or bookmarks to the session. */
  addExtras(add: Partial<SessionExtras>): Promise<void> {
    return this.guard(() => addExtras(this.engine.state.db, this.session, add));
  }

  /** Changes a bookmark's label or note, or removes it (null). */
  updateBookmark(id: number, patch: { label?: string; note?: string } | null): Promise<void> {
    return this.guard(() => updateBookmark(this.engine.state.db, this.session, id, patch));
  }

  /** The session's AST nodes, sources, links (unless `links: false`; then only their count) and bookmarks. */
  getExtras(opts: { links?: boolean } = {}): Promise<SessionExtras & { link_count: number }> {
    return this.guard(() => readExtras(this.engine.state.db, this.session, opts));
  }

  getEventsInRange(startTime: number, endTime: number): Promise<StoredEvent[]> {
    return this.guard(() => this.engine.allInRange(startTime, endTime));
  }

  getEventsForAstNode(astNodeId: string): Promise<StoredEvent[]> {
    return this.guard(() => this.engine.allById(IdKind.Ast, astNodeId));
  }

  getEventsForCorrelation(correlationId: string): Promise<StoredEvent[]> {
    return this.guard(() => this.engine.allById(IdKind.Correlation, correlationId));
  }

  getAllEvents(): Promise<StoredEvent[]> {
    return this.guard(() => this.engine.allInRange(Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER));
  }

  getStats(): Promise<Stats> {
    return this.guard(() => this.engine.stats());
  }

  /** A page of a time range (inclusive both ends), chronological. */
  queryRange(startTime: number, endTime: number, opts?: PageOptions): Promise<Page> {
    return this.guard(() => this.engine.range(startTime, endTime, opts));
  }

  /** A page of an AST node's events, chronological. */
  queryAstNode(astNodeId: string, opts?: PageOptions): Promise<Page> {
    return this.guard(() => this.engine.byId(IdKind.Ast, astNodeId, opts));
  }

  /** A page of a correlation's events, chronological. */
  queryCorrelation(correlationId: string, opts?: PageOptions): Promise<Page> {
    return this.guard(() => this.engine.byId(IdKind.Correlation, correlationId, opts));
  }

  /** A page of all events, chronological. */
  queryAll(opts?: PageOptions): Promise<Page> {
    return this.queryRange(Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER, opts);
  }

  /**
   * For exports of a time range: its events block by block in time order (see
   * SessionEngine.rangeRuns), or null when the blocks overlap in time (then use rawPages).
   */
  rangeRuns(range: [number, number] = [Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER]): Promise<AsyncGenerator<BlockRun[]> | null> {
    return this.guard(() => this.engine.rangeRuns(range[0], range[1]));
  }

  /**
   * Walks events with their payloads as the JSON text they are stored as: exports write that text
   * again instead of parsing and re-serializing every payload.
   */
  async *rawPages(
    what: { range?: [number, number]; astNodeId?: string; correlationId?: string },
    pageSize = 8192,
  ): AsyncGenerator<RawEvent[]> {
    this.checkOpen();
    const target =
      what.astNodeId !== undefined
        ? { kind: IdKind.Ast, id: what.astNodeId }
        : what.correlationId !== undefined
          ? { kind: IdKind.Correlation, id: what.correlationId }
          : { range: what.range ?? ([Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER] as [number, number]) };
    // One page of lookahead: the next page is read while the caller works on this one (an export
    // formats lines while IndexedDB reads the next blocks).
    let pending = this.engine.rawPage(target, { limit: pageSize, after: null });
    for (;;) {
      const page = await pending;
      if (page.next !== null) {
        pending = this.engine.rawPage(target, { limit: pageSize, after: page.next });
        pending.catch(() => {}); // a caller that stops early leaves it unread
      }
      if (page.events.length > 0) yield page.events;
      if (page.next === null) return;
    }
  }

  /** Walks a paged query page by page without holding more than one page. */
  async *pages(query: (opts: PageOptions) => Promise<Page>, pageSize = 1000): AsyncGenerator<StoredEvent[]> {
    let after: PageOptions['after'] = null;
    for (;;) {
      const page = await query({ limit: pageSize, after });
      if (page.events.length > 0) yield page.events;
      if (page.next === null) return;
      after = page.next;
    }
  }

  /**
   * The recorded program at time `t`: per process, the call stack, the latest value of each variable
   * and the latest state, after every event at or before `t`. Starts from the nearest checkpoint.
   */
  reconstructStateAt(t: number): Promise<ProgramState> {
    return this.guard(() => this.engine.stateAt(t));
  }

  /**
   * The execution flow an event belongs to: its correlation's events in order, each with its call
   * depth. An event without a correlation is a path of itself. Rejects for an unknown event id.
   */
  traceExecutionPath(eventId: string): Promise<{ correlation_id: string | null; steps: PathStep[] }> {
    return this.guard(async () => {
      const event = await this.engine.eventById(eventId);
      if (!event) throw new RangeError(`no event "${eventId}" in session "${this.session}"`);
      if (event.correlation_id === null) return { correlation_id: null, steps: nestExecutionPath([event]) };
      return {
        correlation_id: event.correlation_id,
        steps: nestExecutionPath(await this.engine.allById(IdKind.Correlation, event.correlation_id)),
      };
    });
  }

  /**
   * The next or previous event from a time or from an event (its {ts, seq} key, as page cursors
   * give), optionally of the same AST node, correlation or process (`data.pid`); null at an end.
   */
  step(
    from: number | { ts: number; seq: number },
    direction: 'next' | 'prev',
    filter: { astNodeId?: string; correlationId?: string; pid?: string } = {},
  ): Promise<StoredEvent | null> {
    return this.guard(() => this.engine.step(from, direction, filter));
  }

  /**
   * Events whose payload or ids contain `query` (text, or a regular expression with `regex`), a page
   * at a time in time order, with the total number of matches.
   */
  search(
    query: string,
    opts: { regex?: boolean; ignoreCase?: boolean; signal?: { readonly aborted: boolean } } & PageOptions = {},
  ): Promise<Page & { total: number }> {
    return this.guard(() => this.engine.search(query, opts));
  }

  /** The AST nodes that produced events in [startTime, endTime], by event count. */
  getActiveAstNodes(startTime: number, endTime: number): Promise<Array<{ ast_node_id: string; events: number }>> {
    return this.guard(() => this.engine.activeAstNodes(startTime, endTime));
  }

  /** One event by its id, or null. */
  getEvent(eventId: string): Promise<StoredEvent | null> {
    return this.guard(() => this.engine.eventById(eventId));
  }

  /** The events with these ids that the session has (ids it lacks are left out). */
  getEvents(eventIds: readonly string[]): Promise<StoredEvent[]> {
    return this.guard(() => this.engine.eventsById(eventIds));
  }

  /** Calls as spans (Cinema's calls, Chrome's slices, OTLP spans) over a window, to `maxDepth`, merged below `minWidth`: a flame chart. */
  getSpans(startTime: number, endTime: number, q: SpanQuery = {}): Promise<SpansWire> {
    return this.guard(() => this.engine.spans(startTime, endTime, q));
  }

  /** Per process / thread, the spans containing `t`, outermost first. */
  getOpenSpans(t: number): Promise<Array<{ lane: string; spans: OpenSpan[] }>> {
    return this.guard(() => this.engine.openSpans(t));
  }

  /** Per AST node: calls, total and self time over the whole session. */
  getNodeTimes(): Promise<NodeTime[]> {
    return this.guard(() => this.engine.nodeTimes());
  }

  /** A page of the session's flows (correlations), sorted by start, duration or events, with their first events. */
  listFlows(q: FlowQuery): Promise<{ total: number; flows: FlowRow[] }> {
    return this.guard(() => this.engine.flows(q));
  }

  /** The AST nodes on each process's call stack at time `t`, outermost first. */
  async getStackAstNodes(t: number): Promise<Array<{ pid: string; ast_node_ids: Array<string | null> }>> {
    const { processes } = await this.reconstructStateAt(t);
    return processes.filter((p) => p.stack.length > 0).map((p) => ({ pid: p.pid, ast_node_ids: p.stack.map((f) => f.ast_node_id) }));
  }

  /** Event counts in `buckets` equal parts of [startTime, endTime], from summaries in memory. */
  getDensity(
    startTime: number,
    endTime: number,
    buckets: number,
    filter: { astNodeId?: string; correlationId?: string } = {},
  ): Promise<Uint32Array> {
    return this.guard(() => this.engine.density(startTime, endTime, buckets, filter));
  }

  /** Runs the cleanup tick now: evicts the oldest events beyond maxEvents. */
  async cleanup(): Promise<number> {
    this.checkOpen();
    const before = this.engine.state.meta.total_events;
    await this.engine.maintain();
    return Math.max(0, before - this.engine.state.meta.total_events);
  }

  /** Flushes pending writes, clears the timer, unregisters the name. The data stays. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    if (this.timer !== null) clearInterval(this.timer);
    if (this.name !== undefined && registry.get(this.name) === this) registry.delete(this.name);
    try {
      // Checkpoints built to the end go with the session (failing, on a full disk, costs a rebuild).
      await this.engine.persistCheckpoints().catch(() => 0);
      this.engine.stopBackground();
      await this.engine.idle();
    } finally {
      markClosed(this.factory, this.dbName, this.session);
      await releaseDatabase(this.factory, this.dbName);
    }
  }

  /** Drops cached blocks (benchmarks measure cold reads with it). */
  dropCaches(): void {
    this.engine.dropCaches();
  }

  private checkOpen(): void {
    if (this.stopped) throw new Error(`storage for session "${this.session}" is stopped`);
  }

  private async guard<T>(run: () => Promise<T>): Promise<T> {
    this.checkOpen();
    return storeWork(run); // the merge of a finished session's runs waits for the store to be idle
  }
}
