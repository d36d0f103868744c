// Calls as spans: what was on each thread's stack, when. Built in one pass over a session's events in
// time order (the store does it once per session, not per frame) from every recording's way of
// saying "a call began / ended": function_entry/exit pairs (Cinema's calls matched by number,
// Chrome's X and B/E slices, OpenTelemetry spans matched by span id). A call suspended at an await
// or a yield leaves the stack, so a span is one stretch of the call on the CPU, as a profiler's flame
// chart shows it; the next stretch starts where it resumes. Per AST node the builder also sums what
// profilers call the bottom-up table: calls, total time (on the stack) and self time (total minus
// the time of the calls it made).
import type { StoredEvent } from '../event';
import { threadOfData } from './state';
import { type NodeTime, SpanIndex, type SpanColumns } from './span-index';

/** Every span of a session with the tables its columns index, as the builder ends. */
export interface SpanData {
  columns: SpanColumns;
  lanes: string[];
  names: string[];
  nodes: string[];
  times: NodeTime[];
}

/** The same with the columns in parts, as a store reads them back (see SpanIndex's constructor). */
export interface SpanParts extends Omit<SpanData, 'columns'> {
  parts: readonly SpanColumns[];
}

/** The index of finished spans (sorting them by lane, depth and start). */
export function spanIndexOf(d: SpanData | SpanParts): SpanIndex {
  return new SpanIndex('parts' in d ? d.parts : d.columns, d.lanes, d.names, d.nodes, d.times);
}

/** A typed array that grows as values are pushed. */
class Column<A extends Int32Array | Float64Array> {
  private a: A;
  private n = 0;

  constructor(private readonly Kind: { new (n: number): A }) {
    this.a = new Kind(1024);
  }

  push(v: number): void {
    if (this.n === this.a.length) {
      const grown = new this.Kind(this.a.length * 2);
      grown.set(this.a);
      this.a = grown;
    }
    this.a[this.n++] = v;
  }

  /** The values pushed (a view: the index copies what it keeps). */
  values(): A {
    return this.a.subarray(0, this.n) as A;
  }
}

/** A call open on a lane's stack (or parked while suspended). */
interface Open {
  start: number;
  depth: number;
  name: number;
  node: number;
  seq: number;
  call: number | null;
  span: string | null;
  /** A span's open parent (spans are closed by id, not by stack order). */
  parent: Open | null;
  /** Time spent in calls it made, during the current stretch. */
  inner: number;
}

interface Lane {
  stack: Open[];
  parked: Open[];
}

function typeOf(data: Record<string, unknown>): string | undefined {
  const t = data.type ?? data.event_type;
  return typeof t === 'string' ? t : undefined;
}

/** Collects spans from events applied in time order; `finish` turns them into an index. */
export class SpanBuilder {
  private readonly lanes = new Map<string, Lane>();
  private readonly laneNames: string[] = [];
  private readonly laneNo = new Map<string, number>();
  private readonly names: string[] = [];
  private readonly nameNo = new Map<string, number>();
  private readonly nodes: string[] = [];
  private readonly nodeNo = new Map<string, number>();
  private readonly times: Array<{ calls: number; total: number; self: number }> = [];
  /** The spans so far, in the order they ended (typed columns: 40 bytes a span, not an object). */
  private readonly cols = {
    lane: new Column(Int32Array),
    depth: new Column(Int32Array),
    start: new Column(Float64Array),
    end: new Column(Float64Array),
    name: new Column(Int32Array),
    node: new Column(Int32Array),
    seq: new Column(Float64Array),
  };
  private last = Number.MIN_SAFE_INTEGER;

  apply(e: StoredEvent): void {
    const data = e.data !== null && typeof e.data === 'object' ? (e.data as Record<string, unknown>) : null;
    if (!data) return;
    const type = typeOf(data);
    if (type === undefined) return;
    this.last = e.timestamp;
    switch (type) {
      case 'function_entry':
        return this.enter(e, data);
      case 'function_exit':
        return this.exit(e.timestamp, data);
      case 'await_suspend':
      case 'generator_yield':
        return this.suspend(e.timestamp, data);
      case 'await_resume':
      case 'generator_resume':
        return this.resume(e.timestamp, data);
    }
  }

  /** The index of every span; calls still open end at `end` (the session's last event by default). */
  finish(end = this.last): SpanIndex {
    return spanIndexOf(this.finishData(end));
  }

  /** The same as data, before it is indexed: what a store keeps of a session (see spanIndexOf). */
  finishData(end = this.last): SpanData {
    for (const [name, lane] of this.lanes) {
      const no = this.laneNo.get(name)!;
      while (lane.stack.length > 0) {
        const top = lane.stack.pop()!;
        this.record(no, top, Math.max(end, top.start));
      }
    }
    const c = this.cols;
    const columns: SpanColumns = {
      lane: c.lane.values(),
      depth: c.depth.values(),
      start: c.start.values(),
      end: c.end.values(),
      name: c.name.values(),
      node: c.node.values(),
      seq: c.seq.values(),
    };
    const times: NodeTime[] = this.times.map((t, i) => ({ ast_node_id: this.nodes[i], ...t }));
    return { columns, lanes: this.laneNames, names: this.names, nodes: this.nodes, times };
  }

