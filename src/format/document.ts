// Formats read as one JSON document (OTLP/JSON, speedscope, Cinema's document and bare-array forms,
// small Chrome traces): parsed whole (or one document a line, for .jsonl), detected, converted. The
// command-line tool and the store's importer both read them through here.
import { protectLongTimestamps } from './cinema-document';
import { mayNestTooDeep, nestedDeeper, tooDeep } from './depth';
import { FormatError, found, jsonSyntaxError } from './format-error';
import type { ImportedDocument } from './imported';
import { KNOWN_FORMATS, formatByContent, formatByName } from './registry';
import { SkipLog } from './skip-log';

/**
 * One JSON document is one string, and V8 strings top out near 512 MiB: larger files must come as
 * `.cinema` lines. (Chrome traces of 900 MB are what users of other tools report crashing on.)
 */
export const MAX_DOCUMENT_CHARS = 400_000_000;

/** What a document over MAX_DOCUMENT_CHARS is told (the app's import and the command-line tool say the same). */
export const TOO_LARGE_DOCUMENT = `expected a JSON document under ${MAX_DOCUMENT_CHARS / 1e6} MB, found a larger one: only Chrome traces and OTLP files whose events start within their first 64 KB are read at any size (as a stream), and .cinema files`;

/** A document converted, and what a lenient read passed over. */
export interface ConvertedDocument {
  converted: ImportedDocument;
  skips: SkipLog;
}

/**
 * Parses `text` as one JSON document (or one per line), finds its format by file name then content,
 * and converts it. Long integer timestamps are kept exact. Broken input throws a FormatError at
 * its line and column.
 */
export function convertDocument(text: string, file: string, strict: boolean): ConvertedDocument {
  const doc = parseDocument(protectLongTimestamps(text), file);
  if (mayNestTooDeep(text.length) && nestedDeeper(doc)) throw new FormatError(file, 1, 1, tooDeep('the document'));
  const format = formatByName(file) ?? formatByContent(doc);
  if (!format) throw new FormatError(file, 1, 1, `expected ${KNOWN_FORMATS}, found ${found(doc)} that is none of them`);
  const skips = new SkipLog();
  return { converted: format.convert(doc, file, { strict, onSkip: skips.add }), skips };
}

/** One JSON document, or one per line (.jsonl); a syntax error is reported at its line and column. */
function parseDocument(text: string, file: string): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    const lines = text.split('\n').filter((l) => l.trim() !== '');
    if (lines.length > 1) {
      try {
        return lines.map((l) => JSON.parse(l));
      } catch {
        // not JSON lines either: report the whole-document error below
      }
    }
    const { line, column, message } = jsonSyntaxError(err, text);
    throw new FormatError(file, line, column, `expected a JSON document, found invalid JSON (${message})`);
  }
}
