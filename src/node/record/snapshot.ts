// Values as the recording keeps them: a bounded copy taken when the event happens (the program may
// change the value a moment later), made only of JSON's own kinds so it is encoded later, off the
// hot path, without a question. Taking it never changes what the program does: no getter is
// invoked (an accessor is noted, not read), no Proxy trap runs (a Proxy is noted, not opened), no
// toJSON or Symbol.toPrimitive is called, nothing is written to the value.
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

/** A rough size in bytes of what a snapshot holds (the recording's memory budget counts it). */
export let lastSize = 0;

const hasOwn = Object.prototype.hasOwnProperty;
const getDescriptor = Object.getOwnPropertyDescriptor;
const getProto = Object.getPrototypeOf;
const dateTime = Date.prototype.getTime;
const mapEntries = Map.prototype.entries;
const mapSize = getDescriptor(Map.prototype, 'size')!.get!;
const setValues = Set.prototype.values;
const setSize = getDescriptor(Set.prototype, 'size')!.get!;

/** The snapshot of `value`, within `limits`. */
export function snapshot(value: unknown, limits: SnapshotLimits = DEFAULT_LIMITS): unknown {
  lastSize = 8;
  switch (typeof value) {
    case 'number':
      return Number.isFinite(value) && !Object.is(value, -0)
        ? value
        : { $type: 'number', value: String(Object.is(value, -0) ? '-0' : value) };
    case 'string':
      return str(value, limits);
    case 'boolean':
      return value;
    case 'undefined':
      return { $type: 'undefined' };
    case 'bigint':
      return { $type: 'bigint', value: value.toString() };
    case 'symbol':
      return { $type: 'symbol', description: value.description ?? '' };
    case 'function':
      return { $type: 'function', name: functionName(value) };
  }
  if (value === null) return null;
  try {
    return object(value as object, limits, 0, []);
  } catch {
    return { $type: 'unreadable' };
  }
}

function str(s: string, limits: SnapshotLimits): string {
  lastSize += 2 * Math.min(s.length, limits.chars) + 16;
  return s.length <= limits.chars ? s : `${s.slice(0, limits.chars)}…(${s.length - limits.chars} more)`;
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

function inner(v: unknown, limits: SnapshotLimits, depth: number, path: object[]): unknown {
  if (v === null || (typeof v !== 'object' && typeof v !== 'function')) return snapshot1(v, limits);
  if (typeof v === 'function') return { $type: 'function', name: functionName(v) };
  return object(v as object, limits, depth, path);
}

/** A primitive's snapshot without resetting the size count. */
function snapshot1(v: unknown, limits: SnapshotLimits): unknown {
  lastSize += 8;
  if (typeof v === 'string') return str(v, limits);
  if (typeof v === 'number')
    return Number.isFinite(v) && !Object.is(v, -0) ? v : { $type: 'number', value: Object.is(v, -0) ? '-0' : String(v) };
  if (typeof v === 'boolean' || v === null) return v;
  if (v === undefined) return { $type: 'undefined' };
  if (typeof v === 'bigint') return { $type: 'bigint', value: v.toString() };
  return { $type: 'symbol', description: (v as symbol).description ?? '' };
}

function object(o: object, limits: SnapshotLimits, depth: number, path: object[]): unknown {
  if (types.isProxy(o)) return { $type: 'Proxy' };
  if (path.includes(o)) return { $type: 'circular' };
  if (types.isDate(o)) {
    const t = dateTime.call(o);
    return { $type: 'Date', iso: Number.isNaN(t) ? 'Invalid Date' : new Date(t).toISOString() };
  }
  if (types.isNativeError(o) || o instanceof Error) return error(o as Error, limits);
  if (types.isPromise(o)) return { $type: 'Promise' };
  if (types.isWeakMap(o) || types.isWeakSet(o)) return { $type: types.isWeakMap(o) ? 'WeakMap' : 'WeakSet' };
  if (types.isArrayBuffer(o) || types.isSharedArrayBuffer(o))
    return { $type: className(o) ?? 'ArrayBuffer', byteLength: (o as ArrayBuffer).byteLength };
  if (types.isTypedArray(o)) {
    const a = o as unknown as ArrayLike<number | bigint>;
    const n = Math.min(a.length, limits.keys);
    const values: unknown[] = [];
    for (let i = 0; i < n; i++) values.push(typeof a[i] === 'bigint' ? String(a[i]) : a[i]);
    lastSize += n * 8;
    return { $type: className(o) ?? 'TypedArray', length: a.length, values };
  }
  if (depth >= limits.depth) return { $type: 'object', class: className(o) ?? 'Object', truncated: true };
  path.push(o);
  try {
    if (types.isMap(o)) {
      const size = mapSize.call(o) as number;
      const entries: unknown[] = [];
      const it = mapEntries.call(o);
      for (let i = 0; i < Math.min(size, limits.keys); i++) {
        const [k, v] = it.next().value as [unknown, unknown];
        entries.push([inner(k, limits, depth + 1, path), inner(v, limits, depth + 1, path)]);
      }
      return { $type: 'Map', size, entries };
    }
    if (types.isSet(o)) {
      const size = setSize.call(o) as number;
      const values: unknown[] = [];
      const it = setValues.call(o);
      for (let i = 0; i < Math.min(size, limits.keys); i++) values.push(inner(it.next().value, limits, depth + 1, path));
      return { $type: 'Set', size, values };
    }
    if (Array.isArray(o)) {
      const out: unknown[] = [];
      const n = Math.min(o.length, limits.keys);
      for (let i = 0; i < n; i++) out.push(own(o, String(i), limits, depth, path));
      if (o.length > n) out.push({ $type: 'more', count: o.length - n });
      return out;
    }
    const out: Record<string, unknown> = {};
    const cls = className(o);
    if (cls !== 'Object' && cls !== null) out.$class = cls;
    const keys = Object.keys(o);
    const n = Math.min(keys.length, limits.keys);
    for (let i = 0; i < n; i++) out[keys[i]] = own(o, keys[i], limits, depth, path);
    if (keys.length > n) out.$more = keys.length - n;
    lastSize += 16 * n;
    return out;
  } finally {
    path.pop();
  }
}

/** An own property's value, unless it is an accessor (then it is named, not called). */
function own(o: object, key: string, limits: SnapshotLimits, depth: number, path: object[]): unknown {
  const d = getDescriptor(o, key);
  if (!d) return { $type: 'undefined' };
  if (!hasOwn.call(d, 'value')) return { $type: 'accessor' };
  return inner(d.value, limits, depth + 1, path);
}

/** An Error: its class, message, stack (V8's own lazy accessor) and own data properties. */
function error(e: Error, limits: SnapshotLimits): unknown {
  const out: Record<string, unknown> = { $type: 'Error', class: className(e) ?? 'Error' };
  const message = getDescriptor(e, 'message');
  if (message && hasOwn.call(message, 'value')) out.message = str(String(message.value), limits);
  let stack: unknown;
  try {
    stack = Reflect.get(e, 'stack');
  } catch {
    stack = undefined;
  }
  if (typeof stack === 'string') out.stack = stack.length > 4000 ? `${stack.slice(0, 4000)}…` : stack;
  lastSize += 64 + (typeof stack === 'string' ? 2 * Math.min(stack.length, 4000) : 0);
  return out;
}
