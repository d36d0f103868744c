// The store's RPC contract: every request the UI (or main) can make of the store host, with its
// argument and result types, and every event the host pushes. No other file spells a request name:
// clients and the host take the names from these maps.
import type { PathStep } from '../cinema/path';
import type { OpenSpan, SpansWire } from '../cinema/span-index';
import type { NodeTime } from '../cinema/span-index';
import type { ProgramState } from '../cinema/state';
import type { AlignedEvents, AlignedPair } from '../cinema/align-runs';
import type { CompareNodeRow } from '../cinema/compare-nodes';
import type { Divergence } from '../cinema/divergence';
import type { EventInput, StoredEvent } from '../event';
import type { AstRecord } from '../format/spec';

/** A cursor: the (timestamp, arrival) of the last event of a page. */
export interface CursorWire {
  ts: number;
  seq: number;
}

/** A page of events and the cursor of the next page (null: no more). */
export interface PageWire {
  events: StoredEvent[];
  next: CursorWire | null;
}

/** A session as the catalog lists it. */
export interface SessionWire {
  id: string;
  name: string;
  created_at: number;
  time_unit: 'ns' | 'us' | 'ms';
  epoch: string;
  source: { format: string; file: string | null } | null;
  total_events: number;
  ast_node_count: number;
  correlation_count: number;
  oldest_event: number | null;
  newest_event: number | null;
  /** Names its recording gave its processes and threads (`"4242:1"`), where it gave any (a Chrome trace's). */
  lane_names?: LaneNames;
}

/** Process names by pid, thread names by `pid:tid`. */
export interface LaneNames {
  processes?: Record<string, string>;
  threads?: Record<string, string>;
}

/** Storage statistics with the seed's names; a host may add more fields. */
export interface StatsWire {
  total_events: number;
  /** Integer estimate in bytes of what the events take: payload text, time columns, postings. */
  memory_usage: number;
  oldest_event: number | null;
  newest_event: number | null;
  events_table_size: number;
  /** Postings in the AST index: events that carry an AST node id. */
  ast_index_size: number;
  /** Postings in the correlation index: events that carry a correlation id. */
  correlation_index_size: number;
  [more: string]: number | string | null;
}

/** An AST node as a recording describes it (only `id` is required): the file's record without its kind. */
export type AstNodeWire = Omit<AstRecord, 'kind'>;

export interface BookmarkWire {
  /** Its place in the session: what updates and removals name. */
  id: number;
  timestamp: number;
  label: string;
  /** Markdown text the person wrote. */
  note?: string;
}

export interface LinkWire {
  from: string;
  to: string;
  label?: string;
}

/** Everything of a session besides its events and its links (asked for by event with session.links). */
export interface SessionExtrasWire {
  ast: AstNodeWire[];
  sources: Array<{ file: string; text: string }>;
  link_count: number;
  bookmarks: BookmarkWire[];
}

/** What an import reports when it ends. */
export interface ImportResultWire {
  session: string;
  format: string;
  events: number;
  skipped: number;
  messages: string[];
  notes: string[];
}

interface Paged {
  limit?: number;
  after?: CursorWire | null;
}

/** How a session's flows can be ordered (session.flows). */
export type FlowSort = 'start' | 'duration' | 'events';

/** One flow in a session's list: when it started and ended and how many events it holds. */
export interface FlowWire {
  correlation_id: string;
  start: number;
  end: number;
  events: number;
  /** Its earliest event (a recorded flow's flow_start); null if its block went meanwhile (evicted). */
  first: StoredEvent | null;
  /** Its latest (a recorded request's flow_end, with the response's status). */
  last: StoredEvent | null;
}

