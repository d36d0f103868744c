// Checkpoints of program state: every 1,024 events in time order, a copy of every process's stack,
// variables and state. reconstructStateAt(t) starts at the last checkpoint at or before t and
// replays at most 1,024 events, so it costs the same at the end of a 1M-event session as at its
// start. Built lazily and incrementally: a question about t builds them only as far as t (opening a
// session at its start costs nothing), then the rest is built in the background a page at a time,
// between other queries. Any write or eviction drops them; they are rebuilt on the next question.
import type { StoredEvent } from '../../src/event';
import { type ProcessState, type ProgramState, StateReducer } from '../../src/cinema/state';
import type { EventKey } from './directory';
import type { Page, PageOptions } from './types';

/** Events between checkpoints. */
export const CHECKPOINT_EVENTS = 1024;
/** Events read per step of the build. */
const BUILD_PAGE = 8192;
/** Pause between background steps, so interactive queries go first. */
const BACKGROUND_PAUSE_MS = 15;

interface Checkpoint {
  key: EventKey;
  procs: ProcessState[];
}

type RangeQuery = (t0: number, t1: number, opts: PageOptions) => Promise<Page>;

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

  /** Forgets the checkpoints (after a write or an eviction, or when the session closes). */
  invalidate(): void {
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
    await this.extendPast(t, range);
    // A write may have dropped the checkpoints meanwhile (an import that goes on): what the list
    // holds now is of the current data, possibly nothing; the replay below starts from it.
    const list = this.list;
    // The last checkpoint whose event is at or before t.
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (list[mid].key.ts <= t) lo = mid + 1;
      else hi = mid;
    }
    const from = lo > 0 ? list[lo - 1] : null;
    const reducer = from ? StateReducer.from(from.procs) : new StateReducer();
    let replayed = 0;
    let after: EventKey | null = from ? from.key : null;
    for (;;) {
      const page = await range(Number.MIN_SAFE_INTEGER, t, { limit: 2048, after });
      for (const e of page.events) reducer.apply(e);
      replayed += page.events.length;
      if (page.next === null) break;
      after = page.next;
    }
    this.finishInBackground(range);
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
    for (const e of page.events as StoredEvent[]) {
      this.reducer.apply(e);
      this.after = { ts: e.timestamp, seq: Number(e.event_id) };
      if (++this.applied % CHECKPOINT_EVENTS === 0) this.list.push({ key: this.after, procs: this.reducer.snapshot() });
    }
    if (page.next === null) this.done = true;
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
