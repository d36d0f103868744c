// Playback. "Original timing" follows the recording's own clock (one second of recording a second,
// gaps and bursts as they happened). The 0.25x-16x speeds step event by event at 10 events a second
// times the speed, so dense and sparse stretches are equally watchable; the panels follow each step.
import type { RpcClient } from '../../src/rpc/client';
import type { AppStore } from '../state/app-store';
import { keepInView, step } from './navigation';

const UNITS_PER_MS = { ns: 1e6, us: 1e3, ms: 1 } as const;

/** Runs while the store says playing; returns a function that stops it. */
export function startPlayback(client: RpcClient, store: AppStore): () => void {
  let stopped = false;
  const s0 = store.getState();
  if (!s0.session) return () => {};
  if (s0.playhead >= s0.session.t1) s0.seek(s0.session.t0, true);
  if (s0.speed === 'original') {
    let last = performance.now();
    let lastSettle = last;
    let frame = 0;
    const tick = (now: number) => {
      if (stopped) return;
      const s = store.getState();
      const t = s.playhead + (now - last) * UNITS_PER_MS[s.session!.info.time_unit];
      last = now;
      const settle = now - lastSettle > 250 || t >= s.session!.t1;
      if (settle) lastSettle = now;
      s.seek(t, settle);
      keepInView(store, t);
      if (t >= s.session!.t1) s.setPlaying(false);
      else frame = requestAnimationFrame(tick);
    };
    frame = requestAnimationFrame(tick);
    return () => {
      stopped = true;
      cancelAnimationFrame(frame);
    };
  }
  let timer = 0;
  const next = async () => {
    if (stopped) return;
    const started = performance.now();
    const moved = await step(client, store, 'next').catch(() => false);
    if (stopped) return;
    if (!moved) {
      store.getState().setPlaying(false);
      return;
    }
    const speed = store.getState().speed;
    const interval = 100 / (speed === 'original' ? 1 : speed);
    timer = window.setTimeout(() => void next(), Math.max(0, interval - (performance.now() - started)));
  };
  void next();
  return () => {
    stopped = true;
    clearTimeout(timer);
  };
}
