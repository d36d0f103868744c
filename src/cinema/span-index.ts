// Answers "which spans overlap [t0, t1], down to depth D, with those narrower than w merged" without
// looking at every span: spans are grouped by lane and depth and sorted by start, beside the
// furthest end reached so far (calls on one stack never overlap, so that is each span's own end;
// spans of concurrent traces may), and a binary search on it finds where the window begins. Below the merge width a run of narrow spans is jumped over with one more
// search, so a whole-session window costs about a few searches per pixel and level, whatever the
// session's size (speedscope and Perfetto merge sub-pixel slices the same way).
import type { NodeTime } from './spans';

/** Every span, one entry per column; `seq` is the entry event's number (its event id). */
export interface SpanColumns {
  lane: Int32Array;
  depth: Int32Array;
  start: Float64Array;
  end: Float64Array;
  name: Int32Array;
  node: Int32Array;
  seq: Float64Array;
}

export interface SpanQuery {
  /** Deepest level returned (0: only the outermost calls). Default: all. */
  maxDepth?: number;
  /** Spans narrower than this (in the session's time unit) are merged with their neighbours. Default 0. */
  minWidth?: number;
  /** Only this lane (its name, as lanes lists it). */
  lane?: string;
}

/**
 * Spans as the flame chart draws them. `count` is 1 for a span and the number merged for a merged
 * block (drawn as one, named by its first span); `event` is the entry event's id, `node` and `name`
 * index the tables sent beside them.
 */
export interface SpansWire {
  lanes: string[];
  names: string[];
  nodes: string[];
  /** The deepest level of each lane in the whole session. */
  laneDepths: number[];
  lane: Int32Array;
  depth: Int32Array;
  start: Float64Array;
  end: Float64Array;
  name: Int32Array;
  node: Int32Array;
  event: Float64Array;
  count: Int32Array;
}

/** The spans of one lane at one depth, by start. */
interface Group {
  lane: number;
  depth: number;
  /** Span numbers (into the columns), by start. */
  order: Int32Array;
  start: Float64Array;
  end: Float64Array;
  /** The largest end among spans 0..i: every span before the first reach >= t ends before t. */
  reach: Float64Array;
}

export class SpanIndex {
  private readonly groups: Group[] = [];
  private readonly laneDepths: number[];

  constructor(
    private readonly cols: SpanColumns,
    readonly lanes: string[],
    private readonly names: string[],
    private readonly nodes: string[],
    readonly nodeTimes: NodeTime[],
  ) {
    const { lane, depth, start } = cols;
    const n = lane.length;
    // Counting sort by (lane, depth), then each group by start.
    this.laneDepths = lanes.map(() => -1);
    for (let i = 0; i < n; i++) this.laneDepths[lane[i]] = Math.max(this.laneDepths[lane[i]], depth[i]);
    const key = (i: number) => `${lane[i]}:${depth[i]}`;
    const members = new Map<string, number[]>();
    for (let i = 0; i < n; i++) {
      const k = key(i);
      const list = members.get(k);
      if (list) list.push(i);
      else members.set(k, [i]);
    }
    for (const list of members.values()) {
      list.sort((a, b) => start[a] - start[b] || a - b);
      const order = Int32Array.from(list);
      const reach = new Float64Array(list.length);
      let far = Number.NEGATIVE_INFINITY;
      list.forEach((s, k) => (reach[k] = far = Math.max(far, cols.end[s])));
      this.groups.push({
        reach,
        lane: lane[list[0]],
        depth: depth[list[0]],
        order,
        start: Float64Array.from(list, (i) => start[i]),
        end: Float64Array.from(list, (i) => cols.end[i]),
      });
    }
    this.groups.sort((a, b) => a.lane - b.lane || a.depth - b.depth);
  }

  get size(): number {
    return this.cols.lane.length;
  }

