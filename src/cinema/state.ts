// The state of a recorded program at a moment: per process (`data.pid`, or one process when events
// carry none), the call stack from function_entry/function_exit, the latest value of each variable,
// and the latest state. Built by applying events in order; copied at checkpoints so a moment late in
// a long recording is reached from the nearest checkpoint, not from the start.
import type { StoredEvent } from '../event';

/** One call on a process's stack. */
export interface Frame {
  module: string | null;
  function: string | null;
  arity: number | null;
  ast_node_id: string | null;
  event_id: string;
  entered_at: number;
}

/** What one process looks like at a moment. */
export interface ProcessState {
  pid: string;
  stack: Frame[];
  variables: Record<string, unknown>;
  state: unknown;
  /** The last event of this process at or before the moment. */
  last_event_id: string | null;
}

/** The whole program at a moment. */
export interface ProgramState {
  processes: ProcessState[];
  /** Events applied to reach this moment (from the checkpoint the answer started at). */
  replayed: number;
}

/** The process an event belongs to; events without `data.pid` share one. */
export const NO_PID = '(no pid)';

/** An event's process: `data.pid` as text (Chrome traces number them), or NO_PID. */
export function pidOfData(data: Record<string, unknown>): string {
  return typeof data.pid === 'string' ? data.pid : typeof data.pid === 'number' && Number.isFinite(data.pid) ? String(data.pid) : NO_PID;
}

function typeOf(data: Record<string, unknown>): string | undefined {
  const t = data.type ?? data.event_type;
  return typeof t === 'string' ? t : undefined;
}

/** Applies events in order and can be copied (a checkpoint) and restored. */
export class StateReducer {
  private procs = new Map<string, ProcessState>();

  /** Restores from a checkpoint's copy. */
  static from(snapshot: ProcessState[]): StateReducer {
    const r = new StateReducer();
    for (const p of snapshot) r.procs.set(p.pid, { ...p, stack: p.stack.slice(), variables: { ...p.variables } });
    return r;
  }

  apply(e: StoredEvent): void {
    const data = e.data !== null && typeof e.data === 'object' ? (e.data as Record<string, unknown>) : {};
    const pid = pidOfData(data);
    let p = this.procs.get(pid);
    if (!p) this.procs.set(pid, (p = { pid, stack: [], variables: {}, state: null, last_event_id: null }));
    p.last_event_id = e.event_id;
    switch (typeOf(data)) {
      case 'function_entry':
        p.stack.push({
          module: typeof data.module === 'string' ? data.module : null,
          function: typeof data.function === 'string' ? data.function : null,
          arity: typeof data.arity === 'number' ? data.arity : null,
          ast_node_id: e.ast_node_id,
          event_id: e.event_id,
          entered_at: e.timestamp,
        });
        break;
      case 'function_exit': {
        // Pop to the matching frame when it can be told; a recording that starts mid-call may
        // exit frames it never entered, and then there is nothing to pop.
        const fn = typeof data.function === 'string' ? data.function : null;
        let at = p.stack.length - 1;
        if (fn !== null) while (at >= 0 && p.stack[at].function !== fn) at--;
        if (at >= 0) p.stack.length = at;
        else if (fn === null) p.stack.pop();
        break;
      }
      case 'variable_assignment':
        if (typeof data.variable === 'string') p.variables[data.variable] = data.value;
        break;
      case 'state_change':
      case 'state_snapshot':
        p.state = data.state;
        break;
    }
  }

  /** A copy that later events do not change. */
  snapshot(): ProcessState[] {
    return [...this.procs.values()].map((p) => ({ ...p, stack: p.stack.slice(), variables: { ...p.variables } }));
  }
}
