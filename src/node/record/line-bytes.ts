// Event lines written as bytes into one reused buffer, handed out a chunk at a time with each
// line's offset. Writing a recording used to build each line as a string and encode it: joining
// ~300 characters from a dozen pieces and copying them twice more (flattening, then UTF-8) was most
// of the time a recorded program took to end. Here the pieces that repeat are bytes made once, a
// value already in the ring's arena as UTF-8 is copied as it is, and only numbers become text.

import type { TimeBase } from '../../format/exact-time';
import { ESCAPES, copyBytes } from './json-bytes';

/**
 * What the chunks go to: the lines' bytes and, per line, its offset. It may give back the buffer
 * the next lines are written into (memory its reader shares, so they are never copied).
 */
export type ChunkSink = (bytes: Uint8Array, offsets: Float64Array) => Buffer | void;

const CHUNK = 1 << 20;
const OFFSETS = CHUNK / 8;

/** The most bytes one byte of a string takes once escaped (`\u001f`). */
export const MOST_PER_STRING_BYTE = 6;

export class LineBytes {
  private buf: Buffer;
  private at = 0;
  private readonly offsets = new Float64Array(OFFSETS);
  private k = 0;
  /** Lines ended so far. */
  lines = 0;

  constructor(
    private readonly sink: ChunkSink,
    first: number | Buffer = CHUNK,
  ) {
    this.buf = typeof first === 'number' ? Buffer.allocUnsafe(first) : first;
  }

  /** Starts a line of at most `most` bytes (its newline included). */
  begin(most: number): void {
    if (this.at + most <= this.buf.length && this.k < OFFSETS) return;
    this.flush();
    if (most > this.buf.length) this.buf = Buffer.allocUnsafe(most);
  }

  /** Bytes made once (a line's fixed pieces). */
  bytes(b: Uint8Array): void {
    this.buf.set(b, this.at);
    this.at += b.length;
  }

  /** Text of ASCII characters only (digits, a number's text). */
  ascii(s: string): void {
    const buf = this.buf;
    let at = this.at;
    for (let i = 0; i < s.length; i++) buf[at++] = s.charCodeAt(i);
    this.at = at;
  }

  /** An exact timestamp (TimeBase.restoreInto): its digits, with no string made. */
  timestamp(base: TimeBase, offset: number): void {
    this.at = base.restoreInto(offset, this.buf, this.at);
  }

  /** A non-negative safe integer's decimal digits (a call number), with no string made below 2^31. */
  digits(n: number): void {
    if (n >= 2 ** 31) return this.ascii(String(n));
    let x = n | 0;
    let width = 1;
    for (let t = x; t >= 10; t = (t / 10) | 0) width++;
    const buf = this.buf;
    for (let k = this.at + width - 1; k >= this.at; k--) {
      const q = (x / 10) | 0;
      buf[k] = 48 + x - q * 10;
      x = q;
    }
    this.at += width;
  }

  /** Any text, as UTF-8 (it counts toward `most` at 3 bytes a UTF-16 unit). */
  utf8(s: string): void {
    this.at += this.buf.write(s, this.at, 'utf8');
  }

  /** Bytes of `src` as they are (JSON text already). */
  copy(src: Buffer, start: number, end: number): void {
    this.at = copyBytes(src, start, end, this.buf, this.at);
  }

  /** The UTF-8 of a well-formed string as a JSON string, escaped as JSON.stringify does. */
  jsonString(src: Buffer, start: number, end: number): void {
    const buf = this.buf;
    buf[this.at++] = 0x22;
    let run = start;
    for (let p = start; p < end; p++) {
      const e = ESCAPES[src[p]];
      if (e === 0) continue;
      if (p > run) this.at = copyBytes(src, run, p, buf, this.at);
      buf.set(e, this.at);
      this.at += e.length;
      run = p + 1;
    }
    if (end > run) this.at = copyBytes(src, run, end, buf, this.at);
    buf[this.at++] = 0x22;
  }

  /** Ends the line begun; `offset` orders it among other parts' lines. */
  end(offset: number): void {
    this.buf[this.at++] = 10;
    this.offsets[this.k++] = offset;
    this.lines++;
  }

  /** Hands out what is written (at the end, and whenever the buffer is full). */
  flush(): void {
    if (this.k === 0 && this.at === 0) return;
    const next = this.sink(this.buf.subarray(0, this.at), this.offsets.subarray(0, this.k));
    if (next) this.buf = next;
    this.at = 0;
    this.k = 0;
  }
}
