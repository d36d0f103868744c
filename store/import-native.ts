// Importing a `.cinema` or `.cinema.gz` file into a new session: bytes in chunks, lines read one by
// one, events written in batches, progress reported, cancellable. The session stays hidden (status
// 'importing') until the whole file is in; a failed or cancelled import deletes it, and sessions
// already stored are never touched.
import { FormatError } from '../src/format/format-error';
import { LineSplitter } from '../src/format/line-splitter';
import { NativeReader, type ReadRecord } from '../src/format/native-reader';
import { abortError, decodeText, throttled } from './byte-input';
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
  const reader = new NativeReader({ file: opts.file, strict, payloadText: true });
  const skip = (message: string) => {
    reader.skipped++;
    if (reader.messages.length < 20) reader.messages.push(message);
  };
  let writer: SessionWriter | null = null;
  let bytes = 0;
  let pending: ReadRecord[] = [];
  let inflight: Promise<void> | null = null;
  const progress = throttled<Omit<ImportProgress, 'done'>>(opts.onProgress);
  const report = (done: boolean) => progress({ bytes, lines: splitter.lines, events: writer?.events ?? 0 }, done);
  const splitter = new LineSplitter((text, line) => {
    const r = reader.read(text, line);
    if (r) pending.push(r);
  });
  // Writes what the lines so far produced, once a batch has gathered (or at the end).
  const flush = async (all: boolean) => {
    if (!writer && reader.header) {
      const h = reader.header;
      writer = await SessionWriter.begin(
        { name: opts.name ?? h.name ?? opts.file, time_unit: h.time_unit, epoch: h.epoch, source: { format: 'cinema', file: opts.file }, header: { ...h } },
        { file: opts.file, strict, indexedDB: opts.indexedDB, dbName: opts.dbName, onSkip: skip },
      );
      opts.onSession?.(writer.session, writer.storage);
    }
    if (!writer || (!all && pending.length < batchSize)) return;
    const records = pending;
    pending = [];
    // One batch in flight: the next chunk is parsed while IndexedDB commits this one (the commit
    // happens in the browser process, so the two overlap); its failure surfaces at the next flush.
    if (inflight) await inflight;
    inflight = writer.write(records);
    inflight.catch(() => {});
    if (all) {
      const last = inflight;
      inflight = null;
      await last;
    }
  };

  try {
    for await (const text of decodeText(input, { file: opts.file, signal: opts.signal, onRaw: (n) => (bytes += n), lineAt: () => splitter.lines + 1 })) {
      splitter.push(text);
      await flush(false);
      report(false);
    }
    splitter.end();
    reader.finish();
    await flush(true);
    const w = writer as SessionWriter | null;
    if (!w) throw new FormatError(opts.file, 1, 1, 'expected a cinema-session header, found an empty file');
    if (opts.signal?.aborted) throw abortError();
    await w.publish();
    report(true);
    return { session: w.session, events: w.events, ast: reader.counts.ast, sources: reader.counts.source, links: w.links, bookmarks: reader.counts.bookmark, skipped: reader.skipped, messages: reader.messages.slice() };
  } catch (err) {
    await (writer as SessionWriter | null)?.discard();
    throw err;
  }
}
