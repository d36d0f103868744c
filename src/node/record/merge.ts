// One recording from the parts every process and thread left: a `.cinema` (or `.cinema.gz`) file
// with the header, the AST nodes and source text of every rewritten file that ran, and the events
// of all parts merged in time order.
import { createReadStream, createWriteStream, readFileSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { astLine, headerLine, sourceLine } from '../../format/native-writer';
import type { AstRecord } from '../../format/spec';
import { ParallelGzip } from './parallel-gzip';
import { offsetsPath, readPartMeta, type PartMeta } from './part';
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

/** The part files of a recording folder. */
export function partFiles(dir: string): string[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.part'))
    .sort()
    .map((f) => join(dir, f));
}

/** Merges the parts in `dir` into `out`; gzip when `out` ends in .gz. */
export async function mergeParts(dir: string, out: string, header: RecordingHeader): Promise<MergeResult> {
  const parts = partFiles(dir).map((path) => ({ path, meta: readPartMeta(path) }));
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

  // Written beside, then renamed: a recording that fails half way never stands under its name.
  const partial = `${out}.partial`;
  const file = createWriteStream(partial);
  // The fastest compression, on every core: a recording is written while its user waits, and
  // level 1 still keeps it a fraction of its size.
  const gzip = out.endsWith('.gz') ? new ParallelGzip(1) : null;
  if (gzip) gzip.pipe(file);
  const sink = gzip ?? file;
  const done = new Promise<void>((ok, fail) => {
    file.on('finish', ok);
    file.on('error', fail);
    gzip?.on('error', fail);
  });
  done.catch(() => {}); // awaited below; a stream that fails before then must not count as unhandled
  const write = async (text: string | Buffer) => {
    // A stream that failed never drains: its error (through `done`) ends the wait.
    if (!sink.write(text)) await Promise.race([new Promise<void>((r) => sink.once('drain', () => r())), done]);
  };

  const pids = new Set(parts.map((p) => p.meta.pid));
  let events: number;
  try {
    await write(
      headerLine({
        format: 'cinema-session',
        version: 2,
        name: header.name,
        created_at: new Date().toISOString(),
        time_unit: 'ns',
        epoch: header.epoch,
        producer: 'cinema record',
        command: header.command,
        processes: [...pids],
      } as never) + '\n',
    );
    for (const e of files.values()) {
      let chunk = '';
      for (const a of astRecords(e)) chunk += astLine(a) + '\n';
      await write(chunk);
      await write(sourceLine({ kind: 'source', file: e.file, text: e.source }) + '\n');
    }
    events = await mergeEvents(
      parts.map((p) => p.path),
      write,
    );
    sink.end();
    await done;
    renameSync(partial, out);
  } catch (err) {
    sink.destroy();
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
  };
}

/**
 * A part's event lines, read a chunk at a time, with their offsets from the file beside it. Lines
 * stay bytes all the way to the output; a run of lines that comes before every other part's next
 * line goes out as one slice of the chunk, with nothing copied and no await per line.
 */
class PartReader {
  private readonly chunks: AsyncIterator<Buffer>;
  private readonly offsets: Float64Array;
  /** What follows a line joined across chunks (read() goes on with it). */
  private after: Buffer | null = null;
  private ended = false;
  private skippedMeta = false;
  /** The chunk being read, and where its next line starts. */
  private buf: Buffer = Buffer.alloc(0);
  private at = 0;
  /** The next line's number (its offset's index). */
  private line = 0;

  constructor(path: string) {
    const bytes = readFileSync(offsetsPath(path));
    this.offsets = new Float64Array(bytes.buffer, bytes.byteOffset, Math.floor(bytes.length / 8));
    this.chunks = (createReadStream(path, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>)[Symbol.asyncIterator]();
  }

  /** The next line's offset (Infinity at the end). */
  get next(): number {
    return this.line < this.offsets.length ? this.offsets[this.line] : Infinity;
  }

  /**
   * The lines from here whose offsets are at most `until` (at least one, at most the rest of the
   * chunk), as one slice; null at the end of the part.
   */
  async take(until: number): Promise<{ bytes: Buffer; lines: number } | null> {
    if (this.line >= this.offsets.length) return null;
    let nl = this.buf.indexOf(10, this.at);
    while (nl < 0) {
      if (!(await this.read())) return null; // a line cut short by a process killed as it wrote
      nl = this.buf.indexOf(10, this.at);
    }
    const start = this.at;
    const first = this.line;
    this.line++;
    this.at = nl + 1;
    while (this.line < this.offsets.length && this.offsets[this.line] <= until) {
      nl = this.buf.indexOf(10, this.at);
      if (nl < 0) break;
      this.line++;
      this.at = nl + 1;
    }
    return { bytes: this.buf.subarray(start, this.at), lines: this.line - first };
  }

  /**
   * Moves to the next bytes after what is left of this chunk; false at the end of the file. A line
   * cut by a chunk's end is joined with its rest as a buffer of its own, and the chunk after that
   * line is read as it came: a fresh megabyte copied per chunk cost more than the merge itself.
   */
  private async read(): Promise<boolean> {
    const left = this.buf.subarray(this.at);
    let chunk = this.after;
    this.after = null;
    if (chunk === null) {
      if (this.ended) return false;
      const next = await this.chunks.next();
      if (next.done) {
        this.ended = true;
        return false;
      }
      chunk = next.value;
    }
    this.at = 0;
    const nl = left.length > 0 ? chunk.indexOf(10) : -1;
    if (left.length === 0) this.buf = chunk;
    else if (nl < 0) this.buf = Buffer.concat([left, chunk]);
    else {
      this.buf = Buffer.concat([left, chunk.subarray(0, nl + 1)]);
      this.after = chunk.subarray(nl + 1);
    }
    if (!this.skippedMeta) {
      // The first line is the part's meta (read on its own, by readPartMeta).
      const end = this.buf.indexOf(10);
      if (end < 0) return true;
      this.at = end + 1;
      this.skippedMeta = true;
    }
    return true;
  }
}

/** Writes every part's event lines in time order (each part is in time order already). */
async function mergeEvents(paths: string[], write: (bytes: Buffer) => Promise<void>): Promise<number> {
  const readers = paths.map((p) => new PartReader(p));
  let count = 0;
  // Slices are gathered up to a megabyte before they are written: parts that interleave closely
  // give runs of a line or two, and a stream write per line would cost more than the copy.
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
    pending.push(run.bytes);
    size += run.bytes.length;
    if (size >= 1 << 20) await flush();
  }
  await flush();
  return count;
}

export type { PartMeta };
