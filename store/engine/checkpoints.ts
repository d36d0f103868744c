// Checkpoints of program state: every 1,024 events in time order, a copy of every process's stack,
// variables and state. reconstructStateAt(t) starts at the last checkpoint at or before t and
// replays at most 1,024 events, so it costs the same at the end of a 1M-event session as at its
// start.
// An import builds them as its batches commit (in time order, as recordings nearly always are),
// writes each to disk as it is made and names them in the meta record as it publishes, so the
// first question about a session opened later reads one checkpoint and replays from it. A live
// session does not follow its writes: parsing every payload as it was written cost them a fifth of
// their speed in the benchmark. Otherwise (a live session, an import whose events came out of
// order, one stored before checkpoints were persisted) they are built lazily and incrementally: a
// question about t builds them only as far as t, then the rest is built in the background a page
// at a time, between other queries. Any write or eviction that does not extend them in order drops
// them, and the persisted ones stop holding with the same commit (schema.ts).
import type { StoredEvent } from '../../src/event';
import { type ProcessState, type ProgramState, StateReducer } from '../../src/cinema/state';
import type { PendingEvent } from './block';
import { type EventKey, compareKeys } from './directory';
import type { Page, PageOptions } from './types';

/** Events between checkpoints. */
export const CHECKPOINT_EVENTS = 1024;
/** Events read per step of the build. */
const BUILD_PAGE = 8192;
/** Pause between background steps, so interactive queries go first. */
const BACKGROUND_PAUSE_MS = 15;

export interface Checkpoint {
  key: EventKey;
  /** Null once an import has written it to disk (spilled): read it from there. */
  procs: ProcessState[] | null;
}

type RangeQuery = (t0: number, t1: number, opts: PageOptions) => Promise<Page>;

/** Another index an import builds from the same parsed events (the span index: span-cache.ts). */
export interface Follower {
  follow(): void;
  apply(e: StoredEvent): void;
  unfollow(): void;
}

/**
 * Persisted checkpoints: how many hold now, and the last one at or before t (null: none that
 * early), its key at once and its state as it is read (the replay's first reads go meanwhile).
 */
export interface PersistedCheckpoints {
  count(): number;
  before(t: number): Promise<{ key: EventKey; procs: Promise<ProcessState[]> } | null>;
  /** A checkpoint's state as stored. */
  read(key: EventKey): Promise<ProcessState[]>;
  /**
   * Writes a checkpoint an import just built, then calls `written` (it may drop the state from
   * memory then: a 10M-event import holds ~9.8k checkpoints of ~25 KB each).
   */
  spill(c: Checkpoint, written: () => void): void;
  /** Removes what spill wrote (the import's checkpoints stopped holding). */
  dropSpilled(): void;
}

/** An event as written, as a reader would get it back. */
function storedOf(p: PendingEvent): StoredEvent {
  return {
    event_id: String(p.seq),
    timestamp: p.ts,
    ast_node_id: p.ast,
    correlation_id: p.corr,
    data: p.json !== null ? JSON.parse(p.json) : p.clone,
  } as StoredEvent;
}

export class Checkpoints {
  private list: Checkpoint[] = [];
  private reducer = new StateReducer();
  /** The last event applied to `reducer` (null: none yet). */
  private after: EventKey | null = null;
  private applied = 0;
  private done = false;
  /** Bumped by invalidate: work of an older generation stops. */
  private generation = 0;
  /** Build steps run one at a time, in order. */
  private building: Promise<void> = Promise.resolve();
  private background = false;
  /** Committed batches extend the checkpoints while they are built to the end (an import). */
  private following = false;

  constructor(
    private readonly persisted: PersistedCheckpoints | null = null,
    private readonly also: Follower | null = null,
  ) {}

  /**
   * For an empty session (an import starting): from now on, batches that come after everything
   * applied extend the checkpoints, which are built to the end, the session's start.
   */
  follow(): void {
    this.invalidate();
    this.following = true;
    this.done = true;
    this.also?.follow();
  }

  /** Told after every committed batch (its events in time order) and eviction (null). */
  written(batch: PendingEvent[] | null): void {
    if (batch !== null && batch.length > 0 && this.following && this.done) {
      const first = batch[0];
      if (this.after === null || compareKeys(first.ts, first.seq, this.after.ts, this.after.seq) > 0) {
        for (const p of batch) {
          const e = storedOf(p);
          this.applyOne(e);
          this.also?.apply(e);
        }
        return;
      }
    }
    this.invalidate();
  }

  /** The checkpoints of every event so far, when built to the end (null otherwise): what an import persists. */
  complete(): Checkpoint[] | null {
    return this.done ? this.list : null;
  }

