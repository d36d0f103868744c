// The program at the playhead (where it came to rest): per process, the call stack, the variables
// and the latest state, from the store's checkpoints. Where calls name their parameters (Cinema's
// recorder), the variables are the running call's locals and what was set outside any call, as a
// debugger shows them; otherwise the latest value of each. Pin a time to see what changed since.
import { formatOffset } from '../../time-format';
import type { ProcessState } from '../../../src/cinema/state';
import { useApp, useServices } from '../../state/context';
import { selectionSelectors } from '../../state/slices/selection';
import { sessionSelectors } from '../../state/slices/session';
import { viewSelectors } from '../../state/slices/view';
import { useQuery } from '../../state/use-query';
import { valueText } from '../../../src/cinema/value-text';
import { callName, laneLabel } from '../describe';

const show = (v: unknown) => valueText(v, 120);

export function StatePanel() {
  const { client } = useServices();
  const session = useApp(sessionSelectors.session)!;
  const settled = useApp(viewSelectors.settled);
  const pinned = useApp(selectionSelectors.pinned);
  const pin = useApp((s) => s.pin);
  const selectAst = useApp((s) => s.selectAst);
  const sid = session.info.id;
  const now = useQuery((signal) => client.call('session.stateAt', { session: sid, t: settled }, { signal }), [sid, settled]);
  const then = useQuery(pinned === null ? null : (signal) => client.call('session.stateAt', { session: sid, t: pinned }, { signal }), [
    sid,
    pinned,
  ]);
  const before = new Map((then.data?.processes ?? []).map((p) => [p.pid, p]));
  const unit = session.info.time_unit;

  return (
    <section className="panel state" data-testid="state-panel" aria-label="Program state">
      <header className="panel-head">
        <h2>State at {formatOffset(settled - session.t0, unit)}</h2>
        {pinned === null ? (
          <button className="small" onClick={() => pin(settled)} title="Compare later moments with this one">
            Pin
          </button>
        ) : (
          <button className="small" onClick={() => pin(null)}>
            Unpin {formatOffset(pinned - session.t0, unit)}
          </button>
        )}
      </header>
      {now.error && <p className="message error">{now.error}</p>}
      <div className="processes">
        {(now.data?.processes ?? []).map((p) => (
          <Process
            key={p.pid}
            p={p}
            label={laneLabel(p.pid, session.info.lane_names)}
            before={pinned === null ? undefined : (before.get(p.pid) ?? null)}
            onNode={selectAst}
          />
        ))}
        {now.data && now.data.processes.length === 0 && <p className="empty">Nothing has happened yet at this moment.</p>}
      </div>
    </section>
  );
}

/** `before`: the process at the pinned time (null: it did not exist then; undefined: nothing pinned). */
function Process({
  p,
  label,
  before,
  onNode,
}: {
  p: ProcessState;
  /** The process (and thread) by the names the recording gave them. */
  label: string;
  before: ProcessState | null | undefined;
  onNode(id: string): void;
}) {
  const top = p.stack[p.stack.length - 1];
  // A recording whose calls name their parameters shows the running call's locals and what was set
  // outside any call, as a debugger does; others, the latest value of every variable.
  const scoped = p.scoped === true;
  // The same call at the pinned time, wherever it was on the stack (null: it was not open then).
  const topBefore = before && top ? (before.stack.find((f) => f.event_id === top.event_id)?.locals ?? null) : before && null;
  return (
    <div className="process">
      <h3>
        {label}
        {before === null && <span className="diff added"> new since pin</span>}
      </h3>
      <ol className="stack" aria-label="Call stack">
        {p.stack.length === 0 && <li className="empty">no calls open</li>}
        {[...p.stack].reverse().map((f, i) => (
          <li
            key={`${f.event_id}-${i}`}
            className="stack-frame"
            data-testid="stack-frame"
            onClick={() => f.ast_node_id && onNode(f.ast_node_id)}
          >
            {callName(f.module, f.function, f.arity)}
          </li>
        ))}
      </ol>
      {scoped && top?.locals && (
        <Variables caption={`in ${callName(top.module, top.function, top.arity)}`} scope="call" vars={top.locals} before={topBefore} />
      )}
      {scoped && p.toplevel && (
        <Variables
          caption="outside any recorded call"
          scope="toplevel"
          vars={p.toplevel}
          before={before === undefined ? undefined : (before?.toplevel ?? null)}
        />
      )}
      {!scoped && <Variables scope="latest" vars={p.variables} before={before === undefined ? undefined : (before?.variables ?? null)} />}
      {p.state !== null && p.state !== undefined && (
        <div className="latest-state">
          <span className="label">state</span> <code>{show(p.state)}</code>
          {before && JSON.stringify(before.state) !== JSON.stringify(p.state) && <span className="diff changed"> changed</span>}
        </div>
      )}
    </div>
  );
}

/**
 * A table of variables, each marked against the pinned time's `before` (undefined: nothing pinned;
 * null: none then, so every one is new).
 */
function Variables({
  caption,
  scope,
  vars,
  before,
}: {
  caption?: string;
  scope: string;
  vars: Record<string, unknown>;
  before: Record<string, unknown> | null | undefined;
}) {
  const entries = Object.entries(vars);
  const gone = before ? Object.keys(before).filter((k) => !(k in vars)) : [];
  if (entries.length === 0 && gone.length === 0) return null;
  const change = (k: string, v: unknown) => {
    if (before === undefined) return '';
    if (before === null || !(k in before)) return 'added';
    return JSON.stringify(before[k]) === JSON.stringify(v) ? '' : 'changed';
  };
  return (
    <table className="vars" data-scope={scope}>
      {caption && <caption>{caption}</caption>}
      <tbody>
        {entries.map(([k, v]) => (
          <tr key={k} className={`variable ${change(k, v)}`} data-testid="variable" data-name={k} data-scope={scope}>
            <th>{k}</th>
            <td>{show(v)}</td>
            <td className="diff">{change(k, v) === 'changed' && before ? `was ${show(before[k])}` : change(k, v)}</td>
          </tr>
        ))}
        {gone.map((k) => (
          <tr key={k} className="variable removed">
            <th>{k}</th>
            <td>—</td>
            <td className="diff">was {show(before![k])}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
