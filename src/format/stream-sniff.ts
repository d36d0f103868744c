// Telling from a file's first characters whether its events can be read as a stream (a Chrome
// trace's "traceEvents", an OTLP file's spans) rather than as one document: the same scanner that
// streams the file decides, so an array nested deeper never counts.
import { JsonElementStream } from './json-elements';
import { JsonPathStream } from './json-path-stream';
import { OTLP_PATH } from './otlp-read';

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
