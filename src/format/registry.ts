// The only module that knows every format: detection by file name first, then by content.
import { chromeTrace } from './chrome-trace';
import { cinemaDocument } from './cinema-document';
import type { DocumentFormat } from './imported';
import { otlp } from './otlp';
import { speedscope } from './speedscope';

/** Formats read as one JSON document (or one per line), most specific first. */
export const DOCUMENT_FORMATS: DocumentFormat[] = [cinemaDocument, otlp, speedscope, chromeTrace];

/** True when a file name says the native line-by-line format. */
export function isNativeName(file: string): boolean {
  return /\.cinema(\.gz)?$/i.test(file);
}

/**
 * True when the start of a file's text looks like the native format: a first line that is a
 * cinema-session header without an "events" array (that would be the one-document form).
 */
export function looksNative(prefix: string): boolean {
  const nl = prefix.indexOf('\n');
  const first = (nl >= 0 ? prefix.slice(0, nl) : prefix).trim();
  if (!first.startsWith('{')) return false;
  try {
    const h = JSON.parse(first);
    return h !== null && typeof h === 'object' && h.format === 'cinema-session' && !Array.isArray(h.events);
  } catch {
    // A first line that does not parse on its own is not a header line (a long one-document file
    // whose first line runs past the prefix lands here too, and is read as a document).
    return false;
  }
}

/** The document format a file name says, if any. */
export function formatByName(file: string): DocumentFormat | undefined {
  return DOCUMENT_FORMATS.find((f) => f.byName(file));
}

/** The document format a parsed document looks like, if any. */
export function formatByContent(doc: unknown): DocumentFormat | undefined {
  return DOCUMENT_FORMATS.find((f) => f.byContent(doc));
}

/** Names of every format, for a message that says what was expected. */
export const KNOWN_FORMATS =
  'a Cinema session (.cinema, .cinema.gz, or one JSON document), a Chrome trace, OTLP/JSON traces or a speedscope file';
