// Moving through time: stepping event by event (optionally within the selected AST node or flow),
// zooming and panning the visible window, and fitting the whole recording.
import type { RpcClient } from '../../src/rpc/client';
import type { AppStore } from '../state/app-store';

/** Selects the next or previous event; `within` limits it to the selected AST node or flow. */
export async function step(client: RpcClient, store: AppStore, direction: 'next' | 'prev', within = false): Promise<boolean> {
  const s = store.getState();
  if (!s.session) return false;
  const e = s.selectedEvent;
  // From the selected event when the playhead is on it (ties keep their order), else from the playhead.
  const from =
    e && e.timestamp === s.playhead ? { ts: e.timestamp, seq: Number(e.event_id) } : direction === 'next' ? s.playhead : s.playhead;
  const filter = within
    ? s.selectedAst !== null
      ? { astNodeId: s.selectedAst }
      : s.selectedCorrelation !== null
        ? { correlationId: s.selectedCorrelation }
        : {}
    : {};
  const r = await client.call('events.step', { session: s.session.info.id, from, direction, ...filter });
  if (!r.event) return false;
  store.getState().selectEvent(r.event);
  keepInView(store, r.event.timestamp);
  return true;
}

/** Pans the window (keeping its width) so that `t` is inside it. */
export function keepInView(store: AppStore, t: number): void {
  const s = store.getState();
  const [a, b] = s.window;
  if (t >= a && t <= b) return;
  const w = b - a;
  s.setWindow(t - w / 2, t + w / 2);
}

/** Zooms around the playhead (or the window's centre when it is out of view) by `factor` (< 1 zooms in). */
export function zoom(store: AppStore, factor: number): void {
  const s = store.getState();
  if (!s.session) return;
  const [a, b] = s.window;
  const centre = s.playhead >= a && s.playhead <= b ? s.playhead : (a + b) / 2;
  const full = Math.max(1, s.session.t1 - s.session.t0);
  const width = Math.min(full * 1.04, Math.max(10, (b - a) * factor));
  const ratio = (centre - a) / Math.max(1, b - a);
  s.setWindow(centre - width * ratio, centre + width * (1 - ratio));
}

/** Pans by a fraction of the window's width (negative: back in time). */
export function pan(store: AppStore, fraction: number): void {
  const s = store.getState();
  const [a, b] = s.window;
  const d = (b - a) * fraction;
  s.setWindow(a + d, b + d);
}

export function fit(store: AppStore): void {
  const s = store.getState();
  if (s.session) s.setWindow(s.session.t0, Math.max(s.session.t1, s.session.t0 + 1));
}
