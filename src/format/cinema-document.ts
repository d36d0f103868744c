// The two one-document forms of a Cinema recording: {"format":"cinema-session", ..., "events":[...],
// "ast":[...]} and a bare JSON array of events (what an ElixirScope dump looks like). Timestamps may
// arrive as numbers or as decimal strings; the loader turns long integers into strings before
// JSON.parse so no digit is lost. A bare array has no header: its unit is nanoseconds (what
// ElixirScope records) and its epoch the earliest timestamp.
import { TimeBase, isDecimalInteger } from './exact-time';
import { FormatError, found } from './format-error';
import { type ConvertOptions, type DocumentFormat, type ImportedDocument, STRICT, perElement } from './imported';
import type { ReadRecord } from './native-reader';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);
const UNITS = new Set(['ns', 'us', 'ms']);

function timestampText(v: unknown): string | null {
  if (typeof v === 'number' && Number.isSafeInteger(v)) return String(v);
  if (typeof v === 'string' && isDecimalInteger(v)) return v;
  return null;
}

/** The one-document Cinema forms. */
export const cinemaDocument: DocumentFormat = {
  name: 'cinema',
  byName: () => false,
  byContent: (doc) =>
    (isObj(doc) && doc.format === 'cinema-session' && Array.isArray(doc.events)) ||
    (Array.isArray(doc) && doc.slice(0, 20).every((e) => isObj(e) && 'timestamp' in e && !('ph' in e))),
  convert: convertCinemaDocument,
};

function convertCinemaDocument(doc: unknown, file: string, opts: ConvertOptions = STRICT): ImportedDocument {
  const bare = Array.isArray(doc);
  const header: Obj = bare ? {} : { ...(doc as Obj) };
  delete header.events;
  delete header.ast;
  const events = (bare ? doc : (doc as Obj).events) as unknown[];
  const where = (i: number) => (bare ? `[${i}]` : `events[${i}]`);
  // Timestamps first (the epoch of a bare array is the earliest); a bad event is null from here on.
  const texts: Array<string | null> = events.map((e, i) => {
    let text: string | null = null;
    perElement(opts, () => {
      if (!isObj(e)) throw new FormatError(file, 1, 1, `${where(i)}: expected an event object, found ${found(e)}`);
      text = timestampText(e.timestamp);
      if (text === null) throw new FormatError(file, 1, 1, `${where(i)}: expected an integer timestamp, found ${found(e.timestamp)}`);
    });
    return text;
  });
  let epoch: string;
  if (!bare && typeof header.epoch === 'string') epoch = header.epoch;
  else {
    let min: bigint | null = null;
    for (const t of texts) if (t !== null && (min === null || BigInt(t) < min)) min = BigInt(t);
    epoch = (min ?? 0n).toString();
  }
  const unit = bare ? 'ns' : header.time_unit;
  if (typeof unit !== 'string' || !UNITS.has(unit))
    throw new FormatError(file, 1, 1, `expected time_unit "ns", "us" or "ms", found ${found(unit)}`);
  let base: TimeBase;
  try {
    base = new TimeBase(epoch);
  } catch (err) {
    throw new FormatError(file, 1, 1, (err as Error).message);
  }
  const records: ReadRecord[] = [];
  events.forEach((value, i) =>
    perElement(opts, () => {
      const text = texts[i];
      if (text === null) return;
      const e = value as Obj;
      for (const f of ['ast_node_id', 'correlation_id'] as const) {
        if (e[f] !== undefined && e[f] !== null && typeof e[f] !== 'string')
          throw new FormatError(file, 1, 1, `${where(i)}: expected ${f} to be a string or null, found ${found(e[f])}`);
      }
      let timestamp: number;
      try {
        timestamp = base.rebase(text);
      } catch (err) {
        throw new FormatError(file, 1, 1, `${where(i)}: ${(err as Error).message}`);
      }
      // An ElixirScope event without "data" is its own payload, as storeEvent has it.
      const data = 'data' in e ? e.data : bare ? e : null;
      records.push({
        kind: 'event',
        line: i + 1,
        timestamp,
        ast_node_id: (e.ast_node_id as string | null) ?? null,
        correlation_id: (e.correlation_id as string | null) ?? null,
        data,
        id: typeof e.id === 'string' ? e.id : null,
      });
    }),
  );
  if (!bare && Array.isArray((doc as Obj).ast)) {
    ((doc as Obj).ast as unknown[]).forEach((n, i) => {
      if (!isObj(n) || typeof n.id !== 'string')
        throw new FormatError(file, 1, 1, `ast[${i}]: expected an AST node with a string id, found ${found(n)}`);
      records.push({ ...(n as object), kind: 'ast', id: n.id, line: 0 } as ReadRecord);
    });
  }
  return {
    format: 'cinema',
    name: typeof header.name === 'string' ? header.name : undefined,
    time_unit: unit as ImportedDocument['time_unit'],
    epoch,
    header,
    records,
    notes: [],
  };
}

/**
 * Turns every "timestamp" number of 16 digits or more into a string before JSON.parse, so the
 * converter sees its exact digits. A quote inside a JSON string is always escaped, so an unescaped
 * `"timestamp":` is a key.
 */
export function protectLongTimestamps(text: string): string {
  return text.replace(/(?<!\\)"timestamp"(\s*):(\s*)(-?\d{16,})(?=\s*[,}\]])/g, '"timestamp"$1:$2"$3"');
}
