// Streaming the elements of big JSON arrays nested along a path, without holding the document: a
// Chrome trace's `{"traceEvents": [...]}` (or bare `[...]`), an OTLP file's
// `{"resourceSpans": [{"resource": ..., "scopeSpans": [{"scope": ..., "spans": [...]}]}]}`.
// Text arrives in chunks. Each element of the innermost array comes out as its own JSON text with
// the line and column where it starts, so a caller parses elements one by one (a 280 MB file never
// becomes one 280 MB string) and names the place of a bad one. The objects along the way come out
// as they open and close, with their other members as text (an OTLP span's resource and scope);
// the document's own other members are skipped. Strings are skipped with indexOf and lines counted
// only where a value starts: the scan costs less than parsing the elements it finds.
import { FormatError } from './format-error';

/** One piece of the document, in document order. */
export type JsonPathItem =
  /** An element of the innermost array, and where it starts (1-based). */
  | { kind: 'element'; text: string; line: number; column: number }
  /** An object on the path opens (depth 0: the document; d: an element of the array at path[d - 1]). */
  | { kind: 'open'; depth: number }
  /** A member of an object at depth >= 1 that is not on the path (or whose value is no array). */
  | { kind: 'member'; depth: number; key: string; text: string; line: number; column: number }
  | { kind: 'close'; depth: number };

export interface JsonPathOptions {
  /** The member names leading down, one list of accepted names per level. */
  path: string[][];
  /** A document that is a bare array holds the elements itself (Chrome's array form). */
  bareArray?: boolean;
  /** Several documents one after another (JSON lines); otherwise one. */
  many?: boolean;
}

const enum Phase {
  Start,
  /** Just inside `{`: a name or the end. */
  KeyOrEnd,
  /** After a comma between members: a name. */
  Key,
  Colon,
  Member,
  AfterMember,
  /** Just inside `[`: an element or the end. */
  ElementOrEnd,
  /** After a comma between elements: an element. */
  Element,
  AfterElement,
  AfterDocument,
}

/** What the value being scanned is: skipped, an element to give, or a member to give. */
const enum Role {
  Skip,
  Element,
  Member,
}

/** An object or an array on the path, and the level of the path it is at. */
interface Frame {
  array: boolean;
  depth: number;
}

const isWs = (c: number) => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

export class JsonPathStream {
  private phase = Phase.Start;
  private readonly frames: Frame[] = [];
  private found = false;
  /** The current document's array was found (a second one under the same name is skipped). */
  private foundInDocument = false;
  private documents = 0;
  /** The last document was a bare array (for the message about what follows it). */
  private bare = false;
  /** Text not yet consumed: from the start of the value being scanned, or the scan position. */
  private buf = '';
  private pos = 0;
  // Lines: newlines are counted up to `counted`; `lineStart` is where the current line begins.
  private line = 1;
  private lineStart = 0;
  private counted = 0;
  /**
   * No newline lies in [counted, clearTo): where the last search for one stopped (the newline it
   * found, or the buffer's end). Without it a document on one line (OTLP exporters write one) was
   * searched to the end of the chunk for every element: 6.3 s of 16 on 500k spans.
   */
  private clearTo = 0;
  // The value being scanned (an element, or a member value): -1 when none.
  private valueStart = -1;
  private role = Role.Skip;
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

  constructor(
    private readonly file: string,
    private readonly opts: JsonPathOptions,
  ) {}

  /** Whether the outermost array was found (after `end`, false means the document held none). */
  get foundArray(): boolean {
    return this.found;
  }

  /** Feeds text; returns the pieces it completed. */
  push(text: string): JsonPathItem[] {
    if (this.valueStart >= 0 && this.pos === this.buf.length && this.buf.length > this.valueStart) {
      // A value runs on into this chunk, all of the buffer scanned: set the scanned part aside.
      this.countLines(this.buf.length);
      this.carried.push(this.buf.slice(this.valueStart));
      this.counted -= this.buf.length;
      this.clearTo -= this.buf.length;
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
      this.clearTo -= keep;
      this.lineStart -= keep;
      if (this.valueStart >= 0) this.valueStart -= keep;
    }
    this.buf = this.buf.length === 0 ? text : this.buf + text;
    const out: JsonPathItem[] = [];
    this.scan(out);
    return out;
  }

  /** The document has ended: anything unfinished is an error at its place. */
  end(): void {
    if (this.phase === Phase.AfterDocument) return;
    const rest = this.buf.slice(this.pos).trim() === '';
    if (this.phase === Phase.Start && rest && this.documents > 0) return;
    if (this.phase === Phase.Start && rest) throw new FormatError(this.file, 1, 1, 'expected a JSON document, found an empty file');
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
    if (upTo <= this.clearTo) {
      if (upTo > this.counted) this.counted = upTo;
      return;
    }
    let k = s.indexOf('\n', this.counted);
    for (; k !== -1 && k < upTo; k = s.indexOf('\n', k + 1)) {
      this.line++;
      this.lineStart = k + 1;
    }
    this.clearTo = k === -1 ? s.length : k;
    if (upTo > this.counted) this.counted = upTo;
  }

  private fail(at: number, message: string): never {
    this.countLines(at);
    throw new FormatError(this.file, this.line, at - this.lineStart + 1, message);
  }

