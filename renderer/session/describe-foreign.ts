// One-line summaries of events other tools recorded, as those tools show them: a Chrome trace event
// by its name, category, phase and duration (not the JSON of its args); an OpenTelemetry span by its
// name, kind, status and attributes. The importers keep each tool's own fields in the event data
// (src/format/chrome-trace.ts, src/format/otlp.ts); these read them back.
import { formatOffset } from '../time-format';

type Data = Record<string, unknown>;

const text = (v: unknown) => (typeof v === 'string' ? v : v === undefined || v === null ? '' : JSON.stringify(v));

/** A Chrome trace event: the importer keeps `cat` and `tid` beside the name. */
export function isTraceEvent(d: Data): boolean {
  return typeof d.cat === 'string' && 'tid' in d && typeof d.span_id !== 'string';
}

/** An OpenTelemetry span's events carry its ids. */
export function isSpanEvent(d: Data): boolean {
  return typeof d.span_id === 'string' && typeof d.trace_id === 'string';
}

function compact(v: unknown, max: number): string {
  const s = JSON.stringify(v) ?? '';
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}

/** `key=value` pairs, short, for a row. */
function pairs(obj: unknown, max = 60): string {
  if (!obj || typeof obj !== 'object') return '';
  const out = Object.entries(obj as Data)
    .map(([k, v]) => `${k}=${typeof v === 'string' ? v : compact(v, 24)}`)
    .join(' ');
  return out.length > max ? `${out.slice(0, max - 1)}…` : out;
}

export function describeTraceEvent(type: string, d: Data): string {
  const name = text(d.name) || '?';
  const cat = text(d.cat);
  const where = cat ? ` · ${cat}` : '';
  switch (type) {
    case 'function_entry':
      return typeof d.dur_ns === 'number' ? `▸ ${name}${where} · complete, ${formatOffset(d.dur_ns, 'ns')}` : `▸ ${name}${where} · begin`;
    case 'function_exit':
      return `◂ ${name}${where} · end`;
    case 'async_begin':
      return `async ▸ ${name}${where}`;
    case 'async_step':
      return `async • ${name}${where}`;
    case 'async_end':
      return `async ◂ ${name}${where}`;
    case 'instant':
      return `instant ${name}${where}`;
    case 'counter':
      return `counter ${name} ${pairs(d.args)}`.trim();
    case 'sample':
      return `sample ${name}${where}`;
    default:
      return `${type.replace(/_/g, ' ')} ${name}${where}`;
  }
}

const SPAN_KINDS = ['unspecified', 'internal', 'server', 'client', 'producer', 'consumer'];
const STATUS = ['unset', 'ok', 'error'];

/** OTLP writes enums as numbers (JSON) or names ("SPAN_KIND_SERVER"); either reads as a word. */
function enumWord(v: unknown, words: string[], prefix: string): string {
  if (typeof v === 'number') return words[v] ?? String(v);
  if (typeof v === 'string') return v.replace(prefix, '').toLowerCase();
  return '';
}

export function describeSpanEvent(type: string, d: Data): string {
  const name = text(d.name) || '?';
  const kind = enumWord(d.span_kind, SPAN_KINDS, 'SPAN_KIND_');
  const service = text(d.service);
  switch (type) {
    case 'function_entry':
      return [`▸ ${name}`, kind, service, pairs(d.attributes, 50)].filter(Boolean).join(' · ');
    case 'function_exit': {
      const status = d.status && typeof d.status === 'object' ? (d.status as Data) : null;
      const code = status ? enumWord(status.code, STATUS, 'STATUS_CODE_') : 'unset';
      const message = status && typeof status.message === 'string' && status.message ? `: ${status.message}` : '';
      return `◂ ${name} · ${code}${message}`;
    }
    case 'error':
      return `error in ${name} ${pairs(d.attributes, 60)}`.trim();
    default:
      return `• ${name} ${pairs(d.attributes, 60)}`.trim();
  }
}
