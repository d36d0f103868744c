// Reading an OTLP/JSON file's text into batches of records as it arrives, span by span
// (JsonPathStream splits resourceSpans[].scopeSpans[].spans[]), like readTrace for Chrome traces:
// in the store's import (store/import/parse-worker-client.ts, on the importing thread or in the parser
// Worker) and in the command-line tool. A span is converted with the resource and scope around it;
// exporters write those before the spans (protobuf's field order), and a span that comes before
// them waits, in order, until they come or their object ends.
import { abortError } from '../abort';
import { FormatError } from './format-error';
import { JsonPathStream } from './json-path-stream';
import type { ReadRecord } from './native-reader';
import { OtlpSpans, resourceAttributes } from './otlp';
import { ReaderSkips, type TextReadOptions, type TraceParseEvent, asText, parseElement } from './trace-read';

type Obj = Record<string, unknown>;

/** The path to an OTLP file's spans (instrumentationLibrary*: the names before OTLP 0.15). */
export const OTLP_PATH = [['resourceSpans'], ['scopeSpans', 'instrumentationLibrarySpans'], ['spans']];

/** A resource or a scope around spans: its value once its member is read, or {} once its object ends. */
interface Around {
  value: Obj | null;
}

interface Waiting {
  text: string;
  line: number;
  column: number;
  resource: Around;
  scope: Around;
  where: string;
}

export async function* readOtlp(texts: AsyncIterable<string>, opts: TextReadOptions): AsyncGenerator<TraceParseEvent> {
  const { file, strict } = opts;
  const skips = new ReaderSkips();
  const splitter = new JsonPathStream(file, { path: OTLP_PATH, many: true });
  const spans = new OtlpSpans(file, { strict, onSkip: skips.add });
  let pending: ReadRecord[] = [];
  let waiting: Waiting[] = [];
  let resource: Around = { value: {} };
  let scope: Around = { value: {} };
  let doc = 0;
  let index = 0;
  let epochSaid = false;

  const parsed = (text: string, line: number, column: number, label: string, expected: string): unknown => {
    try {
      return parseElement({ text, line, column }, file, label, expected);
    } catch (err) {
      if (strict || !(err instanceof FormatError)) throw err;
      skips.add(err.message);
      return undefined;
    }
  };
  const convert = (w: Waiting) => {
    const span = parsed(w.text, w.line, w.column, w.where, 'a span');
    if (span !== undefined) spans.convert(span, w.resource.value!, w.scope.value!, w.where, w.line, pending);
  };
  /** Converts the spans waiting in front whose resource and scope are known. */
  const release = () => {
    let k = 0;
    while (k < waiting.length && waiting[k].resource.value !== null && waiting[k].scope.value !== null) convert(waiting[k++]);
    if (k > 0) waiting = waiting.slice(k);
  };

  for await (const text of texts) {
    for (const it of splitter.push(text)) {
      if (it.kind === 'element') {
        const w = {
          text: it.text,
          line: it.line,
          column: it.column,
          resource,
          scope,
          where: `resourceSpans (document ${doc}, span ${++index})`,
        };
        if (waiting.length === 0 && resource.value !== null && scope.value !== null) convert(w);
        else waiting.push(w);
      } else if (it.kind === 'open') {
        if (it.depth === 0) {
          doc++;
          index = 0;
        } else if (it.depth === 1) resource = { value: null };
        else scope = { value: null };
      } else if (it.kind === 'member') {
        const named = it.depth === 1 ? it.key === 'resource' : it.key === 'scope' || it.key === 'instrumentationLibrary';
        if (!named) continue;
        const v = parsed(it.text, it.line, it.column, `resourceSpans (document ${doc}) ${it.key}`, 'an object');
        if (it.depth === 1) resource.value = resourceAttributes(v);
        else if (it.key === 'scope' || scope.value === null) scope.value = v !== null && typeof v === 'object' ? (v as Obj) : {};
        release();
      } else {
        if (it.depth === 1) resource.value ??= {};
        else if (it.depth === 2) scope.value ??= {};
        release();
      }
    }
    if (opts.signal?.aborted) throw abortError('import');
    if (!epochSaid && spans.epoch !== null) {
      epochSaid = true;
      yield { type: 'epoch', epoch: spans.epoch };
    }
    if (pending.length >= opts.batchSize) {
      yield { type: 'records', records: asText(pending), lines: 0, skipped: skips.skipped, messages: skips.taken() };
      pending = [];
    }
  }
  splitter.end();
  if (!splitter.foundArray)
    throw new FormatError(file, 1, 1, 'expected OTLP/JSON traces ({"resourceSpans": [...]}), found no "resourceSpans"');
  const rest = spans.finish();
  if (!epochSaid) yield { type: 'epoch', epoch: spans.epoch! };
  yield {
    type: 'trace-end',
    records: asText(pending.concat(rest.records)),
    header: {},
    notes: rest.notes,
    skipped: skips.skipped,
    messages: skips.taken(),
  };
}
