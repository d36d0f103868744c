// Every flow (correlation) of a session as a list a person can sort: when it started and ended, how
// many events it holds, and its first event (a recorded flow's flow_start says what started it: a
// request, a timer, a test). Made from the posting lists and the in-memory time columns without
// reading an event; only the page asked for reads its first events (one transaction).
import type { StoredEvent } from '../../src/event';
import type { BlockDirectory } from './directory';
import type { Position } from './page';
import { pointerBlock, pointerOffset, postingKey } from './postings';
import { readPositions } from './reader';
import { IdKind } from './schema';
import type { SessionState } from './state';

export type FlowSort = 'start' | 'duration' | 'events';

export interface FlowQuery {
  sort: FlowSort;
  descending: boolean;
  offset: number;
  limit: number;
  /** Only flows whose id contains this (`http`, `test`, a process id); empty for all. */
  match: string;
}

export interface FlowRow {
  correlation_id: string;
  start: number;
  end: number;
  events: number;
  /** The flow's earliest event; null if its block went meanwhile (evicted). */
  first: StoredEvent | null;
}

/** Every flow's figures, in the posting index's order. */
export interface FlowSummaries {
  ids: string[];
  start: Float64Array;
  end: Float64Array;
  events: Uint32Array;
  /** The pointer of each flow's earliest event. */
  first: Float64Array;
}

/** The figures of every flow with events in the directory's blocks. */
export function summarizeFlows(state: SessionState): FlowSummaries {
  const dir = state.dir;
  const ids: string[] = [];
  const start: number[] = [];
  const end: number[] = [];
  const events: number[] = [];
  const first: number[] = [];
  // Pointers of a list that ascends, in a session written in time order, are in time order: its
  // first and last pointers are its ends. Otherwise every pointer is looked at.
  const ordered = dir.inNumberOrder;
  for (const [key, pointers, ascending] of state.postings.heldInOrder(postingKey(IdKind.Correlation, ''))) {
    const n = pointers.length;
    if (n === 0) continue;
    let lo = pointers[0];
    let t0 = timeOf(dir, lo);
    let t1 = timeOf(dir, pointers[n - 1]);
    if (!(ordered && ascending)) {
      // The earliest event; of those at one time the first in the list, which is in arrival order.
      for (let i = 1; i < n; i++) {
        const p = pointers[i];
        const t = timeOf(dir, p);
        if (t < t0) {
          lo = p;
          t0 = t;
        }
        if (t > t1 || Number.isNaN(t1)) t1 = t;
      }
    }
    if (Number.isNaN(t0) || Number.isNaN(t1)) continue; // its blocks went (evicted) before the lists caught up
    ids.push(key.slice(2));
    start.push(t0);
    end.push(t1);
    events.push(n);
    first.push(lo);
  }
  return {
    ids,
    start: Float64Array.from(start),
    end: Float64Array.from(end),
    events: Uint32Array.from(events),
    first: Float64Array.from(first),
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
  private last: { sort: FlowSort; descending: boolean; match: string; order: Uint32Array } | null = null;

  constructor(readonly all: FlowSummaries) {}

  /** The flows of one page, in the order asked, with how many match in all. */
  async page(state: SessionState, q: FlowQuery): Promise<{ total: number; flows: FlowRow[] }> {
    const all = this.all;
    const order = this.ordered(q);
    const rows = Array.from(order.subarray(q.offset, q.offset + q.limit));
    const positions: Position[] = [];
    const at: number[] = [];
    rows.forEach((i, k) => {
      const block = state.dir.get(pointerBlock(all.first[i]));
      if (!block) return;
      positions.push({ block, i: pointerOffset(all.first[i]) });
      at.push(k);
    });
    const read = await readPositions(state.db, state.meta.id, positions, state.cache);
    const firsts: Array<StoredEvent | null> = rows.map(() => null);
    read.forEach((e, j) => (firsts[at[j]] = e ?? null));
    return {
      total: order.length,
      flows: rows.map((i, k) => ({
        correlation_id: all.ids[i],
        start: all.start[i],
        end: all.end[i],
        events: all.events[i],
        first: firsts[k],
      })),
    };
  }

  private ordered(q: FlowQuery): Uint32Array {
    const l = this.last;
    if (l && l.sort === q.sort && l.descending === q.descending && l.match === q.match) return l.order;
    const { ids, start, end, events } = this.all;
    const picked: number[] = [];
    for (let i = 0; i < ids.length; i++) if (q.match === '' || ids[i].includes(q.match)) picked.push(i);
    const sign = q.descending ? -1 : 1;
    const key = new Float64Array(ids.length);
    for (const i of picked) key[i] = sign * (q.sort === 'start' ? start[i] : q.sort === 'duration' ? end[i] - start[i] : events[i]);
    // Ties in the chosen figure go by start, then id: the same question gives the same order.
    const order = Uint32Array.from(picked).sort((a, b) => key[a] - key[b] || start[a] - start[b] || (ids[a] < ids[b] ? -1 : 1));
    this.last = { sort: q.sort, descending: q.descending, match: q.match, order };
    return order;
  }
}
