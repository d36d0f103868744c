// Reading an OTLP/JSON file's bytes (gzip or not) into batches of records, span by span:
// src/format/otlp-read.ts over the decoded text, on the importing thread or in the parser Worker.
import { readOtlp } from '../../src/format/otlp-read';
import type { TraceParseEvent } from '../../src/format/trace-read';
import { decodeText } from '../io/byte-input';
import type { ParseOptions } from './native-parse';

export function parseOtlp(input: AsyncIterable<Uint8Array>, opts: ParseOptions): AsyncGenerator<TraceParseEvent> {
  return readOtlp(decodeText(input, { file: opts.file, signal: opts.signal, onRaw: opts.onRaw ?? (() => {}), lineAt: () => 1 }), opts);
}
