// Reading a part's event lines for the merge: a chunk at a time, with each line's time offset from
// the file beside it. Lines stay bytes all the way to the output; a run of lines that comes before
// every other part's next line goes out as one slice of the chunk, with nothing copied and no await
// per line. A part read alone goes out a whole chunk at a time, which the gzip compresses as it is.
import { closeSync, openSync, read, readFileSync } from 'node:fs';
import { offsetsPath } from './part';

/** How much of a part is read at once. */
const READ_CHUNK = 4 << 20;

function readAt(fd: number, into: Buffer, at: number, position: number): Promise<number> {
  return new Promise((ok, fail) => read(fd, into, at, into.length - at, position, (err, n) => (err ? fail(err) : ok(n))));
}

export class PartReader {
  private fd: number | null;
  private readonly offsets: Float64Array;
  /** Where the file is read next. */
  private position = 0;
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
    this.fd = openSync(path, 'r');
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

  close(): void {
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
  }

  /**
   * Reads the next chunk into a fresh buffer that begins with what is left of this one (the start
   * of a line the chunk's end cut), so a line never spans two buffers and no chunk is copied
   * whole; false at the end of the file. Fresh, because the slices given out are still being
   * compressed or written.
   */
  private async read(): Promise<boolean> {
    if (this.ended || this.fd === null) return false;
    const left = this.buf.subarray(this.at);
    const chunk = Buffer.allocUnsafeSlow(left.length + READ_CHUNK);
    left.copy(chunk, 0);
    const n = await readAt(this.fd, chunk, left.length, this.position);
    if (n === 0) {
      this.ended = true;
      this.close();
      return false;
    }
    this.position += n;
    this.buf = chunk.subarray(0, left.length + n);
    this.at = 0;
    if (!this.skippedMeta) {
      // The first line is the part's meta (read on its own, by readPartMeta).
      const end = this.buf.indexOf(10);
      this.at = end < 0 ? this.buf.length : end + 1; // a meta longer than a chunk goes on in the next
      this.skippedMeta = end >= 0;
    }
    return true;
  }
}
