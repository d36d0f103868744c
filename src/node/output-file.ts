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

  constructor(private readonly path: string) {
    this.tmp = `${path}.partial-${process.pid}`;
    this.file = createWriteStream(this.tmp);
    if (/\.gz$/i.test(path)) {
      const gz = createGzip();
      gz.pipe(this.file);
      this.sink = gz;
    } else this.sink = this.file;
  }

  /** Writes text, waiting when the stream asks to (memory stays flat on large outputs). */
  async write(text: string): Promise<void> {
    if (!this.sink.write(text)) await once(this.sink, 'drain');
  }

  /** Finishes and moves the file into place. */
  async commit(): Promise<void> {
    this.sink.end();
    await once(this.file, 'close');
    await rename(this.tmp, this.path);
  }

  /** Removes what was written. */
  async abort(): Promise<void> {
    this.sink.destroy();
    this.file.destroy();
    await rm(this.tmp, { force: true });
  }
}
