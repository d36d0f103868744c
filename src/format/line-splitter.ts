// Splitting text that arrives in chunks into lines, numbered from 1, without ever holding more than
// the current partial line: a file is never one string (V8 strings top out near 512 MiB).

/** Receives each complete line (without its newline) and its 1-based number. */
export type LineSink = (text: string, line: number) => void;

/** Feeds text chunks in, hands complete lines out; `end` flushes a last line without a newline. */
export class LineSplitter {
  private partial = '';
  private lineNo = 0;

  constructor(private readonly sink: LineSink) {}

  /** Lines handed out so far. */
  get lines(): number {
    return this.lineNo;
  }

  push(chunk: string): void {
    let start = 0;
    for (;;) {
      const nl = chunk.indexOf('\n', start);
      if (nl < 0) break;
      let text = this.partial.length > 0 ? this.partial + chunk.slice(start, nl) : chunk.slice(start, nl);
      this.partial = '';
      if (text.endsWith('\r')) text = text.slice(0, -1);
      this.sink(text, ++this.lineNo);
      start = nl + 1;
    }
    if (start < chunk.length) this.partial += chunk.slice(start);
  }

  /** Flushes the last line; returns true when the input did not end with a newline. */
  end(): boolean {
    if (this.partial.length === 0) return false;
    const text = this.partial.endsWith('\r') ? this.partial.slice(0, -1) : this.partial;
    this.partial = '';
    this.sink(text, ++this.lineNo);
    return true;
  }
}
