// The fast path for `.cinema` event lines. Almost every line of a recording is an event written
// compactly (as Cinema and most writers do), and JSON.parse spends most of its time building the
// payload object, which the store would only turn back into text. This scanner checks the line's
// JSON grammar in one pass without building anything and hands out the payload's text verbatim
// (so a payload's digits survive an import and an export exactly, like the timestamp's).
//
// It accepts only what it is sure of: a compact object (no white space outside strings) whose
// "kind" is "event", a number timestamp, ids that are strings (or null), known keys at most once,
// strings whose escapes are the short ones, nesting within the depth limit. Anything else returns
// false and the reader takes the general JSON.parse path, which also words every error.

/** What the scanner found on an event line. Reused from line to line: copy what you keep. */
export interface EventLineFields {
  /** The timestamp's number text, digits as written. */
  timestamp: string;
  ast_node_id: string | null;
  correlation_id: string | null;
  id: string | null;
  /** The payload's JSON text as written; "null" when the line has no data. */
  data: string;
}

const QUOTE = 34;
const BACKSLASH = 92;
const COMMA = 44;
const COLON = 58;
const OPEN_OBJECT = 123;
const CLOSE_OBJECT = 125;
const OPEN_ARRAY = 91;
const CLOSE_ARRAY = 93;
const MINUS = 45;
const PLUS = 43;
const DOT = 46;
const ZERO = 48;
const NINE = 57;

/** Control characters, which JSON allows nowhere unescaped (and a compact line has no white space). */
// eslint-disable-next-line no-control-regex -- these characters are exactly what is looked for
const CONTROL = /[\u0000-\u001f]/;

/** Set by skipString: whether the string had an escape (then its content needs JSON.parse). */
let escaped = false;
/** Whether the line being scanned has no backslash: then a string ends at the next quote. */
let plain = true;

/** The index after the string starting at `i` (a quote), or -1. Control characters were ruled out. */
function skipString(s: string, i: number): number {
  escaped = false;
  if (plain) {
    const end = s.indexOf('"', i + 1);
    return end < 0 ? -1 : end + 1;
  }
  for (let j = i + 1; j < s.length; j++) {
    const c = s.charCodeAt(j);
    if (c === QUOTE) return j + 1;
    if (c === BACKSLASH) {
      // The escapes JSON.stringify itself writes; \u and \/ go the general way.
      const e = s.charCodeAt(++j);
      if (
        e !== QUOTE &&
        e !== BACKSLASH &&
        e !== 110 /* n */ &&
        e !== 116 /* t */ &&
        e !== 114 /* r */ &&
        e !== 98 /* b */ &&
        e !== 102 /* f */
      )
        return -1;
      escaped = true;
    }
  }
  return -1;
}

function isDigit(c: number): boolean {
  return c >= ZERO && c <= NINE;
}

/** The index after the JSON number starting at `i`, or -1. */
function skipNumber(s: string, i: number): number {
  let j = i;
  if (s.charCodeAt(j) === MINUS) j++;
  const first = s.charCodeAt(j);
  if (first === ZERO) j++;
  else if (first > ZERO && first <= NINE) while (isDigit(s.charCodeAt(++j)));
  else return -1;
  if (s.charCodeAt(j) === DOT) {
    if (!isDigit(s.charCodeAt(++j))) return -1;
    while (isDigit(s.charCodeAt(++j)));
  }
  const e = s.charCodeAt(j);
  if (e === 101 || e === 69) {
    let k = j + 1;
    const sign = s.charCodeAt(k);
    if (sign === PLUS || sign === MINUS) k++;
    if (!isDigit(s.charCodeAt(k))) return -1;
    while (isDigit(s.charCodeAt(++k)));
    j = k;
  }
  return j;
}

/** The index after the JSON value starting at `i`, nested `depth` levels in the payload, or -1. */
function skipValue(s: string, i: number, depth: number, maxDepth: number): number {
  const c = s.charCodeAt(i);
  if (c === QUOTE) return skipString(s, i);
  if (c === OPEN_OBJECT || c === OPEN_ARRAY) {
    if (depth >= maxDepth) return -1;
    const object = c === OPEN_OBJECT;
    const close = object ? CLOSE_OBJECT : CLOSE_ARRAY;
    let j = i + 1;
    if (s.charCodeAt(j) === close) return j + 1;
    for (;;) {
      if (object) {
        if (s.charCodeAt(j) !== QUOTE) return -1;
        j = skipString(s, j);
        if (j < 0 || s.charCodeAt(j) !== COLON) return -1;
        j++;
      }
      j = skipValue(s, j, depth + 1, maxDepth);
      if (j < 0) return -1;
      const next = s.charCodeAt(j);
      if (next === close) return j + 1;
      if (next !== COMMA) return -1;
      j++;
    }
  }
  if (c === 116) return s.startsWith('true', i) ? i + 4 : -1;
  if (c === 102) return s.startsWith('false', i) ? i + 5 : -1;
  if (c === 110) return s.startsWith('null', i) ? i + 4 : -1;
  return skipNumber(s, i);
}

