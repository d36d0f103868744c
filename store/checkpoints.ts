// Checkpoints of program state: every 1,024 events in time order, a copy of every process's stack,
// variables and state. reconstructStateAt(t) starts at the last checkpoint at or before t and
// replays at most 1,024 events, so it costs the same at the end of a 1M-event session as at its
// start. Built lazily, on the first question, by one pass over the session; any write or eviction
// drops them (they are rebuilt on the next question).
import type { StoredEvent } from '../src/event';
import { type ProcessState, type ProgramState, StateReducer } from '../src/cinema/state';
import type { EventKey } from './directory';
import type { Page, PageOptions } from './types';

/** Events between checkpoints. */
export const CHECKPOINT_EVENTS = 1024;

interface Checkpoint { key: EventKey; procs: ProcessState[] }

type RangeQuery = (t0: number, t1: number, opts: PageOptions) => Promise<Page>;

export class Checkpoints {
  private list: Promise<Checkpoint[]> | null = null;

  /** Forgets the checkpoints (after a write or an eviction). */
  invalidate(): void {
    this.list = null;
  }

  /** The program's state after every event with a timestamp at or before `t`. */
  async stateAt(t: number, range: RangeQuery): Promise<ProgramState> {
    this.list ??= this.build(range);
    const list = await this.list;
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
    return { processes: reducer.snapshot(), replayed };
  }

  private async build(range: RangeQuery): Promise<Checkpoint[]> {
    const reducer = new StateReducer();
    const list: Checkpoint[] = [];
    let after: EventKey | null = null;
    let n = 0;
    for (;;) {
      const page = await range(Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER, { limit: 8192, after });
      for (const e of page.events as StoredEvent[]) {
        reducer.apply(e);
        if (++n % CHECKPOINT_EVENTS === 0) list.push({ key: { ts: e.timestamp, seq: Number(e.event_id) }, procs: reducer.snapshot() });
      }
      if (page.next === null) return list;
      after = page.next;
    }
  }
}
