// Streaming the elements of one big JSON array without holding the document: a bare array
// (`[...]`) or the array under one key of a top-level object (`{"traceEvents": [...], ...}`), the
// two forms of a Chrome trace. The document's other members are skipped. The scanning is
// JsonPathStream's, with a path one level deep.
import { JsonPathStream } from './json-path-stream';

/** One element's text and where it starts in the document (1-based). */
export interface JsonElement {
  text: string;
  line: number;
  column: number;
}

export class JsonElementStream {
  private readonly stream: JsonPathStream;

  /** `arrayKey`: the top-level key whose array to stream when the document is an object. */
  constructor(file: string, arrayKey = 'traceEvents') {
    this.stream = new JsonPathStream(file, { path: [[arrayKey]], bareArray: true });
  }

  /** Whether the array was found (after `end`, false means the document held no such array). */
  get foundArray(): boolean {
    return this.stream.foundArray;
  }

  /** Feeds text; returns the elements it completed. */
  push(text: string): JsonElement[] {
    const items = this.stream.push(text);
    const out: JsonElement[] = [];
    for (const it of items) if (it.kind === 'element') out.push(it);
    return out;
  }

  /** The document has ended: anything unfinished is an error at its place. */
  end(): void {
    this.stream.end();
  }
}
