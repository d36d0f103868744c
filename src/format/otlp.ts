// OpenTelemetry traces as OTLP/JSON: {"resourceSpans": [...]} (or .jsonl, one such object per line).
// Each span becomes an entry event at startTimeUnixNano and an exit at endTimeUnixNano, its span
// events become events at timeUnixNano, the trace id is the correlation, and span links become
// links. code.* attributes (code.file.path / code.filepath, code.line.number / code.lineno,
// code.function.name / code.function) name the AST location. Times are 64-bit decimal strings:
// they are rebased to the earliest one exactly, never through a float.
import { TimeBase, isDecimalInteger } from './exact-time';
import { FormatError, found } from './format-error';
import { type ConvertOptions, type DocumentFormat, type ImportedDocument, STRICT, perElement } from './imported';
import type { ReadEvent, ReadRecord } from './native-reader';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);

/** An OTLP AnyValue as a plain value. */
function anyValue(v: unknown): unknown {
  if (!isObj(v)) return v;
  if ('stringValue' in v) return v.stringValue;
  if ('boolValue' in v) return v.boolValue;
  if ('intValue' in v) return typeof v.intValue === 'string' && Number.isSafeInteger(Number(v.intValue)) ? Number(v.intValue) : v.intValue;
  if ('doubleValue' in v) return v.doubleValue;
  if ('arrayValue' in v) return (((v.arrayValue as Obj)?.values as unknown[] | undefined) ?? []).map(anyValue);
  if ('kvlistValue' in v) return attributes((v.kvlistValue as Obj)?.values);
  if ('bytesValue' in v) return v.bytesValue;
  return null;
}

/** OTLP attributes ([{key, value}]) as an object. */
function attributes(list: unknown): Obj {
  const out: Obj = {};
  if (Array.isArray(list)) for (const kv of list) if (isObj(kv) && typeof kv.key === 'string') out[kv.key] = anyValue(kv.value);
  return out;
}

/** The documents of a file: one object, or several (.jsonl). */
function documents(doc: unknown): Obj[] {
  return Array.isArray(doc) ? (doc as Obj[]) : [doc as Obj];
}

function spansOf(d: Obj): Array<{ resource: Obj; scope: Obj; span: Obj }> {
  const out: Array<{ resource: Obj; scope: Obj; span: Obj }> = [];
  for (const rs of (d.resourceSpans as unknown[]) ?? []) {
    if (!isObj(rs)) continue;
    const resource = attributes((rs.resource as Obj | undefined)?.attributes);
    const scopes = (rs.scopeSpans ?? rs.instrumentationLibrarySpans ?? []) as unknown[];
    for (const ss of scopes) {
      if (!isObj(ss)) continue;
      const scope = isObj(ss.scope) ? ss.scope : isObj(ss.instrumentationLibrary) ? ss.instrumentationLibrary : {};
      for (const span of (ss.spans as unknown[]) ?? []) if (isObj(span)) out.push({ resource, scope, span });
    }
  }
  return out;
}

/** The OTLP/JSON traces reader. */
export const otlp: DocumentFormat = {
  name: 'otlp',
  byName: (file) => /\.otlp\.jsonl?$/i.test(file),
  byContent: (doc) => documents(doc).length > 0 && documents(doc).every((d) => isObj(d) && Array.isArray(d.resourceSpans)),
  convert: convertOtlp,
};

function convertOtlp(doc: unknown, file: string, opts: ConvertOptions = STRICT): ImportedDocument {
  const all = documents(doc).flatMap((d, di) =>
    spansOf(d).map((s, si) => ({ ...s, where: `resourceSpans (document ${di + 1}, span ${si + 1})`, line: di + 1 })),
  );
  // The earliest start is the epoch: every offset is then small, and exact.
  let epoch: bigint | null = null;
  for (const s of all) {
    // A span with a bad start is reported (or skipped) as it converts.
    const text = startText(s.span);
    if (text === null) continue;
    const t = BigInt(text);
    if (epoch === null || t < epoch) epoch = t;
  }
  const spans = new OtlpSpans(file, opts, (epoch ?? 0n).toString());
  const records: ReadRecord[] = [];
  for (const { resource, scope, span, where, line } of all) spans.convert(span, resource, scope, where, line, records);
  const end = spans.finish();
  return { format: 'otlp', time_unit: 'ns', epoch: spans.epoch!, header: {}, records: records.concat(end.records), notes: end.notes };
}

/** A span's start as decimal text, or null when it is not one. */
function startText(span: Obj): string | null {
  const v = span.startTimeUnixNano;
  const text = typeof v === 'number' && Number.isSafeInteger(v) ? String(v) : v;
  return typeof text === 'string' && isDecimalInteger(text) ? text : null;
}

/** Attributes of an OTLP resource (its `attributes` list) as an object. */
export function resourceAttributes(resource: unknown): Obj {
  return attributes(isObj(resource) ? resource.attributes : undefined);
}

/**
 * Converts spans one at a time, so a large file streams (otlp-read.ts) as well as
 * it converts whole. Each span becomes its events; links and AST nodes come at the end, when every
 * span is known. The epoch is given, or else the first span's start: a streamed file cannot look
 * ahead for the earliest, and times before it are negative offsets, as exact.
 */
export class OtlpSpans {
  private base: TimeBase | null = null;
  private readonly entryOf = new Map<string, string>(); // traceId:spanId -> entry event id
  private readonly ast = new Map<string, ReadRecord>();
  private readonly spanLinks: Array<{ from: string; to: string }> = [];
  private n = 0;

