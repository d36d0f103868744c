// Writing a file that appears only when complete: text goes to a temporary file beside the target,
// gzip-compressed for names ending in .gz, and is renamed into place at the end; on failure the
// temporary file is removed, so no half-written OUT is ever left behind.
import { createWriteStream, type WriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { once } from 'node:events';
import { createGzip, type Gzip } from 'node:zlib';

export class OutputFile {
  private readonly tmp: string;
  private readonly file: WriteStream;
  private readonly sink: WriteStream | Gzip;

  private failure: Error | null = null;
  private readonly closed: Promise<unknown>;

  /** `gzip` defaults to the name (.gz); false for bytes that come compressed already. */
  constructor(
    private readonly path: string,
    opts: { gzip?: boolean } = {},
  ) {
    this.tmp = `${path}.partial-${process.pid}`;
    this.file = createWriteStream(this.tmp);
    // Errors are kept and thrown by write or commit, never left to surface as uncaught.
    this.file.on('error', (err) => (this.failure ??= err));
    this.closed = once(this.file, 'close').catch(() => {});
    if (opts.gzip ?? /\.gz$/i.test(path)) {
      const gz = createGzip();
      gz.on('error', (err) => (this.failure ??= err));
      gz.pipe(this.file);
      this.sink = gz;
    } else this.sink = this.file;
  }

  /** Writes text or bytes, waiting when the stream asks to (memory stays flat on large outputs). */
  async write(text: string | Uint8Array): Promise<void> {
    if (this.failure) throw this.failure;
    if (!this.sink.write(text)) await Promise.race([once(this.sink, 'drain'), this.closed]);
    if (this.failure) throw this.failure;
  }

  /** Finishes and moves the file into place. */
  async commit(): Promise<void> {
    this.sink.end();
    await this.closed;
    if (this.failure) throw this.failure;
    await rename(this.tmp, this.path);
  }

  /** Removes what was written: the stream is ended (not torn down mid-write), then deleted. */
  async abort(): Promise<void> {
    this.sink.end();
    await this.closed;
    await rm(this.tmp, { force: true });
  }
}
