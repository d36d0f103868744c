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

/** The spans of one lane at one depth: the range [from, to) of the sorted columns, by start. */
interface Group {
  lane: number;
  depth: number;
  from: number;
  to: number;
}

/**
 * Every span, sorted by lane, depth and start, without lane or depth (their group has them): 32
 * bytes a span, 40 where spans of one group overlap. The builder's columns are dropped after.
 */
interface Sorted {
  start: Float64Array;
  end: Float64Array;
  /**
   * The largest end among the group's spans up to each one: every span before the first reach >= t
   * ends before t. Calls on one stack never overlap, so it is `end` itself unless spans of
   * concurrent traces share a group.
   */
  reach: Float64Array;
  name: Int32Array;
  node: Int32Array;
  seq: Float64Array;
}

/**
 * An index's spans as it holds them (sorted by lane, depth and start; `groups` as lane, depth,
 * from, to quadruples): what a store keeps, loaded back as the index's own columns, unsorted and
 * uncopied.
 */
export interface IndexedSpanColumns {
  groups: Int32Array;
  start: Float64Array;
  end: Float64Array;
  name: Int32Array;
  node: Int32Array;
  seq: Float64Array;
}

/** The names a span index's columns point into, with its per-node times. */
export interface SpanTables {
  lanes: string[];
  names: string[];
  nodes: string[];
  times: NodeTime[];
}

export class SpanIndex {
  private readonly groups: Group[] = [];
  private readonly laneDepths: number[];
  private readonly laneSpans: number[];
  private readonly cols: Sorted;

  /**
   * `cols` as one set of columns, or as parts read from storage: each part but the last holds the
   * same number of spans (span i is span i % size of part i / size). Parts are indexed where they
   * are, not joined first: at 10M events a session's 3.9M stored spans are 155 MB, and a joined copy
   * was that much more garbage in the store's Worker (left for V8 to collect 20-40 s later).
   */
  constructor(
    cols: SpanColumns | readonly SpanColumns[] | IndexedSpanColumns,
    readonly lanes: string[],
    private readonly names: string[],
    private readonly nodes: string[],
    readonly nodeTimes: NodeTime[],
  ) {
    if ('groups' in cols) {
      this.laneDepths = lanes.map(() => -1);
      this.laneSpans = lanes.map(() => 0);
      this.cols = { ...adopted(cols, lanes.length, this.groups), reach: new Float64Array(0) };
      for (const g of this.groups) {
        this.laneDepths[g.lane] = Math.max(this.laneDepths[g.lane], g.depth);
        this.laneSpans[g.lane] += g.to - g.from;
      }
      this.cols.reach = reachOf(this.groups, this.cols.end);
      return;
    }
    const parts = Array.isArray(cols) ? (cols as readonly SpanColumns[]) : [cols as SpanColumns];
    const size = parts.length > 0 ? parts[0].lane.length : 0;
    parts.forEach((p, k) => {
      if (k < parts.length - 1 ? p.lane.length !== size : p.lane.length > size)
        throw new RangeError(`span part ${k} holds ${p.lane.length} spans; every part but the last must hold ${size}`);
    });
    const n = parts.reduce((sum, p) => sum + p.lane.length, 0);
    this.laneDepths = lanes.map(() => -1);
    this.laneSpans = lanes.map(() => 0);
    for (const { lane, depth } of parts) {
      for (let i = 0; i < lane.length; i++) {
        this.laneDepths[lane[i]] = Math.max(this.laneDepths[lane[i]], depth[i]);
        this.laneSpans[lane[i]]++;
      }
    }
    // Group number of each span: groups in (lane, depth) order, counted, then placed (a counting sort).
    const firstGroup = new Int32Array(lanes.length + 1);
    for (let l = 0; l < lanes.length; l++) firstGroup[l + 1] = firstGroup[l] + this.laneDepths[l] + 1;
    const counts = new Int32Array(firstGroup[lanes.length] + 1);
    for (const { lane, depth } of parts) for (let i = 0; i < lane.length; i++) counts[firstGroup[lane[i]] + depth[i] + 1]++;
    for (let g = 1; g < counts.length; g++) counts[g] += counts[g - 1];
    const order = new Int32Array(n);
    const next = counts.slice(0, -1);
    parts.forEach(({ lane, depth }, k) => {
      for (let i = 0; i < lane.length; i++) order[next[firstGroup[lane[i]] + depth[i]]++] = k * size + i;
    });
    const startOf = (i: number) => parts[Math.floor(i / size)].start[i % size];
    for (let l = 0; l < lanes.length; l++) {
      for (let d = 0; d <= this.laneDepths[l]; d++) {
        const g = firstGroup[l] + d;
        const from = counts[g];
        const to = counts[g + 1];
        if (to === from) continue;
        sortByStart(order, from, to, startOf);
        this.groups.push({ lane: l, depth: d, from, to });
      }
    }
    const sorted: Sorted = {
      start: new Float64Array(n),
      end: new Float64Array(n),
      reach: new Float64Array(0),
      name: new Int32Array(n),
      node: new Int32Array(n),
      seq: new Float64Array(n),
    };
    for (let k = 0; k < n; k++) {
      const i = order[k];
      const part = parts[Math.floor(i / size)];
      const j = i % size;
      sorted.start[k] = part.start[j];
      sorted.end[k] = part.end[j];
      sorted.name[k] = part.name[j];
      sorted.node[k] = part.node[j];
      sorted.seq[k] = part.seq[j];
    }
    sorted.reach = reachOf(this.groups, sorted.end);
    this.cols = sorted;
  }

