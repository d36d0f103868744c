// Answers "which spans overlap [t0, t1], down to depth D, with those narrower than w merged" without
// looking at every span: spans are grouped by lane and depth and sorted by start, beside the
// furthest end reached so far (calls on one stack never overlap, so that is each span's own end;
// spans of concurrent traces may), and a binary search on it finds where the window begins. Below the merge width a run of narrow spans is jumped over with one more
// search, so a whole-session window costs about a few searches per pixel and level, whatever the
// session's size (speedscope and Perfetto merge sub-pixel slices the same way).

/** Per AST node: calls entered, time on the stack, and that time less its callees'. */
export interface NodeTime {
  ast_node_id: string;
  calls: number;
  total: number;
  self: number;
}

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
  /** The deepest level of each lane in the whole session, and how many spans it has. */
  laneDepths: number[];
  laneSpans: number[];
  lane: Int32Array;
  depth: Int32Array;
  start: Float64Array;
  end: Float64Array;
  name: Int32Array;
  node: Int32Array;
  event: Float64Array;
  count: Int32Array;
}

/** A span containing a moment: a call on the lane's stack then. */
export interface OpenSpan {
  name: string;
  node: string | null;
  /** The entry event's id. */
  event: string;
  start: number;
  end: number;
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
  private readonly laneSpans: number[];

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
    this.laneSpans = lanes.map(() => 0);
    for (let i = 0; i < n; i++) {
      this.laneDepths[lane[i]] = Math.max(this.laneDepths[lane[i]], depth[i]);
      this.laneSpans[lane[i]]++;
    }
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
    // What to send, as (group, first, last) triples; the columns are filled once the count is known.
    let picks = new Int32Array(3 * 1024);
    let n = 0;
    const pick = (g: number, first: number, last: number) => {
      if (n * 3 + 3 > picks.length) {
        const grown = new Int32Array(picks.length * 2);
        grown.set(picks);
        picks = grown;
      }
      picks[n * 3] = g;
      picks[n * 3 + 1] = first;
      picks[n * 3 + 2] = last;
      n++;
    };
    for (let gi = 0; gi < this.groups.length && !(q.lane !== undefined && laneFilter < 0); gi++) {
      const g = this.groups[gi];
      if (g.depth > maxDepth || (laneFilter >= 0 && g.lane !== laneFilter)) continue;
      const size = g.order.length;
      let i = firstAtLeast(g.reach, t0, 0, size);
      while (i < size && g.start[i] <= t1) {
        if (g.end[i] < t0) {
          i++; // overlapped by a longer one before it, and over before the window
          continue;
        }
        if (g.end[i] - g.start[i] >= minWidth) {
          pick(gi, i, i);
          i++;
          continue;
        }
        // Narrow: merge everything that starts within minWidth of it, stopping before a wide one.
        let j = firstAbove(g.start, g.start[i] + minWidth, i + 1, size);
        if (j - 1 > i && g.end[j - 1] - g.start[j - 1] >= minWidth) j--;
        pick(gi, i, j - 1);
        i = j;
      }
    }
    return this.wire(picks, n);
  }

  /** The spans containing t in a lane, outermost first (the calls on its stack then). */
  openAt(t: number, lane: string): OpenSpan[] {
    const no = this.lanes.indexOf(lane);
    const found: Array<OpenSpan & { depth: number }> = [];
    for (const g of this.groups) {
      if (g.lane !== no) continue;
      for (let i = firstAtLeast(g.reach, t, 0, g.order.length); i < g.order.length && g.start[i] <= t; i++) {
        if (g.end[i] < t) continue;
        const s = g.order[i];
        const node = this.cols.node[s];
        found.push({
          depth: g.depth,
          name: this.names[this.cols.name[s]],
          node: node < 0 ? null : this.nodes[node],
          event: String(this.cols.seq[s]),
          start: g.start[i],
          end: g.end[i],
        });
      }
    }
    return found.sort((a, b) => a.depth - b.depth).map(({ depth: _d, ...rest }) => rest);
  }

  private wire(picks: Int32Array, n: number): SpansWire {
    const w: SpansWire = {
      lanes: this.lanes,
      names: [],
      nodes: [],
      laneDepths: this.laneDepths,
      laneSpans: this.laneSpans,
      lane: new Int32Array(n),
      depth: new Int32Array(n),
      start: new Float64Array(n),
      end: new Float64Array(n),
      name: new Int32Array(n),
      node: new Int32Array(n),
      event: new Float64Array(n),
      count: new Int32Array(n),
    };
    // Only the names and nodes this answer uses travel, renumbered in order of use.
    const nameNo = new Int32Array(this.names.length).fill(-1);
    const nodeNo = new Int32Array(this.nodes.length).fill(-1);
    const { name, node, seq } = this.cols;
    for (let k = 0; k < n; k++) {
      const g = this.groups[picks[k * 3]];
      const first = picks[k * 3 + 1];
      const last = picks[k * 3 + 2];
      const s = g.order[first];
      w.lane[k] = g.lane;
      w.depth[k] = g.depth;
      w.start[k] = g.start[first];
      w.end[k] = g.end[last];
      w.event[k] = seq[s];
      w.count[k] = last - first + 1;
      const nm = name[s];
      if (nameNo[nm] < 0) nameNo[nm] = w.names.push(this.names[nm]) - 1;
      w.name[k] = nameNo[nm];
      const nd = node[s];
      if (nd >= 0 && nodeNo[nd] < 0) nodeNo[nd] = w.nodes.push(this.nodes[nd]) - 1;
      w.node[k] = nd < 0 ? -1 : nodeNo[nd];
    }
    return w;
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
