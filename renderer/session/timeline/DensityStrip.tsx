// The whole recording at a glance: events per pixel column, the visible window as a brush, the
// playhead, and marks for the selected AST node or flow. Click to move the playhead; drag the brush
// to pan, its edges to resize; drag elsewhere to scrub. Data (density-data.ts), drawing
// (density-draw.ts) and gestures (brush.ts) are apart; drawing follows the store at most once a
// frame, never through React.
import { useCallback, useRef } from 'react';
import type { AppState } from '../../state/app-store';
import { useFrameDrawing, useWidth } from './canvas-hooks';
import { useApp, useServices } from '../../state/context';
import { selectionSelectors } from '../../state/slices/selection';
import { sessionSelectors } from '../../state/slices/session';
import { type Drag, dragTo, pressAt } from './brush';
import { useDensityData } from './density-data';
import { drawDensity } from './density-draw';

export function DensityStrip() {
  const { store } = useServices();
  const session = useApp(sessionSelectors.session);
  const ast = useApp(selectionSelectors.ast);
  const correlation = useApp(selectionSelectors.correlation);
  const canvas = useRef<HTMLCanvasElement>(null);
  const width = useWidth(canvas);
  const bounds = session ? { id: session.info.id, t0: session.t0, t1: session.t1 } : null;
  const data = useDensityData(bounds, Math.min(4096, Math.floor(width)), { ast, correlation });

  const draw = useCallback(
    (s: AppState) => {
      if (s.session && width >= 0)
        drawDensity(canvas.current!, { ...data, bounds: [s.session.t0, s.session.t1], window: s.window, playhead: s.playhead });
    },
    [data, width],
  );
  useFrameDrawing(store, draw);

  // Pointer gestures: times from pixels over the whole session.
  const drag = useRef<Drag | null>(null);
  const timeAt = (clientX: number, t0: number, t1: number) => {
    const r = canvas.current!.getBoundingClientRect();
    return t0 + ((clientX - r.left) / Math.max(1, r.width)) * (t1 - t0);
  };
  const onPointerDown = (e: React.PointerEvent) => {
    const s = store.getState();
    if (!s.session) return;
    canvas.current!.setPointerCapture(e.pointerId);
    const { t0, t1 } = s.session;
    const t = timeAt(e.clientX, t0, t1);
    drag.current = pressAt(t, s.window, canvas.current!.clientWidth / Math.max(1, t1 - t0));
    if (drag.current.kind === 'scrub') s.seek(t);
  };
  const onPointerMove = (e: React.PointerEvent) => {
    const d = drag.current;
    const s = store.getState();
    if (!d || !s.session) return;
    const { t0, t1 } = s.session;
    const to = dragTo(d, timeAt(e.clientX, t0, t1), s.window, [t0, t1]);
    if ('seek' in to) s.seek(to.seek);
    else s.setWindow(to.window[0], to.window[1]);
  };
  const onPointerUp = (e: React.PointerEvent) => {
    const d = drag.current;
    drag.current = null;
    const s = store.getState();
    if (d?.kind === 'scrub' && s.session) s.seek(timeAt(e.clientX, s.session.t0, s.session.t1), true);
  };

  return (
    <canvas
      ref={canvas}
      className="density-strip"
      data-testid="density-strip"
      aria-label="Events over the whole recording; drag to scrub or pan"
      onPointerDown={onPointerDown}
      onPointerMove={onPointerMove}
      onPointerUp={onPointerUp}
    />
  );
}