  constructor(
    private readonly file: string,
    private readonly opts: ConvertOptions,
    epoch: string | null = null,
  ) {
    if (epoch !== null) this.base = new TimeBase(epoch);
  }

  /** The session's epoch, once there is one (after the first span with a start). */
  get epoch(): string | null {
    return this.base?.epoch ?? null;
  }

  private timeText(v: unknown, where: string, line: number, field: string): string {
    const text = typeof v === 'number' && Number.isSafeInteger(v) ? String(v) : v;
    if (typeof text !== 'string' || !isDecimalInteger(text))
      throw new FormatError(this.file, line, 1, `${where}: expected ${field} as a decimal string of nanoseconds, found ${found(v)}`);
    return text;
  }

  /** A time field as an offset from the epoch; one too far from the others to keep exactly is refused at its span. */
  private time(v: unknown, where: string, line: number, field: string): number {
    const text = this.timeText(v, where, line, field);
    this.base ??= new TimeBase(text);
    try {
      return this.base.rebase(text);
    } catch (err) {
      throw new FormatError(this.file, line, 1, `${where}: ${field}: ${(err as Error).message}`);
    }
  }

  /** Appends a span's events to `out` (in lenient mode a bad span is skipped whole, and said). */
  convert(span: unknown, resource: Obj, scope: Obj, where: string, line: number, out: ReadRecord[]): void {
    if (isObj(span)) perElement(this.opts, () => this.span(span, resource, scope, where, line, out));
  }

  private span(span: Obj, resource: Obj, scope: Obj, where: string, line: number, out: ReadRecord[]): void {
    const traceId = String(span.traceId ?? '');
    const spanId = String(span.spanId ?? '');
    const attrs = attributes(span.attributes);
    const astId = this.astNode(span, attrs, line);
    const common = {
      name: typeof span.name === 'string' ? span.name : '',
      trace_id: traceId,
      span_id: spanId,
      ...(span.parentSpanId ? { parent_span_id: span.parentSpanId } : {}),
      ...(span.kind !== undefined ? { span_kind: span.kind } : {}),
      service: resource['service.name'],
      scope: scope.name,
      attributes: attrs,
    };
    // A span's events are kept aside until the whole span has converted: a lenient skip drops it whole.
    const local: ReadEvent[] = [];
    let n = this.n;
    const ev = (ts: number, data: Obj): ReadEvent => {
      const e: ReadEvent = { kind: 'event', line, timestamp: ts, ast_node_id: astId, correlation_id: traceId || null, data, id: `o${n++}` };
      local.push(e);
      return e;
    };
    const start = this.time(span.startTimeUnixNano, where, line, 'startTimeUnixNano');
    const end = this.time(span.endTimeUnixNano ?? span.startTimeUnixNano, where, line, 'endTimeUnixNano');
    const entry = ev(start, { type: 'function_entry', ...common });
    for (const se of (span.events as unknown[]) ?? []) {
      if (!isObj(se)) continue;
      ev(this.time(se.timeUnixNano, `${where} event`, line, 'timeUnixNano'), {
        type: se.name === 'exception' ? 'error' : 'span_event',
        name: se.name,
        trace_id: traceId,
        span_id: spanId,
        attributes: attributes(se.attributes),
      });
    }
    const status = isObj(span.status) ? span.status : null;
    ev(end, { type: 'function_exit', ...common, ...(status ? { status } : {}) });
    this.n = n;
    for (const e of local) out.push(e);
    this.entryOf.set(`${traceId}:${spanId}`, entry.id!);
    for (const l of (span.links as unknown[]) ?? []) if (isObj(l)) this.spanLinks.push({ from: `${l.traceId}:${l.spanId}`, to: entry.id! });
  }

  /** The AST node a span names by its code.* attributes, or by its name; made once per node. */
  private astNode(span: Obj, attrs: Obj, line: number): string | null {
    const fn = attrs['code.function.name'] ?? attrs['code.function'];
    const path = attrs['code.file.path'] ?? attrs['code.filepath'];
    const lineNo = attrs['code.line.number'] ?? attrs['code.lineno'];
    const name = typeof span.name === 'string' ? span.name : '';
    if (typeof fn === 'string' || typeof path === 'string') {
      const astId = `${path ?? ''}:${lineNo ?? ''}:${fn ?? name}`;
      if (!this.ast.has(astId)) {
        const node: ReadRecord = { kind: 'ast', id: astId, type: 'function', name: String(fn ?? name), line };
        if (typeof path === 'string') node.file = path;
        if (typeof lineNo === 'number') node.span = { start_line: lineNo, start_col: 1, end_line: lineNo, end_col: 1 };
        this.ast.set(astId, node);
      }
      return astId;
    }
    if (!name) return null;
    const astId = `span:${name}`;
    if (!this.ast.has(astId)) this.ast.set(astId, { kind: 'ast', id: astId, type: 'span', name, line });
    return astId;
  }

  /** The span links between spans of the file, and the AST nodes; notes on links left out. */
  finish(): { records: ReadRecord[]; notes: string[] } {
    this.base ??= new TimeBase('0');
    const records: ReadRecord[] = [];
    for (const l of this.spanLinks) {
      const from = this.entryOf.get(l.from);
      if (from) records.push({ kind: 'link', from, to: l.to, label: 'span link', line: 0 });
    }
    const left = this.spanLinks.length - records.length;
    for (const node of this.ast.values()) records.push(node);
    const notes = left > 0 ? [`${left} span link(s) point at spans outside the file and were left out`] : [];
    return { records, notes };
  }
}
