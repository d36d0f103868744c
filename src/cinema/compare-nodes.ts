// Two runs side by side per AST node: events, calls and total time in each, and the differences.
// Node ids are stable across runs (a file path and a position in it), so the same node lines up.
import type { NodeTime } from './span-index';

export interface CompareNodeRow {
  ast_node_id: string;
  /** The node's name where either run names it (`Cart.add`): ids alone read as `cart.ts:4:3`. */
  name?: string;
  events_a: number;
  events_b: number;
  calls_a: number;
  calls_b: number;
  /** Time on the stack, in each session's unit. */
  total_a: number;
  total_b: number;
}

type Counts = Array<{ ast_node_id: string; events: number }>;

/** Every node either run has, largest change in events first, then in total time, then by id. */
export function compareNodes(eventsA: Counts, eventsB: Counts, timesA: NodeTime[], timesB: NodeTime[]): CompareNodeRow[] {
  const rows = new Map<string, CompareNodeRow>();
  const row = (id: string) => {
    let r = rows.get(id);
    if (!r) rows.set(id, (r = { ast_node_id: id, events_a: 0, events_b: 0, calls_a: 0, calls_b: 0, total_a: 0, total_b: 0 }));
    return r;
  };
  for (const c of eventsA) row(c.ast_node_id).events_a = c.events;
  for (const c of eventsB) row(c.ast_node_id).events_b = c.events;
  for (const t of timesA) Object.assign(row(t.ast_node_id), { calls_a: t.calls, total_a: t.total });
  for (const t of timesB) Object.assign(row(t.ast_node_id), { calls_b: t.calls, total_b: t.total });
  const change = (r: CompareNodeRow) => Math.abs(r.events_b - r.events_a);
  const time = (r: CompareNodeRow) => Math.abs(r.total_b - r.total_a);
  return [...rows.values()].sort((x, y) => change(y) - change(x) || time(y) - time(x) || (x.ast_node_id < y.ast_node_id ? -1 : 1));
}
