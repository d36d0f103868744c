// Importing a Chrome trace as a stream: its events array is split element by element as the bytes
// arrive (src/format/json-elements.ts), each element parsed and converted on its own (trace-parse.ts,
// in the parser Worker where there is one), and written in batches, so a 280 MB trace is never one
// string, memory stays flat, and its first events are in the store (and on screen) within seconds
// instead of after the whole file is parsed.
import { BATCH_EVENTS } from '../../src/format/batches';
import { SkipLog } from '../../src/format/skip-log';
import { JsonElementStream } from '../../src/format/json-elements';
import { throttled } from '../io/throttle';
import { canParseInWorker, parseTraceInWorker } from './parse-worker-client';
import { SessionWriter } from './session-writer';
import { type TraceWhere, parseTrace } from './trace-parse';
import type { FileImportResult, ImportOptions, ImportProgress } from './types';

/**
 * Whether a file's first characters show a Chrome trace whose events can be streamed: an object
 * whose top-level "traceEvents" array opens within them (after any other members), or an array
 * whose first element has a "ph" (phase). The same splitter that streams the file decides, so a
 * "traceEvents" nested deeper never counts.
 */
export function looksLikeStreamableTrace(prefix: string): '' | 'traceEvents' | null {
  const first = /^\uFEFF?\s*([[{])/.exec(prefix)?.[1];
  if (!first) return null;
  const trial = new JsonElementStream('(sniff)');
  let elements: Array<{ text: string }>;
  try {
    elements = trial.push(prefix);
  } catch {
    return null;
  }
  if (!trial.foundArray) return null;
  if (first === '{') return 'traceEvents';
  // A bare array: Chrome's events have a phase; an array of Cinema events does not.
  const head = elements[0]?.text ?? prefix.slice(prefix.indexOf('[') + 1);
  return /^\s*\{/.test(head) && /"ph"\s*:/.test(head.slice(0, 2000)) ? '' : null;
}

export async function importTraceStream(
  input: AsyncIterable<Uint8Array>,
  where: TraceWhere,
  opts: ImportOptions,
): Promise<FileImportResult> {
  const file = opts.file;
  const strict = opts.strict ?? true;
  const skips = new SkipLog();
  let bytes = 0;
  const progress = throttled<Omit<ImportProgress, 'done'>>(opts.onProgress);
  const writer = await SessionWriter.begin(
    { name: opts.name ?? file, time_unit: 'ns', epoch: '0', source: { format: 'chrome-trace', file }, header: {} },
    { file, strict, indexedDB: opts.indexedDB, dbName: opts.dbName, onSkip: skips.add, maxEvents: opts.maxEvents },
  );
  opts.onSession?.(writer.session, writer.storage);
  const parseOpts = { file, strict, batchSize: opts.batchSize ?? BATCH_EVENTS, signal: opts.signal, onRaw: (n: number) => (bytes += n) };
  const inWorker = opts.parser === 'worker' || (opts.parser === undefined && canParseInWorker());
  let inflight: Promise<void> | null = null;
  try {
    const events = inWorker ? parseTraceInWorker(input, where, parseOpts, opts.startParser) : parseTrace(input, where, parseOpts);
    for await (const ev of events) {
      // The reader counts its skips (ev.skipped, a running total); the store's are counted in `skips`.
      skips.keep(ev.messages);
      if (ev.type === 'trace-end') {
        if (inflight) await inflight;
        await writer.write(ev.records);
        await writer.storage.updateSession({ header: ev.header });
        await writer.publish();
        progress({ bytes, lines: 0, events: writer.events }, true);
        return {
          session: writer.session,
          format: 'chrome-trace',
          events: writer.events,
          ast: ev.records.filter((r) => r.kind === 'ast').length,
          sources: 0,
          links: writer.links,
          bookmarks: 0,
          skipped: ev.skipped + skips.skipped,
          messages: skips.messages,
          notes: ev.notes,
        };
      }
      // One batch in flight, as for .cinema files: the next is read while IndexedDB commits this one.
      if (inflight) await inflight;
      inflight = ev.type === 'columns' ? writer.writeColumns(ev) : writer.write(ev.records);
      inflight.catch(() => {});
      progress({ bytes, lines: 0, events: writer.events }, false);
    }
    throw new Error(`${file}: the trace's reading ended without its end`);
  } catch (err) {
    await writer.discard();
    throw err;
  }
}
