// What each recorded process (and worker thread) leaves when it ends: a part file in the
// recording's folder. Its first line says who wrote it and which rewritten files ran; after it come
// the event lines, in time order, compressed (part-deflate.ts: raw deflate blocks ended by sync
// flushes). Beside it, `<part>.offsets` holds each event's offset (float64s in the machine's byte
// order: the merge runs on the same machine), so parts merge by offset, and `<part>.end`, written
// last, says the part is whole: its lines' count, CRC-32 and lengths, with which the merge joins
// parts that do not interleave into the recording as they are. Written synchronously, in chunks,
// because it is written as the process exits; a part cut short (its process killed as it wrote)
// has no `.end` and is read as far as it goes.
import { closeSync, existsSync, fstatSync, openSync, readFileSync, readSync, writeFileSync, writeSync } from 'node:fs';
import { LineBytes } from './line-bytes';
import { type DeflatedSummary, partDeflater } from './part-deflate';
import type { ModuleEntry } from './runtime';

export interface PartMeta {
  format: 'cinema-record-part';
  /** 2: the lines after this one are compressed. */
  version: 2;
  pid: number;
  tid: number;
  /** The process's command line (the main thread's). */
  argv: string[];
  root: string;
  epoch: string;
  cacheDir: string;
  /** The rewritten files that ran, with their node numbers. */
  modules: ModuleEntry[];
  events: number;
  /** Events the buffer's limits let go (the oldest). */
  dropped: number;
}

/** What `<part>.end` says. */
export interface PartEnd extends DeflatedSummary {
  lines: number;
}

/** Where a part's offsets are, and its end. */
export const offsetsPath = (part: string) => `${part}.offsets`;
export const endPath = (part: string) => `${part}.end`;

export interface PartWriting {
  /** About how many bytes of lines will be written (whether a thread compresses them). */
  expected: number;
  /** The compressing thread's script (deflate-worker.mjs), or null to compress on this thread. */
  worker: URL | null;
}

/** Writes a part file, its offsets and its end; `encode` writes the event lines. Returns how many there are. */
export function writePart(
  path: string,
  meta: PartMeta,
  encode: (out: LineBytes) => void,
  how: PartWriting = { expected: 0, worker: null },
): number {
  const fd = openSync(path, 'w');
  const offsetsFd = openSync(offsetsPath(path), 'w');
  try {
    writeSync(fd, JSON.stringify(meta) + '\n');
    const deflater = partDeflater(fd, how.expected, how.worker);
    const out = new LineBytes((bytes, offsets) => {
      deflater.write(bytes);
      writeSync(offsetsFd, new Uint8Array(offsets.buffer, offsets.byteOffset, offsets.byteLength));
      return deflater.room();
    }, deflater.room());
    encode(out);
    out.flush();
    const end: PartEnd = { ...deflater.end(), lines: out.lines };
    writeFileSync(endPath(path), JSON.stringify(end));
    return out.lines;
  } finally {
    closeSync(fd);
    closeSync(offsetsFd);
  }
}

/** A part's offsets, one per line written (a part cut short may have some beyond its last whole line). */
export function readPartOffsets(path: string): Float64Array {
  const bytes = readFileSync(offsetsPath(path));
  return new Float64Array(bytes.buffer, bytes.byteOffset, Math.floor(bytes.length / 8));
}

/** How many offsets a part has, and its first and last (read alone: the file holds one per event). */
export function readPartSpan(path: string): { count: number; first: number; last: number } {
  const fd = openSync(offsetsPath(path), 'r');
  try {
    const count = Math.floor(fstatSync(fd).size / 8);
    const at = (i: number) => {
      const b = new Float64Array(1);
      readSync(fd, new Uint8Array(b.buffer), 0, 8, i * 8);
      return b[0];
    };
    return count === 0 ? { count, first: 0, last: 0 } : { count, first: at(0), last: at(count - 1) };
  } finally {
    closeSync(fd);
  }
}

/** A whole part's end; null for a part cut short. */
export function readPartEnd(path: string): PartEnd | null {
  const file = endPath(path);
  if (!existsSync(file)) return null;
  try {
    const end = JSON.parse(readFileSync(file, 'utf8')) as PartEnd;
    const counts = [end.crc, end.raw, end.deflated, end.lines];
    return counts.every((n) => Number.isSafeInteger(n) && n >= 0) ? end : null;
  } catch {
    return null; // cut short as its process was killed writing it: the part is read as far as it goes
  }
}

/** A part's first line (read alone: a part may hold millions of events), and where the lines after it start. */
export function readPartMeta(path: string): { meta: PartMeta; bodyAt: number } {
  const fd = openSync(path, 'r');
  try {
    const chunks: Buffer[] = [];
    for (;;) {
      const buf = Buffer.alloc(65536);
      const n = readSync(fd, buf, 0, buf.length, null);
      const nl = buf.subarray(0, n).indexOf(10);
      if (nl >= 0 || n === 0) {
        chunks.push(buf.subarray(0, nl >= 0 ? nl : n));
        const line = Buffer.concat(chunks);
        return { meta: JSON.parse(line.toString('utf8')) as PartMeta, bodyAt: line.length + 1 };
      }
      chunks.push(buf.subarray(0, n));
    }
  } finally {
    closeSync(fd);
  }
}
