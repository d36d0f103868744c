// The recorder's runtime: what instrumented code calls (src/instrument/probes.ts names the calls).
// Each probe writes one event into the ring buffer and returns the value it was given, so wrapping
// never changes a result; a probe never throws into the program. It keeps the call depth to know
// when a call stack starts (a new task: the flow is read there) and frames for each call.
import { PROBES } from '../../instrument/probes';
import { type Flow, type Flows, Root } from './flows';
import { type Frame, IGNORED } from './frame';
import { Kind, Ring, Tag } from './ring';
import { argsSize, isWellFormed, writeArgs } from './value-bytes';
import { JsonBytes, copyBytes, writeUtf8 } from './json-bytes';
import { SafeMap } from './safe';
import { type SnapshotLimits, writeArgList, writeSnapshot, writeString } from './snapshot';

/** Arguments kept one by one, up to this many (one bit each in a number); more go as one text. */
const MAX_KEPT_ARGS = 30;

/** A number JSON can say as it is (not NaN, an infinity or -0). */
const isJsonNumber = (v: number): boolean => Number.isFinite(v) && !Object.is(v, -0);

/** A value written out as it is, later: a number JSON has, a flag, undefined or null. */
function isPlain(v: unknown): boolean {
  switch (typeof v) {
    case 'number':
      return isJsonNumber(v);
    case 'boolean':
    case 'undefined':
      return true;
    default:
      return v === null;
  }
}

export interface RuntimeOptions {
  capacity: number;
  maxBytes: number;
  limits: SnapshotLimits;
  /** Nanoseconds from the recording's epoch to now (the clock). */
  now: () => number;
  /** Whether the ring may take another share as it fills (the process's budget: budget.ts); always, by default. */
  more?: () => boolean;
}

/** A registered file: its rewrite-cache key and where its node numbers start. */
export interface ModuleEntry {
  key: string;
  base: number;
  count: number;
}

export class Runtime {
  readonly ring: Ring;
  readonly modules: ModuleEntry[] = [];
  private readonly moduleBase = new SafeMap<string, number>();
  private nextBase = 0;
  /** Interned names of assigned variables. */
  readonly names: string[] = [];
  private readonly nameIndex = new SafeMap<string, number>();
  /** Per node number, its variable's name index + 1 (0: none yet): an assignment's name without a Map lookup. */
  private nodeNames = new Int32Array(1024);
  private depth = 0;
  private flow = 0;
  private calls = 0;
  private readonly limits: SnapshotLimits;
  private readonly now: () => number;
  /** Where a value's JSON is written before it is copied into the arena (its size is known then). */
  private readonly json = new JsonBytes();
  /**
   * In the recorder's own code, where it may call what the program replaced (a built-in it uses
   * that safe.ts does not keep, a getter of Node's), or writing the recording. A replacement that
   * is itself recorded code, called from a snapshot, would take a snapshot inside the snapshot
   * being written, which called it again, until the stack ran out: a call that starts there is not
   * recorded, nor a value or name that needs a snapshot or a lookup. Only those paths look at it:
   * a number assigned does not.
   */
  private inside = false;

  constructor(
    opts: RuntimeOptions,
    readonly flows: Flows,
  ) {
    this.ring = new Ring(opts.capacity, opts.maxBytes, opts.more);
    this.limits = opts.limits;
    this.now = opts.now;
  }

  /** The flow of the current stack: read from the async context at the root, kept while deeper. */
  private enterStack(): void {
    if (this.depth === 0) this.flow = this.rootFlow();
    this.depth++;
  }

  /**
   * The flow at the root of a call stack. A flow is announced by its first event, so roots that run
   * no recorded code (Node's own message ports, a timer that resolves a promise) leave nothing.
   */
  private rootFlow(): number {
    const flow = this.flows.current();
    if (!flow.announced) {
      flow.announced = true;
      this.flowStart(flow);
    }
    return flow.n;
  }

