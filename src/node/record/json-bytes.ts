// JSON written straight as UTF-8 bytes into a buffer, piece by piece, for value snapshots. Building
// a snapshot as a string made a rope of every piece (a request's 2 KB snapshot is ~300 of them),
// and writing it into the ring made V8 copy that rope flat first: flattening and the concatenations
// took twice the time of writing the bytes here (~2.6 us against ~1.2 for twenty keys and values).
// Strings are escaped as JSON.stringify escapes them (well-formed JSON: a lone surrogate becomes
// \udxxx), so the bytes are the text the string-building version gave, byte for byte.

/** JSON.stringify's escape of each byte below 0x20, and of `"` and `\`; 0 where a byte goes as it is. */
export const ESCAPES: Array<Uint8Array | 0> = Array.from({ length: 256 }, (_, b) => {
  if (b >= 0x20 && b !== 0x22 && b !== 0x5c) return 0;
  const text = JSON.stringify(String.fromCharCode(b)).slice(1, -1);
  return Uint8Array.from(text, (c) => c.charCodeAt(0));
});

export class JsonBytes {
  buf: Buffer;
  /** Bytes written. */
  p = 0;

  constructor(size = 1 << 16) {
    this.buf = Buffer.allocUnsafe(size);
  }

  /** Makes room for `n` more bytes. */
  room(n: number): void {
    if (this.p + n <= this.buf.length) return;
    const next = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.p + n));
    this.buf.copy(next, 0, 0, this.p);
    this.buf = next;
  }

  byte(c: number): void {
    this.room(1);
    this.buf[this.p++] = c;
  }

  /** Bytes made once (a key, a tag): copied one by one, as most are a few bytes long. */
  raw(u: Uint8Array): void {
    this.room(u.length);
    const b = this.buf;
    let p = this.p;
    for (let i = 0; i < u.length; i++) b[p++] = u[i];
    this.p = p;
  }

  /** Text known to be ASCII with nothing to escape (numbers, the snapshot's own words). */
  ascii(s: string): void {
    this.room(s.length);
    const b = this.buf;
    let p = this.p;
    for (let i = 0; i < s.length; i++) b[p++] = s.charCodeAt(i);
    this.p = p;
  }

  /** `s` as a JSON string, quoted and escaped as JSON.stringify does, in UTF-8. */
  string(s: string): void {
    // At most 6 bytes a UTF-16 unit (\uxxxx), and the quotes.
    this.room(6 * s.length + 2);
    const b = this.buf;
    let p = this.p;
    b[p++] = 34;
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      if (c < 0x80) {
        if (c >= 0x20 && c !== 34 && c !== 92) {
          b[p++] = c;
          continue;
        }
        const e = ESCAPES[c] as Uint8Array;
        for (let k = 0; k < e.length; k++) b[p++] = e[k];
      } else if (c < 0x800) {
        b[p++] = 0xc0 | (c >> 6);
        b[p++] = 0x80 | (c & 0x3f);
      } else if (c < 0xd800 || c > 0xdfff) {
        b[p++] = 0xe0 | (c >> 12);
        b[p++] = 0x80 | ((c >> 6) & 0x3f);
        b[p++] = 0x80 | (c & 0x3f);
      } else {
        const d = c <= 0xdbff && i + 1 < s.length ? s.charCodeAt(i + 1) : 0;
        if (d >= 0xdc00 && d <= 0xdfff) {
          const cp = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
          b[p++] = 0xf0 | (cp >> 18);
          b[p++] = 0x80 | ((cp >> 12) & 0x3f);
          b[p++] = 0x80 | ((cp >> 6) & 0x3f);
          b[p++] = 0x80 | (cp & 0x3f);
          i++;
        } else {
          // A lone surrogate, which UTF-8 cannot carry: escaped, as JSON.stringify escapes it (rare).
          const e = JSON.stringify(String.fromCharCode(c));
          for (let k = 1; k < e.length - 1; k++) b[p++] = e.charCodeAt(k);
        }
      }
    }
    b[p++] = 34;
    this.p = p;
  }

  /** What was written, as text. */
  text(): string {
    return this.buf.toString('utf8', 0, this.p);
  }
}

/** UTF-8 bytes of a piece written many times. */
export const bytesOf = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, 'utf8'));

/**
 * Copies src[start, end) into `to` at `at`; returns where the copy ends. Most runs are a value's
 * few dozen bytes, and Buffer.copy made a view of its source for each (a tenth of writing a
 * recording), so short ones go byte by byte.
 */
export function copyBytes(src: Buffer, start: number, end: number, to: Buffer, at: number): number {
  if (end - start > 256) {
    to.set(src.subarray(start, end), at);
    return at + end - start;
  }
  let p = at;
  for (let i = start; i < end; i++) to[p++] = src[i];
  return p;
}

/**
 * Writes a well-formed string's UTF-8 at `at` (room for 3 bytes a UTF-16 unit); returns the bytes
 * written. A short ASCII one goes byte by byte: Buffer.write is a native call each time, and most
 * strings a program assigns are a few ASCII words.
 */
export function writeUtf8(to: Buffer, at: number, s: string): number {
  if (s.length > 64) return to.write(s, at, 'utf8');
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0x80) return to.write(s, at, 'utf8');
    to[at + i] = c;
  }
  return s.length;
}
