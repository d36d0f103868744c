// The benchmark's measurements, run the same way against the store and the naive baseline on
// whatever IndexedDB it is given (Chromium's in a Worker, or fake-indexeddb in Node). Each query
// figure is the median of several repetitions, each on a different window, with the store's block
// cache dropped first so no repetition is served from the previous one's reads.
import { BaselineStore } from './baseline';
import { generateRecording, planRecording, type RecordingPlan } from './workload';
import { TemporalStorage } from '../temporal-storage';
import { StateReducer } from '../../src/cinema/state';
import { SpanBuilder } from '../../src/cinema/spans';
import { runImported } from './imported';

export type Metrics = Record<string, number>;

/** The operations measured, for one layout. */
interface Subject {
  ingest(chunk: import('../../src/event').EventInput[]): Promise<void>;
  range(t0: number, t1: number): Promise<number>;
  hotFirstPage(id: string): Promise<number>;
  nodeAll(id: string): Promise<number>;
  correlation(id: string): Promise<number>;
  stats(): Promise<number>;
  density(t0: number, t1: number): Promise<number>;
  scan(): Promise<number>;
  /** Program state at t: from checkpoints, and by replaying from the start (store only). */
  stateAt?(t: number): Promise<number>;
  stateAtFromStart?(t: number): Promise<number>;
  /** Spans of a window merged at `minWidth`: from the span index, and by replaying the window's events (store only). */
  spans?(t0: number, t1: number, minWidth: number, lane?: string): Promise<number>;
  spansReplay?(t0: number, t1: number, minWidth: number): Promise<number>;
  /** A page of 100 of the session's flows, longest (or with most events) first, from `offset`: the total (store only). */
  flows?(sort: 'duration' | 'events', offset: number): Promise<number>;
  /** Resolves when the session's runs are merged, a finished session's copy per AST id (store only). */
  merged?(): Promise<void>;
  beforeQuery(): void;
  close(): Promise<void>;
}

export type Layout = 'store' | 'baseline' | 'imported';

