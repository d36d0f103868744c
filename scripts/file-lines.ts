// Lines of big files for the benchmarks: at 10M events a recording (2.3 GB) is past the longest
// string Node makes, so it cannot be read whole and split.
import { closeSync, openSync, readSync, writeSync } from 'node:fs';
import { LineSplitter } from '../src/format/line-splitter';

/**
 * A file's lines as `readFileSync(path, 'utf8').split('\n')` gives them (the text after the last
 * newline comes last, empty when the file ends with one), read `bufferBytes` at a time. A line's
 * closing `\r` is dropped, as every reader of recordings does.
 */
export function* fileLines(path: string, bufferBytes = 16 << 20): Generator<string> {
  const fd = openSync(path, 'r');
  const buf = Buffer.alloc(bufferBytes);
  const decoder = new TextDecoder('utf-8');
  let ready: string[] = [];
  const splitter = new LineSplitter((text) => ready.push(text));
  try {
    for (let n; (n = readSync(fd, buf, 0, buf.length, null)) > 0;) {
      // Streamed decoding keeps a character cut by the read for the next one.
      splitter.push(decoder.decode(buf.subarray(0, n), { stream: true }));
      yield* ready;
      ready = [];
    }
    splitter.push(decoder.decode());
    if (!splitter.end()) ready.push('');
    yield* ready;
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
