// Chrome's Trace Event Format (a bare array, or {traceEvents: [...]}) as written by Chrome,
// Perfetto and many tracers. ts and dur are microseconds (often fractional) and become integer
// nanoseconds. B/E and X become entry/exit events; instants become instants; async b/n/e (and the
// legacy S/T/F) take their id as the correlation; flows (s/t/f with bp, and bind_id with
// flow_in/flow_out) become links, kept apart from correlation; M metadata names processes and
// threads. ast_node_id is args.ast_node_id, else the slice's category and name.
import { type Slice, bindFlowSteps } from './chrome-flows';
import { FormatError, found } from './format-error';
import { type ConvertOptions, type DocumentFormat, type ImportedDocument, STRICT, perElement } from './imported';
import type { ReadEvent, ReadRecord } from './native-reader';

type TraceEvent = Record<string, unknown> & {
  ph?: unknown;
  ts?: unknown;
  name?: unknown;
  cat?: unknown;
  pid?: unknown;
  tid?: unknown;
  args?: unknown;
};

const EXTRA = new Set([
  'name',
  'cat',
  'ph',
  'ts',
  'dur',
  'pid',
  'tid',
  'args',
  'id',
  'id2',
  'scope',
  'bp',
  'bind_id',
  'flow_in',
  'flow_out',
  'tts',
  'tdur',
  's',
]);

function eventsOf(doc: unknown): unknown[] | null {
  if (Array.isArray(doc)) return doc;
  if (doc && typeof doc === 'object' && Array.isArray((doc as { traceEvents?: unknown }).traceEvents))
    return (doc as { traceEvents: unknown[] }).traceEvents;
  return null;
}

/** The Chrome Trace Event Format reader. */
export const chromeTrace: DocumentFormat = {
  name: 'chrome-trace',
  byName: (file) => /\.trace(\.json)?$/i.test(file),
  byContent(doc) {
    const events = eventsOf(doc);
    if (!events) return false;
    // A bare array could also be a dump of Cinema events: Chrome's have "ph".
    return !Array.isArray(doc) || events.length === 0 || events.slice(0, 20).some((e) => e !== null && typeof e === 'object' && 'ph' in e);
  },
  convert: convertChromeTrace,
};

function convertChromeTrace(doc: unknown, file: string, opts: ConvertOptions = STRICT): ImportedDocument {
  const raw = eventsOf(doc);
  if (!raw) throw new FormatError(file, 1, 1, 'expected a Trace Event array or {"traceEvents": [...]}, found ' + found(doc));
  const converter = new ChromeTraceConverter(file, Array.isArray(doc) ? '' : 'traceEvents', opts);
  const records: ReadRecord[] = [];
  raw.forEach((value, i) => {
    for (const r of converter.push(value, i)) records.push(r);
  });
  const rest = converter.finish();
  return {
    format: 'chrome-trace',
    time_unit: 'ns',
    epoch: '0',
    header: rest.header,
    records: records.concat(rest.records),
    notes: rest.notes,
  };
}

/** The event type of each phase that has a timestamp ("flow" for s/t/f, which make links, not events). */
const PHASE_TYPES = new Map(
  Object.entries({
    X: 'function_entry',
    B: 'function_entry',
    E: 'function_exit',
    b: 'async_begin',
    S: 'async_begin',
    n: 'async_step',
    T: 'async_step',
    p: 'async_step',
    e: 'async_end',
    F: 'async_end',
    i: 'instant',
    I: 'instant',
    R: 'instant',
    s: 'flow',
    t: 'flow',
    f: 'flow',
    C: 'counter',
    P: 'sample',
    N: 'object_created',
    O: 'object_snapshot',
    D: 'object_destroyed',
  }),
);

/** Phases whose events take their async id (with the category) as their correlation. */
const ASYNC_PHASES = new Set(['b', 'S', 'n', 'T', 'p', 'e', 'F', 'N', 'O', 'D']);

/** An async event's id: id2.local is scoped to its process, id2.global and id are not; scope refines. */
function asyncId(e: TraceEvent): string | null {
  const id2 = e.id2 && typeof e.id2 === 'object' ? (e.id2 as { local?: unknown; global?: unknown }) : null;
  const scope = typeof e.scope === 'string' ? `${e.scope}:` : '';
  if (id2?.local !== undefined) return `${scope}${e.pid}:${id2.local}`;
  if (id2?.global !== undefined) return `${scope}${id2.global}`;
  return e.id !== undefined ? `${scope}${e.id}` : null;
}

/**
 * An event's payload: its type, the trace event's name, category, pid, tid and args, then its other
 * members in their order (times, ids and flow fields left out; so is a "__proto__" member, which an
 * assignment would take for the prototype).
 */
function payload(type: string, e: TraceEvent, name: string, cat: string, args: Record<string, unknown>): Record<string, unknown> {
  const data: Record<string, unknown> = { type, name, cat, pid: e.pid, tid: e.tid, args };
  for (const k in e) if (!EXTRA.has(k) && k !== '__proto__') data[k] = e[k];
  return data;
}