async function openSubject(layout: Exclude<Layout, 'imported'>, factory: IDBFactory, dbName: string): Promise<Subject> {
  if (layout === 'store') {
    const s = await TemporalStorage.start({ indexedDB: factory, dbName, session: 'bench', maxEvents: Infinity, cleanupInterval: 0 });
    return {
      ingest: async (chunk) => void (await s.storeEvents(chunk)),
      range: async (a, b) => (await s.getEventsInRange(a, b)).length,
      hotFirstPage: async (id) => (await s.queryAstNode(id, { limit: 1000 })).events.length,
      nodeAll: async (id) => (await s.getEventsForAstNode(id)).length,
      correlation: async (id) => (await s.getEventsForCorrelation(id)).length,
      stats: async () => (await s.getStats()).total_events,
      density: async (a, b) => (await s.getDensity(a, b, 1000)).reduce((x, y) => x + y, 0),
      scan: async () => (await s.getAllEvents()).length,
      stateAt: async (t) => (await s.reconstructStateAt(t)).processes.length,
      stateAtFromStart: async (t) => {
        const reducer = new StateReducer();
        for await (const page of s.pages((o) => s.queryRange(Number.MIN_SAFE_INTEGER, t, o), 8192)) for (const e of page) reducer.apply(e);
        return reducer.snapshot().length;
      },
      spans: async (a, b, w, lane) => (await s.getSpans(a, b, { minWidth: w, lane })).start.length,
      spansReplay: async (a, b, w) => {
        const builder = new SpanBuilder();
        for await (const page of s.pages((o) => s.queryRange(a, b, o), 8192)) for (const e of page) builder.apply(e);
        return builder.finish().query(a, b, { minWidth: w }).start.length;
      },
      flows: async (sort, offset) => (await s.listFlows({ sort, descending: true, offset, limit: 100, match: '' })).total,
      merged: async () => {
        for (let m = s.sessionInfo.merged; m && m.upto < m.buckets; m = s.sessionInfo.merged) await new Promise((r) => setTimeout(r, 20));
      },
      beforeQuery: () => s.dropCaches(),
      close: () => s.stop(),
    };
  }
  const b = await BaselineStore.open(factory, dbName);
  return {
    ingest: (chunk) => b.storeEvents(chunk),
    range: async (t0, t1) => (await b.range(t0, t1)).length,
    hotFirstPage: async (id) => (await b.byId('ast', id, 1000)).length,
    nodeAll: async (id) => (await b.byId('ast', id)).length,
    correlation: async (id) => (await b.byId('corr', id)).length,
    stats: async () => (await b.stats()).total,
    density: async (t0, t1) => (await b.density(t0, t1, 1000)).reduce((x, y) => x + y, 0),
    scan: () => b.scan(),
    beforeQuery: () => {},
    close: async () => b.close(),
  };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

const round = (x: number, digits = 3) => Number(x.toFixed(digits));

/** Times `op` `reps` times (op gets the repetition number) and returns the median in ms. */
async function timed(subject: Subject, reps: number, op: (rep: number) => Promise<number>, check?: (n: number) => void): Promise<number> {
  const times: number[] = [];
  for (let r = 0; r < reps; r++) {
    subject.beforeQuery();
    const t = performance.now();
    const n = await op(r);
    times.push(performance.now() - t);
    check?.(n);
  }
  return round(median(times));
}

/** Ingests the recording into one layout, then measures every query. */
export async function runLayout(
  layout: Layout,
  factory: IDBFactory,
  dbName: string,
  events: number,
  reps = 7,
  plan: RecordingPlan = planRecording(events),
  progress: (msg: string) => void = () => {},
): Promise<Metrics> {
  if (layout === 'imported') return runImported(factory, dbName, events, reps, plan, progress);
  let subject = await openSubject(layout, factory, dbName);
  let ingestMs = 0;
  let stored = 0;
  for (const chunk of generateRecording(events)) {
    const t = performance.now();
    await subject.ingest(chunk);
    ingestMs += performance.now() - t;
    stored += chunk.length;
    if (stored % 100_000 === 0) progress(`${layout}: ${stored} events stored`);
  }
  progress(`${layout}: querying`);
  const ts = plan.timestamps;
  const expectCount = (what: string, want: number) => (n: number) => {
    if (n !== want) throw new Error(`${layout}: ${what} returned ${n} events, expected ${want}`);
  };
  // Windows start at spread-out positions, a different one per repetition.
  const window = (size: number, rep: number): [number, number] => {
    const start = Math.floor(((rep + 0.5) / reps) * Math.max(1, events - size));
    return [ts[start], ts[Math.min(events - 1, start + size - 1)]];
  };
  const inWindow = (a: number, b: number) => {
    let n = 0;
    for (let i = 0; i < ts.length; i++) if (ts[i] >= a && ts[i] <= b) n++;
    return n;
  };
  const m: Metrics = { ingest_eps: Math.round(events / (ingestMs / 1000)) };
  m.range_100_ms = await timed(subject, reps, (r) => subject.range(...window(100, r)));
  m.range_10k_ms = await timed(subject, reps, (r) => subject.range(...window(10_000, r)));
  const [w0, w1] = window(10_000, 0);
  expectCount('a 10k window', inWindow(w0, w1))(await subject.range(w0, w1));
  m.hot_node_first_page_ms = await timed(
    subject,
    reps,
    () => subject.hotFirstPage(plan.hotNode),
    expectCount('hot first page', Math.min(1000, plan.hotCount)),
  );
  m.hot_node_all_ms = await timed(subject, Math.min(reps, 5), () => subject.nodeAll(plan.hotNode), expectCount('hot node', plan.hotCount));
  // What a user clicks most: a cold node's events, a flow's.
  const pointReads = async (s: Subject, suffix: string) => {
    m[`cold_node${suffix}_ms`] = await timed(s, reps, () => s.nodeAll(plan.coldNode), expectCount('cold node', plan.coldCount));
    m[`correlation${suffix}_ms`] = await timed(
      s,
      reps,
      () => s.correlation(plan.correlation),
      expectCount('correlation', plan.correlationCount),
    );
  };
  await pointReads(subject, '');
  m.stats_ms = await timed(subject, reps, () => subject.stats(), expectCount('stats', events));
  m.density_ms = await timed(subject, Math.min(reps, 5), () => subject.density(ts[0], ts[events - 1]), expectCount('density', events));
  if (subject.stateAt && subject.stateAtFromStart) {
    // On the session opened afresh, with nothing built or read before the first question: a live
    // session has no stored checkpoints, so the first question builds them as far as its moment
    // (the `imported` layout measures a session whose import stored them).
    progress(`${layout}: state at t, on the session opened again`);
    await subject.close();
    const openedAt = performance.now();
    subject = await openSubject(layout, factory, dbName);
    const fresh = subject;
    // The merge of its runs (planned as it closed) goes on behind the questions once it opens.
    const mergedAt = fresh.merged?.().then(() => performance.now());
    m.state_at_first_ms = await timed(fresh, 1, () => fresh.stateAt!(ts[Math.floor(0.73 * (events - 1))]));
    m.state_at_ms = await timed(fresh, reps, (r) => fresh.stateAt!(ts[Math.floor(((r + 0.5) / reps) * (events - 1))]));
    m.state_at_replay_ms = await timed(subject, 1, () => subject.stateAtFromStart!(ts[events - 1]));
    // The same of a saved recording opened again (the figures above are of the session as it was
    // written, still open).
    await pointReads(fresh, '_reopened');
    if (mergedAt) {
      m.merged_from_open_ms = round((await mergedAt) - openedAt);
      // As a saved recording opened once its merge is done: closed and opened again.
      await subject.close();
      subject = await openSubject(layout, factory, dbName);
      const merged = subject;
      // Untimed, a node no event names: it waits for the open to read the time columns and posting
      // lists, which a first timed question would otherwise pay (~0.7 s at 3M events), reading nothing.
      await merged.nodeAll('(no such node)');
      await pointReads(merged, '_merged');
      m.hot_node_first_page_merged_ms = await timed(
        merged,
        reps,
        () => merged.hotFirstPage(plan.hotNode),
        expectCount('hot first page', Math.min(1000, plan.hotCount)),
      );
    }
  }
  if (subject.spans && subject.spansReplay) {
    // A flame chart 1,500 pixels wide showing one process's calls over the whole session (what
    // the chart asks per frame), then every process's: the first question builds the index (one
    // pass), later ones read it; the replay is what answering without it costs.
    progress(`${layout}: spans`);
    const [a, b] = [ts[0], ts[events - 1]];
    const pixel = (b - a) / 1500;
    const lane = plan.busiestPid;
    m.spans_build_ms = await timed(subject, 1, () => subject.spans!(a, b, pixel, lane));
    m.spans_window_ms = await timed(subject, reps, () => subject.spans!(a, b, pixel, lane));
    m.spans_window_all_lanes_ms = await timed(subject, reps, () => subject.spans!(a, b, pixel));
    m.spans_window_10k_ms = await timed(subject, reps, (r) => subject.spans!(...window(10_000, r), pixel / 100, lane));
    m.spans_window_replay_ms = await timed(subject, 1, () => subject.spansReplay!(a, b, pixel));
  }
  if (subject.flows) {
    // The flow list (Flow panel, All flows): the first question sums up every flow and orders them,
    // later pages of that order read only their first events, another order sorts again.
    progress(`${layout}: flows`);
    const flows = subject.flows;
    m.flows_first_ms = await timed(subject, 1, () => flows('duration', 0), expectCount('flows', plan.flows));
    m.flows_page_ms = await timed(subject, reps, (r) => flows('duration', (r + 1) * 100), expectCount('flows', plan.flows));
    m.flows_reorder_ms = await timed(subject, 1, () => flows('events', 0), expectCount('flows', plan.flows));
  }
  progress(`${layout}: scanning`);
  m.scan_ms = await timed(subject, 3, () => subject.scan(), expectCount('scan', events));
  await subject.close();
  return m;
}