  /** A flow_start: the flow's detail as its value (a string, or null), its parent's number in `num`. */
  private flowStart(f: Flow): void {
    const d = f.detail;
    if (d === null) this.ring.push(this.now(), Kind.FlowStart, -1, f.n, 0, 0, Tag.Null, f.parent, 0);
    else if (this.keptAsIs(d) && 3 * d.length <= this.ring.maxValue) {
      const at = this.ring.reserve(3 * d.length);
      this.ring.push(this.now(), Kind.FlowStart, -1, f.n, 0, 0, Tag.String, f.parent, writeUtf8(this.ring.arena, at, d));
    } else {
      writeString(this.startJson(), d, this.limits.chars);
      this.putJson(Kind.FlowStart, -1, f.n, 0, 0, f.parent);
    }
  }

  private leaveStack(): void {
    if (this.depth > 0) this.depth--;
  }

  /** Writes an event with a value: a number or flag in the columns, anything else in the arena. */
  private put(kind: Kind, node: number, flow: number, call: number, aux: number, v: unknown): void {
    switch (typeof v) {
      case 'number':
        if (isJsonNumber(v)) {
          this.ring.push(this.now(), kind, node, flow, call, aux, Tag.Number, v, 0);
          return;
        }
        break;
      case 'boolean':
        this.ring.push(this.now(), kind, node, flow, call, aux, v ? Tag.True : Tag.False, 0, 0);
        return;
      case 'undefined':
        this.ring.push(this.now(), kind, node, flow, call, aux, Tag.Undefined, 0, 0);
        return;
      case 'string':
        // A short string goes in as it is; a long one is cut first, below (and one UTF-8 cannot
        // carry goes as JSON text).
        if (this.keptAsIs(v) && 3 * v.length <= this.ring.maxValue) {
          const at = this.ring.reserve(3 * v.length);
          this.ring.push(this.now(), kind, node, flow, call, aux, Tag.String, 0, writeUtf8(this.ring.arena, at, v));
          return;
        }
        break;
      case 'object':
        if (v === null) {
          this.ring.push(this.now(), kind, node, flow, call, aux, Tag.Null, 0, 0);
          return;
        }
    }
    // A string cut to the limit (or one UTF-8 cannot carry), or a snapshot: written as JSON first.
    if (this.inside) return;
    this.inside = true;
    try {
      if (typeof v === 'string') writeString(this.startJson(), v, this.limits.chars);
      else writeSnapshot(this.startJson(), v, this.limits, 0);
    } finally {
      this.inside = false;
    }
    this.putJson(kind, node, flow, call, aux);
  }

  /** A string that goes into the arena as it is: within the limit, and one UTF-8 carries exactly. */
  private keptAsIs(s: string): boolean {
    return s.length <= this.limits.chars && isWellFormed(s);
  }

  /** `json`, emptied for the JSON of the next value. */
  private startJson(): JsonBytes {
    this.json.p = 0;
    return this.json;
  }

  /** Writes an event whose value is the JSON just written into `json` (`num`: what the kind keeps there, see Ring). */
  private putJson(kind: Kind, node: number, flow: number, call: number, aux: number, num = 0): void {
    const json = this.json;
    if (json.p > this.ring.maxValue) {
      const bytes = json.p;
      json.p = 0;
      json.ascii(`{"$type":"too large","bytes":${bytes}}`);
    }
    const at = this.ring.reserve(json.p);
    this.ring.push(this.now(), kind, node, flow, call, aux, Tag.Json, num, copyBytes(json.buf, 0, json.p, this.ring.arena, at) - at);
  }

  /** Writes an event without a value. */
  private mark(kind: Kind, node: number, flow: number, call: number, aux: number): void {
    this.ring.push(this.now(), kind, node, flow, call, aux, Tag.None, 0, 0);
  }

  /**
   * The name of the variable an assignment node sets. A node passes the same literal every time,
   * so the index is kept by node number and checked (one comparison of the same string) rather
   * than looked up in a Map: with the ring counting its slot, 17.1-17.5M -> 18.6-18.8M events a
   * second into the ring.
   */
  private nameAt(node: number, name: string): number {
    const known = node < this.nodeNames.length ? this.nodeNames[node] - 1 : -1;
    return known >= 0 && this.names[known] === name ? known : this.learnName(node, name);
  }

