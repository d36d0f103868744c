// Importing a Chrome trace or an OTLP file as a stream: its events (spans) are split element by
// element as the bytes arrive (src/format/json-path-stream.ts), each element parsed and converted
// on its own (src/format/trace-read.ts, otlp-read.ts; in the parser Worker where there is one), and written
// in batches, so a 280 MB trace is never one string, memory stays flat, and its first events are
// in the store (and on screen) within seconds instead of after the whole file is parsed.
import { BATCH_EVENTS } from '../../src/format/batches';
import { SkipLog } from '../../src/format/skip-log';
import { throttled } from '../io/throttle';
import type { StreamJob } from '../../src/format/streamed-formats';
import { canParseInWorker, parseStreamInWorker, parseStreamed } from './parse-worker-client';
import { SessionWriter } from './session-writer';
import type { FileImportResult, ImportOptions, ImportProgress } from './types';

export async function importTraceStream(input: AsyncIterable<Uint8Array>, job: StreamJob, opts: ImportOptions): Promise<FileImportResult> {
  const file = opts.file;
  const strict = opts.strict ?? true;
  const skips = new SkipLog();
  let bytes = 0;
  const progress = throttled<Omit<ImportProgress, 'done'>>(opts.onProgress);
  // A Chrome trace's times are offsets already; an OTLP file's epoch is known at its first span.
  let writer: SessionWriter | null = null;
  const begin = async (epoch: string): Promise<SessionWriter> => {
    writer = await SessionWriter.begin(
      { name: opts.name ?? file, time_unit: 'ns', epoch, source: { format: job.format, file }, header: {} },
      { file, strict, indexedDB: opts.indexedDB, dbName: opts.dbName, onSkip: skips.add, maxEvents: opts.maxEvents },
    );
    opts.onSession?.(writer.session, writer.storage);
    return writer;
  };
  if (job.format === 'chrome-trace') await begin('0');
  const parseOpts = { file, strict, batchSize: opts.batchSize ?? BATCH_EVENTS, signal: opts.signal, onRaw: (n: number) => (bytes += n) };
  const inWorker = opts.parser === 'worker' || (opts.parser === undefined && canParseInWorker());
  let inflight: Promise<void> | null = null;
  try {
    const events = inWorker ? parseStreamInWorker(input, job, parseOpts, opts.startParser) : parseStreamed(input, job, parseOpts);
    for await (const ev of events) {
      if (ev.type === 'epoch') {
        await begin(ev.epoch);
        continue;
      }
      const w = writer ?? (await begin('0'));
      // The reader counts its skips (ev.skipped, a running total); the store's are counted in `skips`.
      skips.keep(ev.messages);
      if (ev.type === 'trace-end') {
        if (inflight) await inflight;
        await w.write(ev.records);
        await w.storage.updateSession({ header: ev.header });
        await w.publish();
        progress({ bytes, lines: 0, events: w.events }, true);
        return {
          session: w.session,
          format: job.format,
          events: w.events,
          ast: ev.records.filter((r) => r.kind === 'ast').length,
          sources: 0,
          links: w.links,
          bookmarks: 0,
          skipped: ev.skipped + skips.skipped,
          messages: skips.messages,
          notes: ev.notes,
        };
      }
      // One batch in flight, as for .cinema files: the next is read while IndexedDB commits this one.
      if (inflight) await inflight;
      inflight = ev.type === 'columns' ? w.writeColumns(ev) : w.write(ev.records);
      inflight.catch(() => {});
      progress({ bytes, lines: 0, events: w.events }, false);
    }
    throw new Error(`${file}: the ${job.format === 'otlp' ? 'file' : 'trace'}'s reading ended without its end`);
  } catch (err) {
    await (writer as SessionWriter | null)?.discard();
    throw err;
  }
}
