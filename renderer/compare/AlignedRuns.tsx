// Both runs from end to end, stacked and lined up by the store (compare.alignment): one pair of
// sequences at a time (a process or flow of A with its match in B), shown by AlignedPairView. It
// starts once the first divergence is known (both walks read the same store; the divergence is
// the quicker answer and comes first), or at once on request; it shows its progress and can stop.
import { useEffect, useState } from 'react';
import type { AlignedPair } from '../../src/cinema/align-runs';
import { useServices } from '../state/context';
import { useQuery } from '../state/use-query';
import { AlignedPairView } from './AlignedPairView';

interface Props {
  a: string;
  b: string;
  by: 'process' | 'flow';
  values: boolean;
  /** True once the divergence walk has answered. */
  ready: boolean;
  /** The process or flow of A where they first differ: its pair is shown first. */
  focusKey: string | null;
  names: { a: string; b: string };
}

const pct = (p: { done: number; total: number }) => `${Math.round((100 * p.done) / Math.max(1, p.total))}%`;

/** The pair to show first: the one holding the divergence, else the first that changed. */
function firstPair(pairs: AlignedPair[], focusKey: string | null): number {
  const at = pairs.findIndex((p) => focusKey !== null && p.keyA === focusKey);
  if (at >= 0) return at;
  return Math.max(
    0,
    pairs.findIndex((p) => p.inserted + p.deleted > 0),
  );
}

export function AlignedRuns({ a, b, by, values, ready, focusKey, names }: Props) {
  const { client } = useServices();
  const [asked, setAsked] = useState(false);
  const [stopped, setStopped] = useState(false);
  const [progress, setProgress] = useState<{ phase: string; done: number; total: number } | null>(null);
  useEffect(() => client.on('compare.alignProgress', (p) => p.a === a && p.b === b && setProgress(p)), [client, a, b]);
  const run = (ready || asked) && !stopped;
  const alignment = useQuery(run ? (signal) => client.call('compare.alignment', { a, b, by, values }, { signal }) : null, [
    a,
    b,
    by,
    values,
    run,
  ]);
  const pairs = alignment.loading ? undefined : alignment.data?.pairs;
  // The pair picked in the menu, for the alignment it was picked in; else the first to show.
  const [picked, setPicked] = useState<{ pairs: AlignedPair[]; k: number } | null>(null);
  const pair = pairs ? (picked?.pairs === pairs ? picked.k : firstPair(pairs, focusKey)) : null;
  const setPair = (k: number) => pairs && setPicked({ pairs, k });

  return (
    <section className="panel aligned-runs" aria-label="Both runs, aligned">
      <header className="panel-head">
        <h2>Both runs, aligned</h2>
        {pairs && pairs.length > 1 && pair !== null && (
          <select value={pair} onChange={(e) => setPair(Number(e.target.value))} aria-label="Sequence shown" data-testid="aligned-pair">
            {pairs.map((p, k) => (
              <option key={k} value={k}>
                {by} {p.keyA ?? '(none)'}
                {p.keyB !== p.keyA ? ` ↔ ${p.keyB ?? '(none)'}` : ''} · {(p.inserted + p.deleted).toLocaleString()} changed
              </option>
            ))}
          </select>
        )}
      </header>
      {!run ? (
        <p className="empty">
          {stopped ? 'Stopped. ' : 'Lines up every event of both runs once the first divergence is found. '}
          <button onClick={() => (setAsked(true), setStopped(false))}>Line them up now</button>
        </p>
      ) : alignment.error ? (
        <p className="error-text">{alignment.error}</p>
      ) : !pairs ? (
        <div className="divergence-progress" data-testid="aligned-progress">
          <span>
            {progress?.phase === 'aligning' ? 'Lining up both runs…' : 'Reading both runs…'} {progress ? pct(progress) : ''}
          </span>
          <button onClick={() => setStopped(true)}>Cancel</button>
        </div>
      ) : pairs.length === 0 || pair === null ? (
        <p className="empty">Neither run has events in a {by}.</p>
      ) : (
        <AlignedPairView
          key={`${a}/${b}/${pair}/${by}/${values}`}
          a={a}
          b={b}
          by={by}
          values={values}
          index={pair}
          pair={pairs[pair]}
          names={names}
        />
      )}
    </section>
  );
}
