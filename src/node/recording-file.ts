// Reading a recording file from disk in Node for the command-line tool: the native format line by
// line in 64 KiB chunks (gzip or not, found by its bytes); Chrome traces and OTLP files element by
// element when their start shows their events (as the app reads them), so memory stays flat and
// no size limit applies; the other one-document formats whole.
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { createGunzip } from 'node:zlib';
import { BATCH_EVENTS } from '../format/batches';
import { MAX_DOCUMENT_CHARS, TOO_LARGE_DOCUMENT, convertDocument } from '../format/document';
import { FormatError } from '../format/format-error';
import type { ImportedDocument } from '../format/imported';
import { LineSplitter } from '../format/line-splitter';
import { NativeReader, type ReadRecord } from '../format/native-reader';
import { isNativeName, looksNative } from '../format/registry';
import { type StreamJob, looksLikeStreamableOtlp, looksLikeStreamableTrace, readStreamed } from '../format/streamed-formats';
import type { TraceParseEvent } from '../format/trace-read';

/** What a file turned out to be, and a way to walk its records. */
export interface OpenedRecording {
  format: string;
  header: ImportedDocument['header'] & { name?: string; time_unit: string; epoch: string };
  /**
   * Walks every record in batches; for the native format one batch per chunk read, and the next
   * chunk is read only once `onBatch` has finished with the last (memory stays flat).
   */
  records(onBatch: (rs: ReadRecord[]) => Promise<void> | void): Promise<void>;
  /** Lenient reading: how many records were skipped, and the messages. */
  problems(): { skipped: number; messages: string[] };
  /** Filled as the records are walked when the file streams: read it after `records`. */
  notes: string[];
  /**
   * The header is complete only once `records` has walked the file (a streamed Chrome trace's
   * process and thread names come from metadata events anywhere in it).
   */
  headerAtEnd: boolean;
}

async function firstBytes(path: string, n = 65536): Promise<Buffer> {
  const fh = await open(path, 'r');
  try {
    const buf = Buffer.alloc(n);
    const { bytesRead } = await fh.read(buf, 0, n, 0);
    return buf.subarray(0, bytesRead);
  } finally {
    await fh.close();
  }
}

function textStream(path: string, gzip: boolean): AsyncIterable<Buffer> {
  const raw = createReadStream(path, { highWaterMark: 65536 });
  return gzip ? raw.pipe(createGunzip()) : raw;
}

/** Streams a file's text into a line splitter, decoding UTF-8 strictly. */
async function forEachLine(
  path: string,
  gzip: boolean,
  file: string,
  onLine: (text: string, line: number) => void,
  afterChunk: () => Promise<void> | void = () => {},
): Promise<void> {
  const splitter = new LineSplitter(onLine);
  const decoder = new TextDecoder('utf-8', { fatal: true });
  try {
    for await (const chunk of textStream(path, gzip)) {
      splitter.push(decoder.decode(chunk, { stream: true }));
      await afterChunk();
    }
    splitter.push(decoder.decode());
  } catch (err) {
    throw readingError(err, file, splitter.lines + 1);
  }
  splitter.end();
}

/** What went wrong reading a file's bytes, as a FormatError at `line` (one already is passes through). */
function readingError(err: unknown, file: string, line: number): Error {
  if (err instanceof FormatError) return err;
  const msg = (err as Error).message;
  if (/encoded data was not valid|invalid|The encoded data/i.test(msg) && !/gzip|zlib|unexpected end/i.test(msg))
    return new FormatError(file, line, 1, 'expected UTF-8 text, found bytes that are not (is this a binary file?)');
  return new FormatError(file, line, 1, `expected complete gzip data, found a truncated or corrupt gzip stream (${msg})`);
}

/** A file's text as it is read, decoded strictly. */
async function* fileText(path: string, gzip: boolean, file: string): AsyncGenerator<string> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  try {
    for await (const chunk of textStream(path, gzip)) yield decoder.decode(chunk, { stream: true });
    yield decoder.decode();
  } catch (err) {
    throw readingError(err, file, 1);
  }
}

