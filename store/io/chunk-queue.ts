// Byte chunks handed from RPC requests to an importer, one at a time: `push` resolves only once the
// importer has taken the chunk, so a sender that waits for each reply never runs ahead of the import
// (back-pressure across the port).
export class ChunkQueue implements AsyncIterable<Uint8Array> {
  private queued: Array<{ bytes: Uint8Array; taken: () => void }> = [];
  private wake: (() => void) | null = null;
  private ended = false;

  /** Offers a chunk; resolves when the importer has taken it. */
  push(bytes: Uint8Array): Promise<void> {
    if (this.ended) return Promise.reject(new Error('the import has already ended'));
    return new Promise((taken) => {
      this.queued.push({ bytes, taken });
      this.wake?.();
    });
  }

  /** No more chunks: the importer sees the end of the file. */
  end(): void {
    this.ended = true;
    this.wake?.();
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<Uint8Array> {
    for (;;) {
      const next = this.queued.shift();
      if (next) {
        next.taken();
        yield next.bytes;
        continue;
      }
      if (this.ended) return;
      await new Promise<void>((r) => (this.wake = r));
      this.wake = null;
    }
  }
}
