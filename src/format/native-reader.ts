// Reading `.cinema` lines: the header, then records, each checked field by field. Strict (the
// default) stops at the first bad record; lenient skips bad records, counts them and keeps the first
// messages. Timestamps are taken from the text (raw-fields.ts) and rebased exactly (exact-time.ts).
import { MAX_PAYLOAD_DEPTH } from '../event';
import { mayNestTooDeep, nestedDeeper, tooDeep } from './depth';
import { type EventLineFields, scanEventLine } from './event-line';
import { TimeBase } from './exact-time';
import { FormatError, found, jsonSyntaxError } from './format-error';
import { MAX_SKIP_MESSAGES } from './skip-log';
import { rawTopLevelField } from './raw-fields';
import { type AstRecord, type CinemaHeader, FORMAT_VERSION, type LinkRecord, type SourceRecord } from './spec';

/** An event as read: timestamp rebased to the epoch, ids checked. */
export interface ReadEvent {
  kind: 'event';
  line: number;
  timestamp: number;
  ast_node_id: string | null;
  correlation_id: string | null;
  data: unknown;
  id: string | null;
  /**
   * Only from a reader made with `payloadText`: the payload's JSON text as the file has it (valid,
   * compact, within the depth limit). `data` is then null: the store keeps payloads as text, so
   * nothing parses them on the way in.
   */
  json?: string;
}

/** A bookmark as read, its timestamp rebased like an event's. */
export interface ReadBookmark {
  kind: 'bookmark';
  line: number;
  timestamp: number;
  label: string;
  note?: string;
}

/** Any record as read, with the line it came from. */
export type ReadRecord = ReadEvent | ReadBookmark | ((AstRecord | SourceRecord | LinkRecord) & { line: number });

/** How a reader treats bad records. */
export interface NativeReaderOptions {
  /** Shown in messages; the file's name. */
  file: string;
  /** Default true: the first bad record throws. False: bad records are skipped and counted. */
  strict?: boolean;
  /** Lenient mode keeps this many messages (default MAX_SKIP_MESSAGES). */
  maxMessages?: number;
  /** Events on the fast path carry their payload as text in `json` instead of parsed in `data`. */
  payloadText?: boolean;
}

const KINDS = 'event, ast, source, link or bookmark';
const UNITS = new Set(['ns', 'us', 'ms']);

/** The 1-based column of a top-level field's value in a line, or 1. */
function columnOf(text: string, field: string): number {
  return rawTopLevelField(text, field)?.column ?? 1;
}

/** Reads one `.cinema` file line by line. */
export class NativeReader {
  header: CinemaHeader | null = null;
  timeBase: TimeBase | null = null;
  /** Lenient mode: messages of skipped records (the first maxMessages). */
  readonly messages: string[] = [];
  /** Lenient mode: how many records were skipped. */
  skipped = 0;
  readonly counts = { event: 0, ast: 0, source: 0, link: 0, bookmark: 0 };
  private readonly strict: boolean;
  private readonly maxMessages: number;
  private astLines = new Map<string, number>();
  private parentRefs: Array<{ parent: string; child: string; line: number; column: number }> = [];
  private eventIds = new Set<string>();
  private linkRefs: Array<{ id: string; line: number; column: number }> = [];
  private readonly scanned: EventLineFields = { timestamp: '', ast_node_id: null, correlation_id: null, id: null, data: 'null' };

  constructor(private readonly opts: NativeReaderOptions) {
    this.strict = opts.strict ?? true;
    this.maxMessages = opts.maxMessages ?? MAX_SKIP_MESSAGES;
  }