/** Every request: its argument and its result. */
export interface Requests {
  'sessions.list': { arg: Record<string, never>; result: SessionWire[] };
  /**
   * The person is using the app (a pointer, a key, the wheel): the store's background work (a
   * finished session's merge) holds back as it does while questions come.
   */
  'store.active': { arg: Record<string, never>; result: { ok: true } };
  /** One session as the catalog would list it, also while it is still importing (`importing: true`). */
  'session.info': { arg: { session: string }; result: SessionWire & { importing: boolean } };
  'sessions.rename': { arg: { session: string; name: string }; result: SessionWire };
  'sessions.delete': { arg: { session: string }; result: { deleted: boolean } };
  'events.store': { arg: { session: string; events: EventInput[] }; result: { event_ids: string[] } };
  'events.range': { arg: { session: string; start: number; end: number } & Paged; result: PageWire };
  'events.astNode': { arg: { session: string; astNodeId: string } & Paged; result: PageWire };
  'events.correlation': { arg: { session: string; correlationId: string } & Paged; result: PageWire };
  'events.all': { arg: { session: string } & Paged; result: PageWire };
  'session.stats': { arg: { session: string }; result: StatsWire };
  /** The execution flow of an event: its correlation's events, each with its call depth. */
  /** One event by its id (null when the session has none of that id). */
  'events.get': { arg: { session: string; eventId: string }; result: { event: StoredEvent | null } };
  'events.path': { arg: { session: string; eventId: string }; result: { correlation_id: string | null; steps: PathStep[] } };
  /** The next or previous event from a time or an event's key, optionally of one AST node, correlation or process. */
  'events.step': {
    arg: {
      session: string;
      from: number | CursorWire;
      direction: 'next' | 'prev';
      astNodeId?: string;
      correlationId?: string;
      pid?: string;
    };
    result: { event: StoredEvent | null };
  };
  /** Events whose payload or ids contain a text or match a regular expression, paged, with the total. */
  'events.search': {
    arg: { session: string; query: string; regex?: boolean; ignoreCase?: boolean } & Paged;
    result: PageWire & { total: number };
  };
  /** AST nodes with events in [start, end], by event count. */
  'session.activeAstNodes': {
    arg: { session: string; start: number; end: number };
    result: Array<{ ast_node_id: string; events: number }>;
  };
  /** AST nodes on each process's call stack at t. */
  'session.stackAstNodes': { arg: { session: string; t: number }; result: Array<{ pid: string; ast_node_ids: Array<string | null> }> };
  /** Every process's call stack, variables and state after the events at or before t. */
  'session.stateAt': { arg: { session: string; t: number }; result: ProgramState };
  /**
   * Calls as spans overlapping [start, end] down to maxDepth, those narrower than minWidth (in the
   * session's unit) merged; from an index built once per session. Columns travel as typed arrays.
   */
  'session.spans': {
    arg: { session: string; start: number; end: number; maxDepth?: number; minWidth?: number; lane?: string };
    result: SpansWire;
  };
  /** Per lane (process / thread), the spans containing t, outermost first. */
  'session.openSpans': { arg: { session: string; t: number }; result: Array<{ lane: string; spans: OpenSpan[] }> };
  /** Per AST node: calls, total and self time over the session (a profiler's bottom-up table). */
  'session.nodeTimes': { arg: { session: string }; result: NodeTime[] };
  /** The session's flows (correlations), sorted by start, duration or events, a page at a time, each with its first event. */
  'session.flows': {
    arg: { session: string; sort: FlowSort; descending: boolean; offset: number; limit?: number; match?: string };
    result: { total: number; flows: FlowWire[] };
  };
  /** Two sessions per AST node: events, calls and total time in each, largest change first. */
  'compare.nodes': { arg: { a: string; b: string }; result: CompareNodeRow[] };
  /**
   * Where two sessions first differ, per process or per flow (matched by order of appearance),
   * comparing AST node and event type (and values when asked); progress as compare.progress
   * pushes, cancellable. Null when they never differ.
   */
  'compare.divergence': {
    arg: { a: string; b: string; by: 'process' | 'flow'; values?: boolean };
    result: { divergence: Divergence | null };
  };
  /**
   * Both sessions lined up end to end, per matched process or flow (as compare.divergence matches
   * them): each pair's edit script over the whole of both. Reads both in full (progress as
   * compare.alignProgress pushes, cancellable); the host keeps the last alignment for alignedEvents.
   */
  'compare.alignment': {
    arg: { a: string; b: string; by: 'process' | 'flow'; values?: boolean };
    result: { pairs: AlignedPair[] };
  };
  /** The events at aligned columns [from, to) of one pair of the last compare.alignment (at most 2,000). */
  'compare.alignedEvents': {
    arg: { a: string; b: string; by: 'process' | 'flow'; values?: boolean; pair: number; from: number; to: number };
    result: { columns: AlignedEvents[] };
  };
  /** Counts travel as a transferred Uint32Array; with astNodeId or correlationId, only that node's or flow's events. */
  'session.density': {
    arg: { session: string; start: number; end: number; buckets: number; astNodeId?: string; correlationId?: string };
    result: { counts: Uint32Array };
  };
  /** The session's AST nodes, source files and bookmarks, and how many links it has. */
  'session.extras': { arg: { session: string }; result: SessionExtrasWire };
  /** The links (cause -> effect) that start or end at any of these events. */
  'session.links': { arg: { session: string; eventIds: string[] }; result: LinkWire[] };
  /** Adds a bookmark; returns every bookmark of the session, in time order. */
  'session.addBookmark': {
    arg: { session: string; timestamp: number; label: string; note?: string };
    result: { bookmarks: BookmarkWire[] };
  };
  /** Changes a bookmark's label or note, or removes it (`remove`); returns every bookmark, in time order. */
  'session.updateBookmark': {
    arg: { session: string; id: number; label?: string; note?: string; remove?: boolean };
    result: { bookmarks: BookmarkWire[] };
  };
  /** Opens an import; chunks follow with import.chunk, each acknowledged when consumed. */
  /** `size`: the file's bytes when known (an out-of-space message then says about how much it needs). */
  'import.begin': { arg: { file: string; strict?: boolean; name?: string; size?: number }; result: { importId: string } };
  'import.chunk': { arg: { importId: string; bytes: ArrayBuffer }; result: { accepted: true } };
  'import.end': { arg: { importId: string }; result: ImportResultWire };
  'import.cancel': { arg: { importId: string }; result: { cancelled: boolean } };
  'export.begin': {
    arg: {
      session: string;
      format: 'cinema' | 'cinema.gz' | 'chrome';
      range?: [number, number];
      astNodeId?: string;
      correlationId?: string;
    };
    result: { exportId: string };
  };
  /** The next chunk of an export (a transferred buffer), or null at the end. */
  'export.next': { arg: { exportId: string }; result: { bytes: ArrayBuffer | null } };
  'export.cancel': { arg: { exportId: string }; result: { cancelled: boolean } };
}

