// One-line summaries of events for lists, tooltips and the flow view, following the event data
// conventions of the .cinema format (function_entry, variable_assignment, ...); events from Chrome
// traces and OpenTelemetry as those tools show them (describe-foreign.ts); anything else by its
// type or a compact preview. Values read as JavaScript (value-text.ts): a recording's `undefined`,
// `12n` or `Map(2) {…}`, not the tagged JSON it keeps them as.
import { NO_PID, pidOfData } from '../../src/cinema/state';
import { argsText, valueText } from '../../src/cinema/value-text';
import type { StoredEvent } from '../../src/event';
import type { LaneNames } from '../../src/rpc/contract';
import { describeSpanEvent, describeTraceEvent, isSpanEvent, isTraceEvent } from './describe-foreign';

const str = (v: unknown) => (typeof v === 'string' ? v : v === undefined ? '' : JSON.stringify(v));

const preview = (v: unknown, max = 60) => valueText(v, max);

/**
 * A call as people read it: `Module.function/arity`, or `function/arity` when the module is a
 * source file (JavaScript recordings name the file, and it is shown elsewhere).
 */
export function callName(module: unknown, fn: unknown, arity: unknown): string {
  const moduleIsFile = typeof module === 'string' && /\.[cm]?[jt]sx?$/.test(module);
  return `${module && !moduleIsFile ? `${str(module)}.` : ''}${str(fn) || '?'}${arity !== undefined && arity !== null ? `/${str(arity)}` : ''}`;
}

/** What a recorded flow is, from its flow_start: its root and what started it (`http GET /cart`, `test adds`); null for other events. */
export function flowName(e: StoredEvent): string | null {
  const d = e.data as Record<string, unknown> | null;
  if (!d || typeof d !== 'object' || d.type !== 'flow_start') return null;
  return `${str(d.root)}${d.detail ? ` ${str(d.detail)}` : ''}`;
}

export function eventType(e: StoredEvent): string {
  const d = e.data as Record<string, unknown> | null;
  const t = d && typeof d === 'object' ? (d.type ?? d.event_type) : undefined;
  return typeof t === 'string' ? t : 'event';
}

export function pidOf(e: StoredEvent): string | null {
  const d = e.data as Record<string, unknown> | null;
  if (!d || typeof d !== 'object') return null;
  const pid = pidOfData(d);
  return pid === NO_PID ? null : pid;
}

/** The lane an event goes in: its process, and its thread when it names one (Chrome traces do). */
export function laneOf(e: StoredEvent): string {
  const pid = pidOf(e) ?? '(no pid)';
  const d = e.data as Record<string, unknown> | null;
  const tid = d && typeof d === 'object' ? d.tid : undefined;
  return typeof tid === 'string' || typeof tid === 'number' ? `${pid} / ${tid}` : pid;
}

/**
 * A lane as people read it: with the names a recording's header gives its processes and threads
 * (a Chrome trace's `process_name` and `thread_name`: `Renderer / CrRendererMain`), else its ids.
 */
export function laneLabel(lane: string, names: LaneNames | undefined): string {
  if (!names) return lane;
  const cut = lane.lastIndexOf(' / ');
  const pid = cut < 0 ? lane : lane.slice(0, cut);
  const tid = cut < 0 ? null : lane.slice(cut + 3);
  const processName = names.processes?.[pid] ?? pid;
  return tid === null ? processName : `${processName} / ${names.threads?.[`${pid}:${tid}`] ?? tid}`;
}

export function describeEvent(e: StoredEvent): string {
  const d = (e.data && typeof e.data === 'object' ? e.data : {}) as Record<string, unknown>;
  const fn = () => callName(d.module, d.function || d.name, d.arity);
  const type = eventType(e);
  if (isSpanEvent(d)) return describeSpanEvent(type, d);
  if (isTraceEvent(d)) return describeTraceEvent(type, d);
  switch (type) {
    case 'function_entry':
      return `→ ${fn()}${d.args !== undefined ? ` ${argsText(d.args, 40)}` : ''}`;
    case 'function_exit':
      return d.exception !== undefined
        ? `↯ ${fn()} raised ${preview(d.exception, 40)}`
        : `← ${d.function ? fn() : 'return'}${d.return !== undefined ? ` = ${preview(d.return, 40)}` : ''}`;
    case 'variable_assignment':
      return `${str(d.variable)} = ${preview(d.value, 50)}`;
    case 'state_change':
    case 'state_snapshot':
      return `state ${preview(d.state, 50)}`;
    case 'message_send':
      return `send → ${str(d.to)} ${preview(d.message, 40)}`;
    case 'message_receive':
      return `receive ← ${str(d.from)} ${preview(d.message, 40)}`;
    case 'error': {
      // Cinema's recorder keeps the error itself (a snapshot); other recordings name kind and message.
      const err = (d.error && typeof d.error === 'object' ? d.error : {}) as Record<string, unknown>;
      const what = `${str(d.kind ?? err.class)}: ${str(d.message ?? err.message)}`;
      return `${d.uncaught ? 'uncaught ' : ''}error ${what}`;
    }
    // ‖, not ⏸: the pause sign is missing from the fonts of many Linux desktops (a box there).
    case 'await_suspend':
      return `‖ ${fn()} awaits`;
    case 'await_resume':
      return `▶ ${fn()} resumes with ${preview(d.value, 40)}`;
    case 'generator_yield':
      return `‖ ${fn()} yields`;
    case 'generator_resume':
      return `▶ ${fn()} resumes with ${preview(d.value, 40)}`;
    case 'flow_start':
      return `flow starts: ${flowName(e)}`;
    case 'flow_end':
      return `flow ends: answered ${str(d.status)}`;
    default: {
      const { type: _t, event_type: _e, pid: _p, ...rest } = d;
      return `${eventType(e)} ${Object.keys(rest).length ? preview(rest, 60) : ''}`.trim();
    }
  }
}
