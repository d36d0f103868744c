// Importing a `.cinema` or `.cinema.gz` file into a new session: bytes in chunks, lines read one by
// one, events written in batches, progress reported, cancellable. The session stays hidden (status
// 'importing') until the whole file is in; a failed or cancelled import deletes it, and sessions
// already stored are never touched.
import { FormatError } from '../src/format/format-error';
import { abortError, throttled } from './byte-input';
import { parseNative } from './native-parse';
import { canParseInWorker, parseInWorker } from './parse-worker-client';
import { SessionWriter } from './session-writer';
import type { TemporalStorage } from './temporal-storage';

export interface ImportOptions {
  /** The file's name: shown in messages and kept as the session's source. */
  file: string;
  /** Default true: the first bad record aborts. False: bad records are skipped and counted. */
  strict?: boolean;
  /** The session's name; default the header's name, else the file name. */
  name?: string;
  indexedDB?: IDBFactory;
  dbName?: string;
  signal?: AbortSignal;
  /** Called at most every 100 ms while importing, and once at the end. */
  onProgress?: (p: ImportProgress) => void;
  /** Events a write batch; default 8,192. */
  batchSize?: number;
  /**
   * Where lines are read: 'worker' (a parser Worker, beside the writes), or 'here'. Default: a
   * Worker wherever one can start (browsers, Electron's windows), else here (Node).
   */
  parser?: 'worker' | 'here';
  /** Makes the parser Worker; default the bundled one (a test gives one that cannot start). */
  startParser?: () => Worker;
  /**
   * Called once the hidden session exists, with the storage being written: a viewer may query it
   * while the import goes on (it joins the library only when complete).
   */
  onSession?: (session: string, storage: TemporalStorage) => void;
}

export interface ImportProgress {
  bytes: number;
  lines: number;
  events: number;
  done: boolean;
}

export interface ImportResult {
  session: string;
  events: number;
  ast: number;
  sources: number;
  links: number;
  bookmarks: number;
  /** Lenient mode: records skipped, and the first 20 messages. */
  skipped: number;
  messages: string[];
}

/** Imports a native session file; resolves to the new session's id and counts. */
export async function importNativeSession(input: AsyncIterable<Uint8Array>, opts: ImportOptions): Promise<ImportResult> {
  const strict = opts.strict ?? true;
  const batchSize = opts.batchSize ?? 8192;
  // Progress goes out as bytes arrive too, not only per batch (at most every 100 ms: throttled).
  const parseOpts = { file: opts.file, strict, batchSize, signal: opts.signal, onRaw: (n: number) => ((bytes += n), report(false)) };
  const inWorker = opts.parser === 'worker' || (opts.parser === undefined && canParseInWorker());
  let writer: SessionWriter | null = null;
  let bytes = 0;
  let lines = 0;
  // Bad records skipped, by the reader (its running total) and by the store (lenient mode).
  let readerSkipped = 0;
  let storeSkipped = 0;
  const messages: string[] = [];
  const keep = (m: string[]) => messages.push(...m.slice(0, Math.max(0, 20 - messages.length)));
  let inflight: Promise<void> | null = null;
  const progress = throttled<Omit<ImportProgress, 'done'>>(opts.onProgress);
  const report = (done: boolean) => progress({ bytes, lines, events: writer?.events ?? 0 }, done);
  let counts: { ast: number; source: number; bookmark: number } | null = null;

  try {
    for await (const ev of inWorker ? parseInWorker(input, parseOpts, opts.startParser) : parseNative(input, parseOpts)) {
      if (ev.type === 'header') {
        const h = ev.header;
        writer = await SessionWriter.begin(
          { name: opts.name ?? h.name ?? opts.file, time_unit: h.time_unit, epoch: h.epoch, source: { format: 'cinema', file: opts.file }, header: { ...h } },
          { file: opts.file, strict, indexedDB: opts.indexedDB, dbName: opts.dbName, onSkip: (m) => (storeSkipped++, keep([m])) },
        );
        opts.onSession?.(writer.session, writer.storage);
        continue;
      }
      lines = ev.lines;
      readerSkipped = ev.skipped;
      keep(ev.messages);
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
    if (opts.signal?.aborted) throw abortError();
    await w.publish();
    report(true);
    return { session: w.session, events: w.events, ast: counts.ast, sources: counts.source, links: w.links, bookmarks: counts.bookmark, skipped: readerSkipped + storeSkipped, messages };
  } catch (err) {
    await (writer as SessionWriter | null)?.discard();
    throw err;
  }
}