  private learnName(node: number, name: string): number {
    const n = this.name(name);
    if (n < 0 || !(node >= 0 && node < 1 << 24)) return n;
    if (node >= this.nodeNames.length) {
      const grown = new Int32Array(Math.max(node + 1, this.nodeNames.length * 2));
      grown.set(this.nodeNames);
      this.nodeNames = grown;
    }
    this.nodeNames[node] = n + 1;
    return n;
  }

  /** A name's number; -1 inside the recorder's own code (the event is not recorded then). */
  private name(name: string): number {
    if (this.inside) return -1;
    this.inside = true;
    try {
      let n = this.nameIndex.get(name);
      if (n === undefined) {
        n = this.names.length;
        this.names[n] = name;
        this.nameIndex.set(name, n);
      }
      return n;
    } finally {
      this.inside = false;
    }
  }

  /**
   * A call's arguments (the count goes in `aux`): numbers, flags and short strings go into the
   * arena as they are; anything else has its snapshot written into `json` first, and where it ends
   * takes its place in the array the probe was given (the recorder's own), with bit k of `texts`
   * marking argument k as a snapshot.
   */
  private entry(node: number, args: unknown[]): Frame {
    if (this.inside) return IGNORED;
    this.enterStack();
    const frame: Frame = { id: ++this.calls, node, flow: this.flow, ret: undefined, retAt: -1, suspended: false };
    if (args.length === 0) this.mark(Kind.Entry, node, this.flow, frame.id, 0);
    else if (args.length > MAX_KEPT_ARGS) {
      writeArgList(this.startJson(), args, this.limits);
      this.putJson(Kind.Entry, node, this.flow, frame.id, args.length);
    } else {
      const json = this.startJson();
      const texts = this.argTexts(args, json);
      const most = argsSize(args, texts);
      if (most > this.ring.maxValue) {
        json.p = 0;
        json.ascii('[{"$type":"too large"}]');
        this.putJson(Kind.Entry, node, this.flow, frame.id, args.length);
      } else {
        const at = this.ring.reserve(most);
        const bytes = writeArgs(this.ring.arena, at, args, texts, json);
        this.ring.push(this.now(), Kind.Entry, node, this.flow, frame.id, args.length, Tag.Args, 0, bytes);
      }
    }
    return frame;
  }

  /**
   * Snapshots of the arguments not kept as they are: written into `json`, each replaced in `args`
   * by where its text ends; bit k of the result marks argument k as one.
   */
  private argTexts(args: unknown[], json: JsonBytes): number {
    let texts = 0;
    this.inside = true;
    try {
      for (let i = 0; i < args.length; i++) {
        const v = args[i];
        if (typeof v === 'string' ? !this.keptAsIs(v) : !isPlain(v)) {
          writeSnapshot(json, v, this.limits, 1);
          args[i] = json.p;
          texts |= 1 << i;
        }
      }
    } finally {
      // Also when the stack ran out here (a program recursing to its limit): recording goes on.
      this.inside = false;
    }
    return texts;
  }

