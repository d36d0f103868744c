// Blocks: the unit of storage. Events are kept in time-ordered blocks that close once their payload
// passes 72 KiB (or at 4,096 events). The size was chosen past Chromium's ~64 KiB limit for values
// kept inside LevelDB, since larger ones (blob files) read 5-7x faster: 60 KB values at ~65 MB/s and
// 120 KB ones at ~495 MB/s in Chromium 156, with values that do not compress. A block's JSON text
// does compress, and Chromium compresses a value before choosing: blocks stay inside LevelDB (a 10M
// session: 1.25 GB of payload in 499 MB of LevelDB files, no block a blob file). The size still
// measures best (README: 24 KiB blocks read a flow faster, a 10k window and ingest slower).
import type { StoredEvent } from '../../src/event';
import type { BlockDataRecord, BlockIndexRecord } from './schema';
import type { StoreLayout } from './layout';
import { payloadBytes } from './payload';

/** An event validated and waiting in the write buffer. */
export interface PendingEvent {
  ts: number;
  seq: number;
  ast: string | null;
  corr: string | null;
  /** The payload as JSON text, or null when it is kept as a structured clone (`clone`). */
  json: string | null;
  clone: unknown;
  /** The timestamp came from the storage's clock (its last value is persisted). */
  clocked: boolean;
}

/** A block being filled: plain arrays, frozen into records when a batch is written. */
export class BlockBuilder {
  ts: number[] = [];
  seq: number[] = [];
  ast: number[] = [];
  corr: number[] = [];
  astDict: string[] = [];
  corrDict: string[] = [];
  texts: string[] = [];
  extras: Array<[number, unknown]> = [];
  bytes = 0;
  /** Events evicted from the block's start (offsets stay stable for the postings). */
  base = 0;
  private astCodes = new Map<string, number>();
  private corrCodes = new Map<string, number>();

  constructor(
    readonly no: number,
    private readonly layout: StoreLayout,
  ) {}

  get size(): number {
    return this.ts.length;
  }

  get full(): boolean {
    // Payload bytes count 24 bytes of columns an event.
    return this.ts.length >= this.layout.blockEvents || this.bytes >= this.layout.blockBytes;
  }

  /** Appends an event (the caller keeps blocks sorted) and returns its offset in the block. */
  push(e: PendingEvent): number {
    const offset = this.ts.length;
    this.ts.push(e.ts);
    this.seq.push(e.seq);
    this.ast.push(code(e.ast, this.astCodes, this.astDict));
    this.corr.push(code(e.corr, this.corrCodes, this.corrDict));
    if (e.json !== null) {
      this.texts.push(e.json);
    } else {
      this.texts.push('null');
      this.extras.push([offset, e.clone]);
    }
    this.bytes += payloadBytes(e) + 24;
    return offset;
  }

  toIndexRecord(): BlockIndexRecord {
    return {
      no: this.no,
      n: this.ts.length,
      base: this.base,
      ts: Float64Array.from(this.ts),
      seq: Float64Array.from(this.seq),
      bytes: this.bytes,
    };
  }

  toDataRecord(): BlockDataRecord {
    const dataEnd = new Uint32Array(this.texts.length);
    let pos = 0;
    for (let i = 0; i < this.texts.length; i++) {
      pos += this.texts[i].length;
      dataEnd[i] = pos;
      pos += 1; // the comma
    }
    return {
      ast: Uint16Array.from(this.ast),
      astDict: this.astDict.slice(),
      corr: Uint16Array.from(this.corr),
      corrDict: this.corrDict.slice(),
      data: this.texts.join(','),
      dataEnd,
      extras: this.extras.length > 0 ? this.extras.slice() : null,
    };
  }
}

function code(id: string | null, codes: Map<string, number>, dict: string[]): number {
  if (id === null) return 0;
  let c = codes.get(id);
  if (c === undefined) {
    dict.push(id);
    c = dict.length;
    codes.set(id, c);
  }
  return c;
}

