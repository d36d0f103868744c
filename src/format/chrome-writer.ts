// Writing a recording as Chrome Trace Event JSON, so it opens in Perfetto and chrome://tracing:
// function entries and exits become B/E slices, other events instants, each `data.pid` a process
// (named by M metadata), links flow arrows. Times become microseconds from the session epoch.

/** An event to write: its session offset (in `unit`), ids and payload. */
export interface ChromeEventInput {
  timestamp: number;
  ast_node_id: string | null;
  correlation_id: string | null;
  data: unknown;
  id?: string | null;
}

const PER_US: Record<string, number> = { ns: 1000, us: 1, ms: 0.001 };

/** Writes one trace piece by piece: `begin`, `event` per event, `end`. */
export class ChromeTraceWriter {
  private pids = new Map<string, number>();
  private first = true;
  private flows: Array<{ from: string; to: string }> = [];
  private placed = new Map<string, { ts: number; pid: number }>();

  constructor(
    private readonly unit: 'ns' | 'us' | 'ms',
    private readonly name: string,
  ) {}

  begin(): string {
    return '{"displayTimeUnit":"ns","otherData":' + JSON.stringify({ producer: 'cinema', recording: this.name }) + ',"traceEvents":[\n';
  }

  /** The JSON text of one event (with its leading comma when needed). */
  event(e: ChromeEventInput): string {
    const data = (e.data !== null && typeof e.data === 'object' ? e.data : { value: e.data }) as Record<string, unknown>;
    const procName = typeof data.pid === 'string' ? data.pid : 'process';
    let pid = this.pids.get(procName);
    if (pid === undefined) this.pids.set(procName, (pid = this.pids.size + 1));
    const ts = e.timestamp / PER_US[this.unit];
    const type = typeof data.type === 'string' ? data.type : typeof data.event_type === 'string' ? data.event_type : 'event';
    const name =
      typeof data.function === 'string'
        ? `${typeof data.module === 'string' ? data.module + '.' : ''}${data.function}`
        : (e.ast_node_id ?? type);
    const args = { ...data, ast_node_id: e.ast_node_id, correlation_id: e.correlation_id };
    const ph = type === 'function_entry' ? 'B' : type === 'function_exit' ? 'E' : 'i';
    const out: Record<string, unknown> = { name, cat: type, ph, ts, pid, tid: pid, args };
    if (ph === 'i') out.s = 't';
    if (e.id) this.placed.set(e.id, { ts, pid });
    const text = (this.first ? '' : ',\n') + JSON.stringify(out);
    this.first = false;
    return text;
  }

  /** Remembers a cause -> effect link between two written events (by their ids). */
  link(from: string, to: string): void {
    this.flows.push({ from, to });
  }

  /** Process names, flow arrows, and the closing brackets. */
  end(): string {
    const tail: string[] = [];
    for (const [name, pid] of this.pids) tail.push(JSON.stringify({ name: 'process_name', ph: 'M', pid, tid: pid, args: { name } }));
    this.flows.forEach(({ from, to }, k) => {
      const a = this.placed.get(from);
      const b = this.placed.get(to);
      if (!a || !b) return;
      tail.push(JSON.stringify({ name: 'link', cat: 'link', ph: 's', id: k + 1, ts: a.ts, pid: a.pid, tid: a.pid }));
      tail.push(JSON.stringify({ name: 'link', cat: 'link', ph: 'f', bp: 'e', id: k + 1, ts: b.ts, pid: b.pid, tid: b.pid }));
    });
    return (tail.length > 0 ? (this.first ? '' : ',\n') + tail.join(',\n') : '') + '\n]}\n';
  }
}
