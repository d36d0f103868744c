// The recorder's runtime: what instrumented code calls (src/instrument/probes.ts names the calls).
// Each probe writes one event into the ring buffer and returns the value it was given, so wrapping
// never changes a result; a probe never throws into the program. It keeps the call depth to know
// when a call stack starts (a new task: the flow is read there) and frames for each call.
import { PROBES } from '../../instrument/probes';
import type { Flows } from './flows';
import { Kind, Ring } from './ring';
import { type SnapshotLimits, lastSize, snapshot } from './snapshot';

/** One running call. */
export interface Frame {
  id: number;
  node: number;
  flow: number;
  /** The value of the return statement that ended it, and that statement's node. */
  ret: unknown;
  retAt: number;
  /** Suspended at an await or yield: not on the stack until it resumes. */
  suspended: boolean;
}

export interface RuntimeOptions {
  capacity: number;
  maxBytes: number;
  limits: SnapshotLimits;
  /** Nanoseconds from the recording's epoch to now (the clock). */
  now: () => number;
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
  private readonly moduleBase = new Map<string, number>();
  private nextBase = 0;
  /** Interned names of assigned variables. */
  readonly names: string[] = [];
  private readonly nameIndex = new Map<string, number>();
  private depth = 0;
  private flow = 0;
  private calls = 0;
  private readonly limits: SnapshotLimits;
  private readonly now: () => number;

  constructor(
    opts: RuntimeOptions,
    readonly flows: Flows,
  ) {
    this.ring = new Ring(opts.capacity, opts.maxBytes);
    this.limits = opts.limits;
    this.now = opts.now;
  }

  /** Flows that have had an event (a flow_start goes before its first). */
  private announced = new Set<number>();

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
    if (!this.announced.has(flow)) {
      this.announced.add(flow);
      this.ring.push(this.now(), Kind.FlowStart, -1, flow, 0, flow, undefined, 0);
    }
    return flow;
  }

  private leaveStack(): void {
    if (this.depth > 0) this.depth--;
  }

  private value(v: unknown): unknown {
    return snapshot(v, this.limits);
  }

  private name(name: string): number {
    let n = this.nameIndex.get(name);
    if (n === undefined) {
      n = this.names.length;
      this.names.push(name);
      this.nameIndex.set(name, n);
    }
    return n;
  }

  private entry(node: number, args: unknown[]): Frame {
    this.enterStack();
    const frame: Frame = { id: ++this.calls, node, flow: this.flow, ret: undefined, retAt: -1, suspended: false };
    let bytes = 0;
    const values = new Array(args.length);
    for (let i = 0; i < args.length; i++) {
      values[i] = this.value(args[i]);
      bytes += lastSize;
    }
    this.ring.push(this.now(), Kind.Entry, node, this.flow, frame.id, args.length, values, bytes);
    return frame;
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
      [PROBES.ret]: (frame: Frame, node: number, value: unknown) => {
        frame.ret = value;
        frame.retAt = node;
        return value;
      },
      [PROBES.fail]: (frame: Frame, error: unknown) => {
        this.resumeIfSuspended(frame);
        const v = this.value(error);
        this.ring.push(this.now(), Kind.ExitThrew, frame.node, frame.flow, frame.id, -1, v, lastSize);
        frame.retAt = -2; // exited by exception: `o` must not write a second exit
        this.leaveStack();
      },
      [PROBES.exit]: (frame: Frame) => {
        if (frame.retAt === -2) return;
        this.resumeIfSuspended(frame);
        const v = frame.retAt >= 0 ? this.value(frame.ret) : undefined;
        this.ring.push(this.now(), Kind.Exit, frame.node, frame.flow, frame.id, frame.retAt, v, frame.retAt >= 0 ? lastSize : 0);
        frame.ret = undefined;
        this.leaveStack();
      },
      [PROBES.assign]: (node: number, name: string, value: unknown) => {
        this.assigned(node, name, value);
        return value;
      },
      [PROBES.update]: (node: number, name: string, result: unknown, now: unknown) => {
        this.assigned(node, name, now);
        return result;
      },
      [PROBES.destructure]: (node: number, names: string[], result: unknown, ...values: unknown[]) => {
        for (let i = 0; i < names.length; i++) this.assigned(node, names[i], values[i]);
        return result;
      },
      [PROBES.thrown]: (frame: Frame | null, node: number, error: unknown) => {
        const flow = this.depth === 0 ? this.rootFlow() : this.flow;
        const v = this.value(error);
        this.ring.push(this.now(), Kind.Thrown, node, flow, frame?.id ?? 0, -1, v, lastSize);
        return error;
      },
      [PROBES.suspend]: (frame: Frame | null, node: number, value: unknown) => {
        if (frame === null) return value;
        this.ring.push(this.now(), Kind.Suspend, node, frame.flow, frame.id, frame.node, undefined, 0);
        frame.suspended = true;
        this.leaveStack();
        return value;
      },
      [PROBES.resume]: (frame: Frame | null, node: number, value: unknown) => {
        if (frame === null) return value;
        this.resumeIfSuspended(frame);
        const v = this.value(value);
        this.ring.push(this.now(), Kind.Resume, node, frame.flow, frame.id, frame.node, v, lastSize);
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

  private assigned(node: number, name: string, value: unknown): void {
    const flow = this.depth === 0 ? this.rootFlow() : this.flow;
    const v = this.value(value);
    this.ring.push(this.now(), Kind.Assign, node, flow, 0, this.name(name), v, lastSize);
  }

  private register(key: string, count: number): number {
    const known = this.moduleBase.get(key);
    if (known !== undefined) return known;
    const base = this.nextBase;
    this.nextBase += count;
    this.moduleBase.set(key, base);
    this.modules.push({ key, base, count });
    return base;
  }

  /** An exception nothing caught (or a rejection nothing handled), seen as the process goes down. */
  uncaught(error: unknown, origin: string): void {
    const v = this.value(error);
    this.ring.push(this.now(), Kind.Uncaught, -1, this.flows.peek(), 0, origin === 'unhandledRejection' ? 1 : 0, v, lastSize);
  }
}

/** Probes that record nothing: what inserted calls cost by themselves (the benchmark's middle line). */
export function silentProbes(): Record<string, unknown> {
  let base = 0;
  const bases = new Map<string, number>();
  const frame = { id: 0 };
  const same = (_f: unknown, _n: unknown, v: unknown) => v;
  return {
    [PROBES.module]: (key: string, count: number) => bases.get(key) ?? (bases.set(key, base), (base += count) - count),
    [PROBES.enter[0]]: () => frame,
    [PROBES.enter[1]]: () => frame,
    [PROBES.enter[2]]: () => frame,
    [PROBES.enter[3]]: () => frame,
    [PROBES.enterMany]: () => frame,
    [PROBES.ret]: same,
    [PROBES.fail]: () => {},
    [PROBES.exit]: () => {},
    [PROBES.assign]: same,
    [PROBES.update]: same,
    [PROBES.destructure]: same,
    [PROBES.thrown]: same,
    [PROBES.suspend]: same,
    [PROBES.resume]: same,
  };
}
