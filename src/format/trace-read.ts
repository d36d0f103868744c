// Reading a Chrome trace's text into batches of records, element by element as it arrives (a 280 MB
// trace is never one string): each element parsed and converted on its own. The store's import
// runs it on the importing thread or in the parser Worker (store/import/parse-worker-client.ts), the
// command-line tool on a file (src/node/recording-file.ts). An event's payload leaves it as JSON
// text when JSON carries it exactly, so from the Worker the batch crosses as columns and the
// importing thread only stores (on a 1M-event trace, parsing and converting on the importing thread
// took about as long as storing).
import { mayNestTooDeep, nestedDeeper, tooDeep } from './depth';
import { FormatError, jsonSyntaxError } from './format-error';
import { MAX_SKIP_MESSAGES } from './skip-log';
import { ChromeTraceConverter } from './chrome-trace';
import { type JsonElement, JsonElementStream } from './json-elements';
import type { ReadRecord } from './native-reader';
import { abortError } from '../abort';

/** What a streamed reader needs to know: the file (for messages), strictness, the batch size. */
export interface TextReadOptions {
  file: string;
  strict: boolean;
  /** Records per batch yielded. */
  batchSize: number;
  /** Checked after each piece of text: a cancelled read stops there (an AbortSignal, or anything with `aborted`). */
  signal?: { readonly aborted: boolean };
}

/** Where the events are: a bare array ('') or the top-level "traceEvents" member. */
export type TraceWhere = '' | 'traceEvents';

/**
 * What reading a trace yields: batches of records, then the rest the converter kept to the end.
 * An OTLP file's epoch is its first span's start, said before the first batch.
 */
export type TraceParseEvent =
  | { type: 'epoch'; epoch: string }
  | { type: 'records'; records: ReadRecord[]; lines: number; skipped: number; messages: string[] }
  | { type: 'trace-end'; records: ReadRecord[]; header: Record<string, unknown>; notes: string[]; skipped: number; messages: string[] };

/**
 * Whether JSON gives back a value built of JSON.parse's output (a tree: nothing shared, no cycle,
 * plain objects and arrays, within the depth limit, which the reading checked). Only a number may
 * not survive (Infinity from 1e999, -0) and an absent value the converter filled in (a missing pid).
 * isExactJson answers for any value and keeps a set of the objects it saw: on a 1M-event trace it
 * took 0.53 s of self time in a profile, this 0.27-0.31 s.
 */
function exactParsed(v: unknown): boolean {
  if (typeof v === 'number') return Number.isFinite(v) && !Object.is(v, -0);
  if (v === null || typeof v !== 'object') return v !== undefined;
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) if (!exactParsed(v[i])) return false;
    return true;
  }
  for (const k in v) if (!exactParsed((v as Record<string, unknown>)[k])) return false;
  return true;
}

/** Events keep their payload as JSON text where JSON gives back the same value (the store keeps that text). */
export function asText(records: ReadRecord[]): ReadRecord[] {
  // `data` stays: the converter may still read an event it gave (a B's name, when its E comes).
  for (const r of records) if (r.kind === 'event' && r.json === undefined && exactParsed(r.data)) r.json = JSON.stringify(r.data);
  return records;
}

/** A reader's skips: all counted, the first few kept to show (SkipLog keeps as many), so a bad file's batches stay small. */
export class ReaderSkips {
  skipped = 0;
  private messages: string[] = [];

  readonly add = (m: string): void => {
    if (this.skipped++ < MAX_SKIP_MESSAGES) this.messages.push(m);
  };

  /** The messages kept since the last call. */
  taken(): string[] {
    const m = this.messages;
    this.messages = [];
    return m;
  }
}

/** One streamed element parsed; invalid JSON, or nesting too deep, is a FormatError at its place. */
export function parseElement(el: JsonElement, file: string, label: string, expected: string): unknown {
  let value: unknown;
  try {
    value = JSON.parse(el.text);
  } catch (err) {
    const at = jsonSyntaxError(err, el.text);
    const line = el.line + at.line - 1;
    const column = at.line === 1 ? el.column + at.column - 1 : at.column;
    throw new FormatError(file, line, column, `${label}: expected ${expected}, found invalid JSON (${at.message})`);
  }
  if (mayNestTooDeep(el.text.length) && nestedDeeper(value))
    throw new FormatError(file, el.line, el.column, `${label}: ${tooDeep('the event')}`);
  return value;
}

export async function* readTrace(texts: AsyncIterable<string>, where: TraceWhere, opts: TextReadOptions): AsyncGenerator<TraceParseEvent> {
  const { file, strict } = opts;
  const skips = new ReaderSkips();
  const onSkip = skips.add;
  const splitter = new JsonElementStream(file);
  const converter = new ChromeTraceConverter(file, where, { strict, onSkip });
  let pending: ReadRecord[] = [];
  let index = 0;
  for await (const text of texts) {
    for (const el of splitter.push(text)) {
      const i = index++;
      let value: unknown;
      try {
        value = parseElement(el, file, `${where}[${i}]`, 'a trace event');
      } catch (err) {
        if (strict || !(err instanceof FormatError)) throw err;
        onSkip(err.message);
        continue;
      }
      for (const r of converter.push(value, i, el)) pending.push(r);
    }
    if (opts.signal?.aborted) throw abortError('import');
    if (pending.length >= opts.batchSize) {
      yield { type: 'records', records: asText(pending), lines: 0, skipped: skips.skipped, messages: skips.taken() };
      pending = [];
    }
  }
  splitter.end();
  if (!splitter.foundArray)
    throw new FormatError(file, 1, 1, 'expected a Trace Event array or {"traceEvents": [...]}, found an object without "traceEvents"');
  const rest = converter.finish();
  const records = asText(pending.concat(rest.records));
  yield { type: 'trace-end', records, header: rest.header, notes: rest.notes, skipped: skips.skipped, messages: skips.taken() };
}
