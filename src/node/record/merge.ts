// One recording from the parts every process and thread left: a `.cinema` (or `.cinema.gz`) file
// with the header, the AST nodes and source text of every rewritten file that ran, and the events
// of all parts merged in time order.
import { createReadStream, createWriteStream, readdirSync, renameSync, rmSync } from 'node:fs';
import type { Writable } from 'node:stream';
import zlib from 'node:zlib';
import { join } from 'node:path';
import { astLine, headerLine, sourceLine } from '../../format/native-writer';
import type { AstRecord } from '../../format/spec';
import { ParallelGzip } from './parallel-gzip';
import { crc32Combine } from './crc32-combine';
import { type PartEnd, type PartMeta, readPartEnd, readPartMeta, readPartSpan } from './part';
import { PartReader } from './part-reader';
import { type CacheEntry, readCache } from './transform';

export interface MergeResult {
  out: string;
  events: number;
  /** Distinct processes, and threads over all of them. */
  processes: number;
  threads: number;
  /** Rewritten files that ran. */
  files: number;
  /** Events let go by the buffers' limits. */
  dropped: number;
  /** Parts left out: cut short before their first line was whole (a process killed as it began writing). */
  unreadable: number;
}

export interface RecordingHeader {
  epoch: string;
  name: string;
  command: string[];
}

/** The AST records of a rewritten file, parents before children (the table's order). */
export function astRecords(entry: CacheEntry): AstRecord[] {
  return entry.nodes.map((n) => ({
    kind: 'ast',
    id: n.id,
    type: n.kind,
    name: n.name,
    parent_id: n.parent >= 0 ? entry.nodes[n.parent].id : null,
    file: entry.file,
    span: { start_line: n.line, start_col: n.col, end_line: n.endLine, end_col: n.endCol },
  }));
}

const GZIP_HEADER = Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff]);
/** A final deflate block holding nothing (fixed codes, just its end): what ends joined blocks. */
const FINAL_EMPTY_BLOCK = Buffer.from([0x03, 0x00]);

/** The part files of a recording folder. */
export function partFiles(dir: string): string[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.part'))
    .sort()
    .map((f) => join(dir, f));
}

interface Part {
  path: string;
  meta: PartMeta;
  bodyAt: number;
  /** Null for a part cut short. */
  end: PartEnd | null;
}

/** Merges the parts in `dir` into `out`; gzip when `out` ends in .gz. */
export async function mergeParts(dir: string, out: string, header: RecordingHeader): Promise<MergeResult> {
  const parts: Part[] = [];
  let unreadable = 0;
  for (const path of partFiles(dir)) {
    let meta: ReturnType<typeof readPartMeta>;
    try {
      meta = readPartMeta(path);
    } catch {
      unreadable++; // its first line cut short: nothing in it can be placed
      continue;
    }
    parts.push({ path, ...meta, end: readPartEnd(path) });
  }
  const entries = new Map<string, CacheEntry>();
  for (const { meta } of parts) {
    for (const m of meta.modules) {
      if (entries.has(m.key)) continue;
      const e = readCache(meta.cacheDir, m.key);
      if (e) entries.set(m.key, e);
    }
  }
  const files = new Map<string, CacheEntry>();
  for (const e of entries.values()) if (!files.has(e.file)) files.set(e.file, e);
  const pids = new Set(parts.map((p) => p.meta.pid));
  let prefix = headerLine({
    format: 'cinema-session',
    version: 2,
    name: header.name,
    created_at: new Date().toISOString(),
    time_unit: 'ns',
    epoch: header.epoch,
    producer: 'cinema record',
    command: header.command,
    processes: [...pids],
  } as never);
  prefix += '\n';
  for (const e of files.values()) {
    for (const a of astRecords(e)) prefix += astLine(a) + '\n';
    prefix += sourceLine({ kind: 'source', file: e.file, text: e.source }) + '\n';
  }

  // Written beside, then renamed: a recording that fails half way never stands under its name.
  const partial = `${out}.partial`;
  const file = createWriteStream(partial);
  const done = new Promise<void>((ok, fail) => {
    file.on('finish', ok);
    file.on('error', fail);
  });
  done.catch(() => {}); // awaited below; a stream that fails before then must not count as unhandled
  let events: number;
  try {
    const joined = out.endsWith('.gz') ? joinable(parts) : null;
    events = joined ? await joinDeflated(prefix, joined, file, done) : await mergeLines(prefix, parts, out.endsWith('.gz'), file, done);
    file.end();
    await done;
    renameSync(partial, out);
  } catch (err) {
    file.destroy();
    rmSync(partial, { force: true });
    throw err;
  }
  return {
    out,
    events,
    processes: pids.size,
    threads: parts.length,
    files: files.size,
    dropped: parts.reduce((n, p) => n + p.meta.dropped, 0),
    unreadable,
  };
}

/** Writes `bytes` to the stream, waiting while it is full (a failed stream ends the wait through `done`). */
async function put(sink: Writable, bytes: string | Buffer, done: Promise<void>): Promise<void> {
  if (!sink.write(bytes)) await Promise.race([new Promise<void>((r) => sink.once('drain', () => r())), done]);
}