/**
 * Converts trace events one at a time, in file order, so a large trace streams (json-elements.ts)
 * instead of being parsed whole. What needs every event waits for `finish`: flows (bound to the
 * slices around them), the AST of categories and names, and the process and thread names, which
 * Chrome writes anywhere in the file (so they go to the session header, not into each event).
 */
export class ChromeTraceConverter {
  private readonly processNames = new Map<string, string>();
  private readonly threadNames = new Map<string, string>();
  private readonly astIds = new Set<string>();
  private readonly categories = new Set<string>();
  private readonly skipped = new Map<string, number>();
  private readonly slices = new Map<string, Slice[]>(); // per pid:tid, for binding v1 flows
  private readonly open = new Map<string, Array<{ event: ReadEvent; start: number }>>(); // B without E yet
  // bind_id -> the slices that carry it: entry event id, start, whether flow goes out / comes in.
  private readonly bound = new Map<string, Array<{ entry: string; ts: number; out: boolean; in: boolean }>>();
  private readonly flowSteps: Array<{ key: string; ph: string; ts: number; thread: string; bp: unknown }> = [];
  private n = 0;

  constructor(
    private readonly file: string,
    private readonly where: '' | 'traceEvents',
    private readonly opts: ConvertOptions = STRICT,
  ) {}

  /** Where the element being converted is: its line and column when streamed, else its index + 1. */
  private at = { line: 1, column: 1 };

  private fail(i: number, detail: string): never {
    throw new FormatError(this.file, this.at.line, this.at.column, `${this.where}[${i}]: ${detail}`);
  }

