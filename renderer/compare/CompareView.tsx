// Two runs of a program compared: per AST node (events, calls and time in each, largest change
// first) and where they first went different. The store host does the work (compare.nodes,
// compare.divergence); this view asks and shows.
import { useApp, useServices } from '../state/context';
import { compareSelectors } from '../state/slices/compare';
import { librarySelectors } from '../state/slices/library';
import { useQuery } from '../state/use-query';
import { DivergencePanel } from './DivergencePanel';
import { NodeTable } from './NodeTable';

export function CompareView() {
  const { client } = useServices();
  const pair = useApp(compareSelectors.compare)!;
  const sessions = useApp(librarySelectors.sessions);
  const close = useApp((s) => s.closeCompare);
  const info = (id: string) => sessions?.find((s) => s.id === id);
  const [a, b] = [info(pair.a), info(pair.b)];
  const nodes = useQuery((signal) => client.call('compare.nodes', { a: pair.a, b: pair.b }, { signal }), [pair.a, pair.b]);
  const names = { a: a?.name ?? pair.a, b: b?.name ?? pair.b };
  return (
    <div className="compare-view" data-testid="compare-view">
      <header className="toolbar">
        <button onClick={close}>← Library</button>
        <h1 className="session-title">
          <span className="run-tag">A</span> {names.a} <span className="vs">vs</span> <span className="run-tag">B</span> {names.b}
        </h1>
        {a && b && a.time_unit !== b.time_unit && (
          <span className="hint">
            times in A’s unit ({a.time_unit}) and B’s ({b.time_unit})
          </span>
        )}
      </header>
      {!a || !b ? (
        <p className="empty">One of these recordings is no longer in the library.</p>
      ) : (
        <div className="compare-body">
          <DivergencePanel a={pair.a} b={pair.b} names={names} />
          {nodes.error ? <p className="error-text">{nodes.error}</p> : <NodeTable rows={nodes.data ?? []} unit={a.time_unit} />}
        </div>
      )}
    </div>
  );
}
