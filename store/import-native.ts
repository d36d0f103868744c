// Importing a `.cinema` or `.cinema.gz` file into a new session: bytes in chunks, lines read one by
// one, events written in batches, progress reported, cancellable. The session stays hidden (status
// 'importing') until the whole file is in; a failed or cancelled import deletes it, and sessions
// already stored are never touched.
import { FormatError } from '../src/format/format-error';
import { LineSplitter } from '../src/format/line-splitter';
import { NativeReader, type ReadEvent, type ReadRecord } from '../src/format/native-reader';
import { GzipError, maybeGunzip } from './byte-input';
import { acquireDatabase, releaseDatabase } from './connection';
import type { AstNodeRecord, LinkRecordStored } from './schema';
import { deleteSession } from './sessions';
import { TemporalStorage } from './temporal-storage';

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

let importCounter = 0;

/** Imports a native session file; resolves to the new session's id and counts. */
export async function importNativeSession(input: AsyncIterable<Uint8Array>, opts: ImportOptions): Promise<ImportResult> {
  const strict = opts.strict ?? true;
  const batchSize = opts.batchSize ?? 8192;
  const reader = new NativeReader({ file: opts.file, strict });
  const session = `import-${Date.now().toString(36)}-${(importCounter++).toString(36)}-${Math.floor(Math.random() * 1e9).toString(36)}`;
  let storage: TemporalStorage | null = null;
  let bytes = 0;
  let events = 0;
  let lastProgress = 0;
  let pending: ReadRecord[] = [];
  const fileIds = new Map<string, string>();
  const links: Array<{ from: string; to: string; label?: string }> = [];
  const progress = (done: boolean) => {
    const now = Date.now();
    if (!done && now - lastProgress < 100) return;
    lastProgress = now;
    opts.onProgress?.({ bytes, lines: splitter.lines, events, done });
  };
  const splitter = new LineSplitter((text, line) => {
    const r = reader.read(text, line);
    if (r) pending.push(r);
  });

  // Writes what the lines so far produced: events in batches, the rest alongside.
  const flush = async (all: boolean) => {
    if (!storage && reader.header) {
      const h = reader.header;
      storage = await TemporalStorage.start({
        session,
        indexedDB: opts.indexedDB,
        dbName: opts.dbName,
        maxEvents: Infinity,
        cleanupInterval: 0,
        sessionName: opts.name ?? h.name ?? opts.file,
        sessionInit: { status: 'importing', time_unit: h.time_unit, epoch: h.epoch, source: { format: 'cinema', file: opts.file }, header: { ...h } },
      });
    }
    if (!storage || (!all && pending.length < batchSize)) return;
    const records = pending;
    pending = [];
    const batch: ReadEvent[] = [];
    const ast: AstNodeRecord[] = [];
    const sources: Array<{ file: string; text: string }> = [];
    const bookmarks: Array<{ timestamp: number; label: string }> = [];
    for (const r of records) {
      if (r.kind === 'event') batch.push(r);
      else if (r.kind === 'ast') {
        const { kind: _k, line: _l, ...node } = r;
        ast.push(node);
      } else if (r.kind === 'source') sources.push({ file: r.file, text: r.text });
      else if (r.kind === 'link') links.push(r.label === undefined ? { from: r.from, to: r.to } : { from: r.from, to: r.to, label: r.label });
      else bookmarks.push({ timestamp: r.timestamp, label: r.label });
    }
    await storeBatch(storage, batch);
    if (ast.length + sources.length + bookmarks.length > 0) await storage.addExtras({ ast, sources, bookmarks });
  };

  const storeBatch = async (s: TemporalStorage, batch: ReadEvent[]) => {
    let rest = batch;
    while (rest.length > 0) {
      try {
        const ids = await s.storeEvents(rest.map((e) => ({ timestamp: e.timestamp, ast_node_id: e.ast_node_id, correlation_id: e.correlation_id, data: e.data })));
        rest.forEach((e, i) => e.id !== null && fileIds.set(e.id, ids[i]));
        events += rest.length;
        return;
      } catch (err) {
        // The store refused one event (a payload too deep, say): name its line.
        const index = (err as { index?: number }).index;
        if (index === undefined) throw err;
        const why = (err as Error).message.replace(/^event \d+: /, '');
        const bad = new FormatError(opts.file, rest[index].line, 1, why);
        if (strict) throw bad;
        reader.skipped++;
        if (reader.messages.length < 20) reader.messages.push(bad.message);
        rest = rest.filter((_e, i) => i !== index);
      }
    }
  };

  try {
    const decoder = new TextDecoder('utf-8', { fatal: true });
    for await (const chunk of maybeGunzip(input, (n) => (bytes += n))) {
      if (opts.signal?.aborted) throw abortError();
      let text: string;
      try {
        text = decoder.decode(chunk, { stream: true });
      } catch {
        throw new FormatError(opts.file, splitter.lines + 1, 1, 'expected UTF-8 text, found bytes that are not (is this a binary file?)');
      }
      splitter.push(text);
      await flush(false);
      progress(false);
    }
    if (opts.signal?.aborted) throw abortError();
    try {
      splitter.push(decoder.decode());
    } catch {
      throw new FormatError(opts.file, splitter.lines + 1, 1, 'expected UTF-8 text, found a truncated UTF-8 sequence at the end');
    }
    splitter.end();
    reader.finish();
    await flush(true);
    const s = storage as TemporalStorage | null;
    if (!s) throw new FormatError(opts.file, 1, 1, 'expected a cinema-session header, found an empty file');
    const stored: LinkRecordStored[] = [];
    for (const l of links) {
      const from = fileIds.get(l.from);
      const to = fileIds.get(l.to);
      if (from !== undefined && to !== undefined) stored.push(l.label === undefined ? { from, to } : { from, to, label: l.label });
    }
    if (stored.length > 0) await s.addExtras({ links: stored });
    if (opts.signal?.aborted) throw abortError();
    await s.updateSession({ status: 'ready' });
    await s.stop();
    progress(true);
    return { session, events, ast: reader.counts.ast, sources: reader.counts.source, links: stored.length, bookmarks: reader.counts.bookmark, skipped: reader.skipped, messages: reader.messages.slice() };
  } catch (err) {
    await discard(storage, session, opts);
    if (err instanceof GzipError) throw new FormatError(opts.file, splitter.lines + 1, 1, err.message);
    throw err;
  }
}

function abortError(): Error {
  const err = new Error('import cancelled');
  err.name = 'AbortError';
  return err;
}

/** Removes a half-imported session; what other sessions hold is untouched. */
async function discard(storage: TemporalStorage | null, session: string, opts: ImportOptions): Promise<void> {
  if (!storage) return;
  await storage.stop().catch(() => {});
  const factory = opts.indexedDB ?? (globalThis as { indexedDB?: IDBFactory }).indexedDB!;
  const dbName = opts.dbName ?? 'cinema';
  const db = await acquireDatabase(factory, dbName);
  try {
    await deleteSession(db, session);
  } finally {
    await releaseDatabase(factory, dbName);
  }
}
