// Bytes in, text out: a file arrives as chunks of bytes (from a file picker, from main over a port,
// from disk in tests); gzip is recognised by its magic bytes whatever the file is called, and text
// is decoded strictly as UTF-8 so binary garbage is reported, not turned into replacement characters.
import { abortError } from '../../src/abort';
import { FormatError } from '../../src/format/format-error';

/** The chunks as one array (the chunk itself when there is one). */
export function concatBytes(parts: Uint8Array[]): Uint8Array {
  if (parts.length === 1) return parts[0];
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** True when the bytes start like a gzip stream (1f 8b). */
export function isGzip(first: Uint8Array): boolean {
  return first.length >= 2 && first[0] === 0x1f && first[1] === 0x8b;
}

/** A source of byte chunks as a ReadableStream (so it can be piped through DecompressionStream). */
function toStream(first: Uint8Array, rest: AsyncIterator<Uint8Array>): ReadableStream<Uint8Array> {
  let sentFirst = false;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!sentFirst) {
        sentFirst = true;
        controller.enqueue(first);
        return;
      }
      const { value, done } = await rest.next();
      if (done) controller.close();
      else controller.enqueue(value);
    },
  });
}

/** Thrown when compressed input ends early or is corrupt. */
export class GzipError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'GzipError';
  }
}

/**
 * Yields the input's bytes, decompressed when they are gzip. `onRaw` sees the size of every raw
 * chunk (progress counts bytes of the file, not of its content).
 */
export async function* maybeGunzip(input: AsyncIterable<Uint8Array>, onRaw: (bytes: number) => void): AsyncGenerator<Uint8Array> {
  const it = input[Symbol.asyncIterator]();
  const head = await it.next();
  if (head.done) return;
  onRaw(head.value.length);
  if (!isGzip(head.value)) {
    yield head.value;
    for (;;) {
      const { value, done } = await it.next();
      if (done) return;
      onRaw(value.length);
      yield value;
    }
  }
  const counting: AsyncIterator<Uint8Array> = {
    next: async () => {
      const r = await it.next();
      if (!r.done) onRaw(r.value.length);
      return r;
    },
  };
  const gunzip = new DecompressionStream('gzip') as unknown as ReadableWritablePair<Uint8Array, Uint8Array>;
  const reader = toStream(head.value, counting).pipeThrough(gunzip).getReader();
  for (;;) {
    let r: ReadableStreamReadResult<Uint8Array>;
    try {
      r = await reader.read();
    } catch (err) {
      throw new GzipError(
        `expected complete gzip data, found a truncated or corrupt gzip stream (${err instanceof Error ? err.message : String(err)})`,
      );
    }
    if (r.done) return;
    yield r.value;
  }
}

/**
 * Yields a file's text: bytes (gunzipped when gzip) decoded strictly as UTF-8, checking for
 * cancellation between chunks. Problems become FormatErrors at the line `lineAt()` says is being
 * read. The last chunk flushes the decoder.
 */
export async function* decodeText(
  input: AsyncIterable<Uint8Array>,
  opts: { file: string; signal?: AbortSignal; onRaw: (bytes: number) => void; lineAt: () => number },
): AsyncGenerator<string> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  const decode = (chunk?: Uint8Array): string => {
    try {
      return chunk ? decoder.decode(chunk, { stream: true }) : decoder.decode();
    } catch {
      throw new FormatError(
        opts.file,
        opts.lineAt(),
        1,
        chunk
          ? 'expected UTF-8 text, found bytes that are not (is this a binary file?)'
          : 'expected UTF-8 text, found a truncated UTF-8 sequence at the end',
      );
    }
  };
  try {
    for await (const chunk of maybeGunzip(input, opts.onRaw)) {
      if (opts.signal?.aborted) throw abortError('import');
      yield decode(chunk);
    }
  } catch (err) {
    if (err instanceof GzipError) throw new FormatError(opts.file, opts.lineAt(), 1, err.message);
    throw err;
  }
  if (opts.signal?.aborted) throw abortError('import');
  yield decode();
}
