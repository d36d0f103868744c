// Opening any recording: the native format streams line by line, and so do Chrome traces and OTLP
// files (element by element); the other one-document formats (speedscope, Cinema's document and
// bare-array forms, and a trace or OTLP file whose start does not show its array) are read whole, converted and written the same way. Detection goes by file name first, then by content; gzip by its bytes.
import { abortError } from '../../src/abort';
import { BATCH_EVENTS } from '../../src/format/batches';
import { MAX_DOCUMENT_CHARS, TOO_LARGE_DOCUMENT, convertDocument } from '../../src/format/document';
import { FormatError } from '../../src/format/format-error';
import { isNativeName, looksNative } from '../../src/format/registry';
import { concatBytes, decodeText, isGzip } from '../io/byte-input';
import { throttled } from '../io/throttle';
import { importNativeSession } from './native';
import { looksLikeStreamableOtlp, looksLikeStreamableTrace } from '../../src/format/streamed-formats';
import { importTraceStream } from './trace-stream';
import { SessionWriter } from './session-writer';
import type { FileImportResult, ImportOptions, ImportProgress } from './types';

/** Imports a recording of any known format into a new session. */
export async function importFile(input: AsyncIterable<Uint8Array>, opts: ImportOptions): Promise<FileImportResult> {
  const it = input[Symbol.asyncIterator]();
  // Enough of the start to tell the format by (chunks can be small: a few KB is plenty).
  const head: Uint8Array[] = [];
  let headBytes = 0;
  let ended = false;
  while (headBytes < 8192) {
    const r = await it.next();
    if (r.done) {
      ended = true;
      break;
    }
    head.push(r.value);
    headBytes += r.value.length;
  }
  const replay: AsyncIterable<Uint8Array> = (async function* () {
    yield* head;
    while (!ended) {
      const r = await it.next();
      if (r.done) return;
      yield r.value;
    }
  })();
  const prefix = head.length > 0 ? await textPrefix(concatBytes(head)) : '';
  if (isNativeName(opts.file) || looksNative(prefix)) {
    return { ...(await importNativeSession(replay, opts)), format: 'cinema', notes: [] };
  }
  // Chrome traces stream when their start shows it; anything else is read as one document.
  const trace = looksLikeStreamableTrace(prefix);
  if (trace !== null) return importTraceStream(replay, { format: 'chrome-trace', where: trace }, opts);
  if (looksLikeStreamableOtlp(prefix)) return importTraceStream(replay, { format: 'otlp' }, opts);
  return importDocument(replay, opts);
}

/** The start of a file's text, for sniffing (the first chunk, decompressed as far as it goes). */
async function textPrefix(bytes: Uint8Array): Promise<string> {
  let data = bytes;
  if (isGzip(bytes)) {
    const parts: Uint8Array[] = [];
    const stream = new Blob([bytes as BlobPart])
      .stream()
      .pipeThrough(new DecompressionStream('gzip') as unknown as ReadableWritablePair<Uint8Array, Uint8Array>);
    const reader = stream.getReader();
    try {
      for (;;) {
        const r = await reader.read();
        if (r.done) break;
        parts.push(r.value);
      }
    } catch {
      // A first chunk is a cut gzip stream: what came out before the cut is the prefix.
    }
    data = concatBytes(parts);
  }
  return new TextDecoder('utf-8', { fatal: false }).decode(data.subarray(0, 65536));
}

async function importDocument(input: AsyncIterable<Uint8Array>, opts: ImportOptions): Promise<FileImportResult> {
  const file = opts.file;
  const strict = opts.strict ?? true;
  let bytes = 0;
  let chars = 0;
  const progress = throttled<Omit<ImportProgress, 'done'>>(opts.onProgress);
  const parts: string[] = [];
  for await (const text of decodeText(input, { file, signal: opts.signal, onRaw: (n) => (bytes += n), lineAt: () => 1 })) {
    chars += text.length;
    if (chars > MAX_DOCUMENT_CHARS) throw new FormatError(file, 1, 1, TOO_LARGE_DOCUMENT);
    parts.push(text);
    progress({ bytes, lines: 0, events: 0 }, false);
  }
  const { converted, skips } = convertDocument(parts.join(''), file, strict);
  const writer = await SessionWriter.begin(
    {
      name: opts.name ?? converted.name ?? file,
      time_unit: converted.time_unit,
      epoch: converted.epoch,
      source: { format: converted.format, file },
      header: { ...converted.header },
    },
    { file, strict, indexedDB: opts.indexedDB, dbName: opts.dbName, onSkip: skips.add, maxEvents: opts.maxEvents },
  );
  try {
    const batch = opts.batchSize ?? BATCH_EVENTS;
    for (let i = 0; i < converted.records.length; i += batch) {
      if (opts.signal?.aborted) throw abortError('import');
      await writer.write(converted.records.slice(i, i + batch));
      progress({ bytes, lines: 0, events: writer.events }, false);
    }
    await writer.publish();
  } catch (err) {
    await writer.discard();
    throw err;
  }
  progress({ bytes, lines: 0, events: writer.events }, true);
  const count = (kind: string) => converted.records.filter((r) => r.kind === kind).length;
  return {
    session: writer.session,
    format: converted.format,
    events: writer.events,
    ast: count('ast'),
    sources: count('source'),
    links: writer.links,
    bookmarks: count('bookmark'),
    skipped: skips.skipped,
    messages: skips.messages,
    notes: converted.notes,
  };
}
