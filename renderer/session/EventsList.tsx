// The events list: the current filter's events (the visible window, an AST node, a flow, or a
// search), virtualized and fetched a page at a time as you scroll, with the exact total. Click a
// row to select the event and move the playhead to it.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { StoredEvent } from '../../src/event';
import type { CursorWire, PageWire } from '../../src/rpc/contract';
import { formatOffset } from '../time-format';
import type { EventsFilter } from '../state/app-store';
import { useApp, useServices } from '../state/context';
import { describeEvent, eventType } from './describe';
import { VirtualList } from './VirtualList';

const PAGE = 200;

interface Loaded {
  key: string;
  rows: StoredEvent[];
  next: CursorWire | null;
  total: number | null;
  error: string | null;
  loading: boolean;
}

function filterKey(f: EventsFilter, win: [number, number]): string {
  return f.kind === 'window' ? `w:${Math.floor(win[0])}:${Math.ceil(win[1])}` : JSON.stringify(f);
}

export function EventsList() {
  const { client } = useServices();
  const session = useApp((s) => s.session)!;
  const filter = useApp((s) => s.filter);
  const setFilter = useApp((s) => s.setFilter);
  const selectAst = useApp((s) => s.selectAst);
  const selected = useApp((s) => s.selectedEvent);
  const selectEvent = useApp((s) => s.selectEvent);
  const liveWindow = useApp((s) => s.window);
  // The window filter follows the timeline once it rests, not every frame of a zoom.
  const [win, setWin] = useState(liveWindow);
  useEffect(() => {
    const t = setTimeout(() => setWin(liveWindow), 200);
    return () => clearTimeout(t);
  }, [liveWindow]);
  const sid = session.info.id;
  const key = filterKey(filter, win);
  const [state, setState] = useState<Loaded>({ key: '', rows: [], next: null, total: null, error: null, loading: false });
  const inflight = useRef<AbortController | null>(null);

  const fetchPage = useCallback(
    (after: CursorWire | null, signal: AbortSignal): Promise<PageWire & { total?: number }> => {
      const opts = { signal };
      switch (filter.kind) {
        case 'ast':
          return client.call('events.astNode', { session: sid, astNodeId: filter.astNodeId, limit: PAGE, after }, opts);
        case 'correlation':
          return client.call('events.correlation', { session: sid, correlationId: filter.correlationId, limit: PAGE, after }, opts);
        case 'search':
          return client.call(
            'events.search',
            { session: sid, query: filter.query, regex: filter.regex, ignoreCase: !filter.regex, limit: PAGE, after },
            opts,
          );
        default:
          return client.call('events.range', { session: sid, start: Math.floor(win[0]), end: Math.ceil(win[1]), limit: PAGE, after }, opts);
      }
    },
    [client, sid, filter, win],
  );

  const countAll = useCallback(
    (signal: AbortSignal): Promise<number | null> => {
      const base = { session: sid, buckets: 1 };
      const whole = { start: session.t0, end: session.t1 };
      const one = (r: { counts: Uint32Array }) => r.counts[0];
      if (filter.kind === 'ast')
        return client.call('session.density', { ...base, ...whole, astNodeId: filter.astNodeId }, { signal }).then(one);
      if (filter.kind === 'correlation')
        return client.call('session.density', { ...base, ...whole, correlationId: filter.correlationId }, { signal }).then(one);
      if (filter.kind === 'window')
        return client.call('session.density', { ...base, start: Math.floor(win[0]), end: Math.ceil(win[1]) }, { signal }).then(one);
      return Promise.resolve(null); // a search reports its own total
    },
    [client, sid, filter, win, session.t0, session.t1],
  );

  // A new filter: first page and the total.
  useEffect(() => {
    inflight.current?.abort();
    const c = new AbortController();
    inflight.current = c;
    setState({ key, rows: [], next: null, total: null, error: null, loading: true });
    // The first rows first, then the total: one store process answers both, in the order asked.
    fetchPage(null, c.signal)
      .then((page) => {
        if (c.signal.aborted) return;
        setState({ key, rows: page.events, next: page.next, total: page.total ?? null, error: null, loading: false });
        return countAll(c.signal).then(
          (total) => !c.signal.aborted && total !== null && setState((s) => (s.key === key ? { ...s, total } : s)),
        );
      })
      .catch((err: Error) => !c.signal.aborted && setState((s) => ({ ...s, error: err.message, loading: false })));
    return () => c.abort();
  }, [key, fetchPage, countAll]);

  const more = useCallback(() => {
    if (state.loading || state.next === null || state.key !== key) return;
    const c = new AbortController();
    inflight.current = c;
    setState((s) => ({ ...s, loading: true }));
    fetchPage(state.next, c.signal).then(
      (page) =>
        !c.signal.aborted &&
        setState((s) => (s.key === key ? { ...s, rows: s.rows.concat(page.events), next: page.next, loading: false } : s)),
      (err: Error) => !c.signal.aborted && setState((s) => ({ ...s, error: err.message, loading: false })),
    );
  }, [state.loading, state.next, state.key, key, fetchPage]);

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
        onNearEnd={more}
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