/** A Chrome trace or an OTLP file read element by element (an OTLP file's epoch is its first span's start, read first). */
async function streamedRecording(path: string, gzip: boolean, file: string, strict: boolean, job: StreamJob): Promise<OpenedRecording> {
  const it = readStreamed(fileText(path, gzip, file), job, { file, strict, batchSize: BATCH_EVENTS })[Symbol.asyncIterator]();
  const header: OpenedRecording['header'] = { time_unit: 'ns', epoch: '0' };
  let first: TraceParseEvent | null = null;
  if (job.format === 'otlp') {
    const r = await it.next();
    if (!r.done && r.value.type === 'epoch') header.epoch = r.value.epoch;
    else if (!r.done) first = r.value;
  }
  const notes: string[] = [];
  let skipped = 0;
  const messages: string[] = [];
  return {
    format: job.format,
    header,
    notes,
    headerAtEnd: job.format === 'chrome-trace',
    async records(onBatch) {
      for (let r = first ? { done: false as const, value: first } : await it.next(); !r.done; r = await it.next()) {
        const ev = r.value;
        if (ev.type === 'epoch') continue;
        // A running total of what the reader skipped, and its messages since the last batch.
        skipped = ev.skipped;
        messages.push(...ev.messages);
        if (ev.type === 'trace-end') {
          Object.assign(header, ev.header);
          notes.push(...ev.notes);
        }
        if (ev.records.length > 0) await onBatch(ev.records);
      }
    },
    problems: () => ({ skipped, messages }),
  };
}

/** Opens a recording file of any known format. `strict: false` skips bad records of the native format. */
export async function openRecording(path: string, file: string, strict = true): Promise<OpenedRecording> {
  const head = await firstBytes(path);
  const gzip = head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b;
  let prefix = '';
  if (gzip) {
    for await (const chunk of textStream(path, true)) {
      prefix = new TextDecoder().decode(chunk.subarray(0, 65536));
      break;
    }
  } else prefix = new TextDecoder().decode(head);
  if (isNativeName(file) || looksNative(prefix)) {
    // The header is line 1, inside the first 64 KiB: read it before the walk so `header` is known.
    const reader = new NativeReader({ file, strict });
    const nl = prefix.indexOf('\n');
    if (prefix.trim() === '') throw new FormatError(file, 1, 1, 'expected a cinema-session header, found an empty file');
    reader.read((nl >= 0 ? prefix.slice(0, nl) : prefix).replace(/\r$/, ''), 1);
    if (reader.header === null) throw new FormatError(file, 1, 1, 'expected a cinema-session header, found an empty file');
    const header = reader.header as unknown as OpenedRecording['header'];
    const walker = new NativeReader({ file, strict });
    return {
      format: 'cinema',
      header,
      notes: [],
      headerAtEnd: false,
      async records(onBatch) {
        let batch: ReadRecord[] = [];
        const hand = async () => {
          if (batch.length === 0) return;
          const b = batch;
          batch = [];
          await onBatch(b);
        };
        await forEachLine(
          path,
          gzip,
          file,
          (text, line) => {
            const r = walker.read(text, line);
            if (r) batch.push(r);
          },
          hand,
        );
        await hand();
        walker.finish();
      },
      problems: () => ({ skipped: walker.skipped, messages: walker.messages }),
    };
  }
  const trace = looksLikeStreamableTrace(prefix);
  if (trace !== null) return streamedRecording(path, gzip, file, strict, { format: 'chrome-trace', where: trace });
  if (looksLikeStreamableOtlp(prefix)) return streamedRecording(path, gzip, file, strict, { format: 'otlp' });
  const parts: string[] = [];
  let chars = 0;
  await forEachLine(path, gzip, file, (text) => {
    // One document is one string: past the limit, say so rather than fail to make the string.
    if ((chars += text.length + 1) > MAX_DOCUMENT_CHARS) throw new FormatError(file, 1, 1, TOO_LARGE_DOCUMENT);
    parts.push(text);
  });
  const { converted, skips } = convertDocument(parts.join('\n'), file, strict);
  return {
    format: converted.format,
    header: { ...converted.header, name: converted.name, time_unit: converted.time_unit, epoch: converted.epoch },
    notes: converted.notes,
    headerAtEnd: false,
    async records(onBatch) {
      for (let i = 0; i < converted.records.length; i += BATCH_EVENTS) await onBatch(converted.records.slice(i, i + BATCH_EVENTS));
    },
    problems: () => ({ skipped: skips.skipped, messages: skips.messages }),
  };
}
