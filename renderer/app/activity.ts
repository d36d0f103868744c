// Tells the store when the person is using the app, so its background work (merging a finished
// session's copy) waits for a pause in what they do, not only in what the UI asks: dragging the
// playhead asks the store little until it rests. At most one message per INTERVAL_MS.
import type { RpcClient } from '../../src/rpc/client';

const INTERVAL_MS = 200;
const EVENTS = ['pointerdown', 'pointermove', 'keydown', 'wheel'] as const;

/** Starts watching `target`; returns the function that stops. */
export function reportActivity(
  client: Pick<RpcClient, 'call'>,
  target: Pick<Window, 'addEventListener' | 'removeEventListener'>,
  now = () => Date.now(),
): () => void {
  let last = -Infinity;
  const seen = () => {
    const t = now();
    if (t - last < INTERVAL_MS) return;
    last = t;
    void client.call('store.active', {}).catch(() => {}); // a store reconnecting misses one: harmless
  };
  for (const e of EVENTS) target.addEventListener(e, seen, { passive: true, capture: true });
  return () => {
    for (const e of EVENTS) target.removeEventListener(e, seen, { capture: true });
  };
}
