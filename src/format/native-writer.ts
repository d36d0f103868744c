// Writing `.cinema` lines. The output is deterministic (fixed field order, no spaces), so writing
// what was read gives back the same bytes: export -> import -> export is byte-identical.
import type { TimeBase } from './exact-time';
import type { AstRecord, CinemaHeader, LinkRecord, SourceRecord } from './spec';

const HEADER_ORDER = ['format', 'version', 'name', 'created_at', 'time_unit', 'epoch', 'producer'];

/** The header line: known fields in spec order, then any others the reader kept, in their order. */
export function headerLine(header: CinemaHeader): string {
  const h = header as unknown as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const k of HEADER_ORDER) if (h[k] !== undefined) out[k] = h[k];
  for (const k of Object.keys(h)) if (!(k in out) && h[k] !== undefined) out[k] = h[k];
  return JSON.stringify(out);
}

/** An event line; `timestamp` is the session offset, written back as the exact absolute digits. */
export function eventLine(
  e: { timestamp: number; ast_node_id: string | null; correlation_id: string | null; data: unknown; id?: string | null },
  base: TimeBase,
): string {
  const data = JSON.stringify(e.data);
  return eventLineText(e, e.id ?? null, data === undefined ? null : data, base);
}

/**
 * An event line from a payload that is already JSON text (as the store keeps it), or without
 * data when `dataJson` is null. An export writes one per event: no object is built per line.
 */
export function eventLineText(
  e: { timestamp: number; ast_node_id: string | null; correlation_id: string | null },
  id: string | null,
  dataJson: string | null,
  base: TimeBase,
): string {
  return eventLineParts(base.restore(e.timestamp), id, quoteOrNull(e.ast_node_id), quoteOrNull(e.correlation_id), dataJson);
}

/**
 * An event line from its parts, each already JSON text (ids quoted): the one place an event
 * line's field order is spelled. JSON cannot carry a bigint, so the timestamp's digits are
 * spliced into the text.
 */
export function eventLineParts(timestamp: string, id: string | null, astJson: string, corrJson: string, dataJson: string | null): string {
  return (
    '{"kind":"event","timestamp":' +
    timestamp +
    (id !== null ? ',"id":' + quote(id) : '') +
    ',"ast_node_id":' +
    astJson +
    ',"correlation_id":' +
    corrJson +
    (dataJson === null ? '}' : ',"data":' + dataJson + '}')
  );
}

// What JSON.stringify escapes in a string: quotes, backslashes, control characters, and
// surrogates when unpaired (checked by JSON.stringify itself whenever one appears).
// eslint-disable-next-line no-control-regex -- control characters are what JSON must escape
const ESCAPED = /["\\\u0000-\u001f\ud800-\udfff]/;

/** A string as JSON.stringify writes it; the common case (nothing to escape) without it. */
export function quote(s: string): string {
  return ESCAPED.test(s) ? JSON.stringify(s) : '"' + s + '"';
}

function quoteOrNull(s: string | null): string {
  return s === null ? 'null' : quote(s);
}

/** An ast line with fields in spec order. */
export function astLine(n: AstRecord): string {
  const out: Record<string, unknown> = { kind: 'ast', id: n.id };
  for (const k of ['type', 'name', 'parent_id', 'file', 'span'] as const) if (n[k] !== undefined) out[k] = n[k];
  return JSON.stringify(out);
}

/** A source line. */
export function sourceLine(s: SourceRecord): string {
  return JSON.stringify({ kind: 'source', file: s.file, text: s.text });
}

/** A link line. */
export function linkLine(l: LinkRecord): string {
  return JSON.stringify(
    l.label === undefined ? { kind: 'link', from: l.from, to: l.to } : { kind: 'link', from: l.from, to: l.to, label: l.label },
  );
}

/** A bookmark line, its timestamp written back exactly. */
export function bookmarkLine(b: { timestamp: number; label: string; note?: string }, base: TimeBase): string {
  const note = b.note ? `,"note":${JSON.stringify(b.note)}` : '';
  return `{"kind":"bookmark","timestamp":${base.restore(b.timestamp)},"label":${JSON.stringify(b.label)}${note}}`;
}