  /** Spans overlapping [t0, t1] (both ends included), shallowest first within each lane. */
  query(t0: number, t1: number, q: SpanQuery = {}): SpansWire {
    const maxDepth = q.maxDepth ?? Number.MAX_SAFE_INTEGER;
    const minWidth = Math.max(0, q.minWidth ?? 0);
    const laneFilter = q.lane === undefined ? -1 : this.lanes.indexOf(q.lane);
    const out = { lane: [] as number[], depth: [] as number[], start: [] as number[], end: [] as number[], name: [] as number[], node: [] as number[], event: [] as number[], count: [] as number[] };
    const emit = (g: Group, first: number, last: number) => {
      const s = g.order[first];
      out.lane.push(g.lane);
      out.depth.push(g.depth);
      out.start.push(g.start[first]);
      out.end.push(g.end[last]);
      out.name.push(this.cols.name[s]);
      out.node.push(this.cols.node[s]);
      out.event.push(this.cols.seq[s]);
      out.count.push(last - first + 1);
    };
    if (q.lane !== undefined && laneFilter < 0) return this.wire(out);
    for (const g of this.groups) {
      if (g.depth > maxDepth || (laneFilter >= 0 && g.lane !== laneFilter)) continue;
      const n = g.order.length;
      let i = firstAtLeast(g.reach, t0, 0, n);
      while (i < n && g.start[i] <= t1) {
        if (g.end[i] < t0) {
          i++; // overlapped by a longer one before it, and over before the window
          continue;
        }
        if (g.end[i] - g.start[i] >= minWidth) {
          emit(g, i, i);
          i++;
          continue;
        }
        // Narrow: merge everything that starts within minWidth of it, stopping before a wide one.
        let j = firstAbove(g.start, g.start[i] + minWidth, i + 1, n);
        if (j - 1 > i && g.end[j - 1] - g.start[j - 1] >= minWidth) j--;
        emit(g, i, j - 1);
        i = j;
      }
    }
    return this.wire(out);
  }

  /** The spans containing t in a lane, outermost first (the calls on its stack then). */
  openAt(t: number, lane: string): Array<{ name: string; node: string | null; event: string; start: number; end: number }> {
    const no = this.lanes.indexOf(lane);
    const found: Array<{ depth: number; name: string; node: string | null; event: string; start: number; end: number }> = [];
    for (const g of this.groups) {
      if (g.lane !== no) continue;
      for (let i = firstAtLeast(g.reach, t, 0, g.order.length); i < g.order.length && g.start[i] <= t; i++) {
        if (g.end[i] < t) continue;
        const s = g.order[i];
        const node = this.cols.node[s];
        found.push({ depth: g.depth, name: this.names[this.cols.name[s]], node: node < 0 ? null : this.nodes[node], event: String(this.cols.seq[s]), start: g.start[i], end: g.end[i] });
      }
    }
    return found.sort((a, b) => a.depth - b.depth).map(({ depth: _d, ...rest }) => rest);
  }

  private wire(out: Record<'lane' | 'depth' | 'start' | 'end' | 'name' | 'node' | 'event' | 'count', number[]>): SpansWire {
    // Only the names and nodes this answer uses travel, renumbered.
    const names = new Map<number, number>();
    const nodes = new Map<number, number>();
    const renumber = (m: Map<number, number>, v: number) => (v < 0 ? -1 : (m.get(v) ?? m.set(v, m.size).get(v)!));
    const name = Int32Array.from(out.name, (v) => renumber(names, v));
    const node = Int32Array.from(out.node, (v) => renumber(nodes, v));
    return {
      lanes: this.lanes,
      names: [...names.keys()].map((k) => this.names[k]),
      nodes: [...nodes.keys()].map((k) => this.nodes[k]),
      laneDepths: this.laneDepths,
      lane: Int32Array.from(out.lane),
      depth: Int32Array.from(out.depth),
      start: Float64Array.from(out.start),
      end: Float64Array.from(out.end),
      name,
      node,
      event: Float64Array.from(out.event),
      count: Int32Array.from(out.count),
    };
  }
}

/** The first index in [lo, hi) whose value is >= x (hi when none). */
function firstAtLeast(a: Float64Array, x: number, lo: number, hi: number): number {
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The first index in [lo, hi) whose value is > x (hi when none). */
function firstAbove(a: Float64Array, x: number, lo: number, hi: number): number {
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid] <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
