// The first divergence of two runs: found by the store host walking both in order (progress,
// cancellable), shown as the two events where they part, what changed after (the edit script in
// words), the path they shared before, both call stacks at that moment, and the two sequences
// stacked and aligned around it. Clicking the divergence opens run A at its diverging event.
import { useEffect, useMemo, useState } from 'react';
import type { Divergence } from '../../src/cinema/divergence';
import type { StoredEvent } from '../../src/event';
import { useApp, useServices } from '../state/context';
import { useQuery } from '../state/use-query';
import { callName, describeEvent, laneOf } from '../session/describe';
import { alignColumns, describeEdits } from './alignment';
import { AlignmentStrip } from './AlignmentStrip';

interface Props {
  a: string;
  b: string;
  names: { a: string; b: string };
  /** How the runs are matched and compared (the compare view keeps it: the aligned runs use it too). */
  by: 'process' | 'flow';
  values: boolean;
  onMatch(by: 'process' | 'flow', values: boolean): void;
  /** The walk's answer once it has one (null: the runs never differ). */
  onSettled(d: Divergence | null): void;
}

export function DivergencePanel({ a, b, names, by, values, onMatch, onSettled }: Props) {
  const { client } = useServices();
  const openSession = useApp((s) => s.openSession);
  const selectEvent = useApp((s) => s.selectEvent);
  const [stopped, setStopped] = useState(false);
  const setBy = (v: 'process' | 'flow') => onMatch(v, values);
  const setValues = (v: boolean) => onMatch(by, v);
  const [progress, setProgress] = useState<{ readA: number; totalA: number; readB: number; totalB: number } | null>(null);
  useEffect(() => client.on('compare.progress', (p) => p.a === a && p.b === b && setProgress(p)), [client, a, b]);
  const walk = useQuery(stopped ? null : (signal) => client.call('compare.divergence', { a, b, by, values }, { signal }), [
    a,
    b,
    by,
    values,
    stopped,
  ]);
  const d = walk.data?.divergence;
  const settled = !walk.loading && walk.data !== undefined;
  useEffect(() => {
    if (settled) onSettled(d ?? null);
    // onSettled is the parent's setter; the answer is what changes.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [settled, d]);

  const jump = async (div: Divergence) => {
    const target = div.a.event ?? div.a.before.at(-1) ?? null;
    await openSession(a);
    if (target) selectEvent(target);
  };

  return (
    <section className="panel divergence" aria-label="First divergence">
      <header className="panel-head">
        <h2>First divergence</h2>
        <label className="hint">
          per{' '}
          <select value={by} onChange={(e) => (setBy(e.target.value as 'process' | 'flow'), setStopped(false))} aria-label="Match runs by">
            <option value="process">process</option>
            <option value="flow">flow</option>
          </select>
        </label>
        <label className="hint">
          <input type="checkbox" checked={values} onChange={(e) => (setValues(e.target.checked), setStopped(false))} /> compare values
        </label>
      </header>
      {stopped ? (
        <p className="empty">
          Stopped. <button onClick={() => setStopped(false)}>Look again</button>
        </p>
      ) : walk.loading ? (
        <div className="divergence-progress" data-testid="divergence-progress">
          <span>
            Reading both runs in order…{' '}
            {progress ? `${Math.round((100 * (progress.readA + progress.readB)) / Math.max(1, progress.totalA + progress.totalB))}%` : ''}
          </span>
          <button onClick={() => setStopped(true)}>Cancel</button>
        </div>
      ) : walk.error ? (
        <p className="error-text">{walk.error}</p>
      ) : !d ? (
        <p className="empty" data-testid="no-divergence">
          The two runs never differ ({by === 'process' ? 'per process' : 'per flow'}, by AST node and event type
          {values ? ' and values' : ''}).
        </p>
      ) : (
        <Found d={d} names={names} onJump={() => void jump(d)} a={a} b={b} />
      )}
    </section>
  );
}

function Found({ d, names, onJump, a, b }: { d: Divergence; names: { a: string; b: string }; onJump(): void; a: string; b: string }) {
  const columns = useMemo(() => alignColumns(d.a.before, d.a.after, d.b.after, d.edits), [d]);
  const side = (e: StoredEvent | null, ended: string) => (e ? describeEvent(e) : ended);
  return (
    <div className="divergence-body">
      <button
        className="first-divergence"
        data-testid="first-divergence"
        data-event-a={d.a.event?.event_id ?? ''}
        data-event-b={d.b.event?.event_id ?? ''}
        onClick={onJump}
        title={`Open ${names.a} at its diverging event`}
      >
        <span className="where">
          event {(d.index + 1).toLocaleString()} of {d.by === 'process' ? 'process' : 'flow'} {d.a.key}
          {d.b.key !== d.a.key ? ` (${d.b.key} in B)` : ''}
        </span>
        <span className="side">
          <b>A</b> {side(d.a.event, `${names.a} ends here`)}
        </span>
        <span className="side">
          <b>B</b> {side(d.b.event, `${names.b} ends here`)}
        </span>
      </button>
      <p className="hint" data-testid="divergence-edits">
        {describeEdits(d.edits)}
      </p>
      <AlignmentStrip columns={columns} common={d.a.before.length} />
      <div className="divergence-columns">
        <div>
          <h3>Shared path before it</h3>
          <ol className="common-path">
            {d.a.before.map((e) => (
              <li key={e.event_id}>{describeEvent(e)}</li>
            ))}
          </ol>
        </div>
        <Stack session={a} event={d.a.event ?? d.a.before.at(-1) ?? null} label="Call stack in A" />
        <Stack session={b} event={d.b.event ?? d.b.before.at(-1) ?? null} label="Call stack in B" />
      </div>
    </div>
  );
}

function Stack({ session, event, label }: { session: string; event: StoredEvent | null; label: string }) {
  const { client } = useServices();
  const state = useQuery(event ? (signal) => client.call('session.stateAt', { session, t: event.timestamp }, { signal }) : null, [
    session,
    event?.event_id,
  ]);
  const lane = event ? laneOf(event) : null;
  const frames = state.data?.processes.find((p) => p.pid === lane)?.stack ?? [];
  return (
    <div>
      <h3>{label}</h3>
      {frames.length === 0 ? (
        <p className="empty">{state.loading ? '…' : 'no calls open'}</p>
      ) : (
        <ol className="stack" data-testid="divergence-stack">
          {[...frames].reverse().map((f) => (
            <li key={f.event_id}>{callName(f.module, f.function, f.arity)}</li>
          ))}
        </ol>
      )}
    </div>
  );
}
