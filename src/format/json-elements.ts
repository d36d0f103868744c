// Streaming the elements of one big JSON array without holding the document: a bare array
// (`[...]`) or the array under one key of a top-level object (`{"traceEvents": [...], ...}`).
// Text arrives in chunks; each complete element comes out as its own JSON text with the line and
// column where it starts, so a caller parses elements one by one (a 280 MB Chrome trace never
// becomes one 280 MB string) and names the place of a bad one. Other top-level values are skipped.
// Strings are skipped with indexOf and lines counted only where an element starts: the scan costs
// less than parsing the elements it finds.
import { FormatError } from './format-error';

/** One element's text and where it starts in the document (1-based). */
export interface JsonElement {
  text: string;
  line: number;
  column: number;
}

const enum Phase {
  Start,
  Key,
  Colon,
  Member,
  AfterMember,
  Elements,
  AfterElements,
  Done,
}

const isWs = (c: number) => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

export class JsonElementStream {
  private phase = Phase.Start;
  private inObject = false;
  private found = false;
  /** Text not yet consumed: from the start of the value being scanned, or the scan position. */
  private buf = '';
  private pos = 0;
  // Lines: newlines are counted up to `counted`; `lineStart` is where the current line begins.
  private line = 1;
  private lineStart = 0;
  private counted = 0;
  // The value being scanned (an element, or a member value being skipped): -1 when none.
  private valueStart = -1;
  /**
   * The part of the value being scanned that earlier chunks held, already scanned. Kept aside, not
   * in `buf`: searching a buffer grown chunk by chunk copies it whole each time (a 600 KB string in
   * small chunks took 10 s), while the pieces are joined once, when the value ends.
   */
  private carried: string[] = [];
  private depth = 0;
  private inString = false;
  private valueLine = 0;
  private valueColumn = 0;
  private key = '';

  /** `arrayKey`: the top-level key whose array to stream when the document is an object. */
  constructor(
    private readonly file: string,
    private readonly arrayKey = 'traceEvents',
  ) {}

  /** Whether the array was found (after `end`, false means the document held no such array). */
  get foundArray(): boolean {
    return this.found;
  }

  /** Feeds text; returns the elements it completed. */
  push(text: string): JsonElement[] {
    if (this.valueStart >= 0 && this.pos === this.buf.length && this.buf.length > this.valueStart) {
      // A value runs on into this chunk, all of the buffer scanned: set the scanned part aside.
      this.countLines(this.buf.length);
      this.carried.push(this.buf.slice(this.valueStart));
      this.counted -= this.buf.length;
      this.lineStart -= this.buf.length;
      this.buf = '';
      this.pos = 0;
      this.valueStart = 0;
    }
    const keep = this.valueStart >= 0 ? this.valueStart : this.pos;
    if (keep > 0) {
      this.countLines(keep);
      this.buf = this.buf.slice(keep);
      this.pos -= keep;
      this.counted -= keep;
      this.lineStart -= keep;
      if (this.valueStart >= 0) this.valueStart -= keep;
    }
    this.buf = this.buf.length === 0 ? text : this.buf + text;
    const out: JsonElement[] = [];
    this.scan(out);
    return out;
  }

  /** The document has ended: anything unfinished is an error at its place. */
  end(): void {
    if (this.phase === Phase.Done || (this.phase === Phase.AfterElements && !this.inObject)) return;
    if (this.phase === Phase.Start && this.buf.slice(this.pos).trim() === '')
      throw new FormatError(this.file, 1, 1, 'expected a JSON document, found an empty file');
    if (this.valueStart >= 0)
      throw new FormatError(
        this.file,
        this.valueLine,
        this.valueColumn,
        'expected the rest of this value, found the end of the file (it is cut short)',
      );
    this.countLines(this.buf.length);
    throw new FormatError(
      this.file,
      this.line,
      this.buf.length - this.lineStart + 1,
      'expected the rest of the JSON document, found its end (the file is cut short)',
    );
  }

  private countLines(upTo: number): void {
    const s = this.buf;
    for (let k = s.indexOf('\n', this.counted); k !== -1 && k < upTo; k = s.indexOf('\n', k + 1)) {
      this.line++;
      this.lineStart = k + 1;
    }
    if (upTo > this.counted) this.counted = upTo;
  }

  private fail(at: number, message: string): never {
    this.countLines(at);
    throw new FormatError(this.file, this.line, at - this.lineStart + 1, message);
  }

  private what(at: number): string {
    return JSON.stringify(this.buf[at]);
  }

  private startValue(at: number): void {
    this.countLines(at);
    this.valueStart = at;
    this.valueLine = this.line;
    this.valueColumn = at - this.lineStart + 1;
    this.depth = 0;
    this.inString = false;
  }