/** A string value or null at `i`: its end, with the value in `out[field]`; -1 for anything else. */
function readId(s: string, i: number, out: EventLineFields, field: 'ast_node_id' | 'correlation_id' | 'id', nullable: boolean): number {
  if (s.charCodeAt(i) === QUOTE) {
    const end = skipString(s, i);
    if (end < 0) return -1;
    out[field] = escaped ? (JSON.parse(s.slice(i, end)) as string) : s.slice(i + 1, end - 1);
    return end;
  }
  if (nullable && s.startsWith('null', i)) {
    out[field] = null;
    return i + 4;
  }
  return -1;
}

// Bits of the keys seen, to refuse a repeated one (JSON.parse would keep the last).
const KIND = 1;
const TIMESTAMP = 2;
const AST = 4;
const CORR = 8;
const ID = 16;
const DATA = 32;

/**
 * Reads a compact event line into `out`; true when the line is a valid JSON object of the fast
 * shape, false when it must go the general way. `maxDepth` bounds the payload's nesting (values
 * deeper than it send the line the general way, where the store refuses it with a message).
 */
export function scanEventLine(s: string, out: EventLineFields, maxDepth: number): boolean {
  if (s.charCodeAt(0) !== OPEN_OBJECT || s.charCodeAt(1) !== QUOTE || CONTROL.test(s)) return false;
  plain = s.indexOf('\\') < 0;
  clear(out);
  if (inCinemaOrder(s, out, maxDepth)) return true;
  clear(out);
  return anyOrder(s, out, maxDepth);
}

function clear(out: EventLineFields): void {
  out.ast_node_id = null;
  out.correlation_id = null;
  out.id = null;
  out.data = 'null';
}

/**
 * The line as Cinema writes it (kind, timestamp, id?, ast_node_id, correlation_id, data), its keys
 * matched in place where they must be: no key is scanned or compared as a key. False for any
 * other order or content, which anyOrder then reads.
 */
function inCinemaOrder(s: string, out: EventLineFields, maxDepth: number): boolean {
  if (!s.startsWith(PREFIX, 0)) return false;
  let i = skipNumber(s, PREFIX.length);
  if (i < 0) return false;
  out.timestamp = s.slice(PREFIX.length, i);
  if (s.startsWith(',"id":', i)) {
    i = readId(s, i + 6, out, 'id', false);
    if (i < 0) return false;
  }
  if (!s.startsWith(',"ast_node_id":', i)) return false;
  i = readId(s, i + 15, out, 'ast_node_id', true);
  if (i < 0 || !s.startsWith(',"correlation_id":', i)) return false;
  i = readId(s, i + 18, out, 'correlation_id', true);
  if (i < 0) return false;
  if (s.startsWith(',"data":', i)) {
    const end = skipValue(s, i + 8, 0, maxDepth);
    if (end < 0) return false;
    out.data = s.slice(i + 8, end);
    i = end;
  }
  // Anything after the payload (another key) sends the line to anyOrder.
  return i === s.length - 1 && s.charCodeAt(i) === CLOSE_OBJECT;
}

const PREFIX = '{"kind":"event","timestamp":';

/** Any order of keys, unknown ones included (their values checked and passed over). */
function anyOrder(s: string, out: EventLineFields, maxDepth: number): boolean {
  let seen = 0;
  let i = 1;
  for (;;) {
    if (s.charCodeAt(i) !== QUOTE) return false;
    const keyEnd = skipString(s, i);
    if (keyEnd < 0 || escaped || s.charCodeAt(keyEnd) !== COLON) return false;
    const v = keyEnd + 1;
    let end: number;
    let bit = 0;
    // Keys are told apart by length first, then compared in place (no slice).
    switch (keyEnd - i - 2) {
      case 4:
        if (s.startsWith('kind', i + 1)) {
          bit = KIND;
          end = s.startsWith('"event"', v) ? v + 7 : -1;
        } else if (s.startsWith('data', i + 1)) {
          bit = DATA;
          end = skipValue(s, v, 0, maxDepth);
          if (end > 0) out.data = s.slice(v, end);
        } else end = skipValue(s, v, 0, maxDepth);
        break;
      case 9:
        if (s.startsWith('timestamp', i + 1)) {
          bit = TIMESTAMP;
          end = skipNumber(s, v);
          if (end > 0) out.timestamp = s.slice(v, end);
        } else end = skipValue(s, v, 0, maxDepth);
        break;
      case 11:
        if (s.startsWith('ast_node_id', i + 1)) {
          bit = AST;
          end = readId(s, v, out, 'ast_node_id', true);
        } else end = skipValue(s, v, 0, maxDepth);
        break;
      case 14:
        if (s.startsWith('correlation_id', i + 1)) {
          bit = CORR;
          end = readId(s, v, out, 'correlation_id', true);
        } else end = skipValue(s, v, 0, maxDepth);
        break;
      case 2:
        if (s.startsWith('id', i + 1)) {
          bit = ID;
          end = readId(s, v, out, 'id', false);
        } else end = skipValue(s, v, 0, maxDepth);
        break;
      default:
        end = skipValue(s, v, 0, maxDepth);
    }
    if (end < 0 || (seen & bit) !== 0) return false;
    seen |= bit;
    const next = s.charCodeAt(end);
    if (next === CLOSE_OBJECT) {
      if (end + 1 !== s.length) return false;
      break;
    }
    if (next !== COMMA) return false;
    i = end + 1;
  }
  return (seen & (KIND | TIMESTAMP)) === (KIND | TIMESTAMP);
}
