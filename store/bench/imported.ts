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
  // Asked the moment the open returns, while it still reads the posting lists behind the time
  // columns (one large read that the question's reads queue behind in Chromium).
  progress('imported: state at t, asked as the session opens');
  let s = await open();
  const duringOpen = await question(s, at(0.37));
  await s.stop();
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
      checkpoints_stored: s.sessionInfo.checkpoints?.ts.length ?? 0,
      state_at_during_open_ms: round(duringOpen),
      state_at_first_ms: round(first),
      state_at_ms: round(median(spread)),
      state_at_replay_ms: round(replayMs),
    };
  } finally {
    await s.stop();
  }
}
