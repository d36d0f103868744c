// Checking every incoming request's argument before the host acts on it. A message from a port may
// come from anything; a bad one gets an error reply that says what was wrong.
import type { RequestName } from './contract';

type Check = (v: unknown, path: string) => string | null;

const str: Check = (v, p) => (typeof v === 'string' ? null : `${p} must be a string`);
/**
 * An id (session, event, AST node, flow, import, export, lane): text of at most MAX_ID characters.
 * Ids are IndexedDB keys and map keys; a 2 MB "session id" took the store minutes to look up.
 */
export const MAX_ID = 4096;
const id: Check = (v, p) =>
  typeof v !== 'string' ? `${p} must be a string` : v.length > MAX_ID ? `${p} is ${v.length} characters; ids are at most ${MAX_ID}` : null;
const int: Check = (v, p) => (typeof v === 'number' && Number.isSafeInteger(v) ? null : `${p} must be a safe integer`);
const count: Check = (v, p) => (typeof v === 'number' && Number.isSafeInteger(v) && v >= 0 ? null : `${p} must be an integer >= 0`);
const width: Check = (v, p) => (typeof v === 'number' && Number.isFinite(v) && v >= 0 ? null : `${p} must be a number >= 0`);
const bool: Check = (v, p) => (typeof v === 'boolean' ? null : `${p} must be a boolean`);
const buffer: Check = (v, p) => (v instanceof ArrayBuffer ? null : `${p} must be an ArrayBuffer`);
const optional =
  (c: Check): Check =>
  (v, p) =>
    v === undefined ? null : c(v, p);
const oneOf =
  (...values: string[]): Check =>
  (v, p) =>
    typeof v === 'string' && values.includes(v) ? null : `${p} must be one of ${values.join(', ')}`;
const range: Check = (v, p) =>
  Array.isArray(v) && v.length === 2 && int(v[0], '') === null && int(v[1], '') === null ? null : `${p} must be [start, end] integers`;
const cursor: Check = (v, p) =>
  v === null ||
  v === undefined ||
  (typeof v === 'object' && int((v as { ts: unknown }).ts, '') === null && typeof (v as { seq: unknown }).seq === 'number')
    ? null
    : `${p} must be a cursor {ts, seq} or null`;
const limit: Check = (v, p) =>
  v === undefined || (typeof v === 'number' && Number.isSafeInteger(v) && v >= 0 && v <= 100_000)
    ? null
    : `${p} must be an integer from 0 to 100000`;
const array: Check = (v, p) => (Array.isArray(v) && v.length <= 100_000 ? null : `${p} must be an array of at most 100000 items`);

function shape(fields: Record<string, Check>): Check {
  return (v, p) => {
    if (v === null || typeof v !== 'object' || Array.isArray(v)) return `${p} must be an object`;
    for (const key of Object.keys(v)) if (!(key in fields)) return `${p}.${key} is not a field of this request`;
    for (const [key, check] of Object.entries(fields)) {
      const problem = check((v as Record<string, unknown>)[key], `${p}.${key}`);
      if (problem) return problem;
    }
    return null;
  };
}

const paged = { limit, after: cursor };

/** One check per request name: null when the argument is well formed, else what is wrong. */
export const ARG_CHECKS: Record<RequestName, Check> = {
  'sessions.list': shape({}),
  'store.active': shape({}),
  'sessions.rename': shape({ session: id, name: str }),
  'sessions.delete': shape({ session: id }),
  'session.info': shape({ session: id }),
  'events.store': shape({ session: id, events: array }),
  'events.range': shape({ session: id, start: int, end: int, ...paged }),
  'events.astNode': shape({ session: id, astNodeId: id, ...paged }),
  'events.correlation': shape({ session: id, correlationId: id, ...paged }),
  'events.all': shape({ session: id, ...paged }),
  'session.stats': shape({ session: id }),
  'session.stateAt': shape({ session: id, t: int }),
  'events.path': shape({ session: id, eventId: id }),
  'events.get': shape({ session: id, eventId: id }),
  'events.search': shape({ session: id, query: str, regex: optional(bool), ignoreCase: optional(bool), ...paged }),
  'events.step': shape({
    session: id,
    from: (v, p) =>
      int(v, p) === null || (v !== null && typeof v === 'object' && cursor(v, p) === null)
        ? null
        : `${p} must be a time or a cursor {ts, seq}`,
    direction: oneOf('next', 'prev'),
    astNodeId: optional(id),
    correlationId: optional(id),
    pid: optional(id),
  }),
  'session.activeAstNodes': shape({ session: id, start: int, end: int }),
  'session.stackAstNodes': shape({ session: id, t: int }),
  'session.spans': shape({ session: id, start: int, end: int, maxDepth: optional(int), minWidth: optional(width), lane: optional(id) }),
  'session.openSpans': shape({ session: id, t: int }),
  'session.nodeTimes': shape({ session: id }),
  'session.flows': shape({
    session: id,
    sort: oneOf('start', 'duration', 'events'),
    descending: bool,
    offset: count,
    limit,
    match: optional(id),
  }),
  'compare.nodes': shape({ a: id, b: id }),
  'compare.divergence': shape({ a: id, b: id, by: oneOf('process', 'flow'), values: optional(bool) }),
  'compare.alignment': shape({ a: id, b: id, by: oneOf('process', 'flow'), values: optional(bool) }),
  'compare.alignedEvents': shape({
    a: id,
    b: id,
    by: oneOf('process', 'flow'),
    values: optional(bool),
    pair: count,
    from: count,
    to: count,
  }),
  'session.density': shape({ session: id, start: int, end: int, buckets: int, astNodeId: optional(id), correlationId: optional(id) }),
  'session.extras': shape({ session: id }),
  'session.links': shape({ session: id, eventIds: array }),
  'session.addBookmark': shape({ session: id, timestamp: int, label: str, note: optional(str) }),
  'session.updateBookmark': shape({ session: id, id: int, label: optional(str), note: optional(str), remove: optional(bool) }),
  'import.begin': shape({ file: str, strict: optional(bool), name: optional(str), size: optional(width) }),
  'import.chunk': shape({ importId: id, bytes: buffer }),
  'import.end': shape({ importId: id }),
  'import.cancel': shape({ importId: id }),
  'export.begin': shape({
    session: id,
    format: oneOf('cinema', 'cinema.gz', 'chrome'),
    range: optional(range),
    astNodeId: optional(id),
    correlationId: optional(id),
  }),
  'export.next': shape({ exportId: id }),
  'export.cancel': shape({ exportId: id }),
};

/** True when a name is a request of the contract. */
export function isRequestName(name: unknown): name is RequestName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(ARG_CHECKS, name);
}
