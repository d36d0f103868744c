// Every flow of the session as a list, as a tracing tool lists its traces: what started it (a
// request, a test, a timer), when, how long it took and how many events it holds, sortable (the
// slowest request first) and filtered by its id (`http`, `test`, a process). Picking one selects its
// first event, and the flow panel follows it.
import { useState } from 'react';
import type { FlowSort, FlowWire } from '../../../src/rpc/contract';
import { formatOffset } from '../../time-format';
import { useApp, useServices } from '../../state/context';
import { sessionSelectors } from '../../state/slices/session';
import { useQuery } from '../../state/use-query';
import { describeEvent, flowName } from '../describe';

const PAGE = 200;
const SORTS: Array<{ value: FlowSort; label: string; descending: boolean }> = [
  { value: 'start', label: 'First started', descending: false },
  { value: 'duration', label: 'Longest', descending: true },
  { value: 'events', label: 'Most events', descending: true },
];

/** A recorded request's status, from its flow's latest event (its flow_end); null for other flows. */
function answeredWith(f: FlowWire): number | null {
  const d = f.last?.data as { type?: unknown; status?: unknown } | null | undefined;
  return d?.type === 'flow_end' && typeof d.status === 'number' ? d.status : null;
}

export function FlowsList() {
  const { client } = useServices();
  const session = useApp(sessionSelectors.session)!;
  const selectEvent = useApp((s) => s.selectEvent);
  const [sort, setSort] = useState<FlowSort>('start');
  const [match, setMatch] = useState('');
  const [shown, setShown] = useState(PAGE);
  const sid = session.info.id;
  const unit = session.info.time_unit;
  const descending = SORTS.find((s) => s.value === sort)!.descending;
  // Asked once the session is whole: while it imports, every batch would sum up and order every flow again.
  const list = useQuery(
    session.importing
      ? null
      : (signal) =>
          client.call('session.flows', { session: sid, sort, descending, offset: 0, limit: shown, match: match.trim() }, { signal }),
    [sid, sort, shown, match, session.importing, session.info.total_events],
  );
  const flows = list.data?.flows ?? [];
  const pick = (f: FlowWire) => f.first && selectEvent(f.first);

  return (
    <div className="flows-list" data-testid="flows-list">
      <div className="flows-controls">
        <select aria-label="Order flows" value={sort} onChange={(e) => (setSort(e.target.value as FlowSort), setShown(PAGE))}>
          {SORTS.map((s) => (
            <option key={s.value} value={s.value}>
              {s.label}
            </option>
          ))}
        </select>
        <input
          className="filter"
          placeholder="Filter by id (http, test, a process)"
          aria-label="Filter flows"
          value={match}
          onChange={(e) => (setMatch(e.target.value), setShown(PAGE))}
        />
        <span className="total" data-testid="flows-total">
          {list.data ? `${list.data.total.toLocaleString()} flows` : ''}
        </span>
      </div>
      {session.importing && <p className="empty">Flows are listed once the recording is imported.</p>}
      {list.error && <p className="empty">{list.error}</p>}
      {list.data && list.data.total === 0 && <p className="empty">{match ? 'No flow matches.' : 'This recording has no flows.'}</p>}
      {flows.length > 0 && (
        <div className="flow-row flow-head" aria-hidden="true">
          <span>Flow</span>
          <span className="num">Started</span>
          <span className="num">Took</span>
          <span className="num">Events</span>
        </div>
      )}
      <ol className="flows">
        {flows.map((f) => {
          // A recorded flow says what started it; another tool's (a trace's first span) is described as the events list does.
          const name = f.first ? (flowName(f.first) ?? describeEvent(f.first)) : null;
          const status = answeredWith(f);
          return (
            <li
              key={f.correlation_id}
              className="flow-row"
              data-testid="flow-row"
              data-correlation-id={f.correlation_id}
              onClick={() => pick(f)}
            >
              <span className="flow-label" title={f.correlation_id}>
                {name ?? f.correlation_id}
                {status !== null && (
                  <span className={`flow-status${status >= 400 ? ' bad' : ''}`} data-testid="flow-status">
                    {' '}
                    {status}
                  </span>
                )}
                {name && <span className="flow-id"> {f.correlation_id}</span>}
              </span>
              <span className="num">{formatOffset(f.start - session.t0, unit)}</span>
              <span className="num" data-testid="flow-duration">
                {formatOffset(f.end - f.start, unit)}
              </span>
              <span className="num">{f.events.toLocaleString()}</span>
            </li>
          );
        })}
      </ol>
      {list.data && flows.length < list.data.total && (
        <button className="small more" onClick={() => setShown((n) => n + PAGE)}>
          Show {Math.min(PAGE, list.data.total - flows.length).toLocaleString()} more
        </button>
      )}
    </div>
  );
}
