/**
 * The event model shared by every layer: what a recording is made of, as the store's API
 * (ElixirScope's TemporalStorage) defines it. Field names are snake_case because they are the
 * names on the wire and in session files.
 */

/** An event as a caller hands it to the store: every field may be missing. */
export interface EventInput {
  timestamp?: number;
  ast_node_id?: string | null;
  correlation_id?: string | null;
  data?: unknown;
}

/** An event after normalization: integer timestamp, ids or null, and its payload. */
export interface CinemaEvent {
  timestamp: number;
  ast_node_id: string | null;
  correlation_id: string | null;
  data: unknown;
}

/** An event as the store returns it; `event_id` is unique within one storage (one session). */
export interface StoredEvent extends CinemaEvent {
  event_id: string;
}

/**
 * Deepest payload nesting kept. JSON.stringify, JSON.parse and structuredClone all recurse, and
 * V8 overflows its stack somewhere past ~5,000 levels (10,000 fails in Node 20), so deeper
 * payloads are refused with a clear message rather than crashing a write or a read later.
 */
export const MAX_PAYLOAD_DEPTH = 1000;

/** A rejected event: `field` names what was wrong, the message says with which value type. */
export class EventValidationError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
    this.name = 'EventValidationError';
  }
}

/** The type of a value in words a person reads in an error message ("an array", "a Date"). */
export function describeType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  switch (typeof value) {
    case 'undefined':
      return 'undefined';
    case 'number':
      if (Number.isNaN(value)) return 'NaN';
      if (!Number.isFinite(value)) return 'an infinite number';
      if (Number.isSafeInteger(value)) return `a number (${value})`;
      return Number.isInteger(value) ? `an integer beyond 2^53 (${value})` : `a fraction (${value})`;
    case 'string':
      return 'a string';
    case 'boolean':
      return 'a boolean';
    case 'bigint':
      return 'a bigint';
    case 'symbol':
      return 'a symbol';
    case 'function':
      return 'a function';
  }
  const proto = Object.getPrototypeOf(value);
  const name = proto && proto.constructor && typeof proto.constructor.name === 'string' ? proto.constructor.name : '';
  return name && name !== 'Object' ? `a ${name}` : 'an object';
}

/** True for `{...}` literals and `Object.create(null)`: what the store accepts as an event. */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** An event's id field: the string, or null when missing; anything else is refused with its type. */
export function checkId(
  event: { readonly ast_node_id?: unknown; readonly correlation_id?: unknown },
  field: 'ast_node_id' | 'correlation_id',
): string | null {
  const id = event[field];
  if (id === undefined || id === null) return null;
  if (typeof id !== 'string') {
    throw new EventValidationError(field, `${field} must be a string or null, got ${describeType(id)}`);
  }
  return id;
}

/**
 * Normalizes an event as the seed does: a missing timestamp comes from `clock`, missing ids become
 * null, and `data` is `event.data` when present, otherwise the event itself. Throws
 * EventValidationError naming the field and the value's type. Whether `data` can be
 * structured-cloned is the store's check (it depends on the host's structuredClone).
 */
export function normalizeEvent(event: unknown, clock: () => number): CinemaEvent {
  if (!isPlainObject(event)) {
    throw new EventValidationError('event', `event must be a plain object, got ${describeType(event)}`);
  }
  let timestamp = event.timestamp;
  if (timestamp === undefined) {
    timestamp = clock();
  } else if (typeof timestamp !== 'number' || !Number.isSafeInteger(timestamp)) {
    throw new EventValidationError('timestamp', `timestamp must be a safe integer, got ${describeType(timestamp)}`);
  }
  const ast_node_id = checkId(event, 'ast_node_id');
  const correlation_id = checkId(event, 'correlation_id');
  const data = event.data !== undefined ? event.data : event;
  return { timestamp: timestamp as number, ast_node_id, correlation_id, data };
}

/** Throws unless `value` is a safe integer; used for query bounds such as a time range. */
export function requireSafeInteger(name: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value)) {
    throw new EventValidationError(name, `${name} must be a safe integer, got ${describeType(value)}`);
  }
  return value;
}

/**
 * A clock for events stored without a timestamp: integer microseconds since the Unix epoch
 * (about 1.7e15, well inside 2^53), never lower than any value it returned before or than `floor`
 * (the last value handed out before the session was reopened).
 */
export function createMonotonicClock(nowMs: () => number, floor = 0): { read(): number } {
  let last = floor;
  return {
    read() {
      const t = Math.floor(nowMs() * 1000);
      if (t > last) last = t;
      return last;
    },
  };
}
