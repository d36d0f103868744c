// Every flow (correlation) of a session as a list a person can sort: when it started and ended, how
// many events it holds, its first event (a recorded flow's flow_start says what started it: a
// request, a timer, a test) and its latest (a request's flow_end says how it was answered). Made
// from the posting lists and the in-memory time columns without reading an event; only the page
// asked for reads its first and latest events (one transaction).
import type { StoredEvent } from '../../src/event';
import type { FlowSort, FlowWire } from '../../src/rpc/contract';
import type { BlockDirectory } from './directory';
import type { Position } from './page';
import { pointerBlock, pointerOffset, postingKey } from './postings';
import { readPositions } from './reader';
import { IdKind } from './schema';
import type { SessionState } from './state';

export interface FlowQuery {
  sort: FlowSort;
  descending: boolean;
  offset: number;
  limit: number;
  /** Only flows whose id contains this (`http`, `test`, a process id); empty for all. */
  match: string;
}

/** A flow as the list gives it: the same as it crosses to the UI. */
export type FlowRow = FlowWire;

/** Every flow's figures, in the posting index's order. */
export interface FlowSummaries {
  ids: string[];
  start: Float64Array;
  end: Float64Array;
  events: Uint32Array;
  /** The pointers of each flow's earliest and latest events. */
  first: Float64Array;
  last: Float64Array;
}

/** The figures of every flow with events in the directory's blocks. */
export function summarizeFlows(state: SessionState): FlowSummaries {
  const dir = state.dir;
  const ids: string[] = [];
  const start: number[] = [];
  const end: number[] = [];
  const events: number[] = [];
  const first: number[] = [];
  const last: number[] = [];
  // Pointers of a list that ascends, in a session written in time order, are in time order: its
  // first and last pointers are its ends. Otherwise every pointer is looked at.
  const ordered = dir.inNumberOrder;
  for (const [key, pointers, ascending] of state.postings.heldInOrder(postingKey(IdKind.Correlation, ''))) {
    const n = pointers.length;
    if (n === 0) continue;
    let lo = pointers[0];
    let hi = pointers[n - 1];
    let t0 = timeOf(dir, lo);
    let t1 = timeOf(dir, hi);
    if (!(ordered && ascending)) {
      // The earliest and latest events; at one time, the first and the last to arrive (the list's order).
      hi = lo;
      t1 = t0;
      for (let i = 1; i < n; i++) {
        const p = pointers[i];
        const t = timeOf(dir, p);
        if (t < t0) {
          lo = p;
          t0 = t;
        }
        if (t >= t1) {
          hi = p;
          t1 = t;
        }
      }
    }
    if (Number.isNaN(t0) || Number.isNaN(t1)) continue; // its blocks went (evicted) before the lists caught up
    ids.push(key.slice(2));
    start.push(t0);
    end.push(t1);
    events.push(n);
    first.push(lo);
    last.push(hi);
  }
  return {
    ids,
    start: Float64Array.from(start),
    end: Float64Array.from(end),
    events: Uint32Array.from(events),
    first: Float64Array.from(first),
    last: Float64Array.from(last),
  };
}

function timeOf(dir: BlockDirectory, p: number): number {
  return dir.get(pointerBlock(p))?.ts[pointerOffset(p)] ?? NaN;
}

/**
 * A session's flows at one moment, answering pages in any order. The order last asked is kept:
 * paging on (or showing more) sorts nothing again, which at ~720k flows (10M events) took 0.1-0.3 s.
 */
export class FlowList {
  private asked: { sort: FlowSort; descending: boolean; match: string; order: Uint32Array } | null = null;

  constructor(readonly all: FlowSummaries) {}

  /** The flows of one page, in the order asked, with how many match in all. */
  async page(state: SessionState, q: FlowQuery): Promise<{ total: number; flows: FlowRow[] }> {
    const all = this.all;
    const order = this.ordered(q);
    const rows = Array.from(order.subarray(q.offset, q.offset + q.limit));
    // Each row's first and latest events, in one read: read[2k] and read[2k + 1].
    const pointers = rows.flatMap((i) => [all.first[i], all.last[i]]);
    const positions: Position[] = [];
    const at: number[] = [];
    pointers.forEach((p, j) => {
      const block = state.dir.get(pointerBlock(p));
      if (!block) return;
      positions.push({ block, i: pointerOffset(p) });
      at.push(j);
    });
    const events: Array<StoredEvent | null> = pointers.map(() => null);
    (await readPositions(state.db, state.meta.id, positions, state.cache)).forEach((e, j) => (events[at[j]] = e ?? null));
    return {
      total: order.length,
      flows: rows.map((i, k) => ({
        correlation_id: all.ids[i],
        start: all.start[i],
        end: all.end[i],
        events: all.events[i],
        first: events[2 * k],
        last: events[2 * k + 1],
      })),
    };
  }

  private ordered(q: FlowQuery): Uint32Array {
    const l = this.asked;
    if (l && l.sort === q.sort && l.descending === q.descending && l.match === q.match) return l.order;
    const { ids, start, end, events } = this.all;
    const picked: number[] = [];
    for (let i = 0; i < ids.length; i++) if (q.match === '' || ids[i].includes(q.match)) picked.push(i);
    const sign = q.descending ? -1 : 1;
    const key = new Float64Array(ids.length);
    for (const i of picked) key[i] = sign * (q.sort === 'start' ? start[i] : q.sort === 'duration' ? end[i] - start[i] : events[i]);
    // Ties in the chosen figure go by start, then id: the same question gives the same order.
    const order = Uint32Array.from(picked).sort((a, b) => key[a] - key[b] || start[a] - start[b] || (ids[a] < ids[b] ? -1 : 1));
    this.asked = { sort: q.sort, descending: q.descending, match: q.match, order };
    return order;
  }
}
