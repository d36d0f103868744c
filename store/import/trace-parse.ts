// Reading a Chrome trace's bytes (gzip or not) into batches of records: src/format/trace-read.ts
// over the decoded text. The same generator runs on the importing thread or in the parser Worker
// (parse-worker.ts).
import { type TraceParseEvent, type TraceWhere, readTrace } from '../../src/format/trace-read';
import { decodeText } from '../io/byte-input';
import type { ParseOptions } from './native-parse';

export type { TraceParseEvent, TraceWhere };

export function parseTrace(input: AsyncIterable<Uint8Array>, where: TraceWhere, opts: ParseOptions): AsyncGenerator<TraceParseEvent> {
  return readTrace(
    decodeText(input, { file: opts.file, signal: opts.signal, onRaw: opts.onRaw ?? (() => {}), lineAt: () => 1 }),
    where,
    opts,
  );
}
