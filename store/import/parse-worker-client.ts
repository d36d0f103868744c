// Reading a `.cinema` file (or a Chrome trace, or an OTLP file) in a parser Worker while this thread writes to
// IndexedDB: on a 1M-event file, reading lines took as long as storing them, and the two now run
// side by side.
// Chunks go to the Worker as they arrive (transferred, not copied), at most a few ahead and only
// while few parsed batches wait here, so memory stays flat whichever side is slower.
import { FormatError } from '../../src/format/format-error';
import { abortError } from '../../src/abort';
import { type ParseEvent, type ParseOptions, type WireRecords, parseNative } from './native-parse';
import { type StreamJob, readStreamed } from '../../src/format/streamed-formats';
import type { TraceParseEvent } from '../../src/format/trace-read';
import { decodeText } from '../io/byte-input';

/** What the parser Worker reads: a `.cinema` file, or a stream of JSON elements. */
export type ParseJob = { format: 'cinema' } | StreamJob;

/** Messages to the parser Worker. */
export type ToParser =
  | { type: 'start'; file: string; strict: boolean; batchSize: number; job: ParseJob }
  | { type: 'chunk'; chunk: Uint8Array }
  | { type: 'end' };

/** What a Worker's reading yields here: a batch of records always crosses as columns. */
type Parsed = Exclude<ParseEvent | TraceParseEvent, { type: 'records' }>;

type FromParser =
  | Parsed
  | { type: 'ack' }
  | { type: 'ready' }
  | { type: 'error'; name: string; message: string; file?: string; line?: number; column?: number; detail?: string };

/** Raw chunks sent and not yet read by the parser; parsed batches waiting here. */
const MAX_CHUNKS_AHEAD = 4;
const MAX_BATCHES_WAITING = 2;

/** Whether this thread can start a parser Worker (not in Node, where tests and the CLI run). */
export function canParseInWorker(): boolean {
  return typeof Worker === 'function';
}

/** The parser Worker (Vite bundles the script beside the store's). */
export function startParser(): Worker {
  return new Worker(new URL('./parse-worker.ts', import.meta.url), { type: 'module', name: 'cinema-import-parser' });
}

/** Like parseNative, with the reading done in a Worker (`start` makes it; tests pass a broken one). */
export function parseInWorker(
  input: AsyncIterable<Uint8Array>,
  opts: ParseOptions,
  start: () => Worker = startParser,
): AsyncGenerator<ParseEvent> {
  return inWorker(input, opts, start, { format: 'cinema' }) as AsyncGenerator<ParseEvent>;
}

/** Like parseStreamed, with the reading and converting done in a Worker. */
export function parseStreamInWorker(
  input: AsyncIterable<Uint8Array>,
  job: StreamJob,
  opts: ParseOptions,
  start: () => Worker = startParser,
): AsyncGenerator<WireRecords | TraceParseEvent> {
  return inWorker(input, opts, start, job) as AsyncGenerator<WireRecords | TraceParseEvent>;
}

async function* inWorker(
  input: AsyncIterable<Uint8Array>,
  opts: ParseOptions,
  start: () => Worker,
  job: ParseJob,
): AsyncGenerator<Parsed | ParseEvent | TraceParseEvent> {
  const worker = start();
  const inbox: FromParser[] = [];
  let ahead = 0;
  let failure: unknown = null;
  let stopped = false;
  // Wakes whoever waits (this generator for messages, the pump for room).
  let waiters: Array<() => void> = [];
  const changed = () => {
    const w = waiters;
    waiters = [];
    w.forEach((f) => f());
  };
  const change = () => new Promise<void>((r) => waiters.push(r));
  let ready = false;
  worker.onmessage = (e: MessageEvent<FromParser>) => {
    if (e.data.type === 'ack') ahead--;
    else if (e.data.type === 'ready') ready = true;
    else inbox.push(e.data);
    changed();
  };
  worker.onerror = (e) => {
    e.preventDefault();
    failure ??= new Error(`the import's parser failed: ${e.message || 'it could not start'}`);
    changed();
  };
  const onAbort = () => changed();
  opts.signal?.addEventListener('abort', onAbort);
  // Nothing is sent before the Worker says it runs: one that cannot start (a missing script, a
  // policy refusing it) leaves the input untouched, and the file is read on this thread instead.
  while (!ready && failure === null && !opts.signal?.aborted) await change();
  if (!ready) {
    opts.signal?.removeEventListener('abort', onAbort);
    worker.terminate();
    if (opts.signal?.aborted) throw abortError('import');
    yield* readOnThisThread(input, job, opts);
    return;
  }
  worker.postMessage({ type: 'start', file: opts.file, strict: opts.strict, batchSize: opts.batchSize, job } satisfies ToParser);

  const pump = async () => {
    const it = input[Symbol.asyncIterator]();
    for (;;) {
      while (!stopped && (ahead >= MAX_CHUNKS_AHEAD || inbox.length >= MAX_BATCHES_WAITING)) await change();
      if (stopped) return;
      const r = await it.next();
      if (stopped) return;
      if (r.done) {
        worker.postMessage({ type: 'end' } satisfies ToParser);
        return;
      }
      opts.onRaw?.(r.value.length);
      // Transferred when the view is its whole buffer; else copied first.
      const own = r.value.byteOffset === 0 && r.value.byteLength === r.value.buffer.byteLength ? r.value : r.value.slice();
      ahead++;
      worker.postMessage({ type: 'chunk', chunk: own } satisfies ToParser, [own.buffer]);
    }
  };
  pump().catch((err) => {
    failure ??= err;
    changed();
  });

  try {
    for (;;) {
      while (inbox.length === 0 && failure === null && !opts.signal?.aborted) await change();
      if (opts.signal?.aborted) throw abortError('import');
      if (failure !== null) throw failure;
      const m = inbox.shift()!;
      changed(); // room for the pump
      if (m.type === 'error') {
        throw m.name === 'FormatError' && m.file !== undefined
          ? new FormatError(m.file, m.line!, m.column!, m.detail!)
          : Object.assign(new Error(m.message), { name: m.name });
      }
      // Batches stay columns: the writer stores them as they are (SessionWriter.writeColumns).
      yield m as Parsed;
      if (m.type === 'end' || m.type === 'trace-end') return;
    }
  } finally {
    stopped = true;
    changed();
    opts.signal?.removeEventListener('abort', onAbort);
    worker.terminate();
  }
}

/** A Chrome trace's or an OTLP file's bytes (gzip or not) read into batches of records on this thread. */
export function parseStreamed(input: AsyncIterable<Uint8Array>, job: StreamJob, opts: ParseOptions): AsyncGenerator<TraceParseEvent> {
  const texts = decodeText(input, { file: opts.file, signal: opts.signal, onRaw: opts.onRaw ?? (() => {}), lineAt: () => 1 });
  return readStreamed(texts, job, opts);
}

/** The same reading as the Worker's, on this thread. */
export function readOnThisThread(
  input: AsyncIterable<Uint8Array>,
  job: ParseJob,
  opts: ParseOptions,
): AsyncGenerator<ParseEvent | TraceParseEvent> {
  return job.format === 'cinema' ? parseNative(input, opts) : parseStreamed(input, job, opts);
}
