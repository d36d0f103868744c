// Importing a `.cinema` or `.cinema.gz` file into a new session: bytes in chunks, lines read one by
// one, events written in batches, progress reported, cancellable. The session stays hidden (status
// 'importing') until the whole file is in; a failed or cancelled import deletes it, and sessions
// already stored are never touched.
import { BATCH_EVENTS } from '../../src/format/batches';
import { FormatError } from '../../src/format/format-error';
import { SkipLog } from '../../src/format/skip-log';
import { abortError } from '../../src/abort';
import { throttled } from '../io/throttle';
import { parseNative } from './native-parse';
import { canParseInWorker, parseInWorker } from './parse-worker-client';
import { SessionWriter } from './session-writer';
import type { ImportOptions, ImportProgress, ImportResult } from './types';

/** Imports a native session file; resolves to the new session's id and counts. */
export async function importNativeSession(input: AsyncIterable<Uint8Array>, opts: ImportOptions): Promise<ImportResult> {
  const strict = opts.strict ?? true;
  const batchSize = opts.batchSize ?? BATCH_EVENTS;
  // Progress goes out as bytes arrive too, not only per batch (at most every 100 ms: throttled).
  const parseOpts = { file: opts.file, strict, batchSize, signal: opts.signal, onRaw: (n: number) => ((bytes += n), report(false)) };
  const inWorker = opts.parser === 'worker' || (opts.parser === undefined && canParseInWorker());
  let writer: SessionWriter | null = null;
  let bytes = 0;
  let lines = 0;
  // Bad records skipped, by the reader (its running total) and by the store (lenient mode).
  // The store's skips are counted in `skips`; the reader counts its own and sends its messages.
  let readerSkipped = 0;
  const skips = new SkipLog();
  let inflight: Promise<void> | null = null;
  const progress = throttled<Omit<ImportProgress, 'done'>>(opts.onProgress);
  const report = (done: boolean) => progress({ bytes, lines, events: writer?.events ?? 0 }, done);
  let counts: { ast: number; source: number; bookmark: number } | null = null;

  try {
    for await (const ev of inWorker ? parseInWorker(input, parseOpts, opts.startParser) : parseNative(input, parseOpts)) {
      if (ev.type === 'header') {
        const h = ev.header;
        writer = await SessionWriter.begin(
          {
            name: opts.name ?? h.name ?? opts.file,
            time_unit: h.time_unit,
            epoch: h.epoch,
            source: { format: 'cinema', file: opts.file },
            header: { ...h },
          },
          { file: opts.file, strict, indexedDB: opts.indexedDB, dbName: opts.dbName, onSkip: skips.add, maxEvents: opts.maxEvents },
        );
        opts.onSession?.(writer.session, writer.storage);
        continue;
      }
      lines = ev.lines;
      readerSkipped = ev.skipped;
      skips.keep(ev.messages);
      if (ev.type === 'end') {
        counts = ev.counts;
        break;
      }
      // One batch in flight: the next is read while IndexedDB commits this one (the commit happens
      // in the browser process, so the two overlap); its failure surfaces at the next batch.
      if (inflight) await inflight;
      inflight = ev.type === 'columns' ? writer!.writeColumns(ev) : writer!.write(ev.records);
      inflight.catch(() => {});
      report(false);
    }
    if (inflight) await inflight;
    const w = writer as SessionWriter | null;
    if (!w || !counts) throw new FormatError(opts.file, 1, 1, 'expected a cinema-session header, found an empty file');
    if (opts.signal?.aborted) throw abortError('import');
    await w.publish();
    report(true);
    return {
      session: w.session,
      events: w.events,
      ast: counts.ast,
      sources: counts.source,
      links: w.links,
      bookmarks: counts.bookmark,
      skipped: readerSkipped + skips.skipped,
      messages: skips.messages,
    };
  } catch (err) {
    await (writer as SessionWriter | null)?.discard();
    throw err;
  }
}
