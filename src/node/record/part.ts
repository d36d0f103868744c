// What each recorded process (and worker thread) leaves when it ends: a part file in the
// recording's folder. Its first line says who wrote it and which rewritten files ran; every other
// line is `offset<TAB>event line`, in time order, so parts merge by offset. Written synchronously,
// in chunks, because it is written as the process exits.
import { closeSync, openSync, readSync, writeSync } from 'node:fs';
import type { EncodedLine } from './encode';
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

const CHUNK = 1 << 20;

/** Writes a part file; returns how many event lines it holds. */
export function writePart(path: string, meta: PartMeta, lines: Iterable<EncodedLine>): number {
  const fd = openSync(path, 'w');
  try {
    writeSync(fd, JSON.stringify(meta) + '\n');
    let buf = '';
    let n = 0;
    for (const l of lines) {
      buf += `${l.offset}\t${l.line}\n`;
      n++;
      if (buf.length > CHUNK) {
        writeSync(fd, buf);
        buf = '';
      }
    }
    if (buf) writeSync(fd, buf);
    return n;
  } finally {
    closeSync(fd);
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
