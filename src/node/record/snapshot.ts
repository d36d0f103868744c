// Values as the recording keeps them: a bounded copy taken when the event happens (the program may
// change the value a moment later), written straight as JSON text - one string a value, not an
// object graph, since holding millions of small objects made the garbage collector the recorder's
// largest cost. Taking it never changes what the program does: no getter is invoked (an accessor
// is noted, not read), no Proxy trap runs (a Proxy is noted, not opened), no toJSON or
// Symbol.toPrimitive is called, nothing is written to the value.
// Kinds JSON lacks are tagged objects: {"$type": "bigint", "value": "123"}, Map, Set, Date, Error...
import { types } from 'node:util';

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

/** One snapshot being taken: its limits, the objects open above (for cycles), the values left. */
interface Taking {
  limits: SnapshotLimits;
  path: object[];
  left: number;
}

const taking = (limits: SnapshotLimits): Taking => ({ limits, path: [], left: limits.values });

const hasOwn = Object.prototype.hasOwnProperty;
const getDescriptor = Object.getOwnPropertyDescriptor;
const getProto = Object.getPrototypeOf;
const dateTime = Date.prototype.getTime;
const mapEntries = Map.prototype.entries;
const mapSize = getDescriptor(Map.prototype, 'size')!.get!;
const setValues = Set.prototype.values;
const setSize = getDescriptor(Set.prototype, 'size')!.get!;

/**
 * Strings longer than this are kept as their length alone. Reading any part of a string the
 * program builds by appending makes V8 copy it whole into one piece first, so taking the head of
 * `html += part` after each append made rendering quadratic (34 s instead of 24 ms for 20,000
 * appends). Up to here the copy is bounded; beyond it, the program's own cost is left alone.
 */
export const READ_LIMIT = 65_536;

/** A string, cut to the limit, as JSON text (one past READ_LIMIT as its length: see above). */
export function stringText(s: string, chars: number): string {
  if (s.length > READ_LIMIT) return `{"$type":"string","length":${s.length}}`;
  return JSON.stringify(s.length <= chars ? s : `${s.slice(0, chars)}…(${s.length - chars} more)`);
}

/** A number as JSON text; what JSON has no number for (NaN, infinities, -0) is tagged. */
export function numberText(n: number): string {
  return Number.isFinite(n) && !Object.is(n, -0) ? String(n) : `{"$type":"number","value":"${Object.is(n, -0) ? '-0' : String(n)}"}`;
}

/** The snapshot of `value` as JSON text, within `limits`. */
export function snapshotText(value: unknown, limits: SnapshotLimits = DEFAULT_LIMITS): string {
  try {
    return text(value, taking(limits), 0);
  } catch {
    return '{"$type":"unreadable"}';
  }
}

/** The snapshot of one argument of a call as JSON text (arguments sit one level down). */
export function argText(value: unknown, limits: SnapshotLimits = DEFAULT_LIMITS): string {
  try {
    return text(value, taking(limits), 1);
  } catch {
    return '{"$type":"unreadable"}';
  }
}

/** The snapshot as a value (JSON.parse of the text): what tests and readers compare. */
export function snapshot(value: unknown, limits: SnapshotLimits = DEFAULT_LIMITS): unknown {
  return JSON.parse(snapshotText(value, limits));
}

/**
 * Names read once per function and class names once per prototype: reading a descriptor makes an
 * object each time, and a recorded server's request and reply objects carry dozens of functions and
 * classes, so descriptors were a third of what their snapshots cost. A name redefined after it was
 * first read keeps its first reading.
 */
const functionNames = new WeakMap<object, string>();
const classNames = new WeakMap<object, string | null>();

function functionName(f: unknown): string {
  let name = functionNames.get(f as object);
  if (name === undefined) {
    const d = getDescriptor(f as object, 'name');
    name = d && typeof d.value === 'string' ? d.value : '';
    functionNames.set(f as object, name);
  }
  return name;
}

/** The class of an object, read from its prototype's own `constructor` data property. */
function className(o: object): string | null {
  const proto = getProto(o);
  if (proto === null) return null;
  let name = classNames.get(proto);
  if (name === undefined) {
    const d = getDescriptor(proto, 'constructor');
    name = d && typeof d.value === 'function' ? functionName(d.value) || null : null;
    classNames.set(proto, name);
  }
  return name;
}

/** Property names as JSON, quoted once each (up to a bound: names a program makes up as it goes are many). */
const quotedKeys = new Map<string, string>();

function quotedKey(key: string): string {
  let q = quotedKeys.get(key);
  if (q === undefined) {
    q = JSON.stringify(key);
    if (quotedKeys.size < 10_000) quotedKeys.set(key, q);
  }
  return q;
}

function text(v: unknown, t: Taking, depth: number): string {
  switch (typeof v) {
    case 'number':
      return numberText(v);
    case 'string':
      return stringText(v, t.limits.chars);
    case 'boolean':
      return v ? 'true' : 'false';
    case 'undefined':
      return '{"$type":"undefined"}';
    case 'bigint':
      return `{"$type":"bigint","value":"${v.toString()}"}`;
    case 'symbol':
      return `{"$type":"symbol","description":${JSON.stringify(v.description ?? '')}}`;
    case 'function':
      return `{"$type":"function","name":${JSON.stringify(functionName(v))}}`;
  }
  if (v === null) return 'null';
  return object(v as object, t, depth);
}

