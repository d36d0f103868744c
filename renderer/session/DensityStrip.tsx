// The whole recording at a glance: events per pixel column (the store's density query, answered from
// memory), the visible window as a brush, the playhead, and marks for the selected AST node or flow.
// Click to move the playhead; drag the brush to pan, its edges to resize; drag elsewhere to scrub.
import { useEffect, useRef } from 'react';
import { useServices } from '../state/context';
import { cssVar, fitCanvas } from './canvas';

type Drag = { kind: 'pan'; grabT: number; w0: number; w1: number } | { kind: 'edge'; side: 0 | 1 } | { kind: 'scrub' };

export function DensityStrip() {
  const { client, store } = useServices();
  const canvas = useRef<HTMLCanvasElement>(null);
  const counts = useRef<Uint32Array | null>(null);
  const marks = useRef<Uint32Array | null>(null);

  useEffect(() => {
    const el = canvas.current!;
    let frame = 0;
    const draw = () => {
      frame = 0;
      const s = store.getState();
      if (!s.session) return;
      const { ctx, width, height } = fitCanvas(el);
      const { t0, t1 } = s.session;
      const span = Math.max(1, t1 - t0);
      const x = (t: number) => ((t - t0) / span) * width;
      const c = counts.current;
      if (c && c.length > 0) {
        let max = 1;
        for (const v of c) if (v > max) max = v;
        ctx.fillStyle = cssVar(el, '--density', '#5b7bb5');
        const w = width / c.length;
        for (let i = 0; i < c.length; i++) {
          if (c[i] === 0) continue;
          const h = Math.max(1, Math.sqrt(c[i] / max) * (height - 6));
          ctx.fillRect(i * w, height - h, Math.max(1, w), h);
        }
      }
      const m = marks.current;
      if (m) {
        ctx.fillStyle = cssVar(el, '--mark', '#e0812f');
        const w = width / m.length;
        for (let i = 0; i < m.length; i++) if (m[i] > 0) ctx.fillRect(i * w, 0, Math.max(2, w), 4);
      }
      const [w0, w1] = s.window;
      ctx.fillStyle = cssVar(el, '--brush', 'rgba(80,120,200,.18)');
      ctx.strokeStyle = cssVar(el, '--brush-edge', '#4b6fb0');
      const bx = x(w0);
      const bw = Math.max(2, x(w1) - bx);
      ctx.fillRect(bx, 0, bw, height);
      ctx.strokeRect(bx + 0.5, 0.5, bw - 1, height - 1);
      ctx.fillStyle = cssVar(el, '--playhead', '#d33');
      ctx.fillRect(Math.round(x(s.playhead)) - 1, 0, 2, height);
    };
    const schedule = () => void (frame ||= requestAnimationFrame(draw));
    const unsub = store.subscribe((s, prev) => {
      if (s.window !== prev.window || s.playhead !== prev.playhead || s.session !== prev.session) schedule();
    });
    // Counts per pixel column of the whole session, fetched again when the strip's width changes.
    let fetched = '';
    let markKey = '';
    const refresh = () => {
      const s = store.getState();
      if (!s.session) return;
      const buckets = Math.max(1, Math.min(4096, Math.floor(el.clientWidth)));
      const { id } = s.session.info;
      const countsKey = `${id}:${s.session.t0}:${s.session.t1}:${buckets}`;
      if (countsKey !== fetched) {
        fetched = countsKey;
        void client.call('session.density', { session: id, start: s.session.t0, end: s.session.t1, buckets }).then((r) => {
          counts.current = r.counts;
          schedule();
        });
      }
      const key = `${countsKey}:${s.selectedAst}:${s.selectedCorrelation}`;
      if (key !== markKey) {
        markKey = key;
        const filter =
          s.selectedAst !== null
            ? { astNodeId: s.selectedAst }
            : s.selectedCorrelation !== null
              ? { correlationId: s.selectedCorrelation }
              : null;
        const { t0, t1 } = s.session;
        if (!filter) marks.current = null;
        // Marks wait a moment: the events list's first rows are asked for first.
        else
          setTimeout(() => {
            if (key !== markKey) return;
            void client.call('session.density', { session: id, start: t0, end: t1, buckets, ...filter }).then((r) => {
              if (key !== markKey) return;
              marks.current = r.counts;
              schedule();
            });
          }, 60);
        schedule();
      }
    };
    const unsubMarks = store.subscribe((s, prev) => {
      if (s.selectedAst !== prev.selectedAst || s.selectedCorrelation !== prev.selectedCorrelation || s.session !== prev.session) refresh();
    });
    const resize = new ResizeObserver(() => {
      refresh();
      schedule();
    });
    resize.observe(el);
    refresh();
    schedule();
    return () => {
      unsub();
      unsubMarks();
      resize.disconnect();
      cancelAnimationFrame(frame);
    };
  }, [client, store]);

  // Pointer gestures: times from pixels over the whole session.
  const drag = useRef<Drag | null>(null);
  const timeAt = (clientX: number) => {
    const s = store.getState();
    const r = canvas.current!.getBoundingClientRect();
    const { t0, t1 } = s.session!;
    return t0 + ((clientX - r.left) / Math.max(1, r.width)) * (t1 - t0);
  };
  const onPointerDown = (e: React.PointerEvent) => {
    const s = store.getState();
    if (!s.session) return;
    canvas.current!.setPointerCapture(e.pointerId);
    const t = timeAt(e.clientX);
    const [w0, w1] = s.window;
    const pxPerUnit = canvas.current!.clientWidth / Math.max(1, s.session.t1 - s.session.t0);
    const near = (a: number) => Math.abs(a - t) * pxPerUnit < 5;
    if (near(w0)) drag.current = { kind: 'edge', side: 0 };
    else if (near(w1)) drag.current = { kind: 'edge', side: 1 };
    else if (t > w0 && t < w1 && (w1 - w0) * pxPerUnit > 12) drag.current = { kind: 'pan', grabT: t, w0, w1 };
    else {
      drag.current = { kind: 'scrub' };
      s.seek(t);
    }
  };
  const onPointerMove = (e: React.PointerEvent) => {
    const d = drag.current;
    if (!d) return;
    const s = store.getState();
    const { t0, t1 } = s.session!;
    const t = timeAt(e.clientX);
    if (d.kind === 'scrub') s.seek(t);
    else if (d.kind === 'edge') {
      const [w0, w1] = s.window;
      if (d.side === 0) s.setWindow(Math.max(t0, Math.min(t, w1 - 1)), w1);
      else s.setWindow(w0, Math.min(t1, Math.max(t, w0 + 1)));
    } else {
      const width = d.w1 - d.w0;
      const from = Math.min(Math.max(t0, d.w0 + (t - d.grabT)), Math.max(t0, t1 - width));
      s.setWindow(from, from + width);
    }
  };
  const onPointerUp = (e: React.PointerEvent) => {
    const d = drag.current;
    drag.current = null;
    const s = store.getState();
    if (d?.kind === 'scrub') s.seek(timeAt(e.clientX), true);
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
