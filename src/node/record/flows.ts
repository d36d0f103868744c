// Execution flows (correlation ids): one per root task - the main script, each incoming HTTP
// request, each timer or immediate callback, each message a worker thread receives, each test or
// hook a test runner runs - carried through
// promises, awaits and callbacks by AsyncLocalStorage. The store is read only at the root of a call
// stack (the runtime caches it while the stack is deeper), never once an event.
//
// Nothing is kept per flow once its task is done: a flow's number says what root started it (the
// root's code in its last three bits), so its id is made from the number alone when the recording
// is written, and what else its flow_start says (detail, parent) goes into the ring with that event.
// A server recorded for hours starts a flow per request; a table of them grew without bound (and
// made the garbage collector walk it).
import { AsyncLocalStorage } from 'node:async_hooks';

/** The kinds of root task, as the low bits of a flow's number. */
export const enum Root {
  Main = 1,
  Task = 2,
  Http = 3,
  Timer = 4,
  Immediate = 5,
  Message = 6,
  Test = 7,
}

/** A root's name in flow ids and flow_start events, by its code. */
const ROOT_NAMES = ['', 'main', 'task', 'http', 'timer', 'immediate', 'message', 'test'];

/** Flow numbers count by this, leaving room for the root's code. */
const ROOT_SPAN = 8;

/** A flow while its task's work goes on (the async context's store): what its flow_start says. */
export interface Flow {
  /** Its number: what events carry in the ring's flow column (0 is "no flow"). */
  readonly n: number;
  /** What started it: the request's method and URL, the timer's delay. */
  readonly detail: string | null;
  /** The flow that scheduled it (timers), 0 for none. */
  readonly parent: number;
  /** Whether its flow_start is written (it goes before the flow's first event). */
  announced: boolean;
  /** An HTTP request's response, until the program ends it (roots.ts); null for other flows. */
  response: object | null;
}

/** The root kind of flow number `n` (its name: main, http, ...). */
export function rootOf(n: number): string {
  return ROOT_NAMES[n % ROOT_SPAN] ?? '';
}

export class Flows {
  private readonly als = new AsyncLocalStorage<Flow>();
  private count = 0;
  private mainStarted = false;

  /** `prefix` names this process and thread (`p1234` or `p1234.t2`). */
  constructor(private readonly prefix: string) {}

  /** The current flow; a root call outside any flow starts one (the main script's first, then "task"). */
  current(): Flow {
    const f = this.als.getStore();
    if (f !== undefined) return f;
    const flow = this.create(this.mainStarted ? Root.Task : Root.Main, null, 0);
    this.mainStarted = true;
    this.als.enterWith(flow);
    return flow;
  }

  /** Runs `fn` as a new root task of `root` kind, a child of the flow it was scheduled from. */
  run<T>(root: Root, detail: string | null, parent: number, fn: () => T, response: object | null = null): T {
    const flow = this.create(root, detail, parent);
    flow.response = response;
    return this.als.run(flow, fn);
  }

  /**
   * Starts a flow of `root` kind for the rest of this task: for roots met inside code already
   * running (a test runner calling a test), where there is no call to wrap. It has no parent: the
   * flow in effect is the runner's, or the last test's, which the runner carries on in.
   */
  enter(root: Root, detail: string | null): void {
    this.als.enterWith(this.create(root, detail, 0));
  }

  /** The flow in effect right now, without starting one. */
  active(): Flow | undefined {
    return this.als.getStore();
  }

  /** The number of the flow in effect right now without starting one (0 outside any). */
  peek(): number {
    return this.als.getStore()?.n ?? 0;
  }

  /** The correlation id events of flow number `n` carry: unique across a recording's processes and threads. */
  id(n: number): string | null {
    if (n <= 0) return null;
    const root = rootOf(n);
    return root === 'main' ? `${this.prefix}:main` : `${this.prefix}:${root}-${Math.floor(n / ROOT_SPAN)}`;
  }

  private create(root: Root, detail: string | null, parent: number): Flow {
    return { n: ++this.count * ROOT_SPAN + root, detail, parent, announced: false, response: null };
  }
}
