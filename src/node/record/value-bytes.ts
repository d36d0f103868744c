// How values sit in the ring's arena, and how they become JSON text again when the buffer is
// written out. A string of the program's goes in as UTF-8, with no escaping on the hot path (one
// with a lone surrogate, which UTF-8 cannot carry, goes as JSON text instead); a snapshot's JSON
// text as UTF-8; a call's arguments one after another, each a type byte and its payload. UTF-8
// rather than UTF-16: on the machines measured, first writing a page of memory cost more than
// the bytes it saved to check a string is well-formed.
import { type LineBytes, MOST_PER_STRING_BYTE } from './line-bytes';
import { type Ring, Tag } from './ring';
import { type JsonBytes, copyBytes, writeUtf8 } from './json-bytes';
import { stringText } from './snapshot';

// Each argument starts with its Tag (ring.ts): Number (then a float64), True, False, Null,
// Undefined, String (a u32 byte length, then the UTF-8 of a well-formed string) or Json (a u32
// byte length, then UTF-8 JSON text).

const wellFormed = (String.prototype as unknown as { isWellFormed(this: string): boolean }).isWellFormed;

/** Whether UTF-8 carries `s` exactly: no lone surrogate (String.prototype.isWellFormed, ES2024). */
export function isWellFormed(s: string): boolean {
  return wellFormed.call(s);
}

/**
 * The most bytes `writeArgs` takes for these arguments. Bit k of `texts` set: args[k] is where its
 * snapshot's JSON ends in `json` (it starts where the one before ended, or at 0).
 */
export function argsSize(args: unknown[], texts: number): number {
  let most = 0;
  let from = 0;
  for (let k = 0; k < args.length; k++) {
    const v = args[k];
    if (texts & (1 << k)) {
      most += 5 + (v as number) - from;
      from = v as number;
    } else if (typeof v === 'number') most += 9;
    else if (typeof v === 'string') most += 5 + 3 * v.length;
    else most += 1;
  }
  return most;
}

/**
 * Writes a call's arguments at `at`; returns the bytes written. Each is a number JSON has, a flag,
 * undefined, null or a short well-formed string, or (bit k of `texts`) its snapshot's JSON, copied
 * from `json` (see argsSize).
 */
export function writeArgs(arena: Buffer, at: number, args: unknown[], texts: number, json: JsonBytes): number {
  let p = at;
  let from = 0;
  for (let k = 0; k < args.length; k++) {
    const v = args[k];
    if (texts & (1 << k)) {
      const n = copyBytes(json.buf, from, v as number, arena, p + 5) - (p + 5);
      from = v as number;
      arena[p] = Tag.Json;
      arena.writeUInt32LE(n, p + 1);
      p += 5 + n;
      continue;
    }
    switch (typeof v) {
      case 'number':
        arena[p] = Tag.Number;
        arena.writeDoubleLE(v, p + 1);
        p += 9;
        break;
      case 'string': {
        arena[p] = Tag.String;
        const n = writeUtf8(arena, p + 5, v);
        arena.writeUInt32LE(n, p + 1);
        p += 5 + n;
        break;
      }
      case 'boolean':
        arena[p++] = v ? Tag.True : Tag.False;
        break;
      case 'undefined':
        arena[p++] = Tag.Undefined;
        break;
      default:
        arena[p++] = Tag.Null;
    }
  }
  return p - at;
}

const UNDEFINED = '{"$type":"undefined"}';

/** Arguments written by writeArgs, as a JSON array text. */
function argsText(arena: Buffer, start: number, end: number, chars: number): string {
  let out = '[';
  for (let p = start; p < end;) {
    if (p > start) out += ',';
    const type = arena[p] as Tag;
    switch (type) {
      case Tag.Number:
        out += String(arena.readDoubleLE(p + 1));
        p += 9;
        break;
      case Tag.String:
      case Tag.Json: {
        const n = arena.readUInt32LE(p + 1);
        out += type === Tag.Json ? arena.toString('utf8', p + 5, p + 5 + n) : stringText(arena.toString('utf8', p + 5, p + 5 + n), chars);
        p += 5 + n;
        break;
      }
      default:
        out += type === Tag.True ? 'true' : type === Tag.False ? 'false' : type === Tag.Null ? 'null' : UNDEFINED;
        p++;
    }
  }
  return out + ']';
}

