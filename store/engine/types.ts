// The engine's answers as the store's API gives them: statistics, and pages of events with a cursor.
import type { StoredEvent } from '../../src/event';
import type { SessionWire, StatsWire } from '../../src/rpc/contract';
import type { EventKey } from './directory';

export type { EventKey } from './directory';

/** Storage statistics: the seed's fields (StatsWire, as the RPC contract sends them), then Cinema's. */
export interface Stats extends StatsWire {
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
  events: StoredEvent[];
  next: EventKey | null;
}

/** A session as listed: one recording in the database (the same shape the RPC contract sends). */
export type SessionInfo = SessionWire;
