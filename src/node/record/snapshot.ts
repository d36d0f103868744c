// Values as the recording keeps them: a bounded copy taken when the event happens (the program may
// change the value a moment later), written straight as JSON in UTF-8 bytes (json-bytes.ts) - not
// an object graph, since holding millions of small objects made the garbage collector the
// recorder's largest cost, and not a string built piece by piece, which V8 copied whole again to
// write it. Taking it never changes what the program does: no getter is invoked (an accessor
// is noted, not read), no Proxy trap runs (a Proxy is noted, not opened), no toJSON or
// Symbol.toPrimitive is called, nothing is written to the value.
// Kinds JSON lacks are tagged objects: {"$type": "bigint", "value": "123"}, Map, Set, Date, Error...
import { types } from 'node:util';
import { JsonBytes, bytesOf } from './json-bytes';
import { stackOf } from './error-stack';
import { firstKeys, keyCount } from './object-keys';
import { SafeMap, getDescriptor, getProto, hasOwn, isArray, stringify } from './safe';
import { className, functionName, inheritsError, isOrdinary, nodeInternalsHidden, ordinary } from './value-classes';

export interface SnapshotLimits {
  /** Levels of objects opened; deeper ones are named, not opened. */
  depth: number;
  /** Properties (or elements, entries) kept of each object. */
  keys: number;
  /** Characters kept of each string. */
  chars: number;
  /**
   * Values kept of one snapshot in all (properties, elements and entries, at every depth): what
   * bounds its cost, whatever the shape - depth 3 of 20 keys alone would allow 8,000.
   */
  values: number;
}

export const DEFAULT_LIMITS: SnapshotLimits = { depth: 3, keys: 20, chars: 200, values: 50 };

/** One snapshot being taken: where it is written, its limits, the objects open above (for cycles), the values left. */
interface Taking {
  out: JsonBytes;
  limits: SnapshotLimits;
  /** The objects open above, `open` of them (indexed: the program may have replaced Array.prototype.push, safe.ts). */
  path: object[];
  open: number;
  left: number;
}

const dateTime = Date.prototype.getTime;
const mapEntries = Map.prototype.entries;
const mapSize = getDescriptor(Map.prototype, 'size')!.get!;
const setValues = Set.prototype.values;
const setSize = getDescriptor(Set.prototype, 'size')!.get!;
// Read through the built-in getters: a subclass may define its own (`get length()` on a
// Uint8Array's), and a snapshot calls nothing of the program's.
const typedLength = getDescriptor(getProto(Uint8Array.prototype), 'length')!.get!;
const bufferBytes = getDescriptor(ArrayBuffer.prototype, 'byteLength')!.get!;
const sharedBytes = getDescriptor(SharedArrayBuffer.prototype, 'byteLength')!.get!;
const symbolDescription = getDescriptor(Symbol.prototype, 'description')!.get!;

/**
 * Strings longer than this are kept as their length alone. Reading any part of a string the
 * program builds by appending makes V8 copy it whole into one piece first, so taking the head of
 * `html += part` after each append made rendering quadratic (34 s instead of 24 ms for 20,000
 * appends). Up to here the copy is bounded; beyond it, the program's own cost is left alone.
 */
export const READ_LIMIT = 65_536;

/** Where the text versions below write (never the buffer a snapshot is being written into). */
const scratch = new JsonBytes();

/** What `write` wrote into the scratch buffer, as text. */
function asText(write: (out: JsonBytes) => void): string {
  scratch.p = 0;
  write(scratch);
  return scratch.text();
}

/** Writes a string, cut to the limit, as JSON (one past READ_LIMIT as its length: see above). */
export function writeString(out: JsonBytes, s: string, chars: number): void {
  if (s.length > READ_LIMIT) {
    out.ascii(`{"$type":"string","length":${s.length}}`);
    return;
  }
  out.string(s.length <= chars ? s : `${s.slice(0, chars)}…(${s.length - chars} more)`);
}

