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
  const timeText = (v: unknown, where: string, line: number, field: string): string => {
    const text = typeof v === 'number' && Number.isSafeInteger(v) ? String(v) : v;
    if (typeof text !== 'string' || !isDecimalInteger(text))
      throw new FormatError(file, line, 1, `${where}: expected ${field} as a decimal string of nanoseconds, found ${found(v)}`);
    return text;
  };
  // The earliest start is the epoch: every offset is then small, and exact.
  let epoch: bigint | null = null;
  for (const s of all) {
    // A span with a bad start is reported (or skipped) by the pass below.
    const text = typeof s.span.startTimeUnixNano === 'number' ? String(s.span.startTimeUnixNano) : s.span.startTimeUnixNano;
    if (typeof text !== 'string' || !isDecimalInteger(text)) continue;
    const t = BigInt(text);
    if (epoch === null || t < epoch) epoch = t;
  }
  const base = new TimeBase((epoch ?? 0n).toString());
  /** A time field as an offset from the epoch; one too far from the others to keep exactly is refused at its span. */
  const time = (v: unknown, where: string, line: number, field: string): number => {
    try {
      return base.rebase(timeText(v, where, line, field));
    } catch (err) {
      if (err instanceof FormatError) throw err;
      throw new FormatError(file, line, 1, `${where}: ${field}: ${(err as Error).message}`);
    }
  };
  const records: ReadRecord[] = [];
  const entryOf = new Map<string, string>(); // traceId:spanId -> entry event id
  const ast = new Map<string, ReadRecord>();
  const spanLinks: Array<{ from: string; to: string }> = [];
  let n = 0;
  for (const { resource, scope, span, where, line } of all)
    perElement(opts, () => {
      const traceId = String(span.traceId ?? '');
      const spanId = String(span.spanId ?? '');
      const attrs = attributes(span.attributes);
      const fn = attrs['code.function.name'] ?? attrs['code.function'];
      const path = attrs['code.file.path'] ?? attrs['code.filepath'];
      const lineNo = attrs['code.line.number'] ?? attrs['code.lineno'];
      const name = typeof span.name === 'string' ? span.name : '';
      let astId: string | null = null;
      if (typeof fn === 'string' || typeof path === 'string') {
        astId = `${path ?? ''}:${lineNo ?? ''}:${fn ?? name}`;
        if (!ast.has(astId)) {
          const node: ReadRecord = { kind: 'ast', id: astId, type: 'function', name: String(fn ?? name), line };
          if (typeof path === 'string') node.file = path;
          if (typeof lineNo === 'number') node.span = { start_line: lineNo, start_col: 1, end_line: lineNo, end_col: 1 };
          ast.set(astId, node);
        }
      } else if (name) {
        astId = `span:${name}`;
        if (!ast.has(astId)) ast.set(astId, { kind: 'ast', id: astId, type: 'span', name, line });
      }
      const common = {
        name,
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
      const ev = (ts: number, data: Obj): ReadEvent => {
        const e: ReadEvent = {
          kind: 'event',
          line,
          timestamp: ts,
          ast_node_id: astId,
          correlation_id: traceId || null,
          data,
          id: `o${n++}`,
        };
        local.push(e);
        return e;
      };
      const start = time(span.startTimeUnixNano, where, line, 'startTimeUnixNano');
      const end = time(span.endTimeUnixNano ?? span.startTimeUnixNano, where, line, 'endTimeUnixNano');
      const entry = ev(start, { type: 'function_entry', ...common });
      for (const se of (span.events as unknown[]) ?? []) {
        if (!isObj(se)) continue;
        ev(time(se.timeUnixNano, `${where} event`, line, 'timeUnixNano'), {
          type: se.name === 'exception' ? 'error' : 'span_event',
          name: se.name,
          trace_id: traceId,
          span_id: spanId,
          attributes: attributes(se.attributes),
        });
      }
      const status = isObj(span.status) ? span.status : null;
      ev(end, { type: 'function_exit', ...common, ...(status ? { status } : {}) });
      records.push(...local);
      entryOf.set(`${traceId}:${spanId}`, entry.id!);
      for (const l of (span.links as unknown[]) ?? []) if (isObj(l)) spanLinks.push({ from: `${l.traceId}:${l.spanId}`, to: entry.id! });
    });
  let links = 0;
  for (const l of spanLinks) {
    const from = entryOf.get(l.from);
    if (from) {
      records.push({ kind: 'link', from, to: l.to, label: 'span link', line: 0 });
      links++;
    }
  }
  records.push(...ast.values());
  const notes =
    spanLinks.length > links ? [`${spanLinks.length - links} span link(s) point at spans outside the file and were left out`] : [];
  return { format: 'otlp', time_unit: 'ns', epoch: base.epoch, header: {}, records, notes };
}