/**
 * The parts in time order when each is whole and none interleaves with another (a process alone,
 * or threads that ran one after another); null when their lines must be merged.
 */
function joinable(parts: Part[]): Array<Part & { end: PartEnd }> | null {
  const spans: Array<{ part: Part & { end: PartEnd }; first: number; last: number }> = [];
  for (const part of parts) {
    if (part.end === null) return null;
    const { count, first, last } = readPartSpan(part.path);
    if (count !== part.end.lines) return null;
    if (count > 0) spans.push({ part: part as Part & { end: PartEnd }, first, last });
  }
  spans.sort((a, b) => a.first - b.first);
  for (let i = 1; i < spans.length; i++) if (spans[i].first < spans[i - 1].last) return null;
  return spans.map((s) => s.part);
}

/**
 * The recording as one gzip member made of the parts' deflate blocks as they are: the prefix
 * (header, AST, sources) compressed here, each part's blocks copied, an empty final block, and the
 * CRC-32 of the whole joined from the parts' own.
 */
async function joinDeflated(prefix: string, parts: Array<Part & { end: PartEnd }>, file: Writable, done: Promise<void>): Promise<number> {
  const text = Buffer.from(prefix, 'utf8');
  await put(file, GZIP_HEADER, done);
  await put(file, zlib.deflateRawSync(text, { level: 1, finishFlush: zlib.constants.Z_SYNC_FLUSH }), done);
  let crc = zlib.crc32(text);
  let total = text.length;
  let events = 0;
  for (const part of parts) {
    if (part.end.deflated > 0) {
      const body = createReadStream(part.path, { start: part.bodyAt, end: part.bodyAt + part.end.deflated - 1, highWaterMark: 4 << 20 });
      for await (const chunk of body as AsyncIterable<Buffer>) await put(file, chunk, done);
    }
    crc = crc32Combine(crc, part.end.crc, part.end.raw);
    total += part.end.raw;
    events += part.end.lines;
  }
  const trailer = Buffer.alloc(10);
  trailer.set(FINAL_EMPTY_BLOCK, 0);
  trailer.writeUInt32LE(crc >>> 0, 2);
  trailer.writeUInt32LE(total % 2 ** 32, 6);
  await put(file, trailer, done);
  return events;
}

/** The parts' lines decompressed and merged in time order, compressed again for .gz. */
async function mergeLines(prefix: string, parts: Part[], gz: boolean, file: Writable, done: Promise<void>): Promise<number> {
  // The fastest compression, on every core: a recording is written while its user waits, and
  // level 1 still keeps it a fraction of its size.
  const gzip = gz ? new ParallelGzip(1) : null;
  const sink: Writable = gzip ?? file;
  if (gzip) {
    gzip.pipe(file, { end: false }); // the file is ended by mergeParts
    gzip.on('error', (err) => file.destroy(err));
  }
  try {
    await put(sink, prefix, done);
    const events = await mergeEvents(parts, (bytes) => put(sink, bytes, done));
    if (gzip) {
      gzip.end();
      await new Promise<void>((ok, fail) => {
        gzip.once('end', ok);
        gzip.once('error', fail);
      });
    }
    return events;
  } finally {
    gzip?.destroy();
  }
}

/** Writes every part's event lines in time order (each part is in time order already). */
async function mergeEvents(parts: Part[], write: (bytes: Buffer) => Promise<void>): Promise<number> {
  const readers = parts.map((p) => new PartReader(p.path, p.bodyAt));
  try {
    return await mergeRuns(readers, write);
  } finally {
    for (const r of readers) r.close();
  }
}

async function mergeRuns(readers: PartReader[], write: (bytes: Buffer) => Promise<void>): Promise<number> {
  let count = 0;
  // Slices are gathered up to a megabyte before they are written: parts that interleave closely
  // give runs of a line or two, and a stream write per line would cost more than the copy. A
  // slice that is a megabyte alone (a part read alone: a whole chunk) is written as it is.
  let pending: Buffer[] = [];
  let size = 0;
  const flush = async () => {
    if (size > 0) await write(pending.length === 1 ? pending[0] : Buffer.concat(pending, size));
    pending = [];
    size = 0;
  };
  for (;;) {
    let best = 0;
    for (let i = 1; i < readers.length; i++) if (readers[i].next < readers[best].next) best = i;
    if (readers.length === 0 || readers[best].next === Infinity) break;
    let second = Infinity;
    for (let i = 0; i < readers.length; i++) if (i !== best) second = Math.min(second, readers[i].next);
    const run = await readers[best].take(second);
    if (run === null) {
      readers.splice(best, 1);
      continue;
    }
    count += run.lines;
    if (run.bytes.length >= 1 << 20) {
      await flush();
      await write(run.bytes);
      continue;
    }
    pending.push(run.bytes);
    size += run.bytes.length;
    if (size >= 1 << 20) await flush();
  }
  await flush();
  return count;
}

export type { PartMeta };