/** A string, cut to the limit, as JSON text. */
export function stringText(s: string, chars: number): string {
  return asText((out) => writeString(out, s, chars));
}

/** Writes a number as JSON; what JSON has no number for (NaN, infinities, -0) is tagged. */
function writeNumber(out: JsonBytes, n: number): void {
  if (Number.isFinite(n) && !Object.is(n, -0)) out.ascii(String(n));
  else out.ascii(`{"$type":"number","value":"${Object.is(n, -0) ? '-0' : String(n)}"}`);
}

const UNREADABLE = bytesOf('{"$type":"unreadable"}');

/**
 * Writes the snapshot of `value` within `limits` at `depth` (a call's arguments sit one level
 * down). Anything that goes wrong on the way leaves one tagged value in its place.
 */
export function writeSnapshot(out: JsonBytes, value: unknown, limits: SnapshotLimits, depth: number): void {
  const from = out.p;
  try {
    text(value, { out, limits, path: [], open: 0, left: limits.values }, depth);
  } catch {
    out.p = from;
    out.raw(UNREADABLE);
  }
}

/** The snapshot of `value` as JSON text, within `limits`. */
export function snapshotText(value: unknown, limits: SnapshotLimits = DEFAULT_LIMITS): string {
  return asText((out) => writeSnapshot(out, value, limits, 0));
}

/** The snapshot as a value (JSON.parse of the text): what tests and readers compare. */
export function snapshot(value: unknown, limits: SnapshotLimits = DEFAULT_LIMITS): unknown {
  return JSON.parse(snapshotText(value, limits));
}

/** Writes a call's arguments (an array of the recorder's own) as a JSON array, each a snapshot of its own. */
export function writeArgList(out: JsonBytes, args: unknown[], limits: SnapshotLimits): void {
  out.byte(0x5b);
  for (let i = 0; i < args.length; i++) {
    if (i) out.byte(0x2c);
    writeSnapshot(out, args[i], limits, 1);
  }
  out.byte(0x5d);
}

/** A call's arguments as JSON text. */
export function argsText(args: unknown[], limits: SnapshotLimits = DEFAULT_LIMITS): string {
  return asText((out) => writeArgList(out, args, limits));
}

/**
 * Pieces written many times, as bytes made once (up to a bound: names a program makes up as it
 * goes are many): a property name quoted with its colon, a class's opening.
 */
const keyPieces = new SafeMap<string, Uint8Array>();
const classPieces = new SafeMap<string, Uint8Array>();

function piece(pieces: Map<string, Uint8Array>, name: string, text: (name: string) => string): Uint8Array {
  let b = pieces.get(name);
  if (b === undefined) {
    b = bytesOf(text(name));
    if (pieces.size < 10_000) pieces.set(name, b);
  }
  return b;
}

const keyText = (key: string) => `${stringify(key)}:`;
const classText = (cls: string) => `{"$class":${stringify(cls)}`;
const keyPiece = (key: string) => piece(keyPieces, key, keyText);
const classPiece = (cls: string) => piece(classPieces, cls, classText);

const TRUE = bytesOf('true');
const FALSE = bytesOf('false');
const NULL = bytesOf('null');
const UNDEFINED = bytesOf('{"$type":"undefined"}');
const ACCESSOR = bytesOf('{"$type":"accessor"}');
const CIRCULAR = bytesOf('{"$type":"circular"}');
const PROXY = bytesOf('{"$type":"Proxy"}');

function text(v: unknown, t: Taking, depth: number): void {
  const out = t.out;
  switch (typeof v) {
    case 'number':
      return writeNumber(out, v);
    case 'string':
      return writeString(out, v, t.limits.chars);
    case 'boolean':
      return out.raw(v ? TRUE : FALSE);
    case 'undefined':
      return out.raw(UNDEFINED);
    case 'bigint':
      return out.ascii(`{"$type":"bigint","value":"${String(v)}"}`);
    case 'symbol':
      out.ascii('{"$type":"symbol","description":');
      out.string((symbolDescription.call(v) as string | undefined) ?? '');
      return out.byte(0x7d);
    case 'function':
      out.ascii('{"$type":"function","name":');
      out.string(functionName(v));
      return out.byte(0x7d);
  }
  if (v === null) return out.raw(NULL);
  object(v as object, t, depth);
}

