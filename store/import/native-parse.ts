// Reading a `.cinema` file into batches of records: bytes in (gunzipped when gzip), text decoded,
// lines read one by one. The same generator runs on the importing thread or in a parser Worker
// (parse-worker-client.ts); from the Worker its batches cross as columns (toWire) and are stored as
// columns (SessionWriter.writeColumns), which costs the importing thread far less than objects.
import type { CinemaHeader } from '../../src/format/spec';
import { LineSplitter } from '../../src/format/line-splitter';
import { NativeReader, type ReadEvent, type ReadRecord } from '../../src/format/native-reader';
import { decodeText } from '../io/byte-input';

/**
 * What reading a file yields, in this order: the header, batches of records (as objects on this
 * thread, as columns from the parser Worker), the end.
 */
export type ParseEvent =
  | { type: 'header'; header: CinemaHeader }
  | { type: 'records'; records: ReadRecord[]; lines: number; skipped: number; messages: string[] }
  | WireRecords
  | { type: 'end'; lines: number; skipped: number; messages: string[]; counts: NativeReader['counts'] };

export interface ParseOptions {
  file: string;
  strict: boolean;
  /** Events a batch (a batch may hold a few more: a chunk's lines are read whole). */
  batchSize: number;
  signal?: AbortSignal;
  /** Sees the size of every raw chunk. */
  onRaw?: (bytes: number) => void;
}

/**
 * Reads a native file into batches. `skipped` is the reader's running total; `messages` are the
 * reader's messages new since the last event. Throws FormatError at the first bad record when strict.
 */
export async function* parseNative(input: AsyncIterable<Uint8Array>, opts: ParseOptions): AsyncGenerator<ParseEvent> {
  const reader = new NativeReader({ file: opts.file, strict: opts.strict, payloadText: true });
  let pending: ReadRecord[] = [];
  let events = 0;
  let headerSent = false;
  let messagesSent = 0;
  const splitter = new LineSplitter((text, line) => {
    const r = reader.read(text, line);
    if (r) {
      pending.push(r);
      if (r.kind === 'event') events++;
    }
  });
  const newMessages = () => {
    const m = reader.messages.slice(messagesSent);
    messagesSent = reader.messages.length;
    return m;
  };
  function* ready(all: boolean): Generator<ParseEvent> {
    if (!headerSent && reader.header) {
      headerSent = true;
      yield { type: 'header', header: reader.header };
    }
    if (pending.length > 0 && (all || events >= opts.batchSize)) {
      const records = pending;
      pending = [];
      events = 0;
      yield { type: 'records', records, lines: splitter.lines, skipped: reader.skipped, messages: newMessages() };
    }
  }
  for await (const text of decodeText(input, {
    file: opts.file,
    signal: opts.signal,
    onRaw: opts.onRaw ?? (() => {}),
    lineAt: () => splitter.lines + 1,
  })) {
    splitter.push(text);
    yield* ready(false);
  }
  splitter.end();
  reader.finish();
  yield* ready(true);
  yield { type: 'end', lines: splitter.lines, skipped: reader.skipped, messages: newMessages(), counts: { ...reader.counts } };
}

/**
 * A batch of records as columns: events' times, lines and payload texts in typed arrays and one
 * joined string, ids dictionary-encoded (code 0 is null, k is dict[k-1]). Events whose payload was
 * parsed (lines off the fast path) carry it in `datas`; other kinds of records go as they are.
 */
export interface WireRecords {
  type: 'columns';
  lines: number;
  skipped: number;
  messages: string[];
  n: number;
  ts: Float64Array;
  line: Uint32Array;
  astDict: string[];
  ast: Uint32Array;
  corrDict: string[];
  corr: Uint32Array;
  /** Event index -> the file's event id, for the few events that links name. */
  ids: Array<[number, string]>;
  json: string;
  jsonEnd: Uint32Array;
  datas: Array<[number, unknown]>;
  others: ReadRecord[];
}

function encoder(): { dict: string[]; code(id: string | null): number } {
  const codes = new Map<string, number>();
  const dict: string[] = [];
  return {
    dict,
    code(id) {
      if (id === null) return 0;
      let c = codes.get(id);
      if (c === undefined) codes.set(id, (c = dict.push(id)));
      return c;
    },
  };
}

/** Encodes a batch as columns, with the buffers to transfer. */
export function toWire(e: Extract<ParseEvent, { type: 'records' }>): { wire: WireRecords; transfer: ArrayBuffer[] } {
  const events = e.records.filter((r): r is ReadEvent => r.kind === 'event');
  const n = events.length;
  const ts = new Float64Array(n);
  const line = new Uint32Array(n);
  const ast = new Uint32Array(n);
  const corr = new Uint32Array(n);
  const jsonEnd = new Uint32Array(n);
  const astCodes = encoder();
  const corrCodes = encoder();
  const ids: Array<[number, string]> = [];
  const datas: Array<[number, unknown]> = [];
  const texts: string[] = new Array(n);
  let pos = 0;
  for (let i = 0; i < n; i++) {
    const ev = events[i];
    ts[i] = ev.timestamp;
    line[i] = ev.line;
    ast[i] = astCodes.code(ev.ast_node_id);
    corr[i] = corrCodes.code(ev.correlation_id);
    if (ev.id !== null) ids.push([i, ev.id]);
    if (ev.json !== undefined) texts[i] = ev.json;
    else {
      texts[i] = '';
      datas.push([i, ev.data]);
    }
    pos += texts[i].length;
    jsonEnd[i] = pos;
  }
  const wire: WireRecords = {
    type: 'columns',
    lines: e.lines,
    skipped: e.skipped,
    messages: e.messages,
    n,
    ts,
    line,
    astDict: astCodes.dict,
    ast,
    corrDict: corrCodes.dict,
    corr,
    ids,
    json: texts.join(''),
    jsonEnd,
    datas,
    others: e.records.filter((r) => r.kind !== 'event'),
  };
  return { wire, transfer: [ts.buffer, line.buffer, ast.buffer, corr.buffer, jsonEnd.buffer] };
}
