// The AST node panel: the program's tree (module -> function -> expression) with each node's event
// count and a heat bar, and for called nodes their total and self time (from the store's span
// index); or, sorted by self or total time, calls or events, a flat table like a profiler's
// bottom-up view. A filter box, the nodes on the call stack at the playhead and the node of the
// current event highlighted. Clicking a node lists its events and marks them on the timeline.
import { useMemo, useState } from 'react';
import { useApp, useServices } from '../../state/context';
import { selectionSelectors } from '../../state/slices/selection';
import { sessionSelectors } from '../../state/slices/session';
import { viewSelectors } from '../../state/slices/view';
import { useQuery } from '../../state/use-query';
import { useLater } from '../../state/use-later';
import { type AstOrder, type NodeTimes, buildTree, label, rankedRows, visibleRows } from './ast-tree';
import { formatOffset, formatShort } from '../../time-format';
import { SourceView } from './SourceView';
import { VirtualList } from '../VirtualList';
import type { AstNodeWire } from '../../../src/rpc/contract';

export function AstPanel() {
  const { client } = useServices();
  const session = useApp(sessionSelectors.session)!;
  const settled = useApp(viewSelectors.settled);
  const selected = useApp(selectionSelectors.ast);
  const currentNode = useApp((s) => s.selectedEvent?.ast_node_id ?? null);
  const selectAst = useApp((s) => s.selectAst);
  const [filter, setFilter] = useState('');
  const [order, setOrder] = useState<AstOrder>('tree');
  const sid = session.info.id;
  const unit = session.info.time_unit;

  const counts = useQuery(
    (signal) => client.call('session.activeAstNodes', { session: sid, start: session.t0, end: session.t1 }, { signal }),
    [sid, session.t1, session.info.total_events],
  );
  // Times come from the span index, built by reading the whole session: not while it still grows
  // (each batch written would drop it and the next question rebuild it, slowing the import).
  // And not before the first view is drawn (use-later.ts).
  const later = useLater(1000, sid);
  const timesQuery = useQuery(
    session.importing || !later ? null : (signal) => client.call('session.nodeTimes', { session: sid }, { signal }),
    [sid, session.importing, later, session.t1, session.info.total_events],
  );
  const times = useMemo(() => new Map<string, NodeTimes>((timesQuery.data ?? []).map((t) => [t.ast_node_id, t])), [timesQuery.data]);
  const stack = useQuery((signal) => client.call('session.stackAstNodes', { session: sid, t: settled }, { signal }), [sid, settled]);
  const tree = useMemo(
    () => buildTree(session.extras.ast, new Map((counts.data ?? []).map((c) => [c.ast_node_id, c.events]))),
    [session.extras.ast, counts.data],
  );
  const [open, setOpen] = useState<Set<string>>(() => new Set());
  // Modules and functions start open, so the first view shows where the events are.
  const openNow = useMemo(() => {
    if (open.size > 0) return open;
    const s = new Set<string>();
    for (const t of tree.byId.values()) if (t.depth < 1 && t.children.length > 0) s.add(t.node.id);
    return s;
  }, [open, tree]);
  const onStack = useMemo(
    () => new Set((stack.data ?? []).flatMap((p) => p.ast_node_ids).filter((x): x is string => x !== null)),
    [stack.data],
  );
  const rows = useMemo(
    () => (order === 'tree' ? visibleRows(tree, openNow, filter) : rankedRows(tree, times, order, filter)),
    [tree, openNow, filter, order, times],
  );
  const max = useMemo(() => Math.max(1, ...[...tree.byId.values()].map((t) => t.own)), [tree]);
  const toggle = (id: string) => {
    const next = new Set(openNow);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    setOpen(next);
  };
  const selectedIndex = rows.findIndex((r) => r.node.id === selected);
  const selectedNode = selected ? tree.byId.get(selected)?.node : undefined;

  return (
    <section className="panel ast-panel" aria-label="AST nodes">
      <header className="panel-head">
        <h2>AST</h2>
        <input
          className="filter"
          type="search"
          placeholder="Filter nodes"
          value={filter}
          onChange={(e) => setFilter(e.target.value)}
          aria-label="Filter AST nodes"
        />
        <select
          aria-label="Order of the AST nodes"
          data-testid="ast-order"
          value={order}
          onChange={(e) => setOrder(e.target.value as AstOrder)}
        >
          <option value="tree">Tree</option>
          <option value="self">Self time</option>
          <option value="total">Total time</option>
          <option value="calls">Calls</option>
          <option value="events">Events</option>
        </select>
      </header>
      {tree.byId.size === 0 ? (
        <p className="empty">This recording names no AST nodes.</p>
      ) : (
        <VirtualList
          count={rows.length}
          rowHeight={24}
          scrollTo={selectedIndex}
          className="ast-tree"
          label="AST tree"
          row={(i) => {
            const t = rows[i];
            const id = t.node.id;
            const timed = times.get(id);
            const cls = [
              'ast-node',
              id === selected ? 'selected' : '',
              onStack.has(id) ? 'on-stack' : '',
              id === currentNode ? 'current' : '',
            ].join(' ');
            return (
              <div
                className={cls}
                data-testid="ast-node"
                data-ast-node-id={id}
                style={{ paddingLeft: 6 + t.depth * 14 }}
                onClick={() => selectAst(id === selected ? null : id)}
                title={`${t.node.type ?? 'node'} ${label(t.node)}${t.node.file ? ` — ${t.node.file}:${t.node.span?.start_line ?? ''}` : ''}`}
              >
                <button
                  className="twisty"
                  aria-label={openNow.has(id) ? 'Collapse' : 'Expand'}
                  style={{ visibility: t.children.length ? 'visible' : 'hidden' }}
                  onClick={(e) => {
                    e.stopPropagation();
                    toggle(id);
                  }}
                >
                  {openNow.has(id) ? '▾' : '▸'}
                </button>
                <span className={`kind kind-${t.node.type ?? 'node'}`}>{(t.node.type ?? 'node').slice(0, 3)}</span>
                <span className="name">
                  <NodeName node={t.node} />
                </span>
                <span className="heat" aria-hidden>
                  <span style={{ width: `${(t.own / max) * 100}%` }} />
                </span>
                <span className="count" data-testid="ast-node-count">
                  {t.own.toLocaleString()}
                </span>
                {timed && (
                  <>
                    <span
                      className="time"
                      data-testid="node-total-time"
                      data-value={timed.total}
                      title={`${timed.calls.toLocaleString()} calls, total time ${formatOffset(timed.total, unit)}`}
                    >
                      {formatShort(timed.total, unit)}
                    </span>
                    <span
                      className="time"
                      data-testid="node-self-time"
                      data-value={timed.self}
                      title={`self time (total less the calls it made) ${formatOffset(timed.self, unit)}`}
                    >
                      {formatShort(timed.self, unit)}
                    </span>
                  </>
                )}
              </div>
            );
          }}
        />
      )}
      {selectedNode?.file && session.extras.sources.some((s) => s.file === selectedNode.file) && (
        <SourceView node={selectedNode} tree={tree} />
      )}
    </section>
  );
}

/**
 * A node's name; a module's path as its file name first, then its folder (muted): cut at the end
 * as names are, `src/services/cart/checkout.ts` would show only its folders.
 */
function NodeName({ node }: { node: AstNodeWire }) {
  const name = label(node);
  const cut = node.type === 'module' ? name.lastIndexOf('/') : -1;
  if (cut < 0) return <>{name}</>;
  return (
    <>
      {name.slice(cut + 1)}
      <span className="node-dir"> {name.slice(0, cut)}</span>
    </>
  );
}
