// The parser Worker of an import: receives the file's raw chunks, reads them with parseNative (or,
// for a Chrome trace or OTLP, parseStreamed) and posts batches back as columns. Each chunk is acknowledged once the parser asks for the next, so
// the importing thread sends only a few ahead.
import { type ParseEvent, toWire } from './native-parse';
import { type ToParser, readOnThisThread } from './parse-worker-client';
import type { TraceParseEvent } from '../../src/format/trace-read';

const scope = self as unknown as {
  onmessage: ((e: MessageEvent<ToParser>) => void) | null;
  postMessage(m: unknown, transfer?: Transferable[]): void;
};

/** Chunks as they arrive, as an async iterable. */
class Feed implements AsyncIterable<Uint8Array> {
  private chunks: Uint8Array[] = [];
  private ended = false;
  private waiting: (() => void) | null = null;
  private taken = 0;

  push(chunk: Uint8Array): void {
    this.chunks.push(chunk);
    this.wake();
  }

  end(): void {
    this.ended = true;
    this.wake();
  }

  private wake(): void {
    const w = this.waiting;
    this.waiting = null;
    w?.();
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<Uint8Array> {
    for (;;) {
      // Asking for the next chunk means the last one is read.
      if (this.taken > 0) scope.postMessage({ type: 'ack' });
      while (this.chunks.length === 0 && !this.ended) await new Promise<void>((r) => (this.waiting = r));
      const chunk = this.chunks.shift();
      if (chunk === undefined) return;
      this.taken++;
      yield chunk;
    }
  }
}

let feed: Feed | null = null;

scope.onmessage = (e) => {
  const m = e.data;
  if (m.type === 'start') {
    const current = (feed = new Feed());
    void run(current, m);
  } else if (m.type === 'chunk') feed?.push(m.chunk);
  else if (m.type === 'end') feed?.end();
};

// The script runs: the importing thread may send the file now.
scope.postMessage({ type: 'ready' });

async function run(input: Feed, m: Extract<ToParser, { type: 'start' }>): Promise<void> {
  const opts = { file: m.file, strict: m.strict, batchSize: m.batchSize };
  const events = readOnThisThread(input, m.job, opts);
  try {
    for await (const ev of events as AsyncGenerator<ParseEvent | TraceParseEvent>) {
      if (ev.type === 'records') {
        const { wire, transfer } = toWire(ev);
        scope.postMessage(wire, transfer);
      } else scope.postMessage(ev);
    }
  } catch (err) {
    const e = err as { name?: string; message?: string; file?: string; line?: number; column?: number; detail?: string };
    scope.postMessage({
      type: 'error',
      name: e.name ?? 'Error',
      message: e.message ?? String(err),
      file: e.file,
      line: e.line,
      column: e.column,
      detail: e.detail,
    });
  }
}
