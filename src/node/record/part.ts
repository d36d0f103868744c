// What each recorded process (and worker thread) leaves when it ends: a part file in the
// recording's folder. Its first line says who wrote it and which rewritten files ran; every other
// line is an event line, in time order. Beside it, `<part>.offsets` holds each event's offset
// (float64s in the machine's byte order: the merge runs on the same machine), so parts merge by offset while the lines stay one run of bytes that
// can be copied out whole. Written synchronously, in chunks, because it is written as the process
// exits; the offsets of a chunk go after its lines, so there are never more offsets than lines.
import { closeSync, openSync, readSync, writeSync } from 'node:fs';
import { LineBytes } from './line-bytes';
import type { ModuleEntry } from './runtime';

export interface PartMeta {
  format: 'cinema-record-part';
  version: 1;
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

/** Where a part's offsets are. */
export const offsetsPath = (part: string) => `${part}.offsets`;

/** Writes a part file and its offsets; `encode` writes the event lines. Returns how many there are. */
export function writePart(path: string, meta: PartMeta, encode: (out: LineBytes) => void): number {
  const fd = openSync(path, 'w');
  const offsetsFd = openSync(offsetsPath(path), 'w');
  try {
    writeSync(fd, JSON.stringify(meta) + '\n');
    const out = new LineBytes((bytes, offsets) => {
      writeSync(fd, bytes);
      writeSync(offsetsFd, new Uint8Array(offsets.buffer, offsets.byteOffset, offsets.byteLength));
    });
    encode(out);
    out.flush();
    return out.lines;
  } finally {
    closeSync(fd);
    closeSync(offsetsFd);
  }
}

/** A part's first line (read alone: a part may hold millions of events). */
export function readPartMeta(path: string): PartMeta {
  const fd = openSync(path, 'r');
  try {
    const chunks: Buffer[] = [];
    for (;;) {
      const buf = Buffer.alloc(65536);
      const n = readSync(fd, buf, 0, buf.length, null);
      const nl = buf.subarray(0, n).indexOf(10);
      if (nl >= 0 || n === 0) {
        chunks.push(buf.subarray(0, nl >= 0 ? nl : n));
        return JSON.parse(Buffer.concat(chunks).toString('utf8')) as PartMeta;
      }
      chunks.push(buf.subarray(0, n));
    }
  } finally {
    closeSync(fd);
  }
}