/** `{"$type":<name>` of a kind named by the object's class (or `fallback`). */
function typeHead(out: JsonBytes, o: object, fallback: string): void {
  out.ascii('{"$type":');
  out.string(className(o) ?? fallback);
}

/** An object too deep to open: its class, marked truncated. */
function truncated(out: JsonBytes, cls: string): void {
  out.ascii('{"$type":"object","class":');
  out.string(cls);
  out.ascii(',"truncated":true}');
}

function object(o: object, t: Taking, depth: number): void {
  if (types.isProxy(o)) return t.out.raw(PROXY);
  for (let i = 0; i < t.open; i++) if (t.path[i] === o) return t.out.raw(CIRCULAR);
  // Plain objects and arrays (nearly every value) skip the checks for the kinds below.
  const proto = getProto(o);
  if (proto !== Object.prototype && proto !== Array.prototype && proto !== null) {
    if (!isOrdinary(proto)) return special(o, proto, t, depth);
    if (depth >= t.limits.depth) return truncated(t.out, className(o) ?? 'Object');
    return opened(o, t, depth, true);
  }
  if (depth >= t.limits.depth) return truncated(t.out, proto === Array.prototype ? 'Array' : 'Object');
  opened(o, t, depth, false);
}

/** Dates, Errors, collections, buffers and class instances (the first of their prototype met). */
function special(o: object, proto: object, t: Taking, depth: number): void {
  const { limits, out } = t;
  if (types.isDate(o)) {
    const time = dateTime.call(o);
    return out.ascii(`{"$type":"Date","iso":"${Number.isNaN(time) ? 'Invalid Date' : new Date(time).toISOString()}"}`);
  }
  if (types.isNativeError(o) || inheritsError(o)) return error(out, o as Error, limits);
  if (types.isPromise(o)) return out.ascii('{"$type":"Promise"}');
  if (types.isWeakMap(o)) return out.ascii('{"$type":"WeakMap"}');
  if (types.isWeakSet(o)) return out.ascii('{"$type":"WeakSet"}');
  if (types.isArrayBuffer(o) || types.isSharedArrayBuffer(o)) {
    typeHead(out, o, 'ArrayBuffer');
    return out.ascii(`,"byteLength":${(types.isArrayBuffer(o) ? bufferBytes : sharedBytes).call(o) as number}}`);
  }
  if (types.isTypedArray(o)) {
    const a = o as unknown as ArrayLike<number | bigint>;
    const length = typedLength.call(a) as number;
    const n = Math.min(length, limits.keys);
    typeHead(out, o, 'TypedArray');
    out.ascii(`,"length":${length},"values":[`);
    for (let i = 0; i < n; i++) {
      if (i) out.byte(0x2c);
      const x = a[i];
      if (typeof x === 'bigint') out.ascii(`"${String(x)}"`);
      else writeNumber(out, x);
    }
    return out.ascii(']}');
  }
  if (!types.isMap(o) && !types.isSet(o) && !isArray(o)) ordinary(proto);
  if (depth >= limits.depth) return truncated(out, className(o) ?? 'Object');
  opened(o, t, depth, false);
}

/**
 * How many of `count` items to keep here: the keys limit, and what is left of the snapshot's
 * value budget (taken now, before the items are opened, so an early deep item cannot starve the
 * ones beside it entirely).
 */
function keep(t: Taking, count: number): number {
  const n = Math.max(0, Math.min(count, t.limits.keys, t.left));
  t.left -= n;
  return n;
}

/** An object opened: its entries, elements or own properties, each within the limits (`plain`: known not a collection). */
function opened(o: object, t: Taking, depth: number, plain: boolean): void {
  t.path[t.open++] = o;
  try {
    if (plain || !collection(o, t, depth)) properties(o, t, depth);
  } finally {
    t.open--;
  }
}

