// getStats, from the meta record and what the open session counted.
import type { SessionState } from './state';
import type { Stats } from './types';

export function sessionStats(state: SessionState, counted: { maxEvents: number; batches: number; runReads: number }): Stats {
  const m = state.meta;
  return {
    total_events: m.total_events,
    // Payload text, 16 bytes of time columns an event, 4 bytes a posting.
    memory_usage: Math.round(m.data_bytes + m.total_events * 16 + (m.ast_index_size + m.correlation_index_size) * 4),
    oldest_event: m.oldest_event,
    newest_event: m.newest_event,
    events_table_size: m.total_events,
    ast_index_size: m.ast_index_size,
    correlation_index_size: m.correlation_index_size,
    ast_node_count: m.ast_node_count,
    correlation_count: m.correlation_count,
    blocks: state.dir.blocks.length,
    session: m.id,
    max_events: counted.maxEvents,
    write_batches: counted.batches,
    runs: m.runs.length,
    events_read_from_runs: counted.runReads,
  };
}
