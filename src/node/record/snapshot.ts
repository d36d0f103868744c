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
}

export const DEFAULT_LIMITS: SnapshotLimits = { depth: 3, keys: 20, chars: 200 };

const hasOwn = Object.prototype.hasOwnProperty;
const getDescriptor = Object.getOwnPropertyDescriptor;
const getProto = Object.getPrototypeOf;
const dateTime = Date.prototype.getTime;
const mapEntries = Map.prototype.entries;
const mapSize = getDescriptor(Map.prototype, 'size')!.get!;
const setValues = Set.prototype.values;
const setSize = getDescriptor(Set.prototype, 'size')!.get!;

/** A string, cut to the limit, as JSON text. */
export function stringText(s: string, chars: number): string {
  return JSON.stringify(s.length <= chars ? s : `${s.slice(0, chars)}…(${s.length - chars} more)`);
}

/** A number as JSON text; what JSON has no number for (NaN, infinities, -0) is tagged. */
export function numberText(n: number): string {
  return Number.isFinite(n) && !Object.is(n, -0) ? String(n) : `{"$type":"number","value":"${Object.is(n, -0) ? '-0' : String(n)}"}`;
}

/** The snapshot of `value` as JSON text, within `limits`. */
export function snapshotText(value: unknown, limits: SnapshotLimits = DEFAULT_LIMITS): string {
  try {
    return text(value, limits, 0, []);
  } catch {
    return '{"$type":"unreadable"}';
  }
}

/** The snapshot as a value (JSON.parse of the text): what tests and readers compare. */
export function snapshot(value: unknown, limits: SnapshotLimits = DEFAULT_LIMITS): unknown {
  return JSON.parse(snapshotText(value, limits));
}

function functionName(f: unknown): string {
  const d = getDescriptor(f as object, 'name');
  return d && typeof d.value === 'string' ? d.value : '';
}

/** The class of an object, read from its prototype's own `constructor` data property. */
function className(o: object): string | null {
  const proto = getProto(o);
  if (proto === null) return null;
  const d = getDescriptor(proto, 'constructor');
  return d && typeof d.value === 'function' ? functionName(d.value) || null : null;
}

function text(v: unknown, limits: SnapshotLimits, depth: number, path: object[]): string {
  switch (typeof v) {
    case 'number':
      return numberText(v);
    case 'string':
      return stringText(v, limits.chars);
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
  return object(v as object, limits, depth, path);
}

/** A call's arguments (an array of the recorder's own) as JSON text. */
export function argsText(args: unknown[], limits: SnapshotLimits = DEFAULT_LIMITS): string {
  let out = '[';
  try {
    for (let i = 0; i < args.length; i++) out += (i ? ',' : '') + text(args[i], limits, 1, []);
  } catch {
    return '[{"$type":"unreadable"}]';
  }
  return out + ']';
}

function object(o: object, limits: SnapshotLimits, depth: number, path: object[]): string {
  if (types.isProxy(o)) return '{"$type":"Proxy"}';
  if (path.includes(o)) return '{"$type":"circular"}';
  // Plain objects and arrays (nearly every value) skip the checks for the kinds below.
  const proto = getProto(o);
  if (proto !== Object.prototype && proto !== Array.prototype && proto !== null) return special(o, limits, depth, path);
  if (depth >= limits.depth)
    return `{"$type":"object","class":${JSON.stringify(proto === Array.prototype ? 'Array' : 'Object')},"truncated":true}`;
  return opened(o, limits, depth, path);
}

/** Dates, Errors, collections, buffers and class instances. */
function special(o: object, limits: SnapshotLimits, depth: number, path: object[]): string {
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
  return opened(o, limits, depth, path);
}

/** An object opened: its entries, elements or own properties, each within the limits. */
function opened(o: object, limits: SnapshotLimits, depth: number, path: object[]): string {
  path.push(o);
  try {
    if (types.isMap(o)) {
      const size = mapSize.call(o) as number;
      const it = mapEntries.call(o);
      let entries = '';
      for (let i = 0; i < Math.min(size, limits.keys); i++) {
        const [k, v] = it.next().value as [unknown, unknown];
        entries += `${i ? ',' : ''}[${text(k, limits, depth + 1, path)},${text(v, limits, depth + 1, path)}]`;
      }
      return `{"$type":"Map","size":${size},"entries":[${entries}]}`;
    }
    if (types.isSet(o)) {
      const size = setSize.call(o) as number;
      const it = setValues.call(o);
      let values = '';
      for (let i = 0; i < Math.min(size, limits.keys); i++) values += (i ? ',' : '') + text(it.next().value, limits, depth + 1, path);
      return `{"$type":"Set","size":${size},"values":[${values}]}`;
    }
    if (Array.isArray(o)) {
      const n = Math.min(o.length, limits.keys);
      let out = '[';
      for (let i = 0; i < n; i++) out += (i ? ',' : '') + own(o, String(i), limits, depth, path);
      if (o.length > n) out += `${n ? ',' : ''}{"$type":"more","count":${o.length - n}}`;
      return out + ']';
    }
    const cls = className(o);
    let out = cls !== 'Object' && cls !== null ? `{"$class":${JSON.stringify(cls)}` : '{';
    let first = out.length === 1;
    const keys = Object.keys(o);
    const n = Math.min(keys.length, limits.keys);
    for (let i = 0; i < n; i++) {
      out += `${first ? '' : ','}${JSON.stringify(keys[i])}:${own(o, keys[i], limits, depth, path)}`;
      first = false;
    }
    if (keys.length > n) out += `${first ? '' : ','}"$more":${keys.length - n}`;
    return out + '}';
  } finally {
    path.pop();
  }
}

/** An own property's value, unless it is an accessor (then it is named, not called). */
function own(o: object, key: string, limits: SnapshotLimits, depth: number, path: object[]): string {
  const d = getDescriptor(o, key);
  if (!d) return '{"$type":"undefined"}';
  if (!hasOwn.call(d, 'value')) return '{"$type":"accessor"}';
  return text(d.value, limits, depth + 1, path);
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
