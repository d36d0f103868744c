// The benchmark's imported session: the same generated recording written as a `.cinema` file and
// imported, as a user's recording arrives, then opened afresh, as a user opens it later. What it
// measures is what only an import gives: the import's own speed (with the checkpoints it builds
// as it writes), and state at any moment from the first question, with nothing built or read
// before it but what opening reads.
import { StateReducer } from '../../src/cinema/state';
import { TimeBase } from '../../src/format/exact-time';
import { eventLine, headerLine } from '../../src/format/native-writer';
import { importFile } from '../import/import-file';
import { TemporalStorage } from '../temporal-storage';
import { generateRecording, type RecordingPlan } from './workload';

/** The recording as `.cinema` bytes, a generated chunk at a time. */
async function* recordingBytes(events: number): AsyncGenerator<Uint8Array> {
  const encoder = new TextEncoder();
  const base = new TimeBase('0');
  yield encoder.encode(
    headerLine({
      format: 'cinema-session',
      version: 2,
      name: 'bench',
      created_at: new Date(0).toISOString(),
      time_unit: 'ns',
      epoch: '0',
    }) + '\n',
  );
  for (const chunk of generateRecording(events)) {
    let text = '';
    for (const e of chunk) {
      const { timestamp, ast_node_id, correlation_id, data } = e as {
        timestamp: number;
        ast_node_id: string | null;
        correlation_id: string | null;
        data: unknown;
      };
      text += eventLine({ timestamp, ast_node_id, correlation_id, data }, base) + '\n';
    }
    yield encoder.encode(text);
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1];

export async function runImported(
  factory: IDBFactory,
  dbName: string,
  events: number,
  reps: number,
  plan: RecordingPlan,
  progress: (msg: string) => void,
): Promise<Record<string, number>> {
  progress(`imported: importing ${events} events`);
  let t = performance.now();
  const { session } = await importFile(recordingBytes(events), { indexedDB: factory, dbName, file: 'bench.cinema' });
  const importMs = performance.now() - t;
  const ts = plan.timestamps;
  const at = (f: number) => ts[Math.floor(f * (events - 1))];
  const open = () => TemporalStorage.start({ indexedDB: factory, dbName, session, maxEvents: Infinity, cleanupInterval: 0 });
  const question = async (s: TemporalStorage, time: number) => {
    s.dropCaches();
    const start = performance.now();
    const state = await s.reconstructStateAt(time);
    if (state.processes.length === 0) throw new Error(`imported: no state at ${time}`);
    return performance.now() - start;
  };
  // Asked the moment the open returns, as the app's state panel asks it, while the open still reads
  // the time columns and posting lists: from the open's return, and from the call that opened it
  // (the open returns before the columns are read when the session has an overview, so the question
  // waits behind them instead). The first open after the import on its own, then `reps` more, each
  // freshly opened and asked at another moment.
  progress('imported: state at t, asked as the session opens');
  const askedAtOpen = async (f: number) => {
    const start = performance.now();
    const opened = await open();
    try {
      const answered = await question(opened, at(f));
      return { answered, fromOpen: performance.now() - start };
    } finally {
      await opened.stop();
    }
  };
  const afterImport = await askedAtOpen(0.37);
  const duringOpen: number[] = [];
  const fromOpen: number[] = [];
  for (let r = 0; r < reps; r++) {
    const asked = await askedAtOpen((r + 0.5) / reps);
    duringOpen.push(asked.answered);
    fromOpen.push(asked.fromOpen);
  }
  let s: TemporalStorage;
  // Opening as the app does: the session, then what the detail timeline asks for its full view
  // (the window's count, then buckets of a power-of-two width aligned to the start, ~40 of them):
  // its first paint. Then 1,000 equal buckets, which only the time columns answer (standing for
  // every other question), then a node's first page (which needs the posting lists).
  progress('imported: opening');
  const [oldest, newest] = [at(0), at(1)];
  const width = 2 ** Math.ceil(Math.log2((newest - oldest + 1) / 40));
  const buckets = Math.ceil((newest + 1 - oldest) / width);
  const opens: number[] = [];
  const started: number[] = [];
  const withColumns: number[] = [];
  const withPostings: number[] = [];
  for (let r = 0; r < reps; r++) {
    t = performance.now();
    s = await open();
    started.push(performance.now() - t);
    await s.getDensity(oldest, newest, 1);
    await s.getDensity(oldest, oldest + buckets * width - 1, buckets);
    opens.push(performance.now() - t);
    await s.getDensity(oldest, newest, 1000);
    withColumns.push(performance.now() - t);
    await s.queryAstNode('', { limit: 1 });
    withPostings.push(performance.now() - t);
    await s.stop();
  }
  progress('imported: state at t, on the session opened afresh');
  s = await open();
  try {
    // Queries by id wait for the posting lists: the open is then done, and nothing else is built.
    await s.queryAstNode('', { limit: 1 });
    const first = await question(s, at(0.73));
    const spread: number[] = [];
    for (let r = 0; r < reps; r++) spread.push(await question(s, at((r + 0.5) / reps)));
    t = performance.now();
    const reducer = new StateReducer();
    for await (const page of s.pages((o) => s.queryRange(Number.MIN_SAFE_INTEGER, at(1), o), 8192)) for (const e of page) reducer.apply(e);
    const replayMs = performance.now() - t;
    const round = (x: number) => Number(x.toFixed(3));
    return {
      import_eps: Math.round(events / (importMs / 1000)),
      open_ms: round(median(started)),
      open_to_first_paint_ms: round(median(opens)),
      open_to_columns_ms: round(median(withColumns)),
      open_to_postings_ms: round(median(withPostings)),
      checkpoints_stored: s.sessionInfo.checkpoints?.ts.length ?? 0,
      posting_segments: s.sessionInfo.next_segment, // compacted as the import published (posting-compaction.ts)
      state_at_after_import_ms: round(afterImport.answered),
      state_at_during_open_ms: round(median(duringOpen)),
      state_at_from_open_ms: round(median(fromOpen)),
      state_at_first_ms: round(first),
      state_at_ms: round(median(spread)),
      state_at_replay_ms: round(replayMs),
    };
  } finally {
    await s.stop();
  }
}