  /** Reads one line (without its newline). Returns the record, or null for a blank or skipped line. */
  read(text: string, line: number): ReadRecord | null {
    // (trim() would copy every line; only a line starting with white space can be blank.)
    if (text.length === 0 || (text.charCodeAt(0) <= 32 && text.trim() === '')) return null;
    if (this.opts.payloadText && this.header !== null && scanEventLine(text, this.scanned, MAX_PAYLOAD_DEPTH)) {
      const fast = this.fastEvent(line);
      if (fast) return fast;
    }
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (err) {
      const { column, message } = jsonSyntaxError(err, text);
      if (this.header === null)
        throw new FormatError(
          this.opts.file,
          line,
          column,
          `expected a cinema-session header line of JSON, found text that is not JSON (${message})`,
        );
      return this.fail(line, column, `expected a JSON record, found invalid JSON (${message})`);
    }
    if (this.header === null) {
      this.readHeader(value, line);
      return null;
    }
    if (value === null || typeof value !== 'object' || Array.isArray(value))
      return this.fail(line, 1, `expected a JSON object record, found ${found(value)}`);
    const r = value as Record<string, unknown>;
    // Any record (an AST node, a link, a bookmark) nested past the limit would overflow whatever
    // walks or copies it; an event's data is checked below, with its own message.
    if (r.kind !== 'event' && mayNestTooDeep(text.length) && nestedDeeper(r)) return this.fail(line, 1, tooDeep('the record'));
    // Columns are looked up only when a record is wrong (columnOf scans the line).
    switch (r.kind) {
      case 'event':
        return this.readEvent(r, text, line);
      case 'bookmark': {
        const timestamp = this.timestamp(r, text, line);
        if (timestamp === null) return null;
        if (typeof r.label !== 'string')
          return this.fail(line, columnOf(text, 'label'), `expected a bookmark label string, found ${found(r.label)}`);
        if (r.note !== undefined && typeof r.note !== 'string')
          return this.fail(line, columnOf(text, 'note'), `expected a bookmark note string, found ${found(r.note)}`);
        this.counts.bookmark++;
        return { kind: 'bookmark', line, timestamp, label: r.label, ...(r.note ? { note: r.note } : {}) };
      }
      case 'ast':
        return this.readAst(r, text, line);
      case 'source':
        if (typeof r.file !== 'string')
          return this.fail(line, columnOf(text, 'file'), `expected a source file name string, found ${found(r.file)}`);
        if (typeof r.text !== 'string')
          return this.fail(line, columnOf(text, 'text'), `expected the source text as a string, found ${found(r.text)}`);
        this.counts.source++;
        return { kind: 'source', file: r.file, text: r.text, line };
      case 'link': {
        for (const end of ['from', 'to'] as const) {
          if (typeof r[end] !== 'string')
            return this.fail(line, columnOf(text, end), `expected a link's "${end}" event id string, found ${found(r[end])}`);
        }
        if (r.label !== undefined && typeof r.label !== 'string')
          return this.fail(line, columnOf(text, 'label'), `expected a link label string, found ${found(r.label)}`);
        this.linkRefs.push(
          { id: r.from as string, line, column: columnOf(text, 'from') },
          { id: r.to as string, line, column: columnOf(text, 'to') },
        );
        this.counts.link++;
        return {
          kind: 'link',
          from: r.from as string,
          to: r.to as string,
          ...(r.label !== undefined ? { label: r.label as string } : {}),
          line,
        };
      }
      default:
        return this.fail(line, columnOf(text, 'kind'), `expected a record kind of ${KINDS}, found ${found(r.kind)}`);
    }
  }

  /** Checks what only the whole file can tell: that the file had a header, that parents and link ends exist. */
  finish(): void {
    if (this.header === null) throw new FormatError(this.opts.file, 1, 1, 'expected a cinema-session header, found an empty file');
    for (const ref of this.parentRefs) {
      if (!this.astLines.has(ref.parent))
        this.fail(
          ref.line,
          ref.column,
          `expected parent_id to name an ast record of this file, found "${ref.parent}", which none defines (child "${ref.child}")`,
        );
    }
    for (const ref of this.linkRefs) {
      if (!this.eventIds.has(ref.id))
        this.fail(ref.line, ref.column, `expected a link to name an event id of this file, found "${ref.id}", which no event has`);
    }
  }

  private readHeader(value: unknown, line: number): void {
    const fail = (detail: string): never => {
      throw new FormatError(this.opts.file, line, 1, detail);
    };
    if (value === null || typeof value !== 'object' || Array.isArray(value))
      fail(`expected a cinema-session header object, found ${found(value)}`);
    const h = value as Record<string, unknown>;
    // The header is kept with the session (a structured clone): one nested past the limit overflows it.
    if (nestedDeeper(h)) fail(tooDeep('the header'));
    if (h.format !== 'cinema-session')
      fail(
        `expected a header with "format":"cinema-session", found ${'kind' in h ? 'a record before any header' : `format ${found(h.format)}`}`,
      );
    if (!(Number.isInteger(h.version) && (h.version as number) >= 1 && (h.version as number) <= FORMAT_VERSION))
      fail(
        `expected format version 1 to ${FORMAT_VERSION}, found ${found(h.version)}${typeof h.version === 'number' && h.version > FORMAT_VERSION ? ' (written by a newer Cinema)' : ''}`,
      );
    if (typeof h.time_unit !== 'string' || !UNITS.has(h.time_unit))
      fail(`expected time_unit "ns", "us" or "ms", found ${found(h.time_unit)}`);
    if (typeof h.epoch !== 'string') fail(`expected epoch as a decimal string, found ${found(h.epoch)}`);
    try {
      this.timeBase = new TimeBase(h.epoch as string);
    } catch (err) {
      fail((err as Error).message);
    }
    this.header = h as unknown as CinemaHeader;
  }

