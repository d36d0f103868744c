// Exporting a session (or part of one) as Chrome Trace Event JSON, for Perfetto and
// chrome://tracing: page by page, so memory does not grow with the session.
import { abortError } from '../../src/abort';
import { ChromeTraceWriter } from '../../src/format/chrome-writer';
import type { TemporalStorage } from '../temporal-storage';
import type { ExportOptions } from './native';

/** Yields a session (or part of one) as Chrome Trace Event JSON, for Perfetto and chrome://tracing. */
export async function* exportChromeText(storage: TemporalStorage, opts: ExportOptions = {}): AsyncGenerator<string> {
  const meta = storage.sessionInfo;
  const writer = new ChromeTraceWriter(meta.time_unit, meta.name);
  const extras = await storage.getExtras();
  yield writer.begin();
  for await (const page of storage.rawPages(opts, opts.pageSize ?? 8192)) {
    if (opts.signal?.aborted) throw abortError('export');
    yield page.map((e) => writer.event({ ...e, data: e.json !== null ? JSON.parse(e.json) : e.data, id: e.event_id })).join('');
  }
  for (const l of extras.links) writer.link(l.from, l.to);
  yield writer.end();
}