/** A call's arguments (an array of the recorder's own) as JSON text, each a snapshot of its own. */
export function argsText(args: unknown[], limits: SnapshotLimits = DEFAULT_LIMITS): string {
  let out = '[';
  try {
    for (let i = 0; i < args.length; i++) out += (i ? ',' : '') + text(args[i], taking(limits), 1);
  } catch {
    return '[{"$type":"unreadable"}]';
  }
  return out + ']';
}

function object(o: object, t: Taking, depth: number): string {
  if (types.isProxy(o)) return '{"$type":"Proxy"}';
  if (t.path.includes(o)) return '{"$type":"circular"}';
  // Plain objects and arrays (nearly every value) skip the checks for the kinds below.
  const proto = getProto(o);
  if (proto !== Object.prototype && proto !== Array.prototype && proto !== null) return special(o, t, depth);
  if (depth >= t.limits.depth)
    return `{"$type":"object","class":${JSON.stringify(proto === Array.prototype ? 'Array' : 'Object')},"truncated":true}`;
  return opened(o, t, depth);
}

/** Dates, Errors, collections, buffers and class instances. */
function special(o: object, t: Taking, depth: number): string {
  const limits = t.limits;
  if (types.isDate(o)) {
    const t = dateTime.call(o);
    return `{"$type":"Date","iso":"${Number.isNaN(t) ? 'Invalid Date' : new Date(t).toISOString()}"}`;
  }
  if (types.isNativeError(o) || o instanceof Error) return error(o as Error, limits);
  if (types.isPromise(o)) return '{"$type":"Promise"}';
  if (types.isWeakMap(o)) return '{"$type":"WeakMap"}';
  if (types.isWeakSet(o)) return '{"$type":"WeakSet"}';
  if (types.isArrayBuffer(o) || types.isSharedArrayBuffer(o)) {
    return `{"$type":${JSON.stringify(className(o) ?? 'ArrayBuffer')},"byteLength":${(o as ArrayBuffer).byteLength}}`;
  }
  if (types.isTypedArray(o)) {
    const a = o as unknown as ArrayLike<number | bigint>;
    const n = Math.min(a.length, limits.keys);
    let values = '';
    for (let i = 0; i < n; i++) values += (i ? ',' : '') + (typeof a[i] === 'bigint' ? `"${String(a[i])}"` : numberText(a[i] as number));
    return `{"$type":${JSON.stringify(className(o) ?? 'TypedArray')},"length":${a.length},"values":[${values}]}`;
  }
  if (depth >= limits.depth) return `{"$type":"object","class":${JSON.stringify(className(o) ?? 'Object')},"truncated":true}`;
  return opened(o, t, depth);
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

/** An object opened: its entries, elements or own properties, each within the limits. */
function opened(o: object, t: Taking, depth: number): string {
  t.path.push(o);
  try {
    if (types.isMap(o)) {
      const size = mapSize.call(o) as number;
      const it = mapEntries.call(o);
      let entries = '';
      const n = keep(t, size);
      for (let i = 0; i < n; i++) {
        const [k, v] = it.next().value as [unknown, unknown];
        entries += `${i ? ',' : ''}[${text(k, t, depth + 1)},${text(v, t, depth + 1)}]`;
      }
      return `{"$type":"Map","size":${size},"entries":[${entries}]}`;
    }
    if (types.isSet(o)) {
      const size = setSize.call(o) as number;
      const it = setValues.call(o);
      let values = '';
      const n = keep(t, size);
      for (let i = 0; i < n; i++) values += (i ? ',' : '') + text(it.next().value, t, depth + 1);
      return `{"$type":"Set","size":${size},"values":[${values}]}`;
    }
    if (Array.isArray(o)) {
      const n = keep(t, o.length);
      let out = '[';
      for (let i = 0; i < n; i++) out += (i ? ',' : '') + own(o, String(i), t, depth);
      if (o.length > n) out += `${n ? ',' : ''}{"$type":"more","count":${o.length - n}}`;
      return out + ']';
    }
    const cls = className(o);
    let out = cls !== 'Object' && cls !== null ? `{"$class":${JSON.stringify(cls)}` : '{';
    let first = out.length === 1;
    const keys = Object.keys(o);
    const n = keep(t, keys.length);
    for (let i = 0; i < n; i++) {
      out += `${first ? '' : ','}${quotedKey(keys[i])}:${own(o, keys[i], t, depth)}`;
      first = false;
    }
    if (keys.length > n) out += `${first ? '' : ','}"$more":${keys.length - n}`;
    return out + '}';
  } finally {
    t.path.pop();
  }
}

/** An own property's value, unless it is an accessor (then it is named, not called). */
function own(o: object, key: string, t: Taking, depth: number): string {
  const d = getDescriptor(o, key);
  if (!d) return '{"$type":"undefined"}';
  if (!hasOwn.call(d, 'value')) return '{"$type":"accessor"}';
  return text(d.value, t, depth + 1);
}

/** An Error: its class, message, stack (V8's own lazy accessor) and own data properties. */
function error(e: Error, limits: SnapshotLimits): string {
  let out = `{"$type":"Error","class":${JSON.stringify(className(e) ?? 'Error')}`;
  const message = getDescriptor(e, 'message');
  if (message && hasOwn.call(message, 'value')) out += `,"message":${stringText(String(message.value), limits.chars)}`;
  let stack: unknown;
  try {
    stack = Reflect.get(e, 'stack');
  } catch {
    stack = undefined;
  }
  if (typeof stack === 'string') out += `,"stack":${stringText(stack, 4000)}`;
  return out + '}';
}
