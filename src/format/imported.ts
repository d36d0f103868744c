// What a foreign-format importer produces: session metadata and records in the same shape the
// native reader yields, so every format is written into the store the same way.
import { FormatError } from './format-error';
import type { ReadRecord } from './native-reader';
import type { TimeUnit } from './spec';

/** A converted recording. */
export interface ImportedDocument {
  /** Which format it was read as ("chrome-trace", "otlp", "speedscope", "cinema"). */
  format: string;
  name?: string;
  time_unit: TimeUnit;
  epoch: string;
  /** Header fields worth keeping (process names, the producing tool...). */
  header: Record<string, unknown>;
  records: ReadRecord[];
  /** Things the importer passed over, said once each ("12 counter events skipped"). */
  notes: string[];
}

/** How a converter treats a bad element: strict throws, lenient skips it and says so. */
export interface ConvertOptions {
  strict: boolean;
  onSkip(message: string): void;
}

/** Strict: the first bad element throws. */
export const STRICT: ConvertOptions = { strict: true, onSkip: () => {} };

/** Runs one element's conversion; a FormatError skips the element in lenient mode. */
export function perElement(opts: ConvertOptions, convert: () => void): void {
  try {
    convert();
  } catch (err) {
    if (opts.strict || !(err instanceof FormatError)) throw err;
    opts.onSkip(err.message);
  }
}

/** A reader of one foreign format: a detector and a converter. */
export interface DocumentFormat {
  /** The format's name in messages and in the session's source. */
  name: string;
  /** True when the file name says this format (checked before content). */
  byName(file: string): boolean;
  /** True when a parsed JSON document looks like this format. */
  byContent(doc: unknown): boolean;
  /** Converts the document; throws FormatError with a place for broken input (lenient: skips elements). */
  convert(doc: unknown, file: string, opts?: ConvertOptions): ImportedDocument;
}
