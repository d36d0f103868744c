// A generated OTLP/JSON file for the benchmarks: `spans` spans (two events each, entry and exit) in
// traces of a request and its nested calls across three services, written as the OpenTelemetry
// SDK's exporter writes them: one export request, resources and scopes before their spans, a
// trace's spans in the order they end (children before their parents), times as decimal strings.
// `filler` puts a member of that many characters first, so a reader sniffing the file's start
// does not see the spans (the benchmark's file read whole).
import { closeSync, openSync, writeSync } from 'node:fs';
import { seededRandom } from '../src/random';

const SERVICES = ['checkout', 'payments', 'inventory'];
const CALLS = ['GET /cart', 'SELECT carts', 'POST payments/charge', 'reserve', 'render', 'cache.get', 'publish'];
/** Spans per trace: a request and its calls, nested up to four deep. */
const TRACE_SPANS = 20;

const hex = (n: number, width: number) => n.toString(16).padStart(width, '0');
const attr = (key: string, value: string | number) => ({
  key,
  value: typeof value === 'number' ? { intValue: String(value) } : { stringValue: value },
});

/** One trace's spans, children before their parents, starting at `t0` (ns). */
function trace(k: number, t0: bigint, rand: () => number): Array<Record<string, unknown>> {
  const traceId = hex(k, 32);
  const out: Array<Record<string, unknown>> = [];
  let next = 0;
  // Each span covers its children one after another, with a little time before, between and after.
  const span = (parent: string | null, depth: number, start: bigint): bigint => {
    const id = hex(k * TRACE_SPANS + next++, 16);
    let t = start + BigInt(1000 + Math.floor(rand() * 5000));
    while (depth < 4 && next < TRACE_SPANS && rand() < 0.7) t = span(id, depth + 1, t) + BigInt(500);
    const end = t + BigInt(200 + Math.floor(rand() * 3000));
    const name = CALLS[(k + depth + next) % CALLS.length];
    out.push({
      traceId,
      spanId: id,
      ...(parent ? { parentSpanId: parent } : {}),
      name,
      kind: depth === 0 ? 2 : 3,
      startTimeUnixNano: String(start),
      endTimeUnixNano: String(end),
      attributes: [attr('code.function.name', `${name.split(' ')[0]}Handler`), attr('code.line.number', 10 + depth), attr('depth', depth)],
      status: { code: rand() < 0.02 ? 2 : 0 },
    });
    return end;
  };
  while (next < TRACE_SPANS) span(null, 0, t0 + BigInt(next) * 100_000n);
  return out;
}

/** Writes the file; returns the number of spans written. */
export function writeOtlpFile(path: string, spans: number, filler = 0, seed = 5): number {
  const rand = seededRandom(seed);
  const fd = openSync(path, 'w');
  let written = 0;
  try {
    writeSync(fd, `{${filler > 0 ? `"filler":"${'x'.repeat(filler)}",` : ''}"resourceSpans":[`);
    const traces = Math.ceil(spans / TRACE_SPANS);
    const perService = Math.ceil(traces / SERVICES.length);
    for (let s = 0; s < SERVICES.length; s++) {
      const resource = { attributes: [attr('service.name', SERVICES[s]), attr('host.name', 'bench-host')] };
      writeSync(
        fd,
        `${s > 0 ? ',' : ''}{"resource":${JSON.stringify(resource)},"scopeSpans":[{"scope":{"name":"bench","version":"1.0.0"},"spans":[`,
      );
      let parts: string[] = [];
      let first = true;
      const flush = () => {
        if (parts.length === 0) return;
        writeSync(fd, (first ? '' : ',') + parts.join(','));
        first = false;
        parts = [];
      };
      for (let k = s * perService; k < Math.min(traces, (s + 1) * perService) && written < spans; k++) {
        for (const x of trace(k, 1_700_000_000_000_000_000n + BigInt(k) * 2_000_000n, rand)) {
          if (written >= spans) break;
          written++;
          parts.push(JSON.stringify(x));
        }
        if (parts.length > 5000) flush();
      }
      flush();
      writeSync(fd, ']}]}');
    }
    writeSync(fd, ']}');
  } finally {
    closeSync(fd);
  }
  return written;
}