/** The value of the event at slot i, as JSON text (strings cut to `chars` characters). */
export function valueText(ring: Ring, i: number, chars: number): string {
  switch (ring.tag[i] as Tag) {
    case Tag.Number:
      return String(ring.num[i]);
    case Tag.True:
      return 'true';
    case Tag.False:
      return 'false';
    case Tag.Null:
      return 'null';
    case Tag.String:
      return stringText(ring.arena.toString('utf8', ring.valueStart(i), ring.valueEnd(i)), chars);
    case Tag.Json:
      return ring.arena.toString('utf8', ring.valueStart(i), ring.valueEnd(i));
    case Tag.Args:
      return argsText(ring.arena, ring.valueStart(i), ring.valueEnd(i), chars);
    default:
      return UNDEFINED;
  }
}

const ascii = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0));
const TRUE = ascii('true');
const FALSE = ascii('false');
const NULL = ascii('null');
const UNDEFINED_BYTES = ascii(UNDEFINED);
const BRACKET_OPEN = ascii('[');
const SEPARATOR = ascii(',');
const BRACKET_CLOSE = ascii(']');
const flag = (tag: Tag) => (tag === Tag.True ? TRUE : tag === Tag.False ? FALSE : tag === Tag.Null ? NULL : UNDEFINED_BYTES);

/**
 * The most bytes writeValue takes for the event at slot i: a string's byte may become a six-byte
 * escape; in arguments a one-byte flag may become `undefined`'s tag (21) and a comma; a number's
 * text takes at most 24 characters.
 */
export function mostValueBytes(ring: Ring, i: number): number {
  const per = ring.tag[i] === Tag.Args ? UNDEFINED.length + 1 : MOST_PER_STRING_BYTE;
  return per * ring.valueLength(i) + 26;
}

/**
 * The value of the event at slot i, as valueText says it, written as bytes: the arena's UTF-8 is
 * copied (JSON text) or escaped (a string) where it lies. Strings in the arena are within the
 * recording's character limit already (longer ones went in as JSON text), so none is cut here.
 */
export function writeValue(ring: Ring, i: number, out: LineBytes): void {
  const tag = ring.tag[i] as Tag;
  switch (tag) {
    case Tag.Number:
      out.ascii(String(ring.num[i]));
      return;
    case Tag.String:
      out.jsonString(ring.arena, ring.valueStart(i), ring.valueEnd(i));
      return;
    case Tag.Json:
      out.copy(ring.arena, ring.valueStart(i), ring.valueEnd(i));
      return;
    case Tag.Args:
      writeArgsValue(ring.arena, ring.valueStart(i), ring.valueEnd(i), out);
      return;
    default:
      out.bytes(flag(tag));
  }
}

function writeArgsValue(arena: Buffer, start: number, end: number, out: LineBytes): void {
  out.bytes(BRACKET_OPEN);
  for (let p = start; p < end;) {
    if (p > start) out.bytes(SEPARATOR);
    const type = arena[p] as Tag;
    switch (type) {
      case Tag.Number:
        out.ascii(String(arena.readDoubleLE(p + 1)));
        p += 9;
        break;
      case Tag.String:
      case Tag.Json: {
        const n = arena.readUInt32LE(p + 1);
        if (type === Tag.Json) out.copy(arena, p + 5, p + 5 + n);
        else out.jsonString(arena, p + 5, p + 5 + n);
        p += 5 + n;
        break;
      }
      default:
        out.bytes(flag(type));
        p++;
    }
  }
  out.bytes(BRACKET_CLOSE);
}
