// Importing a Chrome trace as a stream: its events array is split element by element as the bytes
// arrive (src/format/json-elements.ts), each element parsed and converted on its own, and written in
// batches, so a 280 MB trace is never one string, memory stays flat, and its first events are in
// the store (and on screen) within seconds instead of after the whole file is parsed.
import { BATCH_EVENTS } from '../../src/format/batches';
import { mayNestTooDeep, nestedDeeper, tooDeep } from '../../src/format/depth';
import { FormatError, jsonSyntaxError } from '../../src/format/format-error';
import { SkipLog } from '../../src/format/skip-log';
import { ChromeTraceConverter } from '../../src/format/chrome-trace';
import { JsonElementStream } from '../../src/format/json-elements';
import type { ReadRecord } from '../../src/format/native-reader';
import { abortError } from '../../src/abort';
import { decodeText } from '../io/byte-input';
import { throttled } from '../io/throttle';
import { SessionWriter } from './session-writer';
import type { FileImportResult, ImportOptions, ImportProgress } from './types';

/**
 * Whether a file's first characters show a Chrome trace whose events can be streamed: an object
 * whose top-level "traceEvents" array opens within them (after any other members), or an array
 * whose first element has a "ph" (phase). The same splitter that streams the file decides, so a
 * "traceEvents" nested deeper never counts.
 */
export function looksLikeStreamableTrace(prefix: string): '' | 'traceEvents' | null {
  const first = /^\uFEFF?\s*([[{])/.exec(prefix)?.[1];
  if (!first) return null;
  const trial = new JsonElementStream('(sniff)');
  let elements: Array<{ text: string }>;
  try {
    elements = trial.push(prefix);
  } catch {
    return null;
  }
  if (!trial.foundArray) return null;
  if (first === '{') return 'traceEvents';
  // A bare array: Chrome's events have a phase; an array of Cinema events does not.
  const head = elements[0]?.text ?? prefix.slice(prefix.indexOf('[') + 1);
  return /^\s*\{/.test(head) && /"ph"\s*:/.test(head.slice(0, 2000)) ? '' : null;
}

export async function importTraceStream(
  input: AsyncIterable<Uint8Array>,
  where: '' | 'traceEvents',
  opts: ImportOptions,
): Promise<FileImportResult> {
  const file = opts.file;
  const strict = opts.strict ?? true;
  const skips = new SkipLog();
  const onSkip = skips.add;
  let bytes = 0;
  const progress = throttled<Omit<ImportProgress, 'done'>>(opts.onProgress);
  const splitter = new JsonElementStream(file);
  const converter = new ChromeTraceConverter(file, where, { strict, onSkip });
  const writer = await SessionWriter.begin(
    { name: opts.name ?? file, time_unit: 'ns', epoch: '0', source: { format: 'chrome-trace', file }, header: {} },
    { file, strict, indexedDB: opts.indexedDB, dbName: opts.dbName, onSkip, maxEvents: opts.maxEvents },
  );
  opts.onSession?.(writer.session, writer.storage);
  const batch = opts.batchSize ?? BATCH_EVENTS;
  let pending: ReadRecord[] = [];
  let inflight: Promise<void> | null = null;
  let index = 0;
  try {
    for await (const text of decodeText(input, { file, signal: opts.signal, onRaw: (n) => (bytes += n), lineAt: () => 1 })) {
      for (const el of splitter.push(text)) {
        const i = index++;
        let value: unknown;
        try {
          value = JSON.parse(el.text);
        } catch (err) {
          const at = jsonSyntaxError(err, el.text);
          const line = el.line + at.line - 1;
          const column = at.line === 1 ? el.column + at.column - 1 : at.column;
          const bad = new FormatError(file, line, column, `${where}[${i}]: expected a trace event, found invalid JSON (${at.message})`);
          if (strict) throw bad;
          onSkip(bad.message);
          continue;
        }
        if (mayNestTooDeep(el.text.length) && nestedDeeper(value)) {
          const bad = new FormatError(file, el.line, el.column, `${where}[${i}]: ${tooDeep('the event')}`);
          if (strict) throw bad;
          onSkip(bad.message);
          continue;
        }
        for (const r of converter.push(value, i, el)) pending.push(r);
      }
      if (opts.signal?.aborted) throw abortError('import');
      if (pending.length >= batch) {
        // One batch in flight, as for .cinema files: parsing goes on while IndexedDB commits.
        if (inflight) await inflight;
        inflight = writer.write(pending);
        inflight.catch(() => {});
        pending = [];
      }
      progress({ bytes, lines: 0, events: writer.events + pending.length }, false);
    }
    if (inflight) await inflight;
    splitter.end();
    if (!splitter.foundArray)
      throw new FormatError(file, 1, 1, 'expected a Trace Event array or {"traceEvents": [...]}, found an object without "traceEvents"');
    const rest = converter.finish();
    const counts = { ast: rest.records.filter((r) => r.kind === 'ast').length, links: 0 };
    await writer.write(pending.concat(rest.records));
    pending = [];
    await writer.storage.updateSession({ header: rest.header });
    await writer.publish();
    counts.links = writer.links;
    progress({ bytes, lines: 0, events: writer.events }, true);
    return {
      session: writer.session,
      format: 'chrome-trace',
      events: writer.events,
      ast: counts.ast,
      sources: 0,
      links: counts.links,
      bookmarks: 0,
      skipped: skips.skipped,
      messages: skips.messages,
      notes: rest.notes,
    };
  } catch (err) {
    await writer.discard();
    throw err;
  }
}