  /** Forgets the checkpoints (after a write or an eviction, or when the session closes). */
  invalidate(): void {
    if (this.following && this.list.length > 0) this.persisted?.dropSpilled();
    this.also?.unfollow();
    this.generation++;
    this.list = [];
    this.reducer = new StateReducer();
    this.after = null;
    this.applied = 0;
    this.done = false;
    this.building = Promise.resolve();
    this.background = false;
  }

  /** The program's state after every event with a timestamp at or before `t`. */
  async stateAt(t: number, range: RangeQuery): Promise<ProgramState> {
    // Persisted checkpoints: one read, nothing built.
    if (this.persisted !== null && this.persisted.count() > 0 && !this.done) {
      const found = await this.persisted.before(t);
      return this.replay(found && found.key, t, range, found?.procs);
    }
    await this.extendPast(t, range);
    // A write may have dropped the checkpoints meanwhile (an import that goes on): what the list
    // holds now is of the current data, possibly nothing; the replay below starts from it.
    const list = this.list;
    const at = lastAtOrBefore(list, t, (c) => c.key.ts);
    const from = at >= 0 ? list[at] : null;
    const procs = from ? (from.procs ?? this.persisted?.read(from.key)) : undefined;
    const state = await this.replay(from && from.key, t, range, procs);
    this.finishInBackground(range);
    return state;
  }

  /**
   * The state at t: the checkpoint after event `from` (or the start) and the events after it up to
   * t. The first page is asked for before the checkpoint's state is awaited: both are reads.
   */
  private async replay(
    from: EventKey | null,
    t: number,
    range: RangeQuery,
    procs?: ProcessState[] | Promise<ProcessState[]>,
  ): Promise<ProgramState> {
    let after: EventKey | null = from;
    let next = range(Number.MIN_SAFE_INTEGER, t, { limit: 2048, after });
    next.catch(() => {}); // awaited below, after the checkpoint
    const reducer = procs ? StateReducer.from(await procs) : new StateReducer();
    let replayed = 0;
    for (;;) {
      const page = await next;
      for (const e of page.events) reducer.apply(e);
      replayed += page.events.length;
      if (page.next === null) break;
      after = page.next;
      next = range(Number.MIN_SAFE_INTEGER, t, { limit: 2048, after });
    }
    return { processes: reducer.snapshot(), replayed };
  }

  /** Builds until an event later than `t` has been applied, or to the end. */
  private extendPast(t: number, range: RangeQuery): Promise<void> {
    const gen = this.generation;
    const step = async () => {
      while (gen === this.generation && !this.done && (this.after === null || this.after.ts <= t)) await this.buildPage(range, gen);
    };
    this.building = this.building.then(step, step);
    return this.building;
  }

  private async buildPage(range: RangeQuery, gen: number): Promise<void> {
    const page = await range(Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER, { limit: BUILD_PAGE, after: this.after });
    if (gen !== this.generation) return;
    for (const e of page.events as StoredEvent[]) this.applyOne(e);
    if (page.next === null) this.done = true;
  }

  private applyOne(e: StoredEvent): void {
    this.reducer.apply(e);
    this.after = { ts: e.timestamp, seq: Number(e.event_id) };
    if (++this.applied % CHECKPOINT_EVENTS === 0) {
      const c: Checkpoint = { key: this.after, procs: this.reducer.snapshot() };
      this.list.push(c);
      // An import's checkpoints go to disk as they are made; their state leaves memory once written.
      if (this.following && this.persisted) this.persisted.spill(c, () => (c.procs = null));
    }
  }

  /** The rest of the build, a page at a time with pauses; stops at the end or on invalidate. */
  private finishInBackground(range: RangeQuery): void {
    if (this.background || this.done) return;
    this.background = true;
    const gen = this.generation;
    const next = () => {
      if (gen !== this.generation || this.done) return;
      this.building = this.building
        .then(() => (gen === this.generation && !this.done ? this.buildPage(range, gen) : undefined))
        .catch(() => {
          // The session closed or failed underneath: the next question starts over.
          if (gen === this.generation) this.invalidate();
        });
      void this.building.then(() => setTimeout(next, BACKGROUND_PAUSE_MS));
    };
    setTimeout(next, BACKGROUND_PAUSE_MS);
  }
}

/** The index of the last of `items` (in time order) at or before `t`; -1 when the first is later. */
export function lastAtOrBefore<T>(items: ArrayLike<T>, t: number, ts: (item: T) => number): number {
  let lo = 0;
  let hi = items.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (ts(items[mid]) <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo - 1;
}
