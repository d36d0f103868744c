// The events list: the current filter's events (the visible window, an AST node, a flow, or a
// search), virtualized and fetched a page at a time as you scroll, with the exact total. Click a
// row to select the event and move the playhead to it.
import { useEffect, useState } from 'react';
import { formatOffset } from '../../time-format';
import { useApp } from '../../state/context';
import { selectionSelectors } from '../../state/slices/selection';
import { sessionSelectors } from '../../state/slices/session';
import { viewSelectors } from '../../state/slices/view';
import { describeEvent, eventType } from '../describe';
import { VirtualList } from '../VirtualList';
import { useEventPages } from './event-pages';

export function EventsList() {
  const session = useApp(sessionSelectors.session)!;
  const filter = useApp(selectionSelectors.filter);
  const setFilter = useApp((s) => s.setFilter);
  const selectAst = useApp((s) => s.selectAst);
  const selected = useApp(selectionSelectors.event);
  const selectEvent = useApp((s) => s.selectEvent);
  const liveWindow = useApp(viewSelectors.window);
  // The window filter follows the timeline once it rests, not every frame of a zoom.
  const [win, setWin] = useState(liveWindow);
  useEffect(() => {
    const t = setTimeout(() => setWin(liveWindow), 200);
    return () => clearTimeout(t);
  }, [liveWindow]);
  const state = useEventPages(session.info.id, filter, win, [session.t0, session.t1]);

  const title =
    filter.kind === 'ast'
      ? `Events of ${session.extras.ast.find((n) => n.id === filter.astNodeId)?.name ?? filter.astNodeId}`
      : filter.kind === 'correlation'
        ? `Events of flow ${filter.correlationId}`
        : filter.kind === 'search'
          ? `Matches of ${filter.regex ? `/${filter.query}/` : `"${filter.query}"`}`
          : 'Events in view';
  const selectedIndex = selected ? state.rows.findIndex((e) => e.event_id === selected.event_id) : -1;

  return (
    <section className="panel events-panel" aria-label="Events">
      <header className="panel-head">
        <h2>{title}</h2>
        <span className="total" data-testid="events-total">
          {state.total === null ? '…' : state.total.toLocaleString()}
        </span>
        {filter.kind !== 'window' && (
          <button
            className="small"
            onClick={() => (filter.kind === 'ast' ? selectAst(null) : setFilter({ kind: 'window' }))}
            title="Show the events in view"
          >
            ✕
          </button>
        )}
      </header>
      {state.error && (
        <p className="message error" role="alert">
          {state.error}
        </p>
      )}
      <VirtualList
        count={state.rows.length}
        rowHeight={26}
        testId="events-list"
        label={title}
        scrollTo={selectedIndex}
        onNearEnd={state.more}
        row={(i) => {
          const e = state.rows[i];
          return (
            <div
              className={`event-row${e.event_id === selected?.event_id ? ' selected' : ''}`}
              data-testid="event-row"
              data-event-id={e.event_id}
              onClick={() => selectEvent(e)}
              title={describeEvent(e)}
            >
              <span className="when">{formatOffset(e.timestamp - session.t0, session.info.time_unit)}</span>
              <span className={`type ev-${eventType(e)}`}>{eventType(e).replace(/_/g, ' ')}</span>
              <span className="what">{describeEvent(e)}</span>
            </div>
          );
        }}
      />
      {!state.loading && state.rows.length === 0 && !state.error && <p className="empty">No events.</p>}
    </section>
  );
}
