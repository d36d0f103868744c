// What each recorded process (and worker thread) leaves when it ends: a part file in the
// recording's folder. Its first line says who wrote it and which rewritten files ran; every other
// line is an event line, in time order. Beside it, `<part>.offsets` holds each event's offset
// (float64s in the machine's byte order: the merge runs on the same machine), so parts merge by offset while the lines stay one run of bytes that
// can be copied out whole. Written synchronously, in chunks, because it is written as the process
// exits; the offsets of a chunk go after its lines, so there are never more offsets than lines.
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
const OFFSETS = CHUNK / 8;

/** Where a part's offsets are. */
export const offsetsPath = (part: string) => `${part}.offsets`;

/**
 * Writes a part file and its offsets; returns how many events it holds. Lines are encoded into
 * one reused buffer: concatenating them into a string first made writing take four times as long.
 */
export function writePart(path: string, meta: PartMeta, lines: Iterable<EncodedLine>): number {
  const fd = openSync(path, 'w');
  const offsetsFd = openSync(offsetsPath(path), 'w');
  try {
    writeSync(fd, JSON.stringify(meta) + '\n');
    let buf = Buffer.allocUnsafe(CHUNK);
    let at = 0;
    const offsets = new Float64Array(OFFSETS);
    let k = 0;
    let n = 0;
    const flush = () => {
      writeSync(fd, buf, 0, at);
      writeSync(offsetsFd, new Uint8Array(offsets.buffer, 0, k * 8));
      at = 0;
      k = 0;
    };
    for (const l of lines) {
      const text = `${l.line}\n`;
      // UTF-8 takes at most 3 bytes per UTF-16 unit.
      const most = text.length * 3;
      if (at + most > buf.length || k === OFFSETS) {
        flush();
        if (most > buf.length) buf = Buffer.allocUnsafe(most);
      }
      at += buf.write(text, at);
      offsets[k++] = l.offset;
      n++;
    }
    flush();
    return n;
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
