// The formats read as a stream of JSON elements (a Chrome trace's "traceEvents", an OTLP file's
// spans) rather than as one document: telling from a file's first characters whether it can be
// (the same scanner that streams the file decides, so an array nested deeper never counts), and
// reading it. The store's import and the command-line tool both go through here.
import { JsonElementStream } from './json-elements';
import { JsonPathStream } from './json-path-stream';
import { OTLP_PATH, readOtlp } from './otlp-read';
import { type TextReadOptions, type TraceParseEvent, type TraceWhere, readTrace } from './trace-read';

/** A file read as a stream of JSON elements: a Chrome trace with its events where `where` says, or OTLP. */
export type StreamJob = { format: 'chrome-trace'; where: TraceWhere } | { format: 'otlp' };

/** Reads a streamed format's text into batches of records. */
export function readStreamed(texts: AsyncIterable<string>, job: StreamJob, opts: TextReadOptions): AsyncGenerator<TraceParseEvent> {
  return job.format === 'otlp' ? readOtlp(texts, opts) : readTrace(texts, job.where, opts);
}

/**
 * Whether a file's first characters show a Chrome trace whose events can be streamed: an object
 * whose top-level "traceEvents" array opens within them (after any other members), or an array
 * whose first element has a "ph" (phase). The same splitter that streams the file decides, so a
 * "traceEvents" nested deeper never counts.
 */
export function looksLikeStreamableTrace(prefix: string): '' | 'traceEvents' | null {
  const first = /^\uFEFF?\s*([[{])/.exec(prefix)?.[1];
  if (!first) return null;
  const trial = new JsonElementStream('(sniff)');
  let elements: Array<{ text: string }>;
  try {
    elements = trial.push(prefix);
  } catch {
    return null;
  }
  if (!trial.foundArray) return null;
  if (first === '{') return 'traceEvents';
  // A bare array: Chrome's events have a phase; an array of Cinema events does not.
  const head = elements[0]?.text ?? prefix.slice(prefix.indexOf('[') + 1);
  return /^\s*\{/.test(head) && /"ph"\s*:/.test(head.slice(0, 2000)) ? '' : null;
}

/** Whether a file's first characters show OTLP/JSON whose spans can be streamed: a top-level "resourceSpans" array opens within them. */
export function looksLikeStreamableOtlp(prefix: string): boolean {
  if (!/^\uFEFF?\s*\{/.test(prefix)) return false;
  const trial = new JsonPathStream('(sniff)', { path: OTLP_PATH, many: true });
  try {
    trial.push(prefix);
  } catch {
    return false;
  }
  return trial.foundArray;
}