  private ns(value: unknown, i: number, field: string): number {
    // Some writers put times in strings ("11550183666" in a real multi-thread trace): accept plain decimals.
    const us = typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value) ? Number(value) : value;
    if (typeof us !== 'number' || !Number.isFinite(us))
      this.fail(i, `expected ${field} in microseconds as a number, found ${found(value)}`);
    const v = Math.round(us * 1000);
    if (!Number.isSafeInteger(v)) this.fail(i, `${field} ${us} µs is too large to keep in nanoseconds`);
    return v + 0; // never -0 (Math.round(-0.4)), which JSON would not keep in a payload's dur_ns
  }

  /**
   * The records one trace event (element `i` of the array, at `at` in the file) makes; none for
   * metadata and flows.
   */
  push(value: unknown, i: number, at: { line: number; column: number } = { line: i + 1, column: 1 }): ReadRecord[] {
    const records: ReadRecord[] = [];
    this.at = at;
    perElement(this.opts, () => this.convert(value, i, records));
    return records;
  }

  private convert(value: unknown, i: number, records: ReadRecord[]): void {
    const { slices, open } = this;
    if (value === null || typeof value !== 'object' || Array.isArray(value))
      this.fail(i, `expected a trace event object, found ${found(value)}`);
    const e = value as TraceEvent;
    const ph = typeof e.ph === 'string' ? e.ph : '';
    if (ph === 'M') {
      const label = (e.args as { name?: unknown } | undefined)?.name;
      if (typeof label === 'string' && e.name === 'process_name') this.processNames.set(String(e.pid), label);
      if (typeof label === 'string' && e.name === 'thread_name') this.threadNames.set(`${e.pid}:${e.tid}`, label);
      return;
    }
    const thread = `${e.pid}:${e.tid}`;
    const args = e.args && typeof e.args === 'object' ? (e.args as Record<string, unknown>) : {};
    const name = typeof e.name === 'string' ? e.name : '';
    const cat = typeof e.cat === 'string' ? e.cat : '';
    const ast = typeof args.ast_node_id === 'string' ? args.ast_node_id : name ? `${cat || 'trace'}/${name}` : null;
    if (ast && typeof args.ast_node_id !== 'string') {
      this.astIds.add(ast);
      this.categories.add(cat || 'trace');
    }
    const corr = typeof args.correlation_id === 'string' ? args.correlation_id : null;
    // No closures made here (this runs for every trace event): the payload and the event come from
    // plain functions and methods, the async correlation only for the phases that have one.
    const ts = PHASE_TYPES.has(ph) ? this.ns(e.ts, i, 'ts') : 0;
    switch (ph) {
      case 'X': {
        const dur = e.dur === undefined ? 0 : this.ns(e.dur, i, 'dur');
        const data = payload('function_entry', e, name, cat, args);
        data.dur_ns = dur;
        const entry = this.emit(records, 'function_entry', ts, ast, corr, data);
        this.emit(records, 'function_exit', ts + dur, ast, corr, payload('function_exit', e, name, cat, args));
        (slices.get(thread) ?? slices.set(thread, []).get(thread)!).push({ start: ts, end: ts + dur, entry: entry.id! });
        this.bind(e, entry);
        return;
      }
      case 'B': {
        const entry = this.emit(records, 'function_entry', ts, ast, corr, payload('function_entry', e, name, cat, args));
        (open.get(thread) ?? open.set(thread, []).get(thread)!).push({ event: entry, start: ts });
        this.bind(e, entry);
        return;
      }
      case 'E': {
        const began = open.get(thread)?.pop();
        const data = payload('function_exit', e, name, cat, args);
        const exit = this.emit(records, 'function_exit', ts, ast, corr, data);
        if (began) {
          // An E names nothing itself: it closes the innermost B of its thread.
          exit.ast_node_id = began.event.ast_node_id;
          data.name = (began.event.data as { name: string }).name;
          (slices.get(thread) ?? slices.set(thread, []).get(thread)!).push({ start: began.start, end: ts, entry: began.event.id! });
        }
        return;
      }
      case 's':
      case 't':
      case 'f':
        this.flowSteps.push({ key: `${cat}:${asyncId(e)}`, ph, ts, thread, bp: e.bp });
        return;
      default: {
        const type = PHASE_TYPES.get(ph);
        if (type === undefined) {
          this.skipped.set(ph || '(none)', (this.skipped.get(ph || '(none)') ?? 0) + 1);
          return;
        }
        const id = ASYNC_PHASES.has(ph) ? asyncId(e) : null;
        this.emit(records, type, ts, ast, (id && `${cat}:${id}`) ?? corr, payload(type, e, name, cat, args));
      }
    }
  }

  private emit(records: ReadRecord[], type: string, ts: number, ast: string | null, corr: string | null, data: unknown): ReadEvent {
    // Only entries get file ids: links (flows) only ever point at slices' entries.
    const id = type === 'function_entry' ? `c${this.n++}` : null;
    const ev: ReadEvent = { kind: 'event', line: this.at.line, timestamp: ts, ast_node_id: ast, correlation_id: corr, data, id };
    records.push(ev);
    return ev;
  }

  /** New-syntax flows: a slice carrying a bind_id with flow_in or flow_out, kept for `finish`. */
  private bind(e: TraceEvent, entry: ReadEvent): void {
    if (e.bind_id === undefined || (e.flow_out !== true && e.flow_in !== true)) return;
    const key = String(e.bind_id);
    (this.bound.get(key) ?? this.bound.set(key, []).get(key)!).push({
      entry: entry.id!,
      ts: entry.timestamp,
      out: e.flow_out === true,
      in: e.flow_in === true,
    });
  }

  /** Flows, the AST, the names: what needs the whole trace. */
  finish(): { records: ReadRecord[]; header: Record<string, unknown>; notes: string[] } {
    const { slices, bound, flowSteps, categories, astIds, skipped, processNames, threadNames } = this;
    const records: ReadRecord[] = [];

    // Flows, old syntax: each step binds to the slice enclosing it on its thread (or, for an "f"
    // without bp:"e", the next slice to begin there); consecutive steps of one id become links.
    const stepEntries = bindFlowSteps(slices, flowSteps);
    const byFlow = new Map<string, Array<string | null>>();
    flowSteps.forEach((s, k) => (byFlow.get(s.key) ?? byFlow.set(s.key, []).get(s.key)!).push(stepEntries[k]));
    let links = 0;
    for (const chain of byFlow.values()) {
      for (let k = 1; k < chain.length; k++) {
        const from = chain[k - 1];
        const to = chain[k];
        if (from && to && from !== to) {
          records.push({ kind: 'link', from, to, label: 'flow', line: 0 });
          links++;
        }
      }
    }
    // Flows, new syntax: in time order, a flow_in slice links from the latest flow_out slice before
    // it with the same bind_id (a slice with both continues the flow).
    for (const list of bound.values()) {
      list.sort((a, b) => a.ts - b.ts);
      let source: string | null = null;
      for (const b of list) {
        if (b.in && source !== null && source !== b.entry) {
          records.push({ kind: 'link', from: source, to: b.entry, label: 'flow', line: 0 });
          links++;
        }
        if (b.out) source = b.entry;
      }
    }
    for (const cat of categories) records.push({ kind: 'ast', id: `${cat}`, type: 'module', name: cat, line: 0 });
    for (const id of astIds) {
      const slash = id.indexOf('/');
      records.push({ kind: 'ast', id, type: 'call', name: id.slice(slash + 1), parent_id: id.slice(0, slash), line: 0 });
    }
    const notes = [...skipped].map(([ph, count]) => `${count} trace event(s) of phase "${ph}" skipped: Cinema does not read them`);
    const header: Record<string, unknown> = {};
    if (processNames.size > 0) header.processes = Object.fromEntries(processNames);
    if (threadNames.size > 0) header.threads = Object.fromEntries(threadNames);
    if (links > 0) header.flow_links = links;
    return { records, header, notes };
  }
}
