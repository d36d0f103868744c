// The state of a recorded program at a moment: per process (`data.pid`, or one process when events
// carry none) and thread (`data.tid`, when they name one), the call stack from function_entry and
// function_exit, the latest value of each variable (a call's arguments among them), and the latest
// state. Where calls name their parameters (Cinema's recorder), each call also keeps what was set
// while it ran, and the process what was set outside any call: a debugger's locals, per frame.
// Calls numbered by `data.call` (Cinema's recorder) are matched by number, and a call suspended at
// an await or a yield leaves the stack until it resumes. Built by applying events in order; copied
// at checkpoints so a moment late in a long recording is reached from the nearest checkpoint, not
// from the start.
import type { StoredEvent } from '../event';

/** One call on a process's stack. */
export interface Frame {
  module: string | null;
  function: string | null;
  arity: number | null;
  ast_node_id: string | null;
  event_id: string;
  entered_at: number;
  /** The call's number, when the recording numbers calls. */
  call: number | null;
  /** An OpenTelemetry span's id: its exit closes it wherever it is (concurrent traces interleave). */
  span?: string;
  /**
   * Where the entry names its parameters: the arguments by parameter name, then every variable
   * assigned while this call was the one running (its own, or one it closed over).
   */
  locals?: Record<string, unknown>;
}

/** What one process looks like at a moment. */
export interface ProcessState {
  /** The process, and its thread when events name one (`4242 / 1`). */
  pid: string;
  stack: Frame[];
  /** Calls suspended at an await or a yield: off the stack until they resume. */
  parked: Frame[];
  variables: Record<string, unknown>;
  /**
   * Where calls name their parameters: variables assigned while no recorded call was on the stack
   * (a module's top-level code, or a call whose entry a flight recorder no longer holds).
   */
  toplevel?: Record<string, unknown>;
  /** Its calls name their parameters (Cinema's recorder): their frames keep locals. */
  scoped?: boolean;
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

/**
 * What a ProcessState holds, for copies kept on disk (a session's checkpoints): 2 since calls keep
 * their locals (`Frame.locals`, `toplevel`, `scoped`); copies of another format are built again.
 */
export const STATE_FORMAT = 2;

/** The process an event belongs to; events without `data.pid` share one. */
export const NO_PID = '(no pid)';

/**
 * An event's process: `data.pid` as text (Chrome traces number them); for an OpenTelemetry span,
 * the service it ran in (spans name no process); else NO_PID.
 */
export function pidOfData(data: Record<string, unknown>): string {
  if (typeof data.pid === 'string') return data.pid;
  if (typeof data.pid === 'number' && Number.isFinite(data.pid)) return String(data.pid);
  return typeof data.service === 'string' && typeof data.span_id === 'string' ? data.service : NO_PID;
}

/** The process and thread an event runs on: the process, then ` / tid` when it names a thread. */
export function threadOfData(data: Record<string, unknown>): string {
  const pid = pidOfData(data);
  return typeof data.tid === 'number' || typeof data.tid === 'string' ? `${pid} / ${data.tid}` : pid;
}

/** Where the call numbered `call` is on a stack, nearest the top; -1 when it is not. */
function lastIndexOfCall(stack: Frame[], call: number): number {
  for (let i = stack.length - 1; i >= 0; i--) if (stack[i].call === call) return i;
  return -1;
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
    for (const p of snapshot) r.procs.set(p.pid, copyProcess(p));
    return r;
  }