  private what(at: number): string {
    return JSON.stringify(this.buf[at]);
  }

  private startValue(at: number, role: Role): void {
    this.countLines(at);
    this.valueStart = at;
    this.role = role;
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

  private top(): Frame {
    return this.frames[this.frames.length - 1];
  }

  /** Opens an object on the path at `depth`. */
  private open(depth: number, out: JsonPathItem[]): void {
    this.frames.push({ array: false, depth });
    if (depth === 0) this.foundInDocument = false;
    this.phase = Phase.KeyOrEnd;
    out.push({ kind: 'open', depth });
  }

  /** Leaves the innermost frame; the phase becomes what follows it in its parent. */
  private close(out: JsonPathItem[]): void {
    const f = this.frames.pop()!;
    if (!f.array) out.push({ kind: 'close', depth: f.depth });
    if (this.frames.length === 0) {
      this.documents++;
      this.bare = f.array;
      this.phase = this.opts.many ? Phase.Start : Phase.AfterDocument;
    } else this.phase = this.top().array ? Phase.AfterElement : Phase.AfterMember;
  }

  private scan(out: JsonPathItem[]): void {
    const s = this.buf;
    const n = s.length;
    const path = this.opts.path;
    while (this.pos < n) {
      if (this.valueStart >= 0) {
        const end = this.scanValue();
        if (end < 0) return;
        if (this.role !== Role.Skip) {
          const text = this.carried.join('') + s.slice(this.valueStart, end);
          if (this.role === Role.Element) out.push({ kind: 'element', text, line: this.valueLine, column: this.valueColumn });
          else out.push({ kind: 'member', depth: this.top().depth, key: this.key, text, line: this.valueLine, column: this.valueColumn });
        }
        this.phase = this.top().array ? Phase.AfterElement : Phase.AfterMember;
        this.valueStart = -1;
        this.carried = [];
        this.pos = end;
        continue;
      }
      const c = s.charCodeAt(this.pos);
      if (isWs(c) || (c === 0xfeff && this.phase === Phase.Start && this.documents === 0)) {
        this.pos++;
        continue;
      }
      switch (this.phase) {
        case Phase.Start:
          if (c === 0x5b && this.opts.bareArray) {
            this.frames.push({ array: true, depth: 0 });
            this.phase = Phase.ElementOrEnd;
            this.found = true;
          } else if (c === 0x7b) this.open(0, out);
          else this.fail(this.pos, `expected a JSON ${this.opts.bareArray ? 'array or ' : ''}object, found ${this.what(this.pos)}`);
          this.pos++;
          break;
        case Phase.KeyOrEnd:
        case Phase.Key: {
          if (c === 0x7d && this.phase === Phase.KeyOrEnd) {
            this.pos++;
            this.close(out);
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
          try {
            this.key = JSON.parse(s.slice(this.pos, k + 1)) as string;
          } catch (err) {
            // A raw control character or a bad escape in the name (fuzz:import found the SyntaxError escaping).
            this.fail(this.pos, `expected a member name in quotes, found invalid JSON (${(err as Error).message})`);
          }
          this.pos = k + 1;
          this.phase = Phase.Colon;
          break;
        }
        case Phase.Colon:
          if (c !== 0x3a) this.fail(this.pos, `expected ":" after a member name, found ${this.what(this.pos)}`);
          this.phase = Phase.Member;
          this.pos++;
          break;
        case Phase.Member: {
          const depth = this.top().depth;
          // The document's array is the first one under its name; deeper, every object has its own.
          if (c === 0x5b && depth < path.length && path[depth].includes(this.key) && !(depth === 0 && this.foundInDocument)) {
            if (depth === 0) this.found = this.foundInDocument = true;
            this.frames.push({ array: true, depth });
            this.phase = Phase.ElementOrEnd;
            this.pos++;
          } else this.startValue(this.pos, depth === 0 ? Role.Skip : Role.Member);
          break;
        }
        case Phase.AfterMember:
          if (c === 0x2c) this.phase = Phase.Key;
          else if (c === 0x7d) this.close(out);
          else this.fail(this.pos, `expected "," or "}" between members, found ${this.what(this.pos)}`);
          this.pos++;
          break;
        case Phase.AfterElement:
          if (c === 0x2c) this.phase = Phase.Element;
          else if (c === 0x5d) this.close(out);
          else this.fail(this.pos, `expected "," or "]" between elements, found ${this.what(this.pos)}`);
          this.pos++;
          break;
        case Phase.ElementOrEnd:
        case Phase.Element: {
          if (c === 0x5d && this.phase === Phase.ElementOrEnd) {
            this.pos++;
            this.close(out);
          } else if (c === 0x2c || c === 0x5d) this.fail(this.pos, `expected a value, found ${this.what(this.pos)}`);
          else {
            const depth = this.top().depth;
            if (depth === path.length - 1) this.startValue(this.pos, Role.Element);
            else if (c === 0x7b) {
              this.pos++;
              this.open(depth + 1, out);
            } else this.startValue(this.pos, Role.Skip);
          }
          break;
        }
        case Phase.AfterDocument:
          this.fail(this.pos, `expected nothing after the ${this.bare ? 'array' : 'document'}, found ${this.what(this.pos)}`);
      }
    }
  }
}
