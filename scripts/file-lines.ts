// Lines of big files for the benchmarks: at 10M events a recording (2.3 GB) is past the longest
// string Node makes, so it cannot be read whole and split.
import { closeSync, openSync, readSync, writeSync } from 'node:fs';

/** A file's lines, as `readFileSync(path, 'utf8').split('\n')` gives them, read 16 MB at a time. */
export function* fileLines(path: string, bufferBytes = 16 << 20): Generator<string> {
  const fd = openSync(path, 'r');
  const buf = Buffer.alloc(bufferBytes);
  // Bytes after the last newline of a read wait at the buffer's start for the next (no UTF-8
  // character is ever cut in two).
  let kept = 0;
  try {
    for (;;) {
      const n = kept + readSync(fd, buf, kept, buf.length - kept, null);
      if (n === kept) break;
      const cut = n > 0 ? buf.lastIndexOf(10, n - 1) : -1;
      if (cut < 0) {
        if (n === buf.length) throw new Error(`${path}: a line longer than ${buf.length} bytes`);
        kept = n;
        continue;
      }
      yield* buf.toString('utf8', 0, cut).split('\n');
      kept = buf.copy(buf, 0, cut + 1, n);
    }
    // As split('\n') would: the text after the last newline, empty when the file ends with one.
    yield buf.toString('utf8', 0, kept);
  } finally {
    closeSync(fd);
  }
}

/** Writes lines joined by newlines, buffered. */
export function writeLines(path: string, lines: Iterable<string>, flushChars = 8 << 20): void {
  const fd = openSync(path, 'w');
  try {
    let chunk: string[] = [];
    let size = 0;
    let first = true;
    const flush = () => {
      if (chunk.length === 0) return;
      writeSync(fd, (first ? '' : '\n') + chunk.join('\n'));
      first = false;
      chunk = [];
      size = 0;
    };
    for (const line of lines) {
      chunk.push(line);
      size += line.length;
      if (size > flushChars) flush();
    }
    flush();
  } finally {
    closeSync(fd);
  }
}