  private lane(data: Record<string, unknown>): [number, Lane] {
    const name = threadOfData(data);
    let lane = this.lanes.get(name);
    if (!lane) {
      lane = { stack: [], parked: [] };
      this.lanes.set(name, lane);
      this.laneNo.set(name, this.laneNames.length);
      this.laneNames.push(name);
    }
    return [this.laneNo.get(name)!, lane];
  }

  private intern(table: string[], index: Map<string, number>, s: string): number {
    let n = index.get(s);
    if (n === undefined) {
      n = table.length;
      table.push(s);
      index.set(s, n);
    }
    return n;
  }

  private enter(e: StoredEvent, data: Record<string, unknown>): void {
    const [, lane] = this.lane(data);
    const label = typeof data.function === 'string' ? data.function : typeof data.name === 'string' ? data.name : (e.ast_node_id ?? '?');
    const node = e.ast_node_id === null ? -1 : this.intern(this.nodes, this.nodeNo, e.ast_node_id);
    if (node >= 0) {
      if (node === this.times.length) this.times.push({ calls: 0, total: 0, self: 0 });
      this.times[node].calls++;
    }
    // A span names its parent; concurrent traces interleave on one service, so its depth is its
    // parent's plus one, not its place on the stack.
    const span = typeof data.span_id === 'string' ? data.span_id : null;
    const parentId = typeof data.parent_span_id === 'string' ? data.parent_span_id : null;
    const parent = span === null ? undefined : parentId === null ? null : lane.stack.find((o) => o.span === parentId);
    lane.stack.push({
      start: e.timestamp,
      depth: parent === undefined ? lane.stack.length : parent === null ? 0 : parent.depth + 1,
      name: this.intern(this.names, this.nameNo, label),
      node,
      seq: Number(e.event_id),
      call: typeof data.call === 'number' ? data.call : null,
      span,
      parent: parent ?? null,
      inner: 0,
    });
  }

  /** Where the call this event ends or suspends is on the stack, nearest the top; -1 when it is not. */
  private find(stack: Open[], data: Record<string, unknown>): number {
    const call = typeof data.call === 'number' ? data.call : null;
    const span = typeof data.span_id === 'string' ? data.span_id : null;
    const name = typeof data.function === 'string' ? data.function : typeof data.name === 'string' ? data.name : null;
    for (let i = stack.length - 1; i >= 0; i--) {
      const o = stack[i];
      if (call !== null ? o.call === call : span !== null ? o.span === span : name === null || this.names[o.name] === name) return i;
    }
    return -1;
  }

  private exit(t: number, data: Record<string, unknown>): void {
    const [no, lane] = this.lane(data);
    const at = this.find(lane.stack, data);
    if (at >= 0 && lane.stack[at].span !== null) {
      this.record(no, lane.stack.splice(at, 1)[0], t);
      return;
    }
    if (at >= 0) {
      this.close(no, lane.stack, at, t);
      return;
    }
    // A call that ends while suspended (a generator closed, a promise never resumed) has no stretch left.
    const call = typeof data.call === 'number' ? data.call : null;
    const parked = call === null ? -1 : lane.parked.findIndex((o) => o.call === call);
    if (parked >= 0) lane.parked.splice(parked, 1);
  }

  /** Ends the stretch of stack[at] at t, and of every call above it (they cannot outlive it on one stack). */
  private close(lane: number, stack: Open[], at: number, t: number): Open {
    while (stack.length - 1 > at) this.close(lane, stack, stack.length - 1, t);
    const o = stack.pop()!;
    this.record(lane, o, t);
    return o;
  }

  /** Adds the stretch of `o` ending at t to the columns and the node's times. */
  private record(lane: number, o: Open, t: number): void {
    const total = Math.max(0, t - o.start);
    const c = this.cols;
    c.lane.push(lane);
    c.depth.push(o.depth);
    c.start.push(o.start);
    c.end.push(o.start + total);
    c.name.push(o.name);
    c.node.push(o.node);
    c.seq.push(o.seq);
    if (o.node >= 0) {
      this.times[o.node].total += total;
      this.times[o.node].self += Math.max(0, total - o.inner);
    }
    const below = this.lanes.get(this.laneNames[lane])!.stack;
    const parent = o.span !== null ? o.parent : below.length > 0 ? below[below.length - 1] : null;
    if (parent) parent.inner += total;
  }

  private suspend(t: number, data: Record<string, unknown>): void {
    if (typeof data.call !== 'number') return;
    const [no, lane] = this.lane(data);
    const at = this.find(lane.stack, data);
    if (at < 0) return;
    const o = this.close(no, lane.stack, at, t);
    lane.parked.push({ ...o, inner: 0 });
  }

  private resume(t: number, data: Record<string, unknown>): void {
    if (typeof data.call !== 'number') return;
    const [, lane] = this.lane(data);
    const at = lane.parked.findIndex((o) => o.call === data.call);
    if (at < 0) return;
    const [o] = lane.parked.splice(at, 1);
    lane.stack.push({ ...o, start: t, depth: lane.stack.length, inner: 0 });
  }
}

/** The spans of events already in time order (a whole session read from the store). */
export function spansOf(events: Iterable<StoredEvent>): SpanIndex {
  const b = new SpanBuilder();
  for (const e of events) b.apply(e);
  return b.finish();
}