  private readEvent(r: Record<string, unknown>, text: string, line: number): ReadEvent | null {
    const timestamp = this.timestamp(r, text, line);
    if (timestamp === null) return null;
    for (const field of ['ast_node_id', 'correlation_id'] as const) {
      const v = r[field];
      if (v !== undefined && v !== null && typeof v !== 'string')
        return this.fail(line, columnOf(text, field), `expected ${field} to be a string or null, found ${found(v)}`);
    }
    // A reader for the store refuses what the store would: it sends payloads on (to another
    // thread, too), and one nested this deep could overflow the copy on the way.
    if (this.opts.payloadText && nestedDeeper(r.data, MAX_PAYLOAD_DEPTH)) {
      return this.fail(line, 1, `data is nested more than ${MAX_PAYLOAD_DEPTH} levels deep; the store keeps at most ${MAX_PAYLOAD_DEPTH}`);
    }
    let id: string | null = null;
    if (r.id !== undefined) {
      if (typeof r.id !== 'string') return this.fail(line, columnOf(text, 'id'), `expected an event id string, found ${found(r.id)}`);
      id = r.id;
      this.eventIds.add(id);
    }
    this.counts.event++;
    return {
      kind: 'event',
      line,
      timestamp,
      ast_node_id: (r.ast_node_id as string | null | undefined) ?? null,
      correlation_id: (r.correlation_id as string | null | undefined) ?? null,
      data: r.data === undefined ? null : r.data,
      id,
    };
  }

  /** An event the scanner read; null when its timestamp needs the general path's message. */
  private fastEvent(line: number): ReadEvent | null {
    const f = this.scanned;
    let timestamp: number;
    try {
      timestamp = this.timeBase!.rebase(f.timestamp);
    } catch {
      return null;
    }
    if (f.id !== null) this.eventIds.add(f.id);
    this.counts.event++;
    return {
      kind: 'event',
      line,
      timestamp,
      ast_node_id: f.ast_node_id,
      correlation_id: f.correlation_id,
      data: null,
      id: f.id,
      json: f.data,
    };
  }

  private readAst(r: Record<string, unknown>, text: string, line: number): ReadRecord | null {
    if (typeof r.id !== 'string' || r.id === '')
      return this.fail(line, columnOf(text, 'id'), `expected an ast node id string, found ${found(r.id)}`);
    const first = this.astLines.get(r.id);
    if (first !== undefined)
      return this.fail(line, columnOf(text, 'id'), `expected a new ast node id, found "${r.id}" again (first defined on line ${first})`);
    for (const field of ['type', 'name', 'file'] as const) {
      if (r[field] !== undefined && typeof r[field] !== 'string')
        return this.fail(line, columnOf(text, field), `expected ast ${field} to be a string, found ${found(r[field])}`);
    }
    if (r.parent_id !== undefined && r.parent_id !== null && typeof r.parent_id !== 'string')
      return this.fail(line, columnOf(text, 'parent_id'), `expected parent_id to be a string or null, found ${found(r.parent_id)}`);
    if (r.span !== undefined) {
      const s = r.span as Record<string, unknown> | null;
      const ok =
        s !== null && typeof s === 'object' && ['start_line', 'start_col', 'end_line', 'end_col'].every((k) => Number.isSafeInteger(s[k]));
      if (!ok)
        return this.fail(
          line,
          columnOf(text, 'span'),
          `expected span {start_line, start_col, end_line, end_col} of integers, found ${found(r.span)}`,
        );
    }
    this.astLines.set(r.id, line);
    if (typeof r.parent_id === 'string')
      this.parentRefs.push({ parent: r.parent_id, child: r.id, line, column: columnOf(text, 'parent_id') });
    this.counts.ast++;
    const node: AstRecord & { line: number } = { kind: 'ast', id: r.id, line };
    if (r.type !== undefined) node.type = r.type as string;
    if (r.name !== undefined) node.name = r.name as string;
    if (r.parent_id !== undefined) node.parent_id = r.parent_id as string | null;
    if (r.file !== undefined) node.file = r.file as string;
    if (r.span !== undefined) node.span = r.span as AstRecord['span'];
    return node;
  }

  /** The record's timestamp, from its digits, rebased; null (or a throw) when it is not an integer. */
  private timestamp(r: Record<string, unknown>, text: string, line: number): number | null {
    const raw = rawTopLevelField(text, 'timestamp');
    if (raw === undefined) return this.fail(line, 1, 'expected an integer timestamp, found no timestamp field');
    if (typeof r.timestamp !== 'number') return this.fail(line, raw.column, `expected an integer timestamp, found ${found(r.timestamp)}`);
    try {
      return this.timeBase!.rebase(raw.raw);
    } catch (err) {
      return this.fail(
        line,
        raw.column,
        /not an integer|expected an integer/.test((err as Error).message)
          ? `expected an integer timestamp, found ${raw.raw}`
          : (err as Error).message,
      );
    }
  }

  private fail(line: number, column: number, detail: string): null {
    const err = new FormatError(this.opts.file, line, column, detail);
    if (this.strict) throw err;
    this.skipped++;
    if (this.messages.length < this.maxMessages) this.messages.push(err.message);
    return null;
  }
}
