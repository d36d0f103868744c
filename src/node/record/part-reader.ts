// Reading a part's event lines for the merge: decompressed a chunk at a time, with each line's time
// offset from the file beside it. Lines stay bytes all the way to the output; a run of lines that
// comes before every other part's next line goes out as one slice of the chunk, with nothing copied
// and no await per line.
import { createReadStream } from 'node:fs';
import { pipeline } from 'node:stream';
import zlib from 'node:zlib';
import { readPartOffsets } from './part';

/** Bytes a decompressed chunk holds. */
const CHUNK = 4 << 20;

export class PartReader {
  private readonly chunks: AsyncIterator<Buffer>;
  private readonly stop: () => void;
  private readonly offsets: Float64Array;
  /** What follows a line joined across chunks (read() goes on with it). */
  private after: Buffer | null = null;
  private ended = false;
  /** The chunk being read, and where its next line starts. */
  private buf: Buffer = Buffer.alloc(0);
  private at = 0;
  /** The next line's number (its offset's index). */
  private line = 0;

  /** `bodyAt`: where the compressed lines start, after the part's first line (readPartMeta). */
  constructor(path: string, bodyAt: number) {
    this.offsets = readPartOffsets(path);
    // A part cut short ends mid-block: a sync flush at the end gives what it holds, with no error.
    const inflate = zlib.createInflateRaw({ finishFlush: zlib.constants.Z_SYNC_FLUSH, chunkSize: CHUNK });
    const file = createReadStream(path, { start: bodyAt, highWaterMark: 1 << 20 });
    pipeline(file, inflate, () => {}); // a failure reaches the iterator below
    this.chunks = (inflate as AsyncIterable<Buffer>)[Symbol.asyncIterator]();
    this.stop = () => {
      file.destroy();
      inflate.destroy();
    };
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
    this.stop();
  }

  /**
   * Moves to the next bytes after what is left of this chunk; false at the end of the part. A line
   * cut by a chunk's end is joined with its rest as a buffer of its own, and the chunk after that
   * line is read as it came: a fresh chunk copied whole cost more than the merge itself.
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
    return true;
  }
}