  /**
   * Scans the current value from `pos`. Returns the index just past its end, or -1 when the text
   * ran out first. A number or literal ends before the character that ends it.
   */
  private scanValue(): number {
    const s = this.buf;
    const n = s.length;
    let i = this.pos;
    let depth = this.depth;
    let inString = this.inString;
    while (i < n) {
      if (inString) {
        const q = s.indexOf('"', i);
        if (q < 0) {
          i = n;
          break;
        }
        i = q + 1;
        if (this.backslashesBefore(q) % 2 === 0) {
          inString = false;
          if (depth === 0) return i;
        }
        continue;
      }
      const c = s.charCodeAt(i);
      if (c === QUOTE) inString = true;
      else if (c === 0x7b || c === 0x5b) depth++;
      else if (c === 0x7d || c === 0x5d) {
        if (depth === 0) {
          // A primitive just before "]" or "}"; a closing bracket where a value should start is no value at all.
          if (i === this.valueStart && this.carried.length === 0) this.fail(i, `expected a value, found ${this.what(i)}`);
          return i;
        }
        if (--depth === 0) return i + 1;
      } else if (depth === 0 && (i > this.valueStart || this.carried.length > 0) && (c === 0x2c || isWs(c))) return i;
      i++;
    }
    this.pos = i;
    this.depth = depth;
    this.inString = inString;
    return -1;
  }

  /** Backslashes just before `q` in the value (they may run back into the part carried aside). */
  private backslashesBefore(q: number): number {
    const s = this.buf;
    let b = q - 1;
    while (b >= 0 && s.charCodeAt(b) === BACKSLASH) b--;
    let n = q - 1 - b;
    if (b >= 0) return n;
    for (let p = this.carried.length - 1; p >= 0; p--) {
      const piece = this.carried[p];
      let k = piece.length - 1;
      while (k >= 0 && piece.charCodeAt(k) === BACKSLASH) k--;
      n += piece.length - 1 - k;
      if (k >= 0) break;
    }
    return n;
  }

  private scan(out: JsonElement[]): void {
    const s = this.buf;
    const n = s.length;
    while (this.pos < n) {
      if (this.valueStart >= 0) {
        const end = this.scanValue();
        if (end < 0) return;
        if (this.phase === Phase.Elements)
          out.push({ text: this.carried.join('') + s.slice(this.valueStart, end), line: this.valueLine, column: this.valueColumn });
        else this.phase = Phase.AfterMember;
        this.valueStart = -1;
        this.carried = [];
        this.pos = end;
        continue;
      }
      const c = s.charCodeAt(this.pos);
      if (isWs(c) || (c === 0xfeff && this.phase === Phase.Start)) {
        this.pos++;
        continue;
      }
      switch (this.phase) {
        case Phase.Start:
          if (c === 0x5b) {
            this.phase = Phase.Elements;
            this.found = true;
          } else if (c === 0x7b) {
            this.phase = Phase.Key;
            this.inObject = true;
          } else this.fail(this.pos, `expected a JSON array or object, found ${this.what(this.pos)}`);
          this.pos++;
          break;
        case Phase.Key: {
          if (c === 0x7d) {
            this.phase = Phase.Done;
            this.pos++;
            break;
          }
          if (c !== QUOTE) this.fail(this.pos, `expected a member name in quotes, found ${this.what(this.pos)}`);
          let k = this.pos + 1;
          for (;;) {
            k = s.indexOf('"', k);
            if (k < 0) return; // the name goes on in the next chunk
            let b = k - 1;
            while (s.charCodeAt(b) === BACKSLASH) b--;
            if ((k - 1 - b) % 2 === 0) break;
            k++;
          }
          this.key = JSON.parse(s.slice(this.pos, k + 1)) as string;
          this.pos = k + 1;
          this.phase = Phase.Colon;
          break;
        }
        case Phase.Colon:
          if (c !== 0x3a) this.fail(this.pos, `expected ":" after a member name, found ${this.what(this.pos)}`);
          this.phase = Phase.Member;
          this.pos++;
          break;
        case Phase.Member:
          if (this.key === this.arrayKey && c === 0x5b && !this.found) {
            this.found = true;
            this.phase = Phase.Elements;
            this.pos++;
          } else this.startValue(this.pos);
          break;
        case Phase.AfterMember:
          if (c === 0x2c) this.phase = Phase.Key;
          else if (c === 0x7d) this.phase = Phase.Done;
          else this.fail(this.pos, `expected "," or "}" between members, found ${this.what(this.pos)}`);
          this.pos++;
          break;
        case Phase.Elements:
          if (c === 0x2c) this.pos++;
          else if (c === 0x5d) {
            this.phase = this.inObject ? Phase.AfterMember : Phase.AfterElements;
            this.pos++;
          } else this.startValue(this.pos);
          break;
        case Phase.AfterElements:
          this.fail(this.pos, `expected nothing after the array, found ${this.what(this.pos)}`);
        // falls through: fail throws
        case Phase.Done:
          this.fail(this.pos, `expected nothing after the document, found ${this.what(this.pos)}`);
      }
    }
  }
}