  apply(e: StoredEvent): void {
    const data = e.data !== null && typeof e.data === 'object' ? (e.data as Record<string, unknown>) : {};
    const pid = threadOfData(data);
    let p = this.procs.get(pid);
    if (!p) this.procs.set(pid, (p = { pid, stack: [], parked: [], variables: {}, state: null, last_event_id: null }));
    p.last_event_id = e.event_id;
    const call = typeof data.call === 'number' ? data.call : null;
    switch (typeOf(data)) {
      case 'function_entry':
        p.stack.push({
          module: typeof data.module === 'string' ? data.module : null,
          // Trace events and spans are named by `name`, Cinema's calls by `function`.
          function: typeof data.function === 'string' ? data.function : typeof data.name === 'string' ? data.name : null,
          arity: typeof data.arity === 'number' ? data.arity : null,
          ast_node_id: e.ast_node_id,
          event_id: e.event_id,
          entered_at: e.timestamp,
          call,
          ...(typeof data.span_id === 'string' ? { span: data.span_id } : {}),
        });
        // A call's arguments are variables of the moment, by their parameters' names.
        if (Array.isArray(data.params) && Array.isArray(data.args)) {
          // The first such call: with no other call open, what was set so far was set outside any
          // call (in a recording that names parameters every call does). Recordings that name
          // none keep no such copy.
          if (!p.scoped) {
            p.scoped = true;
            if (p.stack.length === 1 && p.parked.length === 0 && Object.keys(p.variables).length > 0) p.toplevel = { ...p.variables };
          }
          const args = data.args as unknown[];
          const locals: Record<string, unknown> = {};
          data.params.forEach((name, i) => typeof name === 'string' && (p.variables[name] = locals[name] = args[i]));
          p.stack[p.stack.length - 1].locals = locals;
        }
        break;
      case 'await_suspend':
      case 'generator_yield':
        if (call !== null) {
          const at = lastIndexOfCall(p.stack, call);
          if (at >= 0) p.parked.push(...p.stack.splice(at, 1));
        }
        break;
      case 'await_resume':
      case 'generator_resume':
        if (call !== null) {
          const at = p.parked.findIndex((f) => f.call === call);
          if (at >= 0) p.stack.push(...p.parked.splice(at, 1));
        }
        break;
      case 'function_exit': {
        // A numbered call leaves wherever it is (its stack or, ending while suspended, the parked).
        if (call !== null) {
          const at = lastIndexOfCall(p.stack, call);
          if (at >= 0) p.stack.splice(at, 1);
          else {
            const parked = p.parked.findIndex((f) => f.call === call);
            if (parked >= 0) p.parked.splice(parked, 1);
          }
          break;
        }
        if (typeof data.span_id === 'string') {
          let at = p.stack.length - 1;
          while (at >= 0 && p.stack[at].span !== data.span_id) at--;
          if (at >= 0) p.stack.splice(at, 1);
          break;
        }
        // Pop to the matching frame when it can be told; a recording that starts mid-call may
        // exit frames it never entered, and then there is nothing to pop.
        const fn = typeof data.function === 'string' ? data.function : typeof data.name === 'string' ? data.name : null;
        let at = p.stack.length - 1;
        if (fn !== null) while (at >= 0 && p.stack[at].function !== fn) at--;
        if (at >= 0) p.stack.length = at;
        else if (fn === null) p.stack.pop();
        break;
      }
      case 'variable_assignment': {
        if (typeof data.variable !== 'string') break;
        p.variables[data.variable] = data.value;
        const top = p.stack[p.stack.length - 1];
        if (top === undefined) {
          if (p.scoped) (p.toplevel ??= {})[data.variable] = data.value;
        } else if (top.locals) top.locals[data.variable] = data.value;
        break;
      }
      case 'state_change':
      case 'state_snapshot':
        p.state = data.state;
        break;
    }
  }

  /** A copy that later events do not change. */
  snapshot(): ProcessState[] {
    return [...this.procs.values()].map(copyProcess);
  }
}

/** Frames are shared between copies except where they hold locals, which later events change. */
const copyFrame = (f: Frame): Frame => (f.locals ? { ...f, locals: { ...f.locals } } : f);

/**
 * A process's state, with nothing later events change shared with `p`. Only a scoped process's
 * frames hold locals; others' are copied as arrays, as cheaply as before (the import copies every
 * process at each of its checkpoints).
 */
function copyProcess(p: ProcessState): ProcessState {
  const parked = p.parked ?? [];
  const copy: ProcessState = {
    ...p,
    stack: p.scoped ? p.stack.map(copyFrame) : p.stack.slice(),
    parked: p.scoped ? parked.map(copyFrame) : parked.slice(),
    variables: { ...p.variables },
  };
  if (p.toplevel) copy.toplevel = { ...p.toplevel };
  return copy;
}