/** A Map, Set or array, written with its entries (true), or false for anything else. */
function collection(o: object, t: Taking, depth: number): boolean {
  const out = t.out;
  if (types.isMap(o)) {
    const size = mapSize.call(o) as number;
    const it = mapEntries.call(o);
    out.ascii(`{"$type":"Map","size":${size},"entries":[`);
    const n = keep(t, size);
    for (let i = 0; i < n; i++) {
      // By index: destructuring would run the array iterator, which a program may replace.
      const entry = it.next().value as [unknown, unknown];
      out.ascii(i ? ',[' : '[');
      text(entry[0], t, depth + 1);
      out.byte(0x2c);
      text(entry[1], t, depth + 1);
      out.byte(0x5d);
    }
    out.ascii(']}');
    return true;
  }
  if (types.isSet(o)) {
    const size = setSize.call(o) as number;
    const it = setValues.call(o);
    out.ascii(`{"$type":"Set","size":${size},"values":[`);
    const n = keep(t, size);
    for (let i = 0; i < n; i++) {
      if (i) out.byte(0x2c);
      text(it.next().value, t, depth + 1);
    }
    out.ascii(']}');
    return true;
  }
  if (isArray(o)) {
    const n = keep(t, o.length);
    out.byte(0x5b);
    for (let i = 0; i < n; i++) {
      if (i) out.byte(0x2c);
      own(o, i, t, depth);
    }
    if (o.length > n) out.ascii(`${n ? ',' : ''}{"$type":"more","count":${o.length - n}}`);
    out.byte(0x5d);
    return true;
  }
  return false;
}

/** An object's own enumerable properties, headed by its class when it has one. */
function properties(o: object, t: Taking, depth: number): void {
  const out = t.out;
  const cls = className(o);
  const named = cls !== 'Object' && cls !== null;
  if (named) out.raw(classPiece(cls));
  else out.byte(0x7b);
  let keys = firstKeys(o, t.limits.keys);
  let count = keyCount;
  if (named && nodeInternalsHidden(o, cls)) count = (keys = publicKeys(keys)).length;
  const n = keep(t, Math.min(count, keys.length));
  for (let i = 0; i < n; i++) {
    if (named || i) out.byte(0x2c);
    out.raw(keyPiece(keys[i]));
    own(o, keys[i], t, depth);
  }
  if (count > n) out.ascii(`${named || n ? ',' : ''}"$more":${count - n}`);
  out.byte(0x7d);
}

/** The keys not named with a leading `_` (Node's internals). */
function publicKeys(keys: string[]): string[] {
  const kept: string[] = [];
  for (let i = 0; i < keys.length; i++) if (keys[i].charCodeAt(0) !== 0x5f) kept[kept.length] = keys[i];
  return kept;
}

/** An own property's value, unless it is an accessor (then it is named, not called). */
function own(o: object, key: string | number, t: Taking, depth: number): void {
  const d = getDescriptor(o, key);
  if (!d) return t.out.raw(UNDEFINED);
  if (!hasOwn.call(d, 'value')) return t.out.raw(ACCESSOR);
  text(d.value, t, depth + 1);
}

/** An Error: its class, message, stack (V8's own lazy accessor, where reading it runs nothing of the program's) and own data properties. */
function error(out: JsonBytes, e: Error, limits: SnapshotLimits): void {
  out.ascii('{"$type":"Error","class":');
  out.string(className(e) ?? 'Error');
  const message = getDescriptor(e, 'message');
  if (message && hasOwn.call(message, 'value')) {
    out.ascii(',"message":');
    writeString(out, String(message.value), limits.chars);
  }
  let stack: unknown;
  try {
    stack = stackOf(e);
  } catch {
    stack = undefined;
  }
  if (typeof stack === 'string') {
    out.ascii(',"stack":');
    writeString(out, stack, 4000);
  }
  out.byte(0x7d);
}