  get size(): number {
    return this.cols.start.length;
  }

  /** The spans as held (views, not copies), to store: the constructor takes them back as they are. */
  get indexed(): IndexedSpanColumns {
    const { start, end, name, node, seq } = this.cols;
    return { groups: Int32Array.from(this.groups.flatMap((g) => [g.lane, g.depth, g.from, g.to])), start, end, name, node, seq };
  }

  /** The tables the columns index, with the per-node times. */
  get tables(): SpanTables {
    return { lanes: this.lanes, names: this.names, nodes: this.nodes, times: this.nodeTimes };
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
    const { start, end, reach } = this.cols;
    for (let gi = 0; gi < this.groups.length && !(q.lane !== undefined && laneFilter < 0); gi++) {
      const g = this.groups[gi];
      if (g.depth > maxDepth || (laneFilter >= 0 && g.lane !== laneFilter)) continue;
      let i = firstAtLeast(reach, t0, g.from, g.to);
      while (i < g.to && start[i] <= t1) {
        if (end[i] < t0) {
          i++; // overlapped by a longer one before it, and over before the window
          continue;
        }
        if (end[i] - start[i] >= minWidth) {
          pick(gi, i, i);
          i++;
          continue;
        }
        // Narrow: merge everything that starts within minWidth of it, stopping before a wide one.
        let j = firstAbove(start, start[i] + minWidth, i + 1, g.to);
        if (j - 1 > i && end[j - 1] - start[j - 1] >= minWidth) j--;
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
    const { start, end, reach, name, node, seq } = this.cols;
    for (const g of this.groups) {
      if (g.lane !== no) continue;
      for (let i = firstAtLeast(reach, t, g.from, g.to); i < g.to && start[i] <= t; i++) {
        if (end[i] < t) continue;
        found.push({
          depth: g.depth,
          name: this.names[name[i]],
          node: node[i] < 0 ? null : this.nodes[node[i]],
          event: String(seq[i]),
          start: start[i],
          end: end[i],
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
    const { start, end, name, node, seq } = this.cols;
    for (let k = 0; k < n; k++) {
      const g = this.groups[picks[k * 3]];
      const first = picks[k * 3 + 1];
      const last = picks[k * 3 + 2];
      w.lane[k] = g.lane;
      w.depth[k] = g.depth;
      w.start[k] = start[first];
      w.end[k] = end[last];
      w.event[k] = seq[first];
      w.count[k] = last - first + 1;
      const nm = name[first];
      if (nameNo[nm] < 0) nameNo[nm] = w.names.push(this.names[nm]) - 1;
      w.name[k] = nameNo[nm];
      const nd = node[first];
      if (nd >= 0 && nodeNo[nd] < 0) nodeNo[nd] = w.nodes.push(this.nodes[nd]) - 1;
      w.node[k] = nd < 0 ? -1 : nodeNo[nd];
    }
    return w;
  }
}

/**
 * Columns held before, checked as they come back (from storage): equal lengths, groups that cover
 * every span in order, lanes the tables name. The groups go into `groups`.
 */
function adopted(cols: IndexedSpanColumns, lanes: number, groups: Group[]): Omit<Sorted, 'reach'> {
  const { start, end, name, node, seq } = cols;
  const n = start.length;
  const bad = (what: string) => new RangeError(`stored span index: ${what}`);
  if ([end, name, node, seq].some((c) => c.length !== n)) throw bad(`columns of unequal lengths (${n} starts)`);
  const g = cols.groups;
  if (g.length % 4 !== 0) throw bad(`${g.length} group numbers, not a multiple of 4`);
  let at = 0;
  for (let k = 0; k < g.length; k += 4) {
    const [lane, depth, from, to] = [g[k], g[k + 1], g[k + 2], g[k + 3]];
    if (lane < 0 || lane >= lanes || depth < 0 || from !== at || to <= from || to > n)
      throw bad(`group ${k / 4} (lane ${lane}, depth ${depth}, spans ${from}-${to}) out of place`);
    groups.push({ lane, depth, from, to });
    at = to;
  }
  if (at !== n) throw bad(`groups cover ${at} of ${n} spans`);
  return { start, end, name, node, seq };
}

/** Sorts order[from, to) by start (ties by span number); spans come mostly in order already. */
function sortByStart(order: Int32Array, from: number, to: number, start: (i: number) => number): void {
  let inOrder = true;
  for (let k = from + 1; k < to && inOrder; k++) {
    const a = order[k - 1];
    const b = order[k];
    inOrder = start(a) < start(b) || (start(a) === start(b) && a < b);
  }
  if (!inOrder) order.subarray(from, to).sort((a, b) => start(a) - start(b) || a - b);
}

/** Each group's running largest end; `end` itself (no copy) when no span of a group overlaps one before it. */
function reachOf(groups: Group[], end: Float64Array): Float64Array {
  const overlapping = groups.some((g) => {
    for (let i = g.from + 1; i < g.to; i++) if (end[i] < end[i - 1]) return true;
    return false;
  });
  if (!overlapping) return end;
  const reach = new Float64Array(end.length);
  for (const g of groups) {
    let far = Number.NEGATIVE_INFINITY;
    for (let i = g.from; i < g.to; i++) reach[i] = far = Math.max(far, end[i]);
  }
  return reach;
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
