// Two runs of a program compared: per AST node (events, calls and time in each, largest change
// first), where they first went different, and both from end to end on one aligned axis. The
// store host does the work (compare.nodes, compare.divergence, compare.alignment); this view asks
// and shows. How runs are matched (per process or flow, values or not) is kept here: the
// divergence and the aligned runs answer the same question.
import { useState } from 'react';
import type { Divergence } from '../../src/cinema/divergence';
import { useApp, useServices } from '../state/context';
import { compareSelectors } from '../state/slices/compare';
import { librarySelectors } from '../state/slices/library';
import { useQuery } from '../state/use-query';
import { AlignedRuns } from './AlignedRuns';
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
  const [match, setMatch] = useState<{ by: 'process' | 'flow'; values: boolean }>({ by: 'process', values: false });
  // The divergence walk's answer for the current match (undefined while it looks).
  const [found, setFound] = useState<{ pair: typeof pair; match: typeof match; d: Divergence | null } | null>(null);
  const settled = found !== null && found.match === match && found.pair.a === pair.a && found.pair.b === pair.b;
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
          <DivergencePanel
            a={pair.a}
            b={pair.b}
            names={names}
            by={match.by}
            values={match.values}
            onMatch={(by, values) => setMatch({ by, values })}
            onSettled={(d) => setFound({ pair, match, d })}
          />
          <AlignedRuns
            a={pair.a}
            b={pair.b}
            by={match.by}
            values={match.values}
            ready={settled}
            focusKey={settled ? (found.d?.a.key ?? null) : null}
            names={names}
          />
          {nodes.error ? <p className="error-text">{nodes.error}</p> : <NodeTable rows={nodes.data ?? []} unit={a.time_unit} />}
        </div>
      )}
    </div>
  );
}