/** What changed in the library: a session imported, renamed or deleted, or its bookmarks. */
export type SessionChange = 'imported' | 'renamed' | 'deleted' | 'bookmarks';

/** Every event the host pushes to its clients. */
export interface Pushes {
  /** `session`: the session being written (hidden until done, but queryable meanwhile), once it exists. */
  'import.progress': { importId: string; bytes: number; lines: number; events: number; done: boolean; session: string | null };
  /** The library changed, here or in another tab (`session`: which one, when one). */
  'sessions.changed': { reason: SessionChange; session?: string };
  /** The store closed its database for a newer Cinema opened in another tab: this one must reload. */
  'store.closed': { message: string };
  /** Not from a host: the client says it goes on over a new port, to a restarted store (RpcClient.reconnect). */
  'store.reconnected': { message: string };
  /** Events read so far by a compare.divergence walk, of each session's total. */
  'compare.progress': { a: string; b: string; readA: number; readB: number; totalA: number; totalB: number };
  /** How far a compare.alignment has gone: events read of both sessions, then tokens lined up of both. */
  'compare.alignProgress': { a: string; b: string; phase: 'reading' | 'aligning'; done: number; total: number };
}

export type RequestName = keyof Requests;
export type PushName = keyof Pushes;

/** Error codes a reply can carry. */
export type ErrorCode = 'bad-request' | 'unknown-request' | 'not-found' | 'invalid-input' | 'cancelled' | 'no-space' | 'internal';

/** The messages on the wire. */
export type WireMessage =
  | { t: 'req'; id: number; name: string; arg: unknown }
  | { t: 'cancel'; id: number }
  | { t: 'res'; id: number; ok: true; result: unknown }
  /** A bulk result (a page of events) as UTF-8 JSON text in a transferred buffer: nothing copied. */
  | { t: 'res'; id: number; ok: true; packed: ArrayBuffer }
  | { t: 'res'; id: number; ok: false; error: { code: ErrorCode; message: string } }
  | { t: 'push'; name: string; payload: unknown };

/** Anything that posts and receives messages: a MessagePort, a Worker, Electron's MessagePortMain. */
export interface PortLike {
  postMessage(message: unknown, transfer?: Transferable[]): void;
  addEventListener(type: 'message', listener: (e: { data: unknown }) => void): void;
  removeEventListener?(type: 'message', listener: (e: { data: unknown }) => void): void;
  start?(): void;
}

/** An object the structured clone algorithm may transfer instead of copying. */
export type Transferable = ArrayBuffer;
