// Execution flows (correlation ids): one per root task - the main script, each incoming HTTP
// request, each timer or immediate callback, each message a worker thread receives - carried through
// promises, awaits and callbacks by AsyncLocalStorage. The store is read only at the root of a call
// stack (the runtime caches it while the stack is deeper), never once an event.
import { AsyncLocalStorage } from 'node:async_hooks';

export interface FlowInfo {
  /** The correlation id events carry: unique across the processes and threads of a recording. */
  id: string;
  /** main, http, timer, immediate, message, or task (a callback from outside any flow). */
  root: string;
  /** What started it: the request's method and URL, the timer's delay. */
  detail: string | null;
  /** The flow that scheduled it (timers), as a number in this table; 0 for none. */
  parent: number;
}

export class Flows {
  private readonly als = new AsyncLocalStorage<number>();
  /** Flow number -> what it is; number 0 is "no flow". */
  readonly table: FlowInfo[] = [{ id: '', root: '', detail: null, parent: 0 }];
  private mainStarted = false;

  /** `prefix` names this process and thread (`p1234` or `p1234.t2`). */
  constructor(private readonly prefix: string) {}

  /** The current flow; a root call outside any flow starts one (the main script's first, then "task"). */
  current(): number {
    const n = this.als.getStore();
    if (n !== undefined) return n;
    const flow = this.create(this.mainStarted ? 'task' : 'main', null, 0);
    this.mainStarted = true;
    this.als.enterWith(flow);
    return flow;
  }

  /** Runs `fn` as a new root task of `root` kind, a child of the flow it was scheduled from. */
  run<T>(root: string, detail: string | null, parent: number, fn: () => T): T {
    return this.als.run(this.create(root, detail, parent), fn);
  }

  /** The flow in effect right now without starting one (0 outside any). */
  peek(): number {
    return this.als.getStore() ?? 0;
  }

  private create(root: string, detail: string | null, parent: number): number {
    const n = this.table.length;
    this.table.push({ id: root === 'main' ? `${this.prefix}:main` : `${this.prefix}:${root}-${n}`, root, detail, parent });
    return n;
  }
}
