// The native session file format, `.cinema`: newline-delimited JSON, one record a line, the header
// first. This module holds the types (and the format's version number); `npm run schema` generates
// the JSON Schema from it.
// Every field says the version it was added in; readers keep unknown header fields.

/**
 * The newest format version, which this reader reads with every older one. Version 2 has the
 * records of version 1 and names more payloads (the recorder's; see RecordedPayload); version 3
 * gives bookmarks a note.
 */
export const FORMAT_VERSION = 3;

/** Units a session's timestamps can be in. Added in version 1. */
export type TimeUnit = 'ns' | 'us' | 'ms';

/** Line 1 of a `.cinema` file. */
export interface CinemaHeader {
  /** Always "cinema-session": how a reader knows the file. Added in version 1. */
  format: 'cinema-session';
  /** The format version the file was written with (1 to 3). Added in version 1. */
  version: number;
  /** A name a person gave the recording. Added in version 1. */
  name?: string;
  /** When the recording was made: an ISO 8601 string. Added in version 1. */
  created_at?: string;
  /** The unit of every timestamp in the file. Added in version 1. */
  time_unit: TimeUnit;
  /**
   * What timestamp 0 of the session means, as an exact decimal integer string in `time_unit`
   * (wall-clock nanoseconds, ~1.7e18, do not fit a JavaScript number). Event timestamps in the
   * file are absolute on the same clock; a reader subtracts the epoch. Added in version 1.
   */
  epoch: string;
  /** The program that wrote the file ("cinema 0.1.0", "elixir_scope 0.0.1"). Added in version 1. */
  producer?: string;
}

/** One event of the recording. */
export interface EventRecord {
  kind: 'event';
  /**
   * An integer in the header's unit, on the epoch's clock, written without a fraction or an
   * exponent; readers take its digits from the text, never through a float. Added in version 1.
   */
  timestamp: number;
  /** The AST node that produced the event, or null. Added in version 1. */
  ast_node_id?: string | null;
  /** The execution flow the event belongs to, or null. Added in version 1. */
  correlation_id?: string | null;
  /**
   * The payload. Cinema's views understand `data.type` (or `data.event_type`) of function_entry,
   * function_exit, variable_assignment, state_change, state_snapshot, message_send,
   * message_receive and error; anything else is shown as it is. Added in version 1.
   */
  data?: unknown;
  /** A file-local id that link records refer to. Added in version 1. */
  id?: string;
}

/** A position in a source file, 1-based. Added in version 1. */
export interface SourceSpan {
  start_line: number;
  start_col: number;
  end_line: number;
  end_col: number;
}

/** One node of the program's syntax tree. Only `id` is required. */
export interface AstRecord {
  kind: 'ast';
  /** Unique within the file. Added in version 1. */
  id: string;
  /** module, function, clause, call, assignment, or another word for the node. Added in version 1. */
  type?: string;
  /** Added in version 1. */
  name?: string;
  /** The enclosing node's id; it must be defined somewhere in the file. Added in version 1. */
  parent_id?: string | null;
  /** The source file the node is in (a `source` record's `file`). Added in version 1. */
  file?: string;
  /** Added in version 1. */
  span?: SourceSpan;
}

/** The text of one source file. Added in version 1. */
export interface SourceRecord {
  kind: 'source';
  file: string;
  text: string;
}

/** A cause -> effect arrow between two events (by their `id`), e.g. a message and its receipt. */
export interface LinkRecord {
  kind: 'link';
  /** The cause's event id. Added in version 1. */
  from: string;
  /** The effect's event id. Added in version 1. */
  to: string;
  /** Added in version 1. */
  label?: string;
}

/** A named moment a person marked. */
export interface BookmarkRecord {
  kind: 'bookmark';
  /** Same rules as an event's timestamp. Added in version 1. */
  timestamp: number;
  /** Added in version 1. */
  label: string;
  /** What the person wrote about the moment, as markdown text. Added in version 3. */
  note?: string;
}

/** Any record after the header. */
export type CinemaRecord = EventRecord | AstRecord | SourceRecord | LinkRecord | BookmarkRecord;

/**
 * What `cinema record` puts in an event's `data`: a value is a bounded snapshot in which what
 * JSON lacks is a tagged object (`{"$type": "bigint", "value": "123"}`, `Map`, `Set`, `Date`,
 * `Error`, `function`, `undefined`, `accessor` for a getter that was not called, `circular`). Every
 * payload names its process and thread. Added in version 2.
 */
export type RecordedPayload =
  | {
      type: 'function_entry';
      /** The file the function is in, relative to the project root. */
      module: string;
      /** Qualified: `Cart.add` for a method. */
      function: string;
      arity: number;
      params: string[];
      args: unknown[];
      /** This call's number in its thread: its exit, awaits and errors carry the same. */
      call: number;
      pid: number;
      tid: number;
    }
  | {
      type: 'function_exit';
      module: string;
      function: string;
      call: number;
      /** The value returned, and the return statement's AST node; absent when the function ended without one. */
      return?: unknown;
      return_at?: string;
      /** The exception the call ended with. */
      exception?: unknown;
      pid: number;
      tid: number;
    }
  | { type: 'variable_assignment'; variable: string; value: unknown; pid: number; tid: number }
  /** A throw statement (with its call), or an exception nothing caught (`uncaught`, and whether a rejection). */
  | {
      type: 'error';
      error: unknown;
      call?: number;
      uncaught?: boolean;
      origin?: 'uncaughtException' | 'unhandledRejection';
      pid: number;
      tid: number;
    }
  /** A call stops at an `await` (or a `yield`) and leaves the stack; it resumes with a value. */
  | { type: 'await_suspend' | 'generator_yield'; module: string; function: string; call: number; pid: number; tid: number }
  | { type: 'await_resume' | 'generator_resume'; module: string; function: string; call: number; value: unknown; pid: number; tid: number }
  /**
   * A flow's first event: what root task it is (main, http, timer, immediate, message, task, or
   * test: a test or hook a test runner ran), what started it (`GET /cart`, a test's name), and the
   * flow that scheduled it (a timer's).
   */
  | { type: 'flow_start'; root: string; detail: string | null; parent_flow: string | null; pid: number; tid: number }
  /** An HTTP request's flow answered: the response's status code, as the program ended the response. Added in version 3 (written since 2026-12-07). */
  | { type: 'flow_end'; status: number; pid: number; tid: number };
