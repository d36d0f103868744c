// Public types of the store API beyond the event model.
import type { EventKey } from './directory';

export type { EventKey } from './directory';

/** Storage statistics: the seed's fields first, then Cinema's. */
export interface Stats {
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
  ast_node_count: number;
  correlation_count: number;
  blocks: number;
  session: string;
  max_events: number;
  /** Write transactions committed since this storage started. */
  write_batches: number;
  /** Runs: AST-id-clustered copies of sealed blocks (runs.ts). */
  runs: number;
  /** Events this storage served from runs rather than blocks. */
  events_read_from_runs: number;
}

/** Options of a paged query: at most `limit` events, strictly after the cursor `after`. */
export interface PageOptions {
  limit?: number;
  after?: EventKey | null;
}

/** One page of a query; pass `next` as `after` for the following page (null: no more). */
export interface Page {
  events: import('../src/event').StoredEvent[];
  next: EventKey | null;
}

/** A session as listed: one recording in the database. */
export interface SessionInfo {
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
}