  /** The probes, under the names instrumented code calls. */
  probes(): Record<string, unknown> {
    const p: Record<string, unknown> = {
      [PROBES.module]: (key: string, count: number) => this.register(key, count),
      [PROBES.enter[0]]: (node: number) => this.entry(node, []),
      [PROBES.enter[1]]: (node: number, a: unknown) => this.entry(node, [a]),
      [PROBES.enter[2]]: (node: number, a: unknown, b: unknown) => this.entry(node, [a, b]),
      [PROBES.enter[3]]: (node: number, a: unknown, b: unknown, c: unknown) => this.entry(node, [a, b, c]),
      [PROBES.enterMany]: (node: number, args: unknown[]) => this.entry(node, args),
      // A test runner calling a test or a hook (never the program calling it: that is not a root).
      [PROBES.testRoot]: (name: string) => {
        if (this.depth === 0) this.flows.enter(Root.Test, name);
      },
      [PROBES.ret]: (frame: Frame, node: number, value: unknown) => {
        frame.ret = value;
        frame.retAt = node;
        return value;
      },
      [PROBES.fail]: (frame: Frame, error: unknown) => {
        if (frame === IGNORED) return;
        this.resumeIfSuspended(frame);
        this.put(Kind.ExitThrew, frame.node, frame.flow, frame.id, -1, error);
        frame.retAt = -2; // exited by exception: `o` must not write a second exit
        this.leaveStack();
      },
      [PROBES.exit]: (frame: Frame) => {
        if (frame === IGNORED) return void (frame.ret = undefined);
        if (frame.retAt === -2) return;
        this.resumeIfSuspended(frame);
        if (frame.retAt >= 0) {
          this.put(Kind.Exit, frame.node, frame.flow, frame.id, frame.retAt, frame.ret);
        } else this.mark(Kind.Exit, frame.node, frame.flow, frame.id, -1);
        frame.ret = undefined;
        this.leaveStack();
      },
      [PROBES.assign]: (node: number, name: string, value: unknown) => {
        this.assigned(node, this.nameAt(node, name), value);
        return value;
      },
      [PROBES.update]: (node: number, name: string, result: unknown, now: unknown) => {
        this.assigned(node, this.nameAt(node, name), now);
        return result;
      },
      [PROBES.destructure]: (node: number, names: string[], result: unknown, ...values: unknown[]) => {
        for (let i = 0; i < names.length; i++) this.assigned(node, this.name(names[i]), values[i]);
        return result;
      },
      [PROBES.thrown]: (frame: Frame | null, node: number, error: unknown) => {
        const flow = this.depth === 0 ? this.rootFlow() : this.flow;
        this.put(Kind.Thrown, node, flow, frame?.id ?? 0, -1, error);
        return error;
      },
      [PROBES.suspend]: (frame: Frame | null, node: number, value: unknown) => {
        if (frame === null || frame === IGNORED) return value;
        this.mark(Kind.Suspend, node, frame.flow, frame.id, frame.node);
        frame.suspended = true;
        this.leaveStack();
        return value;
      },
      [PROBES.resume]: (frame: Frame | null, node: number, value: unknown) => {
        if (frame === null || frame === IGNORED) return value;
        this.resumeIfSuspended(frame);
        this.put(Kind.Resume, node, frame.flow, frame.id, frame.node, value);
        return value;
      },
    };
    return p;
  }

  private resumeIfSuspended(frame: Frame): void {
    if (!frame.suspended) return;
    frame.suspended = false;
    this.enterStack();
  }

  private assigned(node: number, name: number, value: unknown): void {
    if (name < 0) return; // a name met inside the recorder's own code (see `inside`)
    const flow = this.depth === 0 ? this.rootFlow() : this.flow;
    this.put(Kind.Assign, node, flow, 0, name, value);
  }

  private register(key: string, count: number): number {
    const known = this.moduleBase.get(key);
    if (known !== undefined) return known;
    const base = this.nextBase;
    this.nextBase += count;
    this.moduleBase.set(key, base);
    this.modules[this.modules.length] = { key, base, count };
    return base;
  }

  /** A request's flow answered with `status`: only a flow that recorded something (announced) says so. */
  flowEnd(f: Flow, status: number): void {
    if (f.announced) this.ring.push(this.now(), Kind.FlowEnd, -1, f.n, 0, 0, Tag.Number, status, 0);
  }

  /** No more events: the recording is being written (what the writing calls may be the program's: see `inside`). */
  stop(): void {
    this.inside = true;
    this.ring.tickAt = -Infinity;
    this.ring.onTick = () => true;
  }

  /** An exception nothing caught (or a rejection nothing handled), seen as the process goes down. */
  uncaught(error: unknown, origin: string): void {
    this.put(Kind.Uncaught, -1, this.flows.peek(), 0, origin === 'unhandledRejection' ? 1 : 0, error);
  }
}
