// What every canvas of the session view does the same way: follow its box's width, and redraw from
// the app store at most once a frame when the window, the playhead or the session change (never
// through React, which would re-render on every frame of a drag).
import { type RefObject, useEffect, useState } from 'react';
import type { AppState, AppStore } from '../../state/app-store';

/** The element's width in CSS pixels, kept current as it resizes (0 until measured). */
export function useWidth(ref: RefObject<HTMLElement | null>): number {
  const [width, setWidth] = useState(0);
  useEffect(() => {
    const el = ref.current!;
    const resize = new ResizeObserver(() => setWidth(el.clientWidth));
    resize.observe(el);
    return () => resize.disconnect();
  }, [ref]);
  return width;
}

/** Calls `draw` now and after every change of the window, playhead or session, once a frame at most. */
export function useFrameDrawing(store: AppStore, draw: (s: AppState) => void): void {
  useEffect(() => {
    let frame = 0;
    const run = () => {
      frame = 0;
      draw(store.getState());
    };
    const schedule = () => void (frame ||= requestAnimationFrame(run));
    const unsub = store.subscribe((s, prev) => {
      if (s.window !== prev.window || s.playhead !== prev.playhead || s.session !== prev.session) schedule();
    });
    schedule();
    return () => {
      unsub();
      cancelAnimationFrame(frame);
    };
  }, [store, draw]);
}
