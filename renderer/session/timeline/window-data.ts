// Fetching what the detail timeline shows for a window (Perfetto's tracks do the same): the store
// says how many events the window holds, and the level of detail follows (windowing.ts): the single
// events when few, else power-of-two count buckets. Only fetching here; items.ts turns the answer
// into what vis draws.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { StoredEvent } from '../../../src/event';
import type { RpcClient } from '../../../src/rpc/client';
import { useServices } from '../../state/context';
import { MAX_SINGLE, planWindow } from './windowing';

/** What a window holds, at the level of detail chosen for it. */
export type WindowData =
  | { mode: 'events'; window: [number, number]; events: StoredEvent[] }
  | { mode: 'buckets'; window: [number, number]; start: number; size: number; counts: Uint32Array };

/** Asks the store for window [a, b] of a session starting at t0. */
export async function fetchWindow(client: RpcClient, session: string, t0: number, [a, b]: [number, number]): Promise<WindowData> {
  const start = Math.floor(a);
  const end = Math.ceil(b);
  const inWindow = (await client.call('session.density', { session, start, end, buckets: 1 })).counts[0];
  const plan = planWindow(t0, start, end, inWindow);
  if (plan.mode === 'events') {
    const page = await client.call('events.range', { session, start, end, limit: MAX_SINGLE });
    return { mode: 'events', window: [start, end], events: page.events };
  }
  const { counts } = await client.call('session.density', {
    session,
    start: plan.start,
    end: plan.start + plan.count * plan.size - 1,
    buckets: plan.count,
  });
  return { mode: 'buckets', window: [start, end], start: plan.start, size: plan.size, counts };
}

/**
 * The latest data for the store's window, fetched when `request()` is called (vis says a pan or
 * zoom came to rest, or the window moved elsewhere). One fetch at a time: a request while one runs
 * asks for exactly one more after it, never a queue.
 */
export function useWindowData(session: { id: string; t0: number } | null): { data: WindowData | null; request: () => void } {
  const { client, store } = useServices();
  const [data, setData] = useState<WindowData | null>(null);
  const scheduler = useRef<(() => void) | null>(null);
  const id = session?.id ?? null;
  const t0 = session?.t0 ?? 0;
  useEffect(() => {
    if (id === null) return;
    let running = false;
    let again = false;
    let disposed = false;
    const run = () => {
      if (running) {
        again = true;
        return;
      }
      running = true;
      fetchWindow(client, id, t0, store.getState().window)
        .then((d) => !disposed && setData(d))
        .catch(() => {}) // the next request tries again; a closed session has nothing to show
        .finally(() => {
          running = false;
          if (again && !disposed) {
            again = false;
            run();
          }
        });
    };
    scheduler.current = run;
    run();
    return () => {
      disposed = true;
      scheduler.current = null;
    };
  }, [client, store, id, t0]);
  const request = useCallback(() => scheduler.current?.(), []);
  return { data, request };
}
