// The events list's data: the current filter's events (the visible window, an AST node, a flow,
// or a search) a page at a time, and the exact total. The first rows are asked for before the total:
// one store process answers both, in the order asked. A new filter cancels what the old one asked.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { StoredEvent } from '../../../src/event';
import type { RpcClient } from '../../../src/rpc/client';
import type { CursorWire, PageWire } from '../../../src/rpc/contract';
import type { EventsFilter } from '../../state/app-store';
import { useServices } from '../../state/context';

/** Rows asked for at a time. */
export const PAGE = 200;

export interface EventPages {
  rows: StoredEvent[];
  total: number | null;
  error: string | null;
  loading: boolean;
  /** Asks for the next page (nothing when one is on its way or none is left). */
  more(): void;
}

interface Loaded {
  key: string;
  rows: StoredEvent[];
  next: CursorWire | null;
  total: number | null;
  error: string | null;
  loading: boolean;
}

/** One key per distinct list: a window filter by its bounds, any other by its contents. */
export function filterKey(f: EventsFilter, win: [number, number]): string {
  return f.kind === 'window' ? `w:${Math.floor(win[0])}:${Math.ceil(win[1])}` : JSON.stringify(f);
}

/** A page of the filter's events after `after`. */
export function fetchPage(
  client: RpcClient,
  session: string,
  filter: EventsFilter,
  win: [number, number],
  after: CursorWire | null,
  signal: AbortSignal,
): Promise<PageWire & { total?: number }> {
  const opts = { signal };
  switch (filter.kind) {
    case 'ast':
      return client.call('events.astNode', { session, astNodeId: filter.astNodeId, limit: PAGE, after }, opts);
    case 'correlation':
      return client.call('events.correlation', { session, correlationId: filter.correlationId, limit: PAGE, after }, opts);
    case 'search':
      return client.call(
        'events.search',
        { session, query: filter.query, regex: filter.regex, ignoreCase: !filter.regex, limit: PAGE, after },
        opts,
      );
    default:
      return client.call('events.range', { session, start: Math.floor(win[0]), end: Math.ceil(win[1]), limit: PAGE, after }, opts);
  }
}

/** How many events the filter holds, from the store's density (a search reports its own total). */
export function countAll(
  client: RpcClient,
  session: string,
  filter: EventsFilter,
  win: [number, number],
  bounds: [number, number],
  signal: AbortSignal,
): Promise<number | null> {
  const base = { session, buckets: 1 };
  const whole = { start: bounds[0], end: bounds[1] };
  const one = (r: { counts: Uint32Array }) => r.counts[0];
  if (filter.kind === 'ast')
    return client.call('session.density', { ...base, ...whole, astNodeId: filter.astNodeId }, { signal }).then(one);
  if (filter.kind === 'correlation')
    return client.call('session.density', { ...base, ...whole, correlationId: filter.correlationId }, { signal }).then(one);
  if (filter.kind === 'window')
    return client.call('session.density', { ...base, start: Math.floor(win[0]), end: Math.ceil(win[1]) }, { signal }).then(one);
  return Promise.resolve(null);
}

export function useEventPages(session: string, filter: EventsFilter, win: [number, number], bounds: [number, number]): EventPages {
  const { client } = useServices();
  const key = filterKey(filter, win);
  const [state, setState] = useState<Loaded | null>(null);
  const inflight = useRef<AbortController | null>(null);
  // What a new key needs, kept for the effect: it runs when the key changes, not when these objects do.
  const ask = useRef({ filter, win, bounds });
  useEffect(() => {
    ask.current = { filter, win, bounds };
  });

  useEffect(() => {
    inflight.current?.abort();
    const c = new AbortController();
    inflight.current = c;
    const { filter: f, win: w, bounds: b } = ask.current;
    fetchPage(client, session, f, w, null, c.signal)
      .then((page) => {
        if (c.signal.aborted) return;
        setState({ key, rows: page.events, next: page.next, total: page.total ?? null, error: null, loading: false });
        return countAll(client, session, f, w, b, c.signal).then(
          (total) => !c.signal.aborted && total !== null && setState((s) => (s?.key === key ? { ...s, total } : s)),
        );
      })
      .catch((err: Error) => !c.signal.aborted && setState({ key, rows: [], next: null, total: null, error: err.message, loading: false }));
    return () => c.abort();
  }, [client, session, key]);

  const current = state?.key === key ? state : null;
  const more = useCallback(() => {
    if (!current || current.loading || current.next === null) return;
    const c = new AbortController();
    inflight.current = c;
    const { filter: f, win: w } = ask.current;
    setState({ ...current, loading: true });
    fetchPage(client, session, f, w, current.next, c.signal).then(
      (page) =>
        !c.signal.aborted &&
        setState((s) => (s?.key === key ? { ...s, rows: s.rows.concat(page.events), next: page.next, loading: false } : s)),
      (err: Error) => !c.signal.aborted && setState((s) => (s?.key === key ? { ...s, error: err.message, loading: false } : s)),
    );
  }, [client, session, key, current]);

  if (!current) return { rows: [], total: null, error: null, loading: true, more };
  return { rows: current.rows, total: current.total, error: current.error, loading: current.loading, more };
}
