// One recording from the parts every process and thread left: a `.cinema` (or `.cinema.gz`) file
// with the header, the AST nodes and source text of every rewritten file that ran, and the events
// of all parts merged in time order.
import { createWriteStream, readdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { astLine, headerLine, sourceLine } from '../../format/native-writer';
import type { AstRecord } from '../../format/spec';
import { ParallelGzip } from './parallel-gzip';
import { readPartMeta, type PartMeta } from './part';
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

/** Writes every part's event lines in time order (each part is in time order already). */
async function mergeEvents(paths: string[], write: (bytes: Buffer) => Promise<void>): Promise<number> {
  const readers = paths.map((p) => new PartReader(p));
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
