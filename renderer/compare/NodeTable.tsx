// Per AST node, two runs side by side: events, calls and time on the stack in A and in B, and the
// change, largest first (or by calls or time). Node ids line up across runs (a file and a position).
import { useMemo, useState } from 'react';
import type { CompareNodeRow } from '../../src/cinema/compare-nodes';
import type { TimeUnit } from '../time-format';
import { formatOffset } from '../time-format';
import { VirtualList } from '../session/VirtualList';

type Order = 'events' | 'calls' | 'total';

const delta = (a: number, b: number) => (b === a ? '0' : `${b > a ? '+' : '−'}${Math.abs(b - a).toLocaleString()}`);

export function NodeTable({ rows, unit }: { rows: CompareNodeRow[]; unit: TimeUnit }) {
  const [order, setOrder] = useState<Order>('events');
  const sorted = useMemo(() => {
    const change = (r: CompareNodeRow) =>
      Math.abs(order === 'events' ? r.events_b - r.events_a : order === 'calls' ? r.calls_b - r.calls_a : r.total_b - r.total_a);
    return [...rows].sort((x, y) => change(y) - change(x) || (x.ast_node_id < y.ast_node_id ? -1 : 1));
  }, [rows, order]);
  return (
    <section className="panel compare-nodes" aria-label="AST nodes in both runs">
      <header className="panel-head">
        <h2>Per AST node</h2>
        <label className="hint">
          largest change in{' '}
          <select value={order} onChange={(e) => setOrder(e.target.value as Order)} aria-label="Order nodes by the change in">
            <option value="events">events</option>
            <option value="calls">calls</option>
            <option value="total">total time</option>
          </select>
        </label>
      </header>
      <div className="compare-row compare-row-head" aria-hidden>
        <span className="id">AST node</span>
        <span>events A</span>
        <span>events B</span>
        <span>Δ</span>
        <span>calls A</span>
        <span>calls B</span>
        <span>time A</span>
        <span>time B</span>
      </div>
      <VirtualList
        count={sorted.length}
        rowHeight={24}
        className="compare-list"
        label="AST nodes in both runs"
        row={(i) => {
          const r = sorted[i];
          return (
            <div
              className={`compare-row${r.events_a !== r.events_b ? ' changed' : ''}`}
              data-testid="compare-node-row"
              data-ast-node-id={r.ast_node_id}
              data-count-a={r.events_a}
              data-count-b={r.events_b}
            >
              <span className="id" title={r.ast_node_id}>
                {r.name ?? r.ast_node_id}
                {r.name !== undefined && <span className="node-id"> {r.ast_node_id}</span>}
              </span>
              <span>{r.events_a.toLocaleString()}</span>
              <span>{r.events_b.toLocaleString()}</span>
              <span className="delta">{delta(r.events_a, r.events_b)}</span>
              <span>{r.calls_a.toLocaleString()}</span>
              <span>{r.calls_b.toLocaleString()}</span>
              <span>{formatOffset(r.total_a, unit)}</span>
              <span>{formatOffset(r.total_b, unit)}</span>
            </div>
          );
        }}
      />
    </section>
  );
}