/** The payload text of the event at `offset` of a block (or run) record: its slice of `data`. */
export function payloadTextAt(r: { data: string; dataEnd: Uint32Array }, offset: number): string {
  return r.data.slice(offset === 0 ? 0 : r.dataEnd[offset - 1] + 1, r.dataEnd[offset]);
}

/** The AST node id of the event at `offset`, or null. */
export function astIdAt(data: BlockDataRecord, offset: number): string | null {
  const c = data.ast[offset];
  return c === 0 ? null : data.astDict[c - 1];
}

/** The correlation id of the event at `offset`, or null. */
export function corrIdAt(data: BlockDataRecord, offset: number): string | null {
  const c = data.corr[offset];
  return c === 0 ? null : data.corrDict[c - 1];
}

/** Decodes the contiguous events [lo, hi) of a block, parsing just their part of the payload text. */
export function decodeRange(index: BlockIndexRecord, data: BlockDataRecord, lo: number, hi: number, out: StoredEvent[]): void {
  if (lo >= hi) return;
  const start = lo === 0 ? 0 : data.dataEnd[lo - 1] + 1;
  const parsed: unknown[] = JSON.parse('[' + data.data.slice(start, data.dataEnd[hi - 1]) + ']');
  const extras = data.extras ? new Map(data.extras) : null;
  for (let i = lo; i < hi; i++) {
    out.push({
      timestamp: index.ts[i],
      event_id: String(index.seq[i]),
      ast_node_id: astIdAt(data, i),
      correlation_id: corrIdAt(data, i),
      data: extras !== null && extras.has(i) ? structuredClone(extras.get(i)) : parsed[i - lo],
    });
  }
}

/**
 * An event with its payload left as the JSON text it is stored as (`json`), for exports that
 * write the text again; `json` is null for a payload kept as a structured clone (then `data`).
 */
export interface RawEvent {
  timestamp: number;
  event_id: string;
  ast_node_id: string | null;
  correlation_id: string | null;
  json: string | null;
  data?: unknown;
}

/** Like decodeEvents, without parsing payloads. */
export function rawEvents(index: BlockIndexRecord, data: BlockDataRecord, offsets: ArrayLike<number>, out: RawEvent[]): void {
  const extras = data.extras ? new Map(data.extras) : null;
  for (let k = 0; k < offsets.length; k++) {
    const i = offsets[k];
    const extra = extras !== null && extras.has(i);
    out.push({
      timestamp: index.ts[i],
      event_id: String(index.seq[i]),
      ast_node_id: astIdAt(data, i),
      correlation_id: corrIdAt(data, i),
      json: extra ? null : payloadTextAt(data, i),
      // Always present, so every RawEvent has one shape (a conditional spread made them slow).
      data: extra ? structuredClone(extras!.get(i)) : undefined,
    });
  }
}

/**
 * Turns events of one block back into StoredEvents. Offsets are ascending. When most of the block
 * is wanted it parses the whole payload text at once, which is faster than one parse per event.
 */
export function decodeEvents(index: BlockIndexRecord, data: BlockDataRecord, offsets: ArrayLike<number>, out: StoredEvent[]): void {
  const whole = offsets.length * 4 >= index.n;
  const parsed: unknown[] | null = whole ? JSON.parse('[' + data.data + ']') : null;
  const extras = data.extras ? new Map(data.extras) : null;
  for (let k = 0; k < offsets.length; k++) {
    const i = offsets[k];
    let payload: unknown;
    if (extras !== null && extras.has(i)) {
      payload = structuredClone(extras.get(i));
    } else if (parsed !== null) {
      payload = parsed[i];
    } else {
      payload = JSON.parse(payloadTextAt(data, i));
    }
    out.push({
      timestamp: index.ts[i],
      event_id: String(index.seq[i]),
      ast_node_id: astIdAt(data, i),
      correlation_id: corrIdAt(data, i),
      data: payload,
    });
  }
}
